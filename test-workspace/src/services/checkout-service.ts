// Checkout orchestration. Its collaborators are injected and declared elsewhere, so only the type-aware
// analysis can tell that `deps.receipts.add` is a BullMQ publish or that `fetchExchangeRate` reaches the
// network: the per-file analysis stays silent on those spans rather than guess.
import { SpanKind } from '@opentelemetry/api';
import type { Queue } from 'bullmq';
import type { Pool } from 'pg';
import { fetchExchangeRate, RatesClient } from '../clients/rates-api';
import { tracer } from '../tracing';

export interface CheckoutDeps {
  receipts: Queue;
  db: Pool;
}

export class CheckoutService {
  private readonly rates = new RatesClient();

  constructor(private readonly deps: CheckoutDeps) {}

  enqueueReceipt(orderId: string): Promise<void> {
    return tracer.startActiveSpan('enqueue receipt', async (span) => { // expect: PRODUCER (typed), @producer-without-inject (typed)
      try {
        await this.deps.receipts.add('receipt', { orderId }, { attempts: 5 });
      } finally {
        span.end();
      }
    });
  }

  countOpenCarts(): Promise<number> {
    return tracer.startActiveSpan('SELECT carts', { kind: SpanKind.CLIENT }, async (span) => { // expect: none
      try {
        const { rows } = await this.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM carts WHERE open');
        return rows[0].n;
      } finally {
        span.end();
      }
    });
  }

  totalIn(currency: string, totalCents: number): Promise<number> {
    return tracer.startActiveSpan('convert checkout total', async (span) => { // expect: CLIENT (typed)
      try {
        const rate = currency === 'EUR' ? 1 : await fetchExchangeRate('EUR', currency);
        return Math.round(totalCents * rate);
      } finally {
        span.end();
      }
    });
  }

  supportedCurrencies(): Promise<string[]> {
    return tracer.startActiveSpan('list currencies', async (span) => { // expect: CLIENT (typed)
      try {
        return await this.rates.listCurrencies();
      } finally {
        span.end();
      }
    });
  }
}

export function checkoutService(deps: CheckoutDeps): CheckoutService {
  return new CheckoutService(deps);
}
