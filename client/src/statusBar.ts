// The status bar item: how many span kind findings the active file has, per rule in the tooltip. Counted
// from the diagnostics the server published; hidden for files the extension does not check.
import * as vscode from 'vscode';

const SOURCE = 'spankind';

export class FindingsStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('spanKind.findings', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private shown = false;

  /** `languages`: the language ids the server checks; `showCommand`: what a click runs. */
  constructor(
    private readonly languages: readonly string[],
    showCommand: string,
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
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !this.languages.includes(doc.languageId) || vscode.workspace.getConfiguration('spanKind', doc.uri).get('enable') === false) {
      this.item.hide();
      this.shown = false;
      return;
    }
    const findings = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === SOURCE);
    const byRule = new Map<string, number>();
    for (const d of findings) {
      const rule = String(typeof d.code === 'object' ? d.code.value : (d.code ?? 'other')).replace(/^spankind\//, '');
      byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
    }
    this.item.text = `$(pulse) Span kinds: ${findings.length}`;
    this.item.tooltip = findings.length
      ? [`Span kind findings in this file: ${findings.length}`, ...[...byRule].sort(([a], [b]) => a.localeCompare(b)).map(([rule, n]) => `${rule}: ${n}`)].join('\n')
      : 'No span kind findings in this file';
    this.item.show();
    this.shown = true;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
