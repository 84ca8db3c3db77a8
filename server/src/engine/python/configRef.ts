// Where get_config_schema() points, resolved only when something reads it. The returned class
// usually sits in another module (config.py) that nothing else needs parsed: a check of a
// thousand packages reads it only for the plugins a manifest selects. Until then the reference
// knows only the returned expression and where it is; reading any of its fields resolves it (the
// same answer an eager resolution gives, from the files as they are then), and the files read are
// reported, so that a change to them invalidates the plugin's analysis from then on.
import type { ConfigSchemaRef, Range } from '../model';

const LAZY = Symbol('lazyConfigSchemaRef');

interface LazyState {
  source: string;
  ref?: ConfigSchemaRef;
}

/** A reference resolved by `resolve` on first read of any field but `returnFile`, `returnRange`. */
export function lazyConfigSchemaRef(returnFile: string, returnRange: Range, source: string, resolve: () => ConfigSchemaRef): ConfigSchemaRef {
  let ref: ConfigSchemaRef | undefined;
  let pending: (() => ConfigSchemaRef) | undefined = resolve;
  const state: LazyState = { source };
  const get = (): ConfigSchemaRef => {
    if (!ref) {
      const r = pending!;
      pending = undefined; // let go of the parsed module the closure holds
      ref = r();
      state.ref = ref;
    }
    return ref;
  };
  return new Proxy({} as ConfigSchemaRef, {
    get: (_t, k) => {
      if (k === LAZY) return state;
      if (k === 'returnFile' && !ref) return returnFile;
      if (k === 'returnRange' && !ref) return returnRange;
      return Reflect.get(get(), k);
    },
    has: (_t, k) => Reflect.has(get(), k),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor: (_t, k) => {
      const d = Reflect.getOwnPropertyDescriptor(get(), k);
      if (d) d.configurable = true;
      return d;
    },
    set: (_t, k, v) => Reflect.set(get(), k, v),
    deleteProperty: (_t, k) => Reflect.deleteProperty(get(), k),
    defineProperty: (_t, k, d) => Reflect.defineProperty(get(), k, d),
  });
}

function lazyState(ref: ConfigSchemaRef): LazyState | undefined {
  return (ref as unknown as Record<symbol, LazyState | undefined>)[LAZY];
}

/**
 * What identifies a config-schema reference without resolving it: the returned expression and
 * where it is (a plain reference: the class and its file). It changes when the plugin's class
 * changes what it returns; a change to the module the class is in is a change of that file, which
 * the manifests and the plugin's analysis depend on once the reference was read.
 */
export function configSchemaKey(ref: ConfigSchemaRef | undefined): string {
  if (!ref) return '';
  return lazyState(ref)?.source ?? `${ref.className}|${ref.file ?? ''}`;
}

/** A reference as plain data (for another thread): its fields when resolved, else what a lazy one knows. */
export type ConfigRefData = { resolved: ConfigSchemaRef } | { lazy: { returnFile: string; returnRange: Range; source: string } };

/** `resolve`: resolve a lazy reference first. */
export function configRefData(ref: ConfigSchemaRef, resolve = false): ConfigRefData {
  const lazy = lazyState(ref);
  if (lazy && resolve) void ref.className;
  const r = lazy ? lazy.ref : ref;
  if (r) {
    const out: ConfigSchemaRef = { className: r.className, returnFile: r.returnFile, returnRange: r.returnRange };
    if (r.file !== undefined) out.file = r.file;
    if (r.line !== undefined) out.line = r.line;
    if (r.range !== undefined) out.range = r.range;
    return { resolved: out };
  }
  return { lazy: { returnFile: ref.returnFile, returnRange: ref.returnRange, source: lazy!.source } };
}
