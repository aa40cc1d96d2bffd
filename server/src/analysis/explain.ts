// Offset -> what hover shows: the kind card for `SpanKind.X`, a `kind:` value, and for a span call the
// kind it sets, the kind inferred and the evidence for it.
import ts = require('typescript');
import type { AnalyzedSpan, FileAnalysis } from './analyzeFile';
import { readKindValue } from './findSpanCalls';
import { evidenceLabel } from './inferKind';
import { kindCard } from './kindDocs';
import { ruleCode, rules } from '../rules';
import { propertyNameText, stripExpression, walkTree } from './model';
import type { KindSet, SpanKindName, TextRange } from './types';

export interface HoverInfo extends TextRange {
  markdown: string;
}

/**
 * What to show when hovering at `offset`, or `undefined` when it is none of ours. Over a finding, its rule's
 * reading of the broken trace comes first (the editor shows the message itself).
 */
export function explainAt(analysis: FileAnalysis, offset: number): HoverInfo | undefined {
  const base = explainTokenAt(analysis, offset);
  const here = analysis.findings.filter((f) => f.start <= offset && offset < f.end);
  const impacts = [...new Set(here.map((f) => f.ruleId))].flatMap((id) => {
    const rule = rules.find((r) => ruleCode(r.id) === id);
    return rule?.impact ? [`**${id}**: ${rule.impact}`] : [];
  });
  if (!impacts.length) return base;
  const range = base ?? { start: Math.min(...here.map((f) => f.start)), end: Math.max(...here.map((f) => f.end)) };
  const markdown = [impacts.join('\n\n'), ...(base ? ['', '---', '', base.markdown] : [])].join('\n');
  return { start: range.start, end: range.end, markdown };
}

function explainTokenAt(analysis: FileAnalysis, offset: number): HoverInfo | undefined {
  const sf = analysis.sourceFile;
  const token = tokenAt(sf, offset);
  if (!token) return undefined;
  const range = { start: token.getStart(sf), end: token.end };

  const owner = analysis.spans.find(({ span }) => {
    const callee = stripExpression(span.call.expression);
    return (ts.isPropertyAccessExpression(callee) ? callee.name : callee) === token;
  });
  if (owner) return { ...range, markdown: spanCard(owner, sf) };

  const parent = token.parent;
  // `SpanKind.CLIENT`, `api.SpanKind.CLIENT`: hovering the kind or the enum name.
  for (const access of [parent, parent.parent]) {
    if (!access || !ts.isPropertyAccessExpression(access)) continue;
    const set = readKindValue(access, analysis.model, 0, false);
    if (set.state === 'known' && set.kinds.length === 1) return { ...range, markdown: kindCard(set.kinds[0]) };
  }

  // `kind:` in a span call's options, or its numeric value.
  const prop = ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent) ? parent : undefined;
  const kindProp = prop && propertyNameText(prop.name) === 'kind' ? prop : undefined;
  const numericValue = ts.isNumericLiteral(token) && ts.isPropertyAssignment(parent) && propertyNameText(parent.name) === 'kind' ? parent : undefined;
  const target = kindProp ?? numericValue;
  if (!target) return undefined;
  const span = analysis.spans.find(({ span }) => span.optionsArg && target.pos >= span.optionsArg.pos && target.end <= span.optionsArg.end);
  if (!span) return undefined;
  const set = span.span.kindSet;
  const parts = [kindLine(span)];
  if (set.state === 'known' && set.kinds.length === 1) parts.push('', '---', '', kindCard(set.kinds[0]));
  return { ...range, markdown: parts.join('\n') };
}

/** The hover for a span call: kind set, kind inferred, why, and the card of the kind it should have. */
function spanCard(analyzed: AnalyzedSpan, sf: ts.SourceFile): string {
  const { inference } = analyzed;
  const lines = [kindLine(analyzed), '', `Inferred because ${inference.reason}.`];
  if (inference.confidence === 'low') lines.push('', '_Low confidence: no diagnostic is raised for this span._');
  if (inference.confidence === 'unverified') lines.push('', '_Unverified: nothing in the code confirms or contradicts this kind; no diagnostic is raised for this span._');
  if (inference.evidence.length) {
    lines.push('', 'Evidence:');
    for (const e of inference.evidence.slice(0, 8)) {
      const line = sf.getLineAndCharacterOfPosition(e.start).line + 1;
      lines.push(`- ${evidenceLabel(e)} → ${e.kind} (line ${line})`);
    }
  }
  lines.push('', '---', '', kindCard(inference.kind));
  return lines.join('\n');
}

/** "**Span kind** of `'publish order'`: sets none (defaults to INTERNAL) · inferred **PRODUCER**". */
function kindLine({ span, inference }: AnalyzedSpan): string {
  const name = span.nameArg ? ` of \`${shorten(span.nameArg.getText())}\`` : '';
  return `**Span kind**${name}: sets ${setText(span.kindSet)} · inferred **${inference.kind}**`;
}

function setText(set: KindSet): string {
  if (set.state === 'absent') return 'none (defaults to INTERNAL)';
  if (set.state === 'unknown') return 'a value not known statically';
  const kinds = set.kinds.map((k: SpanKindName) => `**${k}**`).join(' or ');
  return set.numeric !== undefined ? `${kinds} (\`${set.numeric}\`)` : kinds;
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 50 ? `${flat.slice(0, 47)}...` : flat;
}

/** The innermost token (identifier or literal) covering `offset`. */
function tokenAt(sf: ts.SourceFile, offset: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  walkTree(sf, (node) => {
    if (offset < node.getStart(sf) || offset >= node.end) return 'skip';
    if (ts.isIdentifier(node) || ts.isNumericLiteral(node)) {
      found = node;
      return 'stop';
    }
  });
  return found;
}
