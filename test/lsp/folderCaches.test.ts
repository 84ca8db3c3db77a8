// What the engine caches belongs to one workspace: a folder removed from the server and added
// again is analysed afresh, even when its files changed while it was out (the new workspace's
// file stamps start where the old one's did, so a cache shared between them would answer stale).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyFixture, LspClient, uri } from './harness';

test('a schema file changed while its folder was out of the workspace is read again when the folder comes back', async () => {
  const root = copyFixture('basic');
  const manifest = path.join(root, 'platform', 'manifest.yaml');
  fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace('threads: 8', 'threads: 100'));
  // The plugin's config schema as a JSON Schema file (found by its title, the model's name).
  const schema = path.join(root, 'packages', 'floe-duck', 'schemas', 'duck.schema.json');
  fs.mkdirSync(path.dirname(schema));
  fs.writeFileSync(
    schema,
    JSON.stringify(
      {
        title: 'DuckConfig',
        type: 'object',
        additionalProperties: false,
        properties: { threads: { type: 'integer', minimum: 1, maximum: 64 }, path: { type: 'string' } },
      },
      null,
      2,
    ),
  );
  const folder = { uri: uri(root), name: path.basename(root) };
  const tooMany = (d: Array<{ code?: unknown; message: string }>) =>
    d.some((x) => x.code === 'config-invalid' && /threads: must be ≤ 64 \(got 100\)/.test(x.message));
  const c = new LspClient();
  try {
    await c.initialize([root]);
    await c.waitDiagnostics(manifest, tooMany);

    void c.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder] } });
    await c.waitDiagnostics(manifest, (d) => d.length === 0);
    fs.writeFileSync(schema, fs.readFileSync(schema, 'utf8').replace('"maximum": 64', '"maximum": 200'));
    assert.match(fs.readFileSync(schema, 'utf8'), /"maximum": 200/);

    void c.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [folder], removed: [] } });
    const mark = c.notifications.length;
    await c.waitNotification('floe/status', (p) => p.state === 'ready' && p.folders === 1, mark);
    const list = (await c.request('floe/listPlugins', {})) as { folders: unknown[] };
    assert.equal(list.folders.length, 1);
    assert.ok(!tooMany(c.diagnostics.get(uri(manifest))!), JSON.stringify(c.diagnostics.get(uri(manifest))));
  } finally {
    await c.stop();
  }
});
