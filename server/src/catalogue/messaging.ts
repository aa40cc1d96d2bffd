// Messaging: publishing hands a message to a broker (PRODUCER); pulling or settling one is a CLIENT call;
// handlers that process pushed messages are CONSUMER entry points (see servers.ts for HandlerRow matching).
import type { CallRow, HandlerRow } from './types';

export const messagingCalls: CallRow[] = [
  { library: 'kafkajs', modules: ['kafkajs'], kind: 'PRODUCER', members: ['send', 'sendBatch'] },
  { library: 'amqplib', modules: ['amqplib', 'amqplib/callback_api'], kind: 'PRODUCER', members: ['publish', 'sendToQueue'] },
  // Pull receive and settlement are CLIENT operations (messaging semantic conventions 1.28+).
  { library: 'amqplib', modules: ['amqplib', 'amqplib/callback_api'], kind: 'CLIENT', members: ['get'] },
  { library: 'bullmq', modules: ['bullmq'], kind: 'PRODUCER', members: ['add', 'addBulk'] },
  { library: 'bull', modules: ['bull'], kind: 'PRODUCER', members: ['add', 'addBulk'] },
  { library: 'nats', modules: ['nats'], kind: 'PRODUCER', members: ['publish'] },
  { library: '@google-cloud/pubsub', modules: ['@google-cloud/pubsub'], kind: 'PRODUCER', members: ['publish', 'publishMessage'] },
];

export const messagingHandlers: HandlerRow[] = [
  {
    library: 'kafkajs',
    modules: ['kafkajs'],
    kind: 'CONSUMER',
    members: ['run'],
    handlerIn: { properties: ['eachMessage', 'eachBatch'] },
    byName: 'properties',
  },
  { library: 'amqplib', modules: ['amqplib', 'amqplib/callback_api'], kind: 'CONSUMER', members: ['consume'], handlerIn: 'arguments' },
  { library: 'bullmq', modules: ['bullmq'], kind: 'CONSUMER', members: ['Worker'], construct: true, handlerIn: 'arguments' },
  { library: 'bull', modules: ['bull'], kind: 'CONSUMER', members: ['process'], handlerIn: 'arguments' },
  { library: 'sqs-consumer', modules: ['sqs-consumer'], kind: 'CONSUMER', members: ['create'], handlerIn: { properties: ['handleMessage', 'handleMessageBatch'] } },
];
