// Code actions: one quick-fix per finding, and "Fix all span kinds" (source.fixAll.spanKind).
import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileAnalysis } from '../analysis/analyzeFile';
import { mergeFixes } from '../analysis/applyFixes';
import type { Finding, TextChange } from '../analysis/types';
import { DIAGNOSTIC_SOURCE, toDiagnostic, toOffsets, toTextEdit } from './convert';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.spanKind`;

export function codeActions(doc: TextDocument, analysis: FileAnalysis, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];
  // Read (built) only when an action needs them: a line without findings costs no fix of the file.
  let fixableFindings: Finding[] | undefined;
  const fixable = () => (fixableFindings ??= analysis.findings.filter((f) => f.fixes.some((fix) => fix.preferred)));

  if (wants(CodeActionKind.QuickFix)) {
    const requested = toOffsets(doc, params.range);
    for (const finding of analysis.findings) {
      if (!intersects(finding, requested)) continue;
      const diagnostic = matchingDiagnostic(params.context.diagnostics, finding, doc);
      for (const fix of finding.fixes) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred,
          edit: versionedEdit(doc, fix.changes),
        });
      }
    }
    if (actions.length && fixable().length > 1) actions.push(fixAll(doc, fixable(), CodeActionKind.QuickFix));
  }
  // Only on request: editor.codeActionsOnSave and the Source Action menu ask for it.
  if (only && wants(FIX_ALL_KIND) && fixable().length) actions.push(fixAll(doc, fixable(), FIX_ALL_KIND));
  return actions;
}

function fixAll(doc: TextDocument, findings: Finding[], kind: string): CodeAction {
  const changes = mergeFixes(findings.flatMap((f) => f.fixes.filter((fix) => fix.preferred)));
  return { title: 'Fix all span kinds', kind, edit: versionedEdit(doc, changes) };
}

/** Edits tied to the document version, so a client refuses them once the text has moved on. */
function versionedEdit(doc: TextDocument, changes: TextChange[]): CodeAction['edit'] {
  const edits: TextEdit[] = changes.map((c) => toTextEdit(doc, c));
  return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] };
}

function matchingDiagnostic(diagnostics: Diagnostic[], finding: Finding, doc: TextDocument): Diagnostic {
  const own = diagnostics.find((d) => {
    if (d.source !== DIAGNOSTIC_SOURCE || d.code !== finding.ruleId) return false;
    const r = toOffsets(doc, d.range);
    return r.start === finding.start && r.end === finding.end;
  });
  return own ?? toDiagnostic(doc, finding);
}

function intersects(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start <= b.end && b.start <= a.end;
}
