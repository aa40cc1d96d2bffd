// The extension client: starts the Span Kind language server and wires its commands; no analysis here.
import * as vscode from 'vscode';
import {
  CloseAction,
  LanguageClient,
  State,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { registerShowSpanCommand } from './codeLens';
import { SPAN_TREE_VIEW, SpanTree } from './spanTree';
import { SPAN_MAP_REQUEST, SpanMapPanel } from './spanMap/panel';
import type { SpanMapRendered } from './spanMap/protocol';
import { FindingsStatus } from './statusBar';

const LANGUAGES = ['typescript', 'javascript', 'typescriptreact', 'javascriptreact'] as const;
const SCHEMES = ['file', 'untitled'] as const;
const SHOW_LOG = 'Show Log';
/** Crashes allowed within the window before the client stops restarting the server. */
const MAX_RESTARTS = 4;
const CRASH_WINDOW_MS = 3 * 60_000;
const STARTUP_EXIT = 'The Span Kind server exited while starting; see above, then run "Span Kind: Restart Span Kind Server".';

/** What `activate` returns; editor tests use it to wait for the server instead of sleeping. */
export interface SpanKindApi {
  /** Resolves once the language client is running (again, after a restart); rejects if it failed to start. */
  isReady(): Promise<void>;
  /** The "Span Kinds" view's data provider, as the view sees it. */
  spanTree: SpanTree;
  /** What the findings item in the status bar shows; `undefined` while it is hidden. */
  statusBar(): { text: string; tooltip: string } | undefined;
  /** What the Span Map webview last drew (counted in its page); `undefined` while it is closed or loading. */
  spanMapRendered(): SpanMapRendered | undefined;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): SpanKindApi {
  const output = vscode.window.createOutputChannel('Span Kind Lens', { log: true });
  context.subscriptions.push(output);

  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SCHEMES.flatMap((scheme) => LANGUAGES.map((language) => ({ scheme, language }))),
    // The server pulls `spanKind` per document with workspace/configuration; this only makes the
    // client send didChangeConfiguration, so the server knows when to pull again.
    synchronize: {
      configurationSection: 'spanKind',
      // Project files decide how names resolve across files: the server rebuilds its programs when they change.
      // Source files: the workspace index reads edited, created and deleted files again.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/{tsconfig.json,jsconfig.json,package.json}'),
        // What decides the ignored paths (the server reads them again and re-checks the open files).
        vscode.workspace.createFileSystemWatcher('**/{spankind.config.json,.gitignore}'),
        vscode.workspace.createFileSystemWatcher('**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'),
      ],
    },
    outputChannel: output,
    // vscode-languageclient traces at this channel's Trace log level, in the detail `spanKind.trace.server` asks.
    traceOutputChannel: output,
    // A running server that crashes is restarted, a bounded number of times, and the user is told once
    // with a button to the log. The default handler would also restart a server that exits while
    // starting, in the background, so a failed start never settles; here that one waits for the user.
    errorHandler: {
      error: (error, message, count) => fallbackErrorHandler.error(error, message, count),
      closed: () => {
        // A server that exits while starting is not restarted in the background: the user restarts it.
        if (languageClient.state !== State.Running) return { action: CloseAction.DoNotRestart, message: STARTUP_EXIT, handled: true };
        const now = Date.now();
        crashes.push(now);
        while (crashes.length && now - crashes[0] > CRASH_WINDOW_MS) crashes.shift();
        if (crashes.length > MAX_RESTARTS) {
          void tellUser('error', `The Span Kind server crashed ${crashes.length} times in ${CRASH_WINDOW_MS / 60_000} minutes and was not restarted. Run "Span Kind: Restart Span Kind Server" after looking at the log.`);
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        output.error(`The Span Kind server stopped unexpectedly; restarting it (${crashes.length} of ${MAX_RESTARTS}).`);
        if (!toldAboutCrash) {
          toldAboutCrash = true;
          void tellUser('warning', 'The Span Kind server stopped unexpectedly and was restarted.');
        }
        return { action: CloseAction.Restart, handled: true };
      },
    },
  };
  const crashes: number[] = [];
  let toldAboutCrash = false;
  /** Tells the user once per occasion, with a button to the log. */
  async function tellUser(level: 'warning' | 'error', message: string): Promise<void> {
    const show = level === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    if ((await show(`Span Kind Lens: ${message}`, SHOW_LOG)) === SHOW_LOG) output.show(true);
  }
  const languageClient = new LanguageClient('spanKind', 'Span Kind Lens', serverOptions, clientOptions);
  const fallbackErrorHandler: ErrorHandler = languageClient.createDefaultErrorHandler();
  client = languageClient;

  let ready = logFailure(languageClient.start(), output, 'start');
  const spanTree = new SpanTree(languageClient, () => ready);
  const status = new FindingsStatus(LANGUAGES, `${SPAN_TREE_VIEW}.focus`, spanTree);
  context.subscriptions.push(spanTree, status, registerShowSpanCommand());
  // The map is redrawn whenever the tree is: both follow the server's spanKind/workspaceSpansChanged.
  const spanMap = new SpanMapPanel(context.extensionUri, {
    request: async () => {
      await ready;
      return languageClient.sendRequest(SPAN_MAP_REQUEST);
    },
    onDidChange: spanTree.onDidChangeTreeData,
  });
  context.subscriptions.push(spanMap, vscode.commands.registerCommand('spanKind.showSpanMap', () => spanMap.show()));

  async function restart(): Promise<void> {
    output.info('Restarting the Span Kind server.');
    // A starting client can be neither stopped nor restarted: let the start under way settle first.
    await notStarting(languageClient);
    ready = logFailure(
      languageClient.state === State.Running ? languageClient.restart() : languageClient.start(),
      output,
      'restart',
    );
    await ready;
    output.info('The Span Kind server restarted.');
  }

  context.subscriptions.push(
    vscode.commands.registerCommand('spanKind.restartServer', async () => {
      try {
        await restart();
      } catch (error) {
        void vscode.window.showErrorMessage(`Span Kind Lens: the server did not restart: ${describe(error)}`);
      }
    }),
    vscode.commands.registerCommand('spanKind.showOutput', () => output.show(true)),
  );

  return { isReady: () => ready, spanTree, statusBar: () => status.state, spanMapRendered: () => spanMap.rendered };
}

export async function deactivate(): Promise<void> {
  const stopping = client;
  client = undefined;
  if (stopping?.isRunning()) await stopping.stop();
}

function notStarting(languageClient: LanguageClient): Promise<void> {
  if (languageClient.state !== State.Starting) return Promise.resolve();
  return new Promise((resolve) => {
    const listener = languageClient.onDidChangeState((event) => {
      if (event.newState === State.Starting) return;
      listener.dispose();
      resolve();
    });
  });
}

/** Logs a failed start once, and keeps the rejection for whoever awaits readiness. */
function logFailure(starting: Promise<void>, output: vscode.LogOutputChannel, what: string): Promise<void> {
  starting.catch((error: unknown) => output.error(`The Span Kind server failed to ${what}: ${describe(error)}`));
  return starting;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
