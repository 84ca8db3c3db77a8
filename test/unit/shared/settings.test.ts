import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../../shared/settings';

test('settings: the server names and the VS Code names (nested or dotted) are read alike', () => {
  const flat = normalizeSettings({ healthCheckTimeout: 9, lifecycleTimeout: 40, pythonInterpreter: '/usr/bin/python3' });
  const nested = normalizeSettings({ healthCheck: { timeout: 9 }, lifecycle: { timeout: 40 }, python: { interpreter: '/usr/bin/python3' } });
  const dotted = normalizeSettings({ 'healthCheck.timeout': 9, 'lifecycle.timeout': 40, 'python.interpreter': '/usr/bin/python3' });
  for (const s of [flat, nested, dotted]) {
    assert.deepEqual([s.healthCheckTimeout, s.lifecycleTimeout, s.pythonInterpreter], [9, 40, '/usr/bin/python3']);
  }
  // The server's own name wins over an alias given beside it.
  assert.equal(normalizeSettings({ healthCheckTimeout: 3, healthCheck: { timeout: 9 } }).healthCheckTimeout, 3);
});

test('settings: missing, null or wrongly typed values fall back to the defaults', () => {
  assert.deepEqual(normalizeSettings(null), { ...DEFAULT_SETTINGS, pythonInterpreter: undefined, workspaceTrusted: undefined });
  const odd = normalizeSettings({ healthCheck: { timeout: 'soon' }, extraGroups: ['floe.widgets', 3], exclude: 'x', workspaceTrusted: 'yes' });
  assert.equal(odd.healthCheckTimeout, DEFAULT_SETTINGS.healthCheckTimeout);
  assert.deepEqual(odd.extraGroups, ['floe.widgets']);
  assert.deepEqual(odd.exclude, []);
  assert.equal(odd.workspaceTrusted, undefined);
});
