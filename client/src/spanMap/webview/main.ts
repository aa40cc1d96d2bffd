// The Span Map webview: draws the map the extension sends as SVG (laid out by dagre), with a legend, a
// filter, hover cards and a details pane whose locations open the span in the editor. Runs in the browser
// under a strict Content-Security-Policy: no remote content, no inline code, no HTML built from strings.
import type { SpanMapEdge, SpanMapLocation, SpanMapNode } from '../../../../server/src/analysis/spanMap';
import { type LaidOutEdge, type LaidOutNode, type MapFilter, filterMap, layoutMap, pathThrough } from '../layout';
import type { FromWebview, SpanMapResult, ToWebview } from '../protocol';
import './spanMap.css';

const SVG = 'http://www.w3.org/2000/svg';
const KINDS = ['CLIENT', 'PRODUCER', 'CONSUMER', 'SERVER', 'INTERNAL'] as const;
const KIND_MEANING: Record<(typeof KINDS)[number], string> = {
  CLIENT: 'calls a dependency',
  PRODUCER: 'sends to a topic or queue',
  CONSUMER: 'processes its messages',
  SERVER: 'handles its callers',
  INTERNAL: 'no edge in the backend',
};

interface State extends MapFilter {
  zoom: number | 'fit';
}

const vscode = acquireVsCodeApi<State>();
const state: State = { text: '', problemsOnly: false, zoom: 'fit', ...vscode.getState() };
let current: { map: SpanMapResult; roots: string[] } | undefined;
let selected: string | undefined;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const canvas = $<HTMLDivElement>('canvas');
const details = $<HTMLElement>('details');
const tooltip = $<HTMLDivElement>('tooltip');
const summary = $<HTMLSpanElement>('summary');
const filterInput = $<HTMLInputElement>('filter');
const problemsInput = $<HTMLInputElement>('problems');

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

function save(): void {
  vscode.setState(state);
}

filterInput.value = state.text;
problemsInput.checked = state.problemsOnly;
filterInput.addEventListener('input', () => {
  state.text = filterInput.value;
  save();
  draw();
});
problemsInput.addEventListener('change', () => {
  state.problemsOnly = problemsInput.checked;
  save();
  draw();
});
$('refresh').addEventListener('click', () => post({ type: 'refresh' }));
$('zoom-in').addEventListener('click', () => zoomBy(1.25));
$('zoom-out').addEventListener('click', () => zoomBy(0.8));
$('zoom-fit').addEventListener('click', () => {
  state.zoom = 'fit';
  save();
  applyZoom();
});
window.addEventListener('resize', () => state.zoom === 'fit' && applyZoom());
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') select(undefined);
});
drawLegend();

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (message.type === 'map') {
    current = { map: message.map, roots: message.workspaceRoots };
    draw();
  } else if (message.type === 'error') {
    current = undefined;
    canvas.replaceChildren(paragraph(message.message, 'empty'));
    summary.textContent = '';
  }
});
post({ type: 'ready' });

function draw(): void {
  if (!current) return;
  const { map } = current;
  const shown = filterMap(map, state);
  const layout = layoutMap(shown);
  const missing = map.edges.filter((e) => e.status === 'missing').length;
  const wrong = map.edges.filter((e) => e.status === 'wrong').length;
  const peers = map.nodes.filter((n) => n.type !== 'service').length;
  summary.textContent =
    `${count(map.spanCount, 'span')} in ${count(map.fileCount, 'file')} · ${count(peers, 'peer')} · ` +
    `${count(missing, 'missing edge')} · ${count(wrong, 'wrong edge')}${map.complete ? '' : ' · indexing…'}` +
    (shown.edges.length !== map.edges.length ? ` · showing ${shown.edges.length} of ${count(map.edges.length, 'edge')}` : '');

  if (!map.nodes.length) {
    canvas.replaceChildren(paragraph(map.complete ? 'No spans in this workspace yet.' : 'Reading the workspace…', 'empty'));
    report();
    return;
  }
  const svg = svgElement('svg', { class: 'map', role: 'img', 'aria-label': `Span map: ${summary.textContent}` });
  svg.setAttribute('viewBox', `0 0 ${Math.max(layout.width, 1)} ${Math.max(layout.height, 1)}`);
  svg.dataset.width = String(layout.width);
  svg.dataset.height = String(layout.height);
  svg.append(markers());
  const edgeLayer = svgElement('g', { class: 'edges' });
  const nodeLayer = svgElement('g', { class: 'nodes' });
  const labelLayer = svgElement('g', { class: 'labels' });
  const unreached = unreachedNodes(shown.edges);
  for (const e of layout.edges) drawEdge(e, edgeLayer, labelLayer);
  for (const n of layout.nodes) drawNode(n, nodeLayer, unreached.has(n.node.id));
  svg.append(edgeLayer, nodeLayer, labelLayer);
  canvas.replaceChildren(svg);
  if (shown.edges.length === 0) canvas.append(paragraph(state.text || state.problemsOnly ? 'No edge matches the filter.' : 'No span of this workspace reaches a peer.', 'note'));
  applyZoom();
  if (selected && !document.querySelector(`[data-id="${CSS.escape(selected)}"]`)) selected = undefined;
  select(selected);
  report();
}

/** Tells the extension what the SVG now holds, counted in the page. */
function report(): void {
  const svg = canvas.querySelector('svg');
  post({
    type: 'rendered',
    rendered: {
      nodes: svg?.querySelectorAll('.node').length ?? 0,
      edges: svg?.querySelectorAll('.edge').length ?? 0,
      missing: svg?.querySelectorAll('.edge.status-missing').length ?? 0,
      wrong: svg?.querySelectorAll('.edge.status-wrong').length ?? 0,
      labels: [...(svg?.querySelectorAll('.node .title') ?? [])].map((t) => t.textContent ?? ''),
      mapNodes: current?.map.nodes.length ?? 0,
      mapEdges: current?.map.edges.length ?? 0,
      filter: state.text,
      complete: current?.map.complete ?? false,
    },
  });
}

/** Peers that only missing edges reach: the backend shows no such dependency at all. */
function unreachedNodes(edges: readonly SpanMapEdge[]): Set<string> {
  const seen = new Map<string, boolean>();
  for (const e of edges) {
    for (const id of [e.source, e.target]) {
      if (id.startsWith('service:')) continue;
      seen.set(id, (seen.get(id) ?? true) && e.status === 'missing');
    }
  }
  return new Set([...seen].filter(([, only]) => only).map(([id]) => id));
}

function drawEdge({ edge, points, label }: LaidOutEdge, edges: SVGGElement, labels: SVGGElement): void {
  const classes = `edge kind-${edge.kind} status-${edge.status}${edge.findings.length ? ' has-findings' : ''}`;
  const g = svgElement('g', { class: classes, 'data-id': edge.id, tabindex: '0', role: 'button', 'aria-label': edgeDescription(edge) });
  const d = pathThrough(points);
  const marker = edge.status === 'missing' ? 'missing' : edge.status === 'unknown' ? 'unknown' : edge.kind;
  g.append(svgElement('path', { class: 'line', d, 'marker-end': `url(#arrow-${marker})` }), svgElement('path', { class: 'hit', d }));
  interactive(g, edge.id, () => edgeCard(edge));
  edges.append(g);

  const l = svgElement('g', { class: `edge-label status-${edge.status}${edge.findings.length ? ' has-findings' : ''}`, 'data-for': edge.id });
  l.append(
    svgElement('rect', { x: String(label.x - label.width / 2), y: String(label.y - label.height / 2), width: String(label.width), height: String(label.height), rx: '4' }),
    svgText(label.text, { x: String(label.x), y: String(label.y + 4), 'text-anchor': 'middle' }),
  );
  interactive(l, edge.id, () => edgeCard(edge));
  labels.append(l);
}

function drawNode({ node, x, y, width, height, title, subtitle }: LaidOutNode, layer: SVGGElement, unreached: boolean): void {
  const g = svgElement('g', {
    class: `node type-${node.type}${node.dynamic ? ' dynamic' : ''}${unreached ? ' unreached' : ''}`,
    'data-id': node.id,
    transform: `translate(${x - width / 2},${y - height / 2})`,
    tabindex: '0',
    role: 'button',
    'aria-label': `${title}, ${subtitle}`,
  });
  g.append(svgElement('rect', { class: 'box', width: String(width), height: String(height), rx: node.type === 'service' ? '10' : '6' }));
  const icon = svgElement('g', { class: 'icon', transform: `translate(12,${height / 2 - 9})` });
  icon.append(...iconOf(node.type));
  g.append(icon, svgText(title, { class: 'title', x: '40', y: String(height / 2 - 3) }), svgText(subtitle, { class: 'subtitle', x: '40', y: String(height / 2 + 12) }));
  interactive(g, node.id, () => nodeCard(node));
  layer.append(g);
}

/** Hover shows a card; click, Enter or Space selects and opens the details pane. */
function interactive(element: SVGGElement, id: string, card: () => Node[]): void {
  element.addEventListener('mouseenter', (event) => showTooltip(card(), event));
  element.addEventListener('mousemove', (event) => moveTooltip(event));
  element.addEventListener('mouseleave', () => (tooltip.hidden = true));
  element.addEventListener('click', () => select(id));
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      select(id);
    }
  });
}

function select(id: string | undefined): void {
  selected = id;
  for (const el of document.querySelectorAll('.selected')) el.classList.remove('selected');
  if (!id || !current) {
    details.hidden = true;
    return;
  }
  for (const el of document.querySelectorAll(`[data-id="${CSS.escape(id)}"], [data-for="${CSS.escape(id)}"]`)) el.classList.add('selected');
  const node = current.map.nodes.find((n) => n.id === id);
  const edge = current.map.edges.find((e) => e.id === id);
  const close = element('button', { class: 'close', title: 'Close (Escape)', 'aria-label': 'Close details' }, '×');
  close.addEventListener('click', () => select(undefined));
  details.replaceChildren(close, ...(edge ? edgeDetails(edge) : node ? nodeDetails(node) : []));
  details.hidden = false;
}

function edgeDetails(edge: SpanMapEdge): Node[] {
  const parts: Node[] = [...edgeCard(edge)];
  const findings = uniqueFindings(edge);
  if (findings.length) {
    parts.push(element('h3', {}, 'Findings'));
    for (const f of findings) parts.push(element('p', { class: `finding severity-${f.severity}` }, `${f.message} (${f.ruleId})`));
  }
  parts.push(element('h3', {}, edge.locations.length === 1 ? 'Span' : `Spans (${edge.locations.length})`), locationList(edge.locations));
  return parts;
}

function nodeDetails(node: SpanMapNode): Node[] {
  const parts: Node[] = [...nodeCard(node)];
  const touching = current!.map.edges.filter((e) => e.source === node.id || e.target === node.id);
  for (const edge of touching) {
    const other = current!.map.nodes.find((n) => n.id === (edge.source === node.id ? edge.target : edge.source));
    parts.push(element('h3', { class: `status-${edge.status}` }, `${edge.source === node.id ? '→' : '←'} ${other?.name ?? ''}: ${describeStatus(edge)}`), locationList(edge.locations));
  }
  return parts;
}

function locationList(locations: readonly SpanMapLocation[]): HTMLElement {
  const list = element('ul', { class: 'locations' });
  for (const location of locations) {
    const button = element('button', { class: 'location', title: 'Open in the editor' }, `${relativePath(location.uri)}:${location.line + 1}`);
    button.append(element('span', { class: 'span-name' }, ` ${location.spanName}`));
    button.addEventListener('click', () => post({ type: 'open', location }));
    const item = element('li', {});
    item.append(button);
    list.append(item);
  }
  return list;
}

function edgeCard(edge: SpanMapEdge): Node[] {
  const nodes = current?.map.nodes ?? [];
  const from = nodes.find((n) => n.id === edge.source)?.name ?? edge.source;
  const to = nodes.find((n) => n.id === edge.target)?.name ?? edge.target;
  const parts: Node[] = [element('h2', {}, `${from} → ${to}`), element('p', { class: `status status-${edge.status}` }, describeStatus(edge))];
  parts.push(element('p', { class: 'spans' }, `${count(edge.spans, 'span')}: ${edge.spanNames.slice(0, 4).join(', ')}${edge.spanNames.length > 4 ? ', …' : ''}`));
  const first = uniqueFindings(edge)[0];
  if (first) parts.push(element('p', { class: `finding severity-${first.severity}` }, first.message));
  return parts;
}

function nodeCard(node: SpanMapNode): Node[] {
  const parts: Node[] = [element('h2', {}, node.name)];
  if (node.type === 'service') {
    parts.push(element('p', {}, `${count(node.spans ?? 0, 'span')}; ${node.localSpans ?? 0} of them reach no peer (local work).`));
  } else {
    const what = [node.system && node.system !== node.name ? node.system : undefined, node.type].filter(Boolean).join(' · ');
    parts.push(element('p', {}, what));
    if (node.libraries.length) parts.push(element('p', { class: 'libraries' }, `through ${node.libraries.join(', ')}`));
    if (node.dynamic) parts.push(element('p', { class: 'note' }, 'Its name is computed at run time, so the code does not say which one.'));
  }
  return parts;
}

function describeStatus(edge: SpanMapEdge): string {
  switch (edge.status) {
    case 'ok':
      return edge.instrumentedBy ? `${edge.kind}, created by ${edge.instrumentedBy}` : `${edge.kind}: ${KIND_MEANING[edge.kind as (typeof KINDS)[number]] ?? ''}`;
    case 'missing':
      return `Missing: the span sets no remote kind (INTERNAL), so this ${edge.needed} edge never appears in the service graph.`;
    case 'wrong':
      return `Wrong kind: ${edge.kind} where the code needs ${edge.needed}; the backend draws the wrong kind of edge.`;
    default:
      return `The kind is not known statically; the code needs ${edge.needed}.`;
  }
}

function edgeDescription(edge: SpanMapEdge): string {
  return `${describeStatus(edge)} ${count(edge.spans, 'span')}.`;
}

function uniqueFindings(edge: SpanMapEdge): SpanMapEdge['findings'] {
  const seen = new Set<string>();
  return edge.findings.filter((f) => !seen.has(f.message) && seen.add(f.message));
}

function showTooltip(content: Node[], event: MouseEvent): void {
  tooltip.replaceChildren(...content);
  tooltip.hidden = false;
  moveTooltip(event);
}

function moveTooltip(event: MouseEvent): void {
  const margin = 14;
  const { innerWidth, innerHeight } = window;
  const rect = tooltip.getBoundingClientRect();
  const left = Math.min(event.clientX + margin, innerWidth - rect.width - 4);
  const top = event.clientY + margin + rect.height > innerHeight ? event.clientY - rect.height - margin : event.clientY + margin;
  tooltip.style.left = `${Math.max(4, left)}px`;
  tooltip.style.top = `${Math.max(4, top)}px`;
}

function zoomBy(factor: number): void {
  const svg = canvas.querySelector('svg');
  if (!svg) return;
  const now = typeof state.zoom === 'number' ? state.zoom : fitScale(svg);
  state.zoom = Math.min(3, Math.max(0.2, now * factor));
  save();
  applyZoom();
}

function fitScale(svg: SVGSVGElement): number {
  const width = Number(svg.dataset.width) || 1;
  const height = Number(svg.dataset.height) || 1;
  return Math.min(1, Math.max(0.2, Math.min((canvas.clientWidth - 8) / width, (canvas.clientHeight - 8) / height)));
}

function applyZoom(): void {
  const svg = canvas.querySelector('svg');
  if (!svg) return;
  const scale = state.zoom === 'fit' ? fitScale(svg) : state.zoom;
  svg.setAttribute('width', String(Math.round(Number(svg.dataset.width) * scale)));
  svg.setAttribute('height', String(Math.round(Number(svg.dataset.height) * scale)));
  $('zoom-level').textContent = `${Math.round(scale * 100)}%`;
}

function drawLegend(): void {
  const legend = $('legend');
  const items: Node[] = [];
  for (const kind of KINDS.slice(0, 4)) items.push(legendItem(`kind-${kind} status-ok`, kind, KIND_MEANING[kind]));
  items.push(legendItem('status-missing', 'missing', 'no kind set: the edge is lost'));
  items.push(legendItem('status-wrong kind-CLIENT', 'wrong', 'a kind the code does not need'));
  items.push(legendItem('status-unknown', 'unknown', 'kind computed at run time'));
  legend.replaceChildren(...items);
}

function legendItem(classes: string, name: string, meaning: string): HTMLElement {
  const item = element('span', { class: 'legend-item', title: meaning });
  const swatch = svgElement('svg', { width: '34', height: '10', class: `swatch edge ${classes}`, 'aria-hidden': 'true' });
  swatch.append(svgElement('path', { class: 'line', d: 'M1,5 L33,5' }));
  item.append(swatch, element('strong', {}, name), document.createTextNode(` ${meaning}`));
  return item;
}

function markers(): SVGDefsElement {
  const defs = svgElement('defs', {});
  for (const name of [...KINDS, 'missing', 'unknown']) {
    const marker = svgElement('marker', { id: `arrow-${name}`, viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' });
    marker.append(svgElement('path', { class: `arrow arrow-${name}`, d: 'M0,0 L10,5 L0,10 z' }));
    defs.append(marker);
  }
  return defs;
}

/** Small line icons, 18×18, drawn in the node's icon colour. */
function iconOf(type: SpanMapNode['type']): SVGElement[] {
  const p = (d: string, cls = '') => svgElement('path', { d, class: cls });
  switch (type) {
    case 'service':
      return [p('M2,4 h14 v10 h-14 z'), p('M2,8 h14'), p('M5,6 h1 M8,6 h1', 'dots')];
    case 'http':
      return [svgElement('circle', { cx: '9', cy: '9', r: '7' }), svgElement('ellipse', { cx: '9', cy: '9', rx: '3', ry: '7' }), p('M2,9 h14')];
    case 'rpc':
      return [p('M2,6 h12 l-3,-3 M16,12 h-12 l3,3')];
    case 'database':
    case 'cache':
      return [
        svgElement('ellipse', { cx: '9', cy: '4', rx: '6', ry: '2.5' }),
        p('M3,4 v10 a6,2.5 0 0 0 12,0 v-10'),
        p(type === 'cache' ? 'M10,6.5 l-3,4 h3 l-2,4' : 'M3,9 a6,2.5 0 0 0 12,0'),
      ];
    case 'cloud':
      return [p('M5,14 a3.5,3.5 0 0 1 0,-7 a4.5,4.5 0 0 1 8.5,1 a3,3 0 0 1 0,6 z')];
    case 'llm':
      return [p('M9,1 l2,6 l6,2 l-6,2 l-2,6 l-2,-6 l-6,-2 l6,-2 z')];
    case 'topic':
      return [p('M1,5 h16 M1,9 h16 M1,13 h16'), p('M12,2 l4,3 l-4,3', 'head')];
    case 'queue':
      return [p('M1,5 h4 v8 h-4 z M7,5 h4 v8 h-4 z M13,5 h4 v8 h-4 z')];
    default:
      return [svgElement('circle', { cx: '9', cy: '9', r: '7' }), p('M7,7 a2,2 0 1 1 2.5,2 v1.5 M9,13 v0.5')];
  }
}

function svgElement<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  return el;
}

function svgText(text: string, attributes: Record<string, string>): SVGTextElement {
  const el = svgElement('text', attributes);
  el.textContent = text;
  return el;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string>, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  if (text !== undefined) el.textContent = text;
  return el;
}

function paragraph(text: string, cls: string): HTMLParagraphElement {
  return element('p', { class: cls }, text);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function relativePath(uri: string): string {
  let path = uri;
  try {
    path = decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
  for (const root of current?.roots ?? []) {
    const prefix = root.endsWith('/') ? root : `${root}/`;
    if (path.startsWith(prefix)) return path.slice(prefix.length);
  }
  return path;
}

