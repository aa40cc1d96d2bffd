// Redis as a broker: pub/sub and streams through ioredis and node-redis.
import { trace } from '@opentelemetry/api';
import Redis from 'ioredis';
import { createClient } from 'redis';

const tracer = trace.getTracer('catalogue');

interface CartEvent {
  cartId: string;
  type: 'added' | 'removed' | 'checked-out';
}

const carts = new Map<string, CartEvent[]>();

function record(event: CartEvent): void {
  carts.set(event.cartId, [...(carts.get(event.cartId) ?? []), event]);
}

// ioredis
const redis = new Redis({ host: 'redis.internal', port: 6379 });
const subscriber = redis.duplicate();

export async function announceCart(event: CartEvent): Promise<void> {
  await tracer.startActiveSpan('publish carts', async (span) => { // expect: PRODUCER
    await redis.publish('carts', JSON.stringify(event));
    span.end();
  });
}

export async function appendCartEvent(event: CartEvent): Promise<void> {
  await tracer.startActiveSpan('send cart-events', async (span) => { // expect: PRODUCER
    await redis.xadd('cart-events', 'MAXLEN', '~', '100000', '*', 'cartId', event.cartId, 'type', event.type);
    span.end();
  });
}

await subscriber.subscribe('carts');
subscriber.on('message', (channel: string, message: string) => {
  tracer.startActiveSpan(`process ${channel}`, (span) => { // expect: CONSUMER
    record(JSON.parse(message) as CartEvent);
    span.end();
  });
});

export async function readCartEvents(consumerName: string): Promise<void> {
  const batches = await tracer.startActiveSpan('receive cart-events', async (span) => { // expect: CLIENT
    try {
      return await redis.xreadgroup('GROUP', 'analytics', consumerName, 'COUNT', 50, 'BLOCK', 5_000, 'STREAMS', 'cart-events', '>');
    } finally {
      span.end();
    }
  });
  for (const [, entries] of (batches ?? []) as [string, [string, string[]][]][]) {
    for (const [id, fields] of entries) {
      record({ cartId: fields[1], type: fields[3] as CartEvent['type'] });
      await tracer.startActiveSpan('ack cart-events', async (span) => { // expect: CLIENT
        await redis.xack('cart-events', 'analytics', id);
        span.end();
      });
    }
  }
}

// node-redis
const client = createClient({ url: 'redis://redis.internal:6379' });
await client.connect();
const listener = client.duplicate();
await listener.connect();

export async function announceCheckout(event: CartEvent): Promise<void> {
  await tracer.startActiveSpan('publish checkouts', async (span) => { // expect: PRODUCER
    await client.publish('checkouts', JSON.stringify(event));
    span.end();
  });
}

export async function appendCheckout(event: CartEvent): Promise<void> {
  await tracer.startActiveSpan('send checkout-events', async (span) => { // expect: PRODUCER
    await client.xAdd('checkout-events', '*', { cartId: event.cartId, type: event.type });
    span.end();
  });
}

await listener.subscribe('checkouts', (message, channel) => {
  tracer.startActiveSpan(`process ${channel}`, (span) => { // expect: CONSUMER
    record(JSON.parse(message) as CartEvent);
    span.end();
  });
});

export async function readCheckouts(): Promise<void> {
  await tracer.startActiveSpan('receive checkout-events', async (span) => { // expect: CLIENT
    const streams = await client.xReadGroup('analytics', 'worker-1', { key: 'checkout-events', id: '>' }, { COUNT: 20 });
    span.setAttribute('messaging.batch.message_count', streams?.length ?? 0);
    span.end();
  });
}
