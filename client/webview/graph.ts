// The plugin graph webview (bundled to dist/media/graph.js with elkjs's elk.bundled.js): lays out
// the model the extension sends with ELK, draws it as SVG in the theme's colours (CSS variables,
// graph.css), filters by name and type, pans and zooms, opens a plugin's class on click and hands
// an SVG export (colours resolved) to the extension to save.
import ELK from 'elkjs/lib/elk.bundled.js';
import { elkGraph, nodeMeta, readLayout, NODE_HEIGHT, type Placed } from '../src/graphLayout';
import { visibleNodes, type GraphFilter, type GraphModel, type GraphNode } from '../src/graphModel';
import type { FromGraphView, ToGraphView } from '../src/graphProtocol';

interface VsCodeApi {
  postMessage(m: FromGraphView): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const SVG = 'http://www.w3.org/2000/svg';
const byId = <T extends HTMLElement | SVGElement>(id: string) => document.getElementById(id) as unknown as T;
const svg = byId<SVGSVGElement>('graph');
const search = byId<HTMLInputElement>('search');
const types = byId<HTMLDivElement>('types');
const summary = byId<HTMLSpanElement>('summary');
const legend = byId<HTMLSpanElement>('legend');
const message = byId<HTMLParagraphElement>('message');

const saved = (api.getState() ?? {}) as Partial<GraphFilter>;
const filter: GraphFilter = {
  text: typeof saved.text === 'string' ? saved.text : '',
  hiddenGroups: Array.isArray(saved.hiddenGroups) ? saved.hiddenGroups : [],
};
search.value = filter.text;

const elk = new ELK();
let model: GraphModel | undefined;
let placed: Placed | undefined;
let viewport: SVGGElement | undefined;
let view = { x: 0, y: 0, k: 1 };
let fitted = false;
/** The user zoomed or panned since the last fit: a redraw keeps their view. */
let userMoved = false;
let seq = 0;

/** Above this many nodes the summary suggests filtering. */
const LARGE = 60;
/** Marks drawn as "not fine". */
const MARKED = new Set(['error', 'incompatible', 'import', 'unhealthy', 'degraded', 'warning']);

// ---------------------------------------------------------------- measuring text

const ctx = document.createElement('canvas').getContext('2d');
function font(kind: 'name' | 'meta' | 'group'): string {
  const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
  return kind === 'name' ? `600 13px ${family}` : `11px ${family}`;
}
function measure(text: string, kind: 'name' | 'meta' | 'group'): number {
  if (!ctx) return text.length * (kind === 'name' ? 8 : 7);
  ctx.font = font(kind);
  return ctx.measureText(kind === 'group' ? text.toUpperCase() : text).width;
}

// ---------------------------------------------------------------- drawing

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.appendChild(e);
  return e;
}

function defs(): SVGDefsElement {
  const d = el('defs', {});
  for (const kind of ['dependency', 'cycle', 'missing']) {
    const m = el(
      'marker',
      {
        id: `arrow-${kind}`,
        viewBox: '0 0 10 10',
        refX: 9,
        refY: 5,
        markerUnits: 'userSpaceOnUse',
        markerWidth: 9,
        markerHeight: 9,
        orient: 'auto-start-reverse',
      },
      d,
    );
    el('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: `arrow kind-${kind}` }, m);
  }
  return d;
}

function pathOf(points: Array<{ x: number; y: number }>): string {
  return points.map((p, i) => `${i ? 'L' : 'M'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
}

function applyView(): void {
  viewport?.setAttribute('transform', `translate(${view.x.toFixed(1)} ${view.y.toFixed(1)}) scale(${view.k.toFixed(4)})`);
}

function fit(): void {
  if (!placed) return;
  const r = svg.getBoundingClientRect();
  const k = Math.min(1.5, Math.max(0.1, Math.min(r.width / Math.max(1, placed.width), r.height / Math.max(1, placed.height))));
  view = { k, x: (r.width - placed.width * k) / 2, y: Math.max(0, (r.height - placed.height * k) / 2) };
  userMoved = false;
  applyView();
}

function nodeLabel(n: GraphNode, groupLabel: string): string {
  if (n.kind === 'missing') return `${n.name}: missing dependency`;
  return `${n.name}${n.version ? ` ${n.version}` : ''}, ${groupLabel}, ${n.markLabel}${n.inCycle ? ', in a dependency cycle' : ''}`;
}

function paint(m: GraphModel, p: Placed, matches: Set<string>): void {
  svg.textContent = '';
  svg.appendChild(defs());
  viewport = el('g', { class: 'viewport' }, svg);
  const groupLayer = el('g', { class: 'groups' }, viewport);
  const edgeLayer = el('g', { class: 'edges' }, viewport);
  const nodeLayer = el('g', { class: 'nodes' }, viewport);
  const groupLabel = new Map(m.groups.map((g) => [g.id, g.label]));
  for (const g of m.groups) {
    const b = p.groups.get(g.id);
    if (!b) continue;
    const ge = el('g', { class: `group${g.group ? '' : ' missing-group'}`, 'data-group': g.group }, groupLayer);
    el('rect', { x: b.x, y: b.y, width: b.width, height: b.height, rx: 6 }, ge);
    el('text', { x: b.x + 12, y: b.y + 19, class: 'group-label' }, ge).textContent = g.label.toUpperCase();
  }
  const names = new Map(m.nodes.map((n) => [n.id, n.name]));
  for (const e of m.edges) {
    const points = p.edges.get(e.id);
    if (!points || points.length < 2) continue;
    const pe = el(
      'path',
      { d: pathOf(points), class: `edge kind-${e.kind}`, 'marker-end': `url(#arrow-${e.kind})`, 'data-from': e.from, 'data-to': e.to },
      edgeLayer,
    );
    const what = e.kind === 'missing' ? 'needs the missing' : e.kind === 'cycle' ? 'depends on (a cycle)' : 'depends on';
    el('title', {}, pe).textContent = `${names.get(e.from)} ${what} ${names.get(e.to)}`;
  }
  const searching = filter.text.trim() !== '';
  for (const n of m.nodes) {
    const b = p.nodes.get(n.id);
    if (!b) continue;
    const cls = ['node', `mark-${n.mark}`, n.kind === 'missing' ? 'missing' : 'plugin'];
    if (n.inCycle) cls.push('in-cycle');
    if (n.installed) cls.push('installed');
    if (searching) cls.push(matches.has(n.id) ? 'match' : 'context');
    const ne = el('g', { class: cls.join(' '), 'data-id': n.id, transform: `translate(${b.x} ${b.y})` }, nodeLayer);
    if (n.kind === 'plugin') {
      ne.setAttribute('tabindex', '0');
      ne.setAttribute('role', 'button');
    }
    ne.setAttribute('aria-label', nodeLabel(n, groupLabel.get(n.groupId) ?? ''));
    el('title', {}, ne).textContent = n.title;
    el('rect', { class: 'box', width: b.width, height: b.height, rx: 4 }, ne);
    el('rect', { class: 'strip', width: 4, height: b.height, rx: 2 }, ne);
    el('text', { class: 'name', x: b.width / 2, y: NODE_HEIGHT / 2 - 3 }, ne).textContent = n.name;
    el('text', { class: 'meta', x: b.width / 2, y: NODE_HEIGHT / 2 + 11 }, ne).textContent = nodeMeta(n);
  }
}

function showMessage(text: string | undefined): void {
  message.hidden = !text;
  message.textContent = text ?? '';
}

function describe(m: GraphModel): string {
  const s = m.summary;
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  const parts = [n(s.plugins, 'plugin'), s.dependencies === 1 ? '1 dependency' : `${s.dependencies} dependencies`];
  if (s.cycles) parts.push(n(s.cycles, 'cycle'));
  if (s.missing) parts.push(`${s.missing} missing`);
  return parts.join(' · ');
}

async function draw(refit: boolean): Promise<void> {
  const m = model;
  if (!m) return;
  const mine = ++seq;
  const t0 = performance.now();
  const { visible, matches } = visibleNodes(m, filter);
  const focused = visible.size < m.nodes.length;
  summary.textContent = describe(m) + (focused ? ` — showing ${visible.size}` : m.nodes.length > LARGE ? ' — filter by name or type to focus' : '');
  if (!visible.size) {
    svg.textContent = '';
    viewport = undefined;
    placed = undefined;
    showMessage(m.nodes.length ? 'No plugin matches the filter.' : 'No floe plugins in this workspace yet.');
    report(t0);
    return;
  }
  showMessage(visible.size > LARGE ? `Laying out ${visible.size} plugins…` : undefined);
  try {
    const laid = await elk.layout(elkGraph(m, visible, measure));
    if (mine !== seq) return;
    placed = readLayout(laid);
    showMessage(undefined);
    paint(m, placed, matches);
    if (refit || !fitted || !userMoved) {
      fit();
      fitted = true;
    } else applyView();
    report(t0);
  } catch (e) {
    showMessage(`The graph could not be laid out: ${e instanceof Error ? e.message : String(e)}`);
    api.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

function report(t0: number): void {
  const nodes = [...svg.querySelectorAll<SVGGElement>('g.node')];
  api.postMessage({
    type: 'rendered',
    nodes: nodes.length,
    edges: svg.querySelectorAll('path.edge').length,
    groups: svg.querySelectorAll('g.group').length,
    cycleEdges: svg.querySelectorAll('path.edge.kind-cycle').length,
    missing: svg.querySelectorAll('g.node.missing').length,
    marked: nodes.filter((n) => [...n.classList].some((c) => c.startsWith('mark-') && MARKED.has(c.slice(5)))).length,
    ms: Math.round(performance.now() - t0),
  });
}

// ---------------------------------------------------------------- filters and legend

function buildTypes(m: GraphModel): void {
  const counts = new Map<string, { label: string; n: number }>();
  for (const g of m.groups) {
    if (!g.group) continue;
    const c = counts.get(g.group) ?? { label: g.label.split(' — ')[0], n: 0 };
    c.n += g.nodeIds.length;
    counts.set(g.group, c);
  }
  types.textContent = '';
  for (const [group, c] of counts) {
    const label = document.createElement('label');
    label.className = 'type';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = !filter.hiddenGroups.includes(group);
    box.dataset.group = group;
    box.addEventListener('change', () => {
      filter.hiddenGroups = box.checked ? filter.hiddenGroups.filter((g) => g !== group) : [...filter.hiddenGroups, group];
      api.setState(filter);
      void draw(true);
    });
    label.append(box, ` ${c.label} (${c.n})`);
    label.title = group;
    types.appendChild(label);
  }
}

function buildLegend(): void {
  legend.textContent = '';
  for (const [cls, text] of [
    ['mark-error', 'error'],
    ['mark-import', 'could not import'],
    ['kind-cycle', 'cycle'],
    ['missing', 'missing'],
  ]) {
    const s = document.createElement('span');
    s.className = `key ${cls}`;
    s.textContent = text;
    legend.appendChild(s);
  }
}

// ---------------------------------------------------------------- export

const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'letter-spacing',
];

/** The graph as a standalone SVG document: the theme's colours written into each element. */
function exportSvg(): string | undefined {
  if (!placed || !viewport) return undefined;
  const out = document.createElementNS(SVG, 'svg');
  out.setAttribute('xmlns', SVG);
  out.setAttribute('width', String(Math.ceil(placed.width)));
  out.setAttribute('height', String(Math.ceil(placed.height)));
  out.setAttribute('viewBox', `0 0 ${Math.ceil(placed.width)} ${Math.ceil(placed.height)}`);
  el('rect', { width: '100%', height: '100%', fill: getComputedStyle(document.body).backgroundColor }, out);
  for (const source of [svg.querySelector('defs'), viewport]) {
    if (!source) continue;
    const copy = source.cloneNode(true) as Element;
    const from = [source, ...source.querySelectorAll('*')];
    const to = [copy, ...copy.querySelectorAll('*')];
    from.forEach((f, i) => {
      const cs = getComputedStyle(f);
      for (const prop of STYLE_PROPS) {
        const v = cs.getPropertyValue(prop);
        if (v && v !== 'normal') to[i].setAttribute(prop, v);
      }
      for (const a of ['class', 'tabindex', 'role', 'data-id', 'data-from', 'data-to', 'data-group']) to[i].removeAttribute(a);
    });
    if (source === viewport) copy.removeAttribute('transform');
    out.appendChild(copy);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(out)}\n`;
}

// ---------------------------------------------------------------- interaction

let drag: { x: number; y: number; vx: number; vy: number; moved: boolean } | undefined;

svg.addEventListener('pointerdown', (e) => {
  if (e.button !== 0) return;
  drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false };
});
window.addEventListener('pointermove', (e) => {
  if (!drag) return;
  const dx = e.clientX - drag.x;
  const dy = e.clientY - drag.y;
  if (!drag.moved && Math.hypot(dx, dy) < 4) return;
  if (!drag.moved) svg.setPointerCapture?.(e.pointerId);
  drag.moved = true;
  userMoved = true;
  view.x = drag.vx + dx;
  view.y = drag.vy + dy;
  applyView();
});
window.addEventListener('pointerup', () => {
  setTimeout(() => {
    drag = undefined;
  }, 0);
});

svg.addEventListener(
  'wheel',
  (e) => {
    e.preventDefault();
    const r = svg.getBoundingClientRect();
    const k = Math.min(4, Math.max(0.1, view.k * Math.exp(-e.deltaY * 0.0015)));
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    view = { k, x: px - ((px - view.x) * k) / view.k, y: py - ((py - view.y) * k) / view.k };
    userMoved = true;
    applyView();
  },
  { passive: false },
);

function nodeOf(target: EventTarget | null): SVGGElement | undefined {
  return ((target instanceof Element ? target.closest('g.node.plugin') : null) as SVGGElement | undefined) ?? undefined;
}

svg.addEventListener('click', (e) => {
  if (drag?.moved) return;
  const n = nodeOf(e.target);
  if (n?.dataset.id) api.postMessage({ type: 'open', id: n.dataset.id });
});
svg.addEventListener('keydown', (e) => {
  const n = nodeOf(e.target);
  if (n?.dataset.id && (e.key === 'Enter' || e.key === ' ')) {
    e.preventDefault();
    api.postMessage({ type: 'open', id: n.dataset.id });
  }
});
// Hovering or focusing a plugin lights its dependencies and dependents.
function light(n: SVGGElement | undefined): void {
  for (const e of svg.querySelectorAll('path.edge.lit')) e.classList.remove('lit');
  const id = n?.dataset.id;
  if (!id) return;
  for (const e of svg.querySelectorAll<SVGPathElement>('path.edge')) if (e.dataset.from === id || e.dataset.to === id) e.classList.add('lit');
}
svg.addEventListener('pointerover', (e) => light(nodeOf(e.target)));
svg.addEventListener('focusin', (e) => light(nodeOf(e.target)));

let searchTimer: ReturnType<typeof setTimeout> | undefined;
search.addEventListener('input', () => {
  if (searchTimer) clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    filter.text = search.value;
    api.setState(filter);
    void draw(true);
  }, 150);
});
byId<HTMLButtonElement>('fit').addEventListener('click', () => fit());
byId<HTMLButtonElement>('export').addEventListener('click', () => {
  const text = exportSvg();
  if (text) api.postMessage({ type: 'export', svg: text });
});
window.addEventListener('resize', () => {
  if (placed) fit();
});

window.addEventListener('message', (e: MessageEvent<ToGraphView>) => {
  const m = e.data;
  if (m?.type !== 'model') return;
  model = m.model;
  buildTypes(model);
  void draw(false);
});

buildLegend();
api.postMessage({ type: 'ready' });
