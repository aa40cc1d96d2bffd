// One TypeScript LanguageService per tsconfig/jsconfig (and one for loose files), fed from the open
// documents and the file system and updated incrementally as documents change, the way tsserver does.
// Programs are rooted at the open documents: TypeScript pulls in what they import, nothing more.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts = require('typescript');
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalogue } from '../catalogue';
import type { InstrumentationFact } from '../analysis/instrumentation';
import { JSDOC_PARSING } from '../analysis/program';
import { AnalysisProject } from '../analysis/project';
import { changeRange } from '../analysis/reuse';
import { findProjectConfig, isLeftOut, looseFileOptions, parseProjectConfig, resolveWithWorkspace } from '../host/tsconfig';

const LOOSE = '<loose files>';

interface Service {
  key: string;
  options: ts.CompilerOptions;
  /** Open documents of this project, by file path. */
  roots: Map<string, TextDocument>;
  ls: ts.LanguageService;
  program?: ts.Program;
  project?: AnalysisProject;
}

export interface TypedContext {
  sourceFile: ts.SourceFile;
  project: AnalysisProject;
}

export class Projects {
  private readonly services = new Map<string, Service>();
  private readonly serviceOfFile = new Map<string, Service>();
  private readonly registry = ts.createDocumentRegistry(ts.sys.useCaseSensitiveFileNames, undefined, JSDOC_PARSING);

  /**
   * The workspace folders: the only places files are read from (sources, tsconfig, node_modules types).
   * Undefined when the client names none (a loose file), then the file's own project is read.
   */
  roots: string[] | undefined;

  /** Auto-instrumentations registered in the workspace; analyses made after a change use the new facts. */
  instrumentation: readonly InstrumentationFact[] = [];

  constructor(private readonly log: (message: string) => void) {}

  /**
   * The program's view of an open document, for type-aware analysis; `undefined` when the document has
   * no file path (untitled) or the program cannot be built, and the caller falls back to syntax.
   */
  contextFor(doc: TextDocument, catalogue: Catalogue): TypedContext | undefined {
    const file = filePathOf(doc.uri);
    if (!file) return undefined;
    const service = this.attach(file, doc);
    try {
      const program = service.ls.getProgram();
      if (!program) return undefined;
      const current = service.project?.options;
      if (program !== service.program || current?.instrumentation !== this.instrumentation || current?.catalogue !== catalogue) {
        service.program = program;
        service.project = new AnalysisProject({ checker: program.getTypeChecker(), program, instrumentation: this.instrumentation, catalogue });
      }
      const sourceFile = program.getSourceFile(file);
      return sourceFile && service.project ? { sourceFile, project: service.project } : undefined;
    } catch (err) {
      this.log(`Type-aware analysis unavailable for ${file}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  /** A document closed: its program no longer needs it as a root. */
  close(uri: string): void {
    const file = filePathOf(uri);
    const service = file ? this.serviceOfFile.get(file) : undefined;
    if (!file || !service) return;
    service.roots.delete(file);
    this.serviceOfFile.delete(file);
    this.openSnapshots.delete(file);
    if (service.roots.size === 0) {
      service.ls.dispose();
      this.services.delete(service.key);
    }
  }

  /** Source files changed on disk: their next version is read from the disk again. */
  changed(uris: readonly string[]): void {
    for (const uri of uris) {
      const file = filePathOf(uri);
      if (file) this.diskVersions.delete(file);
    }
  }

  /** Files on disk changed (a tsconfig, a dependency): start over from the file system. */
  reset(): void {
    this.readable = { of: undefined, answers: new Map() };
    this.snapshots.clear();
    this.diskVersions.clear();
    for (const service of this.services.values()) service.ls.dispose();
    this.services.clear();
    this.serviceOfFile.clear();
  }

  private attach(file: string, doc: TextDocument): Service {
    let service = this.serviceOfFile.get(file);
    if (!service) {
      const found = findProjectConfig(file);
      const configPath = found && this.isReadable(found) ? found : undefined;
      const key = configPath ?? LOOSE;
      service = this.services.get(key) ?? this.createService(key, configPath);
      this.serviceOfFile.set(file, service);
    }
    service.roots.set(file, doc);
    return service;
  }

  private createService(key: string, configPath: string | undefined): Service {
    let options = looseFileOptions();
    if (configPath) {
      const config = parseProjectConfig(configPath);
      for (const e of config.errors) this.log(e);
      options = config.options;
    }
    const roots = new Map<string, TextDocument>();
    const currentDirectory = configPath ? configPath.replace(/[\\/][^\\/]*$/, '') : ts.sys.getCurrentDirectory();
    // One module resolution cache for the service's life (a reset starts a new service): without it every
    // program update, i.e. every keystroke, looks up the package.json scope of every file again.
    const resolutions = ts.createModuleResolutionCache(currentDirectory, (f) => (ts.sys.useCaseSensitiveFileNames ? f : f.toLowerCase()), options);
    // getModuleResolutionCache is not in the declared LanguageServiceHost, but the service passes it on to
    // its compiler host (as tsserver's projects use it): the program then reads package.json scopes from it.
    const host: ts.LanguageServiceHost & { getModuleResolutionCache(): ts.ModuleResolutionCache } = {
      getCompilationSettings: () => options,
      jsDocParsingMode: JSDOC_PARSING,
      getScriptFileNames: () => [...roots.keys()],
      getScriptVersion: (name) => {
        const open = roots.get(name);
        if (open) return `open:${open.version}`;
        return `disk:${this.diskVersion(name)}`;
      },
      getScriptSnapshot: (name) => {
        const open = roots.get(name);
        if (open) return this.openSnapshot(name, open);
        return this.isReadable(name) ? this.diskSnapshot(name) : undefined;
      },
      getCurrentDirectory: () => currentDirectory,
      getDefaultLibFileName: () => 'lib.d.ts',
      fileExists: (name) => roots.has(name) || (this.isReadable(name) && ts.sys.fileExists(name)),
      readFile: (name) => roots.get(name)?.getText() ?? (this.isReadable(name) ? ts.sys.readFile(name) : undefined),
      readDirectory: (dir, ...rest) => (this.isReadable(dir) ? ts.sys.readDirectory(dir, ...rest) : []),
      directoryExists: (dir) => this.isReadable(dir) && ts.sys.directoryExists(dir),
      getDirectories: (dir) => (this.isReadable(dir) ? ts.sys.getDirectories(dir) : []),
      realpath: ts.sys.realpath,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
      resolveModuleNameLiterals: (literals, containingFile, redirected, compilerOptions, containingSourceFile) =>
        literals.map((literal) =>
          resolveWithWorkspace(literal.text, containingFile, compilerOptions, host, resolutions, redirected, ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions)),
        ),
      getModuleResolutionCache: () => resolutions,
    };
    const service: Service = { key, options, roots, ls: ts.createLanguageService(host, this.registry) };
    this.services.set(key, service);
    return service;
  }

  private readonly openSnapshots = new Map<string, { version: number; snapshot: DocumentSnapshot }>();

  /** An open document's text, one snapshot per version, able to tell TypeScript what an edit changed. */
  private openSnapshot(name: string, doc: TextDocument): ts.IScriptSnapshot {
    const cached = this.openSnapshots.get(name);
    if (cached && cached.version === doc.version) return cached.snapshot;
    const snapshot = new DocumentSnapshot(doc.getText());
    this.openSnapshots.set(name, { version: doc.version, snapshot });
    return snapshot;
  }

  private readonly snapshots = new Map<string, { mtime: number; snapshot: ts.IScriptSnapshot }>();
  private readonly diskVersions = new Map<string, number>();

  /**
   * A file's modification time, read once: every edit rebuilds the program, which asks for the version of
   * every file. Changes on disk arrive as watched-file events: `changed()` forgets the file's, `reset()` all.
   */
  private diskVersion(name: string): number {
    let mtime = this.diskVersions.get(name);
    if (mtime === undefined) {
      mtime = ts.sys.getModifiedTime?.(name)?.getTime() ?? 0;
      this.diskVersions.set(name, mtime);
    }
    return mtime;
  }

  /** A file on disk, read again only when its (cached) modification time changes: every edit rebuilds the program. */
  private diskSnapshot(name: string): ts.IScriptSnapshot | undefined {
    const mtime = this.diskVersion(name) || -1;
    const cached = this.snapshots.get(name);
    if (cached && cached.mtime === mtime && mtime !== -1) return cached.snapshot;
    const text = ts.sys.readFile(name);
    if (text === undefined) return undefined;
    const snapshot = ts.ScriptSnapshot.fromString(text);
    this.snapshots.set(name, { mtime, snapshot });
    return snapshot;
  }

  /** isReadable's answers for the current `roots`: every program update asks it again of every file. */
  private readable: { of: string[] | undefined; answers: Map<string, boolean> } = { of: undefined, answers: new Map() };

  /** Is this path inside a workspace folder (or are there no folders to keep to), and not left out of analysis (isLeftOut)? */
  private isReadable(name: string): boolean {
    if (this.readable.of !== this.roots) this.readable = { of: this.roots, answers: new Map() };
    let answer = this.readable.answers.get(name);
    if (answer === undefined) {
      answer = this.computeReadable(name);
      this.readable.answers.set(name, answer);
    }
    return answer;
  }

  private computeReadable(name: string): boolean {
    if (isLeftOut(name)) return false;
    if (!this.roots) return true;
    const resolved = path.resolve(name);
    // TypeScript resolves symlinks (a linked node_modules): their targets count as inside their folder.
    return this.readableRoots().some((root) => resolved === root || resolved.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
  }

  private realRoots?: { of: string[]; all: string[] };

  private readableRoots(): string[] {
    const roots = this.roots ?? [];
    if (this.realRoots?.of !== roots) {
      const linked = roots.flatMap((root) => {
        const modules = path.join(root, 'node_modules');
        try {
          return [fs.realpathSync(root), fs.realpathSync(modules)];
        } catch {
          return [];
        }
      });
      this.realRoots = { of: roots, all: [...new Set([...roots, ...linked])] };
    }
    return this.realRoots.all;
  }
}

/**
 * How much text of earlier versions an open document's syntax tree may keep alive before it is parsed whole.
 * TypeScript's incremental reparse reuses the old tree's nodes, and their names and literals are V8 slices
 * of the text they were parsed from: every version some reused node was parsed from stays in memory (editing
 * a 20,000-line file all over kept 0.3 MB per keystroke). A version parsed whole lets them all go, for one
 * slower edit (a 20,000-line file: about 35 ms more) every hundred keystrokes or so, in characters: a
 * 2,000-line file goes a thousand edits between whole parses.
 */
export const REUSED_TEXT_LIMIT = 64_000_000;

/**
 * A document's text that knows the range an edit changed, by comparing with the older text: TypeScript then
 * reparses only around the edit (incremental parsing) instead of the whole file.
 */
export class DocumentSnapshot implements ts.IScriptSnapshot {
  /** Characters of earlier versions this version's tree may keep alive (see REUSED_TEXT_LIMIT). */
  private retained = 0;

  constructor(readonly text: string) {}

  getText(start: number, end: number): string {
    return this.text.substring(start, end);
  }

  getLength(): number {
    return this.text.length;
  }

  /** The edit since `oldSnapshot`, for an incremental reparse; none (a whole parse) past REUSED_TEXT_LIMIT. */
  getChangeRange(oldSnapshot: ts.IScriptSnapshot): ts.TextChangeRange | undefined {
    if (!(oldSnapshot instanceof DocumentSnapshot)) return undefined;
    const retained = oldSnapshot.retained + oldSnapshot.text.length;
    if (retained > REUSED_TEXT_LIMIT) return undefined;
    this.retained = retained;
    return changeRange(oldSnapshot.text, this.text);
  }
}

/** The file path of a `file:` URI; `undefined` for other schemes (untitled documents) or a malformed URI. */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
