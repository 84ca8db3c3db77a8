// Is a YAML/JSON file a platform manifest? Only when `apiVersion: floe.dev/...` and
// `kind: Manifest` are keys of its top-level mapping: a JSON Schema whose examples or property
// definitions mention them (nested, never at the top) is not one.
import { visit } from 'jsonc-parser';

const HEAD = 262144;

class Found extends Error {}

/** Top-level string values of `keys` in a JSON(-like) text, read without building a tree. */
function jsonTopLevel(text: string, keys: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  try {
    visit(
      text,
      {
        onLiteralValue(value, _offset, _length, _line, _char, pathSupplier) {
          const p = pathSupplier();
          if (p.length === 1 && typeof p[0] === 'string' && keys.includes(p[0]) && typeof value === 'string' && !out.has(p[0])) {
            out.set(p[0], value);
            if (out.size === keys.length) throw new Found();
          }
        },
      },
      { allowTrailingComma: true, disallowComments: false },
    );
  } catch (e) {
    if (!(e instanceof Found)) throw e;
  }
  return out;
}

const KEYS = ['apiVersion', 'kind', '$schema'] as const;

function yamlTopLevel(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /^(["']?)(apiVersion|kind|\$schema)\1[ \t]*:[ \t]*(["']?)([^\s"'#]*)\3[ \t]*(?:#.*)?$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) if (!out.has(m[2])) out.set(m[2], m[4]);
  return out;
}

/** Cheap test (no full parse) for a manifest: `apiVersion: floe.dev/...` and `kind: Manifest` at the top level. */
export function looksLikeManifest(file: string, text: string): boolean {
  const head = text.length > HEAD ? text.slice(0, HEAD) : text;
  if (!head.includes('floe.dev/') || !head.includes('Manifest')) return false;
  const first = /^(?:\s|#[^\n]*\n|\/\/[^\n]*\n|---[^\n]*\n)*(.)/.exec(head)?.[1];
  const top = /\.json$/i.test(file) || first === '{' ? jsonTopLevel(head, KEYS) : yamlTopLevel(head);
  const schema = top.get('$schema');
  if (schema !== undefined && /json-schema\.org/.test(schema)) return false;
  return /^floe\.dev\//.test(top.get('apiVersion') ?? '') && top.get('kind') === 'Manifest';
}
