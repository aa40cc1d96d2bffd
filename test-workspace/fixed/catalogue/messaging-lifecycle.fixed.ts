// Lifecycle listeners of broker clients are not message handlers: only the events that deliver a message are.
import { trace, SpanKind } from '@opentelemetry/api';
import mqtt from 'mqtt';
import Kafka from 'node-rdkafka';
import Redis from 'ioredis';
import { Server, type Socket } from 'socket.io';

const tracer = trace.getTracer('catalogue');

const client = mqtt.connect('mqtt://broker.internal');

client.on('connect', () => {
  tracer.startActiveSpan('subscribe sensors', (span) => { // expect: none
    client.subscribe('sensors/#');
    span.end();
  });
});

const producer = new Kafka.Producer({ 'metadata.broker.list': 'kafka-1:9092' });
producer.connect();

producer.on('ready', () => {
  tracer.startActiveSpan('send warmup', { kind: SpanKind.PRODUCER }, (span) => { // expect: PRODUCER
    producer.produce('warmup', null, Buffer.from('ping'));
    span.end();
  });
});

const redis = new Redis();

redis.on('error', (error: Error) => {
  tracer.startActiveSpan('redis failure', (span) => { // expect: none
    span.recordException(error);
    span.end();
  });
});

const io = new Server(3000);

io.on('connection', (socket: Socket) => {
  tracer.startActiveSpan('greet', { kind: SpanKind.PRODUCER }, (span) => { // expect: PRODUCER
    socket.emit('welcome', { at: Date.now() });
    span.end();
  });
  socket.on('disconnect', (reason: string) => {
    tracer.startActiveSpan('farewell', (span) => { // expect: none
      span.setAttribute('reason', reason);
      span.end();
    });
  });
  socket.onAny((event: string) => {
    tracer.startActiveSpan(`process ${event}`, { kind: SpanKind.CONSUMER }, (span) => { // expect: CONSUMER
      span.end();
    });
  });
});
