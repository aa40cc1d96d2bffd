// Clients of partner services. Without an HTTP client instrumentation, a CLIENT span that builds its own
// request headers must put the trace context into them.
import axios from 'axios';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('partner-clients');
const PARTNER_URL = 'https://partners.example.com/api';

export async function fetchOffers(partnerId: string): Promise<unknown> {
  return tracer.startActiveSpan('GET /offers', { kind: SpanKind.CLIENT }, async (span) => { // expect: @client-without-inject
    try {
      const response = await fetch(`${PARTNER_URL}/partners/${partnerId}/offers`, {
        headers: { accept: 'application/json', 'x-partner-id': partnerId },
      });
      return await response.json();
    } finally {
      span.end();
    }
  });
}

export async function postOrder(partnerId: string, order: { id: string }): Promise<number> {
  return tracer.startActiveSpan('POST /orders', { kind: SpanKind.CLIENT }, async (span) => { // expect: @client-without-inject
    try {
      const headers = { 'content-type': 'application/json', 'x-partner-id': partnerId };
      const response = await fetch(`${PARTNER_URL}/orders`, { method: 'POST', headers, body: JSON.stringify(order) });
      return response.status;
    } finally {
      span.end();
    }
  });
}

export async function cancelOrder(orderId: string, reason: string): Promise<void> {
  await tracer.startActiveSpan('POST /orders/:id/cancel', { kind: SpanKind.CLIENT }, async (span) => { // expect: @client-without-inject
    try {
      await axios.post(`${PARTNER_URL}/orders/${orderId}/cancel`, { reason }, { headers: { 'x-reason': reason }, timeout: 2_000 });
    } finally {
      span.end();
    }
  });
}

export async function getOrder(orderId: string): Promise<unknown> {
  return tracer.startActiveSpan('GET /orders/:id', { kind: SpanKind.CLIENT }, async (span) => { // expect: none
    try {
      const headers: Record<string, string> = { accept: 'application/json' };
      propagation.inject(context.active(), headers);
      const { data } = await axios.get(`${PARTNER_URL}/orders/${orderId}`, { headers });
      return data;
    } finally {
      span.end();
    }
  });
}

export async function ping(): Promise<boolean> {
  // No headers of its own: nothing to inject into here (a missing traceparent is an instrumentation matter).
  return tracer.startActiveSpan('GET /ping', { kind: SpanKind.CLIENT }, async (span) => { // expect: none
    try {
      return (await fetch(`${PARTNER_URL}/ping`)).ok;
    } finally {
      span.end();
    }
  });
}
