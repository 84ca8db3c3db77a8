#!/usr/bin/env node
// Writes l10n/bundle.l10n.json, the English bundle of the client's runtime strings: the first
// argument of every `vscode.l10n.t(...)` and `l10n.t(...)` (client/src/l10n.ts) call in client/src.
// That argument must be a string literal (a translator can only translate text it can see); the
// one exception is a call that forwards a message and its arguments (`vscode.l10n.t(message,
// ...args)`: the bridge from l10n.ts to VS Code), whose messages are the literals of the calls it serves.
//
//   node scripts/l10n.mjs           write the bundle
//   node scripts/l10n.mjs --check   exit 1 when the bundle is not what the sources say (CI, tests)
//   --root <dir>                    another checkout (tests)
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const args = process.argv.slice(2);
const at = args.indexOf('--root');
const root = path.resolve(at >= 0 ? args[at + 1] : path.join(path.dirname(new URL(import.meta.url).pathname), '..'));
const bundleFile = path.join(root, 'l10n', 'bundle.l10n.json');

function sources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** `t(message, ...args)`: passes on a message it was given. */
function isForwarding(node) {
  return node.arguments.length === 2 && ts.isIdentifier(node.arguments[0]) && ts.isSpreadElement(node.arguments[1]);
}

/** `l10n.t` or `vscode.l10n.t`. */
function isTranslateCall(node) {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== 't') return false;
  const owner = node.expression.expression;
  return (
    (ts.isIdentifier(owner) && owner.text === 'l10n') ||
    (ts.isPropertyAccessExpression(owner) && owner.name.text === 'l10n' && ts.isIdentifier(owner.expression) && owner.expression.text === 'vscode')
  );
}

const messages = new Set();
const errors = [];
for (const file of sources(path.join(root, 'client', 'src')).sort()) {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const visit = (node) => {
    if (isTranslateCall(node)) {
      const [first] = node.arguments;
      const where = `${path.relative(root, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) && first.text) messages.add(first.text);
      else if (!isForwarding(node)) errors.push(`${where}: the message of l10n.t must be a non-empty string literal`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}
if (errors.length) {
  console.error(errors.join('\n'));
  process.exit(1);
}
const bundle = Object.fromEntries([...messages].sort().map((m) => [m, m]));
const text = JSON.stringify(bundle, null, 2) + '\n';
if (args.includes('--check')) {
  let current = {};
  try {
    current = JSON.parse(fs.readFileSync(bundleFile, 'utf8'));
  } catch {
    /* missing or broken: everything is missing */
  }
  const missing = Object.keys(bundle).filter((m) => current[m] !== m);
  const stale = Object.keys(current).filter((m) => !(m in bundle));
  if (missing.length || stale.length) {
    for (const m of missing) console.error(`missing: ${JSON.stringify(m)}`);
    for (const m of stale) console.error(`not used: ${JSON.stringify(m)}`);
    console.error(`${path.relative(root, bundleFile)} is out of date: run node scripts/l10n.mjs`);
    process.exit(1);
  }
  console.log(`${path.relative(root, bundleFile)}: ${messages.size} strings, in sync`);
} else {
  fs.mkdirSync(path.dirname(bundleFile), { recursive: true });
  fs.writeFileSync(bundleFile, text);
  console.log(`${path.relative(root, bundleFile)}: ${messages.size} strings`);
}
