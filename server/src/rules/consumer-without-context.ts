// spankind/consumer-without-context: a CONSUMER span neither continues nor links the context its message carries.
import { familyOfHandler } from '../analysis/instrumentation';
import { enclosingFunction } from '../analysis/model';
import { consumerLinkFix, consumerWithoutContext, FixContext, isInstrumented, PropagationReader, spanHasKind } from '../analysis/propagation';
import { defineRule, format, spanFinding, withFixes } from './types';

export default defineRule({
  id: 'consumer-without-context',
  description: 'A CONSUMER span must take the context extracted from its message as its parent, or link to it.',
  defaultSeverity: 'warning',
  fixable: true,
  messages: {
    cut: 'This CONSUMER span{{handler}} neither takes the context extracted from its message (`propagation.extract(...)`) as its parent nor links to it: its trace starts here, cut off from the PRODUCER span that sent the message.',
  },
  impact:
    'The consumer starts a new trace: the queue hop disappears from the service graph, and the PRODUCER span that sent the message looks like a message nobody processed.',
  check(span, ctx) {
    const inf = ctx.inference;
    const contradicted = inf.confidence === 'high' && inf.evidence.length > 0 && inf.kind !== 'CONSUMER';
    if (!spanHasKind(span, inf, 'CONSUMER') || contradicted) return [];
    const fn = enclosingFunction(span.call);
    const handler = inf.evidence.find((e) => e.role === 'handler' && e.kind === 'CONSUMER') ?? (fn && ctx.walk.handlers.get(fn));
    const family = handler?.library && familyOfHandler(handler.library);
    // A messaging instrumentation already made the message's context active (or linked it) for this handler.
    if (family && isInstrumented([family], ctx.instrumentation)) return [];
    const reader = new PropagationReader(ctx.model, ctx.walk, span);
    if (!consumerWithoutContext(reader)) return [];
    const where = handler ? ` (in \`${handler.label}\`${handler.library ? `, ${handler.library}` : ''})` : '';
    return [
      withFixes(
        {
          ...spanFinding(this.id, span, ctx),
          message: format(this.messages.cut, { handler: where }),
          evidence: inf.evidence.filter((e) => e.role === 'handler'),
        },
        () => (handler?.library ? consumerLinkFix(reader, handler.library, new FixContext(ctx.model)) : undefined),
      ),
    ];
  },
});
