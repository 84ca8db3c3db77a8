// Agreement of the static Pydantic translation with real Pydantic 2: every sample config must be
// accepted/rejected by the static schema (via ajv) exactly as `Model.model_validate` decides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { NodeFileSystem } from '../../../server/src/engine/fs';
import { PythonAnalyzer } from '../../../server/src/engine/python/analyzer';
import { findModule } from '../../../server/src/engine/python/moduleResolver';
import { DECLARED_TYPE } from '../../../server/src/engine/python/pydanticLax';
import { FIXTURES } from './helpers';

const ROOTS = [path.join(FIXTURES, 'models'), path.join(FIXTURES, 'src_layout/src'), path.join(FIXTURES, 'floe_core_src')];
const SAMPLES: Record<string, unknown[]> = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'models/samples.json'), 'utf8'));

const SCRIPT = `
import importlib, json, sys
data = json.load(sys.stdin)
sys.path[:0] = data["roots"]
out = {}
for key, samples in data["models"].items():
    mod, cls = key.split(":")
    model = getattr(importlib.import_module(mod), cls)
    valid = []
    for s in samples:
        try:
            model.model_validate(s)
            valid.append(True)
        except Exception:
            valid.append(False)
    out[key] = {"schema": model.model_json_schema(), "valid": valid}
print(json.dumps(out))
`;

interface PyResult {
  schema: Record<string, unknown>;
  valid: boolean[];
}

function runPydantic(): Record<string, PyResult> {
  const r = spawnSync('python3', ['-c', SCRIPT], { input: JSON.stringify({ roots: ROOTS, models: SAMPLES }), encoding: 'utf8' });
  assert.equal(r.status, 0, `python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

test('static translation agrees with Pydantic 2 model_validate on every sample', () => {
  const py = new PythonAnalyzer(new NodeFileSystem());
  const truth = runPydantic();
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
  // The widened schema carries the declared type as an annotation: it never changes what validates.
  ajv.addKeyword(DECLARED_TYPE);
  const ajvPy = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajvPy);
  ajvPy.addFormat('path', true);
  let total = 0,
    agree = 0,
    pyAgree = 0;
  const disagreements: string[] = [];
  for (const [key, samples] of Object.entries(SAMPLES)) {
    const [mod, cls] = key.split(':');
    const loc = findModule(new NodeFileSystem(), mod, ROOTS);
    assert.ok(loc?.file, `module ${mod}`);
    const st = py.staticConfigSchema(
      { className: cls, file: loc.file, returnFile: loc.file, returnRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
      ROOTS,
    );
    assert.ok(st, `static schema for ${key}`);
    const validate = ajv.compile(st.schema);
    const validatePy = ajvPy.compile(truth[key].schema);
    samples.forEach((sample, i) => {
      total++;
      const expected = truth[key].valid[i];
      const got = validate(sample) as boolean;
      if (got === expected) agree++;
      else
        disagreements.push(
          `${key} #${i} ${JSON.stringify(sample)}: pydantic ${expected ? 'accepts' : 'rejects'}, static ${got ? 'accepts' : 'rejects'} ${JSON.stringify(validate.errors ?? [])}`,
        );
      if ((validatePy(sample) as boolean) === expected) pyAgree++;
    });
  }
  console.log(`static vs pydantic: ${agree}/${total} samples agree`);
  console.log(`(pydantic's own model_json_schema() vs model_validate: ${pyAgree}/${total} samples agree)`);
  assert.deepEqual(disagreements, []);
  assert.ok(total >= 100);
});

test('translation shape: the DuckDB config as hover/completion see it', () => {
  const py = new PythonAnalyzer(new NodeFileSystem());
  const file = path.join(FIXTURES, 'src_layout/src/floe_duck/config.py');
  const st = py.staticConfigSchema(
    { className: 'DuckDBConfig', file, returnFile: file, returnRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    [path.join(FIXTURES, 'src_layout/src')],
  );
  assert.deepEqual(st?.schema, {
    type: 'object',
    title: 'DuckDBConfig',
    description: 'DuckDB settings.',
    properties: {
      path: { type: 'string', title: 'Path', description: 'Database file', default: ':memory:' },
      threads: {
        type: ['integer', 'string', 'boolean'],
        pattern: '^\\s*[+-]?\\d+(_\\d+)*(\\.0+)?\\s*$',
        'x-declared-type': 'integer',
        minimum: 1,
        maximum: 64,
        title: 'Threads',
        description: 'Worker threads',
        default: 4,
      },
    },
    additionalProperties: false,
  });
  assert.deepEqual(st?.open, []);
  assert.deepEqual(st?.files, [file]);
});
