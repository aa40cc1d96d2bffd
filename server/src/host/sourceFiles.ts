// Which folders the CLI and the server's workspace scan never enter: dependencies, build output, VCS; and
// the one walk over a workspace folder that the server's scans share.
import type { Dirent } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.git', '.next', '.turbo']);

/** Is this folder (by name) one to leave out: dependencies, build output, or any dot-folder? */
export function isSkippedDirectory(name: string): boolean {
  return SKIPPED_DIRECTORIES.has(name) || name.startsWith('.');
}

/**
 * The folders under `root`, breadth first and skipped folders left out (built-in ones and `skipDir`'s), each with the paths of its files
 * sorted by name. Unreadable folders are passed over; the walk stops when `keepGoing` says no.
 */
export async function* walkFolders(
  root: string,
  keepGoing: () => boolean = () => true,
  /** Folders left out beyond the built-in ones (ignored ones: .gitignore, `ignores`), by absolute path. */
  skipDir: (dir: string) => boolean = () => false,
): AsyncGenerator<{ dir: string; files: string[] }> {
  const queue = [root];
  while (queue.length && keepGoing()) {
    const dir = queue.shift()!;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const files: string[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!isSkippedDirectory(entry.name) && !skipDir(full)) queue.push(full);
      } else if (entry.isFile()) files.push(full);
    }
    yield { dir, files };
  }
}
