// Publishes order lifecycle events to Kafka. Each send creates the message, so its span is the PRODUCER.
import { CompressionTypes, Kafka, type Message } from 'kafkajs';
import { context, propagation, SpanKind, trace, type Context } from '@opentelemetry/api';
import { recordFailure, tracer } from '../tracing';
import type { Order } from '../db/orders-repository';

const TOPIC = 'order-events';
const kafka = new Kafka({ clientId: 'orders-service', brokers: (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',') });
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
let connected: Promise<void> | undefined;

function ensureConnected(): Promise<void> {
  connected ??= producer.connect();
  return connected;
}

/** The event message for `order`, carrying the trace context of `ctx` in its headers. */
function orderEvent(order: Order, type: string, ctx: Context = context.active()): Message {
  const headers: Record<string, string> = { 'event-type': type };
  propagation.inject(ctx, headers);
  const payload = { type, orderId: order.id, status: order.status, occurredAt: new Date().toISOString() };
  return { key: order.id, value: JSON.stringify(payload), headers };
}

export function publishOrderCreated(order: Order): Promise<void> {
  return tracer.startActiveSpan('send order-events', { kind: SpanKind.PRODUCER }, async (span) => { // expect: PRODUCER
    try {
      await ensureConnected();
      await producer.send({ topic: TOPIC, compression: CompressionTypes.GZIP, messages: [orderEvent(order, 'order.created')] });
    } finally {
      span.end();
    }
  });
}

export function publishOrderCancelled(order: Order, reason: string): Promise<void> {
  return tracer.startActiveSpan(
    'send order-events', // expect: PRODUCER @wrong-kind
    { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': TOPIC, 'order.cancel_reason': reason } },
    async (span) => {
      try {
        await ensureConnected();
        await producer.send({ topic: TOPIC, messages: [orderEvent(order, 'order.cancelled')] });
      } catch (error) {
        recordFailure(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

export async function publishOrderShipped(order: Order, trackingNumber: string): Promise<void> {
  const span = tracer.startSpan('send order-events', { // expect: none
    kind: SpanKind.PRODUCER,
    attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': TOPIC, 'messaging.operation.type': 'send' },
  });
  try {
    await ensureConnected();
    const message = orderEvent(order, 'order.shipped', trace.setSpan(context.active(), span));
    message.headers = { ...message.headers, 'tracking-number': trackingNumber };
    await producer.send({ topic: TOPIC, messages: [message] });
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}
