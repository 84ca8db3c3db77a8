// Health targets from an analysis: the config a plugin gets is the one of the manifest selection
// whose category and `type:` (the entry-point name, as floe's registry looks it up) match it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { FloeWorkspace } from '../../server/src/engine/workspace';
import { healthTargets } from '../../server/src/engine/health/targets';
import type { HealthTarget } from '../../server/src/engine/health/types';
import { WORKSPACE } from './helpers';

const MANIFEST = path.join(WORKSPACE, 'manifest.yaml');
const analysis = new FloeWorkspace(WORKSPACE).analyze();

function target(entryPoint: string, read?: (f: string) => string | undefined): HealthTarget {
  const all = healthTargets(analysis, undefined, read).filter((t) => t.entryPoint === entryPoint);
  assert.equal(all.length, 1, entryPoint);
  return all[0];
}

function setup(t: HealthTarget): Partial<HealthTarget> {
  const { category, config, manifest, emptyConfig } = t;
  return { category, config, manifest, emptyConfig };
}

test('a selection gives its config, as written, to the plugin with that entry-point name in its category', () => {
  assert.deepEqual(setup(target('warehouse')), {
    category: 'catalog',
    config: { uri: 'https://polaris.internal/api/catalog', warehouse: 'main', auth: { client_id: 'floe' } },
    manifest: MANIFEST,
    emptyConfig: undefined,
  });
  // Invalid configs reach the runner too: it reports pydantic's field errors.
  assert.deepEqual(target('bad-warehouse').config, { uri: 'ftp://polaris.internal', warehouse: 'main', auth: {} });
  assert.deepEqual(target('configured').config, { host: 'warehouse.internal' }); // no defaults added: the plugin's model applies them
});

test("a selection naming the plugin's name instead of its entry-point name selects nothing, as in floe", () => {
  // storage: type: pool-storage; the plugin is registered as `pool`. Storage falls back to {}.
  assert.deepEqual(setup(target('pool')), { category: 'storage', config: undefined, manifest: undefined, emptyConfig: true });
});

test('without a manifest config: {} for catalog, storage, semantic and lineage plugins, nothing for the others', () => {
  assert.deepEqual(setup(target('lineage')), { category: 'lineage_backend', config: undefined, manifest: undefined, emptyConfig: true });
  // ingestion: selected without a config, which floe's runtime does not configure.
  assert.deepEqual(setup(target('ingest')), { category: 'ingestion', config: undefined, manifest: undefined, emptyConfig: undefined });
  assert.deepEqual(setup(target('healthy')), { category: 'compute', config: undefined, manifest: undefined, emptyConfig: undefined });
});

test('manifests are read through the given reader (the language server passes its open documents)', () => {
  const edited = (f: string) =>
    f === MANIFEST ? 'apiVersion: floe.dev/v1\nkind: Manifest\nplugins:\n  compute:\n    type: configured\n    config: {host: edited}\n' : undefined;
  // The analysis' selections say which categories are selected; the reader gives their config.
  assert.deepEqual(target('configured', edited).config, { host: 'edited' });
  assert.equal(target('warehouse', edited).config, undefined);
});
