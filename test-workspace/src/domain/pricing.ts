// Order pricing: list prices, volume discounts and VAT are computed here; only exchange rates are remote.
import { SpanKind } from '@opentelemetry/api';
import { tracer } from '../tracing';

export interface OrderLine {
  sku: string;
  quantity: number;
  unitPriceCents: number;
}

export interface PricedOrder {
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  totalCents: number;
  currency: string;
}

const VAT_RATE = 0.2;
const VOLUME_TIERS = [
  { minQuantity: 50, percent: 10 },
  { minQuantity: 10, percent: 5 },
] as const;
const FX_API_URL = process.env.FX_API_URL ?? 'https://fx.example.com/v2';
const rateCache = new Map<string, { rate: number; fetchedAt: number }>();

export function priceOrder(lines: OrderLine[], currency = 'EUR'): PricedOrder {
  return tracer.startActiveSpan('price order', (span) => { // expect: none
    try {
      const subtotalCents = lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
      const discountCents = volumeDiscount(lines, subtotalCents);
      const taxCents = Math.round((subtotalCents - discountCents) * VAT_RATE);
      span.setAttributes({ 'order.line_count': lines.length, 'order.subtotal_cents': subtotalCents });
      return { subtotalCents, discountCents, taxCents, totalCents: subtotalCents - discountCents + taxCents, currency };
    } finally {
      span.end();
    }
  });
}

// Pure computation under a CLIENT span: nothing in the code tells its kind, so the kind set stands (unverified)
// and nothing is reported; only evidence (a call, an attribute, a handler) replaces a kind set on purpose.
function volumeDiscount(lines: OrderLine[], subtotalCents: number): number {
  return tracer.startActiveSpan('apply volume discount', { kind: SpanKind.CLIENT }, (span) => { // expect: none
    const quantity = lines.reduce((sum, line) => sum + line.quantity, 0);
    const tier = VOLUME_TIERS.find((t) => quantity >= t.minQuantity);
    span.setAttribute('pricing.discount_percent', tier?.percent ?? 0);
    span.end();
    return tier ? Math.round((subtotalCents * tier.percent) / 100) : 0;
  });
}

async function fetchExchangeRate(currency: string): Promise<number> {
  const cached = rateCache.get(currency);
  if (cached && Date.now() - cached.fetchedAt < 60_000) return cached.rate;
  const url = `${FX_API_URL}/rates/EUR/${encodeURIComponent(currency)}`;
  return tracer.startActiveSpan('GET /rates/{base}/{quote}', { kind: 1, attributes: { 'url.full': url } }, async (span) => { // expect: CLIENT @wrong-kind
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_500) });
      span.setAttribute('http.response.status_code', response.status);
      if (!response.ok) throw new Error(`exchange rate lookup failed with ${response.status}`);
      const { rate } = (await response.json()) as { rate: number };
      rateCache.set(currency, { rate, fetchedAt: Date.now() });
      return rate;
    } finally {
      span.end();
    }
  });
}

/** The order's amounts in another currency; the rate lookup has its own CLIENT span. */
export async function convertTotals(order: PricedOrder, currency: string): Promise<PricedOrder> {
  if (currency === order.currency) return order;
  return tracer.startActiveSpan('convert order totals', async (span) => { // expect: none
    try {
      const rate = await fetchExchangeRate(currency);
      span.setAttribute('pricing.exchange_rate', rate);
      const convert = (cents: number) => Math.round(cents * rate);
      const { subtotalCents, discountCents, taxCents, totalCents } = order;
      return { subtotalCents: convert(subtotalCents), discountCents: convert(discountCents), taxCents: convert(taxCents), totalCents: convert(totalCents), currency };
    } finally {
      span.end();
    }
  });
}
