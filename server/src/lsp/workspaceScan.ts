// A background read of the workspace folders for what applies to every file: which auto-instrumentations
// are registered. Reads text only (never runs anything), skips dependencies, build output and ignored paths
// (as the CLI reads only the files it checks), and yields
// to requests between batches.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { detectInstrumentation, type InstrumentationFact } from '../analysis/instrumentation';
import { SOURCE_EXTENSIONS } from '../analysis/program';
import { walkFolders } from '../host/sourceFiles';

const MAX_FILES = 20_000;
const MAX_BYTES = 1_000_000;
const BATCH = 200;

/** Scans `folders` and returns the instrumentation facts found, with paths relative to their folder. */
export async function scanInstrumentation(
  folders: string[],
  isCancelled: () => boolean,
  ignored: { ignores(file: string): boolean; ignoresDir(dir: string): boolean } = { ignores: () => false, ignoresDir: () => false },
): Promise<InstrumentationFact[]> {
  const facts: InstrumentationFact[] = [];
  let seen = 0;
  for (const root of folders) {
    for await (const { files } of walkFolders(root, () => seen < MAX_FILES && !isCancelled(), (dir) => ignored.ignoresDir(dir))) {
      for (const full of files) {
        const name = path.basename(full);
        if (!(name === 'package.json' || SOURCE_EXTENSIONS.some((e) => name.endsWith(e)))) continue;
        if (ignored.ignores(full)) continue;
        if (++seen % BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
        try {
          const stat = await fs.stat(full);
          if (stat.size > MAX_BYTES) continue;
          const text = await fs.readFile(full, 'utf8');
          facts.push(...detectInstrumentation(path.relative(root, full).split(path.sep).join('/'), text));
        } catch {
          // Unreadable files say nothing.
        }
      }
    }
  }
  return facts;
}
