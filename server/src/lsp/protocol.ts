// The custom messages between the Span Kind server and its client, beyond LSP. Imported by both: keep it
// free of runtime imports (the client bundle pulls in this file alone).
import type { SpanSummary } from '../analysis/spanSummary';

/**
 * Request, client → server, no params: every span the workspace index holds. Files not open are analysed
 * per file from their syntax; open documents as the editor sees them (type-aware). Files without spans
 * are left out; `complete` is false while the index is still reading the workspace.
 */
export const WORKSPACE_SPANS = 'spanKind/workspaceSpans';

/** Optional params: `uris` asks for those documents only (the status bar asks for the active one). */
export interface WorkspaceSpansParams {
  uris?: string[];
}

export interface WorkspaceSpansResult {
  files: WorkspaceFileSpans[];
  complete: boolean;
}

export interface WorkspaceFileSpans {
  uri: string;
  spans: SpanSummary[];
  /**
   * Set when the file has syntax errors: its spans were read from a guess at its structure and may be missed
   * or misread, so the views must not show it as clean. Such a file is listed even without spans.
   */
  notUnderstood?: NotUnderstood;
}

/** A file's syntax errors, as the views name them: the first one (0-based line and character) and how many. */
export interface NotUnderstood {
  line: number;
  character: number;
  message: string;
  count: number;
}

/**
 * The diagnostic code of a call that looks like a tracing wrapper but could not be followed (source
 * `spankind`): a note on what was not checked, not a rule's finding; the status bar counts it apart.
 */
export const UNRESOLVED_WRAPPER_CODE = 'unresolved-wrapper';

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
