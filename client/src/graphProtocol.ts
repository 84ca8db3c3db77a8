// The messages between the extension and the plugin graph webview (no `vscode` import: the
// webview script is bundled with it).
import type { GraphModel } from './graphModel';

/** Extension -> webview. */
export type ToGraphView = { type: 'model'; model: GraphModel };

/** What the webview drew, counted in its DOM (the tests compare it with the model). */
export interface GraphRender {
  nodes: number;
  edges: number;
  groups: number;
  cycleEdges: number;
  missing: number;
  /** Nodes marked as not fine (error, incompatible, could not import, unhealthy, degraded, warning). */
  marked: number;
  /** Layout and drawing, ms. */
  ms: number;
}

/** Webview -> extension. */
export type FromGraphView =
  | { type: 'ready' }
  | { type: 'open'; id: string }
  | { type: 'export'; svg: string }
  | ({ type: 'rendered' } & GraphRender)
  | { type: 'error'; message: string };
