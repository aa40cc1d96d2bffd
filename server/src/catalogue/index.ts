// The catalogue: every row, grouped by what it matches. Adding a library is adding a row in its family file.
import { aiCalls } from './ai';
import { type AttributeRow, attributeRows } from './attributes';
import { awsCommands, cloudCalls } from './cloud';
import { databaseCalls } from './databases';
import { httpCalls, httpGlobals } from './http';
import { localModules } from './local';
import { messagingCalls, messagingHandlers } from './messaging';
import { serverEntries, serverHandlers } from './servers';
import { nonOtelTracerModules, sdkSpanFunctions } from './tracing';
import type { CallRow, CommandRow, DeclaredWrapperRow, EntryRow, GlobalRow, HandlerRow, LocalModuleRow } from './types';

export type { CallRow, CommandRow, DeclaredWrapperRow, EntryRow, GlobalRow, HandlerRow, LocalModuleRow } from './types';

export type { AttributeRow } from './attributes';

export interface Catalogue {
  calls: readonly CallRow[];
  attributes: readonly AttributeRow[];
  globals: readonly GlobalRow[];
  commands: readonly CommandRow[];
  handlers: readonly HandlerRow[];
  entries: readonly EntryRow[];
  local: readonly LocalModuleRow[];
  /**
   * Span functions known without reading them: the user's declared wrappers, then the SDKs built on
   * OpenTelemetry (wrappers in the workspace are found by reading them).
   */
  wrappers: readonly DeclaredWrapperRow[];
  /** Modules whose `startSpan` / `startActiveSpan` receivers are not OpenTelemetry tracers. */
  nonOtelTracers: readonly string[];
}

export const catalogue: Catalogue = {
  attributes: attributeRows,
  calls: [...httpCalls, ...databaseCalls, ...messagingCalls, ...cloudCalls, ...aiCalls],
  globals: httpGlobals,
  commands: awsCommands,
  handlers: [...serverHandlers, ...messagingHandlers],
  entries: serverEntries,
  local: localModules,
  wrappers: sdkSpanFunctions,
  nonOtelTracers: nonOtelTracerModules,
};

/** Does `specifier` match one of `patterns` (exact, or by prefix for a trailing `*`)? */
export function moduleMatches(patterns: readonly string[], specifier: string): boolean {
  let matcher = matchers.get(patterns);
  if (!matcher) {
    const exact = new Set(patterns.filter((p) => !p.endsWith('*')));
    const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
    matcher = (s) => exact.has(s) || prefixes.some((p) => s.startsWith(p));
    matchers.set(patterns, matcher);
  }
  return matcher(specifier);
}

/** Each pattern list's matcher, built once: every call of every file asks. */
const matchers = new WeakMap<readonly string[], (specifier: string) => boolean>();

/**
 * The rows of `rows` whose modules match `specifier`, in their order: each list is filtered once per
 * specifier (a workspace imports a few hundred), not once per call of every file.
 */
export function rowsFor<R extends { readonly modules?: readonly string[] }>(rows: readonly R[], specifier: string): readonly R[] {
  let bySpecifier = rowIndex.get(rows);
  if (!bySpecifier) {
    bySpecifier = new Map();
    rowIndex.set(rows, bySpecifier);
  }
  let found = bySpecifier.get(specifier);
  if (!found) {
    found = rows.filter((r) => moduleMatches(r.modules ?? [], specifier));
    bySpecifier.set(specifier, found);
  }
  return found as readonly R[];
}

const rowIndex = new WeakMap<readonly object[], Map<string, readonly object[]>>();
