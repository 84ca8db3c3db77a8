// Hover: the plugin card on an entry point (pyproject.toml), a plugin class name or a dependency
// name (Python), and the manifest module's hover in manifests.
import type { Hover, Position } from 'vscode-languageserver';
import { pluginName, type PluginInfo } from '../engine/model';
import { rangeContains } from '../engine/text/lineIndex';
import { pluginCard } from './card';
import { fileKind, offsetAt, type DocContext } from './context';
import { manifestHover } from '../engine/manifest';
import { dependencyAt } from './python';
import { pluginAtDeclaration } from './toml';
import { verifyMark } from './verify';

export function pluginByName(ctx: DocContext, name: string): PluginInfo | undefined {
  return ctx.result.plugins.find((p) => pluginName(p) === name);
}

function markdown(value: string, range: Hover['range']): Hover {
  return { contents: { kind: 'markdown', value }, range };
}

export function hover(ctx: DocContext, pos: Position): Hover | null {
  const kind = fileKind(ctx);
  const health = (p: PluginInfo) => ctx.folder.health.get(p.id);
  const card = (p: PluginInfo) => pluginCard(p, ctx.result, health(p), verifyMark(ctx.folder, p.id));
  if (kind === 'pyproject' || kind === 'entry-points') {
    const hit = pluginAtDeclaration(ctx.result.plugins, ctx.file, pos);
    if (!hit) return null;
    const r = hit.on === 'value' ? hit.plugin.decl.valueRange : hit.plugin.decl.nameRange;
    return markdown(card(hit.plugin), r);
  }
  if (kind === 'python') {
    const cls = ctx.result.plugins.find((p) => p.cls?.file === ctx.file && rangeContains(p.cls.nameRange, pos));
    if (cls) return markdown(card(cls), cls.cls!.nameRange);
    const dep = dependencyAt(ctx.file, ctx.text, offsetAt(ctx, pos));
    if (dep?.str) {
      const p = pluginByName(ctx, dep.str.value);
      const range = ctx.lines.range(dep.str.contentFrom, dep.str.contentTo);
      if (p) return markdown(card(p), range);
      return markdown(`No discovered plugin is named \`${dep.str.value}\`.`, range);
    }
    return null;
  }
  if (kind === 'manifest' && ctx.folder.ws) {
    const h = manifestHover(ctx.file, ctx.text, offsetAt(ctx, pos), ctx.folder.ws.manifestContext());
    return h ? markdown(h.markdown, h.range) : null;
  }
  return null;
}
