// Customer notifications through the notification gateway, traced with the service's own `withSpan`
// wrapper: the kind is chosen at each call site, so that is where it is checked and fixed.
import { SpanKind } from '@opentelemetry/api';
import { withSpan } from '../tracing';

const GATEWAY_URL = process.env.NOTIFICATION_GATEWAY_URL ?? 'http://notify.internal:8080';

export function sendShippedSms(phone: string, trackingNumber: string): Promise<void> {
  return withSpan('POST /sms', SpanKind.INTERNAL, async () => { // expect: CLIENT @wrong-kind (typed), @client-without-inject (typed)
    const response = await fetch(`${GATEWAY_URL}/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ to: phone, text: `Your order is on its way: ${trackingNumber}` }),
    });
    if (!response.ok) throw new Error(`notification gateway returned ${response.status}`);
  });
}

export function renderShippedEmail(name: string, trackingNumber: string): Promise<string> {
  return withSpan('render shipped email', SpanKind.INTERNAL, async () => { // expect: none
    return `Hello ${name.trim()}, your parcel ${trackingNumber.toUpperCase()} has shipped.`;
  });
}
