// The language server's transport and wiring: documents, settings, debounced diagnostics, code actions
// and hover. Any LSP client can start it: `node dist/server.js --stdio`.
import {
  type CancellationToken,
  CodeActionKind,
  LSPErrorCodes,
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
import { SettingsCache } from './configuration';
import { toDiagnostic } from './convert';
import { type AnalysisResult, DocumentAnalyses } from './documents';
import { hover } from './hover';
import { Projects } from './projects';
import { scanInstrumentation } from './workspaceScan';
import { fileURLToPath } from 'node:url';

const VERSION = '0.1.0';

if (process.argv.includes('--version')) {
  process.stdout.write(`${VERSION}\n`);
  process.exit(0);
}
const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];
if (!process.argv.some((a) => TRANSPORTS.some((t) => a.startsWith(t))) && !process.send) process.argv.push('--stdio');

/**
 * Test-only fault injection: SPANKIND_TEST_FAULTS=hover,codeAction,analysis makes those requests throw
 * (analysis only for documents containing FAULT_MARKER), so protocol tests can prove the server survives.
 */
const faults = new Set((process.env.SPANKIND_TEST_FAULTS ?? '').split(',').filter(Boolean));
const FAULT_MARKER = '__spankind_test_fault__';

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const settings = new SettingsCache(connection);
const projects = new Projects((message) => connection.console.info(message));
const analyses = new DocumentAnalyses(projects);
const timers = new Map<string, NodeJS.Timeout>();
const skippedLogged = new Set<string>();
let dynamicConfiguration = false;

let workspaceFolders: { uri: string }[] | null | undefined;

connection.onInitialize((params) => {
  const caps = params.capabilities;
  workspaceFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : []);
  const folderPaths = workspaceFolders.flatMap((f) => (f.uri.startsWith('file:') ? [fileURLToPath(f.uri)] : []));
  projects.roots = folderPaths.length ? folderPaths : undefined;
  settings.canPull = !!caps.workspace?.configuration;
  dynamicConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      hoverProvider: true,
    },
    serverInfo: { name: 'Span Kind Lens', version: VERSION },
  };
});

connection.onInitialized(() => {
  if (dynamicConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'spanKind' });
  }
  void rescanWorkspace();
});

let scanGeneration = 0;

/** Reads the workspace for registered auto-instrumentations, then re-checks the open documents. */
async function rescanWorkspace(): Promise<void> {
  const generation = ++scanGeneration;
  const folders = (workspaceFolders ?? []).flatMap((f) => (f.uri.startsWith('file:') ? [fileURLToPath(f.uri)] : []));
  if (!folders.length) return;
  const facts = await scanInstrumentation(folders, () => generation !== scanGeneration);
  if (generation !== scanGeneration) return;
  const before = JSON.stringify(projects.instrumentation);
  if (JSON.stringify(facts) === before) return;
  projects.instrumentation = facts;
  if (facts.length) connection.console.info(`Auto-instrumentation registered: ${[...new Set(facts.map((f) => `${f.module} (${f.where})`))].join(', ')}`);
  analyses.clear();
  for (const doc of documents.all()) schedule(doc.uri, 0);
}

connection.onDidChangeWatchedFiles(() => {
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
});

documents.onDidOpen((e) => schedule(e.document.uri, 0));
documents.onDidChangeContent((e) => {
  void settings.get(e.document.uri).then((s) => {
    schedule(e.document.uri, s.debounceMs);
    // Evidence can pass through this file into spans of other open files: check them again too.
    for (const other of documents.all()) if (other.uri !== e.document.uri) schedule(other.uri, Math.max(s.debounceMs, 300));
  });
});
documents.onDidClose((e) => {
  clearTimeout(timers.get(e.document.uri));
  timers.delete(e.document.uri);
  analyses.delete(e.document.uri);
  projects.close(e.document.uri);
  settings.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

function schedule(uri: string, delay: number): void {
  clearTimeout(timers.get(uri));
  timers.set(
    uri,
    setTimeout(() => {
      timers.delete(uri);
      void validate(uri);
    }, delay),
  );
}

async function validate(uri: string): Promise<void> {
  const doc = documents.get(uri);
  if (!doc) return;
  const s = await settings.get(uri);
  // The document may have changed or closed while settings were fetched.
  const current = documents.get(uri);
  if (!current || current.version !== doc.version) return;
  const result = s.enable ? analyze(current, s) : undefined;
  const diagnostics = result && 'analysis' in result ? result.analysis.findings.map((f) => toDiagnostic(current, f)) : [];
  void connection.sendDiagnostics({ uri, version: current.version, diagnostics });
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
    const result = s.enable ? analyze(doc, s) : undefined;
    return result && 'analysis' in result ? codeActions(doc, result.analysis, params) : [];
  }),
);

connection.onHover((params, token) =>
  guarded('hover', token, async () => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const s = await settings.get(doc.uri);
    const result = s.enable ? analyze(doc, s) : undefined;
    return result && 'analysis' in result ? hover(doc, result.analysis, params.position) : null;
  }),
);

documents.listen(connection);
connection.listen();
