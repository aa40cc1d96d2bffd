// Which paths the CLI and the editor leave out beyond the built-in skipped folders: the `.gitignore` files
// (the repository root's and nested ones, read as git reads them) and ignore patterns given in
// spankind.config.json (`ignores`) or on the command line (`--ignore`). Every pattern has gitignore syntax
// (the `ignore` package, as ESLint's .eslintignore had): `test/`, `**/*.test.ts`, `/scripts`, `!keep.ts`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Patterns and the folder they are relative to (the config file's folder, or the working directory). */
export interface IgnorePatterns {
  base: string;
  patterns: readonly string[];
}

export interface PathFilterOptions {
  /** Read .gitignore files (default true). */
  gitignore?: boolean;
  patterns?: readonly IgnorePatterns[];
  /**
   * Where .gitignore files are read from when a path is in no git repository (no `.git` above it): this
   * folder and those below it (the CLI's working directory, an editor's workspace folder).
   */
  fallbackRoot?: string;
}

/**
 * Answers whether an absolute path is ignored. A folder that is ignored leaves out everything below it,
 * as in git (a negation cannot bring back a file whose folder is excluded). Reads each .gitignore once.
 */
export class PathFilter {
  private readonly gitignore: boolean;
  private readonly patterns: { base: string; ig: Ignore }[];
  private readonly fallbackRoot?: string;
  private readonly dirs = new Map<string, boolean>();
  private readonly gitignoreFiles = new Map<string, Ignore | null>();
  private readonly repoRoots = new Map<string, string | null>();

  constructor(options: PathFilterOptions = {}) {
    this.gitignore = options.gitignore ?? true;
    this.patterns = (options.patterns ?? []).filter((p) => p.patterns.length).map((p) => ({ base: path.resolve(p.base), ig: ignore().add(p.patterns as string[]) }));
    this.fallbackRoot = options.fallbackRoot && path.resolve(options.fallbackRoot);
  }

  /** Does it ignore anything at all? */
  get active(): boolean {
    return this.gitignore || this.patterns.length > 0;
  }

  /** Is the file (absolute or relative to the working directory) ignored, itself or through a folder above it? */
  ignoresFile(file: string): boolean {
    if (!this.active) return false;
    const full = path.resolve(file);
    return this.ignoresDir(path.dirname(full)) || this.matches(full, false);
  }

  /** Is the folder ignored, itself or through a folder above it? */
  ignoresDir(dir: string): boolean {
    if (!this.active) return false;
    const full = path.resolve(dir);
    let known = this.dirs.get(full);
    if (known === undefined) {
      const parent = path.dirname(full);
      known = (parent !== full && this.ignoresDir(parent)) || this.matches(full, true);
      this.dirs.set(full, known);
    }
    return known;
  }

  /** The path's own match (its folders are known not to be ignored). */
  private matches(full: string, isDir: boolean): boolean {
    for (const { base, ig } of this.patterns) {
      const rel = relativeInside(base, full);
      if (rel && decide(ig, rel, isDir) === true) return true;
    }
    return this.gitignore && this.gitignored(full, isDir);
  }

  /** The deepest .gitignore with a rule for the path decides, as in git. */
  private gitignored(full: string, isDir: boolean): boolean {
    const root = this.rootOf(path.dirname(full));
    if (!root) return false;
    const levels: string[] = [];
    for (let dir = path.dirname(full); ; dir = path.dirname(dir)) {
      levels.push(dir);
      if (dir === root || path.dirname(dir) === dir) break;
    }
    for (const dir of levels) {
      const ig = this.gitignoreOf(dir);
      if (!ig) continue;
      const verdict = decide(ig, path.relative(dir, full).split(path.sep).join('/'), isDir);
      if (verdict !== undefined) return verdict;
    }
    return false;
  }

  /** The repository root above `dir` (a folder holding `.git`), else the fallback root when `dir` is in it. */
  private rootOf(dir: string): string | undefined {
    let root = this.repoRoots.get(dir);
    if (root === undefined) {
      const parent = path.dirname(dir);
      root = fs.existsSync(path.join(dir, '.git')) ? dir : parent === dir ? null : (this.rootOf(parent) ?? null);
      this.repoRoots.set(dir, root);
    }
    if (root) return root;
    return this.fallbackRoot && (dir === this.fallbackRoot || relativeInside(this.fallbackRoot, dir)) ? this.fallbackRoot : undefined;
  }

  private gitignoreOf(dir: string): Ignore | null {
    let ig = this.gitignoreFiles.get(dir);
    if (ig === undefined) {
      ig = null;
      try {
        ig = ignore().add(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'));
      } catch {
        // No .gitignore here (or unreadable): no rules.
      }
      this.gitignoreFiles.set(dir, ig);
    }
    return ig;
  }
}

/**
 * One rule set's verdict on a path whose folders are not ignored: true, false (a negation matched it) or
 * undefined (no rule for it). A rule of this set that excludes a parent folder is no verdict on the path:
 * that folder was brought back by a deeper .gitignore, or the path would not be asked about.
 */
function decide(ig: Ignore, rel: string, isDir: boolean): boolean | undefined {
  const result = ig.test(isDir ? `${rel}/` : rel);
  if (result.unignored) return false;
  if (!result.ignored) return undefined;
  const parent = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
  if (parent && ig.test(`${parent}/`).ignored) return undefined;
  return true;
}

/** `full` relative to `base` with `/` separators, or undefined when it is not inside it. */
function relativeInside(base: string, full: string): string | undefined {
  const rel = path.relative(base, full);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}
