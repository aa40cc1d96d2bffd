// Calls of the span helpers: each call is a span, checked here.
import { SpanKind } from '@opentelemetry/api';
import { inSpan, jobSpan, outboundSpan, runSpan, traced, withTracing } from './span-helpers';

export const loadStock = () =>
  inSpan({ name: 'GET /stock' }, async () => fetch('https://inventory.internal/stock')); // expect: CLIENT (typed)

export const loadRates = () =>
  runSpan({ kind: SpanKind.CLIENT, name: 'GET /rates' }, async () => fetch('https://rates.internal/today')); // expect: CLIENT (typed)

export const loadUsers = () =>
  traced('GET /users', { kind: SpanKind.CLIENT }, async () => fetch('https://users.internal/all')); // expect: CLIENT @wrong-kind (typed)

export const loadOrders = () =>
  traced('GET /orders', { kind: SpanKind.CLIENT }, async () => fetch('https://orders.internal/all')); // expect: CLIENT @wrong-kind (typed)

export const loadPrices = () =>
  outboundSpan('GET /prices', async () => fetch('https://prices.internal/all')); // expect: none

export const syncCatalogue = () =>
  jobSpan('sync catalogue', async () => fetch('https://catalogue.internal/sync')); // expect: CLIENT (typed)

export const notify = withTracing('POST /notify', async (id: string) => { // expect: CLIENT @wrong-kind (typed)
  await fetch(`https://notify.internal/${id}`, { method: 'POST' });
});
