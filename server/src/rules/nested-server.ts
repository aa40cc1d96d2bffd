// spankind/nested-server: a SERVER span whose parent in the same process is already a SERVER span.
import { InferenceContext } from '../analysis/inferKind';
import { buildKindFix } from '../analysis/kindFix';
import { type PathStep, type ServerParent, serverParentOf, serverSpansCalledFrom, stepLabel } from '../analysis/spanParents';
import type { Evidence, Finding, SpanCall } from '../analysis/types';
import type * as ts from 'typescript';
import { anchorOf, defineRule, format, ruleCode, spanFinding, withFixes } from './types';
import { isWrongKind } from './wrong-kind';

export default defineRule({
  id: 'nested-server',
  description: 'A SERVER span started while another SERVER span of the same process is active (your own, or the one auto-instrumentation creates): the request is counted twice.',
  defaultSeverity: 'warning',
  fixable: true,
  impact:
    'The backend sees two incoming requests where there was one: request counts, error rates and latency of the service are doubled or split, and the inner span shows up as a call the service received from itself. A span inside the entry span is INTERNAL.',
  messages: {
    underSpan:
      'This SERVER span starts while the SERVER span {{outer}} (line {{line}}) is active{{via}}: the request gets a second SERVER span in this process. A span inside a request\'s entry span is INTERNAL.',
    underInstrumentation:
      'This SERVER span runs in the handler `{{handler}}` ({{library}}){{via}}, whose SERVER span {{module}} already creates (registered at {{where}}): the request gets a second SERVER span. A span inside a request\'s entry span is INTERNAL.',
    calls:
      '{{chain}} starts the SERVER span {{inner}} ({{file}}:{{line}}) while this SERVER span is active: the request gets a second SERVER span in this process; that span should be INTERNAL.',
  },
  check(span, ctx) {
    const set = span.kindSet;
    if (set.state !== 'known' || !set.kinds.every((k) => k === 'SERVER')) return [];
    const unit = ctx.project.unitOf(ctx.model.sourceFile);
    const sf = ctx.model.sourceFile;
    const findings: Finding[] = [];
    // wrong-kind reports a SERVER span its code contradicts, the entry span of an instrumented handler included.
    const parent = isWrongKind(span, ctx.inference) ? undefined : serverParentOf(span, unit, ctx.instrumentation);
    if (parent) {
      // Certain only when the SERVER span's own callback holds this one.
      const certain = !!parent.span && parent.steps.length === 0 && parent.through.length === 0;
      findings.push(
        withFixes(
          {
            ...spanFinding(this.id, span, ctx),
            message: messageFor(parent, this.messages, sf),
            evidence: parent.handler ? [handlerEvidence(parent, sf)] : [],
          },
          () => {
            const fix = buildKindFix(span, 'INTERNAL', ctx.model, ctx.spanKindRef());
            return fix && { ...fix, preferred: certain };
          },
        ),
      );
    }
    // SERVER spans of other files this one calls: reported here, at the call, as their file cannot see this span.
    for (const hit of serverSpansCalledFrom(span, unit, ctx.project)) {
      if (isWrongKind(hit.span, new InferenceContext(ctx.project, hit.unit).infer(hit.span))) continue;
      const innerSf = hit.unit.model.sourceFile;
      findings.push({
        ruleId: ruleCode(this.id),
        message: format(this.messages.calls, {
          chain: hit.via.map((fn) => `\`${functionLabel(fn)}\``).join(' → '),
          inner: spanLabel(hit.span, innerSf),
          file: innerSf.fileName.split(/[\\/]/).slice(-2).join('/'),
          line: String(innerSf.getLineAndCharacterOfPosition(anchorOf(hit.span).getStart(innerSf)).line + 1),
        }),
        severity: ctx.severity,
        start: hit.call.getStart(sf),
        end: hit.call.end,
        currentKinds: set.kinds,
        evidence: [],
        fixes: [],
      });
    }
    return findings;
  },
});

function messageFor(parent: ServerParent, messages: Readonly<Record<string, string>>, sf: ts.SourceFile): string {
  const via = viaText(parent.steps, parent.through, sf);
  if (parent.handler) {
    const { match, instrumentation } = parent.handler;
    return format(messages.underInstrumentation, { handler: match.label, library: match.library, via, module: instrumentation.module, where: instrumentation.where });
  }
  const outer = parent.span!;
  return format(messages.underSpan, { outer: spanLabel(outer, sf), line: String(lineOf(anchorOf(outer), sf)), via });
}

/** ", through `applyLegacyRules` (called at line 40) and the INTERNAL span 'load'". */
function viaText(steps: PathStep[], through: SpanCall[], sf: ts.SourceFile): string {
  const parts = [
    ...steps.filter((s) => s.name).map((s) => `${stepLabel(s)} (called at line ${lineOf(s.site, sf)})`),
    ...through.map((s) => `the INTERNAL span ${spanLabel(s, sf)}`),
  ];
  return parts.length ? `, through ${parts.join(' and ')}` : '';
}

function handlerEvidence(parent: ServerParent, sf: ts.SourceFile): Evidence {
  const { match, instrumentation } = parent.handler!;
  return {
    kind: 'SERVER',
    label: match.label,
    library: match.library,
    role: 'handler',
    byName: match.byName || undefined,
    start: match.registration.getStart(sf),
    end: match.registration.end,
    instrumentedBy: { module: instrumentation.module, where: instrumentation.where, entryKind: 'SERVER' },
  };
}

function spanLabel(span: SpanCall, sf: ts.SourceFile): string {
  const name = span.nameArg;
  return name ? name.getText(sf).replace(/\s+/g, ' ') : `\`${span.api}\``;
}

function functionLabel(fn: ts.FunctionLikeDeclaration): string {
  const name = fn.name?.getText();
  if (name) return name;
  const parent = fn.parent as ts.Node & { name?: ts.Node };
  return parent.name?.getText() ?? 'function';
}

function lineOf(node: ts.Node, sf: ts.SourceFile): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}
