// Where get_config_schema() points: the returned class and the return expression.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memWorkspace, rangeOf, target } from './helpers';

const CONFIG = `from pydantic import BaseModel


class DuckConfig(BaseModel):
    path: str = ":memory:"
`;
const META = `    name = "p"
    version = "1.0.0"
    floe_api_version = "1.0"
`;

test('top-level class in the same module', () => {
  const src = `from floe_core.plugins import ComputePlugin
from pydantic import BaseModel


class LocalConfig(BaseModel):
    x: int = 1


class P(ComputePlugin):
${META}
    def get_config_schema(self):
        return LocalConfig
`;
  const { py } = memWorkspace({ 'pkg/p.py': src });
  assert.deepEqual(target(py, 'pkg.p:P').configSchema, {
    className: 'LocalConfig',
    file: '/ws/pkg/p.py',
    line: 4,
    range: rangeOf(src, 'LocalConfig'),
    returnFile: '/ws/pkg/p.py',
    returnRange: rangeOf(src, 'LocalConfig', 1),
  });
});

test('module-level import, function-local import, classmethod, staticmethod', () => {
  const mk = (body: string) => `from floe_core.plugins import ComputePlugin
from .config import DuckConfig as Imported


class P(ComputePlugin):
${META}
${body}`;
  const variants: Array<[string, string]> = [
    ['module import', '    def get_config_schema(self):\n        return Imported\n'],
    ['local import', '    def get_config_schema(self) -> type:\n        from pkg.config import DuckConfig\n        return DuckConfig\n'],
    ['classmethod', '    @classmethod\n    def get_config_schema(cls):\n        from .config import DuckConfig\n\n        return DuckConfig\n'],
    ['staticmethod', '    @staticmethod\n    def get_config_schema():\n        return Imported\n'],
  ];
  for (const [label, body] of variants) {
    const src = mk(body);
    const { py } = memWorkspace({ 'pkg/__init__.py': '', 'pkg/config.py': CONFIG, 'pkg/p.py': src });
    const ret = body.includes('return Imported') ? 'Imported' : 'DuckConfig';
    const needle = `return ${ret}`;
    const at = rangeOf(src, needle);
    const a = target(py, 'pkg.p:P');
    assert.deepEqual(
      a.configSchema,
      {
        className: 'DuckConfig',
        file: '/ws/pkg/config.py',
        line: 3,
        range: rangeOf(CONFIG, 'DuckConfig'),
        returnFile: '/ws/pkg/p.py',
        returnRange: { start: { line: at.start.line, character: at.start.character + 7 }, end: at.end },
      },
      label,
    );
    assert.ok(a.files.includes('/ws/pkg/config.py'), label);
  }
});

test('class from floe_core outside the roots: name only', () => {
  const src = `from floe_core.plugins import ComputePlugin


class P(ComputePlugin):
${META}
    def get_config_schema(self):
        from floe_core.schemas import ComputeConfig
        return ComputeConfig
`;
  const { py } = memWorkspace({ 'pkg/p.py': src });
  assert.deepEqual(target(py, 'pkg.p:P').configSchema, {
    className: 'ComputeConfig',
    returnFile: '/ws/pkg/p.py',
    returnRange: rangeOf(src, 'ComputeConfig', 1),
  });
});

test('return None, no override, and inherited from a workspace base', () => {
  const base = `from floe_core.plugins import ComputePlugin
from .config import DuckConfig


class Base(ComputePlugin):
    def get_config_schema(self):
        return DuckConfig
`;
  const { py } = memWorkspace({
    'pkg/__init__.py': '',
    'pkg/config.py': CONFIG,
    'pkg/base.py': base,
    'pkg/none.py': `from floe_core.plugins import ComputePlugin\n\nclass P(ComputePlugin):\n${META}\n    def get_config_schema(self):\n        return None\n`,
    'pkg/plain.py': `from floe_core.plugins import ComputePlugin\n\nclass P(ComputePlugin):\n${META}`,
    'pkg/child.py': `from .base import Base\n\nclass P(Base):\n${META}`,
  });
  assert.equal(target(py, 'pkg.none:P').configSchema, undefined);
  assert.equal(target(py, 'pkg.plain:P').configSchema, undefined);
  const c = target(py, 'pkg.child:P').configSchema;
  assert.deepEqual(c, {
    className: 'DuckConfig',
    file: '/ws/pkg/config.py',
    line: 3,
    range: rangeOf(CONFIG, 'DuckConfig'),
    returnFile: '/ws/pkg/base.py',
    returnRange: rangeOf(base, 'DuckConfig', 1),
  });
});
