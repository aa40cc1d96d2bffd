// Publish/subscribe brokers: MQTT, NATS (core and JetStream), Google Cloud Pub/Sub, Azure Service Bus.
import { trace } from '@opentelemetry/api';
import mqtt from 'mqtt';
import { connect, StringCodec, type Msg, type NatsError } from 'nats';
import { PubSub, v1, type Message } from '@google-cloud/pubsub';
import { ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus';

const tracer = trace.getTracer('catalogue');

interface Reading {
  sensor: string;
  value: number;
}

function store(reading: Reading): void {
  if (Number.isNaN(reading.value)) throw new Error(`bad reading from ${reading.sensor}`);
}

// MQTT
const client = mqtt.connect('mqtts://broker.example.com', { clientId: 'gateway-7' });

export function publishReading(reading: Reading): void {
  tracer.startActiveSpan('publish sensors/readings', (span) => { // expect: PRODUCER
    client.publish(`sensors/${reading.sensor}`, JSON.stringify(reading), { qos: 1 }, () => span.end());
  });
}

export async function publishAlarm(sensor: string): Promise<void> {
  await tracer.startActiveSpan('publish sensors/alarms', async (span) => { // expect: PRODUCER
    await client.publishAsync(`alarms/${sensor}`, 'threshold exceeded', { qos: 2, retain: true });
    span.end();
  });
}

client.on('message', (topic, payload) => {
  tracer.startActiveSpan(`process ${topic}`, (span) => { // expect: CONSUMER
    store(JSON.parse(payload.toString()) as Reading);
    span.end();
  });
});

// NATS
const nc = await connect({ servers: ['nats://nats-1:4222', 'nats://nats-2:4222'] });
const sc = StringCodec();
const js = nc.jetstream();

export function announce(reading: Reading): void {
  tracer.startActiveSpan('publish readings', (span) => { // expect: PRODUCER
    nc.publish(`readings.${reading.sensor}`, sc.encode(JSON.stringify(reading)));
    span.end();
  });
}

export async function calibrate(sensor: string): Promise<string> {
  return tracer.startActiveSpan('request calibration', async (span) => { // expect: CLIENT
    try {
      const reply = await nc.request(`calibration.${sensor}`, sc.encode('now'), { timeout: 2_000 });
      return sc.decode(reply.data);
    } finally {
      span.end();
    }
  });
}

nc.subscribe('readings.>', {
  queue: 'storage',
  callback: (err: NatsError | null, msg: Msg) => {
    if (err) return;
    tracer.startActiveSpan(`process ${msg.subject}`, (span) => { // expect: CONSUMER
      store(JSON.parse(sc.decode(msg.data)) as Reading);
      span.end();
    });
  },
});

export async function archive(reading: Reading): Promise<void> {
  await tracer.startActiveSpan('publish archive', async (span) => { // expect: PRODUCER
    await js.publish(`archive.${reading.sensor}`, sc.encode(JSON.stringify(reading)));
    span.end();
  });
}

export async function nextArchived(): Promise<Reading | undefined> {
  const consumer = await js.consumers.get('ARCHIVE', 'replayer');
  const msg = await tracer.startActiveSpan('receive archive', async (span) => { // expect: CLIENT
    try {
      return await consumer.next({ expires: 5_000 });
    } finally {
      span.end();
    }
  });
  return msg ? (JSON.parse(sc.decode(msg.data)) as Reading) : undefined;
}

// Google Cloud Pub/Sub
const pubsub = new PubSub({ projectId: 'telemetry-prod' });
const readingsTopic = pubsub.topic('readings', { batching: { maxMessages: 100 } });

export async function forward(reading: Reading): Promise<string> {
  return tracer.startActiveSpan('send readings', async (span) => { // expect: PRODUCER
    try {
      return await readingsTopic.publishMessage({ json: reading, attributes: { sensor: reading.sensor } });
    } finally {
      span.end();
    }
  });
}

pubsub.subscription('readings-storage').on('message', (message: Message) => {
  tracer.startActiveSpan('process readings', (span) => { // expect: CONSUMER
    store(JSON.parse(message.data.toString()) as Reading);
    message.ack();
    span.end();
  });
});

const subscriber = new v1.SubscriberClient();
const subscription = subscriber.subscriptionPath('telemetry-prod', 'readings-batch');

export async function pullReadings(): Promise<Reading[]> {
  const [response] = await tracer.startActiveSpan('receive readings-batch', async (span) => { // expect: CLIENT
    try {
      return await subscriber.pull({ subscription, maxMessages: 100 });
    } finally {
      span.end();
    }
  });
  const received = response.receivedMessages ?? [];
  await tracer.startActiveSpan('ack readings-batch', async (span) => { // expect: CLIENT
    await subscriber.acknowledge({ subscription, ackIds: received.map((m) => m.ackId ?? '') });
    span.end();
  });
  return received.map((m) => JSON.parse(String(m.message?.data ?? '{}')) as Reading);
}

// Azure Service Bus
const sbClient = new ServiceBusClient(process.env.SERVICEBUS_CONNECTION_STRING ?? '');
const sbSender = sbClient.createSender('readings');
const sbReceiver = sbClient.createReceiver('readings', { receiveMode: 'peekLock' });

export async function enqueue(readings: Reading[]): Promise<void> {
  await tracer.startActiveSpan('send readings', async (span) => { // expect: PRODUCER
    await sbSender.sendMessages(readings.map((r) => ({ body: r, subject: r.sensor })));
    span.end();
  });
}

sbReceiver.subscribe({
  processMessage: async (message: ServiceBusReceivedMessage) => {
    await tracer.startActiveSpan('process readings', async (span) => { // expect: CONSUMER
      store(message.body as Reading);
      span.end();
    });
  },
  processError: async (args) => {
    console.error(`service bus error from ${args.errorSource}`, args.error);
  },
});

export async function drain(): Promise<void> {
  const messages = await tracer.startActiveSpan('receive readings', async (span) => { // expect: CLIENT
    try {
      return await sbReceiver.receiveMessages(20, { maxWaitTimeInMs: 5_000 });
    } finally {
      span.end();
    }
  });
  for (const message of messages) {
    await tracer.startActiveSpan('settle readings', async (span) => { // expect: CLIENT
      try {
        store(message.body as Reading);
        await sbReceiver.completeMessage(message);
      } catch (error) {
        await sbReceiver.deadLetterMessage(message, { deadLetterReason: 'invalid', deadLetterErrorDescription: String(error) });
      } finally {
        span.end();
      }
    });
  }
}
