import * as assert from 'node:assert/strict';
import { analyze, inferred, OTEL } from './helpers';

describe('inferKind', () => {
  it('CLIENT for global fetch, axios and node http', () => {
    assert.deepEqual(inferred(`${OTEL}tracer.startActiveSpan('a', async (s) => { await fetch('https://x'); s.end(); });`), ['CLIENT/high']);
    assert.deepEqual(inferred(`${OTEL}import axios from 'axios';\nconst api = axios.create();\ntracer.startActiveSpan('a', async (s) => { await api.get('/x'); s.end(); });`), ['CLIENT/high']);
    assert.deepEqual(inferred(`${OTEL}import * as https from 'node:https';\ntracer.startActiveSpan('a', (s) => { https.get('https://x', () => s.end()); });`), ['CLIENT/high']);
  });

  it('a handler registered through a renamed import or require is still an entry point', () => {
    const span = `(req, res) => { tracer.startActiveSpan('GET /', (s) => { res.end('ok'); s.end(); }); }`;
    assert.deepEqual(inferred(`${OTEL}import { createServer as makeServer } from 'node:http';\nmakeServer(${span});`), ['SERVER/high']);
    assert.deepEqual(inferred(`${OTEL}const { createServer: serve } = require('node:http');\nserve(${span});`, 'test.js'), ['SERVER/high']);
    assert.deepEqual(inferred(`${OTEL}const { 'createServer': serve } = require('node:http');\nserve(${span});`, 'test.js'), ['SERVER/high']);
    // A handler typed by a renamed event type.
    const lambda = (imports: string) =>
      inferred(`${OTEL}${imports}\nexport const handler = async (event: Evt) => tracer.startActiveSpan('batch', async (s) => { s.end(); });`).map((k) => k.split('/')[0]);
    assert.deepEqual(lambda(`import type { SQSEvent as Evt } from 'aws-lambda';`), ['CONSUMER']);
    assert.deepEqual(lambda(`import type { Evt } from './events';`), ['INTERNAL']);
    // The same call under a name nothing renames is a local function, not the registration.
    assert.deepEqual(inferred(`${OTEL}function makeServer(f: unknown) { return f; }\nmakeServer(${span});`).map((k) => k.split('/')[0]), ['INTERNAL']);
  });

  it('a local function named fetch is not the global fetch', () => {
    const code = `${OTEL}function fetch(x: string) { return x.length; }\ntracer.startActiveSpan('a', (s) => { fetch('x'); s.end(); });`;
    assert.deepEqual(inferred(code), ['INTERNAL/unverified']);
  });

  it('CLIENT for a pg pool held in a class field, a constructor parameter or a typed parameter', () => {
    const code = `${OTEL}import { Pool } from 'pg';
class A { private pool = new Pool(); load() { return tracer.startActiveSpan('a', async (s) => { await this.pool.query('x'); s.end(); }); } }
class B { constructor(private readonly db: Pool) {} load() { return tracer.startActiveSpan('b', async (s) => { await this.db.query('x'); s.end(); }); } }
function c(pool: Pool) { const span = tracer.startSpan('c'); try { return pool.query('x'); } finally { span.end(); } }`;
    assert.deepEqual(inferred(code), ['CLIENT/high', 'CLIENT/high', 'CLIENT/high']);
  });

  it('PRODUCER for kafkajs, amqplib, bullmq and SQS SendMessageCommand; CLIENT for other AWS commands', () => {
    const code = `${OTEL}import { Kafka } from 'kafkajs';
import { Queue } from 'bullmq';
import { SQSClient, SendMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
const producer = new Kafka({ brokers: [] }).producer();
const queue = new Queue('q');
const sqs = new SQSClient({});
const s3 = new S3Client({});
tracer.startActiveSpan('k', async (s) => { await producer.send({ topic: 't', messages: [] }); s.end(); });
tracer.startActiveSpan('b', async (s) => { await queue.add('job', {}); s.end(); });
tracer.startActiveSpan('q', async (s) => { await sqs.send(new SendMessageCommand({ QueueUrl: 'u', MessageBody: 'm' })); s.end(); });
tracer.startActiveSpan('r', async (s) => { const cmd = new ReceiveMessageCommand({ QueueUrl: 'u' }); await sqs.send(cmd); s.end(); });
tracer.startActiveSpan('g', async (s) => { await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' })); s.end(); });`;
    assert.deepEqual(inferred(code), ['PRODUCER/high', 'PRODUCER/high', 'PRODUCER/high', 'CLIENT/high', 'CLIENT/high']);
    const amqp = `const { trace } = require('@opentelemetry/api');
const amqp = require('amqplib');
const tracer = trace.getTracer('t');
async function publish(msg) {
  const conn = await amqp.connect('amqp://localhost');
  const ch = await conn.createChannel();
  return tracer.startActiveSpan('publish', async (span) => { ch.sendToQueue('q', Buffer.from(msg)); span.end(); });
}`;
    assert.deepEqual(inferred(amqp, 'a.js'), ['PRODUCER/high']);
  });

  it('CONSUMER for the outermost span of a kafkajs, amqplib or bullmq handler; nested spans own their calls', () => {
    const code = `${OTEL}import { Kafka } from 'kafkajs';
import { Worker } from 'bullmq';
import { Pool } from 'pg';
const pool = new Pool();
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    await tracer.startActiveSpan('process', async (span) => {
      await tracer.startActiveSpan('save', async (s) => { await pool.query('insert'); s.end(); });
      span.end();
    });
  },
});
async function processEmail(job: { id?: string }) {
  const span = tracer.startSpan('email');
  span.setAttribute('job', job.id ?? '');
  span.end();
}
new Worker('emails', processEmail);`;
    assert.deepEqual(inferred(code), ['CONSUMER/high', 'CLIENT/high', 'CONSUMER/high']);
  });

  it('SERVER for the entry span of an express route and an http.createServer callback', () => {
    const code = `${OTEL}import express from 'express';
import * as http from 'http';
const app = express();
app.get('/orders/:id', async (req, res) => {
  await tracer.startActiveSpan('GET /orders/:id', async (span) => { res.json({ id: req.params.id }); span.end(); });
});
http.createServer((req, res) => {
  const span = tracer.startSpan('request');
  res.on('finish', () => span.end());
  res.end('ok');
});`;
    assert.deepEqual(inferred(code), ['SERVER/high', 'SERVER/high']);
  });

  it('a route registered on an untraced router is matched by its shape', () => {
    const code = `${OTEL}export function routes(router: any) {
  router.post('/orders', async (req: any, res: any) => { await tracer.startActiveSpan('create', async (s) => { res.send(1); s.end(); }); });
}`;
    const a = analyze(code);
    assert.equal(a.spans[0].inference.kind, 'SERVER');
    assert.equal(a.spans[0].inference.evidence[0].byName, true);
  });

  it('CLIENT for a span that wraps only an outbound call inside a handler', () => {
    const code = `${OTEL}import express from 'express';
const app = express();
app.get('/proxy', async (req, res) => {
  const span = tracer.startSpan('GET upstream');
  const upstream = await fetch('https://upstream/x');
  span.end();
  res.send(await upstream.text());
});`;
    assert.deepEqual(inferred(code), ['CLIENT/high']);
  });

  it('follows same-file helpers and names the chain', () => {
    const code = `${OTEL}async function loadStock(sku: string) { const r = await fetch('https://inv/' + sku); return r.json(); }
tracer.startActiveSpan('stock', async (span) => { await loadStock('a'); span.end(); });`;
    const a = analyze(code);
    assert.equal(a.spans[0].inference.kind, 'CLIENT');
    assert.deepEqual(a.spans[0].inference.evidence[0].via, ['loadStock']);
    assert.match(a.findings[0].message, /`loadStock` → `fetch`/);
  });

  it('nothing tells the kind: INTERNAL (the default) unverified, for pure computation and for calls that cannot be followed', () => {
    assert.deepEqual(inferred(`${OTEL}tracer.startActiveSpan('sum', (s) => { const t = [1, 2].reduce((a, b) => a + b, 0); s.end(); return t; });`), ['INTERNAL/unverified']);
    assert.deepEqual(inferred(`${OTEL}import { loadInventory } from './inventory';\ntracer.startActiveSpan('x', async (s) => { await loadInventory(); s.end(); });`), ['INTERNAL/unverified']);
  });

  it('nothing tells the kind: the kind the author set stands, unverified, with no finding', () => {
    for (const kind of ['CLIENT', 'PRODUCER', 'SERVER', 'CONSUMER', 'INTERNAL']) {
      const code = `${OTEL}tracer.startActiveSpan('sum', { kind: SpanKind.${kind} }, (s) => { const t = [1, 2].reduce((a, b) => a + b, 0); s.end(); return t; });`;
      const a = analyze(code);
      assert.deepEqual(inferred(code), [`${kind}/unverified`], kind);
      assert.deepEqual(a.findings, [], kind);
      assert.match(a.spans[0].inference.reason, new RegExp(`nothing in or around it tells its kind, so the kind it sets \\(${kind}\\) stands`));
    }
    // A conditional kind: its first branch, the others accepted.
    const conditional = `${OTEL}export function f(remote: boolean) { return tracer.startActiveSpan('x', { kind: remote ? SpanKind.CLIENT : SpanKind.INTERNAL }, (s) => { s.end(); }); }`;
    assert.deepEqual(analyze(conditional).spans.map((s) => [s.inference.kind, s.inference.confidence, s.inference.alternatives]), [['CLIENT', 'unverified', ['INTERNAL']]]);
  });

  it('low confidence for mixed evidence', () => {
    const code = `${OTEL}import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
tracer.startActiveSpan('mixed', async (s) => { await fetch('https://x'); await producer.send({ topic: 't', messages: [] }); s.end(); });`;
    assert.deepEqual(inferred(code), ['CLIENT/low']);
    assert.deepEqual(analyze(code).findings, []);
  });

  it('a startSpan scope ends at the matching span.end()', () => {
    const code = `${OTEL}async function f() {
  const span = tracer.startSpan('compute');
  const x = 1 + 1;
  span.end();
  await fetch('https://after-the-span');
  return x;
}`;
    assert.deepEqual(inferred(code), ['INTERNAL/unverified']);
  });

  it('a span assigned to a variable declared outside its block is followed to that block', () => {
    const code = `${OTEL}export async function f(sample: boolean) {
  let span;
  if (sample) {
    span = tracer.startSpan('GET /x', { kind: SpanKind.CLIENT });
  } else {
    span = tracer.startSpan('GET /y', { kind: SpanKind.CLIENT });
  }
  const r = await fetch('https://x');
  span.end();
  return r;
}`;
    assert.deepEqual(inferred(code), ['CLIENT/high', 'CLIENT/high']);
    assert.deepEqual(analyze(code).findings, []);
  });

  it('a parent extracted from incoming work is evidence of an entry span: SERVER for a request, CONSUMER for a message', () => {
    const api = `import { trace, SpanKind, context, propagation } from '@opentelemetry/api';\nconst tracer = trace.getTracer('t');\n`;
    const request = `${api}export function handle(headers: Record<string, string>, work: () => void) {
  const parent = propagation.extract(context.active(), headers);
  return tracer.startActiveSpan('handle', {}, parent, (s) => { work(); s.end(); });
}`;
    assert.deepEqual(inferred(request), ['SERVER/high']);
    const a = analyze(request);
    assert.deepEqual(a.findings.map((f) => [f.ruleId, f.suggestedKind]), [['spankind/missing-kind', 'SERVER']]);
    assert.match(a.findings[0].message, /takes its parent from a context extracted from an incoming request \(`propagation\.extract`\)/);
    assert.equal(a.spans[0].inference.evidence[0].role, 'extract');
    // Made active around the span with context.with, from a message's metadata.
    const message = `${api}export function onMessage(message: { headers: Record<string, string> }, work: () => void) {
  return context.with(propagation.extract(context.active(), message.headers), () => tracer.startActiveSpan('process', (s) => { work(); s.end(); }));
}`;
    assert.deepEqual(inferred(message), ['CONSUMER/high']);
    // The author's entry kind is accepted either way when only names tell request and message apart.
    assert.deepEqual(analyze(message.replace("'process', (s)", "'process', { kind: SpanKind.SERVER }, (s)")).findings, []);
    // Extracted on one path only, around a publish: the send decides, and SERVER is accepted beside it.
    const handedIn = `${api}import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
export async function send(topic: string, headers?: Record<string, string>) {
  const parent = headers ? propagation.extract(context.active(), headers) : context.active();
  const span = tracer.startSpan('send', { kind: SpanKind.PRODUCER }, parent);
  await producer.send({ topic, messages: [] });
  span.end();
}`;
    assert.deepEqual(analyze(handedIn).spans.map((s) => [s.inference.kind, s.inference.alternatives]), [['PRODUCER', ['SERVER']]]);
    assert.deepEqual(analyze(handedIn).findings, []);
    // An explicit INTERNAL under an extracted parent is contradicted.
    assert.deepEqual(analyze(request.replace('{}, parent', '{ kind: SpanKind.INTERNAL }, parent')).findings.map((f) => [f.ruleId, f.suggestedKind]), [['spankind/wrong-kind', 'SERVER']]);
  });

  it("the span's own context injected into a carrier is evidence of CLIENT, or PRODUCER for a message's carrier", () => {
    const api = `import { trace, SpanKind, context, propagation } from '@opentelemetry/api';\nconst tracer = trace.getTracer('t');\n`;
    const request = `${api}export function call(send: (h: Record<string, string>) => Promise<void>) {
  return tracer.startActiveSpan('call', async (s) => { const headers: Record<string, string> = {}; propagation.inject(context.active(), headers); await send(headers); s.end(); });
}`;
    assert.deepEqual(inferred(request), ['CLIENT/high']);
    assert.deepEqual(analyze(request).findings.map((f) => [f.ruleId, f.suggestedKind]), [['spankind/missing-kind', 'CLIENT']]);
    const message = `${api}export function publish(send: (m: unknown) => Promise<void>) {
  const span = tracer.startSpan('publish orders');
  const message = { body: 'x', properties: { headers: {} as Record<string, string> } };
  propagation.inject(trace.setSpan(context.active(), span), message.properties.headers);
  return send(message).finally(() => span.end());
}`;
    assert.deepEqual(inferred(message), ['PRODUCER/high']);
    // A PRODUCER set on a request's carrier (or CLIENT on a message's) is accepted: only names tell them apart.
    assert.deepEqual(analyze(request.replace("'call', async", "'call', { kind: SpanKind.PRODUCER }, async")).findings, []);
    // Not the span's context (startSpan does not make the span active): no evidence.
    const other = `${api}export function call(send: (h: Record<string, string>) => Promise<void>) {
  const span = tracer.startSpan('call');
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return send(headers).finally(() => span.end());
}`;
    assert.deepEqual(inferred(other), ['INTERNAL/unverified']);
  });

  it('unverified when the span escapes or runs code handed in: the kind set stands', () => {
    const escaping = `${OTEL}export function start(name: string) { const span = tracer.startSpan(name, { kind: SpanKind.CLIENT }); return span; }`;
    assert.deepEqual(inferred(escaping), ['CLIENT/unverified']);
    const handedIn = `${OTEL}export function wrap(original: () => unknown) {
  const span = tracer.startSpan('op', { kind: SpanKind.CLIENT });
  const result = context.with(trace.setSpan(context.active(), span), original);
  span.end();
  return result;
}`;
    assert.deepEqual(inferred(handedIn), ['CLIENT/unverified']);
    const called = `${OTEL}export function wrap(original: (...a: unknown[]) => unknown, self: unknown) {
  const span = tracer.startSpan('op', { kind: SpanKind.CLIENT });
  try { return original.call(self); } finally { span.end(); }
}`;
    assert.deepEqual(inferred(called), ['CLIENT/unverified']);
  });

  it('context.with(ctx, localFunction) is followed like a call', () => {
    const code = `${OTEL}async function load() { return fetch('https://x'); }
export function run() {
  const span = tracer.startSpan('load');
  return context.with(trace.setSpan(context.active(), span), load).finally(() => span.end());
}`;
    const a = analyze(code);
    assert.equal(a.spans[0].inference.kind, 'CLIENT');
    assert.deepEqual(a.spans[0].inference.evidence[0].via, ['load']);
  });

  it('a client built through a chain of module-level values is traced from inside a span', () => {
    const code = `${OTEL}import { MongoClient } from 'mongodb';
const mongo = new MongoClient('mongodb://mongo');
const orders = mongo.db('shop').collection('orders');
export const recent = (customerId: string) =>
  tracer.startActiveSpan('orders.find', async (span) => { const r = await orders.find({ customerId }).sort({ at: -1 }).limit(5).toArray(); span.end(); return r; });`;
    assert.deepEqual(inferred(code), ['CLIENT/high']);
  });
});

