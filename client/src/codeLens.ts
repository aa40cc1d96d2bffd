// The command a CodeLens of the server runs: puts the cursor on the span and shows its hover or quick-fixes.
import * as vscode from 'vscode';
import type * as protocol from '../../server/src/lsp/protocol';

const SHOW_SPAN_COMMAND: typeof protocol.SHOW_SPAN_COMMAND = 'spanKind.showSpan';

export function registerShowSpanCommand(): vscode.Disposable {
  return vscode.commands.registerCommand(SHOW_SPAN_COMMAND, async (uri: string, line: number, character: number, action: protocol.ShowSpanAction) => {
    const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri));
    const position = new vscode.Position(line, character);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    await vscode.commands.executeCommand(action === 'quickFix' ? 'editor.action.quickFix' : 'editor.action.showHover');
  });
}
