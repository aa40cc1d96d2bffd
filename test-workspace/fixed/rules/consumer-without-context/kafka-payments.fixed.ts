// Payment results from Kafka. Each CONSUMER span must continue, or link to, the context the producer put
// in the message headers; kafkajs delivers header values as Buffers, so they are read with a getter.
import { Kafka, type IHeaders } from 'kafkajs';
import { propagation, ROOT_CONTEXT, SpanKind, trace, type TextMapGetter } from '@opentelemetry/api';
import { parentContextOf } from './tracing-helpers';

const tracer = trace.getTracer('payments-consumer');
const kafka = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] });

const headerGetter: TextMapGetter<IHeaders | undefined> = {
  get: (carrier, key) => carrier?.[key]?.toString(),
  keys: (carrier) => Object.keys(carrier ?? {}),
};

async function markPaid(orderId: string): Promise<void> {
  await Promise.resolve(orderId);
}

export async function consumePayments(): Promise<void> {
  const consumer = kafka.consumer({ groupId: 'orders.payments' });
  await consumer.subscribe({ topics: ['payments'] });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const producerContext = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, message.headers, { get: (carrier, key) => carrier?.[key]?.toString(), keys: (carrier) => Object.keys(carrier ?? {}) }));
      await tracer.startActiveSpan(`${topic} process`, { kind: SpanKind.CONSUMER, links: producerContext ? [{ context: producerContext }] : [] }, async (span) => { // expect: @consumer-without-context
        try {
          await markPaid(String(message.key));
        } finally {
          span.end();
        }
      });
    },
  });
}

export async function consumeRefunds(): Promise<void> {
  const consumer = kafka.consumer({ groupId: 'orders.refunds' });
  await consumer.subscribe({ topics: ['refunds'] });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const parent = propagation.extract(ROOT_CONTEXT, message.headers, headerGetter);
      await tracer.startActiveSpan(`${topic} process`, { kind: SpanKind.CONSUMER }, parent, async (span) => { // expect: none
        try {
          await markPaid(String(message.key));
        } finally {
          span.end();
        }
      });
    },
  });
}

export async function consumeSettlements(): Promise<void> {
  const consumer = kafka.consumer({ groupId: 'orders.settlements' });
  await consumer.subscribe({ topics: ['settlements'] });
  await consumer.run({
    // A batch links to every message it processes, as the messaging conventions recommend.
    eachBatch: async ({ batch }) => {
      const links = batch.messages.map((m) => ({ context: trace.getSpanContext(propagation.extract(ROOT_CONTEXT, m.headers, headerGetter))! }));
      await tracer.startActiveSpan(`${batch.topic} process`, { kind: SpanKind.CONSUMER, links }, async (span) => { // expect: none
        try {
          for (const m of batch.messages) await markPaid(String(m.key));
        } finally {
          span.end();
        }
      });
    },
  });
}

export async function consumeChargebacks(): Promise<void> {
  const consumer = kafka.consumer({ groupId: 'orders.chargebacks' });
  await consumer.subscribe({ topics: ['chargebacks'] });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      await tracer.startActiveSpan(`${batch.topic} process`, { kind: SpanKind.CONSUMER }, async (span) => { // expect: @consumer-without-context
        try {
          for (const m of batch.messages) await markPaid(String(m.key));
        } finally {
          span.end();
        }
      });
    },
  });
}

export async function consumeDisputes(): Promise<void> {
  const consumer = kafka.consumer({ groupId: 'orders.disputes' });
  await consumer.subscribe({ topics: ['disputes'] });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      // The parent comes from a helper of another module: it may well extract.
      await tracer.startActiveSpan(`${topic} process`, { kind: SpanKind.CONSUMER }, parentContextOf(message), async (span) => { // expect: none
        try {
          await markPaid(String(message.key));
        } finally {
          span.end();
        }
      });
    },
  });
}
