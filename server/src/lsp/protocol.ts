// The custom messages between the Span Kind server and its client, beyond LSP. Imported by both: keep it
// free of runtime imports (the client bundle pulls in this file alone).
import type { SpanSummary } from '../analysis/spanSummary';

/**
 * Request, client → server, no params: every span the workspace index holds. Files not open are analysed
 * per file from their syntax; open documents as the editor sees them (type-aware). Files without spans
 * are left out; `complete` is false while the index is still reading the workspace.
 */
export const WORKSPACE_SPANS = 'spanKind/workspaceSpans';

export interface WorkspaceSpansResult {
  files: WorkspaceFileSpans[];
  complete: boolean;
}

export interface WorkspaceFileSpans {
  uri: string;
  spans: SpanSummary[];
}

/** Notification, server → client (debounced): the index changed; ask for `spanKind/workspaceSpans` again. */
export const WORKSPACE_SPANS_CHANGED = 'spanKind/workspaceSpansChanged';

export interface WorkspaceSpansChangedParams {
  complete: boolean;
}

/**
 * Client command run by a CodeLens click: arguments `[uri, line, character, action]`. It puts the cursor
 * there and shows the hover (`hover`) or the quick-fix menu (`quickFix`). VS Code's client registers it.
 */
export const SHOW_SPAN_COMMAND = 'spanKind.showSpan';

export type ShowSpanAction = 'hover' | 'quickFix';
