// The plugin graph: the model built from floe/listPlugins + floe/dependencyOrder (nodes, edges,
// cycles, missing dependencies, marks), the search and type filter, the webview page's security
// policy, and the elkjs layout (run here under node, as the webview runs it) up to 200 plugins.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { DependencyOrderResult } from '../../../shared/protocol';
import { contentSecurityPolicy, graphHtml } from '../../../client/src/graphHtml';
import { elkGraph, nodeMeta, readLayout, type Box, type Placed } from '../../../client/src/graphLayout';
import { buildGraphModel, visibleNodes, type GraphModel } from '../../../client/src/graphModel';
import { scaled } from '../../lib/machine';
import { folder, health, plugin, sample } from './fixtures';
import { bigList } from './graphFixtures';

const ORDER: DependencyOrderResult = { folders: [{ uri: 'file:///ws', order: [], cycles: [], missing: [{ plugin: 'polaris', dependency: 'ghost' }] }] };
const ALL = { text: '', hiddenGroups: [] };

describe('graph model', () => {
  it('a node per plugin in a group per type; edges to dependencies; a dashed node per missing dependency', () => {
    const m = buildGraphModel(sample(), ORDER);
    assert.deepEqual(
      m.groups.map((g) => [g.label, g.group, g.nodeIds]),
      [
        ['Compute', 'floe.computes', ['floe.computes:duckdb']],
        ['Catalog', 'floe.catalogs', ['floe.catalogs:polaris']],
        ['Lineage Backend', 'floe.lineage_backends', ['floe.lineage_backends:marquez']],
        ['Missing dependencies', '', ['missing|file:///ws|ghost']],
      ],
    );
    assert.deepEqual(
      m.edges.map((e) => [e.from, e.to, e.kind]),
      [
        ['floe.catalogs:polaris', 'floe.computes:duckdb', 'dependency'],
        ['floe.catalogs:polaris', 'missing|file:///ws|ghost', 'missing'],
      ],
    );
    const ghost = m.nodes.find((n) => n.kind === 'missing')!;
    assert.deepEqual([ghost.name, ghost.mark, ghost.markLabel], ['ghost', 'missing', 'missing']);
    assert.deepEqual(m.summary, { plugins: 3, dependencies: 2, cycles: 0, missing: 1 });
  });

  it('marks: incompatible and error first, then could not import, then the health verdict, then warnings', () => {
    const list = sample();
    const polaris = list.folders[0].types[2].plugins[0];
    const duck = list.folders[0].types[0].plugins[0];
    duck.health = { ...health(duck.id, 'unhealthy', "No module named 'structlog'"), failure: 'import', missingModule: 'structlog' };
    polaris.health = health(polaris.id, 'degraded', 'slow');
    const marks = Object.fromEntries(buildGraphModel(list, ORDER).nodes.map((n) => [n.name, [n.mark, n.markLabel]]));
    assert.deepEqual(marks, {
      duckdb: ['import', 'could not import'],
      polaris: ['degraded', 'degraded'],
      marquez: ['incompatible', 'incompatible'],
      ghost: ['missing', 'missing'],
    });
    assert.equal(nodeMeta({ version: '0.1.0', mark: 'import', markLabel: 'could not import', kind: 'plugin' }), '0.1.0 · could not import');
    assert.equal(nodeMeta({ version: '0.1.0', mark: 'healthy', markLabel: 'healthy', kind: 'plugin' }), '0.1.0');
  });

  it('cycles from floe/dependencyOrder: their edges and members are marked; other edges are not', () => {
    const a = plugin({ name: 'a', group: 'floe.computes', dependencies: ['b'] });
    const b = plugin({ name: 'b', group: 'floe.computes', dependencies: ['c'] });
    const c = plugin({ name: 'c', group: 'floe.catalogs', dependencies: ['b', 'd'] });
    const d = plugin({ name: 'd', group: 'floe.catalogs' });
    const list = {
      folders: [
        folder('file:///ws', 'ws', [
          { group: 'floe.computes', label: 'Compute', plugins: [a, b] },
          { group: 'floe.catalogs', label: 'Catalog', plugins: [c, d] },
        ]),
      ],
    };
    const m = buildGraphModel(list, { folders: [{ uri: 'file:///ws', order: [], cycles: [['b', 'c', 'b']], missing: [] }] });
    assert.deepEqual(
      m.edges.map((e) => `${e.from.split(':')[1]}->${e.to.split(':')[1]} ${e.kind}`),
      ['a->b dependency', 'b->c cycle', 'c->b cycle', 'c->d dependency'],
    );
    assert.deepEqual(
      m.nodes.filter((n) => n.inCycle).map((n) => n.name),
      ['b', 'c'],
    );
    assert.deepEqual(m.cycles, [['b', 'c', 'b']]);
    assert.equal(m.summary.cycles, 1);
  });

  it('without floe/dependencyOrder: dependencies resolved by name, unknown names missing; a repeated dependency is one edge', () => {
    const a = plugin({ name: 'a', group: 'floe.computes', dependencies: ['b', 'b', 'nope'] });
    const b = plugin({ name: 'b', group: 'floe.computes' });
    const m = buildGraphModel({ folders: [folder('file:///ws', 'ws', [{ group: 'floe.computes', label: 'Compute', plugins: [a, b] }])] });
    assert.deepEqual(
      m.edges.map((e) => e.kind),
      ['dependency', 'missing'],
    );
    assert.deepEqual(buildGraphModel(undefined), {
      nodes: [],
      edges: [],
      groups: [],
      cycles: [],
      summary: { plugins: 0, dependencies: 0, cycles: 0, missing: 0 },
    });
  });

  it('multi-root: groups per folder, named with it; a dependency resolves within its own folder', () => {
    const a1 = plugin({ name: 'a', group: 'floe.computes', dependencies: ['x'] });
    const a2 = { ...plugin({ name: 'a', group: 'floe.computes' }), id: 'floe.computes:a@two' };
    const x2 = { ...plugin({ name: 'x', group: 'floe.computes' }), id: 'floe.computes:x@two' };
    const list = {
      folders: [
        folder('file:///one', 'one', [{ group: 'floe.computes', label: 'Compute', plugins: [a1] }]),
        folder('file:///two', 'two', [{ group: 'floe.computes', label: 'Compute', plugins: [a2, x2] }]),
      ],
    };
    const m = buildGraphModel(list);
    assert.deepEqual(
      m.groups.map((g) => g.label),
      ['Compute — one', 'Missing dependencies — one', 'Compute — two'],
    );
    assert.deepEqual(
      m.edges.map((e) => e.to),
      ['missing|file:///one|x'],
    );
  });
});

describe('graph filter', () => {
  const m = buildGraphModel(sample(), ORDER);
  it('everything by default; a hidden type hides its plugins, a missing dependency follows the plugin needing it', () => {
    assert.equal(visibleNodes(m, ALL).visible.size, 4);
    const noCatalogs = visibleNodes(m, { text: '', hiddenGroups: ['floe.catalogs'] }).visible;
    assert.deepEqual([...noCatalogs].sort(), ['floe.computes:duckdb', 'floe.lineage_backends:marquez']);
  });
  it('a search keeps the plugins whose name has the text, with their dependencies and dependents as context', () => {
    const duck = visibleNodes(m, { text: 'DUCK', hiddenGroups: [] });
    assert.deepEqual([...duck.matches], ['floe.computes:duckdb']);
    assert.deepEqual([...duck.visible].sort(), ['floe.catalogs:polaris', 'floe.computes:duckdb']);
    const pol = visibleNodes(m, { text: 'pol', hiddenGroups: ['floe.computes'] });
    assert.deepEqual([...pol.visible].sort(), ['floe.catalogs:polaris', 'missing|file:///ws|ghost']);
    assert.equal(visibleNodes(m, { text: 'zzz', hiddenGroups: [] }).visible.size, 0);
  });
});

describe('graph webview page', () => {
  const page = graphHtml({
    cspSource: 'https://x.vscode-cdn.net',
    nonce: 'abc123',
    scriptUri: 'https://x.vscode-cdn.net/dist/media/graph.js',
    styleUri: 'https://x.vscode-cdn.net/dist/media/graph.css',
  });
  it('a strict content security policy: nothing by default, scripts only with the nonce, no inline styles, no network', () => {
    const csp = contentSecurityPolicy({ cspSource: 'https://x.vscode-cdn.net', nonce: 'abc123' });
    assert.equal(
      csp,
      "default-src 'none'; style-src https://x.vscode-cdn.net; font-src https://x.vscode-cdn.net; img-src https://x.vscode-cdn.net; script-src 'nonce-abc123'",
    );
    assert.ok(page.includes(`content="${csp}"`));
    // No source beyond the extension's own (the SVG namespace is a name, not a request).
    assert.doesNotMatch(page.replace('xmlns="http://www.w3.org/2000/svg"', ''), /unsafe-inline|unsafe-eval|connect-src|http:\/\//);
  });
  it('one script, with the nonce; no inline script or style', () => {
    const scripts = [...page.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0][1], /nonce="abc123" src="https:\/\/x\.vscode-cdn\.net\/dist\/media\/graph\.js"/);
    assert.equal(scripts[0][2], '');
    assert.doesNotMatch(page, /<style|style="/);
  });
});

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
const inside = (a: Box, b: Box) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5;

async function layout(m: GraphModel): Promise<Placed> {
  const { visible } = visibleNodes(m, ALL);
  return readLayout(await new ELK().layout(elkGraph(m, visible, (t, k) => t.length * (k === 'name' ? 8 : 6.5))));
}

/** Every node placed inside its group, no two nodes overlapping, no two groups overlapping, every edge a path. */
function assertReadable(m: GraphModel, p: Placed): void {
  assert.equal(p.nodes.size, m.nodes.length);
  for (const n of m.nodes) assert.ok(inside(p.nodes.get(n.id)!, p.groups.get(n.groupId)!), `${n.id} is outside its group`);
  const boxes = [...p.nodes];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) assert.ok(!overlaps(boxes[i][1], boxes[j][1]), `${boxes[i][0]} overlaps ${boxes[j][0]}`);
  const groups = [...p.groups];
  for (let i = 0; i < groups.length; i++)
    for (let j = i + 1; j < groups.length; j++) assert.ok(!overlaps(groups[i][1], groups[j][1]), `${groups[i][0]} overlaps ${groups[j][0]}`);
  for (const e of m.edges) assert.ok((p.edges.get(e.id)?.length ?? 0) >= 2, `edge ${e.id} has no path`);
}

describe('graph layout (elkjs)', () => {
  it('the sample: groups hold their plugins, nothing overlaps, each edge ends at its target', async () => {
    const m = buildGraphModel(sample(), ORDER);
    const p = await layout(m);
    assertReadable(m, p);
    for (const e of m.edges) {
      const end = p.edges.get(e.id)!.at(-1)!;
      const t = p.nodes.get(e.to)!;
      assert.ok(
        inside({ x: end.x, y: end.y, width: 0, height: 0 }, { x: t.x - 1, y: t.y - 1, width: t.width + 2, height: t.height + 2 }),
        `${e.id} ends at ${JSON.stringify(end)}, not at its target`,
      );
    }
  });

  it('200 plugins of 11 types: laid out within a budget, nothing overlapping, a shape a window can show (not a strip)', async () => {
    const { list, order } = bigList(200);
    const m = buildGraphModel(list, order);
    assert.deepEqual([m.summary.plugins, m.summary.cycles, m.summary.missing], [200, 1, 1]);
    const t0 = performance.now();
    const p = await layout(m);
    const ms = performance.now() - t0;
    assert.ok(ms < scaled(30000), `layout took ${Math.round(ms)} ms`);
    assertReadable(m, p);
    const ratio = p.width / p.height;
    assert.ok(ratio > 0.4 && ratio < 4, `the layout is ${Math.round(p.width)} × ${Math.round(p.height)}`);
  });

  it('types without a drawn dependency are packed in rows, not stacked in one column', async () => {
    const types = ['floe.computes', 'floe.catalogs', 'floe.storage', 'floe.secrets', 'floe.identity', 'floe.dbt'];
    const list = {
      folders: [
        folder(
          'file:///ws',
          'ws',
          types.map((g) => ({ group: g, label: g.slice(5), plugins: [plugin({ name: `x-${g.slice(5)}`, group: g })] })),
        ),
      ],
    };
    const p = await layout(buildGraphModel(list));
    const xs = new Set([...p.groups.values()].map((b) => Math.round(b.x)));
    assert.ok(xs.size >= 2, `every group at one x: ${[...xs].join()}`);
  });
});
