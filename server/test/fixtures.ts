// Reads the test-workspace fixtures and their `// expect:` comments.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectInstrumentation, type InstrumentationFact } from '../src/analysis/instrumentation';
import type { Fix } from '../src/analysis/types';

export const WORKSPACE = path.resolve(__dirname, '../../../test-workspace');
const SOURCE = /\.[cm]?[jt]sx?$/;

export interface Expectation {
  line: number;
  kind: string;
  rule: string;
  /** `(typed)`: only the type-aware analysis can see it; the per-file analysis expects nothing here. */
  typedOnly: boolean;
}

export type Mode = 'syntactic' | 'typed';

/**
 * Fixture files: test-workspace/src (the demo service, type-checked against real packages) and
 * test-workspace/catalogue (one file per library family; their packages need not be installed).
 */
export function fixtureFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
    }
  };
  for (const folder of FIXTURE_FOLDERS) if (fs.existsSync(path.join(WORKSPACE, folder))) walk(path.join(WORKSPACE, folder));
  return files.sort();
}

/**
 * src: the demo service; catalogue: one file per library family; auto-instrumented: a service that registers
 * auto-instrumentation; rules: one folder per context/lifecycle rule (valid and invalid cases).
 */
export const FIXTURE_FOLDERS = ['src', 'catalogue', 'auto-instrumented', 'rules'] as const;

const factsByFolder = new Map<string, InstrumentationFact[]>();

/** The auto-instrumentations a fixture's folder (rules/<id>/ for rules) registers, as the CLI would detect them there. */
export function instrumentationOf(file: string): InstrumentationFact[] {
  const parts = path.relative(WORKSPACE, file).split(path.sep);
  // rules/<rule-id>/ folders are separate workspaces: one may register auto-instrumentation, another not.
  const folder = parts[0] === 'rules' && parts.length > 2 ? path.join(parts[0], parts[1]) : parts[0];
  let facts = factsByFolder.get(folder);
  if (!facts) {
    facts = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (SOURCE.test(entry.name) || entry.name === 'package.json') {
          facts!.push(...detectInstrumentation(path.relative(WORKSPACE, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8')));
        }
      }
    };
    walk(path.join(WORKSPACE, folder));
    factsByFolder.set(folder, facts);
  }
  return facts;
}

/** `src/a/b.ts` -> `fixed/a/b.fixed.ts`: the expected result of applying every preferred fix. */
export function fixedTwinOf(file: string): string {
  const rel = path.relative(WORKSPACE, file).replace(/^src[\\/]/, '');
  return path.join(WORKSPACE, 'fixed', rel.replace(/(\.[cm]?[jt]sx?)$/, '.fixed$1'));
}

/**
 * `// expect: CLIENT`, `// expect: CLIENT @wrong-kind`, `// expect: none`, `// expect: CLIENT (typed)`, and for
 * rules that suggest no kind `// expect: @span-not-ended`; several on one line, comma-separated:
 * `// expect: PRODUCER, @producer-without-inject`. By 1-based line.
 */
export function expectationsOf(text: string): Expectation[] {
  const result: Expectation[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /\/\/ expect: (.*?)\s*$/.exec(line);
    if (!m) return;
    for (const item of m[1].split(',')) {
      const e = /^\s*(?:(none|INTERNAL|SERVER|CLIENT|PRODUCER|CONSUMER)(?: @([\w-]+))?|@([\w-]+))( \(typed\))?\s*$/.exec(item);
      if (!e) throw new Error(`line ${i + 1}: unreadable expectation "${item.trim()}"`);
      if (e[3]) result.push({ line: i + 1, kind: '-', rule: `spankind/${e[3]}`, typedOnly: !!e[4] });
      else result.push({ line: i + 1, kind: e[1], rule: e[1] === 'none' ? '' : `spankind/${e[2] ?? 'missing-kind'}`, typedOnly: !!e[4] });
    }
  });
  return result;
}

/** How a finding is compared with expectations: `line KIND rule`, or `line - rule` for rules without a kind. */
export function findingKey(line: number, finding: { suggestedKind?: string; ruleId: string }): string {
  return `${line} ${finding.suggestedKind ?? '-'} ${finding.ruleId}`;
}

/** The findings a mode should produce: `typed`-only expectations are silent in the per-file analysis. */
export function expectedFindings(text: string, mode: Mode): string[] {
  return expectationsOf(text)
    .filter((e) => e.kind !== 'none' && (mode === 'typed' || !e.typedOnly))
    .map((e) => `${e.line} ${e.kind} ${e.rule}`)
    .sort(compareKeys);
}

/** Sorts finding keys by line, then text. */
export function compareKeys(a: string, b: string): number {
  return parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b);
}

/** The kind rules; the catalogue and auto-instrumented fixtures are checked against these alone. */
export const KIND_RULES: readonly string[] = ['missing-kind', 'wrong-kind'];

/**
 * The rules a fixture is checked against: catalogue/ and auto-instrumented/ exist to test kind inference,
 * so only the kind rules run there; src/ (the demo service) and rules/ (one folder per other rule) run all.
 */
export function rulesCheckedIn(file: string): readonly string[] | 'all' {
  const folder = path.relative(WORKSPACE, file).split(path.sep)[0];
  return folder === 'catalogue' || folder === 'auto-instrumented' ? KIND_RULES : 'all';
}

/**
 * Which fixes the `.fixed` twin applies: fix-all's preferred fixes, or in rules/ (where the fixtures exist to
 * test each rule's quick-fix) the first fix of every finding.
 */
export function twinFixesOf(file: string, findings: readonly { fixes: readonly Fix[] }[]): Fix[] {
  const folder = path.relative(WORKSPACE, file).split(path.sep)[0];
  if (folder === 'rules') return findings.flatMap((f) => f.fixes.slice(0, 1));
  return findings.flatMap((f) => f.fixes.filter((x) => x.preferred));
}
