import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ago, applyHealthResult, buildTree, pluginIcon, pluginStateLabel, walkNodes } from '../../../client/src/treeModel';
import { folder, health, plugin, sample } from './fixtures';

const NOW = Date.parse('2026-01-01T10:05:00.000Z');

describe('client tree model', () => {
  it('single folder: plugin types at the root, empty types hidden', () => {
    const roots = buildTree(sample(), { showEmptyTypes: false, now: NOW });
    assert.deepEqual(
      roots.map((r) => [r.kind, r.label, r.description]),
      [
        ['type', 'Compute', 'floe.computes · 1'],
        ['type', 'Catalog', 'floe.catalogs · 1'],
        ['type', 'Lineage Backend', 'floe.lineage_backends · 1'],
      ],
    );
    assert.equal(roots[0].collapsible, 'expanded');
    assert.deepEqual(roots[2].icon, { id: 'symbol-namespace', color: 'list.errorForeground' });
  });

  it('showEmptyTypes keeps empty types (not expandable)', () => {
    const roots = buildTree(sample(), { showEmptyTypes: true, now: NOW });
    assert.deepEqual(
      roots.map((r) => r.label),
      ['Compute', 'Orchestrator', 'Catalog', 'Lineage Backend'],
    );
    assert.equal(roots[1].collapsible, 'none');
    assert.equal(roots[1].children.length, 0);
  });

  it('plugin nodes: name, version, context value, click opens the class, card tooltip', () => {
    const [compute] = buildTree(sample(), { showEmptyTypes: false, now: NOW });
    const duck = compute.children[0];
    assert.equal(duck.kind, 'plugin');
    assert.equal(duck.label, 'duckdb');
    assert.equal(duck.description, '0.1.0');
    assert.equal(duck.contextValue, 'floe.plugin.config');
    assert.deepEqual(duck.command, { command: 'floe.openPlugin', title: 'Open plugin class', arguments: ['floe.computes:duckdb'] });
    assert.equal(duck.id, 'file:///ws|floe.computes:duckdb');
    assert.match(duck.tooltip!, /^\*\*duckdb\*\* 0\.1\.0 — Compute plugin/);
    assert.match(duck.tooltip!, /- API version: 1\.0 \(platform 1\.0: ✓ compatible\)/);
    assert.match(duck.tooltip!, /- Config: `DuckDBConfig`/);
  });

  it('a type floe-core loads outside its registry says so in its tooltip, the card and the API version detail', () => {
    const net = plugin({ name: 'k8s', group: 'floe.network_security', floeApiVersion: '2.0', compatibility: 'unknown' });
    const data = { folders: [folder('file:///ws', 'ws', [{ group: 'floe.network_security', label: 'Network Security', plugins: [net] }])] };
    data.folders[0].types[0].loadedBy = 'separate';
    data.folders[0].types[0].abc = 'NetworkSecurityPlugin';
    const [type] = buildTree(data, { showEmptyTypes: false, now: NOW });
    assert.equal(
      type.tooltip,
      '**Network Security** plugins — entry-point group `floe.network_security`, ABC `NetworkSecurityPlugin`; floe-core loads them outside its plugin registry (by entry-point name, no API-version check, no config)',
    );
    const node = type.children[0];
    assert.match(
      node.tooltip!,
      /- Loaded outside the plugin registry: by entry-point name, created with no arguments, no config\n- API version: 2\.0 \(not checked by floe for this group\)/,
    );
    assert.equal(node.children.find((c) => c.label === 'API version')!.description, '2.0 (not checked by floe for this group)');
  });

  it('icons and state words for ok / warning / error / incompatible / health', () => {
    const base = plugin({ name: 'a', group: 'floe.computes' });
    assert.deepEqual(pluginIcon(base), { id: 'pass', color: 'testing.iconPassed' });
    assert.equal(pluginStateLabel(base), 'ok');
    assert.deepEqual(pluginIcon({ ...base, state: 'warning' }), { id: 'warning', color: 'list.warningForeground' });
    assert.deepEqual(pluginIcon({ ...base, state: 'error' }), { id: 'error', color: 'list.errorForeground' });
    assert.deepEqual(pluginIcon({ ...base, compatibility: 'incompatible', state: 'error' }), { id: 'circle-slash', color: 'list.errorForeground' });
    assert.equal(pluginStateLabel({ ...base, compatibility: 'incompatible', state: 'error' }), 'incompatible');
    assert.deepEqual(pluginIcon({ ...base, health: health(base.id, 'healthy') }), { id: 'heart', color: 'testing.iconPassed' });
    assert.deepEqual(pluginIcon({ ...base, health: health(base.id, 'degraded') }), { id: 'heart', color: 'list.warningForeground' });
    assert.deepEqual(pluginIcon({ ...base, health: health(base.id, 'unhealthy') }), { id: 'heart', color: 'testing.iconFailed' });
    assert.equal(pluginStateLabel({ ...base, health: health(base.id, 'unhealthy') }), 'unhealthy');
    // a static error outranks a healthy check
    assert.deepEqual(pluginIcon({ ...base, state: 'error', health: health(base.id, 'healthy') }), { id: 'error', color: 'list.errorForeground' });
  });

  it('details: entry point, class, API version, dependencies (navigable / missing), config, health', () => {
    const roots = buildTree(sample(), { showEmptyTypes: false, now: NOW });
    const polaris = roots[1].children[0];
    const d = Object.fromEntries(polaris.children.map((c) => [c.label, c]));
    assert.deepEqual(Object.keys(d), ['Entry point', 'Class', 'API version', 'Dependencies', 'Config schema', 'Health']);
    assert.equal(d['Entry point'].description, 'polaris = "floe_polaris.plugin:PolarisPlugin"');
    assert.equal(d['Entry point'].command?.command, 'floe.openLocation');
    assert.deepEqual(d['Entry point'].command?.arguments[0], polaris.plugin!.declaration);
    assert.equal(d['Class'].description, 'PolarisPlugin');
    assert.equal(d['API version'].description, '1.0 (compatible with 1.0)');
    assert.equal(d['Config schema'].description, 'none');
    assert.equal(d['Config schema'].command, undefined);
    assert.equal(d['Health'].description, 'not run');
    const deps = d['Dependencies'];
    assert.equal(deps.collapsible, 'collapsed');
    assert.deepEqual(
      deps.children.map((c) => [c.label, c.description, c.icon?.id]),
      [
        ['duckdb', '0.1.0', 'references'],
        ['ghost', 'missing', 'warning'],
      ],
    );
    assert.equal(
      deps.children[0].command?.arguments[0] && (deps.children[0].command.arguments[0] as { uri: string }).uri,
      'file:///ws/duckdb/src/floe_duckdb/plugin.py',
    );
    assert.equal(deps.children[1].command, undefined);
    const marquez = roots[2].children[0];
    assert.equal(marquez.children[2].description, '2.0 (incompatible with 1.0)');
  });

  it('health results update the plugin in place and show in details', () => {
    const data = sample();
    assert.equal(applyHealthResult(data, health('floe.computes:duckdb', 'degraded', 'slow disk')), true);
    assert.equal(applyHealthResult(data, health('floe.computes:nope', 'healthy')), false);
    const roots = buildTree(data, { showEmptyTypes: false, now: NOW });
    const duck = roots[0].children[0];
    assert.deepEqual(duck.icon, { id: 'heart', color: 'list.warningForeground' });
    assert.equal(duck.children[5].description, 'degraded — slow disk (5 min ago)');
    assert.match(duck.tooltip!, /Last health check: \*\*degraded\*\* — slow disk/);
  });

  it('a plugin that could not be imported has its own icon and word, apart from unhealthy', () => {
    const data = sample();
    const notImported = {
      ...health('floe.computes:duckdb', 'unhealthy', "No module named 'structlog'"),
      failure: 'import' as const,
      missingModule: 'structlog',
    };
    applyHealthResult(data, notImported);
    const duck = buildTree(data, { showEmptyTypes: false, now: NOW })[0].children[0];
    assert.deepEqual(duck.icon, { id: 'debug-disconnect', color: 'list.warningForeground' });
    assert.equal(pluginStateLabel(duck.plugin!), 'could not import');
    assert.equal(duck.children[5].description, "could not import — No module named 'structlog' (5 min ago)");
    assert.deepEqual(duck.children[5].icon, { id: 'debug-disconnect', color: 'list.warningForeground' });
    assert.match(duck.tooltip!, /Last health check: \*\*could not import\*\* — No module named 'structlog'/);
    // A static error or an incompatible API version still comes first.
    assert.equal(pluginStateLabel({ ...duck.plugin!, state: 'error' }), 'error');
    assert.deepEqual(pluginIcon({ ...duck.plugin!, compatibility: 'incompatible' }), { id: 'circle-slash', color: 'list.errorForeground' });
  });

  it('multi-root: grouped by folder', () => {
    const a = folder('file:///a', 'alpha', [{ group: 'floe.computes', label: 'Compute', plugins: [plugin({ name: 'x', group: 'floe.computes' })] }]);
    const b = folder('file:///b', 'beta', [{ group: 'floe.computes', label: 'Compute', plugins: [] }]);
    const roots = buildTree({ folders: [a, b] }, { showEmptyTypes: false, now: NOW });
    assert.deepEqual(
      roots.map((r) => [r.kind, r.label, r.description, r.children.length]),
      [
        ['folder', 'alpha', '1 plugin', 1],
        ['folder', 'beta', '0 plugins', 0],
      ],
    );
    const ids = [...walkNodes(roots)].map((n) => n.id);
    assert.equal(new Set(ids).size, ids.length, 'node ids are unique');
  });

  it('no data: no nodes (the view shows its welcome content)', () => {
    assert.deepEqual(buildTree(undefined, { showEmptyTypes: true }), []);
    assert.deepEqual(buildTree({ folders: [] }, { showEmptyTypes: true }), []);
  });

  it('markdown in names is escaped in the card', () => {
    const p = plugin({ name: 'a_b*c', group: 'floe.computes', description: '<b>x</b>' });
    const roots = buildTree({ folders: [folder('file:///w', 'w', [{ group: 'floe.computes', label: 'Compute', plugins: [p] }])] }, { showEmptyTypes: false });
    assert.match(roots[0].children[0].tooltip!, /^\*\*a\\_b\\\*c\*\*/);
    assert.match(roots[0].children[0].tooltip!, /\\<b\\>x\\<\/b\\>/);
  });

  it('relative times', () => {
    assert.equal(ago('2026-01-01T10:04:30.000Z', NOW), 'just now');
    assert.equal(ago('2026-01-01T08:00:00.000Z', NOW), '2 h ago');
    assert.equal(ago('garbage', NOW), '');
  });
});
