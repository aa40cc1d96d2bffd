// A worker that long-polls the returns queue and books each return. Started once, at process start.
import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { propagation, ROOT_CONTEXT, SpanKind, trace, type Link } from '@opentelemetry/api';

const tracer = trace.getTracer('returns-worker');
const sqs = new SQSClient({});
const booked: { orderId: string; sku: string }[] = [];
const QUEUE_URL = process.env.RETURNS_QUEUE_URL ?? 'https://sqs.eu-west-1.amazonaws.com/123456789012/returns';

function linksOf(message: Message): Link[] {
  const carrier = Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([key, value]) => [key, value.StringValue ?? '']));
  const producer = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, carrier));
  return producer ? [{ context: producer }] : [];
}

async function bookReturn(message: Message): Promise<void> {
  await tracer.startActiveSpan('returns process', { kind: SpanKind.CONSUMER, links: linksOf(message) }, async (span) => { // expect: none
    try {
      span.setAttribute('messaging.message.id', message.MessageId ?? 'unknown');
      const request = JSON.parse(message.Body ?? '{}') as { orderId?: string; sku?: string };
      booked.push({ orderId: request.orderId ?? 'unknown', sku: request.sku ?? 'unknown' });
      await tracer.startActiveSpan('returns settle', { kind: SpanKind.CLIENT }, async (settle) => { // expect: none
        try {
          await sqs.send(new DeleteMessageCommand({ QueueUrl: QUEUE_URL, ReceiptHandle: message.ReceiptHandle }));
        } finally {
          settle.end();
        }
      });
    } finally {
      span.end();
    }
  });
}

async function pollReturns(): Promise<never> {
  while (true) {
    // Each receive starts a trace of its own, with nothing to say which worker run it belongs to.
    const messages = await tracer.startActiveSpan('returns receive', { kind: SpanKind.CLIENT }, async (span) => { // expect: @root-client
      try {
        const result = await sqs.send(new ReceiveMessageCommand({ QueueUrl: QUEUE_URL, WaitTimeSeconds: 20, MessageAttributeNames: ['All'] }));
        return result.Messages ?? [];
      } finally {
        span.end();
      }
    });
    for (const message of messages) await bookReturn(message);
  }
}

void pollReturns();
