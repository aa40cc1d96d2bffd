// Settings: the one schema shared by the editor (workspace/configuration) and the CLI (config file).
import type { Severity } from './types';

export type RuleLevel = Severity | 'off';

export interface Settings {
  enable: boolean;
  /** Severity of every rule that `rules` does not override. */
  severity: Severity;
  /** Per-rule override, by rule id without the `spankind/` prefix. */
  rules: Readonly<Record<string, RuleLevel>>;
  /** Delay between an edit and its analysis in the editor, in milliseconds. */
  debounceMs: number;
  /** Files larger than this (in characters) are skipped. */
  maxFileSize: number;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  severity: 'warning',
  rules: {},
  debounceMs: 200,
  maxFileSize: 2_000_000,
};

const SEVERITIES: readonly string[] = ['error', 'warning', 'information', 'hint'];

export interface ParsedSettings {
  settings: Settings;
  /** One sentence per value that was wrong and replaced by its default. */
  problems: string[];
}

/** Validates raw settings and fills defaults; never throws. */
export function parseSettings(raw: unknown, knownRules: readonly string[] = []): ParsedSettings {
  const problems: string[] = [];
  const settings: Settings = { ...DEFAULT_SETTINGS, rules: {} };
  if (raw === undefined || raw === null) return { settings, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`settings must be an object, got ${describe(raw)}; using defaults`);
    return { settings, problems };
  }
  const r = raw as Record<string, unknown>;
  if (r.enable !== undefined) {
    if (typeof r.enable === 'boolean') settings.enable = r.enable;
    else problems.push(`spanKind.enable must be true or false, got ${describe(r.enable)}`);
  }
  if (r.severity !== undefined) {
    if (typeof r.severity === 'string' && SEVERITIES.includes(r.severity)) settings.severity = r.severity as Severity;
    else problems.push(`spanKind.severity must be one of ${SEVERITIES.join(', ')}, got ${describe(r.severity)}`);
  }
  if (r.debounceMs !== undefined) {
    if (typeof r.debounceMs === 'number' && Number.isFinite(r.debounceMs) && r.debounceMs >= 0 && r.debounceMs <= 10_000) {
      settings.debounceMs = Math.round(r.debounceMs);
    } else problems.push(`spanKind.debounceMs must be a number from 0 to 10000, got ${describe(r.debounceMs)}`);
  }
  if (r.maxFileSize !== undefined) {
    if (typeof r.maxFileSize === 'number' && Number.isFinite(r.maxFileSize) && r.maxFileSize > 0) {
      settings.maxFileSize = Math.round(r.maxFileSize);
    } else problems.push(`spanKind.maxFileSize must be a positive number, got ${describe(r.maxFileSize)}`);
  }
  if (r.rules !== undefined) {
    if (typeof r.rules === 'object' && r.rules !== null && !Array.isArray(r.rules)) {
      const rules: Record<string, RuleLevel> = {};
      for (const [key, level] of Object.entries(r.rules as Record<string, unknown>)) {
        const id = key.replace(/^spankind\//, '');
        if (knownRules.length && !knownRules.includes(id)) {
          problems.push(`spanKind.rules: unknown rule "${key}" (known: ${knownRules.join(', ')})`);
        } else if (typeof level === 'string' && (level === 'off' || SEVERITIES.includes(level))) {
          rules[id] = level as RuleLevel;
        } else {
          problems.push(`spanKind.rules.${key} must be off or one of ${SEVERITIES.join(', ')}, got ${describe(level)}`);
        }
      }
      settings.rules = rules;
    } else problems.push(`spanKind.rules must be an object, got ${describe(r.rules)}`);
  }
  return { settings, problems };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}
