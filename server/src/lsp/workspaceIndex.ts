// The workspace index: every span of the workspace folders as small summaries, kept current in the
// background for the tree view (and any view over the whole workspace). Files not open are analysed per
// file from their syntax, a batch of them sharing one syntactic checker as in the CLI's per-file mode; open
// documents bring the summaries of their latest (type-aware) analysis. Only summaries are kept, so memory
// follows the number of spans, not the size of the workspace. It runs at the lowest priority: it yields
// between files and waits while open documents wait for their checks.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import ts = require('typescript');
import { analyzeFile, type FileAnalysis, mayContainSpanCalls } from '../analysis/analyzeFile';
import type { InstrumentationFact } from '../analysis/instrumentation';
import { parseSource, SOURCE_EXTENSIONS } from '../analysis/program';
import { sharedSyntacticProject } from '../analysis/project';
import type { Settings } from '../analysis/settings';
import { type SpanSummary, summarizeSpans } from '../analysis/spanSummary';
import { catalogueFor } from '../analysis/userCatalogue';
import { isSkippedDirectory, walkFolders } from '../host/sourceFiles';
import { filePathOf } from './projects';
import type { NotUnderstood, WorkspaceFileSpans, WorkspaceSpansResult } from './protocol';

/** Files one pass reads at most (as the instrumentation scan). */
const MAX_FILES = 20_000;
/**
 * Files parsed and bound together, sharing one checker. Binding them is one step a keystroke may wait for:
 * 0.1–0.2 ms per 1,000 characters of real code, so a batch stays small (32 files took 100 ms).
 */
const BATCH_FILES = 16;
const BATCH_CHARS = 80_000;
const NOTIFY_MS = 500;
const PROGRESS_MS = 250;
const BUSY_POLL_MS = 50;
/** How long the open documents must be left alone before the index goes on: between keystrokes it waits. */
const QUIET_MS = 400;
/**
 * A file this large takes the index a few hundred milliseconds to parse, bind and analyse, each a step a
 * keystroke arriving meanwhile waits for: such a file goes alone, after every other file, once typing has
 * paused for longer.
 */
const LARGE_FILE_CHARS = 200_000;
const LARGE_FILE_QUIET_MS = 2_000;
const isLarge = (pending: { text: string }) => pending.text.length >= LARGE_FILE_CHARS;
/** Heap growth the index lets its own garbage reach before it collects it (see collectGarbage). */
const GC_SLACK_BYTES = 32 * 1024 * 1024;
/** Settings that change what the editor does, not what the analysis finds: changing them re-reads nothing. */
const EDITOR_ONLY_SETTINGS = new Set(['debounceMs', 'codeLens', 'unresolvedWrappers']);

export interface IndexProgress {
  report(message: string, percentage: number): void;
  done(): void;
}

/** What the index needs from its surroundings; the language server passes its connection's services. */
export interface IndexHost {
  /** Absolute paths of the workspace folders: nothing outside them is read. */
  folders: readonly string[];
  /** The settings of a folder's files (resource settings resolve per workspace folder). */
  settingsFor(folder: string): Promise<Settings>;
  instrumentation(): readonly InstrumentationFact[];
  /**
   * How long the open documents have been left alone, in milliseconds: 0 while one waits for its analysis,
   * else the time since one last opened or changed. The index works only once they have been for a while.
   */
  quietFor(): number;
  /** Starts a progress report, or resolves `undefined` when the client shows none. */
  beginProgress(title: string): Promise<IndexProgress | undefined>;
  /** The index changed (debounced); `complete` once every file has been read. */
  changed(complete: boolean): void;
  log(message: string): void;
  /** Paths left out (.gitignore, the config file's `ignores`): never read, never listed. */
  ignores?(file: string): boolean;
  ignoresDir?(dir: string): boolean;
}

/** What the index did, for logs and tests. */
export interface IndexStats {
  /** Source files read from disk. */
  read: number;
  /** Files parsed: only those whose text may contain a span call. */
  parsed: number;
  /** Files over spanKind.maxFileSize or binary. */
  skipped: number;
  failed: number;
}

type FileChange = { uri: string; type: 'created' | 'changed' | 'deleted' };

/** What the index keeps of a file: its spans, and its syntax errors when it has any. */
type FileEntry = Omit<WorkspaceFileSpans, 'uri'>;

interface OpenDocument extends FileEntry {
  uri: string;
  version: number;
}

interface Pending {
  file: string;
  text: string;
  settings: Settings;
}

export class WorkspaceIndex {
  /** Files on disk that have spans or are not understood (syntax errors), by file path. */
  private readonly disk = new Map<string, FileEntry>();
  private readonly open = new Map<string, OpenDocument>();
  private readonly summaries = new WeakMap<FileAnalysis, SpanSummary[]>();
  private readonly queue = new Set<string>();
  /** Files over LARGE_FILE_CHARS, read, waiting until every other file is done (see work). */
  private readonly deferred = new Map<string, Pending>();
  private readonly settingsByFolder = new Map<string, Promise<Settings>>();
  private readonly settingsKeys = new Map<string, string>();
  private started = false;
  private disposed = false;
  private working = false;
  private discovering = 0;
  private generation = 0;
  private notifyTimer: NodeJS.Timeout | undefined;
  private progress: { handle: Promise<IndexProgress | undefined>; total: number; done: number; reportedAt: number } | undefined;
  private readonly idleWaiters = new Set<() => void>();
  private wasComplete = false;
  private sentComplete: boolean | undefined;
  readonly stats: IndexStats = { read: 0, parsed: 0, skipped: 0, failed: 0 };

  constructor(private readonly host: IndexHost) {}

  /** True once every file of the workspace has been read and no change waits. */
  get complete(): boolean {
    return this.started && this.discovering === 0 && this.queue.size === 0 && !this.working;
  }

  /** Reads the whole workspace, once; later calls do nothing. */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    this.fullPass();
  }

  /** Reads the whole workspace again (the instrumentation facts changed); before `start`, nothing. */
  reindex(): void {
    if (!this.started || this.disposed) return;
    this.fullPass();
  }

  /** Settings changed: reads everything again only if a folder's analysis settings changed. */
  async settingsChanged(): Promise<void> {
    if (!this.started || this.disposed) return;
    const before = new Map(this.settingsKeys);
    this.settingsByFolder.clear();
    this.settingsKeys.clear();
    const after = await Promise.all(this.host.folders.map(async (folder) => [folder, analysisKey(await this.settingsOf(folder))] as const));
    if (after.some(([folder, key]) => before.get(folder) !== key)) this.fullPass();
  }

  /** Files changed on disk (workspace/didChangeWatchedFiles). */
  filesChanged(changes: readonly FileChange[]): void {
    if (!this.started || this.disposed) return;
    let removed = false;
    for (const change of changes) {
      const file = filePathOf(change.uri);
      if (!file || !this.isIndexed(file)) continue;
      if (change.type === 'deleted') {
        this.queue.delete(file);
        this.deferred.delete(file);
        removed = this.disk.delete(file) || removed;
      } else if (!this.open.has(file)) {
        this.queue.add(file);
      }
    }
    if (removed) this.changed();
    void this.work();
  }

  /**
   * An open document was analysed (or found disabled: `undefined`); its spans replace the file's on disk.
   * Returns whether its spans changed.
   */
  documentAnalyzed(uri: string, version: number, analysis: FileAnalysis | undefined): boolean {
    const file = filePathOf(uri);
    if (this.disposed || !file || !this.isIndexed(file)) return false;
    const previous = this.open.get(file);
    if (previous?.version === version && analysis && previous.spans === this.summaries.get(analysis)) return false;
    const spans = analysis ? this.summariesOf(analysis) : [];
    const entry: FileEntry = { spans, ...notUnderstoodPart(analysis, spans) };
    this.open.set(file, { uri, version, ...entry });
    this.queue.delete(file);
    const before: FileEntry = previous ?? this.disk.get(file) ?? { spans: [] };
    if (sameEntry(before, entry)) return false;
    this.changed();
    return true;
  }

  /** A document closed: the file on disk counts again (the editor's unsaved text is gone). */
  documentClosed(uri: string): void {
    const file = filePathOf(uri);
    if (this.disposed || !file || !this.open.delete(file)) return;
    this.changed();
    if (!this.started) return;
    this.queue.add(file);
    void this.work();
  }

  /** The summaries of an analysis, computed once per analysis (that is, per document version and program). */
  summariesOf(analysis: FileAnalysis): SpanSummary[] {
    let spans = this.summaries.get(analysis);
    if (!spans) {
      spans = summarizeSpans(analysis);
      this.summaries.set(analysis, spans);
    }
    return spans;
  }

  /**
   * Every file with spans or not understood, open documents as the editor has them; sorted by URI. With
   * `uris`, those files only.
   */
  snapshot(uris?: readonly string[]): WorkspaceSpansResult {
    const files: WorkspaceFileSpans[] = [];
    const wanted = uris && new Set(uris.flatMap((uri) => filePathOf(uri) ?? []));
    for (const [file, entry] of this.disk) if (!this.open.has(file) && (!wanted || wanted.has(file))) files.push({ uri: pathToFileURL(file).href, ...entry });
    for (const [file, doc] of this.open) {
      if (!(doc.spans.length || doc.notUnderstood) || !this.isIndexed(file) || (wanted && !wanted.has(file))) continue;
      files.push({ uri: doc.uri, spans: doc.spans, ...(doc.notUnderstood ? { notUnderstood: doc.notUnderstood } : {}) });
    }
    files.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    return { files, complete: this.complete };
  }

  /** Stops reading (shutdown): the work under way ends at the next file, and the progress report ends. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.queue.clear();
    this.deferred.clear();
    clearTimeout(this.notifyTimer);
    for (const wake of this.idleWaiters) wake();
    this.endProgress();
  }

  /** Is `file` one the index reads: a source file inside a folder, not under a skipped folder, not ignored? */
  isIndexed(file: string): boolean {
    return isIndexedPath(this.host.folders, file) && !this.host.ignores?.(file);
  }

  private fullPass(): void {
    const generation = ++this.generation;
    this.discovering++;
    this.beginProgress();
    void this.discover(generation).finally(() => {
      this.discovering--;
      void this.work();
      this.checkComplete();
    });
  }

  /** Queues every source file of the folders; drops the summaries of files no longer there. */
  private async discover(generation: number): Promise<void> {
    const seen = new Set<string>();
    let limited = false;
    for (const folder of this.host.folders) {
      const settings = await this.settingsOf(folder);
      if (!settings.enable) continue;
      const skipDir = (dir: string) => !!this.host.ignoresDir?.(dir);
      for await (const { files } of walkFolders(folder, () => generation === this.generation && !this.disposed && !limited, skipDir)) {
        for (const full of files) {
          if (!isSourceFileName(path.basename(full)) || this.host.ignores?.(full)) continue;
          if (seen.size >= MAX_FILES) {
            limited = true;
            break;
          }
          seen.add(full);
          if (!this.open.has(full)) this.queue.add(full);
        }
        if (this.progress) this.progress.total = this.progress.done + this.queue.size;
        void this.work();
      }
    }
    if (generation !== this.generation || this.disposed) return;
    if (limited) this.host.log(`Span Kind index: read the first ${MAX_FILES} source files of the workspace only.`);
    let removed = false;
    for (const file of [...this.disk.keys()]) {
      if (!seen.has(file)) removed = this.disk.delete(file) || removed;
    }
    if (removed) this.changed();
  }

  /** Analyses the queued files, a batch at a time, one file per turn of the event loop. */
  private async work(): Promise<void> {
    if (this.working || this.disposed) return;
    this.working = true;
    try {
      // Start from a collected heap when it has grown since the index last collected it: the analyses of
      // documents just opened (a restored window: dozens) leave garbage V8 would keep until later, and the
      // index's batches would come on top of it. A file saved on disk does not cost a collection.
      await this.whenIdle();
      this.collectGarbage();
      while (!this.disposed) {
        if (this.queue.size) {
          await this.whenIdle();
          const batch = await this.readBatch();
          for (const pending of batch) if (isLarge(pending)) this.deferred.set(pending.file, pending);
          for (const group of groupBySettings(batch.filter((p) => !isLarge(p)))) await this.analyzeGroup(group, QUIET_MS);
          continue;
        }
        // Every other file is done: the large ones, one at a time, each after a longer pause.
        const next = this.deferred.values().next().value as Pending | undefined;
        if (!next) break;
        this.deferred.delete(next.file);
        await this.analyzeGroup([next], LARGE_FILE_QUIET_MS);
      }
    } finally {
      this.working = false;
      this.checkComplete();
    }
  }

  /** Takes files off the queue and reads them; those that cannot contain a span call are done here, unparsed. */
  private async readBatch(): Promise<Pending[]> {
    const batch: Pending[] = [];
    let chars = 0;
    while (this.queue.size && batch.length < BATCH_FILES && chars < BATCH_CHARS && !this.disposed) {
      const file = this.queue.values().next().value as string;
      this.queue.delete(file);
      // Read again: what an earlier reading left waiting is out of date.
      this.deferred.delete(file);
      const pending = await this.read(file);
      this.fileDone();
      if (pending) {
        batch.push(pending);
        chars += pending.text.length;
      } else if (this.disk.delete(file)) {
        this.changed();
      }
    }
    return batch;
  }

  private async read(file: string): Promise<Pending | undefined> {
    const folder = this.folderOf(file);
    if (!folder || this.open.has(file)) return undefined;
    const settings = await this.settingsOf(folder);
    if (!settings.enable) return undefined;
    let text: string;
    try {
      // UTF-8 never takes fewer bytes than UTF-16 code units: files this large cannot be within the limit.
      const { size } = await fs.stat(file);
      if (size > settings.maxFileSize * 3) {
        this.stats.skipped++;
        return undefined;
      }
      text = await fs.readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    this.stats.read++;
    if (text.length > settings.maxFileSize || text.includes('\u0000')) {
      this.stats.skipped++;
      return undefined;
    }
    return mayContainSpanCalls(text, settings) ? { file, text, settings } : undefined;
  }

  /**
   * Files sharing settings: parsed, bound with one checker (modules; scripts alone), analysed one per turn,
   * each step once the open documents have been left alone for `quietMs`.
   */
  private async analyzeGroup(group: Pending[], quietMs: number): Promise<void> {
    const settings = group[0].settings;
    const instrumentation = this.host.instrumentation();
    const parsed: { file: string; sourceFile: ts.SourceFile }[] = [];
    for (const { file, text } of group) {
      // One file per turn: a keystroke arriving meanwhile waits for one parse at most, not a batch of them.
      await this.whenIdle(quietMs);
      if (this.disposed) return;
      if (this.outdated(file)) continue;
      try {
        // Bound before analysis (with the group, or alone by analyzeFile): the binder sets the parents.
        parsed.push({ file, sourceFile: parseSource(file, text, false) });
        this.stats.parsed++;
      } catch (err) {
        this.failed(file, err);
      }
    }
    // Binding is a step of its own too. Without a shared project (TypeScript failed on one of them) each
    // file binds on its own.
    await this.whenIdle(quietMs);
    if (this.disposed) return;
    const shared = sharedSyntacticProject(
      parsed.map((p) => p.sourceFile),
      { instrumentation, catalogue: catalogueFor(settings) },
    );
    for (const { file, sourceFile } of parsed) {
      await this.whenIdle(quietMs);
      this.collectGarbage();
      if (this.disposed) return;
      if (this.outdated(file)) continue;
      try {
        const project = shared?.files.has(sourceFile) ? shared.project : undefined;
        const analysis = analyzeFile(sourceFile, project ? { settings, project } : { settings, instrumentation });
        const spans = summarizeSpans(analysis);
        this.setDisk(file, { spans, ...notUnderstoodPart(analysis, spans) });
      } catch (err) {
        this.failed(file, err);
      }
    }
  }

  /** Opened, or changed on disk and queued again, since its text was read: that text is out of date. */
  private outdated(file: string): boolean {
    return this.open.has(file) || this.queue.has(file);
  }

  private heapAfterGc = 0;

  /**
   * A batch's syntax trees, binder tables and checker outlive a few turns of the event loop, so V8 promotes
   * them and lets the heap grow well past what is live before it collects them: over a large workspace that
   * slack, not the summaries, would set the server's memory for the rest of its life. The index collects
   * its garbage itself once the heap has grown by GC_SLACK_BYTES, between files (never while documents wait).
   */
  private collectGarbage(): void {
    const used = v8.getHeapStatistics().used_heap_size;
    if (used < this.heapAfterGc + GC_SLACK_BYTES) return;
    collect?.();
    this.heapAfterGc = v8.getHeapStatistics().used_heap_size;
  }

  private setDisk(file: string, entry: FileEntry): void {
    const before = this.disk.get(file) ?? { spans: [] };
    if (entry.spans.length || entry.notUnderstood) this.disk.set(file, entry);
    else this.disk.delete(file);
    if (!sameEntry(before, entry)) this.changed();
  }

  private failed(file: string, err: unknown): void {
    this.stats.failed++;
    if (this.disk.delete(file)) this.changed();
    this.host.log(`Span Kind index: skipped ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }

  /** Resolves on the next turn of the event loop once the open documents have been left alone for `quietMs`. */
  private async whenIdle(quietMs = QUIET_MS): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (!this.disposed && this.host.quietFor() < quietMs) await this.sleep(BUSY_POLL_MS);
  }

  /** Waits `ms`, or less when the index is disposed. */
  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.idleWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.idleWaiters.add(wake);
    });
  }

  private settingsOf(folder: string): Promise<Settings> {
    let settings = this.settingsByFolder.get(folder);
    if (!settings) {
      settings = this.host.settingsFor(folder).then((s) => {
        this.settingsKeys.set(folder, analysisKey(s));
        return s;
      });
      this.settingsByFolder.set(folder, settings);
    }
    return settings;
  }

  /** The innermost workspace folder holding `file`. */
  private folderOf(file: string): string | undefined {
    let best: string | undefined;
    for (const folder of this.host.folders) {
      if (isInside(folder, file) && (!best || folder.length > best.length)) best = folder;
    }
    return best;
  }

  private changed(): void {
    if (this.notifyTimer || this.disposed) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      this.notify();
    }, NOTIFY_MS);
  }

  private notify(): void {
    this.sentComplete = this.complete;
    this.host.changed(this.sentComplete);
  }

  /** Once everything is read: end the progress, and tell the client at once if it last heard "incomplete". */
  private checkComplete(): void {
    const complete = this.complete;
    if (complete && !this.disposed) {
      this.endProgress();
      if (!this.wasComplete || this.sentComplete === false || this.notifyTimer) {
        clearTimeout(this.notifyTimer);
        this.notifyTimer = undefined;
        this.notify();
      }
    }
    this.wasComplete = complete;
  }

  private beginProgress(): void {
    this.wasComplete = false;
    if (this.progress) return;
    this.progress = {
      handle: this.host.beginProgress('Span Kind Lens: indexing spans').catch(() => undefined),
      total: 0,
      done: 0,
      reportedAt: 0,
    };
  }

  private fileDone(): void {
    const progress = this.progress;
    if (!progress) return;
    progress.done++;
    progress.total = Math.max(progress.total, progress.done + this.queue.size);
    const now = Date.now();
    if (now - progress.reportedAt < PROGRESS_MS) return;
    progress.reportedAt = now;
    const { done, total } = progress;
    void progress.handle.then((h) => h?.report(`${done}/${total} files`, Math.floor((done / Math.max(total, 1)) * 100)));
  }

  private endProgress(): void {
    const progress = this.progress;
    this.progress = undefined;
    void progress?.handle.then((h) => h?.done());
  }
}

/** V8's full collection: `gc` when node runs with --expose-gc, else exposed now (a context made after the flag has it). */
const collect: (() => void) | undefined = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
})();

/** Is `file` a source file inside one of `folders`, not under a skipped folder (node_modules, dist, dot-folders)? */
export function isIndexedPath(folders: readonly string[], file: string): boolean {
  if (!isSourceFileName(path.basename(file))) return false;
  return folders.some((folder) => {
    if (!isInside(folder, file)) return false;
    const dirs = path.relative(folder, file).split(path.sep).slice(0, -1);
    return !dirs.some(isSkippedDirectory);
  });
}

function isSourceFileName(name: string): boolean {
  return SOURCE_EXTENSIONS.some((ext) => name.endsWith(ext)) && !/\.d\.[cm]?ts$/.test(name);
}

function isInside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * A file's syntax errors, for the views: only for a file that has spans or may have some (a file with no
 * span call hides nothing from them).
 */
function notUnderstoodPart(analysis: FileAnalysis | undefined, spans: readonly SpanSummary[]): { notUnderstood?: NotUnderstood } {
  const first = analysis?.syntaxErrors[0];
  if (!analysis || !first) return {};
  if (!spans.length && !mayContainSpanCalls(analysis.sourceFile.text)) return {};
  const { line, character } = analysis.sourceFile.getLineAndCharacterOfPosition(first.start);
  return { notUnderstood: { line, character, message: first.message, count: analysis.syntaxErrors.length } };
}

function sameEntry(a: FileEntry, b: FileEntry): boolean {
  return JSON.stringify(a.spans) === JSON.stringify(b.spans) && JSON.stringify(a.notUnderstood) === JSON.stringify(b.notUnderstood);
}

function groupBySettings(batch: Pending[]): Pending[][] {
  const groups = new Map<Settings, Pending[]>();
  for (const p of batch) groups.set(p.settings, [...(groups.get(p.settings) ?? []), p]);
  return [...groups.values()];
}

/** The settings that decide what the analysis finds, as one comparable string. */
function analysisKey(settings: Settings): string {
  return JSON.stringify(settings, (key, value: unknown) => (EDITOR_ONLY_SETTINGS.has(key) ? undefined : value));
}
