// Job queues and SQS helpers: BullMQ, Bull, Bee-Queue, sqs-consumer, sqs-producer.
import { trace, SpanKind } from '@opentelemetry/api';
import { FlowProducer, Queue, Worker, type Job } from 'bullmq';
import Bull from 'bull';
import BeeQueue from 'bee-queue';
import { Consumer } from 'sqs-consumer';
import { Producer } from 'sqs-producer';
import { SQSClient, type Message } from '@aws-sdk/client-sqs';

const tracer = trace.getTracer('catalogue');

interface Thumbnail {
  imageId: string;
  width: number;
}

function render(job: Thumbnail): string {
  return `${job.imageId}@${job.width}`;
}

// BullMQ
const connection = { host: 'redis.internal', port: 6379 };
const thumbnails = new Queue<Thumbnail>('thumbnails', { connection });
const flows = new FlowProducer({ connection });

export async function requestThumbnail(job: Thumbnail): Promise<void> {
  await tracer.startActiveSpan('send thumbnails', { kind: SpanKind.PRODUCER }, async (span) => { // expect: PRODUCER
    await thumbnails.add('render', job, { attempts: 3 });
    span.end();
  });
}

export async function requestThumbnails(jobs: Thumbnail[]): Promise<void> {
  await tracer.startActiveSpan('send thumbnails', { kind: SpanKind.PRODUCER }, async (span) => { // expect: PRODUCER
    await thumbnails.addBulk(jobs.map((data) => ({ name: 'render', data })));
    span.end();
  });
}

export async function requestGallery(imageIds: string[]): Promise<void> {
  await tracer.startActiveSpan('send galleries', { kind: SpanKind.PRODUCER }, async (span) => { // expect: PRODUCER
    await flows.add({
      name: 'assemble',
      queueName: 'galleries',
      children: imageIds.map((imageId) => ({ name: 'render', queueName: 'thumbnails', data: { imageId, width: 320 } })),
    });
    span.end();
  });
}

new Worker<Thumbnail>(
  'thumbnails',
  async (job: Job<Thumbnail>) => {
    return tracer.startActiveSpan(`process ${job.queueName}`, { kind: SpanKind.CONSUMER }, async (span) => { // expect: CONSUMER
      try {
        return render(job.data);
      } finally {
        span.end();
      }
    });
  },
  { connection, concurrency: 4 },
);

// Bull
const legacyQueue = new Bull<Thumbnail>('legacy-thumbnails', 'redis://redis.internal:6379');

export async function requestLegacyThumbnail(job: Thumbnail): Promise<void> {
  await tracer.startActiveSpan('send legacy-thumbnails', { kind: SpanKind.PRODUCER }, async (span) => { // expect: PRODUCER
    await legacyQueue.add(job, { removeOnComplete: true });
    span.end();
  });
}

legacyQueue.process(2, async (job) => {
  await tracer.startActiveSpan('process legacy-thumbnails', { kind: SpanKind.CONSUMER }, async (span) => { // expect: CONSUMER
    render(job.data);
    span.end();
  });
});

// Bee-Queue
const beeQueue = new BeeQueue<Thumbnail>('bee-thumbnails', { redis: { host: 'redis.internal' }, isWorker: true });

export async function requestBeeThumbnail(data: Thumbnail): Promise<void> {
  await tracer.startActiveSpan('send bee-thumbnails', { kind: SpanKind.PRODUCER }, async (span) => { // expect: PRODUCER
    await beeQueue.createJob(data).timeout(30_000).retries(2).save();
    span.end();
  });
}

beeQueue.process(4, async (job: BeeQueue.Job<Thumbnail>) => {
  return tracer.startActiveSpan('process bee-thumbnails', { kind: SpanKind.CONSUMER }, async (span) => { // expect: CONSUMER
    try {
      return render(job.data);
    } finally {
      span.end();
    }
  });
});

// sqs-consumer and sqs-producer
const sqs = new SQSClient({ region: 'eu-west-1' });
const queueUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/thumbnails';

const consumer = Consumer.create({
  queueUrl,
  sqs,
  handleMessage: async (message: Message) => {
    return tracer.startActiveSpan('process thumbnails', { kind: SpanKind.CONSUMER }, async (span) => { // expect: CONSUMER
      render(JSON.parse(message.Body ?? '{}') as Thumbnail);
      span.end();
      return message;
    });
  },
});
consumer.start();

const batchConsumer = new Consumer({
  queueUrl,
  sqs,
  batchSize: 10,
  handleMessageBatch: async (messages: Message[]) => {
    return tracer.startActiveSpan('process thumbnails', { kind: SpanKind.CONSUMER }, async (span) => { // expect: CONSUMER
      for (const message of messages) render(JSON.parse(message.Body ?? '{}') as Thumbnail);
      span.end();
      return messages;
    });
  },
});
batchConsumer.start();

const producer = Producer.create({ queueUrl, region: 'eu-west-1' });

export async function enqueueThumbnail(job: Thumbnail): Promise<void> {
  await tracer.startActiveSpan('send thumbnails', { kind: SpanKind.PRODUCER }, async (span) => { // expect: PRODUCER
    await producer.send({ id: job.imageId, body: JSON.stringify(job) });
    span.end();
  });
}
