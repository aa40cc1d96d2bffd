// The language server's transport and wiring: documents, settings, debounced diagnostics, code actions
// and hover. Any LSP client can start it: `node dist/server.js --stdio`.
import {
  type CancellationToken,
  CodeActionKind,
  CodeLensRefreshRequest,
  FileChangeType,
  LSPErrorCodes,
  RequestType0,
  ResponseError,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings } from '../analysis/settings';
import { codeActions, FIX_ALL_KIND } from './codeActions';
import { codeLenses } from './codeLens';
import { SettingsCache } from './configuration';
import { FolderConfigs, isIgnoreSource } from './folderConfig';
import { toDiagnostic, toUnresolvedWrapperDiagnostic } from './convert';
import { type AnalysisResult, DocumentAnalyses } from './documents';
import { hover } from './hover';
import { filePathOf, Projects } from './projects';
import { scanInstrumentation } from './workspaceScan';
import { WORKSPACE_SPANS, WORKSPACE_SPANS_CHANGED, type WorkspaceSpansChangedParams, type WorkspaceSpansParams, type WorkspaceSpansResult } from './protocol';
import { WorkspaceIndex } from './workspaceIndex';
import { SPAN_MAP, type SpanMapResult, spanMapRequest } from './spanMapRequest';
import { decideStart } from './startArgs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = '0.1.0';

if (process.argv.includes('--version')) {
  process.stdout.write(`${VERSION}\n`);
  process.exit(0);
}
// VS Code's client forks it over IPC (process.send). Started by hand, it needs a transport, as
// spankind-language-server does: without one it prints its usage and exits 2.
if (!process.send) {
  const decision = decideStart(process.argv.slice(2), `node ${path.relative(process.cwd(), process.argv[1] ?? 'server.js') || 'server.js'}`);
  if (decision.action === 'print') {
    (decision.exitCode === 0 ? process.stdout : process.stderr).write(`${decision.text}\n`);
    process.exit(decision.exitCode);
  }
}

/**
 * Test-only fault injection: SPANKIND_TEST_FAULTS=hover,codeAction,analysis makes those requests throw
 * (analysis only for documents containing FAULT_MARKER), so protocol tests can prove the server survives.
 */
const faults = new Set((process.env.SPANKIND_TEST_FAULTS ?? '').split(',').filter(Boolean));
const FAULT_MARKER = '__spankind_test_fault__';

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const settings = new SettingsCache(connection);
// The folders' .gitignore files and spankind.config.json `ignores`: ignored files get no diagnostics.
const folderConfigs = new FolderConfigs({
  report: (problem) => {
    connection.console.error(`Span Kind Lens: ${problem}`);
    void connection.window.showErrorMessage(`Span Kind Lens: ${problem}`);
  },
});
/** Is the document's file left out by the ignores? (Unsaved and non-file documents never are.) */
const ignoredDocument = (uri: string) => {
  const file = filePathOf(uri);
  return !!file && folderConfigs.ignores(file);
};
const projects = new Projects((message) => connection.console.info(message));
const analyses = new DocumentAnalyses(projects);
/** Pending analyses of documents, by URI: what cancels each. */
const timers = new Map<string, () => void>();
/**
 * When a document last opened or changed: the workspace index works in the pauses of typing, not between
 * keystrokes, nor just after a file opens (typing in it often starts at once).
 */
let lastActivityAt = 0;
/** Pending index summaries of analysed documents (see validate). */
const summaryTimers = new Map<string, NodeJS.Timeout>();
/** How long typing must pause before an analysed document's summary goes to the index (tree view, lenses). */
const SUMMARY_DELAY_MS = 150;
const skippedLogged = new Set<string>();
let dynamicConfiguration = false;
let codeLensRefresh = false;

let workspaceFolders: { uri: string }[] | null | undefined;
/** The workspace folders' paths, with the URI the client named each by. */
const indexFolders = new Map<string, string>();

// Every span of the workspace, for the views: read in the background, after the open documents.
const index = new WorkspaceIndex({
  get folders() {
    return [...indexFolders.keys()];
  },
  settingsFor: (folder) => settings.get(indexFolders.get(folder) ?? folder),
  instrumentation: () => projects.instrumentation,
  quietFor: () => (timers.size > 0 ? 0 : Date.now() - lastActivityAt),
  beginProgress: async (title) => {
    // Without window.workDoneProgress in the client's capabilities this is a reporter that sends nothing.
    const reporter = await connection.window.createWorkDoneProgress();
    reporter.begin(title, 0, 'looking for source files', false);
    return { report: (message, percentage) => reporter.report(percentage, message), done: () => reporter.done() };
  },
  changed: (complete) => void connection.sendNotification(WORKSPACE_SPANS_CHANGED, { complete } satisfies WorkspaceSpansChangedParams),
  log: (message) => connection.console.info(message),
  ignores: (file) => folderConfigs.ignores(file),
  ignoresDir: (dir) => folderConfigs.ignoresDir(dir),
});

connection.onInitialize((params) => {
  const caps = params.capabilities;
  workspaceFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : []);
  const folderPaths = workspaceFolders.flatMap((f) => (f.uri.startsWith('file:') ? [fileURLToPath(f.uri)] : []));
  projects.roots = folderPaths.length ? folderPaths : undefined;
  settings.canPull = !!caps.workspace?.configuration;
  dynamicConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
  codeLensRefresh = !!caps.workspace?.codeLens?.refreshSupport;
  for (const f of workspaceFolders) if (f.uri.startsWith('file:')) indexFolders.set(fileURLToPath(f.uri), f.uri);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'Span Kind Lens', version: VERSION },
  };
});

connection.onInitialized(() => {
  folderConfigs.load([...indexFolders.keys()]);
  if (dynamicConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'spanKind' });
  }
  // The index reads files once the auto-instrumentation facts it analyses them with are known.
  void rescanWorkspace().finally(() => index.start());
});

connection.onShutdown(() => index.dispose());

let scanGeneration = 0;

/** Reads the workspace for registered auto-instrumentations, then re-checks the open documents. */
async function rescanWorkspace(): Promise<void> {
  const generation = ++scanGeneration;
  const folders = (workspaceFolders ?? []).flatMap((f) => (f.uri.startsWith('file:') ? [fileURLToPath(f.uri)] : []));
  if (!folders.length) return;
  const facts = await scanInstrumentation(folders, () => generation !== scanGeneration, folderConfigs);
  if (generation !== scanGeneration) return;
  const before = JSON.stringify(projects.instrumentation);
  if (JSON.stringify(facts) === before) return;
  projects.instrumentation = facts;
  if (facts.length) connection.console.info(`Auto-instrumentation registered: ${[...new Set(facts.map((f) => `${f.module} (${f.where})`))].join(', ')}`);
  analyses.clear();
  for (const doc of documents.all()) schedule(doc.uri, 0);
  index.reindex();
}

const FILE_CHANGES = { [FileChangeType.Created]: 'created', [FileChangeType.Changed]: 'changed', [FileChangeType.Deleted]: 'deleted' } as const;

connection.onDidChangeWatchedFiles(({ changes }) => {
  if (changes.some((c) => isIgnoreSource(filePathOf(c.uri) ?? ''))) {
    // What is ignored changed: the index reads the folders again; the open documents follow below.
    folderConfigs.load([...indexFolders.keys()]);
    index.reindex();
  }
  index.filesChanged(changes.map((c) => ({ uri: c.uri, type: FILE_CHANGES[c.type] ?? 'changed' })));
  // A source file edited on disk: programs read it again by its modification time; re-check the open documents.
  if (changes.every((c) => c.type === FileChangeType.Changed && /\.[cm]?[jt]sx?$/i.test(c.uri))) {
    projects.changed(changes.map((c) => c.uri));
    for (const doc of documents.all()) schedule(doc.uri, 300);
    return;
  }
  projects.reset();
  analyses.clear();
  for (const doc of documents.all()) schedule(doc.uri, 0);
  void rescanWorkspace();
});

connection.onDidChangeConfiguration((change) => {
  const section = (change.settings as { spanKind?: unknown } | null | undefined)?.spanKind;
  settings.changed(section);
  analyses.clear();
  for (const doc of documents.all()) schedule(doc.uri, 0);
  void index.settingsChanged();
  refreshCodeLenses();
});

// A short wait after an open: an editor restoring its tabs opens many documents at once, and they then share
// one program instead of each building the next one.
const OPEN_DELAY_MS = 30;
documents.onDidOpen((e) => {
  lastActivityAt = Date.now();
  schedule(e.document.uri, OPEN_DELAY_MS);
});
documents.onDidChangeContent((e) => {
  lastActivityAt = Date.now();
  cancelSummary(e.document.uri);
  void settings.get(e.document.uri).then((s) => {
    schedule(e.document.uri, s.debounceMs);
    // Evidence can pass through this file into spans of other open files: check those again too.
    const changed = filePathOf(e.document.uri);
    for (const other of documents.all()) {
      if (other.uri !== e.document.uri && changed && analyses.dependsOn(other, changed)) schedule(other.uri, Math.max(s.debounceMs, 300));
    }
  });
});
documents.onDidClose((e) => {
  cancelValidation(e.document.uri);
  cancelSummary(e.document.uri);
  analyses.delete(e.document.uri);
  projects.close(e.document.uri);
  settings.delete(e.document.uri);
  index.documentClosed(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

function schedule(uri: string, delay: number): void {
  cancelValidation(uri);
  const run = () => {
    timers.delete(uri);
    void validate(uri);
  };
  // A timer waits a millisecond at least: without a debounce, the analysis runs in the next turn of the event
  // loop instead (after the messages already read, so a burst of changes is still analysed once).
  if (delay <= 0) {
    const immediate = setImmediate(run);
    timers.set(uri, () => clearImmediate(immediate));
  } else {
    const timer = setTimeout(run, delay);
    timers.set(uri, () => clearTimeout(timer));
  }
}

function cancelValidation(uri: string): void {
  timers.get(uri)?.();
  timers.delete(uri);
}

async function validate(uri: string): Promise<void> {
  const doc = documents.get(uri);
  if (!doc) return;
  const s = await settings.get(uri);
  // The document may have changed or closed while settings were fetched.
  const current = documents.get(uri);
  if (!current || current.version !== doc.version) return;
  const result = s.enable && !ignoredDocument(uri) ? analyze(current, s) : undefined;
  const analysis = result && 'analysis' in result ? result.analysis : undefined;
  const diagnostics = analysis ? analysis.findings.map((f) => toDiagnostic(current, f)) : [];
  const level = s.unresolvedWrappers;
  if (analysis && level !== 'off') diagnostics.push(...analysis.unresolvedWrappers.map((u) => toUnresolvedWrapperDiagnostic(current, u, level)));
  void connection.sendDiagnostics({ uri, version: current.version, diagnostics });
  // The index's summary of the document (span targets included) waits until the diagnostics are written and
  // typing pauses: an edit arriving meanwhile cancels it (its analysis schedules its own), so the next
  // keystroke never waits behind a summary of a version already gone.
  cancelSummary(uri);
  summaryTimers.set(
    uri,
    setTimeout(() => {
      summaryTimers.delete(uri);
      summarize(uri, current, s, result);
    }, SUMMARY_DELAY_MS),
  );
}

function cancelSummary(uri: string): void {
  clearTimeout(summaryTimers.get(uri));
  summaryTimers.delete(uri);
}

/** Hands the index the summary of an analysed document version, unless that version is already gone. */
function summarize(uri: string, current: TextDocument, s: Settings, result: AnalysisResult | undefined): void {
  if (documents.get(uri)?.version !== current.version) return;
  const changed = index.documentAnalyzed(uri, current.version, result && 'analysis' in result ? result.analysis : undefined);
  // The lenses of the edited document are asked for again by the editor; those of the others are not.
  if (changed && s.codeLens) refreshCodeLenses();
}

let lensRefreshTimer: NodeJS.Timeout | undefined;

/** Asks the client to request CodeLenses again (debounced), when it supports workspace/codeLens/refresh. */
function refreshCodeLenses(): void {
  if (!codeLensRefresh || lensRefreshTimer) return;
  lensRefreshTimer = setTimeout(() => {
    lensRefreshTimer = undefined;
    connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }, 300);
}

/** Analysis of a document; a failure is logged and treated as "nothing to report". */
function analyze(doc: TextDocument, s: Settings): AnalysisResult | undefined {
  try {
    if (faults.has('analysis') && doc.getText().includes(FAULT_MARKER)) throw new Error('injected test fault in analysis');
    const result = analyses.get(doc, s);
    if ('skipped' in result && !skippedLogged.has(doc.uri)) {
      skippedLogged.add(doc.uri);
      connection.console.info(result.skipped);
    }
    return result;
  } catch (err) {
    connection.console.error(`Span Kind analysis failed for ${doc.uri}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return undefined;
  }
}

/**
 * Runs one request: a failure answers that request with an error and is logged; the server keeps serving.
 * A cancelled request answers as cancelled before doing the work.
 */
async function guarded<T>(name: string, token: CancellationToken, work: () => Promise<T> | T): Promise<T> {
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
  try {
    if (faults.has(name)) throw new Error(`injected test fault in ${name}`);
    return await work();
  } catch (err) {
    if (err instanceof ResponseError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    connection.console.error(`Span Kind ${name} failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
    throw new ResponseError(LSPErrorCodes.RequestFailed, `Span Kind Lens: ${name} failed: ${message}`);
  }
}

connection.onCodeAction((params, token) =>
  guarded('codeAction', token, async () => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const s = await settings.get(doc.uri);
    const result = s.enable && !ignoredDocument(doc.uri) ? analyze(doc, s) : undefined;
    return result && 'analysis' in result ? codeActions(doc, result.analysis, params) : [];
  }),
);

connection.onHover((params, token) =>
  guarded('hover', token, async () => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const s = await settings.get(doc.uri);
    const result = s.enable && !ignoredDocument(doc.uri) ? analyze(doc, s) : undefined;
    return result && 'analysis' in result ? hover(doc, result.analysis, params.position) : null;
  }),
);

connection.onCodeLens((params, token) =>
  guarded('codeLens', token, async () => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const s = await settings.get(doc.uri);
    const result = s.enable && s.codeLens && !ignoredDocument(doc.uri) ? analyze(doc, s) : undefined;
    return result && 'analysis' in result ? codeLenses(doc, result.analysis, index.summariesOf(result.analysis)) : [];
  }),
);

// Sent without params (the tree view) or with { uris } (the status bar): a typed RequestType would refuse one of them.
connection.onRequest(WORKSPACE_SPANS, (...args: unknown[]): Promise<WorkspaceSpansResult> => {
  const token = args[args.length - 1] as CancellationToken;
  const params = args.length > 1 ? (args[0] as WorkspaceSpansParams | null) : undefined;
  return guarded('workspaceSpans', token, () => index.snapshot(params?.uris));
});
connection.onRequest(new RequestType0<SpanMapResult, void>(SPAN_MAP), (token) =>
  guarded('spanMap', token, () => spanMapRequest({ files: () => index.snapshot(), folders: () => [...indexFolders.keys()] })),
);

documents.listen(connection);
connection.listen();
