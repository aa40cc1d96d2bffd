// Cloud SDKs. AWS SDK v3 sends command objects; the command class decides the kind. Handle getters
// (`storage.bucket()`, `bucket.file()`, `getContainerClient()`) are never listed, so the objects they
// return stay traceable to the calls made on them.
import type { CallRow, CommandRow } from './types';

export const awsCommands: CommandRow[] = [
  {
    library: '@aws-sdk/client-sqs',
    modules: ['@aws-sdk/client-sqs'],
    sendMember: 'send',
    // Receiving (pull) and settling (delete, visibility change) are CLIENT since messaging semantic
    // conventions 1.28; older instrumentation used CONSUMER for receive.
    commands: {
      SendMessageCommand: 'PRODUCER',
      SendMessageBatchCommand: 'PRODUCER',
      ReceiveMessageCommand: 'CLIENT',
      DeleteMessageCommand: 'CLIENT',
      DeleteMessageBatchCommand: 'CLIENT',
      ChangeMessageVisibilityCommand: 'CLIENT',
      ChangeMessageVisibilityBatchCommand: 'CLIENT',
    },
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
  // Every other AWS service call (S3, DynamoDB and its DocumentClient, Lambda invoke ...) is a remote call.
  { library: '@aws-sdk', modules: ['@aws-sdk/client-*', '@aws-sdk/lib-dynamodb'], sendMember: 'send', commands: {}, defaultKind: 'CLIENT' },
];

/**
 * Members of v3 clients that do not call the service: `send` (decided by the command rows), the
 * middleware stack, `DynamoDBDocumentClient.from(client)`.
 */
const AWS_LOCAL = [
  'send', 'destroy', 'from', 'add', 'addRelativeTo', 'use', 'remove', 'removeByTag', 'clone', 'concat',
  'applyToStack', 'identify', 'resolve', 'toString', 'toJSON',
] as const;

/** @google-cloud/storage handles and URL/signing helpers that stay in the process. */
const GCS_LOCAL = [
  'bucket', 'file', 'channel', 'notification', 'hmacKey', 'publicUrl', 'setEncryptionKey', 'setUserProject', 'getId',
  'getRequestInterceptors', 'on', 'once', 'off', 'emit', 'toString', 'toJSON',
  // Signed URLs and policies are computed locally from the service account key.
  'getSignedUrl', 'generateSignedPostPolicyV2', 'generateSignedPostPolicyV4',
] as const;

/** @azure/storage-blob client getters and SAS helpers that stay in the process. */
const AZURE_BLOB_LOCAL = [
  'fromConnectionString', 'getContainerClient', 'getBlobClient', 'getBlockBlobClient', 'getAppendBlobClient',
  'getPageBlobClient', 'getBlobLeaseClient', 'getBlobBatchClient', 'withSnapshot', 'withVersion', 'newPipeline',
  'generateSasUrl', 'generateAccountSasUrl', 'generateSasStringToSign', 'generateUserDelegationSasUrl',
  'generateUserDelegationSasStringToSign', 'generateBlobSASQueryParameters', 'generateAccountSASQueryParameters',
  'on', 'once', 'off', 'toString', 'toJSON',
] as const;

/** Aggregated v3 clients (`new SQS().sendMessage(...)`), paginators and waiters, and other cloud SDKs. */
export const cloudCalls: CallRow[] = [
  { library: '@aws-sdk/client-sqs', modules: ['@aws-sdk/client-sqs'], kind: 'PRODUCER', members: ['sendMessage', 'sendMessageBatch'] },
  { library: '@aws-sdk/client-sns', modules: ['@aws-sdk/client-sns'], kind: 'PRODUCER', members: ['publish', 'publishBatch'] },
  { library: '@aws-sdk/client-eventbridge', modules: ['@aws-sdk/client-eventbridge'], kind: 'PRODUCER', members: ['putEvents'] },
  { library: '@aws-sdk/client-kinesis', modules: ['@aws-sdk/client-kinesis'], kind: 'PRODUCER', members: ['putRecord', 'putRecords'] },
  // Every other method of an aggregated client (`s3.getObject`, `ddb.query`, `docClient.put`), and the
  // `paginateX` / `waitUntilX` helpers, calls the service.
  { library: '@aws-sdk', modules: ['@aws-sdk/client-*', '@aws-sdk/lib-dynamodb'], kind: 'CLIENT', members: '*', except: AWS_LOCAL },
  // Multipart upload: `new Upload({ client, params }).done()`.
  { library: '@aws-sdk/lib-storage', modules: ['@aws-sdk/lib-storage'], kind: 'CLIENT', members: ['done', 'abort'] },
  { library: '@google-cloud/storage', modules: ['@google-cloud/storage'], kind: 'CLIENT', members: '*', except: GCS_LOCAL },
  { library: '@azure/storage-blob', modules: ['@azure/storage-blob'], kind: 'CLIENT', members: '*', except: AZURE_BLOB_LOCAL },
];
