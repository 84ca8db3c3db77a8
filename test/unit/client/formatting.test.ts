import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cycleText, dependencyOrderText } from '../../../client/src/dependencyOrder';
import { environmentLines, environmentSummary, healthLines, healthSummary, worstState } from '../../../client/src/health';
import { mentionsFloe } from '../../../client/src/pluginName';
import { validatePluginName } from '../../../shared/pluginName';
import { chooseInterpreter, toFloeSettings } from '../../../client/src/settingsMap';
import { formatStatus } from '../../../client/src/statusModel';
import { health } from './fixtures';

describe('client status item', () => {
  const ready = { state: 'ready' as const, folders: 1, plugins: 7, errors: 0, warnings: 0, trusted: true, python: '/ws/.venv/bin/python' };
  it('indexing, then plugins with problems and a coloured background', () => {
    assert.equal(formatStatus(undefined, { trusted: true, started: true }).text, '$(sync~spin) Floe: starting…');
    assert.equal(formatStatus({ ...ready, state: 'indexing' }, { trusted: true, started: true }).text, '$(sync~spin) Floe: indexing…');
    const ok = formatStatus(ready, { trusted: true, started: true });
    assert.equal(ok.text, '$(plug) Floe: 7 plugins');
    assert.equal(ok.background, undefined);
    const warn = formatStatus({ ...ready, warnings: 2 }, { trusted: true, started: true });
    assert.equal(warn.text, '$(plug) Floe: 7 plugins $(warning) 2');
    assert.equal(warn.background, 'statusBarItem.warningBackground');
    const err = formatStatus({ ...ready, plugins: 1, errors: 3, warnings: 1 }, { trusted: true, started: true });
    assert.equal(err.text, '$(plug) Floe: 1 plugin $(error) 3 $(warning) 1');
    assert.equal(err.background, 'statusBarItem.errorBackground');
  });
  it('tooltip names the interpreter and the trust state', () => {
    const t = formatStatus({ ...ready, errors: 1 }, { trusted: false, started: true }).tooltip;
    assert.match(t, /7 plugins in 1 folder; 1 error, 0 warnings/);
    assert.match(t, /Interpreter: `\/ws\/\.venv\/bin\/python`/);
    assert.match(t, /Restricted Mode/);
    assert.equal(formatStatus(undefined, { trusted: true, started: false }).text, '$(plug) Floe: not started');
  });
  it('tooltip names the floe-core in use, per folder when there are several', () => {
    const one = formatStatus(
      { ...ready, floeCore: [{ folder: 'ws', path: '/ws/packages/floe-core/src/floe_core', version: '0.1.0' }] },
      { trusted: true, started: true },
    ).tooltip;
    assert.deepEqual(one.split('\n').slice(2, 5), [
      '- Interpreter: `/ws/.venv/bin/python`',
      '- floe-core: `/ws/packages/floe-core/src/floe_core` 0.1.0',
      '- Workspace: trusted (health checks may run plugin code)',
    ]);
    const two = formatStatus(
      { ...ready, folders: 2, floeCore: [{ folder: 'a', path: '/a/floe_core' }, { folder: 'b' }] },
      { trusted: true, started: true },
    ).tooltip;
    assert.deepEqual(two.split('\n').slice(3, 5), ['- floe-core (a): `/a/floe_core`', '- floe-core (b): built-in table (no floe-core found)']);
    assert.doesNotMatch(formatStatus(ready, { trusted: true, started: true }).tooltip, /floe-core/);
  });
});

describe('client health formatting', () => {
  const rs = [
    health('floe.computes:a', 'healthy'),
    health('floe.computes:b', 'healthy'),
    health('floe.catalogs:c', 'degraded', 'slow'),
    health('floe.catalogs:d', 'unhealthy', 'down'),
  ];
  it('summary notification text', () => {
    assert.equal(healthSummary(rs), 'Floe: 2 healthy, 1 degraded, 1 unhealthy');
    assert.equal(healthSummary(rs.slice(0, 2)), 'Floe: 2 healthy');
    assert.equal(healthSummary([]), 'Floe: no plugins to check');
    assert.equal(worstState(rs), 'unhealthy');
    assert.equal(worstState(rs.slice(0, 3)), 'degraded');
    assert.equal(worstState(rs.slice(0, 2)), 'healthy');
  });
  it('output lines with hooks and tracebacks', () => {
    const r = {
      ...health('floe.catalogs:d', 'unhealthy', 'boom'),
      hooks: [{ hook: 'startup' as const, ok: false, durationMs: 3, error: 'ValueError: x' }],
      error: { type: 'ValueError', message: 'x', traceback: [{ file: '/w/p.py', line: 7, function: 'startup' }] },
    };
    assert.deepEqual(healthLines([r]), [
      '✗ floe.catalogs:d unhealthy (12 ms) boom',
      '    startup: failed (3 ms) — ValueError: x',
      '    ValueError: x',
      '      at startup (/w/p.py:7)',
    ]);
  });
  it('durations are rounded: a hook of 0.0123 ms is 0 ms, not a long fraction', () => {
    const r = { ...health('floe.catalogs:d', 'healthy'), durationMs: 1534, hooks: [{ hook: 'health_check' as const, ok: true, durationMs: 0.0123456 }] };
    assert.deepEqual(healthLines([r]), ['✓ floe.catalogs:d healthy (1.5 s)', '    health_check: ok (0 ms)']);
  });
  it('plugins that could not be imported are counted apart; the environment message leads the notification', () => {
    const ni = (id: string) => ({ ...health(id, 'unhealthy', "No module named 'structlog'"), failure: 'import' as const, missingModule: 'structlog' });
    const results = [ni('floe.computes:a'), ni('floe.computes:b'), health('floe.catalogs:c', 'healthy'), health('floe.catalogs:d', 'unhealthy', 'down')];
    assert.equal(healthSummary(results), 'Floe: 1 healthy, 1 unhealthy, 2 could not be imported');
    assert.deepEqual(healthLines([results[0]]), ["✗ floe.computes:a could not import (12 ms) No module named 'structlog'"]);
    const problems = [
      {
        python: '/usr/bin/python3',
        message: '2 plugins could not be imported: structlog is missing in /usr/bin/python3',
        pluginIds: ['floe.computes:a', 'floe.computes:b'],
        modules: [{ module: 'structlog', plugins: ['a', 'b'], importedBy: ['floe_core.plugins.dependencies'] }],
      },
    ];
    assert.equal(
      environmentSummary(problems, results),
      'Floe: 2 plugins could not be imported: structlog is missing in /usr/bin/python3. Other plugins: 1 healthy, 1 unhealthy',
    );
    assert.equal(environmentSummary(problems, results.slice(0, 2)), 'Floe: 2 plugins could not be imported: structlog is missing in /usr/bin/python3');
    assert.deepEqual(environmentLines(problems), [
      '2 plugins could not be imported: structlog is missing in /usr/bin/python3',
      '    structlog (imported by floe_core.plugins.dependencies): a, b',
    ]);
  });
});

describe('client settings mapping', () => {
  it('maps floePlugins.* keys to FloeSettings with computed values', () => {
    const values: Record<string, unknown> = {
      platformApiVersion: ' 1.2 ',
      extraGroups: ['floe.widgets', 3],
      'healthCheck.timeout': 9,
      'lifecycle.timeout': -1,
      exclude: '**/x',
    };
    const s = toFloeSettings((k) => values[k], { pythonInterpreter: '/venv/bin/python', workspaceTrusted: false });
    assert.deepEqual(s, {
      platformApiVersion: '1.2',
      extraGroups: ['floe.widgets'],
      exclude: [],
      sitePackages: [],
      manifestGlobs: [],
      healthCheckTimeout: 9,
      lifecycleTimeout: 30,
      pythonInterpreter: '/venv/bin/python',
      workspaceTrusted: false,
    });
  });
  it('interpreter order: Python extension, setting, .venv, python3', () => {
    assert.deepEqual(chooseInterpreter({ fromPythonExtension: '/pe', fromSetting: '/s', venvExists: '/v' }), { path: '/pe', origin: 'Python extension' });
    assert.equal(chooseInterpreter({ fromSetting: ' /s ', venvExists: '/v' }).path, '/s');
    assert.equal(chooseInterpreter({ fromSetting: '', venvExists: '/v' }).path, '/v');
    assert.deepEqual(chooseInterpreter({}), { path: 'python3', origin: 'default' });
  });
});

describe('client new-plugin name and activation content check', () => {
  it('validates plugin names', () => {
    assert.equal(validatePluginName('my-duck'), undefined);
    assert.equal(validatePluginName('duckdb2'), undefined);
    assert.equal(validatePluginName('my_duck'), undefined);
    assert.equal(validatePluginName(''), 'Enter a plugin name, e.g. my-duck.');
    assert.equal(validatePluginName('2duck'), 'Start the name with a lowercase letter.');
    assert.equal(validatePluginName('My-Duck'), 'Start the name with a lowercase letter.');
    assert.equal(validatePluginName('my duck'), 'Use lowercase letters, digits, "-" and "_" only.');
    assert.equal(validatePluginName('duck-'), 'Do not end the name with "-" or "_".');
    assert.equal(validatePluginName('du--ck'), 'Do not repeat "-" or "_".');
    assert.equal(validatePluginName('a'.repeat(51)), 'Keep the name to 50 characters or fewer.');
  });
  it('recognises floe pyprojects, entry_points.txt and manifests cheaply', () => {
    assert.equal(mentionsFloe('/w/p/pyproject.toml', '[project.entry-points."floe.computes"]\nduckdb = "m:C"\n'), true);
    assert.equal(mentionsFloe('/w/p/pyproject.toml', '[tool.poetry.plugins."floe.catalogs"]\n'), true);
    assert.equal(mentionsFloe('/w/p/pyproject.toml', '[project]\nname = "flask-app"\n[project.entry-points."console_scripts"]\n'), false);
    assert.equal(mentionsFloe('/w/x/entry_points.txt', '[floe.computes]\nduckdb = m:C\n'), true);
    assert.equal(mentionsFloe('/w/platform/manifest.yaml', 'apiVersion: floe.dev/v1\nkind: Manifest\n'), true);
    assert.equal(mentionsFloe('/w/k8s/manifest.yaml', 'apiVersion: v1\nkind: Pod\n'), false);
  });
});

describe('client dependency order document', () => {
  it('lists the order with what each plugin waits for, the cycles and missing dependencies, as plain text', () => {
    const text = dependencyOrderText(
      {
        folders: [
          {
            uri: 'file:///w',
            order: [
              { id: 'a', name: 'duckdb', group: 'floe.computes' },
              { id: 'b', name: 'polaris', group: 'floe.catalogs', dependencies: ['duckdb'] },
            ],
            cycles: [['glue', 'spark', 'glue']],
            missing: [{ plugin: 'polaris', dependency: 'ghost' }],
          },
        ],
      },
      () => 'w',
    );
    assert.equal(
      text,
      [
        'Floe plugin load order',
        '======================',
        '',
        'The platform starts the plugins in this order, each after the plugins it depends on:',
        '',
        '  1. duckdb   floe.computes',
        '  2. polaris  floe.catalogs  after duckdb',
        '',
        'Dependency cycles (these plugins cannot be ordered; remove one dependency of each cycle):',
        '',
        '  glue → spark → glue',
        '',
        'Missing dependencies (no plugin of that name is installed or declared):',
        '',
        '  polaris needs "ghost"',
        '',
      ].join('\n'),
    );
    assert.doesNotMatch(text, /[*#]|\*\*/, 'no markup');
    const two = dependencyOrderText(
      {
        folders: [
          { uri: 'file:///a', order: [], cycles: [], missing: [] },
          { uri: 'file:///b', order: [{ id: 'a', name: 'x', group: 'g' }], cycles: [], missing: [] },
        ],
      },
      (u: string) => u.slice(-1),
    );
    assert.match(two, /\na\n-\n\nNo plugins to order\.\n\nb\n-\n\nThe platform starts[^\n]*\n\n {2}1\. x {2}g\n\nNo cycles, no missing dependencies\./);
  });

  it('a cycle is said once around: the server sends it closed, an open one is closed', () => {
    assert.equal(cycleText(['glue', 'spark', 'glue']), 'glue → spark → glue');
    assert.equal(cycleText(['glue', 'spark']), 'glue → spark → glue');
    assert.equal(cycleText(['a', 'a']), 'a → a');
  });
});
