// Hover: the plugin card — one format wherever a plugin is named — on an entry point
// (pyproject.toml), a plugin class name or a dependency name (Python) and a manifest selection's
// `type`; the manifest module's hover on other manifest keys.
import type { Hover, Position } from 'vscode-languageserver';
import { dependencyAt, manifestHover, pluginAtClass, pluginAtDeclaration, pluginByName, type PluginInfo } from '../../engine';
import { pluginCard } from './card';
import { offsetAt, type DocContext } from './context';
import { verifyMark } from './verify';

function markdown(value: string, range: Hover['range']): Hover {
  return { contents: { kind: 'markdown', value }, range };
}

export function hover(ctx: DocContext, pos: Position): Hover | null {
  const kind = ctx.kind;
  const health = (p: PluginInfo) => ctx.folder.health.get(p.id);
  const card = (p: PluginInfo) => pluginCard(p, ctx.result, health(p), verifyMark(ctx.folder, p.id));
  if (kind === 'pyproject' || kind === 'entry-points') {
    const hit = pluginAtDeclaration(ctx.result.plugins, ctx.file, pos);
    if (!hit) return null;
    const r = hit.on === 'value' ? hit.plugin.decl.valueRange : hit.plugin.decl.nameRange;
    return markdown(card(hit.plugin), r);
  }
  if (kind === 'python') {
    const cls = pluginAtClass(ctx.result.plugins, ctx.file, pos, 'name');
    if (cls) return markdown(card(cls), cls.cls!.nameRange);
    const dep = dependencyAt(ctx.file, ctx.text, offsetAt(ctx, pos));
    if (dep?.str) {
      const p = pluginByName(ctx.result.plugins, dep.str.value);
      const range = ctx.lines.range(dep.str.contentFrom, dep.str.contentTo);
      if (p) return markdown(card(p), range);
      return markdown(`No discovered plugin is named \`${dep.str.value}\`.`, range);
    }
    return null;
  }
  if (kind === 'manifest' && ctx.folder.ws) {
    const h = manifestHover(ctx.file, ctx.text, offsetAt(ctx, pos), ctx.folder.ws.manifestContext());
    if (!h) return null;
    return 'plugin' in h ? markdown(pluginCard(h.plugin, ctx.result, health(h.plugin)), h.range) : markdown(h.markdown, h.range);
  }
  return null;
}
