// The workspace finds floe-core's manifest model where the walk finds floe-core, keeps the
// translation between analyses, and validates manifests again when one of its files changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FloeWorkspace } from '../../../server/src/engine/analysis/floeWorkspace';
import { MemoryFileSystem } from '../../../server/src/engine/fs';
import { FIX, rangeOf } from './helpers';

const CORE = path.join(FIX, 'floe_core_src', 'floe_core');

test('a workspace with floe-core source: manifests follow its model, and a change to the model re-validates them', () => {
  const files: Record<string, string> = { '/ws/packages/floe-core/src/floe_core/__init__.py': '' };
  for (const f of fs.readdirSync(path.join(CORE, 'schemas')))
    files[`/ws/packages/floe-core/src/floe_core/schemas/${f}`] = fs.readFileSync(path.join(CORE, 'schemas', f), 'utf8');
  const manifest = 'apiVersion: floe.dev/v1\nkind: Manifest\nmetadata: {name: acme, version: 1.0.0, owner: ops@acme.dev}\nplugins: {}\nnotes: hi\n';
  files['/ws/platform/manifest.yaml'] = manifest;
  // A JSON Schema next to it, describing manifests, is not one.
  files['/ws/platform/manifest.schema.json'] = JSON.stringify({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    properties: { kind: { const: 'Manifest' } },
    examples: [{ apiVersion: 'floe.dev/v1', kind: 'Manifest' }],
  });
  const mem = new MemoryFileSystem(files);
  const ws = new FloeWorkspace('/ws', {}, mem);
  const first = ws.analyze();
  assert.deepEqual(
    first.manifests.map((m) => m.file),
    ['/ws/platform/manifest.yaml'],
  );
  const diags = () => ws.last!.diagnostics.filter((d) => d.file === '/ws/platform/manifest.yaml').map((d) => [d.code, d.message, d.range]);
  assert.deepEqual(diags(), [['manifest-warning', "ignoring unknown manifest keys: ['notes']", rangeOf(manifest, 'notes')]]);
  const meta = '/ws/packages/floe-core/src/floe_core/schemas/metadata.py';
  mem.write(meta, files[meta].replace('taken = {"system", "admin"}', 'taken = {"system", "admin", "acme"}'));
  ws.invalidate([meta]);
  ws.analyze();
  assert.deepEqual(diags(), [['manifest-invalid', "metadata.name: the name 'acme' is taken by the platform", rangeOf(manifest, 'acme')]]);
});
