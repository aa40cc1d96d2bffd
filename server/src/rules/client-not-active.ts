// spankind/client-not-active: a CLIENT span started with startSpan whose outbound call does not run under
// the span's context, so the call's own instrumentation and headers take another parent.
import type * as ts from 'typescript';
import { calleeText, contextWrapFix, runsInSpanContext, spanHolderOf, usesOf } from '../analysis/spanLifecycle';
import { settledKind } from './kind-set-late';
import { defineRule, format, spanFinding, withFixes } from './types';

export default defineRule({
  id: 'client-not-active',
  description: 'A CLIENT span started with `startSpan` must be made active around its outbound call (`context.with(trace.setSpan(...), ...)`).',
  defaultSeverity: 'warning',
  fixable: true,
  impact:
    'The instrumentation of the outbound call (HTTP client, database driver) takes the surrounding span as its parent and injects that context into the request: the downstream SERVER span and the driver\'s own span hang off the wrong parent, and this CLIENT span shows up as a leaf with nothing under it.',
  messages: {
    outside:
      '`{{call}}` (line {{line}}) runs outside this CLIENT span\'s context{{more}}: `startSpan` does not make the span active, so the call\'s instrumentation and the trace headers it injects take the surrounding span as their parent. Run it in `context.with(trace.setSpan(context.active(), {{span}}), ...)`.',
  },
  check(span, ctx) {
    if (span.api !== 'startSpan' || span.wrapper) return [];
    const model = ctx.model;
    const holder = spanHolderOf(span, model);
    if (!holder || holder === 'discarded' || settledKind(span, ctx.inference, model) !== 'CLIENT') return [];
    // A span handed to other code may be activated there.
    if (usesOf(holder, model).escapes.length) return [];
    const sf = model.sourceFile;
    const outside: ts.Node[] = [];
    for (const e of ctx.inference.evidence) {
      if (e.role !== 'call' || e.kind !== 'CLIENT') continue;
      const node = ctx.walk.calls.find((c) => c.end === e.end && c.getStart(sf) === e.start) ?? ctx.walk.taggedTemplates.find((t) => t.end === e.end && t.getStart(sf) === e.start);
      if (node && !outside.includes(node) && !runsInSpanContext(node, holder, model)) outside.push(node);
    }
    if (!outside.length) return [];
    const first = outside[0];
    const others = outside.length - 1;
    return [
      withFixes(
        {
          ...spanFinding(this.id, span, ctx),
          message: format(this.messages.outside, {
            call: calleeText(first, sf),
            line: String(sf.getLineAndCharacterOfPosition(first.getStart(sf)).line + 1),
            more: others ? ` (and ${others} more ${others === 1 ? 'call' : 'calls'})` : '',
            span: holder.name,
          }),
          evidence: ctx.inference.evidence.filter((e) => e.role === 'call' && outside.some((n) => n.getStart(sf) === e.start && n.end === e.end)),
        },
        () => contextWrapFix(holder, outside, model),
      ),
    ];
  },
});
