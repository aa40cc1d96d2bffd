// The one place where core offsets become LSP positions, ranges, diagnostics and edits.
import {
  type Diagnostic,
  DiagnosticSeverity,
  type DiagnosticRelatedInformation,
  type Range,
  type TextEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { evidenceLabel, evidenceRoleText } from '../analysis/inferKind';
import type { Finding, Severity, TextChange, TextRange } from '../analysis/types';
import { type UnresolvedWrapperCall, unresolvedWrapperMessage } from '../analysis/unresolved';
import { UNRESOLVED_WRAPPER_CODE } from './protocol';

export const DIAGNOSTIC_SOURCE = 'spankind';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(doc: TextDocument, range: TextRange): Range {
  return { start: doc.positionAt(range.start), end: doc.positionAt(range.end) };
}

export function toOffsets(doc: TextDocument, range: Range): TextRange {
  return { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) };
}

export function toTextEdit(doc: TextDocument, change: TextChange): TextEdit {
  return { range: toRange(doc, change), newText: change.newText };
}

/** Data carried by our diagnostics, so code actions can match them to findings. */
export interface DiagnosticData {
  ruleId: string;
  suggestedKind?: string;
}

export function toDiagnostic(doc: TextDocument, finding: Finding): Diagnostic {
  const relatedInformation: DiagnosticRelatedInformation[] = finding.evidence.map((e) => ({
    location: { uri: doc.uri, range: toRange(doc, e) },
    message: `${evidenceLabel(e)}: ${evidenceRoleText(e.role)} → ${e.kind}`,
  }));
  const data: DiagnosticData = { ruleId: finding.ruleId, suggestedKind: finding.suggestedKind };
  return {
    range: toRange(doc, finding),
    severity: SEVERITIES[finding.severity],
    code: finding.ruleId,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    relatedInformation,
    data,
  };
}

/**
 * The note on a call that looks like a tracing wrapper but could not be followed, under its callee. Its code
 * has no `spankind/` prefix: it is not a rule (no finding, no fix), it says what was not checked.
 */
export function toUnresolvedWrapperDiagnostic(doc: TextDocument, call: UnresolvedWrapperCall, severity: Severity): Diagnostic {
  return {
    range: toRange(doc, { start: call.start, end: call.calleeEnd }),
    severity: SEVERITIES[severity],
    code: UNRESOLVED_WRAPPER_CODE,
    source: DIAGNOSTIC_SOURCE,
    message: unresolvedWrapperMessage(call.callee),
  };
}
