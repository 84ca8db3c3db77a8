// Member signatures read from Python source (python/signatures.ts), the built-in table that stands in
// for floe-core (abcMembers.ts), and the Python the stubs write (python/stubs.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { NodeFileSystem } from '../../../server/src/engine/fs';
import { PythonAnalyzer } from '../../../server/src/engine/python/analyzer';
import { extractFacts } from '../../../server/src/engine/python/moduleFacts';
import { memberSignature, type MemberSignature } from '../../../server/src/engine/python/signatures';
import { defLines, docLines, importSection, memberLines } from '../../../server/src/engine/python/stubs';
import { builtinAbcNames, builtinAbstractMembers } from '../../../server/src/engine/abcMembers';

const REPO = process.env.FLOE_REPO_ROOT ?? process.cwd();
const MONOREPO_CORE = path.join(REPO, 'test', 'fixtures', 'monorepo', 'packages', 'floe-core', 'src', 'floe_core');

const SOURCE = [
  'from __future__ import annotations',
  '',
  'import datetime as dt',
  'from abc import abstractmethod',
  'from typing import TYPE_CHECKING, Any',
  '',
  'from ..schemas.things import Thing',
  'from .base import Base',
  '',
  'if TYPE_CHECKING:',
  '    from floe_core.network.schemas import Policy',
  '',
  '',
  'class Result:',
  '    pass',
  '',
  '',
  'class Widget(Base):',
  '    @property',
  '    @abstractmethod',
  '    def ready(self) -> bool:',
  '        """True when ready.',
  '',
  '        Second paragraph, not part of the summary.',
  '        """',
  '',
  '    @abstractmethod',
  '    async def send(',
  '        self,',
  '        thing: Thing,  # what to send',
  '        policy: Policy | None = None,',
  '        *,',
  '        sep: str = ", ",',
  '        when: dt.date | None=None,',
  '        **kwargs: Any,',
  '    ) -> Result:',
  '        ...',
  '',
  '    @abstractmethod',
  '    def plain(self, a, b=1): ...',
].join('\n');

test('a signature as declared: parameters one by one (comments and layout gone), kinds, return, docstring summary, the imports each name needs', () => {
  const m = extractFacts('/core/floe_core/plugins/widget.py', SOURCE);
  const cls = m.classes.get('Widget')!;
  const sig = (n: string) => memberSignature(m, 'floe_core.plugins.widget', cls, n);
  assert.deepEqual(sig('ready'), {
    name: 'ready',
    kind: 'property',
    async: false,
    params: [],
    returns: 'bool',
    doc: 'True when ready.',
    needs: [],
    owner: 'Widget',
  });
  assert.deepEqual(sig('send'), {
    name: 'send',
    kind: 'method',
    async: true,
    params: ['thing: Thing', 'policy: Policy | None = None', '*', 'sep: str = ", "', 'when: dt.date | None = None', '**kwargs: Any'],
    returns: 'Result',
    needs: [
      { local: 'Any', module: 'typing', name: 'Any', typeOnly: false },
      { local: 'Policy', module: 'floe_core.network.schemas', name: 'Policy', typeOnly: true },
      { local: 'Result', module: 'floe_core.plugins.widget', name: 'Result', typeOnly: false },
      { local: 'Thing', module: 'floe_core.schemas.things', name: 'Thing', typeOnly: false },
      { local: 'dt', module: 'datetime', typeOnly: false },
    ],
    owner: 'Widget',
  });
  assert.deepEqual(sig('plain'), { name: 'plain', kind: 'method', async: false, params: ['a', 'b=1'], needs: [], owner: 'Widget' });
  assert.equal(sig('missing'), undefined);
});

test('the built-in table says what the floe-core fixture declares, member by member (signatures and imports)', () => {
  const info = new PythonAnalyzer(new NodeFileSystem()).readFloeCore(MONOREPO_CORE)!;
  const strip = (m: MemberSignature) => ({ ...m, doc: undefined });
  for (const abc of builtinAbcNames()) {
    assert.deepEqual((info.abstractSignatures?.[abc] ?? []).map(strip), builtinAbstractMembers(abc)!.map(strip), abc);
  }
  assert.equal(builtinAbcNames().length, 16, 'PluginMetadata and the 15 plugin ABCs');
  assert.equal(builtinAbstractMembers('NoSuchPlugin'), undefined);
  // Each member says what it must do, in a line.
  for (const abc of builtinAbcNames()) for (const m of builtinAbstractMembers(abc)!) assert.ok(m.doc && !m.doc.includes('\n'), `${abc}.${m.name}`);
});

test('stubs: the def line wrapped one parameter per line past 100 characters; long docstrings wrapped', () => {
  const emit = builtinAbstractMembers('OrchestratorPlugin')!.find((m) => m.name === 'emit_lineage_event')!;
  const lines = defLines(emit, '    ');
  assert.equal(lines[0], '    def emit_lineage_event(');
  assert.equal(lines[1], '        self,');
  assert.equal(lines.at(-1), '    ) -> UUID:');
  assert.deepEqual(defLines(builtinAbstractMembers('SecretsPlugin')![0], '    '), ['    def get_secret(self, key: str) -> str | None:']);
  assert.deepEqual(docLines('Short.', '        '), ['        """Short."""']);
  const long = docLines('word '.repeat(30).trim(), '        ');
  assert.ok(long.length >= 3 && long.every((l) => l.length <= 100), long.join('\n'));
  assert.equal(long.at(-1), '        """');
  assert.deepEqual(docLines('ends with a "quote"', ''), ['"""ends with a "quote" """']);
  const send = builtinAbstractMembers('AlertChannelPlugin')![0];
  assert.deepEqual(memberLines(send, { indent: '    ' }), [
    '    async def send_alert(self, event: ContractViolationEvent) -> bool:',
    '        """Deliver an alert about this contract violation; return whether it was delivered."""',
    '        raise NotImplementedError',
  ]);
  const prop = builtinAbstractMembers('IngestionPlugin')![0];
  assert.deepEqual(memberLines(prop, { indent: '    ', bodies: {} }).slice(0, 2), ['    @property', '    def is_external(self) -> bool:']);
  assert.equal(memberLines(prop, { indent: '    ' }).at(-1), '        return False', 'a property reads without failing');
});

test('an import section: future, standard library, third party, local; type-checking names in their own block', () => {
  assert.deepEqual(
    importSection(
      [
        { local: 'Any', module: 'typing', name: 'Any', typeOnly: false },
        { local: 'Path', module: 'pathlib', name: 'Path', typeOnly: false },
        { local: 'RoleConfig', module: 'floe_core.schemas.rbac', name: 'RoleConfig', typeOnly: true },
        { local: 'RBACPlugin', module: 'floe_core.plugins.rbac', name: 'RBACPlugin', typeOnly: false },
        { local: 'Config', module: 'floe_rbac_x.config', name: 'Config', typeOnly: false },
        { local: 'BaseModel', module: 'pydantic', name: 'BaseModel', typeOnly: false },
      ],
      ['floe_rbac_x'],
    ),
    [
      'from __future__ import annotations',
      '',
      'from pathlib import Path',
      'from typing import TYPE_CHECKING, Any',
      '',
      'from floe_core.plugins.rbac import RBACPlugin',
      'from pydantic import BaseModel',
      '',
      'from floe_rbac_x.config import Config',
      '',
      'if TYPE_CHECKING:',
      '    from floe_core.schemas.rbac import RoleConfig',
    ],
  );
});
