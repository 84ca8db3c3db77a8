// Writing Python: stubs that implement abstract members with their exact signatures, and the
// import lines their annotations need, grouped as isort groups them (future, standard library,
// third party, local).
import type { MemberSignature, NeededName } from './signatures';

/** Longest line the stubs write before a signature is wrapped one parameter per line (ruff's 100). */
const MAX_LINE = 100;

const STDLIB = new Set([
  'abc',
  'asyncio',
  'collections',
  'contextlib',
  'dataclasses',
  'datetime',
  'decimal',
  'enum',
  'functools',
  'ipaddress',
  'itertools',
  'json',
  'logging',
  'os',
  'pathlib',
  're',
  'sys',
  'time',
  'types',
  'typing',
  'uuid',
]);

/** Whether a module belongs to the standard library (the modules plugin signatures use). */
export function isStdlib(module: string): boolean {
  return STDLIB.has(module.split('.')[0]);
}

/** The `def` line(s) of a member, wrapped when too long. */
export function defLines(sig: MemberSignature, indent: string): string[] {
  const head = `${indent}${sig.async ? 'async ' : ''}def ${sig.name}(`;
  const tail = `)${sig.returns ? ` -> ${sig.returns}` : ''}:`;
  const params = ['self', ...sig.params];
  const one = `${head}${params.join(', ')}${tail}`;
  if (one.length <= MAX_LINE) return [one];
  return [head, ...params.map((p) => `${indent}    ${p},`), `${indent}${tail}`];
}

/** A docstring: one line, or wrapped at the line limit with the closing quotes on their own line. */
export function docLines(text: string, indent: string): string[] {
  const safe = text.replace(/\\/g, '\\\\').replace(/"""/g, '\\"""');
  const one = `${indent}"""${safe}${safe.endsWith('"') ? ' ' : ''}"""`;
  if (one.length <= MAX_LINE) return [one];
  const out: string[] = [];
  let line = `${indent}"""`;
  for (const word of safe.split(/\s+/)) {
    if (line.length + word.length + 1 > MAX_LINE && line.trim() !== '"""') {
      out.push(line.trimEnd());
      line = indent;
    }
    line += (line === indent || line.endsWith('"""') ? '' : ' ') + word;
  }
  out.push(line, `${indent}"""`);
  return out;
}

/** A neutral value of a simple property type, so reading the property never fails. */
function neutralValue(returns: string | undefined): string | undefined {
  if (!returns) return undefined;
  const t = returns.replace(/\s/g, '');
  if (/\|None$|^None\||^Optional\[/.test(t)) return 'None';
  if (t === 'bool') return 'False';
  if (t === 'str') return '""';
  if (t === 'int') return '0';
  if (t === 'float') return '0.0';
  if (/^(list|List|Sequence)\b/.test(t)) return '[]';
  if (/^(dict|Dict|Mapping)\b/.test(t)) return '{}';
  return undefined;
}

export interface StubOptions {
  /** The indentation of the class body. */
  indent: string;
  /** Bodies written as given (`return "spark"`), by member name. */
  bodies?: Record<string, string[]>;
}

/**
 * One member as Python lines: `@property` when it is one, the signature as declared, a docstring
 * saying what it must do, and a body — the given one; for a property, a neutral value of its type;
 * otherwise `raise NotImplementedError`.
 */
export function memberLines(sig: MemberSignature, o: StubOptions): string[] {
  const inner = o.indent + '    ';
  const out: string[] = [];
  if (sig.kind === 'property') out.push(`${o.indent}@property`);
  out.push(...defLines(sig, o.indent));
  out.push(...docLines(sig.doc ?? `Required by ${sig.owner}.`, inner));
  const given = o.bodies?.[sig.name];
  if (given) out.push(...given.map((l) => inner + l));
  else {
    const v = sig.kind === 'property' ? neutralValue(sig.returns) : undefined;
    out.push(v ? `${inner}return ${v}` : `${inner}raise NotImplementedError`);
  }
  return out;
}

/** Members as one block: each preceded by a blank line. */
export function membersBlock(sigs: readonly MemberSignature[], o: StubOptions): string[] {
  return sigs.flatMap((s) => ['', ...memberLines(s, o)]);
}

export interface ImportLine {
  module: string;
  names?: string[];
  alias?: string;
}

/** `from m import a, b` for each module (names sorted), and `import m` for module imports. */
export function importStatements(needs: readonly NeededName[]): string[] {
  const from = new Map<string, Set<string>>();
  const plain = new Set<string>();
  for (const n of needs) {
    if (n.name) {
      const text = n.local === n.name ? n.name : `${n.name} as ${n.local}`;
      from.set(n.module, (from.get(n.module) ?? new Set()).add(text));
    } else plain.add(n.local === n.module || n.module.startsWith(n.local + '.') ? `import ${n.module}` : `import ${n.module} as ${n.local}`);
  }
  const lines = [...plain, ...[...from].map(([m, ns]) => `from ${m} import ${[...ns].sort(byName).join(', ')}`)];
  return lines.sort((a, b) => moduleOf(a).localeCompare(moduleOf(b)) || a.localeCompare(b));
}

function byName(a: string, b: string): number {
  // isort's order: CONSTANTS, Classes, functions.
  const rank = (s: string) => (/^[A-Z0-9_]+$/.test(s) ? 0 : /^[A-Z]/.test(s) ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b);
}

function moduleOf(line: string): string {
  return /^(?:from|import) ([\w.]+)/.exec(line)?.[1] ?? line;
}

/**
 * The import section of a new module: `from __future__ import annotations`, then the standard
 * library, third-party and `local` modules as groups, then an `if TYPE_CHECKING:` block for names
 * floe-core imports only for type checkers.
 */
export function importSection(needs: readonly NeededName[], local: readonly string[]): string[] {
  const runtime = needs.filter((n) => !n.typeOnly || needs.some((o) => o.local === n.local && !o.typeOnly));
  const typeOnly = dedupe(needs.filter((n) => n.typeOnly && !runtime.some((r) => r.local === n.local)));
  const all = dedupe(typeOnly.length ? [...runtime, { local: 'TYPE_CHECKING', module: 'typing', name: 'TYPE_CHECKING', typeOnly: false }] : runtime);
  const isLocal = (m: string) => local.some((l) => m === l || m.startsWith(l + '.'));
  const std = all.filter((n) => isStdlib(n.module));
  const third = all.filter((n) => !isStdlib(n.module) && !isLocal(n.module));
  const mine = all.filter((n) => isLocal(n.module));
  const groups = [['from __future__ import annotations'], importStatements(std), importStatements(third), importStatements(mine)].filter((g) => g.length);
  const out = groups.flatMap((g) => [...g, '']);
  if (typeOnly.length) out.push('if TYPE_CHECKING:', ...importStatements(typeOnly).map((l) => `    ${l}`), '');
  return out.slice(0, -1);
}

function dedupe(needs: readonly NeededName[]): NeededName[] {
  const seen = new Set<string>();
  return needs.filter((n) => {
    const k = `${n.local}\0${n.module}\0${n.name ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
