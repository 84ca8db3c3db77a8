// Agreement of the manifest model validation (the static translation of the fixture floe-core's
// PlatformManifest, its validators interpreted) with real Pydantic 2: for every sample manifest,
// the same verdict (valid or not), the same failing locations and the same warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { NodeFileSystem } from '../../../server/src/engine/fs';
import { manifestModel } from '../../../server/src/engine/manifest/manifestModel';
import { ModelValidator } from '../../../server/src/engine/manifest/modelValidate';
import { parseManifest } from '../../../server/src/engine/manifest/parse';
import { PythonAnalyzer } from '../../../server/src/engine/python/analyzer';
import { FIX, makeCtx } from './helpers';
import { sampleManifests } from './manifestSamples';

const CORE_SRC = path.join(FIX, 'floe_core_src');

const SCRIPT = `
import json, sys, warnings
sys.path.insert(0, sys.argv[1])
from pydantic import ValidationError
from floe_core.schemas.manifest import PlatformManifest

def norm(loc, data):
    # Pydantic's location without the segments that are not keys of the input: the tag of a
    # discriminated union and '[key]' (a dict key's own error); a missing/extra key stays last.
    out, cur = [], data
    for i, seg in enumerate(loc):
        if isinstance(cur, dict) and seg in cur:
            out.append(seg); cur = cur[seg]; continue
        if isinstance(cur, list) and isinstance(seg, int) and seg < len(cur):
            out.append(seg); cur = cur[seg]; continue
        if seg == '[key]':
            continue
        if isinstance(cur, dict) and any(v == seg for v in cur.values() if isinstance(v, str)):
            continue
        out.append(seg)
        cur = None
    return out

results = []
for data in json.load(sys.stdin):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            PlatformManifest.model_validate(data)
            errors = []
        except ValidationError as e:
            errors = e.errors()
    locs = sorted({json.dumps(norm(list(err['loc']), data)) for err in errors})
    results.append({'valid': not errors, 'locs': locs, 'warned': any(issubclass(w.category, UserWarning) for w in caught)})
print(json.dumps(results))
`;

interface Verdict {
  valid: boolean;
  locs: string[];
  warned: boolean;
}

test('manifest model: the static translation agrees with Pydantic 2 model_validate on every sample (verdict, locations, warning)', () => {
  const samples = sampleManifests(260);
  const py = spawnSync('python3', ['-c', SCRIPT, CORE_SRC], { input: JSON.stringify(samples), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(py.status, 0, `python3 failed: ${py.stderr}`);
  const truth = JSON.parse(py.stdout) as Verdict[];
  const ctx = makeCtx({ python: new PythonAnalyzer(new NodeFileSystem()), floeCoreDirs: [path.join(CORE_SRC, 'floe_core')] });
  const { model, problem } = manifestModel(ctx);
  assert.equal(problem, undefined);
  assert.equal(model.source, 'floe-core');
  const validator = new ModelValidator(model);
  const disagreements: string[] = [];
  let valid = 0,
    warned = 0;
  samples.forEach((sample, i) => {
    const parsed = parseManifest(path.join(FIX, `agreement-${i}.json`), JSON.stringify(sample, null, 1));
    const issues = validator.validate(parsed.root);
    const errors = issues.filter((x) => x.severity === 'error');
    const ours: Verdict = {
      valid: errors.length === 0,
      locs: [...new Set(errors.map((x) => JSON.stringify(x.loc).replace(/,/g, ', ')))].sort(),
      warned: issues.some((x) => x.code === 'manifest-warning'),
    };
    const want = truth[i];
    if (want.valid) valid++;
    if (want.warned) warned++;
    if (ours.valid !== want.valid || JSON.stringify(ours.locs) !== JSON.stringify(want.locs) || ours.warned !== want.warned) {
      disagreements.push(
        `#${i} ${JSON.stringify(sample).slice(0, 400)}\n  pydantic: ${JSON.stringify(want)}\n  static:   ${JSON.stringify(ours)} ${JSON.stringify(errors.map((e) => e.body))}`,
      );
    }
  });
  console.log(`manifest model vs pydantic: ${samples.length - disagreements.length}/${samples.length} samples agree (${valid} valid, ${warned} warned)`);
  assert.deepEqual(disagreements, []);
  assert.ok(samples.length >= 200 && valid >= 30 && valid <= samples.length - 100, `a mix of valid (${valid}) and invalid samples`);
});
