// Reads the test-workspace fixtures and their `// expect:` comments.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectInstrumentation, type InstrumentationFact } from '../src/analysis/instrumentation';

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

/** src: the demo service; catalogue: one file per library family; auto-instrumented: a service that registers auto-instrumentation. */
export const FIXTURE_FOLDERS = ['src', 'catalogue', 'auto-instrumented'] as const;

const factsByFolder = new Map<string, InstrumentationFact[]>();

/** The auto-instrumentations a fixture's folder registers, as the CLI would detect them over that folder. */
export function instrumentationOf(file: string): InstrumentationFact[] {
  const folder = path.relative(WORKSPACE, file).split(path.sep)[0];
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
 * `// expect: CLIENT`, `// expect: CLIENT @wrong-kind`, `// expect: none`, `// expect: CLIENT (typed)`,
 * by 1-based line.
 */
export function expectationsOf(text: string): Expectation[] {
  const result: Expectation[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /\/\/ expect: (none|INTERNAL|SERVER|CLIENT|PRODUCER|CONSUMER)(?: @([\w-]+))?( \(typed\))?\s*$/.exec(line);
    if (m) {
      const rule = m[1] === 'none' ? '' : `spankind/${m[2] ?? 'missing-kind'}`;
      result.push({ line: i + 1, kind: m[1], rule, typedOnly: !!m[3] });
    }
  });
  return result;
}

/** The findings a mode should produce: `typed`-only expectations are silent in the per-file analysis. */
export function expectedFindings(text: string, mode: Mode): string[] {
  return expectationsOf(text)
    .filter((e) => e.kind !== 'none' && (mode === 'typed' || !e.typedOnly))
    .map((e) => `${e.line} ${e.kind} ${e.rule}`);
}
