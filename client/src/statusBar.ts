// The status bar item: how many span kind findings the active file has, per rule in the tooltip. Counted
// from the diagnostics the server published; a file with syntax errors (from the server's index) is marked
// not understood, and wrapper-like calls not followed are counted apart from findings. Hidden for files
// the extension does not check.
import * as vscode from 'vscode';
import type * as protocol from '../../server/src/lsp/protocol';
import { notUnderstoodText } from './spanTree';

const SOURCE = 'spankind';
const UNRESOLVED_WRAPPER: typeof protocol.UNRESOLVED_WRAPPER_CODE = 'unresolved-wrapper';

/** Where the status bar learns whether a file is understood, and when to ask again. */
export interface UnderstoodSource {
  notUnderstood(uri: string): Promise<protocol.NotUnderstood | undefined>;
  onDidChangeTreeData: vscode.Event<unknown>;
}

export class FindingsStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('spanKind.findings', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private shown = false;
  private generation = 0;

  /** `languages`: the language ids the server checks; `showCommand`: what a click runs. */
  constructor(
    private readonly languages: readonly string[],
    showCommand: string,
    private readonly index?: UnderstoodSource,
  ) {
    this.item.name = 'Span Kind Lens findings';
    this.item.command = { command: showCommand, title: 'Show the spans of the workspace' };
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.languages.onDidChangeDiagnostics((event) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && event.uris.some((uri) => uri.toString() === active)) this.update();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('spanKind.enable')) this.update();
      }),
      // The index changed (a file analysed, its syntax errors found or gone).
      ...(index ? [index.onDidChangeTreeData(() => this.update())] : []),
      vscode.workspace.onDidOpenTextDocument((doc) => {
        // A language change (plaintext → typescript) reopens the document.
        if (doc === vscode.window.activeTextEditor?.document) this.update();
      }),
    );
    this.update();
  }

  /** What the item shows now; `undefined` while hidden. For tests. */
  get state(): { text: string; tooltip: string } | undefined {
    return this.shown ? { text: this.item.text, tooltip: String(this.item.tooltip) } : undefined;
  }

  update(): void {
    const generation = ++this.generation;
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !this.languages.includes(doc.languageId) || vscode.workspace.getConfiguration('spanKind', doc.uri).get('enable') === false) {
      this.item.hide();
      this.shown = false;
      return;
    }
    this.render(doc.uri, this.lastNotUnderstood?.uri === doc.uri.toString() ? this.lastNotUnderstood.value : undefined);
    void this.index?.notUnderstood(doc.uri.toString()).then((value) => {
      if (generation !== this.generation) return;
      this.lastNotUnderstood = { uri: doc.uri.toString(), value };
      this.render(doc.uri, value);
    });
  }

  private lastNotUnderstood: { uri: string; value: protocol.NotUnderstood | undefined } | undefined;

  private render(uri: vscode.Uri, notUnderstood: protocol.NotUnderstood | undefined): void {
    const ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
    const isNote = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code) === UNRESOLVED_WRAPPER;
    const findings = ours.filter((d) => !isNote(d));
    const notFollowed = ours.length - findings.length;
    const byRule = new Map<string, number>();
    for (const d of findings) {
      const rule = String(typeof d.code === 'object' ? d.code.value : (d.code ?? 'other')).replace(/^spankind\//, '');
      byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
    }
    const followedNote = notFollowed ? ` · ${notFollowed} not followed` : '';
    this.item.text = notUnderstood ? `$(warning) Span kinds: not understood` : `$(pulse) Span kinds: ${findings.length}${followedNote}`;
    const lines = findings.length
      ? [`Span kind findings in this file: ${findings.length}`, ...[...byRule].sort(([a], [b]) => a.localeCompare(b)).map(([rule, n]) => `${rule}: ${n}`)]
      : [notUnderstood ? 'No span kind findings in what could be read of this file' : 'No span kind findings in this file'];
    if (notUnderstood) lines.unshift(notUnderstoodText(notUnderstood));
    if (notFollowed) lines.push(`Wrapper-like calls not followed (their spans are not checked): ${notFollowed}`);
    this.item.tooltip = lines.join('\n');
    this.item.show();
    this.shown = true;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
