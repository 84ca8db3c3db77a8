// The walkthrough's progress rules: a floe problem fixed by an edit of its file, a plugin that was
// not there at the first listing, a manifest recognised by its text; and the contributed steps each
// complete on a context key the client sets.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DiagnosticFixTracker, looksLikeManifest, NewPluginTracker } from '../../../client/src/walkthroughModel';

const root = process.env.FLOE_REPO_ROOT ?? path.resolve(__dirname, '../../../..');

describe('walkthrough: a diagnostic fixed', () => {
  it('a problem gone after an edit of its file is a fix', () => {
    const t = new DiagnosticFixTracker();
    assert.equal(t.report('a', ['missing-dependency|x']), false);
    t.edited('a');
    assert.equal(t.report('a', []), true);
  });
  it('gone without an edit of the file (another file changed, a restart) is not', () => {
    const t = new DiagnosticFixTracker();
    t.report('a', ['missing-dependency|x']);
    t.edited('b');
    assert.equal(t.report('a', []), false);
  });
  it('an edit that leaves the problems as they were, or only adds one, is not', () => {
    const t = new DiagnosticFixTracker();
    t.report('a', ['p|1']);
    t.edited('a');
    assert.equal(t.report('a', ['p|1']), false);
    t.edited('a');
    assert.equal(t.report('a', ['p|1', 'q|2']), false);
  });
  it('while the file does not parse, nothing counts; the fix counts once it parses again', () => {
    const t = new DiagnosticFixTracker();
    t.report('a', ['unknown-group|floe.computs']);
    t.edited('a');
    assert.equal(t.report('a', ['toml-syntax|expected =']), false);
    t.edited('a');
    assert.equal(t.report('a', []), true);
  });
  it('fixing one problem counts even when the next one shows', () => {
    const t = new DiagnosticFixTracker();
    t.report('a', ['p|1']);
    t.edited('a');
    assert.equal(t.report('a', ['q|2']), true);
  });
  it('edits of a file without problems, and a first report, count for nothing', () => {
    const t = new DiagnosticFixTracker();
    t.edited('a');
    assert.equal(t.report('a', ['p|1']), false);
  });
});

describe('walkthrough: a plugin created', () => {
  it('the first listing is the baseline; a new id later is a created plugin', () => {
    const t = new NewPluginTracker();
    assert.equal(t.listed(['a', 'b']), false);
    assert.equal(t.listed(['a']), false);
    assert.equal(t.listed(['a', 'b']), false);
    assert.equal(t.listed(['a', 'b', 'c']), true);
  });
  it('a list made before every folder was indexed is no baseline, and counts for nothing', () => {
    const t = new NewPluginTracker();
    assert.equal(t.listed([], false), false);
    assert.equal(t.listed(['a', 'b']), false);
    assert.equal(t.listed(['a'], false), false);
    assert.equal(t.listed(['a', 'b']), false);
    assert.equal(t.listed(['a', 'b', 'c']), true);
  });
  it('a manifest by its text', () => {
    assert.equal(looksLikeManifest('apiVersion: floe.dev/v1\nkind: Manifest\n'), true);
    assert.equal(looksLikeManifest('{"apiVersion": "floe.dev/v1", "kind": "Manifest"}'), true);
    assert.equal(looksLikeManifest('kind: Deployment\n'), false);
  });
});

describe('walkthrough contribution', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const walkthroughSrc = fs.readFileSync(path.join(root, 'client/src/walkthrough.ts'), 'utf8');
  it('five steps in order, each completing on a context key the client sets, each with its page', () => {
    const [w] = pkg.contributes.walkthroughs;
    assert.deepEqual(
      w.steps.map((s: { id: string }) => s.id),
      ['createPlugin', 'seePlugin', 'fixDiagnostic', 'validateManifest', 'runHealthChecks'],
    );
    for (const s of w.steps as Array<{ id: string; completionEvents: string[]; media: { markdown: string } }>) {
      assert.equal(s.completionEvents.length, 1, s.id);
      const m = /^onContext:(floe\.walkthrough\.[A-Za-z]+)$/.exec(s.completionEvents[0]);
      assert.ok(m, `${s.id}: ${s.completionEvents[0]}`);
      assert.ok(walkthroughSrc.includes(`'${m[1]}'`), `${s.id}: the client never sets ${m[1]}`);
      assert.ok(fs.existsSync(path.join(root, s.media.markdown)), s.media.markdown);
      assert.ok(
        pkg.files.some((f: string) => f === s.media.markdown || (f.endsWith('/*.md') && s.media.markdown.startsWith(f.slice(0, -4)))),
        `${s.media.markdown} is not packaged`,
      );
    }
  });
});
