// Pure parts of the walkthrough's progress (no `vscode` import): when a diagnostic counts as fixed,
// and when a plugin counts as created.

/** Codes of a file that does not parse: a half-typed edit, not a fix. */
const SYNTAX = /-syntax$/;

/**
 * A floe problem was fixed: it was reported for a file, the user then edited that file, and the
 * problem is gone from the file's next report, which has no syntax error either. Problems that go
 * away without an edit of their file (another file changed, the file was deleted, the server
 * restarted) or under a syntax error do not count. Keys are `code|message`.
 */
export class DiagnosticFixTracker {
  private readonly last = new Map<string, Set<string>>();
  private readonly editedSince = new Set<string>();

  /** The user changed the text of `uri`. */
  edited(uri: string): void {
    if (this.last.get(uri)?.size) this.editedSince.add(uri);
  }

  /** The floe problems of `uri` now; true when one was fixed by an edit. A report with a syntax
   * error is passed over (the edit is still going on): the report before it stays the baseline. */
  report(uri: string, problems: Iterable<string>): boolean {
    const now = new Set(problems);
    if ([...now].some((p) => SYNTAX.test(p.split('|')[0]))) return false;
    const before = this.last.get(uri);
    const edited = this.editedSince.has(uri);
    this.last.set(uri, now);
    this.editedSince.delete(uri);
    if (!before || !edited) return false;
    for (const p of before) if (!now.has(p)) return true;
    return false;
  }
}

/**
 * A plugin was created: a plugin id appears that was not there when the window first listed its
 * plugins (New Plugin, or a package written by hand). The first complete list is the baseline: a
 * list made before every folder was indexed (the extension lists the plugins when the server is slow
 * to say it is ready) lacks plugins that exist, so it counts for nothing.
 */
export class NewPluginTracker {
  private baseline: Set<string> | undefined;

  /** The ids of the plugins now, and whether the list covers every folder; true when one is new since the first list. */
  listed(ids: Iterable<string>, complete = true): boolean {
    if (!complete) return false;
    const now = new Set(ids);
    if (!this.baseline) {
      this.baseline = now;
      return false;
    }
    for (const id of now) if (!this.baseline.has(id)) return true;
    return false;
  }
}

/** Does this text look like a floe platform manifest (YAML or JSON)? */
export function looksLikeManifest(text: string): boolean {
  return /floe\.dev\//.test(text) && /\bManifest\b/.test(text);
}
