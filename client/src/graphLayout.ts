// The plugin graph for elkjs and back (no `vscode`, no DOM): the visible part of a GraphModel as
// an ELK graph (one compound node per type, holding its plugins; edges across them routed by ELK's
// layered algorithm), and ELK's answer as absolute boxes and edge paths to draw. The webview runs
// the layout (elk.bundled.js); the unit tests run the same code under node.
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { GraphModel, GraphNode } from './graphModel';

/** Text width in px for a node's name (`name`), its second line (`meta`) or a group label (`group`). */
export type Measure = (text: string, kind: 'name' | 'meta' | 'group') => number;

export const NODE_HEIGHT = 38;
const NODE_PAD_X = 12;
const MIN_NODE_WIDTH = 72;
const GROUP_PAD = '[top=30,left=12,bottom=12,right=12]';
/** Spacing, read per hierarchy level by ELK: the root and every group get it. */
const SPACING = {
  'elk.layered.spacing.nodeNodeBetweenLayers': '48',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  'elk.spacing.nodeNode': '14',
  'elk.spacing.edgeNode': '12',
  'elk.spacing.edgeEdge': '8',
};

/** The text under a node's name: version and, when it is not simply fine, its mark. */
export function nodeMeta(n: { version?: string; mark: string; markLabel: string; kind: string }): string {
  if (n.kind === 'missing') return 'missing';
  const parts = [n.version ?? ''];
  if (n.mark !== 'ok' && n.mark !== 'healthy') parts.push(n.markLabel);
  return parts.filter(Boolean).join(' · ');
}

/** The id of a box that packs boxes without a drawn dependency (a group's plugins, or whole groups). */
const packId = (of: string) => `pack|${of}`;

/** A box of ELK's rectpacking: what it holds is placed in rows, about `aspect` times wider than high. */
function pack(id: string, children: ElkNode[], aspect: string): ElkNode {
  return {
    id,
    layoutOptions: {
      'elk.algorithm': 'rectpacking',
      'elk.aspectRatio': aspect,
      'elk.spacing.nodeNode': '14',
      'elk.padding': '[top=0,left=0,bottom=0,right=0]',
    },
    children,
  };
}

/**
 * The visible part of the model for ELK: per type a compound node; in it, the plugins with
 * dependencies (laid out in layers by the edges) and one box packing those without any (ELK's
 * rectpacking, so a type of 40 unrelated plugins is a block, not a column 40 plugins high). Types
 * with no drawn dependency at all are packed the same way, beside the connected ones.
 */
export function elkGraph(model: GraphModel, visible: Set<string>, measure: Measure): ElkNode {
  const edges: ElkExtendedEdge[] = model.edges
    .filter((e) => visible.has(e.from) && visible.has(e.to))
    .map((e) => ({ id: e.id, sources: [e.from], targets: [e.to] }));
  const linked = new Set(edges.flatMap((e) => [...e.sources, ...e.targets]));
  const box = (n: GraphNode): ElkNode => ({
    id: n.id,
    width: Math.ceil(Math.max(MIN_NODE_WIDTH, measure(n.name, 'name') + 2 * NODE_PAD_X, measure(nodeMeta(n), 'meta') + 2 * NODE_PAD_X)),
    height: NODE_HEIGHT,
  });
  const children: ElkNode[] = [];
  const apart: ElkNode[] = [];
  for (const g of model.groups) {
    const members = model.nodes.filter((n) => n.groupId === g.id && visible.has(n.id));
    if (!members.length) continue;
    const alone = members.filter((n) => !linked.has(n.id));
    const kids = members.filter((n) => linked.has(n.id)).map(box);
    if (alone.length) kids.push(pack(packId(g.id), alone.map(box), '2.5'));
    // The group's box is at least as wide as its label (drawn inside the top padding).
    const width = Math.max(MIN_NODE_WIDTH, measure(g.label, 'group') + 2 * 12);
    (alone.length === members.length ? apart : children).push({
      id: g.id,
      layoutOptions: { ...SPACING, 'elk.padding': GROUP_PAD, 'elk.nodeSize.minimum': `(${Math.ceil(width)},0)`, 'elk.nodeSize.constraints': 'MINIMUM_SIZE' },
      children: kids,
    });
  }
  if (apart.length === 1) children.push(apart[0]);
  else if (apart.length) children.push(pack(packId('root'), apart, '1.6'));
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      ...SPACING,
      'elk.spacing.componentComponent': '24',
      'elk.layered.mergeEdges': 'true',
      'elk.aspectRatio': '1.6',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
    },
    children,
    edges,
  };
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Placed {
  nodes: Map<string, Box>;
  groups: Map<string, Box>;
  /** Each edge as a polyline (start, bends, end) in absolute coordinates. */
  edges: Map<string, Array<{ x: number; y: number }>>;
  width: number;
  height: number;
}

/** ELK's answer in absolute coordinates (an edge's points are relative to its `container`). */
export function readLayout(root: ElkNode): Placed {
  const nodes = new Map<string, Box>();
  const groups = new Map<string, Box>();
  const origin = new Map<string, { x: number; y: number }>([[root.id, { x: 0, y: 0 }]]);
  const place = (n: ElkNode, ox: number, oy: number) => {
    const b = { x: ox + (n.x ?? 0), y: oy + (n.y ?? 0), width: n.width ?? 0, height: n.height ?? 0 };
    origin.set(n.id, { x: b.x, y: b.y });
    if (n.id.startsWith('group|')) groups.set(n.id, b);
    else if (!n.id.startsWith('pack|')) nodes.set(n.id, b);
    for (const c of n.children ?? []) place(c, b.x, b.y);
  };
  for (const c of root.children ?? []) place(c, 0, 0);
  const edges = new Map<string, Array<{ x: number; y: number }>>();
  for (const e of (root.edges ?? []) as ElkExtendedEdge[]) {
    const o = origin.get(e.container ?? root.id) ?? { x: 0, y: 0 };
    const points: Array<{ x: number; y: number }> = [];
    for (const s of e.sections ?? []) {
      for (const p of [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]) points.push({ x: o.x + p.x, y: o.y + p.y });
    }
    edges.set(e.id, points);
  }
  return { nodes, groups, edges, width: root.width ?? 0, height: root.height ?? 0 };
}
