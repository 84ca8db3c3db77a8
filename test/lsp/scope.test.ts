// Protocol tests: what a change may do. Diagnostics never go to files outside a folder's root;
// deleted files and folders get their diagnostics cleared; changes to files the analysis does not
// use (excluded globs, skipped folders, non-relevant names) start no pass at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { codes, copyFixture, LspClient, uri } from './harness';

const passLines = (c: LspClient) => c.logs().filter((l) => /^pass /.test(l));

test('diagnostics of files outside the folder root (site-packages elsewhere) are never published', async () => {
  const copy = copyFixture('outside');
  const root = path.join(copy, 'ws');
  const site = path.join(copy, 'site');
  const c = new LspClient();
  try {
    c.settings.set(uri(root), { sitePackages: [site] });
    await c.initialize([root], {}, { debounceMs: 0 });
    await c.ready();
    const inner = path.join(root, 'floe-inner/pyproject.toml');
    assert.deepEqual(codes(await c.waitDiagnostics(inner, (d) => d.length > 0)), ['unknown-group']);
    // The installed distribution outside the root is part of the model ...
    const list = await c.request('floe/listPlugins', {});
    const miss = list.folders[0].types.find((t: any) => t.group === 'floe.catalogs').plugins;
    assert.deepEqual(
      miss.map((p: any) => [p.name, p.distribution, p.state]),
      [['miss', 'floe-ext', 'warning']],
    );
    // ... but its entry_points.txt problems are not published: only files under the root are.
    const published = c.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics').map((n) => n.params.uri as string);
    assert.deepEqual([...new Set(published)], [uri(inner)]);

    // A change there still re-analyses (it is a file the folder reads) without publishing outside.
    const ep = path.join(site, 'floe_ext-1.0.dist-info/entry_points.txt');
    fs.writeFileSync(ep, fs.readFileSync(ep, 'utf8').replace('floe.computs', 'floe.computes'));
    c.watched([[ep, 2]]);
    fs.writeFileSync(inner, fs.readFileSync(inner, 'utf8').replace('floe.computs', 'floe.computes'));
    c.watched([[inner, 2]]);
    await c.waitDiagnostics(inner, (d) => d.length === 0);
    assert.equal(c.diagnostics.has(uri(ep)), false);
  } finally {
    await c.stop();
  }
});

test('a deleted file, and every file of a deleted folder, get their diagnostics cleared', async () => {
  const root = copyFixture('basic');
  const c = new LspClient();
  try {
    await c.initialize([root], {}, { debounceMs: 0 });
    await c.ready();
    const typo = path.join(root, 'packages/floe-typo/pyproject.toml');
    await c.waitDiagnostics(typo, (d) => codes(d).join() === 'unknown-group');
    fs.rmSync(typo);
    c.watched([[typo, 3]]);
    await c.waitDiagnostics(typo, (d) => d.length === 0);

    // The whole ice package goes; the client reports only the folder (as editors do).
    const icePkg = path.join(root, 'packages/floe-ice');
    const icePy = path.join(icePkg, 'src/floe_ice/plugin.py');
    assert.deepEqual(codes(c.diagnostics.get(uri(icePy))!), ['api-incompatible']);
    fs.rmSync(icePkg, { recursive: true });
    c.watched([[icePkg, 3]]);
    await c.waitDiagnostics(icePy, (d) => d.length === 0);
    const duck = path.join(root, 'packages/floe-duck/src/floe_duck/plugin.py');
    assert.deepEqual(codes(await c.waitDiagnostics(duck, (d) => d.length > 0)), ['missing-dependency']);
    const list = await c.request('floe/listPlugins', {});
    assert.deepEqual(list.folders[0].types.find((t: any) => t.group === 'floe.catalogs').plugins, []);
  } finally {
    await c.stop();
  }
});

test('changes to excluded, skipped or non-relevant files start no pass', async () => {
  const root = copyFixture('basic');
  // Packages the walk never reads: under an excluded glob and under node_modules.
  const project = (group: string) => `[project]\nname = "x"\nversion = "1"\n\n[project.entry-points."${group}"]\nx = "x.plugin:X"\n`;
  const vendored = path.join(root, 'vendor/floe-v/pyproject.toml');
  const nodeMod = path.join(root, 'node_modules/floe-n/pyproject.toml');
  for (const f of [vendored, nodeMod]) {
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, project('floe.computes'));
  }
  const c = new LspClient();
  try {
    c.settings.set(uri(root), { exclude: ['vendor'] });
    // A long debounce: a pass started by any of the ignored events would hold the next real change back 60 s.
    await c.initialize([root], {}, { debounceMs: 60000, trace: true });
    await c.ready();
    const typo = path.join(root, 'packages/floe-typo/pyproject.toml');
    await c.waitDiagnostics(typo, (d) => d.length === 1);
    const before = passLines(c).length;
    assert.equal(before, 1, 'one pass indexed the folder');

    for (const f of [vendored, nodeMod]) fs.writeFileSync(f, project('floe.computs'));
    const readme = path.join(root, 'packages/floe-duck/README.md');
    fs.writeFileSync(readme, '# duck\n');
    const vendoredPy = path.join(root, 'vendor/floe-v/x/plugin.py');
    c.watched([
      [vendored, 2],
      [nodeMod, 2],
      [readme, 1],
      [vendoredPy, 1],
      [path.join(root, 'vendor'), 3],
    ]);
    // Editing a document the analysis does not read is no reason for a pass either.
    c.open(readme, '# duck\n', 'markdown');
    c.change(readme, '# duck\n\nMore.\n');
    c.open(vendored, project('floe.computs'), 'toml');
    c.change(vendored, project('floe.computs') + '\n');

    // A real change right after still runs at once (nothing above touched the debounce) ...
    fs.writeFileSync(typo, fs.readFileSync(typo, 'utf8').replace('floe.computs', 'floe.computes'));
    c.watched([[typo, 2]]);
    await c.waitDiagnostics(typo, (d) => d.length === 0);
    // ... in exactly one pass, and nothing was published for the ignored files.
    await c.waitFor('the trace of the pass', () => passLines(c).length > before);
    assert.equal(passLines(c).length, before + 1, passLines(c).join('\n'));
    for (const f of [vendored, nodeMod, readme]) assert.equal(c.diagnostics.has(uri(f)), false, f);
  } finally {
    await c.stop();
  }
});
