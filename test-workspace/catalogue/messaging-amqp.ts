// AMQP: amqplib (RabbitMQ), amqp-connection-manager on top of it, and rhea (AMQP 1.0).
import { trace } from '@opentelemetry/api';
import amqp, { type ConsumeMessage } from 'amqplib';
import * as amqpManager from 'amqp-connection-manager';
import type { Channel } from 'amqp-connection-manager';
import rhea from 'rhea';

const tracer = trace.getTracer('catalogue');

interface StockChange {
  sku: string;
  delta: number;
}

function applyStockChange(change: StockChange): void {
  if (!change.sku) throw new Error('stock change without a sku');
}

// amqplib
const connection = await amqp.connect(process.env.AMQP_URL ?? 'amqp://localhost');
const channel = await connection.createChannel();
await channel.assertExchange('stock', 'topic', { durable: true });
await channel.assertQueue('stock.changes', { durable: true });

export function publishStockChange(change: StockChange): boolean {
  return tracer.startActiveSpan('publish stock', (span) => { // expect: PRODUCER
    try {
      return channel.publish('stock', `sku.${change.sku}`, Buffer.from(JSON.stringify(change)), { persistent: true });
    } finally {
      span.end();
    }
  });
}

export function requestRecount(sku: string): void {
  tracer.startActiveSpan('send stock.recount', (span) => { // expect: PRODUCER
    channel.sendToQueue('stock.recount', Buffer.from(sku));
    span.end();
  });
}

await channel.consume('stock.changes', (msg: ConsumeMessage | null) => {
  if (!msg) return;
  tracer.startActiveSpan('process stock.changes', (span) => { // expect: CONSUMER
    applyStockChange(JSON.parse(msg.content.toString()) as StockChange);
    channel.ack(msg);
    span.end();
  });
});

export async function drainOne(): Promise<StockChange | undefined> {
  const msg = await tracer.startActiveSpan('receive stock.changes', async (span) => { // expect: CLIENT
    try {
      return await channel.get('stock.changes', { noAck: false });
    } finally {
      span.end();
    }
  });
  if (!msg) return undefined;
  const change = JSON.parse(msg.content.toString()) as StockChange;
  tracer.startActiveSpan('settle stock.changes', (span) => { // expect: CLIENT
    if (change.delta === 0) channel.reject(msg, false);
    else channel.ack(msg);
    span.end();
  });
  return change;
}

// amqp-connection-manager
const manager = amqpManager.connect(['amqp://rabbit-1', 'amqp://rabbit-2']);
const wrapper = manager.createChannel({
  json: true,
  setup: (ch: Channel) => ch.assertQueue('restock', { durable: true }),
});

export async function requestRestock(sku: string, quantity: number): Promise<void> {
  await tracer.startActiveSpan('send restock', async (span) => { // expect: PRODUCER
    await wrapper.sendToQueue('restock', { sku, quantity });
    span.end();
  });
}

export async function announceRestock(sku: string): Promise<void> {
  await tracer.startActiveSpan('publish stock', async (span) => { // expect: PRODUCER
    await wrapper.publish('stock', `restocked.${sku}`, { sku });
    span.end();
  });
}

await wrapper.consume('restock', (msg) => {
  tracer.startActiveSpan('process restock', (span) => { // expect: CONSUMER
    applyStockChange(JSON.parse(msg.content.toString()) as StockChange);
    wrapper.ack(msg);
    span.end();
  });
});

// A setup function registers a consumer on the raw channel each time the connection comes back.
await wrapper.addSetup((ch: Channel) =>
  ch.consume('stock.audit', (msg) => {
    if (!msg) return;
    tracer.startActiveSpan('process stock.audit', (span) => { // expect: CONSUMER
      applyStockChange(JSON.parse(msg.content.toString()) as StockChange);
      span.end();
    });
  }),
);

export function rejectRestock(msg: ConsumeMessage): void {
  tracer.startActiveSpan('settle restock', (span) => { // expect: CLIENT
    wrapper.nack(msg, false, false);
    span.end();
  });
}

// rhea
const amqp10 = rhea.connect({ host: 'broker.internal', port: 5672 });
const sender = amqp10.open_sender('price-updates');
amqp10.open_receiver('stock-levels');

export function sendPriceUpdate(sku: string, price: number): void {
  tracer.startActiveSpan('send price-updates', (span) => { // expect: PRODUCER
    sender.send({ subject: sku, body: JSON.stringify({ sku, price }) });
    span.end();
  });
}

rhea.on('message', (context) => {
  tracer.startActiveSpan('process stock-levels', (span) => { // expect: CONSUMER
    applyStockChange(JSON.parse(String(context.message?.body)) as StockChange);
    span.end();
  });
});
