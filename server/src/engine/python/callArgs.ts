// The arguments of a call (`f(a, b, key=value)`) in a parsed module: positional nodes and keyword
// nodes by name. `*x` / `**x` unpacking shows up as a positional `*` / `**` token.
import type { ModuleFacts } from './moduleFacts';
import { child, children, nodeText, type SyntaxNode } from './syntax';

export interface CallArgs {
  positional: SyntaxNode[];
  kw: Map<string, SyntaxNode>;
}

export function callArgs(mod: ModuleFacts, call: SyntaxNode): CallArgs {
  const out: CallArgs = { positional: [], kw: new Map() };
  const list = child(call, 'ArgList');
  if (!list) return out;
  const cs = children(list).filter((c) => c.name !== '(' && c.name !== ')' && c.name !== ',');
  for (let i = 0; i < cs.length; i++) {
    if (cs[i].name === 'VariableName' && cs[i + 1]?.name === 'AssignOp' && cs[i + 2]) {
      out.kw.set(nodeText(mod.parsed, cs[i]), cs[i + 2]);
      i += 2;
    } else out.positional.push(cs[i]);
  }
  return out;
}
