// Order events on Kafka. Each PRODUCER span must put its own context into the headers of the messages it
// sends, so the consumer's span can link back to it.
import { Kafka, type Message } from 'kafkajs';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { buildAuditMessages } from './audit-format';

const tracer = trace.getTracer('orders-events');
const producer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).producer();

interface OrderEvent {
  orderId: string;
  status: string;
}

export async function publishStatusChanged(event: OrderEvent): Promise<void> {
  await tracer.startActiveSpan('order-status send', { kind: SpanKind.PRODUCER }, async (span) => { // expect: @producer-without-inject
    try {
      await producer.send({ topic: 'order-status', messages: [{ key: event.orderId, value: JSON.stringify(event) }] });
    } finally {
      span.end();
    }
  });
}

export async function publishCancelled(event: OrderEvent, reason: string): Promise<void> {
  await tracer.startActiveSpan('order-cancelled send', { kind: SpanKind.PRODUCER }, async (span) => { // expect: @producer-without-inject
    try {
      await producer.send({
        topic: 'order-cancelled',
        messages: [{ key: event.orderId, value: JSON.stringify(event), headers: { 'cancel-reason': reason } }],
      });
    } finally {
      span.end();
    }
  });
}

export async function publishShipped(event: OrderEvent): Promise<void> {
  const span = tracer.startSpan('order-shipped send', { kind: SpanKind.PRODUCER }); // expect: @producer-without-inject
  try {
    // The span was started with startSpan, so it is not active here: this injects the caller's context.
    const headers: Record<string, string> = {};
    propagation.inject(context.active(), headers);
    await producer.send({ topic: 'order-shipped', messages: [{ key: event.orderId, value: JSON.stringify(event), headers }] });
  } finally {
    span.end();
  }
}

export async function publishDelivered(event: OrderEvent): Promise<void> {
  const span = tracer.startSpan('order-delivered send', { kind: SpanKind.PRODUCER }); // expect: none
  try {
    const headers: Record<string, string> = { 'event-type': 'delivered' };
    propagation.inject(trace.setSpan(context.active(), span), headers);
    await producer.send({ topic: 'order-delivered', messages: [{ key: event.orderId, value: JSON.stringify(event), headers }] });
  } finally {
    span.end();
  }
}

/** One message per order, each carrying the active context. */
function statusMessages(events: OrderEvent[]): Message[] {
  return events.map((e) => {
    const headers: Record<string, string> = {};
    propagation.inject(context.active(), headers);
    return { key: e.orderId, value: JSON.stringify(e), headers };
  });
}

export async function publishStatusBatch(events: OrderEvent[]): Promise<void> {
  await tracer.startActiveSpan('order-status send', { kind: SpanKind.PRODUCER }, async (span) => { // expect: none
    try {
      await producer.send({ topic: 'order-status', messages: statusMessages(events) });
    } finally {
      span.end();
    }
  });
}

export async function publishAudit(events: OrderEvent[]): Promise<void> {
  // The messages come from another module, which may well inject: nothing to say.
  await tracer.startActiveSpan('order-audit send', { kind: SpanKind.PRODUCER }, async (span) => { // expect: none
    try {
      await producer.send({ topic: 'order-audit', messages: buildAuditMessages(events) });
    } finally {
      span.end();
    }
  });
}

export async function publishRefunds(events: OrderEvent[]): Promise<void> {
  await tracer.startActiveSpan('order-refunds send', { kind: SpanKind.PRODUCER }, async (span) => { // expect: @producer-without-inject
    try {
      const messages: Message[] = [];
      for (const e of events) messages.push({ key: e.orderId, value: JSON.stringify(e) });
      await producer.send({ topic: 'order-refunds', messages });
    } finally {
      span.end();
    }
  });
}
