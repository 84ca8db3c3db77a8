// Driving the real language server (dist/server.js over stdio) with fuzzed documents: each input is
// sent as an open-document change or written to disk (raw bytes, invalid UTF-8 included) with a
// watched-file event, then every kind of request is fired at random positions and must be answered.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspClient, uri } from '../../lsp/harness';
import { Rng } from './mutate';

export const REQUEST_TIMEOUT_MS = 10_000;

export interface RequestTally {
  sent: number;
  answered: number;
  errors: string[];
  unanswered: string[];
}

/** A position somewhere in (or just past, or far past) a text. */
export function randomPosition(text: string, rng: Rng): { line: number; character: number } {
  const lines = text.split(/\r\n|\r|\n/);
  const r = rng.next();
  if (r < 0.05) return { line: 2 ** 31 - 1, character: 2 ** 31 - 1 };
  if (r < 0.1) return { line: lines.length + rng.int(5), character: rng.int(10) };
  const line = rng.int(lines.length);
  const len = lines[line]?.length ?? 0;
  return { line, character: rng.chance(0.1) ? len + rng.int(1000) : rng.int(len + 1) };
}

/** Answers or rejections of one request, with a deadline: an answer past it counts as missing. */
async function ask(c: LspClient, method: string, params: unknown, tally: RequestTally, label: string): Promise<unknown> {
  tally.sent++;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), REQUEST_TIMEOUT_MS);
  });
  try {
    const r = await Promise.race([
      c.request(method, params).then(
        (v) => ({ v }),
        (e) => ({ e }),
      ),
      deadline,
    ]);
    if (r === 'timeout') {
      tally.unanswered.push(`${method} (${label})`);
      return undefined;
    }
    if ('e' in r) {
      tally.errors.push(`${method} (${label}): ${String((r.e as Error)?.message ?? r.e)}`);
      return undefined;
    }
    tally.answered++;
    return r.v;
  } finally {
    clearTimeout(timer);
  }
}

/** Every request kind the server offers, on `file`, at random places; resolves when all are answered. */
export async function fireRequests(c: LspClient, root: string, file: string, text: string, rng: Rng, tally: RequestTally, label: string): Promise<unknown[]> {
  const td = { uri: uri(file) };
  const p1 = randomPosition(text, rng);
  const p2 = randomPosition(text, rng);
  const [start, end] = p1.line < p2.line || (p1.line === p2.line && p1.character <= p2.character) ? [p1, p2] : [p2, p1];
  const calls: Array<Promise<unknown>> = [
    ask(c, 'textDocument/hover', { textDocument: td, position: randomPosition(text, rng) }, tally, label),
    ask(c, 'textDocument/definition', { textDocument: td, position: randomPosition(text, rng) }, tally, label),
    ask(c, 'textDocument/completion', { textDocument: td, position: randomPosition(text, rng) }, tally, label),
    ask(c, 'textDocument/codeAction', { textDocument: td, range: { start, end }, context: { diagnostics: c.diagnostics.get(uri(file)) ?? [] } }, tally, label),
    ask(c, 'textDocument/codeLens', { textDocument: td }, tally, label),
    ask(c, 'floe/listPlugins', {}, tally, label),
    ask(c, 'floe/dependencyOrder', { folderUri: uri(root) }, tally, label),
    ask(c, 'floe/effectiveConfig', { manifestUri: uri(path.join(root, 'platform/manifest.yaml')), category: 'compute' }, tally, label),
  ];
  return Promise.all(calls);
}

/** Server log lines (since notification `from`) that report a caught exception (the server's `safe()` wrapper and process handlers). */
export function crashLogs(c: LspClient, from = 0): string[] {
  return c.notifications
    .slice(from)
    .filter((n) => n.method === 'window/logMessage' && n.params?.type === 1)
    .map((n) => String(n.params.message))
    .filter((m) => /\n\s+at |unhandled|uncaught|TypeError|RangeError|ReferenceError/.test(m));
}

/** Write a file's bytes (creating folders), as an editor or git checkout would. */
export function writeBytes(file: string, bytes: Buffer | string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
}
