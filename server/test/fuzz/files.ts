// The fuzz corpus: every fixture of test-workspace (src, catalogue, auto-instrumented), with the
// auto-instrumentation facts of its folder, as the fixture tests analyse them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixtureFiles, instrumentationOf, WORKSPACE } from '../fixtures';
import type { FuzzFile } from './harness';

const EXTENSIONS = /\.(?:ts|tsx|js|mjs|cjs)$/;

export function fixtureCorpus(): FuzzFile[] {
  return fixtureFiles()
    .filter((file) => EXTENSIONS.test(file))
    .map((file) => ({
      name: path.relative(WORKSPACE, file).split(path.sep).join('/'),
      fileName: file,
      text: fs.readFileSync(file, 'utf8'),
      instrumentation: instrumentationOf(file),
    }));
}
