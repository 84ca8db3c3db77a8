// The language server over a floe-shaped workspace: which floe-core is in use (status notification
// and one output line per change), the separately loaded network-security group in listPlugins and
// the plugin card, and unresolved floe_core imports published with the plugin's state.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { codes, FIXTURES, LspClient, uri } from './harness';

const made: string[] = [];
after(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

function copyPlatformWs(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'floe-lsp-platform-')));
  made.push(dir);
  fs.cpSync(path.join(FIXTURES, '..', 'platform', 'ws'), path.join(dir, 'ws'), { recursive: true });
  return path.join(dir, 'ws');
}

test('status and output name the floe-core in use; it follows the workspace and the interpreter', async () => {
  const root = copyPlatformWs();
  const core = path.join(root, 'packages', 'floe-core', 'src', 'floe_core');
  const c = new LspClient();
  try {
    await c.initialize([root]);
    const st = await c.ready();
    assert.deepEqual(st.floeCore, [{ folder: 'ws', path: core, version: '0.1.0' }]);
    const coreLines = () => c.logs().filter((l) => l.startsWith('ws: '));
    assert.deepEqual(coreLines(), [`ws: floe-core 0.1.0 from ${core}`]);

    // The workspace's floe-core goes away: the built-in table, said once.
    const mark = c.notifications.length;
    fs.rmSync(path.join(root, 'packages', 'floe-core'), { recursive: true });
    c.watched([[path.join(root, 'packages', 'floe-core'), 3]]);
    const st2 = await c.waitNotification('floe/status', (p) => p.state === 'ready' && p.floeCore?.[0] && !p.floeCore[0].path, mark);
    assert.deepEqual(st2.floeCore, [{ folder: 'ws' }]);
    assert.deepEqual(coreLines(), [`ws: floe-core 0.1.0 from ${core}`, 'ws: no floe-core found: the built-in table of plugin types is used']);

    // An interpreter chosen for the folder: its site-packages' floe-core is read.
    const venv = path.join(path.dirname(root), 'venv');
    const sp = path.join(venv, 'lib', 'python3.11', 'site-packages');
    fs.mkdirSync(path.join(venv, 'bin'), { recursive: true });
    fs.writeFileSync(path.join(venv, 'pyvenv.cfg'), 'home = /usr/bin\n');
    fs.writeFileSync(path.join(venv, 'bin', 'python'), '');
    fs.cpSync(path.join(FIXTURES, '..', 'platform', 'ws', 'packages', 'floe-core', 'src', 'floe_core'), path.join(sp, 'floe_core'), { recursive: true });
    const mark2 = c.notifications.length;
    c.settings.set(uri(root), { pythonInterpreter: path.join(venv, 'bin', 'python') });
    void c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const st3 = await c.waitNotification('floe/status', (p) => p.state === 'ready' && p.floeCore?.[0]?.path, mark2);
    assert.deepEqual(st3.floeCore, [{ folder: 'ws', path: path.join(sp, 'floe_core'), version: '0.1.0' }]);
    assert.equal(coreLines().at(-1), `ws: floe-core 0.1.0 from ${path.join(sp, 'floe_core')}`);
    assert.equal(coreLines().length, 3);
  } finally {
    await c.stop();
  }
});

test('network security is its own type, loaded outside the registry; an unresolved floe_core import is an error of its plugin', async () => {
  const root = copyPlatformWs();
  const c = new LspClient();
  try {
    await c.initialize([root]);
    await c.ready();
    const typo = path.join(root, 'plugins/floe-rbac-typo/src/floe_rbac_typo/plugin.py');
    const d = await c.waitDiagnostics(typo, (x) => codes(x).includes('unresolved-import'));
    const err = d.find((x) => x.code === 'unresolved-import' && x.severity === 1)!;
    assert.deepEqual(err.range, { start: { line: 4, character: 30 }, end: { line: 4, character: 40 } });
    assert.match(err.message, /^Cannot import name 'RbacPlugin' from 'floe_core\.plugins'/);

    const res = await c.request('floe/listPlugins', {});
    const types = res.folders[0].types;
    const net = types.find((t: any) => t.group === 'floe.network_security');
    assert.deepEqual(
      [net.label, net.abc, net.loadedBy, net.plugins.map((p: any) => [p.entryPoint, p.name, p.compatibility, p.state])],
      ['Network Security', 'NetworkSecurityPlugin', 'separate', [['k8s', 'k8s-network-security', 'unknown', 'ok']]],
    );
    const rbac = types.find((t: any) => t.group === 'floe.rbac');
    assert.deepEqual(
      rbac.plugins.map((p: any) => [p.entryPoint, p.state]),
      [
        ['k8s', 'warning'],
        ['typo', 'error'],
      ],
    );

    const cls = path.join(root, 'plugins/floe-network-security-k8s/src/floe_network_security_k8s/plugin.py');
    const h = await c.request('textDocument/hover', { textDocument: { uri: uri(cls) }, position: { line: 7, character: 8 } });
    assert.match(h.contents.value, /^\*\*Network Security\*\* plugin `k8s-network-security`/);
    assert.match(
      h.contents.value,
      /- Loaded outside the plugin registry: floe-core loads floe\.network_security plugins itself, eagerly and by entry-point name, creates them with no arguments and passes no config\n- API version: `2\.0` — not checked by floe for this group/,
    );
    const lenses = await c.request('textDocument/codeLens', { textDocument: { uri: uri(cls) } });
    assert.equal(lenses[0].command.title, 'network_security · k8s-network-security 0.1.0 · API 2.0 (not checked)');
  } finally {
    await c.stop();
  }
});
