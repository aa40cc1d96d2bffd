// spankind/server-without-extract: a request handler's SERVER span starts without the caller's context.
import { familyOfHandler } from '../analysis/instrumentation';
import { FixContext, isInstrumented, middlewareExtracts, PropagationReader, serverExtractFix } from '../analysis/propagation';
import { requestMetadata } from '../catalogue/propagation';
import { defineRule, format, spanFinding, withFixes } from './types';

export default defineRule({
  id: 'server-without-extract',
  description: 'The SERVER span of a request handler must take its parent from the context extracted from the request headers, unless an HTTP instrumentation creates the entry span.',
  defaultSeverity: 'information',
  fixable: true,
  messages: {
    noParent:
      'This SERVER span of a request handler (`{{handler}}`, {{library}}) does not take its parent from the request (`propagation.extract(context.active(), req.headers)`), and no instrumentation creates the entry span: every request starts a new trace, cut off from its caller.',
  },
  impact: "Each request starts a new trace: the caller's CLIENT span has no child here, and the two services appear in separate traces.",
  check(span, ctx) {
    const inf = ctx.inference;
    const handler = inf.evidence[0];
    if (!handler || handler.role !== 'handler' || handler.kind !== 'SERVER' || !handler.library) return [];
    const set = span.kindSet;
    const isServer = set.state === 'known' ? set.kinds.includes('SERVER') : set.state === 'absent' && inf.kind === 'SERVER' && inf.confidence === 'high';
    if (!isServer) return [];
    const family = familyOfHandler(handler.library);
    // Without a known family or request shape there is nothing to say what extracting would read.
    if (!family && !requestMetadata.some((m) => m.library === handler.library)) return [];
    if (family && isInstrumented([family], ctx.instrumentation)) return [];
    const reader = new PropagationReader(ctx.model, ctx.walk, span);
    if (middlewareExtracts(reader) || reader.parentVerdict() !== 'no') return [];
    const library = handler.library;
    return [
      withFixes(
        {
          ...spanFinding(this.id, span, ctx),
          message: format(this.messages.noParent, { handler: handler.label, library: handler.library }),
          evidence: [handler],
        },
        () => serverExtractFix(reader, library, new FixContext(ctx.model)),
      ),
    ];
  },
});
