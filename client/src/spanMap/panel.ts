// The Span Map panel: a webview that draws the static service graph the server builds (spanKind/spanMap),
// redrawn when the workspace index changes. Its script and stylesheet come from dist/ (bundled, with the
// layout library), under a Content-Security-Policy that allows nothing else.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type * as server from '../../../server/src/lsp/spanMapRequest';
import type { FromWebview, SpanMapRendered, ToWebview } from './protocol';

/** Type-only import keeps the server out of the client bundle; the type pins the string to the server's. */
export const SPAN_MAP_REQUEST: typeof server.SPAN_MAP = 'spanKind/spanMap';
export const SPAN_MAP_VIEW = 'spanKind.spanMap';
const REFRESH_DELAY_MS = 250;

export interface SpanMapSource {
  /** Asks the server for the map (after the client is ready). */
  request(): Promise<server.SpanMapResult>;
  /** Fires when the workspace's spans may have changed. */
  onDidChange: vscode.Event<unknown>;
}

export class SpanMapPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private lastRendered: SpanMapRendered | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly source: SpanMapSource,
  ) {
    this.disposables.push(source.onDidChange(() => this.scheduleRefresh()));
  }

  /** What the webview last reported drawing; `undefined` before the first drawing. */
  get rendered(): SpanMapRendered | undefined {
    return this.lastRendered;
  }

  /** Opens the panel, or brings it to the front. */
  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel(SPAN_MAP_VIEW, 'Span Map', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [dist],
    });
    this.panel = panel;
    this.lastRendered = undefined;
    panel.webview.html = html(panel.webview, dist);
    panel.webview.onDidReceiveMessage((message: FromWebview) => this.received(message), undefined, this.disposables);
    panel.onDidDispose(
      () => {
        this.panel = undefined;
        this.lastRendered = undefined;
      },
      undefined,
      this.disposables,
    );
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private received(message: FromWebview): void {
    switch (message.type) {
      case 'ready':
      case 'refresh':
        void this.send();
        break;
      case 'open':
        void this.open(message.location);
        break;
      case 'rendered':
        this.lastRendered = message.rendered;
        break;
    }
  }

  private scheduleRefresh(): void {
    if (!this.panel) return;
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.send(), REFRESH_DELAY_MS);
  }

  private async send(): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    let message: ToWebview;
    try {
      const map = await this.source.request();
      message = { type: 'map', map, workspaceRoots: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.path) };
    } catch (error) {
      message = { type: 'error', message: `The Span Kind server did not answer: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (this.panel === panel) await panel.webview.postMessage(message);
  }

  /** Opens the span's file at its name, beside the map. */
  private async open(location: { uri: string; line: number; character: number }): Promise<void> {
    const position = new vscode.Position(location.line, location.character);
    const column = this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    await vscode.window.showTextDocument(vscode.Uri.parse(location.uri), { selection: new vscode.Range(position, position), viewColumn: column, preview: false });
  }
}

function html(webview: vscode.Webview, dist: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'spanMap.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'spanMap.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style}">
  <title>Span Map</title>
</head>
<body>
  <header class="toolbar">
    <input id="filter" type="search" placeholder="Filter: peer, span or file" aria-label="Filter the map by peer, span name or file">
    <label><input id="problems" type="checkbox"> Problems only</label>
    <span class="zoom">
      <button id="zoom-out" title="Zoom out" aria-label="Zoom out">−</button>
      <span id="zoom-level">100%</span>
      <button id="zoom-in" title="Zoom in" aria-label="Zoom in">+</button>
      <button id="zoom-fit" title="Fit the map in the panel">Fit</button>
    </span>
    <button id="refresh" title="Ask the server again">Refresh</button>
    <span id="summary" role="status"></span>
  </header>
  <main>
    <div id="canvas" class="canvas"><p class="empty">Loading the span map…</p></div>
    <aside id="details" class="details" aria-live="polite" hidden></aside>
  </main>
  <footer id="legend" class="legend"></footer>
  <div id="tooltip" class="tooltip" role="tooltip" hidden></div>
  <script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
