// spankind/producer-without-inject: a PRODUCER span sends a message that does not carry the span's context.
import { contextSourceText, FixContext, PropagationReader, problemCallText, problemEvidence, spanHasKind, uninjectedSend } from '../analysis/propagation';
import { defineRule, format, spanFinding, withFixes } from './types';

export default defineRule({
  id: 'producer-without-inject',
  description: "A PRODUCER span must inject its context into the message it sends (`propagation.inject` into the headers or attributes), so the consumer can link back to it.",
  defaultSeverity: 'warning',
  fixable: true,
  messages: {
    absent: "{{call}} sends a message from this PRODUCER span, but no `propagation.inject(...)` puts the span's context into {{field}}: the consumer cannot link its span to this one.",
    otherContext: "{{call}} sends a message with {{source}} in {{field}}, not this PRODUCER span's context: the consumer links to the wrong span.",
  },
  impact:
    'The message leaves without this span\'s trace context: the consumer starts a new trace, the queue hop disappears from the service graph, and this PRODUCER span looks like a message nobody processed.',
  check(span, ctx) {
    if (!spanHasKind(span, ctx.inference, 'PRODUCER')) return [];
    const problem = uninjectedSend(new PropagationReader(ctx.model, ctx.walk, span), ctx.instrumentation, new FixContext(ctx.model));
    if (!problem) return [];
    const sf = ctx.model.sourceFile;
    const data = { call: problemCallText(problem), field: problem.field, source: contextSourceText(problem.why) };
    return [
      withFixes(
        {
          ...spanFinding(this.id, span, ctx),
          message: format(problem.problem === 'absent' ? this.messages.absent : this.messages.otherContext, data),
          evidence: [problemEvidence(problem, 'PRODUCER', sf)],
        },
        () => problem.fix?.(),
      ),
    ];
  },
});
