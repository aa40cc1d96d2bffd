// Order events of the legacy service, plain JavaScript: the kind assigned to the span object.
const { context, propagation, trace, SpanKind } = require('@opentelemetry/api');
const { Kafka } = require('kafkajs');

const tracer = trace.getTracer('legacy-events');
const producer = new Kafka({ clientId: 'legacy', brokers: ['kafka:9092'] }).producer();

async function publishShipped(order) {
  await tracer.startActiveSpan('order-events publish', { kind: SpanKind.PRODUCER }, async (span) => { // expect: none
    try {
      const headers = {};
      propagation.inject(context.active(), headers);
      await producer.send({ topic: 'order-events', messages: [{ key: order.id, value: JSON.stringify(order), headers }] });
    } finally {
      span.end();
    }
  });
}

module.exports = { publishShipped };
