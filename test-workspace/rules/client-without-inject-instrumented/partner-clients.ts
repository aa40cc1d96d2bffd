// With HTTP client instrumentation registered, the requests get a traceparent without code here.
import axios from 'axios';
import { SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('partner-clients');

export async function fetchOffers(partnerId: string): Promise<unknown> {
  return tracer.startActiveSpan('GET /offers', { kind: SpanKind.CLIENT }, async (span) => { // expect: none
    try {
      const response = await fetch(`https://partners.example.com/api/partners/${partnerId}/offers`, { headers: { accept: 'application/json' } });
      return await response.json();
    } finally {
      span.end();
    }
  });
}

export async function cancelOrder(orderId: string, reason: string): Promise<void> {
  await tracer.startActiveSpan('POST /orders/:id/cancel', { kind: SpanKind.CLIENT }, async (span) => { // expect: none
    try {
      await axios.post(`https://partners.example.com/api/orders/${orderId}/cancel`, { reason }, { headers: { 'x-reason': reason } });
    } finally {
      span.end();
    }
  });
}
