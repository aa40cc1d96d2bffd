// Reads the test-workspace fixtures and their `// expect:` comments.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const WORKSPACE = path.resolve(__dirname, '../../../test-workspace');
const SOURCE = /\.[cm]?[jt]sx?$/;

export interface Expectation {
  line: number;
  kind: string;
  rule: string;
}

/** Fixture files under test-workspace/src. */
export function fixtureFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
    }
  };
  walk(path.join(WORKSPACE, 'src'));
  return files.sort();
}

/** `src/a/b.ts` -> `fixed/a/b.fixed.ts`: the expected result of applying every preferred fix. */
export function fixedTwinOf(file: string): string {
  const rel = path.relative(path.join(WORKSPACE, 'src'), file);
  return path.join(WORKSPACE, 'fixed', rel.replace(/(\.[cm]?[jt]sx?)$/, '.fixed$1'));
}

/** `// expect: CLIENT`, `// expect: CLIENT @wrong-kind`, `// expect: none`, by 1-based line. */
export function expectationsOf(text: string): Expectation[] {
  const result: Expectation[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /\/\/ expect: (none|INTERNAL|SERVER|CLIENT|PRODUCER|CONSUMER)(?: @([\w-]+))?\s*$/.exec(line);
    if (m) result.push({ line: i + 1, kind: m[1], rule: m[1] === 'none' ? '' : `spankind/${m[2] ?? 'missing-kind'}` });
  });
  return result;
}
