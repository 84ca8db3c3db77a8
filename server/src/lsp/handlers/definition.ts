// Go to definition: entry-point value -> plugin class; dependency name (Python) -> that plugin's
// class; manifest `type:` -> the plugin (via the manifest module).
import type { Location, Position } from 'vscode-languageserver';
import { dependencyAt, manifestDefinition, pluginAtDeclaration, pluginByName, type PluginInfo } from '../../engine';
import { offsetAt, type DocContext } from './context';
import { pathToUri } from '../uri';

function pluginLocation(p: PluginInfo): Location {
  return p.cls ? { uri: pathToUri(p.cls.file), range: p.cls.nameRange } : { uri: pathToUri(p.decl.file), range: p.decl.nameRange };
}

export function definition(ctx: DocContext, pos: Position): Location[] {
  const kind = ctx.kind;
  if (kind === 'pyproject' || kind === 'entry-points') {
    const hit = pluginAtDeclaration(ctx.result.plugins, ctx.file, pos);
    return hit?.plugin.cls ? [pluginLocation(hit.plugin)] : [];
  }
  if (kind === 'python') {
    const dep = dependencyAt(ctx.file, ctx.text, offsetAt(ctx, pos));
    const p = dep?.str ? pluginByName(ctx.result.plugins, dep.str.value) : undefined;
    return p ? [pluginLocation(p)] : [];
  }
  if (kind === 'manifest' && ctx.folder.ws) {
    const d = manifestDefinition(ctx.file, ctx.text, offsetAt(ctx, pos), ctx.folder.ws.manifestContext());
    const list = !d ? [] : Array.isArray(d) ? d : [d];
    return list.map((l) => ({ uri: pathToUri(l.file), range: l.range }));
  }
  return [];
}
