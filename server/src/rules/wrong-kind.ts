// spankind/wrong-kind: a span whose kind is set, statically known, and contradicted by its code.
import { buildKindFix } from '../analysis/kindFix';
import type { Inference, KindSet, SpanCall } from '../analysis/types';
import { becauseText, capitalize } from './explainInference';
import { defineRule, format, spanFinding, withFixes } from './types';

export default defineRule({
  id: 'wrong-kind',
  description: 'A span whose kind contradicts the code it wraps: remote calls, messaging, or handlers of incoming work.',
  defaultSeverity: 'warning',
  impact:
    'The backend draws the span as the kind it sets: a remote call marked INTERNAL or SERVER drops out of the dependencies, local work marked CLIENT invents one, and a publish or a message handler of the wrong kind breaks the producer/consumer pairing.',
  fixable: true,
  messages: {
    wrong: '{{because}}, so its kind should be {{kind}}, not {{current}}.',
    legacyReceive:
      '{{because}}: a pull receive is CLIENT since semantic conventions 1.28; CONSUMER is what older conventions and instrumentations used.',
  },
  check(span, ctx) {
    const inf = ctx.inference;
    const set = span.kindSet;
    if (set.state !== 'known' || !isWrongKind(span, inf)) return [];
    // CONSUMER for a pull receive was right under the older conventions: a note, not a warning.
    const legacyReceive =
      inf.kind === 'CLIENT' &&
      set.kinds.length === 1 &&
      set.kinds[0] === 'CONSUMER' &&
      inf.evidence.length > 0 &&
      inf.evidence.every((e) => e.role === 'attribute' && / = receive$/.test(e.label));
    return [
      withFixes(
        {
          ...spanFinding(this.id, span, ctx),
          message: format(legacyReceive ? this.messages.legacyReceive : this.messages.wrong, {
            because: capitalize(becauseText(inf)),
            kind: inf.kind,
            current: currentText(set),
          }),
          severity: legacyReceive ? 'information' : ctx.severity,
          suggestedKind: inf.kind,
          evidence: inf.evidence,
        },
        () => buildKindFix(span, inf.kind, ctx.model, ctx.spanKindRef()),
      ),
    ];
  },
});

/**
 * Does the kind `span` sets contradict its code, as this rule reports it? nested-server stays silent on such
 * a span: an explicit SERVER in a handler auto-instrumentation already covers is reported here, as INTERNAL.
 */
export function isWrongKind(span: SpanCall, inf: Inference): boolean {
  const set = span.kindSet;
  if (set.state !== 'known' || inf.confidence !== 'high') return false;
  const accepted = [inf.kind, ...(inf.alternatives ?? [])];
  // A kind set on purpose is replaced only on evidence: with none the inference keeps it, `unverified`.
  return !set.kinds.some((k) => accepted.includes(k));
}

function currentText(set: Extract<KindSet, { state: 'known' }>): string {
  const kinds = set.kinds.join(' or ');
  return set.numeric !== undefined ? `${kinds} (\`kind: ${set.numeric}\` means ${kinds})` : kinds;
}
