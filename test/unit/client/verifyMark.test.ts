// The Plugins view's verification mark: a "Platform" detail under the plugin (only after a
// verification), the card's line, and the run's summary and output lines.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildTree } from '../../../client/src/treeModel';
import { markText, verifyLines, verifySummary } from '../../../client/src/verifyMark';
import type { VerifyMarkDto } from '../../../shared/protocol';
import { sample } from './fixtures';

const NOW = Date.parse('2026-01-01T10:05:00.000Z');
const MARK: VerifyMarkDto = {
  verdict: 'verified',
  finishedAt: '2026-01-01T10:03:00.000Z',
  python: '/venv/bin/python',
  floeCore: { path: '/venv/floe_core', version: '0.3.0' },
};

describe('verification marks in the tree', () => {
  it('no Platform detail before a verification; after one, a detail with the verdict, floe-core and when, clicking verifies again', () => {
    const data = sample();
    const before = buildTree(data, { showEmptyTypes: false, now: NOW })[0].children[0];
    assert.equal(
      before.children.some((c) => c.label === 'Platform'),
      false,
    );
    data.folders[0].types[0].plugins[0].verify = MARK;
    const duck = buildTree(data, { showEmptyTypes: false, now: NOW })[0].children[0];
    const platform = duck.children.at(-1)!;
    assert.equal(platform.label, 'Platform');
    assert.equal(platform.description, 'verified with floe-core 0.3.0 (2 min ago)');
    assert.deepEqual(platform.icon, { id: 'verified', color: 'testing.iconPassed' });
    assert.deepEqual(platform.command, { command: 'floe.verifyPlatform', title: 'Verify against the platform again', arguments: [duck.plugin!.id] });
    assert.match(duck.tooltip!, /\n- Platform: verified with floe\\-core 0\.3\.0 \(2026-01-01T10:03:00\.000Z\)$/);
  });

  it('disagreements, unloadable and undiscovered plugins read as such', () => {
    assert.equal(markText({ ...MARK, verdict: 'disagrees', detail: 'version, config schema' }), 'platform disagrees: version, config schema — floe-core 0.3.0');
    assert.equal(
      markText({ ...MARK, verdict: 'not-loadable', detail: "ModuleNotFoundError: No module named 'x'" }),
      "platform cannot load it: ModuleNotFoundError: No module named 'x' — floe-core 0.3.0",
    );
    assert.equal(markText({ ...MARK, verdict: 'not-discovered', floeCore: undefined }), 'not discovered by the platform — floe-core');
  });

  it('summary and output lines of a run', () => {
    const r = {
      folders: [
        {
          uri: 'file:///ws',
          python: '/venv/bin/python',
          floeCore: { path: '/venv/floe_core', version: '0.3.0' },
          startupMs: 120,
          durationMs: 400,
          notes: ['n'],
          runtimeOnly: [{ group: 'floe.computes', name: 'extra' }],
          plugins: [
            { pluginId: 'a', group: 'floe.computes', entryPoint: 'a', name: 'a', verdict: 'verified' as const },
            { pluginId: 'b', group: 'floe.catalogs', entryPoint: 'b', name: 'b', verdict: 'disagrees' as const, detail: 'version' },
          ],
        },
      ],
    };
    assert.equal(verifySummary(r), 'Floe: 1 verified, 1 disagrees');
    assert.deepEqual(verifyLines(r), [
      'floe-core 0.3.0 at /venv/floe_core (/venv/bin/python), start-up 120 ms, 400 ms',
      '✓ floe.computes:a verified',
      '✗ floe.catalogs:b disagrees — version',
      '+ floe.computes:extra discovered by the platform only',
      'note: n',
    ]);
    assert.deepEqual(verifyLines({ folders: [{ ...r.folders[0], fatal: 'floe-core is not installed in /venv/bin/python' }] }), [
      '✗ floe-core is not installed in /venv/bin/python',
    ]);
    assert.equal(verifySummary({ folders: [] }), 'Floe: no plugins verified');
  });
});
