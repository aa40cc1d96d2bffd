// spankind/client-without-inject: a CLIENT span sends an HTTP request with explicit headers that do not carry its context.
import { contextSourceText, FixContext, PropagationReader, problemCallText, problemEvidence, spanHasKind, uninjectedRequest } from '../analysis/propagation';
import { defineRule, format, spanFinding, withFixes } from './types';

export default defineRule({
  id: 'client-without-inject',
  description: 'A CLIENT span that builds its HTTP request headers itself must inject its context into them, unless an HTTP client instrumentation does.',
  defaultSeverity: 'warning',
  fixable: true,
  messages: {
    absent:
      '{{call}} sends explicit headers from this CLIENT span, but no `propagation.inject(...)` writes the trace context into them, and no HTTP client instrumentation is registered: the called service starts a new trace.',
    otherContext: "{{call}} sends headers carrying {{source}}, not this CLIENT span's context: the called service's span does not become this span's child.",
  },
  impact:
    'The request leaves without a `traceparent` header: the called service starts a new trace, so this call has no SERVER span under it and the edge to that service is missing from the service graph.',
  check(span, ctx) {
    if (!spanHasKind(span, ctx.inference, 'CLIENT')) return [];
    const problem = uninjectedRequest(new PropagationReader(ctx.model, ctx.walk, span), ctx.instrumentation, new FixContext(ctx.model));
    if (!problem) return [];
    const sf = ctx.model.sourceFile;
    const data = { call: problemCallText(problem), source: contextSourceText(problem.why) };
    return [
      withFixes(
        {
          ...spanFinding(this.id, span, ctx),
          message: format(problem.problem === 'absent' ? this.messages.absent : this.messages.otherContext, data),
          evidence: [problemEvidence(problem, 'CLIENT', sf)],
        },
        () => problem.fix?.(),
      ),
    ];
  },
});
