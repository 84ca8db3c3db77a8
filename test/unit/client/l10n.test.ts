// Localisation: every user-visible string package.json contributes is a `%key%` with its English
// text in package.nls.json, and l10n/bundle.l10n.json holds exactly the client's runtime messages
// (`vscode.l10n.t` / `l10n.t` in client/src), read here by a second, independent reader.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatMessage, useTranslator } from '../../../client/src/l10n';
import { formatStatus } from '../../../client/src/statusModel';
import { NLS_KEY, readJson, REPO_ROOT as root } from './packageJson';

const pkg = readJson('package.json');
const nls: Record<string, string> = readJson('package.nls.json');
const bundle: Record<string, string> = readJson('l10n/bundle.l10n.json');

/** Keys whose string values VS Code shows to the user (`name` only in views: elsewhere it is an id). */
const VISIBLE = new Set([
  'title',
  'shortTitle',
  'name',
  'contextualTitle',
  'contents',
  'category',
  'description',
  'markdownDescription',
  'patternErrorMessage',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'deprecationMessage',
  'markdownDeprecationMessage',
  'label',
  'altText',
]);

/** Every user-visible string under `value`, with its path. */
function visibleStrings(value: unknown, at: string[] = []): Array<{ path: string; text: string }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => visibleStrings(v, [...at, String(i)]));
  if (!value || typeof value !== 'object') return [];
  const out: Array<{ path: string; text: string }> = [];
  for (const [k, v] of Object.entries(value)) {
    const visible = VISIBLE.has(k) && (k !== 'name' || at.includes('views'));
    if (visible && typeof v === 'string') out.push({ path: [...at, k].join('.'), text: v });
    else if (visible && Array.isArray(v) && v.every((x) => typeof x === 'string'))
      v.forEach((x, i) => out.push({ path: [...at, k, String(i)].join('.'), text: x }));
    else out.push(...visibleStrings(v, [...at, k]));
  }
  return out;
}

/** Every `%key%` string anywhere in the manifest. */
function usedKeys(value: unknown): string[] {
  if (typeof value === 'string') {
    const m = NLS_KEY.exec(value);
    return m ? [m[1]] : [];
  }
  if (Array.isArray(value)) return value.flatMap(usedKeys);
  if (value && typeof value === 'object') return Object.values(value).flatMap(usedKeys);
  return [];
}

function clientSources(dir = path.join(root, 'client', 'src')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? clientSources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

const CALL = /\bl10n\.t\(/g;
const LITERAL = /\bl10n\.t\(\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\$]|\\.)*)`)/g;
const FORWARD = /\bl10n\.t\(\s*[A-Za-z_$][\w$]*\s*,\s*\.\.\./g;
const unescape = (s: string) => s.replace(/\\(.)/g, (_, c: string) => (({ n: '\n', t: '\t' }) as Record<string, string>)[c] ?? c);

describe('localisation', () => {
  it('every user-visible string package.json contributes is a %key%', () => {
    const strings = visibleStrings({ contributes: pkg.contributes, capabilities: pkg.capabilities });
    assert.ok(strings.length > 50, `only ${strings.length} strings found: the walk misses the contributions`);
    const literal = strings.filter((s) => !NLS_KEY.test(s.text));
    assert.deepEqual(literal, [], 'literal strings left in package.json');
  });

  it('every %key% has its text in package.nls.json, and every text there is used', () => {
    const used = new Set(usedKeys(pkg));
    assert.deepEqual(
      [...used].filter((k) => typeof nls[k] !== 'string' || !nls[k].trim()),
      [],
      'keys without text',
    );
    assert.deepEqual(
      Object.keys(nls).filter((k) => !used.has(k)),
      [],
      'unused keys in package.nls.json',
    );
  });

  it('package.nls.json holds the English text the UI and its tests look for', () => {
    const title = (id: string) => nls[/^%(.+)%$/.exec(pkg.contributes.commands.find((c: { command: string }) => c.command === id).title)![1]];
    assert.equal(title('floe.runHealthChecks'), 'Run Health Checks');
    assert.equal(title('floe.newPlugin'), 'New Plugin…');
    assert.equal(nls['command.category'], 'Floe');
    assert.equal(nls['views.plugins.name'], 'Plugins');
  });

  it('the extension points VS Code at l10n/ and ships it with package.nls.json', () => {
    assert.equal(pkg.l10n, './l10n');
    assert.ok(pkg.files.includes('package.nls.json'), 'package.nls.json is not packaged');
    assert.ok(pkg.files.includes('l10n/'), 'l10n/ is not packaged');
    assert.ok(Object.keys(bundle).length > 100);
    for (const [k, v] of Object.entries(bundle)) assert.equal(v, k, 'the English bundle maps each message to itself');
  });

  it('l10n/bundle.l10n.json holds every l10n.t message of client/src, and nothing else', () => {
    const found = new Set<string>();
    const nonLiteral: string[] = [];
    for (const file of clientSources()) {
      const text = fs.readFileSync(file, 'utf8');
      const literals = [...text.matchAll(LITERAL)];
      for (const m of literals) found.add(unescape(m[1] ?? m[2] ?? m[3]));
      const calls = [...text.matchAll(CALL)].length;
      const forwards = [...text.matchAll(FORWARD)].length;
      if (calls !== literals.length + forwards)
        nonLiteral.push(`${path.relative(root, file)}: ${calls - literals.length - forwards} calls without a literal message`);
    }
    assert.deepEqual(nonLiteral, []);
    assert.ok(found.size > 100, `only ${found.size} messages found`);
    assert.deepEqual([...found].filter((m) => !(m in bundle)).sort(), [], 'messages missing from the bundle (run node scripts/l10n.mjs)');
    assert.deepEqual(
      Object.keys(bundle)
        .filter((m) => !found.has(m))
        .sort(),
      [],
      'messages in the bundle that no code uses',
    );
  });

  it('scripts/l10n.mjs --check passes here, and names a new message or a non-literal one in a copy', () => {
    const script = path.join(root, 'scripts', 'l10n.mjs');
    const ok = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'floe-l10n-'));
    try {
      fs.mkdirSync(path.join(copy, 'client', 'src'), { recursive: true });
      fs.mkdirSync(path.join(copy, 'l10n'));
      fs.writeFileSync(path.join(copy, 'l10n', 'bundle.l10n.json'), JSON.stringify({ 'Old message': 'Old message' }));
      fs.writeFileSync(path.join(copy, 'client', 'src', 'a.ts'), "import * as vscode from 'vscode';\nvscode.l10n.t('New message {0}', 1);\n");
      const stale = spawnSync(process.execPath, [script, '--check', '--root', copy], { encoding: 'utf8' });
      assert.equal(stale.status, 1);
      assert.match(stale.stderr, /^missing: "New message \{0\}"$/m);
      assert.match(stale.stderr, /^not used: "Old message"$/m);
      const write = spawnSync(process.execPath, [script, '--root', copy], { encoding: 'utf8' });
      assert.equal(write.status, 0, write.stderr);
      assert.deepEqual(JSON.parse(fs.readFileSync(path.join(copy, 'l10n', 'bundle.l10n.json'), 'utf8')), { 'New message {0}': 'New message {0}' });
      fs.writeFileSync(path.join(copy, 'client', 'src', 'b.ts'), "import { l10n } from './l10n';\nconst m = 'x';\nl10n.t(m);\n");
      const bad = spawnSync(process.execPath, [script, '--check', '--root', copy], { encoding: 'utf8' });
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /^client\/src\/b\.ts:3: the message of l10n\.t must be a non-empty string literal$/m);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('the pure modules speak through the translator the extension installs, English until then', () => {
    assert.equal(formatMessage('{0} of {1}, {2}', ['a', 2]), 'a of 2, {2}');
    const ready = { state: 'ready' as const, folders: 1, plugins: 2, errors: 0, warnings: 0, trusted: true };
    assert.equal(formatStatus(ready, { trusted: true, started: true }).text, '$(plug) Floe: 2 plugins');
    useTranslator((m, args) => `«${formatMessage(m, args)}»`);
    try {
      assert.equal(formatStatus(ready, { trusted: true, started: true }).text, '$(plug) «Floe: «2 plugins»»');
    } finally {
      useTranslator(undefined);
    }
    assert.equal(formatStatus(ready, { trusted: true, started: true }).text, '$(plug) Floe: 2 plugins');
  });
});
