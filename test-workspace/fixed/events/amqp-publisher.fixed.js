'use strict';
// Publishes shipment notifications and low-stock alerts to RabbitMQ (still CommonJS: shared with the ops scripts).
const amqp = require('amqplib');
const { trace, context, propagation, SpanKind } = require('@opentelemetry/api');

const tracer = trace.getTracer('orders-service');
const EXCHANGE = 'shipments';
const LOW_STOCK_QUEUE = 'inventory.low-stock';

/** AMQP message headers carrying the active trace context. */
function traceHeaders() {
  const headers = {};
  propagation.inject(context.active(), headers);
  return headers;
}

/** Connects to RabbitMQ and returns this service's publishing functions. */
async function createShipmentPublisher(url = process.env.AMQP_URL || 'amqp://localhost') {
  const connection = await amqp.connect(url);
  const channel = await connection.createConfirmChannel();
  await channel.assertExchange(EXCHANGE, 'topic', { durable: true });
  await channel.assertQueue(LOW_STOCK_QUEUE, { durable: true });

  /** @param {{ orderId: string, carrier: string, trackingNumber: string }} shipment */
  function publishShipped(shipment) {
    return tracer.startActiveSpan(`publish ${EXCHANGE}`, { kind: SpanKind.PRODUCER }, async (span) => { // expect: PRODUCER
      try {
        const body = Buffer.from(JSON.stringify({ ...shipment, shippedAt: new Date().toISOString() }));
        channel.publish(EXCHANGE, `shipment.${shipment.carrier}`, body, {
          persistent: true,
          contentType: 'application/json',
          headers: traceHeaders(),
        });
        await channel.waitForConfirms();
      } catch (error) {
        span.recordException(error);
        throw error;
      } finally {
        span.end();
      }
    });
  }

  function reportLowStock(sku, available) {
    return tracer.startActiveSpan(
      `publish ${LOW_STOCK_QUEUE}`, // expect: PRODUCER
      { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'rabbitmq', 'messaging.destination.name': LOW_STOCK_QUEUE } },
      async (span) => {
        try {
          channel.sendToQueue(LOW_STOCK_QUEUE, Buffer.from(JSON.stringify({ sku, available })), { headers: traceHeaders() });
          await channel.waitForConfirms();
        } finally {
          span.end();
        }
      },
    );
  }

  return { publishShipped, reportLowStock, close: () => connection.close() };
}

module.exports = { createShipmentPublisher };
