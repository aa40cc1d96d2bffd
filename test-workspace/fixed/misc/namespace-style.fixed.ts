// Partner webhooks, written against the API namespace (`api.trace`, `api.SpanKind`) as the partner SDK docs do.
import * as api from '@opentelemetry/api';

export interface PartnerEvent {
  type: 'order.shipped' | 'order.cancelled';
  orderId: string;
  partnerId: string;
}

const PARTNER_API_URL = process.env.PARTNER_API_URL ?? 'https://partners.example.com/api';

export async function notifyPartner(event: PartnerEvent): Promise<void> {
  const url = `${PARTNER_API_URL}/partners/${event.partnerId}/hooks`;
  const span = api.trace.getTracer('partner-webhooks').startSpan('POST /partners/{id}/hooks', { // expect: none
    kind: api.SpanKind.CLIENT,
    attributes: { 'http.request.method': 'POST', 'url.full': url },
  });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  api.propagation.inject(api.trace.setSpan(api.context.active(), span), headers);
  try {
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(event) });
    span.setAttribute('http.response.status_code', response.status);
    if (!response.ok) throw new Error(`partner ${event.partnerId} rejected the webhook with ${response.status}`);
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: api.SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}

export async function fetchPartnerCatalog(partnerId: string): Promise<string[]> {
  const span = api.trace.getTracer('partner-webhooks').startSpan('GET /partners/{id}/catalog', { kind: api.SpanKind.CLIENT }); // expect: CLIENT, @client-not-active
  try {
    const response = await api.context.with(api.trace.setSpan(api.context.active(), span), () => fetch(`${PARTNER_API_URL}/partners/${partnerId}/catalog`));
    if (!response.ok) throw new Error(`partner catalog returned ${response.status}`);
    const { skus } = (await response.json()) as { skus: string[] };
    return skus;
  } finally {
    span.end();
  }
}
