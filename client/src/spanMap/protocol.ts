// Messages between the Span Map panel (extension side) and its webview. Types only, no runtime code: both
// bundles (Node and browser) import this file.
import type { SpanMap, SpanMapLocation } from '../../../server/src/analysis/spanMap';

/** What `spanKind/spanMap` answers (server/src/lsp/spanMapRequest.ts). */
export interface SpanMapResult extends SpanMap {
  complete: boolean;
}

/** Extension → webview. */
export type ToWebview =
  /** The map to draw; `workspaceRoots` lets the webview show paths relative to the workspace. */
  | { type: 'map'; map: SpanMapResult; workspaceRoots: string[] }
  /** The server could not answer (not running, restarting). */
  | { type: 'error'; message: string };

/** Webview → extension. */
export type FromWebview =
  /** The webview's script runs and wants the map. */
  | { type: 'ready' }
  /** The user asked for the map again. */
  | { type: 'refresh' }
  /** Open a span's file at its name. */
  | { type: 'open'; location: SpanMapLocation }
  /** A map was drawn: what the SVG holds, counted in the page (the editor tests read it). */
  | { type: 'rendered'; rendered: SpanMapRendered };

export interface SpanMapRendered {
  /** Node and edge elements in the SVG. */
  nodes: number;
  edges: number;
  /** Edges drawn as missing or wrong. */
  missing: number;
  wrong: number;
  /** The names shown on the nodes, in drawing order. */
  labels: string[];
  /** How many nodes and edges the map has (before the filter). */
  mapNodes: number;
  mapEdges: number;
  filter: string;
  /** The server had read the whole workspace when it answered. */
  complete: boolean;
}
