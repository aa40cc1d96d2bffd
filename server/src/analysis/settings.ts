// Settings: the one schema shared by the editor (workspace/configuration) and the CLI (config file).
import type { DeclaredWrapperRow } from '../catalogue/types';
import { SPAN_KINDS, type Severity, type SpanKindName } from './types';

export type RuleLevel = Severity | 'off';

/** A library the catalogue does not know: calls of `member` on values from `module` mean `kind`. */
export interface LibrarySetting {
  module: string;
  /** Member names; `()` is calling the import itself. */
  members: string[];
  kind: SpanKindName;
}

/** A tracing wrapper declared by hand (for wrappers the analysis cannot read, e.g. in a compiled package). */
export type WrapperSetting = DeclaredWrapperRow;

export interface Settings {
  enable: boolean;
  /** Severity of every rule that `rules` does not override; `default`: each rule's own default level. */
  severity: Severity | 'default';
  /** Per-rule override, by rule id without the `spankind/` prefix. */
  rules: Readonly<Record<string, RuleLevel>>;
  /** Delay between an edit and its analysis in the editor, in milliseconds. */
  debounceMs: number;
  /** Files larger than this (in characters) are skipped. */
  maxFileSize: number;
  libraries: readonly LibrarySetting[];
  wrappers: readonly WrapperSetting[];
  /** Show a CodeLens over each span call with its kind and the kind inferred (editor only). */
  codeLens: boolean;
  /**
   * How the editor reports a call that looks like a tracing wrapper but could not be followed (not a rule: a
   * note on what was not checked); `off` hides them. The CLI lists them in its summary whatever this says.
   */
  unresolvedWrappers: RuleLevel;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  severity: 'default',
  rules: {},
  debounceMs: 200,
  maxFileSize: 2_000_000,
  libraries: [],
  wrappers: [],
  codeLens: false,
  unresolvedWrappers: 'information',
};

const SEVERITIES: readonly string[] = ['error', 'warning', 'information', 'hint'];

/** A value that was wrong and replaced by its default: where it is, and what was wrong. */
export interface SettingsProblem {
  /** Keys from the settings root, e.g. `['rules', 'nope']`, `['libraries', 0, 'kind']`. */
  path: (string | number)[];
  message: string;
}

export interface ParsedSettings {
  settings: Settings;
  problems: SettingsProblem[];
}

/** Validates raw settings and fills defaults; never throws. */
export function parseSettings(raw: unknown, knownRules: readonly string[] = []): ParsedSettings {
  const problems: SettingsProblem[] = [];
  const problem = (path: (string | number)[], message: string) => problems.push({ path, message });
  const settings: Settings = { ...DEFAULT_SETTINGS, rules: {}, libraries: [], wrappers: [] };
  if (raw === undefined || raw === null) return { settings, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problem([], `settings must be an object, got ${describe(raw)}; using defaults`);
    return { settings, problems };
  }
  const r = raw as Record<string, unknown>;
  if (r.enable !== undefined) {
    if (typeof r.enable === 'boolean') settings.enable = r.enable;
    else problem(['enable'], `spanKind.enable must be true or false, got ${describe(r.enable)}`);
  }
  if (r.severity !== undefined) {
    if (typeof r.severity === 'string' && (r.severity === 'default' || SEVERITIES.includes(r.severity))) settings.severity = r.severity as Severity;
    else problem(['severity'], `spanKind.severity must be default or one of ${SEVERITIES.join(', ')}, got ${describe(r.severity)}`);
  }
  if (r.codeLens !== undefined) {
    if (typeof r.codeLens === 'boolean') settings.codeLens = r.codeLens;
    else problem(['codeLens'], `spanKind.codeLens must be true or false, got ${describe(r.codeLens)}`);
  }
  if (r.unresolvedWrappers !== undefined) {
    if (typeof r.unresolvedWrappers === 'string' && (r.unresolvedWrappers === 'off' || SEVERITIES.includes(r.unresolvedWrappers))) settings.unresolvedWrappers = r.unresolvedWrappers as RuleLevel;
    else problem(['unresolvedWrappers'], `spanKind.unresolvedWrappers must be off or one of ${SEVERITIES.join(', ')}, got ${describe(r.unresolvedWrappers)}`);
  }
  if (r.debounceMs !== undefined) {
    if (typeof r.debounceMs === 'number' && Number.isFinite(r.debounceMs) && r.debounceMs >= 0 && r.debounceMs <= 10_000) {
      settings.debounceMs = Math.round(r.debounceMs);
    } else problem(['debounceMs'], `spanKind.debounceMs must be a number from 0 to 10000, got ${describe(r.debounceMs)}`);
  }
  if (r.maxFileSize !== undefined) {
    if (typeof r.maxFileSize === 'number' && Number.isFinite(r.maxFileSize) && r.maxFileSize > 0) {
      settings.maxFileSize = Math.round(r.maxFileSize);
    } else problem(['maxFileSize'], `spanKind.maxFileSize must be a positive number, got ${describe(r.maxFileSize)}`);
  }
  if (r.rules !== undefined) {
    if (isObject(r.rules)) {
      const rules: Record<string, RuleLevel> = {};
      for (const [key, level] of Object.entries(r.rules)) {
        const id = key.replace(/^spankind\//, '');
        if (knownRules.length && !knownRules.includes(id)) {
          const near = closestName(id, knownRules);
          problem(['rules', key], `spanKind.rules: unknown rule "${key}" (${near ? `did you mean "${near}"?` : `known: ${knownRules.join(', ')}`})`);
        } else if (typeof level === 'string' && (level === 'off' || SEVERITIES.includes(level))) {
          rules[id] = level as RuleLevel;
        } else {
          problem(['rules', key], `spanKind.rules.${key} must be off or one of ${SEVERITIES.join(', ')}, got ${describe(level)}`);
        }
      }
      settings.rules = rules;
    } else problem(['rules'], `spanKind.rules must be an object, got ${describe(r.rules)}`);
  }
  if (r.libraries !== undefined) settings.libraries = parseList(r.libraries, 'libraries', parseLibrary, problem);
  if (r.wrappers !== undefined) settings.wrappers = parseList(r.wrappers, 'wrappers', parseWrapper, problem);
  return { settings, problems };
}

type Report = (path: (string | number)[], message: string) => void;

function parseList<T>(raw: unknown, key: string, parseItem: (item: unknown, at: (string | number)[], problem: Report) => T | undefined, problem: Report): T[] {
  if (!Array.isArray(raw)) {
    problem([key], `spanKind.${key} must be an array, got ${describe(raw)}`);
    return [];
  }
  return raw.flatMap((item, i) => {
    const parsed = parseItem(item, [key, i], problem);
    return parsed ? [parsed] : [];
  });
}

function parseLibrary(item: unknown, at: (string | number)[], problem: Report): LibrarySetting | undefined {
  const where = `spanKind.${at.join('.')}`;
  if (!isObject(item)) return void problem(at, `${where} must be an object like { "module": "@acme/http", "member": "request", "kind": "CLIENT" }`);
  const members = typeof item.member === 'string' ? [item.member] : Array.isArray(item.member) && item.member.every((m) => typeof m === 'string') ? (item.member as string[]) : undefined;
  if (typeof item.module !== 'string' || !item.module) return void problem([...at, 'module'], `${where}.module must be a module name`);
  if (!members?.length) return void problem([...at, 'member'], `${where}.member must be a member name or a list of them`);
  if (typeof item.kind !== 'string' || !(SPAN_KINDS as readonly string[]).includes(item.kind)) {
    return void problem([...at, 'kind'], `${where}.kind must be one of ${SPAN_KINDS.join(', ')}, got ${describe(item.kind)}`);
  }
  return { module: item.module, members, kind: item.kind as SpanKindName };
}

function parseWrapper(item: unknown, at: (string | number)[], problem: Report): WrapperSetting | undefined {
  const where = `spanKind.${at.join('.')}`;
  if (!isObject(item)) return void problem(at, `${where} must be an object like { "function": "withSpan", "nameArg": 0, "kindArg": 1, "callbackArg": 2 }`);
  if (typeof item.function !== 'string' || !item.function) return void problem([...at, 'function'], `${where}.function must be a function name`);
  const wrapper: WrapperSetting = { function: item.function };
  if (item.module !== undefined) {
    if (typeof item.module === 'string') wrapper.module = item.module;
    else problem([...at, 'module'], `${where}.module must be a module name`);
  }
  for (const key of ['nameArg', 'kindArg', 'optionsArg', 'callbackArg'] as const) {
    const value = item[key];
    if (value === undefined) continue;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) wrapper[key] = value;
    else problem([...at, key], `${where}.${key} must be an argument position (0, 1, ...), got ${describe(value)}`);
  }
  if (wrapper.kindArg === undefined && wrapper.optionsArg === undefined) {
    return void problem(at, `${where} needs kindArg or optionsArg: where the kind is passed`);
  }
  return wrapper;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}

/**
 * The candidate a mistyped name most likely meant (`severty` -> `severity`, `ignore` -> `ignores`), by edit
 * distance ignoring case; undefined when none is close (at most a third of the name's letters differ).
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(Math.max(name.length, best.candidate.length) / 3)) ? best.candidate : undefined;
}

/** Levenshtein distance, two rows. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}
