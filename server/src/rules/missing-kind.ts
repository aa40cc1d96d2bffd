// spankind/missing-kind: a span whose code needs CLIENT/SERVER/PRODUCER/CONSUMER but sets no kind.
import { buildKindFix } from '../analysis/kindFix';
import { lateKindsOf } from '../analysis/spanLifecycle';
import { defineRule, format, spanFinding, withFixes } from './types';
import { becauseText, capitalize } from './explainInference';

export default defineRule({
  id: 'missing-kind',
  description: 'A span whose code is remote or messaging work must set its kind; without one it defaults to INTERNAL.',
  defaultSeverity: 'warning',
  fixable: true,
  impact:
    'The backend reads this span as INTERNAL, local work: its wait on the network counts as the service\'s own time, the service graph has no edge for the call, and a message it sends or receives cannot be paired across the queue.',
  messages: {
    missing: '{{because}}, so its kind should be {{kind}}; it sets no kind, and defaults to INTERNAL.',
  },
  check(span, ctx) {
    const inf = ctx.inference;
    // No kind means INTERNAL: fine whenever INTERNAL is one of the right kinds.
    if (span.kindSet.state !== 'absent' || inf.kind === 'INTERNAL' || inf.alternatives?.includes('INTERNAL') || inf.confidence !== 'high') return [];
    // A kind written after the start (`span.kind = ...`, a `span.kind` attribute) is kind-set-late's: its fix sets this kind.
    if (lateKindsOf(span, ctx.model).length) return [];
    return [
      withFixes(
        {
          ...spanFinding(this.id, span, ctx),
          message: format(this.messages.missing, { because: capitalize(becauseText(inf)), kind: inf.kind }),
          suggestedKind: inf.kind,
          evidence: inf.evidence,
        },
        () => buildKindFix(span, inf.kind, ctx.model, ctx.spanKindRef()),
      ),
    ];
  },
});
