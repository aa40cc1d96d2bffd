// A file's analysis reduced to plain, serialisable data: what the tree view, CodeLens and Span Map show
// for each span call. Small on purpose: a workspace index keeps these, not the analyses (or their programs).
import ts = require('typescript');
import type { FileAnalysis } from './analyzeFile';
import { evidenceLabel } from './inferKind';
import { type SpanTarget, spanTargets } from './spanTargets';
import type { Confidence, Severity, SpanKindName, TextRange } from './types';

export interface SpanSummary {
  /** The span name when it is a string literal or a no-substitution template; otherwise the argument's text. */
  name: string;
  /** True when `name` is the literal name the span will have. */
  nameIsStatic: boolean;
  /** The span name argument (or the callee): where the findings sit and where "go to" lands. */
  range: TextRange;
  /** 0-based line and UTF-16 character of `range.start`. */
  line: number;
  character: number;
  /** `startSpan`, `startActiveSpan`, or a wrapper's name. */
  api: string;
  /** Kinds the call sets: `[]` when it sets none, `undefined` when not known statically. */
  kindsSet: SpanKindName[] | undefined;
  /** The kind the span gets at run time as far as we know: the single kind set, INTERNAL when none is set. */
  effectiveKind: SpanKindName | undefined;
  inferred: SpanKindName;
  confidence: Confidence;
  /** Short labels of the evidence, e.g. "`producer.send` (kafkajs) → PRODUCER". */
  evidence: string[];
  /** The span's findings; `suggestedKind` for the kind rules. */
  findings: { ruleId: string; message: string; severity: Severity; suggestedKind?: SpanKindName }[];
  /** The remote things the span reaches or is reached from (hosts, databases, topics ...), for the Span Map. */
  targets: SpanTarget[];
}

/** One summary per span call of the analysis, in source order. */
export function summarizeSpans(analysis: FileAnalysis): SpanSummary[] {
  const sf = analysis.sourceFile;
  return analysis.spans.map((analyzed) => {
    const { span, inference } = analyzed;
    const anchor = span.nameArg ?? span.call.expression;
    const start = anchor.getStart(sf);
    const range = { start, end: anchor.end };
    const { line, character } = sf.getLineAndCharacterOfPosition(start);
    const literal = span.nameArg && (ts.isStringLiteral(span.nameArg) || ts.isNoSubstitutionTemplateLiteral(span.nameArg)) ? span.nameArg : undefined;
    const name = literal ? literal.text : span.nameArg ? span.nameArg.getText(sf).replace(/\s+/g, ' ') : '(unnamed)';
    const set = span.kindSet;
    const kindsSet = set.state === 'absent' ? [] : set.state === 'known' ? [...set.kinds] : undefined;
    const effectiveKind = kindsSet === undefined ? undefined : kindsSet.length === 0 ? 'INTERNAL' : kindsSet.length === 1 ? kindsSet[0] : undefined;
    const findings = analysis.findings
      .filter((f) => f.spanStart === start)
      .map((f) => ({ ruleId: f.ruleId, message: f.message, severity: f.severity, ...(f.suggestedKind ? { suggestedKind: f.suggestedKind } : {}) }));
    return {
      name,
      nameIsStatic: !!literal,
      range,
      line,
      character,
      api: span.wrapper?.name ?? span.api,
      kindsSet,
      effectiveKind,
      inferred: inference.kind,
      confidence: inference.confidence,
      evidence: inference.evidence.map((e) => `${evidenceLabel(e)} → ${e.kind}`),
      findings,
      targets: spanTargets(analysis, analyzed),
    };
  });
}
