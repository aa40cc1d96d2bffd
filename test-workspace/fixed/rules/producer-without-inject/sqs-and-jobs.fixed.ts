// Order commands on SQS and SNS, and follow-up jobs on BullMQ. SQS/SNS carry the context in message
// attributes (typed values); BullMQ jobs carry it in their data.
import { SQSClient, SendMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { FlowProducer, Queue } from 'bullmq';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('orders-commands');
const sqs = new SQSClient({ region: 'eu-west-1' });
const sns = new SNSClient({ region: 'eu-west-1' });
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders';
const invoices = new Queue('invoices', { connection: { host: 'redis' } });
const flows = new FlowProducer({ connection: { host: 'redis' } });

const attributeSetter = {
  set: (carrier: Record<string, { DataType: string; StringValue: string }>, key: string, value: string) => {
    carrier[key] = { DataType: 'String', StringValue: value };
  },
};

export async function requestCapture(orderId: string): Promise<void> {
  await tracer.startActiveSpan('orders send', { kind: SpanKind.PRODUCER }, async (span) => { // expect: @producer-without-inject
    try {
      const messageAttributes: Record<string, { DataType: string; StringValue: string }> = {};
      propagation.inject(context.active(), messageAttributes, { set: (carrier, key, value) => { carrier[key] = { DataType: 'String', StringValue: value }; } });
      await sqs.send(new SendMessageCommand({ QueueUrl: QUEUE_URL, MessageBody: JSON.stringify({ orderId, action: 'capture' }), MessageAttributes: messageAttributes }));
    } finally {
      span.end();
    }
  });
}

export async function requestRefunds(orderIds: string[]): Promise<void> {
  await tracer.startActiveSpan('orders send', { kind: SpanKind.PRODUCER }, async (span) => { // expect: none
    try {
      const attributes: Record<string, { DataType: string; StringValue: string }> = {};
      propagation.inject(context.active(), attributes, attributeSetter);
      const entries = orderIds.map((id) => ({ Id: id, MessageBody: JSON.stringify({ orderId: id, action: 'refund' }), MessageAttributes: attributes }));
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: QUEUE_URL, Entries: entries }));
    } finally {
      span.end();
    }
  });
}

export async function announcePaid(orderId: string): Promise<void> {
  await tracer.startActiveSpan('order-paid publish', { kind: SpanKind.PRODUCER }, async (span) => { // expect: @producer-without-inject
    try {
      const input = { TopicArn: 'arn:aws:sns:eu-west-1:123456789012:order-paid', Message: orderId };
      await sns.send(new PublishCommand(input));
    } finally {
      span.end();
    }
  });
}

export async function scheduleInvoice(orderId: string, customerEmail: string): Promise<void> {
  await tracer.startActiveSpan('invoices send', { kind: SpanKind.PRODUCER }, async (span) => { // expect: @producer-without-inject
    try {
      const traceContext: Record<string, string> = {};
      propagation.inject(context.active(), traceContext);
      await invoices.add('invoice', { orderId, customerEmail, traceContext }, { attempts: 3 });
    } finally {
      span.end();
    }
  });
}

export async function scheduleReminder(orderId: string): Promise<void> {
  await tracer.startActiveSpan('invoices send', { kind: SpanKind.PRODUCER }, async (span) => { // expect: none
    try {
      const traceContext: Record<string, string> = {};
      propagation.inject(context.active(), traceContext);
      await invoices.add('reminder', { orderId, traceContext }, { delay: 86_400_000 });
    } finally {
      span.end();
    }
  });
}

export async function scheduleFulfilment(orderId: string): Promise<void> {
  // A flow's jobs are nested objects; FlowProducer is not a Queue, so its `add` is not read as one.
  await tracer.startActiveSpan('fulfilment send', { kind: SpanKind.PRODUCER }, async (span) => { // expect: none
    try {
      await flows.add({ name: 'ship', queueName: 'shipping', data: { orderId }, children: [{ name: 'pick', queueName: 'picking', data: { orderId } }] });
    } finally {
      span.end();
    }
  });
}
