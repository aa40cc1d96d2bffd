'use strict'
// Shipment notifications on RabbitMQ (CommonJS). A publish without options carries no headers at all.
const amqp = require('amqplib')
const { trace, SpanKind, propagation, context } = require('@opentelemetry/api')

const tracer = trace.getTracer('notifications')
const EXCHANGE = 'notifications'

async function createNotifier(url) {
  const connection = await amqp.connect(url)
  const channel = await connection.createChannel()
  await channel.assertExchange(EXCHANGE, 'topic', { durable: true })

  function notifyShipped(shipment) {
    return tracer.startActiveSpan(`publish ${EXCHANGE}`, { kind: SpanKind.PRODUCER }, async (span) => { // expect: @producer-without-inject
      try {
        const headers = {}
        propagation.inject(context.active(), headers)
        channel.publish(EXCHANGE, `shipment.${shipment.carrier}`, Buffer.from(JSON.stringify(shipment)), { headers })
      } finally {
        span.end()
      }
    })
  }

  function notifyDelayed(shipment, hours) {
    return tracer.startActiveSpan('publish delays', { kind: SpanKind.PRODUCER }, async (span) => { // expect: @producer-without-inject
      try {
        const options = { persistent: true, headers: { 'x-delay-hours': String(hours) } }
        channel.sendToQueue('delays', Buffer.from(JSON.stringify(shipment)), options)
      } finally {
        span.end()
      }
    })
  }

  return { notifyShipped, notifyDelayed, close: () => connection.close() }
}

module.exports = { createNotifier }
