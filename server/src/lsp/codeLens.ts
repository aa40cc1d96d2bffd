// CodeLens over each span call: the kind it sets, the kind its code calls for, and its findings. A click
// shows the quick-fix menu when a finding has a fix, else the hover that explains the span.
import ts = require('typescript');
import type { CodeLens } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileAnalysis } from '../analysis/analyzeFile';
import { stripExpression } from '../analysis/model';
import type { SpanSummary } from '../analysis/spanSummary';
import { toRange } from './convert';
import { SHOW_SPAN_COMMAND, type ShowSpanAction } from './protocol';

/** One lens per span call; `spans` are the summaries of `analysis`, in its order. */
export function codeLenses(doc: TextDocument, analysis: FileAnalysis, spans: readonly SpanSummary[]): CodeLens[] {
  const sf = analysis.sourceFile;
  return analysis.spans.flatMap(({ span }, i) => {
    const summary = spans[i];
    if (!summary) return [];
    const findings = analysis.findings.filter((f) => f.spanStart === summary.range.start);
    const fixable = findings.find((f) => f.fixes.length);
    const callee = stripExpression(span.call.expression);
    const calleeName = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    // Hovering the callee shows the span's card; hovering a finding shows its message and what it breaks.
    const [offset, action]: [number, ShowSpanAction] = fixable
      ? [fixable.start, 'quickFix']
      : findings.length
        ? [findings[0].start, 'hover']
        : [calleeName.getStart(sf), 'hover'];
    const at = doc.positionAt(offset);
    return [
      {
        range: toRange(doc, summary.range),
        command: {
          title: lensTitle(summary),
          command: SHOW_SPAN_COMMAND,
          arguments: [doc.uri, at.line, at.character, action],
          tooltip: action === 'quickFix' ? 'Show the quick-fixes' : 'Explain this span',
        },
      },
    ];
  });
}

/** "kind: CLIENT · inferred CLIENT", "kind: none (INTERNAL) · inferred PRODUCER ⚠ missing-kind". */
export function lensTitle(summary: SpanSummary): string {
  const set = summary.kindsSet;
  const kind = set === undefined ? 'kind: not known statically' : set.length === 0 ? 'kind: none (INTERNAL)' : `kind: ${set.join(' or ')}`;
  const inferred = `inferred ${summary.inferred}${summary.confidence === 'low' ? ' (low confidence)' : summary.confidence === 'unverified' ? ' (unverified)' : ''}`;
  const rules = [...new Set(summary.findings.map((f) => f.ruleId.replace(/^spankind\//, '')))];
  return `${kind} · ${inferred}${rules.length ? ` ⚠ ${rules.join(', ')}` : ''}`;
}
