// Context propagation rules: producer-without-inject, consumer-without-context, server-without-extract and
// client-without-inject. Exact fix text per library shape, look-alikes silent, half-typed code never throws.
import * as assert from 'node:assert/strict';
import { analyzeFile } from '../src/analysis/analyzeFile';
import { applyFixes } from '../src/analysis/applyFixes';
import { detectInstrumentation, type InstrumentationFact } from '../src/analysis/instrumentation';
import { parseSource } from '../src/analysis/program';
import { AnalysisProject } from '../src/analysis/project';
import type { Finding } from '../src/analysis/types';
import { rules as allRules } from '../src/rules';

function findings(code: string, rule: string, options: { file?: string; families?: InstrumentationFact['family'][] } = {}): Finding[] {
  const instrumentation = (options.families ?? []).map((family) => ({ family, module: 'x', where: 'otel.ts:1' }));
  const analysis = analyzeFile(parseSource(options.file ?? 'test.ts', code), { project: new AnalysisProject({ instrumentation }) });
  return analysis.findings.filter((f) => f.ruleId === `spankind/${rule}`);
}

/** The file after the first fix of the rule's only finding. */
function fixed(code: string, rule: string, file = 'test.ts'): string {
  const found = findings(code, rule, { file });
  assert.equal(found.length, 1, `expected one ${rule} finding, got ${found.length}`);
  assert.ok(found[0].fixes.length > 0, 'expected a fix');
  assert.equal(found[0].fixes[0].preferred, false);
  return applyFixes(code, [found[0].fixes[0]]);
}

const KAFKA = `import { Kafka } from 'kafkajs';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('t');
const producer = new Kafka({ brokers: [] }).producer();
`;

/** A PRODUCER span around `body` (indented inside try). */
function producerSpan(body: string, head = KAFKA): string {
  return `${head}export async function publish(id: string) {
  await tracer.startActiveSpan('orders send', { kind: SpanKind.PRODUCER }, async (span) => {
    try {
      ${body}
    } finally {
      span.end();
    }
  });
}
`;
}

describe('producer-without-inject', () => {
  it('kafkajs: an inline message gets `headers`, filled before the send in the active span', () => {
    const code = producerSpan(`await producer.send({ topic: 'orders', messages: [{ key: id, value: id }] });`);
    const [f] = findings(code, 'producer-without-inject');
    assert.equal(
      f.message,
      "`producer.send` (kafkajs) sends a message from this PRODUCER span, but no `propagation.inject(...)` puts the span's context into the messages' `headers`: the consumer cannot link its span to this one.",
    );
    assert.equal(code.slice(f.start, f.end), "'orders send'");
    assert.equal(f.evidence[0].label, 'producer.send');
    assert.equal(
      fixed(code, 'producer-without-inject'),
      producerSpan(`const headers: Record<string, string> = {};
      propagation.inject(context.active(), headers);
      await producer.send({ topic: 'orders', messages: [{ key: id, value: id, headers }] });`),
    );
  });

  it('kafkajs: inline headers get the carrier spread into them', () => {
    const code = producerSpan(`await producer.send({ topic: 'orders', messages: [{ value: id, headers: { 'event-type': 'placed' } }] });`);
    assert.equal(
      fixed(code, 'producer-without-inject'),
      producerSpan(`const traceHeaders: Record<string, string> = {};
      propagation.inject(context.active(), traceHeaders);
      await producer.send({ topic: 'orders', messages: [{ value: id, headers: { 'event-type': 'placed', ...traceHeaders } }] });`),
    );
  });

  it('kafkajs: a local carrier that is never injected gets the inject alone', () => {
    const code = producerSpan(`const headers = { 'event-type': 'placed' };
      await producer.send({ topic: 'orders', messages: [{ value: id, headers }] });`);
    assert.equal(
      fixed(code, 'producer-without-inject'),
      producerSpan(`const headers = { 'event-type': 'placed' };
      propagation.inject(context.active(), headers);
      await producer.send({ topic: 'orders', messages: [{ value: id, headers }] });`),
    );
  });

  it('is silent when the carrier is injected directly, through a helper, a spread or a .map callback', () => {
    const direct = producerSpan(`const headers: Record<string, string> = {};
      propagation.inject(context.active(), headers);
      await producer.send({ topic: 'orders', messages: [{ value: id, headers }] });`);
    const helper = producerSpan(
      `await producer.send({ topic: 'orders', messages: [{ value: id, headers: traceHeaders() }] });`,
      `${KAFKA}function traceHeaders() {
  const h: Record<string, string> = {};
  propagation.inject(context.active(), h);
  return h;
}
`,
    );
    const spread = producerSpan(`await producer.send({ topic: 'orders', messages: [{ value: id, headers: { a: 'b', ...traceHeaders() } }] });`, `${KAFKA}declare function traceHeaders(): Record<string, string>;\n`);
    const mapped = producerSpan(`const headers = {};
      propagation.inject(context.active(), headers);
      await producer.send({ topic: 'orders', messages: [id].map((v) => ({ value: v, headers })) });`);
    for (const code of [direct, helper, spread, mapped]) assert.deepEqual(findings(code, 'producer-without-inject'), []);
  });

  it('a batch where one message has no carrier is reported', () => {
    const code = producerSpan(`const headers = {};
      propagation.inject(context.active(), headers);
      await producer.send({ topic: 'orders', messages: [{ value: id, headers }, { value: 'audit' }] });`);
    assert.equal(findings(code, 'producer-without-inject').length, 1);
  });

  it("after startSpan, `context.active()` is the caller's context: the fix injects trace.setSpan(...)", () => {
    const start = (body: string) => `${KAFKA}export async function publish(id: string) {
  const span = tracer.startSpan('orders send', { kind: SpanKind.PRODUCER });
  try {
    ${body}
  } finally {
    span.end();
  }
}
`;
    const code = start(`const headers = {};
    propagation.inject(context.active(), headers);
    await producer.send({ topic: 'orders', messages: [{ value: id, headers }] });`);
    const [f] = findings(code, 'producer-without-inject');
    assert.match(f.message, /with the context that is active outside this span \(`startSpan` does not make the span active/);
    assert.equal(
      fixed(code, 'producer-without-inject'),
      start(`const headers = {};
    propagation.inject(trace.setSpan(context.active(), span), headers);
    await producer.send({ topic: 'orders', messages: [{ value: id, headers }] });`),
    );
    const absent = start(`await producer.send({ topic: 'orders', messages: [{ value: id }] });`);
    assert.equal(
      fixed(absent, 'producer-without-inject'),
      start(`const headers: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), span), headers);
    await producer.send({ topic: 'orders', messages: [{ value: id, headers }] });`),
    );
    const inContextWith = start(`await context.with(trace.setSpan(context.active(), span), async () => {
      const headers = {};
      propagation.inject(context.active(), headers);
      await producer.send({ topic: 'orders', messages: [{ value: id, headers }] });
    });`);
    assert.deepEqual(findings(inContextWith, 'producer-without-inject'), []);
  });

  it('ROOT_CONTEXT injects nothing', () => {
    const code = producerSpan(`const headers = {};
      propagation.inject(ROOT_CONTEXT, headers);
      await producer.send({ topic: 'orders', messages: [{ value: id, headers }] });`).replace('SpanKind, trace }', 'SpanKind, trace, ROOT_CONTEXT }');
    const [f] = findings(code, 'producer-without-inject');
    assert.match(f.message, /with `ROOT_CONTEXT`, which holds no span in the messages' `headers`/);
  });

  it('amqplib (CommonJS, no semicolons): a publish without options gets `{ headers }`, names join the require', () => {
    const code = `const amqp = require('amqplib')
const { trace, SpanKind } = require('@opentelemetry/api')
const tracer = trace.getTracer('t')
async function start() {
  const channel = await (await amqp.connect('amqp://mq')).createChannel()
  return (body) => tracer.startActiveSpan('jobs publish', { kind: SpanKind.PRODUCER }, (span) => {
    channel.publish('jobs', 'new', body)
    span.end()
  })
}
module.exports = { start }
`;
    assert.equal(
      fixed(code, 'producer-without-inject', 'notify.js'),
      code
        .replace("const { trace, SpanKind } = require('@opentelemetry/api')", "const { trace, SpanKind, propagation, context } = require('@opentelemetry/api')")
        .replace("    channel.publish('jobs', 'new', body)", "    const headers = {}\n    propagation.inject(context.active(), headers)\n    channel.publish('jobs', 'new', body, { headers })"),
    );
  });

  it('amqplib: options without headers get the property', () => {
    const head = `import amqp from 'amqplib';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('t');
const channel = await (await amqp.connect('amqp://mq')).createChannel();
`;
    const code = producerSpan(`channel.sendToQueue('jobs', Buffer.from(id), { persistent: true });`, head);
    assert.equal(
      fixed(code, 'producer-without-inject'),
      producerSpan(`const headers: Record<string, string> = {};
      propagation.inject(context.active(), headers);
      channel.sendToQueue('jobs', Buffer.from(id), { persistent: true, headers });`, head),
    );
  });

  it('SQS command and SNS aggregated client: MessageAttributes with typed values, through a namespace import', () => {
    const sqsHead = `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('t');
const sqs = new SQSClient({});
`;
    const code = producerSpan(`await sqs.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: id }));`, sqsHead);
    assert.equal(
      fixed(code, 'producer-without-inject'),
      producerSpan(`const messageAttributes: Record<string, { DataType: string; StringValue: string }> = {};
      propagation.inject(context.active(), messageAttributes, { set: (carrier, key, value) => { carrier[key] = { DataType: 'String', StringValue: value }; } });
      await sqs.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: id, MessageAttributes: messageAttributes }));`, sqsHead),
    );
    const snsHead = `import * as api from '@opentelemetry/api';
import { SNS } from '@aws-sdk/client-sns';
const tracer = api.trace.getTracer('t');
const sns = new SNS({});
`;
    const sns = producerSpan(`await sns.publish({ TopicArn: 'arn', Message: id });`, snsHead).replace('SpanKind.PRODUCER', 'api.SpanKind.PRODUCER');
    assert.equal(
      fixed(sns, 'producer-without-inject'),
      sns.replace(
        "      await sns.publish({ TopicArn: 'arn', Message: id });",
        `      const messageAttributes: Record<string, { DataType: string; StringValue: string }> = {};
      api.propagation.inject(api.context.active(), messageAttributes, { set: (carrier, key, value) => { carrier[key] = { DataType: 'String', StringValue: value }; } });
      await sns.publish({ TopicArn: 'arn', Message: id, MessageAttributes: messageAttributes });`,
      ),
    );
  });

  it('bullmq: the job data gets `traceContext`; primitives in data and options are no carriers', () => {
    const head = `import { Queue } from 'bullmq';
import { SpanKind, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('t');
const queue = new Queue('emails');
`;
    const code = producerSpan(`await queue.add('welcome', { userId: id, retries: 3 }, { attempts: 3 });`, head);
    assert.equal(
      fixed(code, 'producer-without-inject'),
      producerSpan(`const traceContext: Record<string, string> = {};
      propagation.inject(context.active(), traceContext);
      await queue.add('welcome', { userId: id, retries: 3, traceContext }, { attempts: 3 });`, head.replace('{ SpanKind, trace }', '{ SpanKind, trace, propagation, context }')),
    );
    const injected = producerSpan(`const data = { userId: id };
      propagation.inject(context.active(), data);
      await queue.add('welcome', data);`, head.replace('{ SpanKind, trace }', '{ context, propagation, SpanKind, trace }'));
    assert.deepEqual(findings(injected, 'producer-without-inject'), []);
    const unknownData = producerSpan(`await queue.add('welcome', { ...payload(id) });`, `${head}declare function payload(id: string): object;\n`);
    assert.deepEqual(findings(unknownData, 'producer-without-inject'), []);
  });

  it('Pub/Sub: publishMessage gets `attributes`', () => {
    const head = `import { PubSub } from '@google-cloud/pubsub';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('t');
const topic = new PubSub().topic('prices');
`;
    const code = producerSpan(`await topic.publishMessage({ data: Buffer.from(id) });`, head);
    assert.equal(
      fixed(code, 'producer-without-inject'),
      producerSpan(`const attributes: Record<string, string> = {};
      propagation.inject(context.active(), attributes);
      await topic.publishMessage({ data: Buffer.from(id), attributes });`, head),
    );
  });

  it('look-alikes stay silent: a Set, own classes, FlowProducer, a propagation from another module', () => {
    const own = producerSpan(`const seen = new Set<string>();
      seen.add(id);
      new Mailer().send(id);`, `${KAFKA}class Mailer { send(to: string) { return to; } }\n`);
    const flow = producerSpan(`await flows.add({ name: 'ship', queueName: 'shipping', data: { id } });`, `${KAFKA}import { FlowProducer } from 'bullmq';\nconst flows = new FlowProducer();\n`);
    const otherPropagation = producerSpan(
      `const headers = {};
      propagation.inject(context.active(), headers);
      await producer.send({ topic: 'orders', messages: [{ value: id, headers }] });`,
      KAFKA.replace("import { context, propagation, SpanKind, trace } from '@opentelemetry/api';", "import { propagation } from './tracing';\nimport { context, SpanKind, trace } from '@opentelemetry/api';"),
    );
    for (const code of [own, flow, otherPropagation]) assert.deepEqual(findings(code, 'producer-without-inject'), []);
  });

  it('is silent when the instrumentation of the library injects', () => {
    const code = producerSpan(`await producer.send({ topic: 'orders', messages: [{ value: id }] });`);
    assert.equal(findings(code, 'producer-without-inject', { families: ['http'] }).length, 1);
    assert.deepEqual(findings(code, 'producer-without-inject', { families: ['kafkajs'] }), []);
  });

  it('checks a span inferred PRODUCER without a kind, and offers no fix when a name would mean something else', () => {
    const code = producerSpan(`const context = 'orders';
      await producer.send({ topic: context, messages: [{ value: id }] });`)
      .replace("{ kind: SpanKind.PRODUCER }, ", '')
      .replace('import { context, propagation, SpanKind, trace }', 'import { SpanKind, trace }');
    const [f] = findings(code, 'producer-without-inject');
    assert.deepEqual(f.fixes, []);
  });
});

const CONSUMER = `import { Kafka } from 'kafkajs';
import { propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('t');
const consumer = new Kafka({ brokers: [] }).consumer({ groupId: 'g' });
`;

function eachMessage(params: string, before: string, options: string, extra = ''): string {
  return `${CONSUMER}export async function start() {
  await consumer.run({
    eachMessage: async (${params}) => {${before}
      await tracer.startActiveSpan('orders process', ${options}, async (span) => {
        span.end();
      });
    },
  });
}
${extra}`;
}

describe('consumer-without-context', () => {
  it('kafkajs eachMessage: links from the headers, read with a Buffer-safe getter', () => {
    const code = eachMessage('{ topic, message }', '', `{ kind: SpanKind.CONSUMER, attributes: { topic } }`);
    const [f] = findings(code, 'consumer-without-context');
    assert.match(f.message, /^This CONSUMER span \(in `consumer.run`, kafkajs\) neither takes the context extracted from its message/);
    assert.equal(
      fixed(code, 'consumer-without-context'),
      eachMessage(
        '{ topic, message }',
        `
      const producerContext = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, message.headers, { get: (carrier, key) => carrier?.[key]?.toString(), keys: (carrier) => Object.keys(carrier ?? {}) }));`,
        `{ kind: SpanKind.CONSUMER, attributes: { topic }, links: producerContext ? [{ context: producerContext }] : [] }`,
      ),
    );
    // An identifier payload registered as eachMessage: `payload.message`.
    assert.match(fixed(eachMessage('payload', '', '{ kind: SpanKind.CONSUMER }'), 'consumer-without-context'), /extract\(ROOT_CONTEXT, payload\.message\.headers, /);
  });

  it('amqplib consume: msg.properties.headers', () => {
    const head = `import amqp from 'amqplib';
import { propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('t');
const channel = await (await amqp.connect('amqp://mq')).createChannel();
`;
    const body = (before: string, options: string) => `${head}await channel.consume('jobs', async (msg) => {
  if (!msg) return;${before}
  await tracer.startActiveSpan('jobs process', ${options}, async (span) => {
    span.end();
  });
});
`;
    assert.equal(
      fixed(body('', '{ kind: SpanKind.CONSUMER }'), 'consumer-without-context'),
      body(
        `
  const producerContext = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, msg.properties.headers));`,
        '{ kind: SpanKind.CONSUMER, links: producerContext ? [{ context: producerContext }] : [] }',
      ),
    );
  });

  it('is silent with an extracted parent, links, addLink, or context.with', () => {
    const extract = `\n      const parent = propagation.extract(ROOT_CONTEXT, message.headers);`;
    const cases = [
      eachMessage('{ message }', extract, '{ kind: SpanKind.CONSUMER }, parent'),
      eachMessage('{ message }', `\n      const ctx = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, message.headers));\n      const links = ctx ? [{ context: ctx }] : [];`, '{ kind: SpanKind.CONSUMER, links }'),
      eachMessage('{ message }', '', `{ kind: SpanKind.CONSUMER, links: linksOf(message.headers) }`, `function linksOf(h: unknown) {\n  const c = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, h));\n  return c ? [{ context: c }] : [];\n}\n`),
    ];
    for (const code of cases) assert.deepEqual(findings(code, 'consumer-without-context'), [], code);
    const addLink = `${CONSUMER}await consumer.run({
  eachMessage: async ({ message }) => {
    await tracer.startActiveSpan('orders process', { kind: SpanKind.CONSUMER }, async (span) => {
      const c = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, message.headers));
      if (c) span.addLink({ context: c });
      span.end();
    });
  },
});
`;
    assert.deepEqual(findings(addLink, 'consumer-without-context'), []);
    const withContext = `${CONSUMER}import { context } from '@opentelemetry/api';
await consumer.run({
  eachMessage: async ({ message }) => {
    await context.with(propagation.extract(ROOT_CONTEXT, message.headers), () =>
      tracer.startActiveSpan('orders process', { kind: SpanKind.CONSUMER }, async (span) => {
        span.end();
      }),
    );
  },
});
`;
    assert.deepEqual(findings(withContext, 'consumer-without-context'), []);
  });

  it('follows a local function to its callers; an exported one may be called in an extracted context', () => {
    const local = (exported: boolean) => `${CONSUMER}${exported ? 'export ' : ''}async function handle(value: string) {
  await tracer.startActiveSpan('orders process', { kind: SpanKind.CONSUMER }, async (span) => {
    span.end();
  });
}
await consumer.run({ eachMessage: async ({ message }) => handle(String(message.value)) });
`;
    assert.equal(findings(local(false), 'consumer-without-context').length, 1);
    assert.deepEqual(findings(local(true), 'consumer-without-context'), []);
  });

  it('an imported helper may extract: silent; the kafkajs instrumentation covers the handler: silent', () => {
    const imported = eachMessage('{ message }', '', '{ kind: SpanKind.CONSUMER }, parentOf(message)').replace(CONSUMER, `${CONSUMER}import { parentOf } from './tracing';\n`);
    assert.deepEqual(findings(imported, 'consumer-without-context'), []);
    assert.deepEqual(findings(eachMessage('{ message }', '', '{ kind: SpanKind.CONSUMER }'), 'consumer-without-context', { families: ['kafkajs'] }), []);
  });
});

const EXPRESS = `import express from 'express';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('t');
const app = express();
`;

describe('server-without-extract', () => {
  it('express: the extracted context becomes the context argument (startActiveSpan and startSpan)', () => {
    const active = (ctx: string) => `${EXPRESS}app.get('/orders/:id', (req, res) => {
  tracer.startActiveSpan('GET /orders/:id', { kind: SpanKind.SERVER }, ${ctx}(span) => {
    res.json({ id: req.params.id });
    span.end();
  });
});
`;
    const [f] = findings(active(''), 'server-without-extract');
    assert.equal(f.severity, 'information');
    assert.match(f.message, /^This SERVER span of a request handler \(`app.get`, express\) does not take its parent from the request/);
    assert.equal(fixed(active(''), 'server-without-extract'), active('propagation.extract(context.active(), req.headers), '));
    const start = (ctx: string) => `${EXPRESS}app.post('/orders', (request, response) => {
  const span = tracer.startSpan('POST /orders', { kind: SpanKind.SERVER }${ctx});
  try {
    response.status(201).end();
  } finally {
    span.end();
  }
});
`;
    assert.equal(fixed(start(''), 'server-without-extract'), start(', propagation.extract(context.active(), request.headers)'));
  });

  it('is off with the HTTP instrumentation, and silent with an extracted parent or an extracting middleware', () => {
    const code = `${EXPRESS}app.get('/x', (req, res) => {
  tracer.startActiveSpan('GET /x', { kind: SpanKind.SERVER }, (span) => {
    res.end();
    span.end();
  });
});
`;
    assert.equal(findings(code, 'server-without-extract').length, 1);
    assert.deepEqual(findings(code, 'server-without-extract', { families: ['http'] }), []);
    const middleware = code.replace("app.get('/x'", "app.use((req, res, next) => context.with(propagation.extract(context.active(), req.headers), next));\napp.get('/x'");
    assert.deepEqual(findings(middleware, 'server-without-extract'), []);
    const parent = code.replace('{ kind: SpanKind.SERVER }, (span)', '{ kind: SpanKind.SERVER }, propagation.extract(context.active(), req.headers), (span)');
    assert.deepEqual(findings(parent, 'server-without-extract'), []);
  });

  it('a Lambda handler whose `context` parameter would shadow the import gets no fix', () => {
    const code = `import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { SpanKind, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('t');
export const handler = async (event: APIGatewayProxyEvent, context: Context) =>
  tracer.startActiveSpan('GET /x', { kind: SpanKind.SERVER }, async (span) => {
    span.end();
    return { statusCode: 200, body: context.functionName };
  });
`;
    const [f] = findings(code, 'server-without-extract');
    assert.deepEqual(f.fixes, []);
  });
});

describe('client-without-inject', () => {
  const client = (body: string, head = `import axios from 'axios';\nimport { context, propagation, SpanKind, trace } from '@opentelemetry/api';\nconst tracer = trace.getTracer('t');\n`) => `${head}export function call(url: string) {
  return tracer.startActiveSpan('GET /x', { kind: SpanKind.CLIENT }, async (span) => {
    try {
      ${body}
    } finally {
      span.end();
    }
  });
}
`;

  it('fetch with inline headers: a carrier spread into them', () => {
    const code = client(`return await fetch(url, { headers: { accept: 'application/json' } });`);
    const [f] = findings(code, 'client-without-inject');
    assert.equal(
      f.message,
      '`fetch` sends explicit headers from this CLIENT span, but no `propagation.inject(...)` writes the trace context into them, and no HTTP client instrumentation is registered: the called service starts a new trace.',
    );
    assert.equal(
      fixed(code, 'client-without-inject'),
      client(`const traceHeaders: Record<string, string> = {};
      propagation.inject(context.active(), traceHeaders);
      return await fetch(url, { headers: { accept: 'application/json', ...traceHeaders } });`),
    );
  });

  it('a local headers object gets the inject; axios config and http.request options are found by position', () => {
    const local = client(`const headers = { accept: 'application/json' };
      return await axios.get(url, { headers, timeout: 1000 });`);
    assert.equal(
      fixed(local, 'client-without-inject'),
      client(`const headers = { accept: 'application/json' };
      propagation.inject(context.active(), headers);
      return await axios.get(url, { headers, timeout: 1000 });`),
    );
    assert.equal(findings(client(`return await axios.post(url, { headers: 'not these' }, { headers: { a: 'b' } });`), 'client-without-inject').length, 1);
    assert.deepEqual(findings(client(`return await axios.post(url, { headers: { a: 'b' } });`), 'client-without-inject'), []);
    const http = client(`return http.request(url, { method: 'POST', headers: { a: 'b' } });`, `import http from 'node:http';\nimport { context, propagation, SpanKind, trace } from '@opentelemetry/api';\nconst tracer = trace.getTracer('t');\n`);
    assert.match(fixed(http, 'client-without-inject'), /http\.request\(url, \{ method: 'POST', headers: \{ a: 'b', \.\.\.traceHeaders \} \}\)/);
  });

  it('is silent without explicit headers, with injected headers, and under the instrumentation of the client', () => {
    assert.deepEqual(findings(client('return await fetch(url);'), 'client-without-inject'), []);
    const injected = client(`const headers: Record<string, string> = {};
      propagation.inject(context.active(), headers);
      return await fetch(url, { headers });`);
    assert.deepEqual(findings(injected, 'client-without-inject'), []);
    const fetchCall = client(`return await fetch(url, { headers: { a: 'b' } });`);
    // The HTTP instrumentation patches node's http module, not the global fetch (undici).
    assert.equal(findings(fetchCall, 'client-without-inject', { families: ['http'] }).length, 1);
    assert.deepEqual(findings(fetchCall, 'client-without-inject', { families: ['undici'] }), []);
    const axiosCall = client(`return await axios.get(url, { headers: { a: 'b' } });`);
    assert.deepEqual(findings(axiosCall, 'client-without-inject', { families: ['http'] }), []);
  });

  it('a fetch look-alike (a local function named fetch) is silent', () => {
    const code = client(`return await fetch(url, { headers: { a: 'b' } });`).replace('export function call', 'function fetch(u: string, o: object) { return [u, o]; }\nexport function call');
    assert.deepEqual(findings(code, 'client-without-inject'), []);
  });
});

describe('instrumentation detection for context injection', () => {
  it('knows the undici and aws-sdk instrumentations, and the families the Node auto-instrumentations cover', () => {
    const families = (text: string) => detectInstrumentation('otel.ts', text).map((f) => f.family);
    assert.deepEqual(families("import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';"), ['undici']);
    assert.deepEqual(families("const { AwsInstrumentation } = require('@opentelemetry/instrumentation-aws-sdk');"), ['aws-sdk']);
    const auto = families("import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';");
    for (const family of ['http', 'undici', 'kafkajs', 'amqplib', 'aws-sdk'] as const) assert.ok(auto.includes(family), family);
  });
});

describe('propagation rules on half-typed code', () => {
  it('never throw on any prefix of the fixtures above', () => {
    const samples = [
      producerSpan(`const headers = {};\n      propagation.inject(context.active(), headers);\n      await producer.send({ topic: 'orders', messages: [{ value: id, headers }, ...more.map((m) => ({ ...m }))] });`),
      eachMessage('{ topic, message }', '\n      const links = [trace.getSpanContext(propagation.extract(ROOT_CONTEXT, message.headers))];', '{ kind: SpanKind.CONSUMER, links }'),
      `${EXPRESS}app.get('/x', (req, res) => tracer.startActiveSpan('GET /x', { kind: SpanKind.SERVER }, (span) => { fetch('u', { headers: { a: 'b' } }); span.end(); }));\n`,
    ];
    const ids = ['producer-without-inject', 'consumer-without-context', 'server-without-extract', 'client-without-inject'];
    const rules = allRules.filter((r) => ids.includes(r.id));
    let reported = 0;
    for (const sample of samples) {
      for (let end = 0; end <= sample.length; end += 5) {
        const text = sample.slice(0, end);
        reported += analyzeFile(parseSource('test.ts', text), { rules }).findings.length;
      }
    }
    // Cut short mid-statement, some of the prefixes still show a send without its carrier.
    assert.ok(reported > 0);
  });
});
