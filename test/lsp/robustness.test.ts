// Protocol tests: bad input never kills the server; every custom method is documented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_METHODS } from '../../shared/protocol';
import { fork } from 'node:child_process';
import { createProtocolConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-languageserver-protocol/node';
import { copyFixture, LspClient, REPO, SERVER, uri } from './harness';

test('garbage requests and unknown URIs are answered without dying', async () => {
  const root = copyFixture('basic');
  const c = new LspClient();
  try {
    await c.initialize([root]);
    await c.ready();
    const unknown = 'file:///no/such/file.py';
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri: unknown }, position: { line: 0, character: 0 } }), null);
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri: 'untitled:Untitled-1' }, position: { line: 3, character: 1 } }), null);
    assert.equal(await c.request('textDocument/hover', {}), null);
    assert.deepEqual(await c.request('textDocument/definition', { textDocument: {}, position: 'x' }), []);
    assert.deepEqual(await c.request('textDocument/completion', { textDocument: { uri: 42 } }), []);
    assert.deepEqual(
      await c.request('textDocument/codeAction', {
        textDocument: { uri: unknown },
        range: null,
        context: { diagnostics: [{ source: 'floe', data: { fixes: 'nope' } }] },
      }),
      [],
    );
    assert.deepEqual(await c.request('textDocument/codeLens', { textDocument: { uri: unknown } }), []);
    // Out-of-range positions in a real file.
    const py = uri(path.join(root, 'packages/floe-duck/src/floe_duck/plugin.py'));
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri: py }, position: { line: 9999, character: -5 } }), null);
    assert.deepEqual(await c.request('floe/listPlugins', { folderUri: 17 }), { folders: [] });
    assert.equal((await c.request('floe/effectiveConfig', { manifestUri: 'not a uri' })).found, false);
    assert.match((await c.request('floe/scaffoldPlugin', { folderUri: null })).error, /file: URI/);
    assert.equal((await c.request('floe/runHealthChecks', { pluginIds: 'x' })).refused !== undefined, true);
    await assert.rejects(c.request('floe/noSuchMethod', {}), /Unhandled method|not found/i);
    // Notifications with garbage.
    void c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 12 }, null, { uri: 'http://x' }] });
    void c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///tmp/x.py', version: 1, text: 'def (:', languageId: 'python' } });
    void c.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: null });
    // Binary junk in a watched file.
    const junk = path.join(root, 'packages/floe-duck/src/floe_duck/plugin.py');
    fs.writeFileSync(junk, Buffer.from([0, 255, 254, 10, 99, 108, 97, 115, 115, 32, 0]));
    c.watched([[junk, 2]]);
    await c.waitDiagnostics(junk, (d) => d.some((x) => x.code === 'python-syntax' || x.code === 'unresolved-class'));
    // Still alive and answering.
    const list = await c.request('floe/listPlugins', {});
    assert.equal(list.folders.length, 1);
    assert.equal(c.exited, false);
  } finally {
    await c.stop();
  }
});

test('a client without configuration, progress or dynamic registration still gets diagnostics (rootUri only)', async () => {
  const root = copyFixture('cycle');
  const c = new LspClient();
  try {
    const res = (await c.conn.sendRequest('initialize', { processId: null, rootUri: uri(root), capabilities: {} })) as any;
    assert.equal(res.capabilities.codeLensProvider.resolveProvider, false);
    void c.conn.sendNotification('initialized', {});
    await c.ready();
    await c.waitDiagnostics(path.join(root, 'floe-a/src/floe_a/plugin.py'), (d) => d.length === 1);
    assert.equal(c.requests.length, 0, 'no server-to-client requests the client cannot handle');
  } finally {
    await c.stop();
  }
});

test('the server also speaks over node IPC', async () => {
  const root = copyFixture('cycle');
  const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const conn = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const published = new Map<string, unknown[]>();
  let done!: () => void;
  const got = new Promise<void>((r) => {
    done = r;
  });
  conn.onNotification('textDocument/publishDiagnostics', (p: any) => {
    published.set(p.uri, p.diagnostics);
    if (published.size === 3) done();
  });
  conn.listen();
  try {
    const res = (await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri(root),
      capabilities: {},
      workspaceFolders: [{ uri: uri(root), name: 'cycle' }],
    })) as any;
    assert.equal(res.serverInfo.name, 'floe-language-server');
    void conn.sendNotification('initialized', {});
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('no diagnostics over IPC')), 15000).unref());
    await Promise.race([got, timeout]);
    assert.deepEqual(
      [...published.keys()].sort(),
      ['a', 'b', 'c'].map((n) => uri(path.join(root, `floe-${n}/src/floe_${n}/plugin.py`))),
    );
    await conn.sendRequest('shutdown');
    void conn.sendNotification('exit');
  } finally {
    conn.dispose();
    child.kill();
  }
});

test('docs/protocol.md documents every custom method', () => {
  const doc = fs.readFileSync(path.join(REPO, 'docs', 'protocol.md'), 'utf8');
  for (const m of ALL_METHODS) assert.ok(doc.includes('`' + m + '`'), `${m} is documented`);
});
