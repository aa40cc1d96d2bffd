// HTTP API of the orders service. It runs without the HTTP auto-instrumentation, so a route that wants a
// SERVER span starts it itself, from the trace context the caller sent.
import express from 'express';
import { context, propagation, SpanKind } from '@opentelemetry/api';
import { recordFailure, tracer } from '../tracing';
import { OrdersRepository } from '../db/orders-repository';
import { priceOrder, type OrderLine } from '../domain/pricing';
import { reserveStock } from '../clients/inventory-client';
import { publishOrderCreated } from '../events/kafka-producer';
import { enqueueEmail } from '../jobs/email-worker';

interface CreateOrderRequest {
  customerId: string;
  email: string;
  shippingAddress: string;
  lines: OrderLine[];
}

class ValidationError extends Error {}

const SHIPPING_URL = process.env.SHIPPING_URL ?? 'http://shipping.internal:8080';
const orders = new OrdersRepository();
const app = express();
app.use(express.json({ limit: '100kb' }));

function parseCreateOrder(body: unknown): CreateOrderRequest {
  const { customerId, email, shippingAddress, lines } = (body ?? {}) as Partial<CreateOrderRequest>;
  if (!customerId || !email || !shippingAddress || !Array.isArray(lines) || lines.length === 0) {
    throw new ValidationError('customerId, email, shippingAddress and at least one line are required');
  }
  if (lines.some((l) => !Number.isInteger(l.quantity) || l.quantity <= 0)) throw new ValidationError('quantities must be positive');
  return { customerId, email, shippingAddress, lines };
}

app.get('/orders/:id', async (req, res) => {
  const parent = propagation.extract(context.active(), req.headers);
  await tracer.startActiveSpan(
    'GET /orders/:id', // expect: none
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET', 'http.route': '/orders/:id' } },
    parent,
    async (span) => {
      try {
        const order = await orders.findById(req.params.id);
        if (!order) {
          res.status(404).json({ error: 'order not found' });
          return;
        }
        res.json({ ...order, lines: await orders.lines.listForOrder(order.id) });
      } catch (error) {
        recordFailure(span, error);
        res.status(500).json({ error: 'internal error' });
      } finally {
        span.end();
      }
    },
  );
});

app.post('/orders', async (req, res) => {
  const parent = propagation.extract(context.active(), req.headers);
  await tracer.startActiveSpan('POST /orders', { attributes: { 'http.route': '/orders' } }, parent, async (span) => { // expect: SERVER
    try {
      const request = tracer.startActiveSpan('validate order request', { kind: SpanKind.INTERNAL }, (validation) => { // expect: none
        try {
          return parseCreateOrder(req.body);
        } finally {
          validation.end();
        }
      });
      const priced = priceOrder(request.lines);
      const order = await orders.insert({ ...request, totalCents: priced.totalCents, currency: priced.currency });
      await orders.lines.insertAll(order.id, request.lines);
      await reserveStock(order.id, request.lines);
      await publishOrderCreated(order);
      await enqueueEmail({ template: 'order-confirmation', to: request.email, orderId: order.id });
      span.setAttribute('order.id', order.id);
      res.status(201).location(`/orders/${order.id}`).json(order);
    } catch (error) {
      if (error instanceof ValidationError) {
        res.status(400).json({ error: error.message });
        return;
      }
      recordFailure(span, error);
      res.status(500).json({ error: 'internal error' });
    } finally {
      span.end();
    }
  });
});

app.get('/orders/:id/shipping-quote', async (req, res) => {
  const order = await orders.findById(req.params.id);
  if (!order) {
    res.status(404).json({ error: 'order not found' });
    return;
  }
  const quote = await tracer.startActiveSpan('POST /quotes', async (span) => { // expect: CLIENT
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      propagation.inject(context.active(), headers);
      const body = JSON.stringify({ orderId: order.id, destination: order.shippingAddress });
      const response = await fetch(`${SHIPPING_URL}/quotes`, { method: 'POST', headers, body });
      span.setAttribute('http.response.status_code', response.status);
      if (!response.ok) throw new Error(`shipping service returned ${response.status}`);
      return (await response.json()) as { carrier: string; priceCents: number; estimatedDays: number };
    } finally {
      span.end();
    }
  });
  res.json(quote);
});

export function startHttpServer(port = Number(process.env.PORT ?? 8080)) {
  return app.listen(port, () => console.log(`orders-service listening on ${port}`));
}
