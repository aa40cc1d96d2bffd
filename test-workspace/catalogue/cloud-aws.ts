// AWS SDK v3: command objects sent by a client, aggregated clients, paginators, lib-dynamodb and lib-storage.
import { SpanKind, trace } from '@opentelemetry/api';
import { S3Client, GetObjectCommand, PutObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { DynamoDBClient, DynamoDB } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, DynamoDBDocument } from '@aws-sdk/lib-dynamodb';
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
import {
  SQSClient,
  SQS,
  SendMessageCommand,
  SendMessageBatchCommand,
  ReceiveMessageCommand,
  DeleteMessageCommand,
  DeleteMessageBatchCommand,
  ChangeMessageVisibilityCommand,
} from '@aws-sdk/client-sqs';
import { SNSClient, SNS, PublishCommand, PublishBatchCommand, CreateTopicCommand } from '@aws-sdk/client-sns';
import { EventBridgeClient, EventBridge, PutEventsCommand, PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { KinesisClient, Kinesis, PutRecordCommand, PutRecordsCommand, GetRecordsCommand } from '@aws-sdk/client-kinesis';
import { Upload } from '@aws-sdk/lib-storage';

const tracer = trace.getTracer('catalogue');
const region = 'eu-west-1';
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders';

// S3
const s3 = new S3Client({ region });

export function readReport(key: string): Promise<string | undefined> {
  return tracer.startActiveSpan('S3 GetObject', async (span) => { // expect: CLIENT
    try {
      const res = await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: key }));
      return await res.Body?.transformToString();
    } finally {
      span.end();
    }
  });
}

export function writeReport(key: string, body: string): Promise<void> {
  return tracer.startActiveSpan('S3 PutObject', { kind: SpanKind.INTERNAL }, async (span) => { // expect: CLIENT @wrong-kind
    try {
      await s3.send(new PutObjectCommand({ Bucket: 'reports', Key: key, Body: body }));
    } finally {
      span.end();
    }
  });
}

export function listReports(prefix: string): Promise<string[]> {
  return tracer.startActiveSpan('S3 ListObjectsV2', async (span) => { // expect: CLIENT
    const keys: string[] = [];
    try {
      for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: 'reports', Prefix: prefix })) {
        for (const object of page.Contents ?? []) keys.push(object.Key ?? '');
      }
      return keys;
    } finally {
      span.end();
    }
  });
}

export function uploadArchive(key: string, body: ReadableStream): Promise<void> {
  return tracer.startActiveSpan('S3 multipart upload', async (span) => { // expect: CLIENT
    try {
      const upload = new Upload({ client: s3, params: { Bucket: 'archives', Key: key, Body: body } });
      upload.on('httpUploadProgress', (progress) => span.setAttribute('upload.loaded', progress.loaded ?? 0));
      await upload.done();
    } finally {
      span.end();
    }
  });
}

// DynamoDB: the low-level aggregated client and the DocumentClient (commands and aggregated)
const ddb = new DynamoDB({ region });
const docClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region }));
const documents = DynamoDBDocument.from(new DynamoDBClient({ region }));

export function getSession(id: string): Promise<unknown> {
  return tracer.startActiveSpan('DynamoDB GetItem', async (span) => { // expect: CLIENT
    try {
      const { Item } = await ddb.getItem({ TableName: 'sessions', Key: { id: { S: id } } });
      return Item;
    } finally {
      span.end();
    }
  });
}

export function getCustomer(id: string): Promise<unknown> {
  return tracer.startActiveSpan('DynamoDB Get customers', async (span) => { // expect: CLIENT
    try {
      const { Item } = await docClient.send(new GetCommand({ TableName: 'customers', Key: { id } }));
      return Item;
    } finally {
      span.end();
    }
  });
}

export function saveCustomer(customer: { id: string; name: string }): Promise<void> {
  return tracer.startActiveSpan('DynamoDB Put customers', async (span) => { // expect: CLIENT
    try {
      const command = new PutCommand({ TableName: 'customers', Item: customer });
      await docClient.send(command);
    } finally {
      span.end();
    }
  });
}

export function findOrders(customerId: string): Promise<unknown[]> {
  return tracer.startActiveSpan('DynamoDB Query orders', async (span) => { // expect: CLIENT
    try {
      const { Items } = await documents.query({
        TableName: 'orders',
        KeyConditionExpression: 'customerId = :c',
        ExpressionAttributeValues: { ':c': customerId },
      });
      return Items ?? [];
    } finally {
      span.end();
    }
  });
}

// Lambda
const lambda = new LambdaClient({ region });

export function renderThumbnail(key: string): Promise<void> {
  return tracer.startActiveSpan('Lambda Invoke render-thumbnail', async (span) => { // expect: CLIENT
    try {
      await lambda.send(new InvokeCommand({ FunctionName: 'render-thumbnail', Payload: new TextEncoder().encode(JSON.stringify({ key })) }));
    } finally {
      span.end();
    }
  });
}

// SQS: send is PRODUCER; receive and settle are CLIENT (messaging semantic conventions 1.28)
const sqs = new SQSClient({ region });
const sqsAggregated = new SQS({ region });

export function enqueueOrder(order: object): Promise<void> {
  return tracer.startActiveSpan('send orders', async (span) => { // expect: PRODUCER
    try {
      await sqs.send(new SendMessageCommand({ QueueUrl: QUEUE_URL, MessageBody: JSON.stringify(order) }));
    } finally {
      span.end();
    }
  });
}

export function enqueueOrders(orders: { id: string }[]): Promise<void> {
  return tracer.startActiveSpan('send orders (batch)', async (span) => { // expect: PRODUCER
    try {
      const entries = orders.map((o) => ({ Id: o.id, MessageBody: JSON.stringify(o) }));
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: QUEUE_URL, Entries: entries }));
    } finally {
      span.end();
    }
  });
}

export function enqueueRefund(refund: object): Promise<void> {
  return tracer.startActiveSpan('send refunds', async (span) => { // expect: PRODUCER
    try {
      await sqsAggregated.sendMessage({ QueueUrl: QUEUE_URL, MessageBody: JSON.stringify(refund) });
    } finally {
      span.end();
    }
  });
}

export function pollOrders(): Promise<unknown[]> {
  return tracer.startActiveSpan('receive orders', async (span) => { // expect: CLIENT
    try {
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: QUEUE_URL, WaitTimeSeconds: 20 }));
      return Messages ?? [];
    } finally {
      span.end();
    }
  });
}

// Older code marked receive as CONSUMER: since 1.28 a pull is a CLIENT call.
export function pollRefunds(): Promise<unknown[]> {
  return tracer.startActiveSpan('receive refunds', { kind: SpanKind.CONSUMER }, async (span) => { // expect: CLIENT @wrong-kind
    try {
      const { Messages } = await sqsAggregated.receiveMessage({ QueueUrl: QUEUE_URL, MaxNumberOfMessages: 10 });
      return Messages ?? [];
    } finally {
      span.end();
    }
  });
}

export function settle(receiptHandle: string): Promise<void> {
  return tracer.startActiveSpan('settle orders', async (span) => { // expect: CLIENT
    try {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: QUEUE_URL, ReceiptHandle: receiptHandle }));
    } finally {
      span.end();
    }
  });
}

export function settleAll(handles: string[]): Promise<void> {
  return tracer.startActiveSpan('settle orders (batch)', async (span) => { // expect: CLIENT
    try {
      const entries = handles.map((h, i) => ({ Id: String(i), ReceiptHandle: h }));
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: QUEUE_URL, Entries: entries }));
    } finally {
      span.end();
    }
  });
}

export function postpone(receiptHandle: string): Promise<void> {
  return tracer.startActiveSpan('postpone order', async (span) => { // expect: CLIENT
    try {
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: QUEUE_URL, ReceiptHandle: receiptHandle, VisibilityTimeout: 60 }));
    } finally {
      span.end();
    }
  });
}

// SNS
const sns = new SNSClient({ region });
const snsAggregated = new SNS({ region });
const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:order-events';

export function announceOrder(order: object): Promise<void> {
  return tracer.startActiveSpan('publish order-events', async (span) => { // expect: PRODUCER
    try {
      await sns.send(new PublishCommand({ TopicArn: TOPIC_ARN, Message: JSON.stringify(order) }));
    } finally {
      span.end();
    }
  });
}

export function announceOrders(orders: { id: string }[]): Promise<void> {
  return tracer.startActiveSpan('publish order-events (batch)', async (span) => { // expect: PRODUCER
    try {
      const entries = orders.map((o) => ({ Id: o.id, Message: JSON.stringify(o) }));
      await sns.send(new PublishBatchCommand({ TopicArn: TOPIC_ARN, PublishBatchRequestEntries: entries }));
    } finally {
      span.end();
    }
  });
}

export function announceRefund(refund: object): Promise<void> {
  return tracer.startActiveSpan('publish refund-events', async (span) => { // expect: PRODUCER
    try {
      await snsAggregated.publish({ TopicArn: TOPIC_ARN, Message: JSON.stringify(refund) });
    } finally {
      span.end();
    }
  });
}

export function createTopic(name: string): Promise<string | undefined> {
  return tracer.startActiveSpan('SNS CreateTopic', async (span) => { // expect: CLIENT
    try {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
      return TopicArn;
    } finally {
      span.end();
    }
  });
}

// EventBridge
const events = new EventBridgeClient({ region });
const eventsAggregated = new EventBridge({ region });

export function emitOrderPlaced(order: object): Promise<void> {
  return tracer.startActiveSpan('publish orders bus', async (span) => { // expect: PRODUCER
    try {
      await events.send(new PutEventsCommand({ Entries: [{ EventBusName: 'orders', Source: 'shop', DetailType: 'OrderPlaced', Detail: JSON.stringify(order) }] }));
    } finally {
      span.end();
    }
  });
}

export function emitOrderShipped(order: object): Promise<void> {
  return tracer.startActiveSpan('publish orders bus (shipped)', async (span) => { // expect: PRODUCER
    try {
      await eventsAggregated.putEvents({ Entries: [{ EventBusName: 'orders', Source: 'shop', DetailType: 'OrderShipped', Detail: JSON.stringify(order) }] });
    } finally {
      span.end();
    }
  });
}

export function createRule(name: string): Promise<void> {
  return tracer.startActiveSpan('EventBridge PutRule', async (span) => { // expect: CLIENT
    try {
      await events.send(new PutRuleCommand({ Name: name, EventPattern: JSON.stringify({ source: ['shop'] }) }));
    } finally {
      span.end();
    }
  });
}

// Kinesis
const kinesis = new KinesisClient({ region });
const kinesisAggregated = new Kinesis({ region });

export function trackClick(click: { userId: string }): Promise<void> {
  return tracer.startActiveSpan('publish clicks', async (span) => { // expect: PRODUCER
    try {
      await kinesis.send(new PutRecordCommand({ StreamName: 'clicks', PartitionKey: click.userId, Data: new TextEncoder().encode(JSON.stringify(click)) }));
    } finally {
      span.end();
    }
  });
}

export function trackClicks(clicks: { userId: string }[]): Promise<void> {
  return tracer.startActiveSpan('publish clicks (batch)', async (span) => { // expect: PRODUCER
    try {
      const records = clicks.map((c) => ({ PartitionKey: c.userId, Data: new TextEncoder().encode(JSON.stringify(c)) }));
      await kinesis.send(new PutRecordsCommand({ StreamName: 'clicks', Records: records }));
    } finally {
      span.end();
    }
  });
}

export function trackView(view: { userId: string }): Promise<void> {
  return tracer.startActiveSpan('publish views', async (span) => { // expect: PRODUCER
    try {
      await kinesisAggregated.putRecord({ StreamName: 'views', PartitionKey: view.userId, Data: new TextEncoder().encode(JSON.stringify(view)) });
    } finally {
      span.end();
    }
  });
}

export function readClicks(shardIterator: string): Promise<unknown[]> {
  return tracer.startActiveSpan('receive clicks', async (span) => { // expect: CLIENT
    try {
      const { Records } = await kinesis.send(new GetRecordsCommand({ ShardIterator: shardIterator }));
      return Records ?? [];
    } finally {
      span.end();
    }
  });
}
