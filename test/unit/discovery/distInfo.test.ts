import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readDistInfo, parseMetadataHeaders, parseDistInfoFolderName, editableFromDirectUrl, pthFolders } from '../../../server/src/engine/discovery/distInfo';
import { MemoryFileSystem, NodeFileSystem } from '../../../server/src/engine/fs';
import { WS, r } from './helpers';

const SP = path.join(WS, '.venv', 'lib', 'python3.11', 'site-packages');

test('fixture dist-info: METADATA name/version, floe entry points, editable from direct_url.json and .pth', () => {
  const dir = path.join(SP, 'floe_x-1.0.dist-info');
  const info = readDistInfo(new NodeFileSystem(), dir, SP);
  assert.equal(info.dir, dir);
  assert.equal(info.distribution, 'floe-x');
  assert.equal(info.version, '1.0');
  assert.deepEqual(info.editableOf, ['/home/dev/floe-x', '/home/dev/floe-x/src']);
  const file = path.join(dir, 'entry_points.txt');
  assert.deepEqual(
    info.entryPoints.map((e) => [
      e.group,
      e.name,
      e.value,
      r(e.nameRange),
      r(e.valueRange),
      e.file,
      e.source,
      e.importRoots,
      e.distribution,
      e.distributionVersion,
    ]),
    [
      ['floe.computes', 'xcompute', 'floe_x.plugin:XCompute', '5:0-5:8', '5:11-5:33', file, 'installed', [SP], 'floe-x', '1.0'],
      ['floe.computes', 'spaced', 'floe_x.other:Other [extra1]', '6:0-6:6', '6:13-6:40', file, 'installed', [SP], 'floe-x', '1.0'],
    ],
  );
  assert.deepEqual(
    info.diagnostics.map((d) => `${d.code} ${r(d.range)}`),
    ['entry-points-syntax 7:0-7:19', 'entry-points-syntax 8:0-8:14', 'entry-points-syntax 12:0-12:10', 'entry-points-syntax 13:0-13:5'],
  );
});

test('no METADATA: name and version from the folder name; nothing editable', () => {
  const fs = new MemoryFileSystem({ '/sp/Foo.Bar-2.1.0.dist-info/RECORD': 'foo_bar/__init__.py,,\n' });
  const info = readDistInfo(fs, '/sp/Foo.Bar-2.1.0.dist-info', '/sp');
  assert.deepEqual(info, { dir: '/sp/Foo.Bar-2.1.0.dist-info', distribution: 'foo-bar', version: '2.1.0', entryPoints: [], diagnostics: [] });
});

test('oversized entry_points.txt is skipped with a file-skipped information', () => {
  const fs = new MemoryFileSystem({ '/sp/big-1.dist-info/entry_points.txt': '[floe.computes]\n' + 'x = m:C\n'.repeat(400) });
  const info = readDistInfo(fs, '/sp/big-1.dist-info', '/sp', { maxFileSize: 1024 });
  assert.deepEqual(info.entryPoints, []);
  assert.equal(info.diagnostics.length, 1);
  assert.equal(info.diagnostics[0].code, 'file-skipped');
  assert.equal(info.diagnostics[0].severity, 'information');
  assert.equal(info.diagnostics[0].file, '/sp/big-1.dist-info/entry_points.txt');
  assert.equal(info.diagnostics[0].message, 'entry_points.txt of big is 3.1 KiB, larger than the 1 KiB limit: not read.');
});

test('helpers: METADATA headers, folder names, direct_url.json, .pth lines', () => {
  assert.deepEqual(parseMetadataHeaders('Metadata-Version: 2.1\nName: a_b\nVersion: 3\n\nName: body'), { name: 'a_b', version: '3' });
  assert.deepEqual(parseMetadataHeaders(''), {});
  assert.deepEqual(parseDistInfoFolderName('x-1.0.dist-info'), { name: 'x', version: '1.0' });
  assert.deepEqual(parseDistInfoFolderName('x.dist-info'), { name: 'x' });
  assert.equal(editableFromDirectUrl('{"url":"file:///a/b","dir_info":{"editable":true}}'), '/a/b');
  assert.equal(editableFromDirectUrl('{"url":"file:///a/b","dir_info":{}}'), undefined);
  assert.equal(editableFromDirectUrl('{"url":"https://x/y.whl","dir_info":{"editable":true}}'), undefined);
  assert.equal(editableFromDirectUrl('not json'), undefined);
  assert.deepEqual(pthFolders('/abs/src\n# c\nimport x; x.go()\nrelative/path\n\n  /other  \n'), ['/abs/src', '/other']);
});
