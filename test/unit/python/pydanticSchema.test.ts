// Static Pydantic translation details: required/defaults, config forms, aliases, open fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { laxenSchema, LAX_INT_STRING } from '../../../server/src/engine/python/pydanticLax';
import { jsPattern } from '../../../server/src/engine/python/pydanticTypes';
import type { StaticSchema } from '../../../server/src/engine/python/types';
import { memWorkspace } from './helpers';

const ZERO = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function translate(files: Record<string, string>, file: string, className: string): StaticSchema {
  const { py } = memWorkspace(files);
  const st = py.staticConfigSchema({ className, file: `/ws/${file}`, returnFile: `/ws/${file}`, returnRange: ZERO }, ['/ws']);
  assert.ok(st, 'translated');
  return st;
}

test('required vs defaults: Optional without default stays required; Field(...) and Field(None)', () => {
  const st = translate(
    {
      'm.py': `from typing import Optional
from pydantic import BaseModel, Field


class M(BaseModel):
    a: Optional[int]
    b: int = Field(...)
    c: Optional[str] = Field(None, description="C")
    d: list[str] = Field(default_factory=list)
    e: int = -3
    f: dict = {"k": [1, 2.5, True, None]}
`,
    },
    'm.py',
    'M',
  );
  assert.deepEqual(st.display, {
    type: 'object',
    title: 'M',
    properties: {
      a: { anyOf: [{ type: 'integer' }, { type: 'null' }], title: 'A' },
      b: { type: 'integer', title: 'B' },
      c: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'C', description: 'C', default: null },
      d: { type: 'array', items: { type: 'string' }, title: 'D', default: [] },
      e: { type: 'integer', title: 'E', default: -3 },
      f: { type: 'object', title: 'F', default: { k: [1, 2.5, true, null] } },
    },
    required: ['a', 'b'],
  });
  assert.deepEqual(st.open, []);
});

test('config forms: class Config, dict model_config, Extra.forbid, extra allow, inherited config', () => {
  const base = 'from pydantic import BaseModel, ConfigDict, Extra\n\n';
  const cases: Array<[string, unknown]> = [
    ['class M(BaseModel):\n    x: int = 1\n\n    class Config:\n        extra = "forbid"\n', false],
    ['class M(BaseModel):\n    model_config = {"extra": "forbid"}\n    x: int = 1\n', false],
    ['class M(BaseModel):\n    model_config = ConfigDict(extra=Extra.forbid)\n    x: int = 1\n', false],
    ['class M(BaseModel):\n    model_config = ConfigDict(extra="allow")\n    x: int = 1\n', true],
    ['class M(BaseModel):\n    model_config = ConfigDict(extra="ignore")\n    x: int = 1\n', undefined],
    ['class B(BaseModel):\n    model_config = ConfigDict(extra="forbid")\n\nclass M(B):\n    x: int = 1\n', false],
  ];
  for (const [src, expected] of cases) {
    const st = translate({ 'm.py': base + src }, 'm.py', 'M');
    assert.equal(st.schema.additionalProperties, expected, src);
  }
});

test('unreadable config or unresolved base: extra keys not checked, reason given', () => {
  const st = translate(
    {
      'm.py':
        'from pydantic import BaseModel\nfrom lib import Mixin, make_config\n\nclass M(Mixin, BaseModel):\n    model_config = make_config()\n    x: int\n',
    },
    'm.py',
    'M',
  );
  assert.equal(st.schema.additionalProperties, undefined);
  assert.deepEqual(st.schema.required, ['x']);
  assert.deepEqual(
    st.open.map((o) => o.path),
    ['(model)', '(model)'],
  );
  assert.match(st.open[0].reason, /base class 'Mixin' could not be resolved/);
  assert.match(st.open[1].reason, /model_config of 'M' not read statically/);
});

test('aliases, populate_by_name, titles and the docstring', () => {
  const st = translate(
    {
      'm.py': `from pydantic import BaseModel, ConfigDict, Field


class M(BaseModel):
    """Model doc.

    More lines.
    """

    model_config = ConfigDict(populate_by_name=True)

    memory_limit: str = Field(alias="memory-limit", title="Memory")
    s3_bucket: str
`,
    },
    'm.py',
    'M',
  );
  assert.equal(st.display?.description, 'Model doc.\n\nMore lines.');
  const props = st.display?.properties as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(props), ['memory-limit', 'memory_limit', 's3_bucket']);
  assert.equal(props['memory-limit'].title, 'Memory');
  assert.equal(props.s3_bucket.title, 'S3 Bucket');
  assert.deepEqual(st.display?.required, ['s3_bucket'], 'aliased field is required under either name: left out');
});

test('open fields: before-validators, custom types, unknown Annotated metadata, model validators', () => {
  const st = translate(
    {
      'm.py': `from typing import Annotated
from pydantic import BaseModel, BeforeValidator, field_validator
from lib import Custom


class M(BaseModel):
    a: int = 1
    b: Custom
    c: Annotated[int, BeforeValidator(int)] = 0
    d: "Undefined" = None

    @field_validator("a", mode="before")
    @classmethod
    def _a(cls, v):
        return v
`,
    },
    'm.py',
    'M',
  );
  assert.deepEqual(st.open, [
    { path: 'a', reason: 'a validator runs before Pydantic validates this field: value not checked' },
    { path: 'b', reason: "type 'Custom' not translated" },
    { path: 'c', reason: 'Annotated metadata `BeforeValidator(int)` not translated' },
    { path: 'd', reason: "type 'Undefined' not translated" },
  ]);
  const props = st.schema.properties as Record<string, Record<string, unknown>>;
  assert.deepEqual(props.a, { title: 'A', default: 1 });
  assert.deepEqual(props.b, { title: 'B' });
  assert.deepEqual(st.schema.required, ['b']);

  const mv = translate(
    {
      'm.py':
        'from pydantic import BaseModel, model_validator\n\nclass M(BaseModel):\n    x: int\n\n    @model_validator(mode="before")\n    @classmethod\n    def pre(cls, data):\n        return data\n',
    },
    'm.py',
    'M',
  );
  assert.deepEqual(mv.schema, { title: 'M', properties: { x: { title: 'X' } } });
  assert.match(mv.open[0].reason, /model validator that runs before validation/);
});

test('con* types, strict types, SecretStr/Path, nested models in another module, forward refs', () => {
  const st = translate(
    {
      'pkg/__init__.py': '',
      'pkg/inner.py': 'from pydantic import BaseModel\n\nclass Inner(BaseModel):\n    v: int = 0\n',
      'pkg/m.py': `from pathlib import Path
from typing import Optional
from pydantic import BaseModel, SecretStr, StrictBool, conint, constr, conlist
from .inner import Inner


class M(BaseModel):
    n: conint(ge=0, lt=10) = 0
    s: constr(min_length=1, pattern=r"^(?P<x>a)+$") = "a"
    l: conlist(int, max_length=2) = []
    flag: StrictBool = False
    secret: SecretStr = "x"
    where: Path = "."
    inner: Inner = Inner()
    self_ref: Optional["M"] = None
`,
    },
    'pkg/m.py',
    'M',
  );
  const d = st.display as { properties: Record<string, Record<string, unknown>>; $defs: Record<string, unknown> };
  assert.deepEqual(d.properties.n, { type: 'integer', minimum: 0, exclusiveMaximum: 10, title: 'N', default: 0 });
  assert.deepEqual(d.properties.s, { type: 'string', minLength: 1, pattern: '^(?<x>a)+$', title: 'S', default: 'a' });
  assert.deepEqual(d.properties.l, { type: 'array', items: { type: 'integer' }, maxItems: 2, title: 'L', default: [] });
  assert.deepEqual(d.properties.secret, { type: 'string', writeOnly: true, title: 'Secret', default: 'x' });
  assert.deepEqual(d.properties.where, { type: 'string', title: 'Where', default: '.' });
  assert.deepEqual(d.properties.inner, { $ref: '#/$defs/Inner' });
  assert.deepEqual(d.properties.self_ref, { anyOf: [{ $ref: '#/$defs/M' }, { type: 'null' }], title: 'Self Ref', default: null });
  assert.deepEqual(Object.keys(d.$defs), ['Inner', 'M']);
  const props = st.schema.properties as Record<string, Record<string, unknown>>;
  assert.deepEqual(props.flag, { type: 'boolean', title: 'Flag', default: false }, 'strict: not widened');
  assert.deepEqual(st.files.sort(), ['/ws/pkg/inner.py', '/ws/pkg/m.py']);
});

test('BaseSettings: fields may come from the environment (nothing required), extra forbidden by default', () => {
  const st = translate({ 'm.py': 'from pydantic_settings import BaseSettings\n\nclass S(BaseSettings):\n    token: str\n' }, 'm.py', 'S');
  assert.equal(st.schema.required, undefined);
  assert.equal(st.schema.additionalProperties, false);
});

test('not a model, and unknown class: answered without throwing', () => {
  const st = translate({ 'm.py': 'class Plain:\n    x: int = 1\n' }, 'm.py', 'Plain');
  assert.deepEqual(st.schema, {});
  assert.deepEqual(st.open, [{ path: '(model)', reason: "'Plain' is not a Pydantic model" }]);
  const { py } = memWorkspace({ 'm.py': 'x = 1\n' });
  assert.equal(py.staticConfigSchema({ className: 'Nope', file: '/ws/m.py', returnFile: '/ws/m.py', returnRange: ZERO }, ['/ws']), undefined);
  assert.equal(py.staticConfigSchema({ className: 'Nope', returnFile: '/ws/m.py', returnRange: ZERO }, ['/ws']), undefined);
});

test('laxenSchema widens Pydantic-style schemas; jsPattern converts or refuses', () => {
  const s = laxenSchema({
    type: 'object',
    properties: { n: { type: 'integer' }, e: { enum: [1, 2], type: 'integer' }, u: { type: 'array', uniqueItems: true } },
  });
  assert.deepEqual(s.properties, {
    n: { type: ['integer', 'string', 'boolean'], pattern: LAX_INT_STRING, 'x-declared-type': 'integer' },
    e: { enum: [1, 2], type: 'integer' },
    u: { type: 'array' },
  });
  assert.equal(jsPattern('(?P<y>\\d{4})-(?P=y)\\Z'), '(?<y>\\d{4})-\\k<y>$');
  assert.equal(jsPattern('(?i)abc'), undefined);
  assert.equal(jsPattern('[unclosed'), undefined);
});
