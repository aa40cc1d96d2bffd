// Where everything of the Span Map goes: filtering, labels and a left-to-right dagre layout (callers and
// consumed topics left of the service, its dependencies right). Pure, no DOM: the webview draws the result,
// and the unit tests check it.
import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';
import type { SpanMap, SpanMapEdge, SpanMapNode } from '../../../server/src/analysis/spanMap';

export interface Point {
  x: number;
  y: number;
}

export interface LaidOutNode {
  node: SpanMapNode;
  /** Centre. */
  x: number;
  y: number;
  width: number;
  height: number;
  title: string;
  subtitle: string;
}

export interface LaidOutEdge {
  edge: SpanMapEdge;
  points: Point[];
  label: { text: string; x: number; y: number; width: number; height: number };
}

export interface MapLayout {
  width: number;
  height: number;
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
}

export interface MapFilter {
  /** Case-insensitive text matched against node names, span names and file paths. */
  text: string;
  /** Only missing, wrong and unknown edges (and edges with findings). */
  problemsOnly: boolean;
}

const NODE_HEIGHT = 42;
const CHAR_WIDTH = 7.2;
const LABEL_CHAR_WIDTH = 6.4;
const MAX_NAME = 42;

const TYPE_LABELS: Record<SpanMapNode['type'], string> = {
  service: 'service',
  http: 'HTTP',
  rpc: 'RPC',
  database: 'database',
  cache: 'cache',
  cloud: 'cloud service',
  llm: 'model provider',
  topic: 'topic',
  queue: 'queue',
  other: 'peer',
};

/** Is the edge one the backend will not draw as the code means it? */
export function isProblem(edge: SpanMapEdge): boolean {
  return edge.status !== 'ok' || edge.findings.length > 0;
}

/**
 * The edges (and the nodes they join) that pass the filter; services always stay. Text that names a peer
 * keeps its edges whole; text that matches files or span names keeps only those spans of each edge.
 */
export function filterMap(map: SpanMap, filter: MapFilter): SpanMap {
  const text = filter.text.trim().toLowerCase();
  const byId = new Map(map.nodes.map((n) => [n.id, n]));
  const namesPeer = (id: string) => {
    const n = byId.get(id);
    return !!n && n.type !== 'service' && (n.name.toLowerCase().includes(text) || (n.system ?? '').toLowerCase().includes(text));
  };
  const narrowed = (edge: SpanMapEdge): SpanMapEdge | undefined => {
    if (!text || namesPeer(edge.source) || namesPeer(edge.target)) return edge;
    const locations = edge.locations.filter((l) => l.spanName.toLowerCase().includes(text) || safeDecode(l.uri).toLowerCase().includes(text));
    if (!locations.length) return undefined;
    if (locations.length === edge.locations.length) return edge;
    const kept = new Set(locations.map((l) => `${l.uri}#${l.line}`));
    return {
      ...edge,
      locations,
      spans: locations.length,
      spanNames: [...new Set(locations.map((l) => l.spanName))],
      findings: edge.findings.filter((f) => kept.has(`${f.uri}#${f.line}`)),
    };
  };
  const edges = map.edges.flatMap((e) => {
    const edge = narrowed(e);
    return edge && (!filter.problemsOnly || isProblem(edge)) ? [edge] : [];
  });
  const used = new Set(edges.flatMap((e) => [e.source, e.target]));
  const nodes = map.nodes.filter((n) => n.type === 'service' || used.has(n.id));
  return { ...map, nodes, edges };
}

function safeDecode(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/** The text on an edge: its kind, or what is wrong with it. */
export function edgeLabel(edge: SpanMapEdge): string {
  const times = edge.spans > 1 ? ` ×${edge.spans}` : '';
  switch (edge.status) {
    case 'ok':
      return `${edge.kind}${times}${edge.instrumentedBy ? ' (auto)' : ''}`;
    case 'missing':
      return `no kind${times} · needs ${edge.needed}`;
    case 'wrong':
      return `${edge.kind}${times} · needs ${edge.needed}`;
    default:
      return `kind unknown${times} · needs ${edge.needed}`;
  }
}

/** The two lines on a node. */
export function nodeText(node: SpanMapNode): { title: string; subtitle: string } {
  const title = node.name.length > MAX_NAME ? `${node.name.slice(0, MAX_NAME - 1)}…` : node.name;
  if (node.type === 'service') {
    const spans = node.spans ?? 0;
    return { title, subtitle: `service · ${spans} ${spans === 1 ? 'span' : 'spans'}` };
  }
  const type = TYPE_LABELS[node.type];
  const system = node.system && node.system !== node.name && !node.dynamic ? `${node.system} ${type}` : type;
  return { title, subtitle: system };
}

/** Lays the map out left to right. Deterministic for a given map. */
export function layoutMap(map: SpanMap): MapLayout {
  const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 14, edgesep: 12, ranksep: 140, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const texts = new Map<string, { title: string; subtitle: string }>();
  for (const node of map.nodes) {
    const text = nodeText(node);
    texts.set(node.id, text);
    const width = Math.min(340, Math.max(140, Math.ceil(Math.max(text.title.length, text.subtitle.length * 0.9) * CHAR_WIDTH) + 52));
    g.setNode(node.id, { width, height: node.type === 'service' ? NODE_HEIGHT + 8 : NODE_HEIGHT });
  }
  const known = new Set(map.nodes.map((n) => n.id));
  const labels = new Map<string, string>();
  for (const edge of map.edges) {
    if (!known.has(edge.source) || !known.has(edge.target)) continue;
    const label = edgeLabel(edge);
    labels.set(edge.id, label);
    g.setEdge(edge.source, edge.target, { width: Math.ceil(label.length * LABEL_CHAR_WIDTH) + 12, height: 18, labelpos: 'c' }, edge.id);
  }
  dagre.layout(g);
  const nodes: LaidOutNode[] = map.nodes.map((node) => {
    const n = g.node(node.id);
    const text = texts.get(node.id)!;
    return { node, x: n.x ?? 0, y: n.y ?? 0, width: n.width, height: n.height, ...text };
  });
  const edges: LaidOutEdge[] = [];
  for (const edge of map.edges) {
    const label = labels.get(edge.id);
    if (label === undefined) continue;
    const e = g.edge({ v: edge.source, w: edge.target, name: edge.id });
    edges.push({
      edge,
      points: (e.points ?? []).map((p: Point) => ({ x: p.x, y: p.y })),
      label: { text: label, x: e.x ?? 0, y: e.y ?? 0, width: e.width ?? 0, height: e.height ?? 0 },
    });
  }
  const graph = g.graph();
  return { width: Math.ceil(graph.width ?? 0), height: Math.ceil(graph.height ?? 0), nodes, edges };
}

/** A smooth SVG path through dagre's points. */
export function pathThrough(points: readonly Point[]): string {
  if (!points.length) return '';
  const [first, ...rest] = points;
  let d = `M${round(first.x)},${round(first.y)}`;
  if (rest.length === 1) return `${d} L${round(rest[0].x)},${round(rest[0].y)}`;
  // Quadratic segments through the midpoints: the curve passes near every point without overshooting.
  for (let i = 0; i < rest.length - 1; i++) {
    const mid = { x: (rest[i].x + rest[i + 1].x) / 2, y: (rest[i].y + rest[i + 1].y) / 2 };
    d += ` Q${round(rest[i].x)},${round(rest[i].y)} ${round(mid.x)},${round(mid.y)}`;
  }
  const last = rest[rest.length - 1];
  return `${d} L${round(last.x)},${round(last.y)}`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
