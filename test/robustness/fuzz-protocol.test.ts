// Hostile JSON-RPC: every request and notification the server handles, first with odd but
// well-typed params (foreign and broken URIs, far-away positions, reversed ranges, huge texts,
// path-like names), then with values of the wrong JSON type; hostile settings are pulled through
// workspace/configuration in both. Every request is answered (a result, or a JSON-RPC error for
// params the protocol layer rejects), no handler throws, the server stays up and its diagnostics
// come back right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspClient, uri } from '../lsp/harness';
import { copyFixture, INTACT_EXPECTED, INTACT_PLUGIN } from './lib/fixture';
import { crashLogs } from './lib/serverFuzz';
import { Rng } from './lib/mutate';

const REQUESTS = [
  'textDocument/hover',
  'textDocument/definition',
  'textDocument/completion',
  'textDocument/codeAction',
  'textDocument/codeLens',
  'floe/listPlugins',
  'floe/dependencyOrder',
  'floe/effectiveConfig',
  'floe/scaffoldPlugin',
  'floe/runHealthChecks',
  'floe/verifyPlatform',
  'floe/contractTests',
];
/** Requests whose params come from a random stream of their own (the others' sequence stays as it was). */
const OWN_STREAM = new Set(['floe/verifyPlatform', 'floe/contractTests']);
const NOTIFICATIONS = [
  'textDocument/didOpen',
  'textDocument/didChange',
  'textDocument/didClose',
  'workspace/didChangeWatchedFiles',
  'workspace/didChangeConfiguration',
  'workspace/didChangeWorkspaceFolders',
];

/** Values that keep the protocol's types but are odd: foreign or broken URIs, far-away positions, odd names. */
function oddValues(root: string) {
  const file = path.join(root, INTACT_PLUGIN);
  return {
    uris: [
      'untitled:Untitled-1',
      'file:///%E0%A4%A',
      'file://server/share/x.py',
      'http://example.com/a.py',
      'file:///',
      'file:',
      '',
      uri(file),
      uri(root),
      uri(path.join(root, 'does/not/exist.py')),
      `${uri(file)}#frag?q=1`,
      uri(path.join(root, '..', 'outside.py')),
    ],
    positions: [
      { line: 0, character: 0 },
      { line: 2 ** 31 - 1, character: 2 ** 31 - 1 },
      { line: 3, character: 100_000 },
      { line: 100_000, character: 0 },
    ],
    strings: ['', '\0', '\uD800', 'é😀', '../../etc', 'a'.repeat(100_000), 'floe.computes', 'x:y', 'floe.computes:victim@packages/floe-victim/pyproject.toml'],
    texts: ['', '\0\0\0', 'x = (', '\uD800\uDC00\uD800', 'é'.repeat(200_000), '[project\n'.repeat(5000)],
  };
}

/** Values of the wrong JSON type where the protocol has a fixed shape. */
const WRONG: unknown[] = [
  null,
  0,
  -1,
  1.5,
  2 ** 53,
  true,
  [],
  [null],
  {},
  { uri: null },
  { uri: 42 },
  { line: -1, character: -1 },
  { line: 1.5, character: 'a' },
  { line: '3', character: null },
  'x',
  JSON.parse('['.repeat(1000) + ']'.repeat(1000)),
];

/** Params shaped like the real ones; `wrong` also puts values of the wrong type in. */
function params(method: string, root: string, rng: Rng, wrong: boolean): unknown {
  const o = oddValues(root);
  const w = <T>(ok: () => T): T | unknown => (wrong && rng.chance(0.35) ? rng.pick(WRONG) : ok());
  const file = path.join(root, rng.pick([INTACT_PLUGIN, 'packages/floe-victim/pyproject.toml', 'platform/manifest.yaml']));
  const u = () => (rng.chance(0.5) ? uri(file) : rng.pick(o.uris));
  const td = () => w(() => ({ uri: u() }));
  const pos = () => w(() => (rng.chance(0.5) ? { line: rng.int(20), character: rng.int(40) } : rng.pick(o.positions)));
  const range = () => w(() => ({ start: pos(), end: pos() }));
  const str = () => w(() => rng.pick(o.strings));
  if (wrong && rng.chance(0.1)) return rng.pick(WRONG);
  switch (method) {
    case 'textDocument/hover':
    case 'textDocument/definition':
    case 'textDocument/completion':
      return { textDocument: td(), position: pos() };
    case 'textDocument/codeAction':
      return {
        textDocument: td(),
        range: range(),
        context: w(() => ({
          diagnostics: rng.chance(0.5)
            ? []
            : [{ range: range(), message: str(), source: 'floe', data: w(() => ({ fixes: [{ title: 't', uri: u(), range: range(), newText: str() }] })) }],
          only: w(() => rng.pick([undefined, ['quickfix'], ['refactor'], ['']])),
        })),
      };
    case 'textDocument/codeLens':
      return { textDocument: td() };
    case 'floe/listPlugins':
    case 'floe/dependencyOrder':
      return { folderUri: w(() => (rng.chance(0.3) ? uri(root) : rng.pick(o.uris))) };
    case 'floe/effectiveConfig':
      return { pluginId: str(), manifestUri: w(() => (rng.chance(0.5) ? uri(path.join(root, 'platform/manifest.yaml')) : rng.pick(o.uris))), category: str() };
    case 'floe/scaffoldPlugin':
      return { folderUri: w(() => (rng.chance(0.5) ? uri(root) : rng.pick(o.uris))), group: str(), name: str() };
    case 'floe/runHealthChecks':
      return { folderUri: w(() => rng.pick(o.uris)), pluginIds: w(() => [str()]), lifecycle: w(() => rng.chance(0.5)) };
    case 'floe/verifyPlatform':
      return { folderUri: w(() => rng.pick(o.uris)), pluginIds: w(() => [str()]) };
    case 'floe/contractTests':
      return { pluginId: str() };
    case 'textDocument/didOpen':
      return {
        textDocument: w(() => ({ uri: u(), languageId: rng.pick(['python', 'toml', 'yaml', '']), version: rng.int(100), text: w(() => rng.pick(o.texts)) })),
      };
    case 'textDocument/didChange':
      return {
        textDocument: w(() => ({ uri: u(), version: rng.int(1000) })),
        contentChanges: w(() => (rng.chance(0.5) ? [{ text: rng.pick(o.texts) }] : [{ range: { start: pos(), end: pos() }, text: str() }])),
      };
    case 'textDocument/didClose':
      return { textDocument: td() };
    case 'workspace/didChangeWatchedFiles':
      return {
        changes: w(() => [
          { uri: u(), type: w(() => rng.pick([1, 2, 3])) },
          { uri: rng.pick(o.uris), type: 2 },
        ]),
      };
    case 'workspace/didChangeConfiguration':
      return { settings: w(() => ({})) };
    case 'workspace/didChangeWorkspaceFolders':
      return { event: w(() => ({ added: [], removed: [{ uri: rng.pick(o.uris), name: 'x' }] })) };
    default:
      return {};
  }
}

const HOSTILE_SETTINGS: Array<Record<string, unknown>> = [
  { exclude: 'not-a-list', extraGroups: [1, null, 'floe.x'], sitePackages: [{}], manifestGlobs: ['[', '**/{'], platformApiVersion: 'x.y.z' },
  { platformApiVersion: '999999999999.0', pythonInterpreter: 123, healthCheckTimeout: -5, lifecycleTimeout: 'soon' },
  { exclude: ['**'], workspaceTrusted: 'yes' },
  {
    exclude: Array(500).fill('**/a/**/b/**/c/**'),
    extraGroups: Array(500)
      .fill('floe.')
      .map((g, i) => g + i),
  },
];

async function storm(wrong: boolean): Promise<void> {
  const root = copyFixture('protocol');
  const rng = new Rng(Number(process.env.FLOE_FUZZ_SEED ?? 20240607) + (wrong ? 3 : 2));
  const ownRng = new Rng(Number(process.env.FLOE_FUZZ_SEED ?? 20240607) + (wrong ? 5 : 4));
  const label = wrong ? 'fuzz protocol (wrong types)' : 'fuzz protocol (odd values)';
  const c = new LspClient();
  const intact = path.join(root, INTACT_PLUGIN);
  const intactOk = () =>
    (c.diagnostics.get(uri(intact)) ?? []).some((d) => d.code === INTACT_EXPECTED.code && JSON.stringify(d.range) === JSON.stringify(INTACT_EXPECTED.range));
  let sent = 0,
    answered = 0,
    errors = 0,
    notes = 0;
  const unanswered: string[] = [];
  const started = Date.now();
  try {
    await c.initialize([root], {}, { debounceMs: 20 });
    await c.ready();
    await c.waitFor('intact diagnostics', intactOk);

    for (let round = 0; round < 40; round++) {
      // Hostile settings, pulled by the server on the next configuration change.
      if (round % 10 === 0) {
        c.settings.set(uri(root), HOSTILE_SETTINGS[(round / 10) % HOSTILE_SETTINGS.length]);
        void c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      }
      for (let k = 0; k < 3; k++) {
        const m = rng.pick(NOTIFICATIONS);
        void c.conn.sendNotification(m, params(m, root, rng, wrong) as object);
        notes++;
      }
      const batch = REQUESTS.map(async (m) => {
        sent++;
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), 10_000);
        });
        const r = await Promise.race([
          c.request(m, params(m, root, OWN_STREAM.has(m) ? ownRng : rng, wrong)).then(
            () => 'ok',
            () => 'error',
          ),
          deadline,
        ]);
        clearTimeout(timer);
        if (r === 'timeout') unanswered.push(`${m} (round ${round})`);
        else if (r === 'error') errors++;
        else answered++;
      });
      await Promise.all(batch);
      if (c.exited) break;
    }

    // Sane settings and documents again (every document the storm may have opened is closed, so
    // the disk text counts): the server converges on the right diagnostics.
    c.settings.set(uri(root), {});
    void c.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    for (const u of oddValues(root).uris) void c.conn.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
    c.watched([
      [intact, 2],
      [path.join(root, 'packages/floe-intact/pyproject.toml'), 2],
    ]);
    let recovered = true;
    await c.waitFor('intact diagnostics after the storm', intactOk, 15_000).catch(() => {
      recovered = false;
    });
    const listed = (await c.request('floe/listPlugins', {})) as { folders: Array<{ types: Array<{ plugins: unknown[] }> }> };
    const crashes = crashLogs(c);

    console.log(
      `${label}: ${sent} requests (${answered} answered, ${errors} JSON-RPC errors, ${unanswered.length} unanswered), ${notes} notifications, ${crashes.length} crashes, ${Date.now() - started} ms`,
    );
    for (const m of crashes.slice(0, 5)) console.log(`${label} CRASH: ${m.split('\n').slice(0, 3).join(' | ').slice(0, 400)}`);
    assert.equal(c.exited, false, `the server died: ${c.stderr.join('').slice(-1500)}`);
    assert.deepEqual(unanswered, []);
    assert.deepEqual([...new Set(crashes.map((m) => m.split('\n').slice(0, 3).join(' | ').slice(0, 300)))], [], 'handlers threw (caught by the server)');
    assert.ok(recovered, 'the intact plugin diagnostics came back after the storm');
    assert.ok(listed.folders.length >= 1);
    assert.equal(fs.existsSync(path.join(root, 'packages', 'floe-etc')), false, 'scaffolding wrote nothing');
  } finally {
    await c.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

test('fuzz protocol: odd but well-typed params (foreign URIs, far positions, odd names and texts) never make a handler throw', () => storm(false));

test('fuzz protocol: params of the wrong JSON types and garbage events never make a handler throw or the server fall over', () => storm(true));
