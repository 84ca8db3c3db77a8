// Generates platform manifests of a given size for the manifest bench and the size tests: valid
// for the manifest model (a long governance.policies list of policy definitions).
export function generateManifest(targetBytes: number): string {
  const lines = [
    'apiVersion: floe.dev/v1',
    'kind: Manifest',
    'metadata: {name: bench-platform, version: 1.0.0, owner: bench@acme.dev}',
    'plugins:',
    '  compute:',
    '    type: duckdb',
    '    config: {path: /data/bench.duckdb, threads: 8, extensions: [httpfs, iceberg]}',
    '  catalog: {type: polaris, version: "0.1.0", config: {uri: "http://polaris:8181/api/catalog", warehouse: demo}}',
    'governance:',
    '  policies:',
  ];
  let size = lines.join('\n').length;
  for (let i = 0; size < targetBytes; i++) {
    const l = `    - {name: policy-${i}, type: custom, action: warn, message: "team-${i % 17} retention-${i % 30}", config: {tags: [pii, gdpr], enabled: true}}`;
    lines.push(l);
    size += l.length + 1;
  }
  return lines.join('\n') + '\n';
}
