// A background read of the workspace folders for what applies to every file: which auto-instrumentations
// are registered. Reads text only (never runs anything), skips dependencies and build output, and yields
// to requests between batches.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { detectInstrumentation, type InstrumentationFact } from '../analysis/instrumentation';
import { SOURCE_EXTENSIONS } from '../analysis/program';
import { isSkippedDirectory } from '../host/sourceFiles';

const MAX_FILES = 20_000;
const MAX_BYTES = 1_000_000;
const BATCH = 200;

/** Scans `folders` and returns the instrumentation facts found, with paths relative to their folder. */
export async function scanInstrumentation(folders: string[], isCancelled: () => boolean): Promise<InstrumentationFact[]> {
  const facts: InstrumentationFact[] = [];
  let seen = 0;
  for (const root of folders) {
    const queue = [root];
    while (queue.length && seen < MAX_FILES && !isCancelled()) {
      const dir = queue.shift()!;
      let entries: import('node:fs').Dirent[];
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!isSkippedDirectory(entry.name)) queue.push(full);
          continue;
        }
        if (!entry.isFile() || !(entry.name === 'package.json' || SOURCE_EXTENSIONS.some((e) => entry.name.endsWith(e)))) continue;
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
