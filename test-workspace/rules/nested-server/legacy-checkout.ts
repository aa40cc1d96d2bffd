// The checkout service was merged into the gateway; its handler kept the SERVER span it had as a service.
import { SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('legacy-checkout');

export interface CheckoutRequest {
  cartId: string;
  paymentToken: string;
}

export function handleLegacyCheckout(request: CheckoutRequest): Promise<{ cartId: string; accepted: boolean }> {
  // Called from the gateway's SERVER span (reported there, at the call, in the type-aware analysis).
  return tracer.startActiveSpan('POST /legacy/checkout', { kind: SpanKind.SERVER }, async (span) => { // expect: none
    try {
      return { cartId: request.cartId, accepted: request.paymentToken.length > 0 };
    } finally {
      span.end();
    }
  });
}
