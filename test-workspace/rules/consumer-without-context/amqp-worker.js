'use strict';
// Stock reservations from RabbitMQ (CommonJS).
const amqp = require('amqplib');
const { context, propagation, trace, SpanKind } = require('@opentelemetry/api');

const tracer = trace.getTracer('stock-worker');

async function reserve(body) {
  return JSON.parse(body.toString('utf8'));
}

async function startWorker(url) {
  const connection = await amqp.connect(url);
  const channel = await connection.createChannel();
  await channel.assertQueue('reservations', { durable: true });
  await channel.consume('reservations', async (msg) => {
    if (!msg) return;
    await tracer.startActiveSpan('reservations process', { kind: SpanKind.CONSUMER }, async (span) => { // expect: @consumer-without-context
      try {
        await reserve(msg.content);
        channel.ack(msg);
      } finally {
        span.end();
      }
    });
  });
  await channel.assertQueue('releases', { durable: true });
  await channel.consume('releases', (msg) => {
    if (!msg) return;
    const parent = propagation.extract(context.active(), msg.properties.headers);
    context.with(parent, () => {
      tracer.startActiveSpan('releases process', { kind: SpanKind.CONSUMER }, async (span) => { // expect: none
        try {
          await reserve(msg.content);
        } finally {
          span.end();
        }
      });
    });
  }, { noAck: true });
  return connection;
}

module.exports = { startWorker };
