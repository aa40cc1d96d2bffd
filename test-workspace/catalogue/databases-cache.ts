// Cache and key-value servers: every command is a network round trip, so a span around one is CLIENT.
import { trace } from '@opentelemetry/api';
import Redis from 'ioredis';
import { createClient } from 'redis';
import { Redis as Upstash } from '@upstash/redis';
import memjs from 'memjs';

const tracer = trace.getTracer('catalogue');

const redis = new Redis({ host: 'redis', port: 6379 });
redis.on('error', () => undefined);

export function cachedPrice(sku: string) {
  return tracer.startActiveSpan('GET price', async (span) => { // expect: CLIENT
    try {
      return await redis.get(`price:${sku}`);
    } finally {
      span.end();
    }
  });
}

export async function bumpCounters(keys: string[]) {
  const span = tracer.startSpan('INCR counters'); // expect: CLIENT
  try {
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.incr(key);
    await pipeline.exec();
  } finally {
    span.end();
  }
}

const client = createClient({ url: process.env.REDIS_URL });

export function sessionOf(id: string) {
  return tracer.startActiveSpan('HGETALL session', async (span) => { // expect: CLIENT
    try {
      return await client.hGetAll(`session:${id}`);
    } finally {
      span.end();
    }
  });
}

export function rateLimit(ip: string) {
  return tracer.startActiveSpan('rate limit', async (span) => { // expect: CLIENT
    try {
      const [count] = await client.multi().INCR(`rl:${ip}`).EXPIRE(`rl:${ip}`, 60).exec();
      return Number(count) <= 100;
    } finally {
      span.end();
    }
  });
}

export async function connectedClient() {
  const connected = await createClient({ url: process.env.REDIS_URL }).on('error', () => undefined).connect();
  return tracer.startActiveSpan('SET flag', async (span) => { // expect: CLIENT
    try {
      return await connected.set('flag', '1', { EX: 60 });
    } finally {
      span.end();
    }
  });
}

const upstash = Upstash.fromEnv();

export function featureFlags() {
  return tracer.startActiveSpan('SMEMBERS flags', async (span) => { // expect: CLIENT
    try {
      return await upstash.smembers('flags');
    } finally {
      span.end();
    }
  });
}

const memcache = memjs.Client.create('memcached:11211');

export function fragment(key: string) {
  return tracer.startActiveSpan('memcache get', async (span) => { // expect: CLIENT
    try {
      const { value } = await memcache.get(key);
      return value?.toString();
    } finally {
      span.end();
    }
  });
}
