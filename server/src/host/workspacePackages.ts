// The packages of a monorepo, found from its configuration alone: the nearest workspace root (a package.json
// with `workspaces`, or a pnpm-workspace.yaml) lists package folders by globs, and each folder's package.json
// names its package. A bare import of such a package (`@acme/telemetry`) then resolves to the folder's
// source even where nothing is installed (no node_modules, or packages never built: `main` names dist/).
// Reads config files and directory listings only; never runs anything. Cached per workspace root.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts = require('typescript');

/** The few file-system calls this needs, so that an editor's host can answer them. */
export interface WorkspaceFs {
  fileExists(file: string): boolean;
  readFile(file: string): string | undefined;
  directoryExists?(dir: string): boolean;
}

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.d.ts', '.js', '.jsx', '.mjs', '.cjs'];
/** Folders built output usually goes to, and whose sources sit in src/. */
const BUILD_DIR = /^(?:\.\/)?(?:dist|lib|build|out|esm|cjs|types)(?:\/(?:esm|cjs|src|types))?\//;
const MAX_GLOB_DEPTH = 4;

/** Workspace root of a folder (or null), by folder; each root's packages by name. */
const rootOfDir = new Map<string, string | null>();
const packagesOfRoot = new Map<string, Map<string, string>>();

/** Forgets what was read (tests, or a workspace whose configuration changed). */
export function clearWorkspaceCache(): void {
  rootOfDir.clear();
  packagesOfRoot.clear();
}

/** The nearest folder at or above `dir` that declares workspaces, if any. */
export function workspaceRootOf(dir: string): string | undefined {
  const seen: string[] = [];
  let current = path.resolve(dir);
  let found: string | null = null;
  for (;;) {
    const cached = rootOfDir.get(current);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    seen.push(current);
    if (declaresWorkspaces(current)) {
      found = current;
      break;
    }
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const d of seen) rootOfDir.set(d, found);
  return found ?? undefined;
}

function declaresWorkspaces(dir: string): boolean {
  if (fs.existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return true;
  const pkg = readJson(path.join(dir, 'package.json'));
  return !!pkg && workspaceGlobs(pkg).length > 0;
}

/** The packages of the workspace rooted at `root`: name → folder. */
export function workspacePackages(root: string): ReadonlyMap<string, string> {
  let packages = packagesOfRoot.get(root);
  if (!packages) {
    packages = new Map();
    const globs = [...workspaceGlobs(readJson(path.join(root, 'package.json'))), ...pnpmGlobs(root)];
    for (const glob of globs) {
      if (glob.startsWith('!')) continue;
      for (const folder of expandGlob(root, glob)) {
        const name = readJson(path.join(folder, 'package.json'))?.name;
        if (typeof name === 'string' && name && !packages.has(name)) packages.set(name, folder);
      }
    }
    packagesOfRoot.set(root, packages);
  }
  return packages;
}

/** The folder of the workspace package a bare specifier names, with the rest of the specifier. */
export function workspacePackageOf(specifier: string, fromDir: string): { folder: string; subpath: string } | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.includes(':')) return undefined;
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < nameLength) return undefined;
  const name = parts.slice(0, nameLength).join('/');
  const root = workspaceRootOf(fromDir);
  const folder = root && workspacePackages(root).get(name);
  return folder ? { folder, subpath: parts.slice(nameLength).join('/') } : undefined;
}

/**
 * Resolves a bare import of a workspace package to a source file of its folder: the file its package.json
 * `exports` / `types` / `main` names when it exists, else that path moved from the build folder to src/
 * with a TypeScript extension, else `src/<subpath>` or `<subpath>` (an index file for a folder).
 */
export function resolveWorkspaceModule(specifier: string, containingFile: string, host: WorkspaceFs): ts.ResolvedModuleFull | undefined {
  const target = workspacePackageOf(specifier, path.dirname(containingFile));
  if (!target) return undefined;
  const { folder, subpath } = target;
  const pkg = readJson(path.join(folder, 'package.json')) ?? {};
  const declared: string[] = [...exportTargets(pkg.exports, subpath ? `./${subpath}` : '.')];
  if (!subpath) for (const field of ['types', 'typings', 'module', 'main']) if (typeof pkg[field] === 'string') declared.push(pkg[field] as string);
  const candidates: string[] = [];
  for (const d of declared) {
    candidates.push(d);
    if (BUILD_DIR.test(d)) candidates.push(d.replace(BUILD_DIR, 'src/'));
  }
  if (subpath) candidates.push(`src/${subpath}`, subpath);
  else candidates.push('src/index', 'index');
  for (const candidate of candidates) {
    const file = findSourceFile(path.join(folder, candidate), host);
    if (file) return { resolvedFileName: file, extension: extensionOf(file), isExternalLibraryImport: false };
  }
  return undefined;
}

/** A file at `base` with a source extension, its extension swapped for one, or an index file in it. */
function findSourceFile(base: string, host: WorkspaceFs): string | undefined {
  const stem = base.replace(/\.d\.[mc]?ts$|\.[mc]?[jt]sx?$/, '');
  if (stem !== base && host.fileExists(base)) return base;
  for (const ext of SOURCE_EXTENSIONS) if (host.fileExists(stem + ext)) return stem + ext;
  for (const ext of SOURCE_EXTENSIONS) if (host.fileExists(path.join(stem, 'index' + ext))) return path.join(stem, 'index' + ext);
  return undefined;
}

function extensionOf(file: string): ts.Extension {
  for (const ext of ['.d.ts', '.d.mts', '.d.cts', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const) {
    if (file.endsWith(ext)) return ext as ts.Extension;
  }
  return ts.Extension.Ts;
}

/** The paths an `exports` map gives for `key` (`.`, `./tracing`), conditions in any order, patterns with `*`. */
function exportTargets(exports: unknown, key: string): string[] {
  if (exports === undefined || exports === null) return [];
  if (typeof exports === 'string') return key === '.' ? [exports] : [];
  if (typeof exports !== 'object') return [];
  const map = exports as Record<string, unknown>;
  const keys = Object.keys(map);
  // A conditions object at the top (`{ import, require, types }`) is the `.` entry.
  if (keys.length && !keys.some((k) => k.startsWith('.'))) return key === '.' ? conditionTargets(map) : [];
  if (key in map) return conditionTargets(map[key]);
  for (const k of keys) {
    const star = k.indexOf('*');
    if (star < 0) continue;
    const prefix = k.slice(0, star);
    const suffix = k.slice(star + 1);
    if (key.startsWith(prefix) && key.endsWith(suffix) && key.length >= prefix.length + suffix.length) {
      const middle = key.slice(prefix.length, key.length - suffix.length);
      return conditionTargets(map[k]).map((t) => t.replace('*', middle));
    }
  }
  return [];
}

function conditionTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(conditionTargets);
  if (!value || typeof value !== 'object') return [];
  const map = value as Record<string, unknown>;
  // Types and sources first: the analysis reads declarations and code.
  const order = ['types', 'source', 'development', 'import', 'module', 'node', 'require', 'default'];
  const keys = Object.keys(map).sort((a, b) => rank(order, a) - rank(order, b));
  return keys.flatMap((k) => conditionTargets(map[k]));
}

function rank(order: string[], key: string): number {
  const i = order.indexOf(key);
  return i < 0 ? order.length : i;
}

function workspaceGlobs(pkg: Record<string, unknown> | undefined): string[] {
  const ws = pkg?.workspaces;
  const list = Array.isArray(ws) ? ws : ws && typeof ws === 'object' ? (ws as { packages?: unknown }).packages : undefined;
  return Array.isArray(list) ? list.filter((g): g is string => typeof g === 'string') : [];
}

/** The `packages:` list of pnpm-workspace.yaml, read line by line (a YAML sequence of strings). */
function pnpmGlobs(root: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8');
  } catch {
    return [];
  }
  const globs: string[] = [];
  let inPackages = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^packages\s*:/.test(line)) {
      inPackages = true;
      // Flow style: packages: ['a/*', 'b']
      const flow = /\[(.*)\]/.exec(line);
      if (flow) {
        globs.push(...flow[1].split(',').map(unquote).filter(Boolean));
        inPackages = false;
      }
      continue;
    }
    if (!inPackages) continue;
    const item = /^\s*-\s*(.+?)\s*(?:#.*)?$/.exec(line);
    if (item) globs.push(unquote(item[1]));
    else if (/^\S/.test(line)) inPackages = false;
  }
  return globs;
}

function unquote(s: string): string {
  return s.trim().replace(/^['"]|['"]$/g, '');
}

/** The folders a workspace glob names (`packages/*`, `apps/**`, `tools/cli`), never inside node_modules. */
function expandGlob(root: string, glob: string): string[] {
  const segments = glob.replace(/^\.\//, '').replace(/\/+$/, '').split('/').filter(Boolean);
  let folders = [root];
  for (const segment of segments) {
    const next: string[] = [];
    for (const folder of folders) {
      if (segment === '**') {
        next.push(folder, ...subfolders(folder, MAX_GLOB_DEPTH));
      } else if (segment.includes('*')) {
        const re = new RegExp('^' + segment.split('*').map(escapeRegExp).join('[^/]*') + '$');
        for (const child of listDirs(folder)) if (re.test(child)) next.push(path.join(folder, child));
      } else {
        const child = path.join(folder, segment);
        if (isDirectory(child)) next.push(child);
      }
    }
    folders = next;
  }
  return folders;
}

function subfolders(folder: string, depth: number): string[] {
  if (depth <= 0) return [];
  return listDirs(folder).flatMap((child) => {
    const full = path.join(folder, child);
    return [full, ...subfolders(full, depth - 1)];
  });
}

function listDirs(folder: string): string[] {
  try {
    return fs
      .readdirSync(folder, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== 'node_modules' && !d.name.startsWith('.'))
      .map((d) => d.name);
  } catch {
    return [];
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

function readJson(file: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = ts.parseConfigFileTextToJson(file, text);
  return parsed.config && typeof parsed.config === 'object' ? (parsed.config as Record<string, unknown>) : undefined;
}

/**
 * Where a path inside a node_modules folder that does not exist would be, were the workspace's packages
 * installed there: `<root>/node_modules/@acme/tsconfig/base.json` → `<root>/packages/tsconfig/base.json`.
 */
export function workspaceOverlayPath(p: string): string | undefined {
  const m = /^(.*?)[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)(.*)$/.exec(p);
  if (!m) return undefined;
  const target = workspacePackageOf(m[2].replace(/\\/g, '/'), m[1]);
  return target ? target.folder + m[3] : undefined;
}
