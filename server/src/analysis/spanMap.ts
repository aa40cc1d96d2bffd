// The static service graph the code will produce: services, the peers their spans reach, and one edge per
// (source, target, kind) as a tracing backend would draw it. A span whose kind does not make that edge (no
// kind at all = INTERNAL around a fetch) yields a MISSING edge, so a missing kind shows as a missing edge.
import type { SpanSummary } from './spanSummary';
import type { SpanTargetType } from './spanTargets';
import type { Severity, SpanKindName } from './types';

/** The spans of one file, and the service (nearest package.json name) the file belongs to. */
export interface SpanMapFile {
  uri: string;
  service: string;
  spans: readonly SpanSummary[];
}

export interface SpanMapNode {
  /** `service:<name>`, or `<type>:<system>:<name>` for a peer. */
  id: string;
  type: 'service' | SpanTargetType;
  name: string;
  /** The broker or system of a peer (`kafka` for a topic, `postgresql` for a database). */
  system?: string;
  /** Catalogue families whose calls reach it. */
  libraries: string[];
  /** True when the name could not be read statically. */
  dynamic?: boolean;
  /** For a service: how many spans its code starts, and how many of them reach no peer (INTERNAL work). */
  spans?: number;
  localSpans?: number;
}

export interface SpanMapLocation {
  uri: string;
  /** 0-based line and UTF-16 character of the span's name. */
  line: number;
  character: number;
  spanName: string;
}

export interface SpanMapFinding extends SpanMapLocation {
  ruleId: string;
  message: string;
  severity: Severity;
}

/**
 * `ok`: the span's kind makes this edge. `missing`: it is INTERNAL (or has no kind), so the backend draws no
 * edge. `wrong`: it makes an edge of another kind. `unknown`: its kind is not known statically.
 */
export type SpanMapEdgeStatus = 'ok' | 'missing' | 'wrong' | 'unknown';

export interface SpanMapEdge {
  id: string;
  source: string;
  target: string;
  /** The kind the spans have (what the backend sees); `unknown` when not known statically. */
  kind: SpanKindName | 'unknown';
  /** The kind the evidence needs for this edge. */
  needed: SpanKindName;
  status: SpanMapEdgeStatus;
  spans: number;
  spanNames: string[];
  locations: SpanMapLocation[];
  findings: SpanMapFinding[];
  /** The auto-instrumentation that makes this edge (the spans here are rightly INTERNAL steps inside it). */
  instrumentedBy?: string;
}

export interface SpanMap {
  nodes: SpanMapNode[];
  edges: SpanMapEdge[];
  /** Totals, for the view's header. */
  spanCount: number;
  fileCount: number;
}

const INBOUND: readonly SpanKindName[] = ['CONSUMER', 'SERVER'];
const TYPE_ORDER: readonly string[] = ['service', 'http', 'rpc', 'database', 'cache', 'cloud', 'llm', 'topic', 'queue', 'other'];

/** Builds the graph from the span summaries of every file. Pure; the order of `files` does not matter. */
export function buildSpanMap(files: readonly SpanMapFile[]): SpanMap {
  const nodes = new Map<string, SpanMapNode>();
  const edges = new Map<string, SpanMapEdge>();
  let spanCount = 0;
  const sorted = [...files].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  for (const file of sorted) {
    const serviceId = `service:${file.service}`;
    let service = nodes.get(serviceId);
    if (!service) nodes.set(serviceId, (service = { id: serviceId, type: 'service', name: file.service, libraries: [], spans: 0, localSpans: 0 }));
    for (const span of file.spans) {
      spanCount++;
      service.spans!++;
      if (!span.targets.length) service.localSpans!++;
      const location: SpanMapLocation = { uri: file.uri, line: span.line, character: span.character, spanName: span.name };
      for (const target of span.targets) {
        const peerId = `${target.type}:${target.system ?? ''}:${target.name}`;
        let peer = nodes.get(peerId);
        if (!peer) {
          peer = { id: peerId, type: target.type, name: target.name, system: target.system, libraries: [], dynamic: target.dynamic };
          nodes.set(peerId, peer);
        }
        if (target.library && !peer.libraries.includes(target.library)) peer.libraries.push(target.library);

        const instrumented = target.instrumentedBy !== undefined;
        const kind: SpanKindName | 'unknown' = instrumented ? target.kindNeeded : (span.effectiveKind ?? 'unknown');
        // The direction follows the kind the edge should have; an INTERNAL need (an invented dependency) follows the span's.
        const directing = target.kindNeeded === 'INTERNAL' && kind !== 'unknown' ? kind : target.kindNeeded;
        const inbound = INBOUND.includes(directing);
        const [source, targetId] = inbound ? [peerId, serviceId] : [serviceId, peerId];
        const edgeId = `${source}->${targetId}:${kind}`;
        let edge = edges.get(edgeId);
        if (!edge) {
          edge = {
            id: edgeId,
            source,
            target: targetId,
            kind,
            needed: target.kindNeeded,
            status: statusOf(kind, target.kindNeeded),
            spans: 0,
            spanNames: [],
            locations: [],
            findings: [],
            instrumentedBy: target.instrumentedBy,
          };
          edges.set(edgeId, edge);
        }
        edge.spans++;
        if (!edge.spanNames.includes(span.name)) edge.spanNames.push(span.name);
        edge.locations.push(location);
        for (const f of span.findings) edge.findings.push({ ...location, ruleId: f.ruleId, message: f.message, severity: f.severity });
      }
    }
  }
  for (const n of nodes.values()) n.libraries.sort();
  const nodeList = [...nodes.values()].sort(
    (a, b) => TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) || compare(a.system ?? '', b.system ?? '') || compare(a.name, b.name),
  );
  const edgeList = [...edges.values()].sort((a, b) => compare(a.source, b.source) || compare(a.target, b.target) || compare(a.kind, b.kind));
  return { nodes: nodeList, edges: edgeList, spanCount, fileCount: files.length };
}

function statusOf(kind: SpanKindName | 'unknown', needed: SpanKindName): SpanMapEdgeStatus {
  if (kind === 'unknown') return 'unknown';
  if (kind === needed) return 'ok';
  return kind === 'INTERNAL' ? 'missing' : 'wrong';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
