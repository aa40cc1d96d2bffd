// Kafka: kafkajs, and Confluent's client through its KafkaJS-compatible and node-rdkafka-style APIs.
import { SpanKind, trace } from '@opentelemetry/api';
import { Kafka, type EachBatchPayload, type EachMessagePayload } from 'kafkajs';
import { HighLevelProducer, KafkaConsumer, KafkaJS } from '@confluentinc/kafka-javascript';

const tracer = trace.getTracer('catalogue');

interface Order {
  id: string;
  total: number;
}

function parseOrder(value: Buffer | null): Order {
  return JSON.parse(value?.toString('utf8') ?? '{}') as Order;
}

function applyOrder(order: Order): void {
  if (order.total < 0) throw new Error(`order ${order.id} has a negative total`);
}

// kafkajs
const kafka = new Kafka({ clientId: 'orders', brokers: ['kafka-1:9092', 'kafka-2:9092'] });
const producer = kafka.producer({ transactionalId: 'orders-tx', idempotent: true, maxInFlightRequests: 1 });
const consumer = kafka.consumer({ groupId: 'orders-projection' });

export async function publishOrder(order: Order): Promise<void> {
  await tracer.startActiveSpan('send orders', async (span) => { // expect: PRODUCER
    try {
      await producer.send({ topic: 'orders', messages: [{ key: order.id, value: JSON.stringify(order) }] });
    } finally {
      span.end();
    }
  });
}

export async function publishOrders(orders: Order[]): Promise<void> {
  const span = tracer.startSpan('send orders batch', { kind: SpanKind.CLIENT }); // expect: PRODUCER @wrong-kind
  try {
    await producer.sendBatch({
      topicMessages: [{ topic: 'orders', messages: orders.map((o) => ({ key: o.id, value: JSON.stringify(o) })) }],
    });
  } finally {
    span.end();
  }
}

export async function publishInTransaction(order: Order): Promise<void> {
  const transaction = await producer.transaction();
  await tracer.startActiveSpan('send order-ledger', async (span) => { // expect: PRODUCER
    try {
      await transaction.send({ topic: 'order-ledger', messages: [{ key: order.id, value: String(order.total) }] });
      await transaction.commit();
    } catch (error) {
      await transaction.abort();
      throw error;
    } finally {
      span.end();
    }
  });
}

export async function commitProcessed(topic: string, partition: number, offset: string): Promise<void> {
  await tracer.startActiveSpan('commit orders-projection', async (span) => { // expect: CLIENT
    await consumer.commitOffsets([{ topic, partition, offset }]);
    span.end();
  });
}

export async function startProjection(): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topics: ['orders'], fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ topic, message }: EachMessagePayload) => {
      await tracer.startActiveSpan(`process ${topic}`, async (span) => { // expect: CONSUMER
        applyOrder(parseOrder(message.value));
        span.end();
      });
    },
  });
}

export async function startBatchProjection(): Promise<void> {
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat }: EachBatchPayload) => {
      await tracer.startActiveSpan(`process ${batch.topic}`, async (span) => { // expect: CONSUMER
        for (const message of batch.messages) {
          applyOrder(parseOrder(message.value));
          resolveOffset(message.offset);
        }
        await heartbeat();
        span.end();
      });
    },
  });
}

// @confluentinc/kafka-javascript, KafkaJS-compatible API
const confluent = new KafkaJS.Kafka({ kafkaJS: { brokers: ['pkc-1.confluent.cloud:9092'], ssl: true } });
const billingProducer = confluent.producer({ kafkaJS: { idempotent: true } });
const billingConsumer = confluent.consumer({ kafkaJS: { groupId: 'billing' } });

export async function publishInvoice(order: Order): Promise<void> {
  await tracer.startActiveSpan('send invoices', async (span) => { // expect: PRODUCER
    await billingProducer.send({ topic: 'invoices', messages: [{ key: order.id, value: JSON.stringify(order) }] });
    span.end();
  });
}

export async function startBilling(): Promise<void> {
  await billingConsumer.connect();
  await billingConsumer.subscribe({ topics: ['invoices'] });
  await billingConsumer.run({
    eachMessage: async ({ topic, message }) => {
      await tracer.startActiveSpan(`process ${topic}`, async (span) => { // expect: CONSUMER
        applyOrder(parseOrder(message.value));
        span.end();
      });
    },
  });
}

export async function commitBilling(topic: string, partition: number, offset: string): Promise<void> {
  await tracer.startActiveSpan('commit billing', async (span) => { // expect: CLIENT
    await billingConsumer.commitOffsets([{ topic, partition, offset }]);
    span.end();
  });
}

// @confluentinc/kafka-javascript, node-rdkafka-style API
const auditProducer = new HighLevelProducer({ 'metadata.broker.list': 'kafka-1:9092', dr_cb: true });
const auditConsumer = new KafkaConsumer({ 'group.id': 'audit', 'metadata.broker.list': 'kafka-1:9092' }, {});

export function recordAudit(order: Order): void {
  tracer.startActiveSpan('send audit', (span) => { // expect: PRODUCER
    auditProducer.produce('audit', null, Buffer.from(JSON.stringify(order)), order.id, Date.now(), (err) => {
      if (err) span.recordException(err);
      span.end();
    });
  });
}

auditConsumer.on('data', (message) => {
  tracer.startActiveSpan(`process ${message.topic}`, (span) => { // expect: CONSUMER
    applyOrder(parseOrder(message.value));
    span.end();
  });
});

export function pollAudit(): void {
  tracer.startActiveSpan('receive audit', (span) => { // expect: CLIENT
    auditConsumer.consume(50, (err, messages) => {
      span.setAttribute('messaging.batch.message_count', messages?.length ?? 0);
      span.end();
    });
  });
}
