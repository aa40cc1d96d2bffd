// What the editor takes from the workspace folders' own files: which paths to leave out (their .gitignore
// files and the `ignores` of a spankind.config.json at a folder's root), as the CLI does. An ignored file
// gets no diagnostics when opened, and the workspace index never reads it (as ESLint's editor
// integrations do). A mistake in spankind.config.json is shown once, as a notification and in the log,
// with the same `file:line:col: message` text as the CLI.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE, readConfigFile } from '../host/configFile';
import { PathFilter } from '../host/ignores';

export interface FolderConfigHost {
  /** Shows a mistake in a config file to the user, once per text (a notification and the log). */
  report(problem: string): void;
}

export class FolderConfigs {
  private filters: { folder: string; filter: PathFilter }[] = [];
  /** Files outside every folder: only the .gitignore files of their repository. */
  private outside = new PathFilter();
  private readonly reported = new Set<string>();

  constructor(private readonly host: FolderConfigHost) {}

  /** Reads the folders' config files again (at start, and when one or a .gitignore changes). */
  load(folders: readonly string[]): void {
    this.outside = new PathFilter();
    const current = new Set<string>();
    this.filters = folders.map((folder) => {
      const file = path.join(folder, CONFIG_FILE);
      let patterns: string[] = [];
      if (fs.existsSync(file)) {
        const { ignores, problems } = readConfigFile(file);
        patterns = ignores;
        for (const problem of problems) {
          current.add(problem);
          this.report(problem);
        }
      }
      return { folder, filter: new PathFilter({ patterns: [{ base: folder, patterns }], fallbackRoot: folder }) };
    });
    // A mistake fixed and made again is shown again.
    for (const problem of this.reported) if (!current.has(problem)) this.reported.delete(problem);
    // The deepest folder first: a folder nested in another decides for its own files.
    this.filters.sort((a, b) => b.folder.length - a.folder.length);
  }

  /** Is this file (an absolute path) left out? */
  ignores(file: string): boolean {
    const own = this.filters.find(({ folder }) => isInside(folder, file));
    return (own?.filter ?? this.outside).ignoresFile(file);
  }

  /** Is this folder (an absolute path) left out? The index's walk does not enter it. */
  ignoresDir(dir: string): boolean {
    const own = this.filters.find(({ folder }) => isInside(folder, dir));
    return !!own && own.filter.ignoresDir(dir);
  }

  private report(problem: string): void {
    if (this.reported.has(problem)) return;
    this.reported.add(problem);
    this.host.report(problem);
  }
}

/** Does a change on disk touch what decides the ignored paths? */
export function isIgnoreSource(file: string): boolean {
  const name = path.basename(file);
  return name === CONFIG_FILE || name === '.gitignore';
}

function isInside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}
