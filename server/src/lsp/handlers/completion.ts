// Completion: `floe.*` group names in pyproject.toml entry-point tables, discovered plugin names
// in Python `dependencies` lists, and the manifest module's completions in manifests.
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type Position } from 'vscode-languageserver';
import { dependencyAt, groupSlotAt, knownString, manifestCompletions, pluginAtClass, pluginName } from '../../engine';
import { offsetAt, type DocContext } from './context';

const MANIFEST_KINDS: Record<string, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  plugin: CompletionItemKind.Module,
  category: CompletionItemKind.Enum,
};

export const TRIGGER_CHARACTERS = ['"', "'", '.', ':', '['];

export function completion(ctx: DocContext, pos: Position): CompletionItem[] {
  const kind = ctx.kind;
  const offset = offsetAt(ctx, pos);
  if (kind === 'pyproject') {
    const slot = groupSlotAt(ctx.text, offset);
    if (!slot) return [];
    const range = ctx.lines.range(slot.from, slot.to);
    return ctx.result.platform.types.map((t, i) => ({
      label: t.group,
      kind: CompletionItemKind.EnumMember,
      detail: `${t.label} plugins (${t.abc})`,
      documentation:
        t.loadedBy === 'separate'
          ? `Entry-point group floe-core loads outside its plugin registry (by entry-point name, created with no arguments, no API-version check); ABC \`${t.abcModule}.${t.abc}\`.`
          : `Entry-point group of floe's \`PluginType.${t.enumName}\`; ABC \`${t.abcModule}.${t.abc}\`; manifest category \`${t.category}\`.`,
      sortText: String(i).padStart(3, '0'),
      filterText: slot.quoted ? t.group : `"${t.group}`,
      textEdit: { range, newText: slot.quoted ? t.group : `"${t.group}"` },
    }));
  }
  if (kind === 'python') {
    const dep = dependencyAt(ctx.file, ctx.text, offset);
    if (!dep) return [];
    const self = pluginAtClass(ctx.result.plugins, ctx.file, pos, 'class');
    const seen = new Set<string>();
    const items: CompletionItem[] = [];
    for (const p of ctx.result.plugins) {
      const name = pluginName(p);
      if (p === self || seen.has(name)) continue;
      seen.add(name);
      const item: CompletionItem = {
        label: name,
        kind: CompletionItemKind.Reference,
        detail: `${p.category} plugin${knownString(p.version) ? ' ' + knownString(p.version) : ''} (${p.decl.distribution})`,
      };
      if (dep.str) item.textEdit = { range: ctx.lines.range(dep.str.contentFrom, dep.str.contentTo), newText: name };
      else item.insertText = `"${name}"`;
      items.push(item);
    }
    return items;
  }
  if (kind === 'manifest' && ctx.folder.ws) {
    const list = manifestCompletions(ctx.file, ctx.text, offset, ctx.folder.ws.manifestContext()) ?? [];
    return list.map((c) => ({
      label: c.label,
      kind: MANIFEST_KINDS[c.kind] ?? CompletionItemKind.Text,
      insertText: c.insertText,
      insertTextFormat: InsertTextFormat.PlainText,
      detail: c.detail,
      documentation: c.documentation ? { kind: 'markdown', value: c.documentation } : undefined,
    }));
  }
  return [];
}
