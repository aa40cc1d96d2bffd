// Consumes payment results from Kafka and marks the matching orders paid or cancelled.
import { Kafka, type IHeaders } from 'kafkajs';
import { Pool } from 'pg';
import { propagation, ROOT_CONTEXT, trace, type Link, type TextMapGetter, SpanKind } from '@opentelemetry/api';
import { recordFailure, tracer } from '../tracing';

interface PaymentEvent {
  orderId: string;
  outcome: 'captured' | 'declined';
  paymentId: string;
}

const kafka = new Kafka({ clientId: 'orders-service', brokers: (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',') });
const consumer = kafka.consumer({ groupId: 'orders-service.payments' });
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

const headerGetter: TextMapGetter<IHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    if (value === undefined) return undefined;
    return Array.isArray(value) ? value.map((v) => v.toString()) : value.toString();
  },
};

function parsePaymentEvent(value: Buffer | null): PaymentEvent {
  if (!value) throw new Error('payment event without a body');
  const event = JSON.parse(value.toString('utf8')) as Partial<PaymentEvent>;
  if (!event.orderId || !event.paymentId || (event.outcome !== 'captured' && event.outcome !== 'declined')) {
    throw new Error('malformed payment event');
  }
  return event as PaymentEvent;
}

export async function startPaymentConsumer(): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topics: ['payment-events'], fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const producerSpan = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, message.headers ?? {}, headerGetter));
      const links: Link[] = producerSpan ? [{ context: producerSpan }] : [];
      const attributes = { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.destination.partition.id': String(partition) };
      await tracer.startActiveSpan(`process ${topic}`, { kind: SpanKind.CONSUMER, links, attributes }, async (span) => { // expect: CONSUMER
        try {
          const event = parsePaymentEvent(message.value);
          const status = event.outcome === 'captured' ? 'paid' : 'cancelled';
          await tracer.startActiveSpan('UPDATE orders', { kind: SpanKind.CLIENT }, async (dbSpan) => { // expect: CLIENT
            try {
              await pool.query('UPDATE orders SET status = $1, payment_id = $2 WHERE id = $3', [status, event.paymentId, event.orderId]);
            } finally {
              dbSpan.end();
            }
          });
        } catch (error) {
          recordFailure(span, error);
          throw error;
        } finally {
          span.end();
        }
      });
    },
  });
}
