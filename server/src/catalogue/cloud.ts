// Cloud SDKs. AWS SDK v3 sends command objects; the command class decides the kind.
import type { CallRow, CommandRow } from './types';

export const awsCommands: CommandRow[] = [
  {
    library: '@aws-sdk/client-sqs',
    modules: ['@aws-sdk/client-sqs'],
    sendMember: 'send',
    commands: { SendMessageCommand: 'PRODUCER', SendMessageBatchCommand: 'PRODUCER' },
    defaultKind: 'CLIENT',
  },
  {
    library: '@aws-sdk/client-sns',
    modules: ['@aws-sdk/client-sns'],
    sendMember: 'send',
    commands: { PublishCommand: 'PRODUCER', PublishBatchCommand: 'PRODUCER' },
    defaultKind: 'CLIENT',
  },
  {
    library: '@aws-sdk/client-eventbridge',
    modules: ['@aws-sdk/client-eventbridge'],
    sendMember: 'send',
    commands: { PutEventsCommand: 'PRODUCER' },
    defaultKind: 'CLIENT',
  },
  {
    library: '@aws-sdk/client-kinesis',
    modules: ['@aws-sdk/client-kinesis'],
    sendMember: 'send',
    commands: { PutRecordCommand: 'PRODUCER', PutRecordsCommand: 'PRODUCER' },
    defaultKind: 'CLIENT',
  },
  // Every other AWS service call (S3, DynamoDB, Lambda invoke ...) is a remote call.
  { library: '@aws-sdk', modules: ['@aws-sdk/client-*', '@aws-sdk/lib-dynamodb'], sendMember: 'send', commands: {}, defaultKind: 'CLIENT' },
];

/** Aggregated v3 clients (`new SQS().sendMessage(...)`). */
export const cloudCalls: CallRow[] = [
  { library: '@aws-sdk/client-sqs', modules: ['@aws-sdk/client-sqs'], kind: 'PRODUCER', members: ['sendMessage', 'sendMessageBatch'] },
  { library: '@aws-sdk/client-sns', modules: ['@aws-sdk/client-sns'], kind: 'PRODUCER', members: ['publish', 'publishBatch'] },
  { library: '@aws-sdk/client-s3', modules: ['@aws-sdk/client-s3'], kind: 'CLIENT', members: ['getObject', 'putObject', 'deleteObject', 'listObjectsV2', 'headObject', 'copyObject'] },
  { library: '@aws-sdk/client-dynamodb', modules: ['@aws-sdk/client-dynamodb'], kind: 'CLIENT', members: ['getItem', 'putItem', 'updateItem', 'deleteItem', 'query', 'scan', 'batchGetItem', 'batchWriteItem', 'transactWriteItems'] },
];
