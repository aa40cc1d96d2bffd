// spanTargets: the remote things a span touches, read from its evidence and the code, never evaluated.
import * as assert from 'node:assert/strict';
import { catalogue } from '../src/catalogue';
import { peerRowFor, peerRows } from '../src/catalogue/peers';
import { summarizeSpans } from '../src/analysis/spanSummary';
import { analyze } from './helpers';

const API = `import { trace, SpanKind } from '@opentelemetry/api';\nconst tracer = trace.getTracer('t');\n`;

/** `type name kindNeeded` of each target of each span, in order. */
function targets(code: string, fileName = 'test.ts'): string[][] {
  return summarizeSpans(analyze(API + code, fileName)).map((s) => s.targets.map((t) => `${t.type} ${t.name} ${t.kindNeeded}`));
}

function only(code: string, fileName?: string): string[] {
  const all = targets(code, fileName);
  assert.equal(all.length, 1, `expected one span, got ${all.length}`);
  return all[0];
}

describe('spanTargets', () => {
  describe('HTTP hosts', () => {
    it('reads the host of a literal URL', () => {
      assert.deepEqual(only(`tracer.startActiveSpan('charge', async (s) => { await fetch('https://payments.example.com/charge'); s.end(); });`), [
        'http payments.example.com CLIENT',
      ]);
    });

    it('reads a template over a const base, keeping the port', () => {
      const code = `import axios from 'axios';\nconst BASE = 'http://rates.internal:8080';\ntracer.startActiveSpan('rates', async (s) => { await axios.get(\`\${BASE}/rates/\${s}\`); s.end(); });`;
      assert.deepEqual(only(code), ['http rates.internal:8080 CLIENT']);
    });

    it('takes the literal default of an environment variable', () => {
      const code = `const URL_ = process.env.MAIL_URL ?? 'https://api.mailer.example.com/v1';\ntracer.startActiveSpan('mail', async (s) => { await fetch(URL_); s.end(); });`;
      assert.deepEqual(only(code), ['http api.mailer.example.com CLIENT']);
    });

    it('reads http.request options with hostname and port', () => {
      const code = `import * as http from 'node:http';\ntracer.startActiveSpan('audit', (s) => { http.request({ hostname: 'audit.internal', port: 8443, path: '/x' }).end(); s.end(); });`;
      assert.deepEqual(only(code), ['http audit.internal:8443 CLIENT']);
    });

    it('reads the baseURL of the client a call is made on', () => {
      const code = `import axios from 'axios';\nclass Rates {\n  private readonly http = axios.create({ baseURL: 'https://fx.example.com' });\n  list() { return tracer.startActiveSpan('list', async (s) => { await this.http.get('/currencies'); s.end(); }); }\n}`;
      assert.deepEqual(only(code), ['http fx.example.com CLIENT']);
    });

    it('follows a URL through the parameters of a local helper to the call site', () => {
      const code = `const BASE = 'https://inventory.example.com';\nasync function getJson(path: string) { return (await fetch(\`\${BASE}\${path}\`)).json(); }\nasync function post(url: string) { return fetch(url, { method: 'POST' }); }\ntracer.startActiveSpan('stock', async (s) => { await getJson('/stock'); await post('https://hooks.example.org/x'); s.end(); });`;
      assert.deepEqual(only(code), ['http inventory.example.com CLIENT', 'http hooks.example.org CLIENT']);
    });

    it('says "dynamic host" when the URL is not written down, and never reads a host cut by a dynamic part', () => {
      assert.deepEqual(only(`export function f(url: string) { return tracer.startActiveSpan('get', async (s) => { await fetch(url); s.end(); }); }`), ['http HTTP (dynamic host) CLIENT']);
      assert.deepEqual(only(`export function f(region: string) { return tracer.startActiveSpan('get', async (s) => { await fetch(\`https://api-\${region}.example.com/x\`); s.end(); }); }`), [
        'http HTTP (dynamic host) CLIENT',
      ]);
    });

    it('names the host from url.full when the call does not', () => {
      const code = `export function f(url: string) { return tracer.startActiveSpan('get', { attributes: { 'url.full': 'https://billing.example.com/x' } }, async (s) => { await fetch(url); s.end(); }); }`;
      assert.deepEqual(only(code), ['http billing.example.com CLIENT']);
    });
  });

  describe('databases, caches, cloud services and model providers', () => {
    it('names the system with db.system.name values', () => {
      const code = `import { Pool } from 'pg';\nimport Redis from 'ioredis';\nimport mysql from 'mysql2/promise';\nconst pool = new Pool();\nconst redis = new Redis();\nconst my = mysql.createPool({});\n` +
        `tracer.startActiveSpan('pg', async (s) => { await pool.query('SELECT 1'); s.end(); });\n` +
        `tracer.startActiveSpan('redis', async (s) => { await redis.get('k'); s.end(); });\n` +
        `tracer.startActiveSpan('mysql', async (s) => { await my.query('SELECT 1'); s.end(); });`;
      assert.deepEqual(targets(code), [['database postgresql CLIENT'], ['cache redis CLIENT'], ['database mysql CLIENT']]);
    });

    it('names AWS services by their client package, DynamoDB as a database', () => {
      const code = `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';\nimport { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';\nconst s3 = new S3Client({});\nconst ddb = new DynamoDBClient({});\n` +
        `tracer.startActiveSpan('get', async (s) => { await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' })); s.end(); });\n` +
        `tracer.startActiveSpan('item', async (s) => { await ddb.send(new GetItemCommand({ TableName: 't', Key: {} })); s.end(); });`;
      assert.deepEqual(targets(code), [['cloud aws.s3 CLIENT'], ['database aws.dynamodb CLIENT']]);
    });

    it('names model providers with gen_ai.provider.name values', () => {
      const code = `import OpenAI from 'openai';\nimport Anthropic from '@anthropic-ai/sdk';\nconst openai = new OpenAI();\nconst anthropic = new Anthropic();\n` +
        `tracer.startActiveSpan('chat', async (s) => { await openai.chat.completions.create({ model: 'gpt-4o', messages: [] }); await anthropic.messages.create({ model: 'c', max_tokens: 1, messages: [] }); s.end(); });`;
      assert.deepEqual(only(code), ['llm openai CLIENT', 'llm anthropic CLIENT']);
    });
  });

  describe('topics and queues', () => {
    it('reads the kafkajs topic of a send and of a consumer subscription', () => {
      const code = `import { Kafka } from 'kafkajs';\nconst kafka = new Kafka({ clientId: 'c', brokers: [] });\nconst producer = kafka.producer();\nconst consumer = kafka.consumer({ groupId: 'g' });\nconst TOPIC = 'orders';\n` +
        `tracer.startActiveSpan('send', async (s) => { await producer.send({ topic: TOPIC, messages: [] }); s.end(); });\n` +
        `await consumer.subscribe({ topics: ['payments', 'refunds'] });\n` +
        `await consumer.run({ eachMessage: async ({ message }) => { await tracer.startActiveSpan('process', async (s) => { s.end(); }); } });`;
      assert.deepEqual(targets(code), [['topic orders PRODUCER'], ['topic payments CONSUMER', 'topic refunds CONSUMER']]);
    });

    it('reads amqplib exchanges and queues, bullmq queue and worker names', () => {
      const code = `import amqp from 'amqplib';\nimport { Queue, Worker } from 'bullmq';\nconst channel = await (await amqp.connect('amqp://x')).createChannel();\nconst emails = new Queue('emails');\n` +
        `tracer.startActiveSpan('publish', (s) => { channel.publish('orders', 'created', Buffer.from('')); channel.sendToQueue('audit', Buffer.from('')); s.end(); });\n` +
        `tracer.startActiveSpan('enqueue', async (s) => { await emails.add('welcome', {}); s.end(); });\n` +
        `new Worker('emails', async () => { await tracer.startActiveSpan('process', async (s) => { s.end(); }); });`;
      assert.deepEqual(targets(code), [['queue orders PRODUCER', 'queue audit PRODUCER'], ['queue emails PRODUCER'], ['queue emails CONSUMER']]);
    });

    it('keeps the queue name of an SQS queue URL and the static head of a per-entity topic', () => {
      const code = `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';\nimport mqtt from 'mqtt';\nconst sqs = new SQSClient({});\nconst client = mqtt.connect('mqtt://x');\n` +
        `tracer.startActiveSpan('send', async (s) => { await sqs.send(new SendMessageCommand({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/1234/refunds', MessageBody: '' })); s.end(); });\n` +
        `export function f(id: string) { tracer.startActiveSpan('publish', (s) => { client.publish(\`sensors/\${id}\`, ''); s.end(); }); }`;
      assert.deepEqual(targets(code), [['queue refunds PRODUCER'], ['topic sensors/* PRODUCER']]);
    });

    it('says "dynamic topic" when the destination is not written down', () => {
      const code = `import { Kafka } from 'kafkajs';\nconst producer = new Kafka({ clientId: 'c', brokers: [] }).producer();\nexport function f(topic: string) { return tracer.startActiveSpan('send', async (s) => { await producer.send({ topic, messages: [] }); s.end(); }); }`;
      assert.deepEqual(only(code), ['topic kafka (dynamic topic) PRODUCER']);
      const named = code.replace('await producer.send', "s.setAttribute('messaging.destination.name', 'audit'); await producer.send");
      assert.deepEqual(only(named), ['topic audit PRODUCER']);
    });
  });

  describe('handlers and spans without evidence', () => {
    it('reaches a service from its HTTP callers', () => {
      const code = `import express from 'express';\nconst app = express();\napp.get('/orders/:id', (req, res) => { tracer.startActiveSpan('GET /orders/:id', { kind: SpanKind.SERVER }, (s) => { res.end(); s.end(); }); });`;
      assert.deepEqual(only(code), ['http HTTP callers SERVER']);
    });

    it('gives a span that declares a remote kind but names no peer an unknown peer, also around local work (no evidence replaces the kind set)', () => {
      const code = `import { lookup } from './elsewhere';\n` +
        `tracer.startActiveSpan('lookup', { kind: SpanKind.CLIENT }, async (s) => { await lookup(); s.end(); });\n` +
        `tracer.startActiveSpan('sum', { kind: SpanKind.CLIENT }, (s) => { const n = 1 + 2; s.end(); return n; });\n` +
        `tracer.startActiveSpan('local', (s) => { s.end(); });\n` +
        `tracer.startActiveSpan('execute_tool add', { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'execute_tool' } }, (s) => { s.end(); });`;
      assert.deepEqual(targets(code), [['other unknown peer CLIENT'], ['other unknown peer CLIENT'], [], ['other unknown peer INTERNAL']]);
    });

    it('deduplicates a peer reached twice by one span', () => {
      const code = `tracer.startActiveSpan('twice', async (s) => { await fetch('https://a.example.com/1'); await fetch('https://a.example.com/2'); s.end(); });`;
      assert.deepEqual(only(code), ['http a.example.com CLIENT']);
    });
  });

  it('has a peer row for every family of the catalogue, for calls and for handlers', () => {
    const missing: string[] = [];
    const need = (library: string, role: 'call' | 'handler', kind: Parameters<typeof peerRowFor>[3]) => {
      if (!peerRowFor(peerRows, library, role, kind)) missing.push(`${library} (${role}, ${kind})`);
    };
    for (const r of catalogue.calls) need(r.library, 'call', r.kind);
    for (const r of catalogue.globals) need(r.library, 'call', r.kind);
    for (const r of catalogue.commands) for (const kind of new Set([r.defaultKind, ...Object.values(r.commands)])) need(r.library, 'call', kind);
    for (const r of catalogue.handlers) need(r.library, 'handler', r.kind);
    for (const r of catalogue.entries) need(r.library, 'handler', r.kind);
    assert.deepEqual(missing, []);
  });
});
