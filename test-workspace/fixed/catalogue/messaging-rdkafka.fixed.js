// node-rdkafka, and Confluent's KafkaJS-compatible API reached through require(...).KafkaJS.
const { trace, SpanKind } = require('@opentelemetry/api');
const Kafka = require('node-rdkafka');
const { Kafka: ConfluentKafka } = require('@confluentinc/kafka-javascript').KafkaJS;

const tracer = trace.getTracer('catalogue');

function recordShipment(shipment) {
  if (!shipment.orderId) throw new Error('shipment without an order');
}

const producer = new Kafka.Producer({ 'metadata.broker.list': 'kafka-1:9092', dr_cb: true });
producer.connect();
producer.setPollInterval(100);

function publishShipment(shipment) {
  return tracer.startActiveSpan('send shipments', { kind: SpanKind.PRODUCER }, (span) => { // expect: PRODUCER
    try {
      producer.produce('shipments', null, Buffer.from(JSON.stringify(shipment)), shipment.orderId, Date.now());
    } finally {
      span.end();
    }
  });
}

const consumer = new Kafka.KafkaConsumer({ 'group.id': 'shipping', 'metadata.broker.list': 'kafka-1:9092', 'enable.auto.commit': false }, {});
consumer.connect();

consumer.on('data', (message) => {
  tracer.startActiveSpan(`process ${message.topic}`, { kind: SpanKind.CONSUMER }, (span) => { // expect: CONSUMER
    recordShipment(JSON.parse(message.value.toString()));
    span.end();
  });
});

function pullShipments(count) {
  return new Promise((resolve, reject) => {
    tracer.startActiveSpan('receive shipments', { kind: SpanKind.CLIENT }, (span) => { // expect: CLIENT
      consumer.consume(count, (err, messages) => {
        span.end();
        if (err) reject(err);
        else resolve(messages);
      });
    });
  });
}

function settleShipment(message) {
  tracer.startActiveSpan('commit shipments', { kind: SpanKind.CLIENT }, (span) => { // expect: CLIENT
    consumer.commitMessage(message);
    span.end();
  });
}

const confluent = new ConfluentKafka({ kafkaJS: { brokers: ['kafka-1:9092'] } });
const returnsProducer = confluent.producer();

async function publishReturn(ret) {
  await tracer.startActiveSpan('send returns', { kind: SpanKind.PRODUCER }, async (span) => { // expect: PRODUCER
    await returnsProducer.send({ topic: 'returns', messages: [{ key: ret.orderId, value: JSON.stringify(ret) }] });
    span.end();
  });
}

module.exports = { publishShipment, pullShipments, settleShipment, publishReturn };
