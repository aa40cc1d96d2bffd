// Messaging: publishing hands a message to a broker (PRODUCER); pulling or settling one is a CLIENT call;
// handlers that process pushed messages are CONSUMER entry points (see servers.ts for HandlerRow matching).
// Pull receive and settlement (ack, nack, reject, commit) are CLIENT since messaging semantic conventions 1.28.
// Factories (`kafka.producer()`, `pubsub.topic()`, `sbClient.createSender()`) are never listed: the
// result of an evidence call is data, so listing one would lose the sender or receiver it returns.
import type { CallRow, HandlerRow } from './types';

const AMQPLIB = ['amqplib', 'amqplib/callback_api'];
const NATS = ['nats', 'nats.ws', '@nats-io/transport-node', '@nats-io/transport-deno', '@nats-io/nats-core', '@nats-io/jetstream'];
const SOCKET_IO = ['socket.io', 'socket.io-client'];
const REDIS = ['redis', '@redis/client'];

export const messagingCalls: CallRow[] = [
  // Kafka. kafkajs: producer and transaction `send`/`sendBatch`; offset commits settle what was consumed.
  { library: 'kafkajs', modules: ['kafkajs'], kind: 'PRODUCER', members: ['send', 'sendBatch'] },
  { library: 'kafkajs', modules: ['kafkajs'], kind: 'CLIENT', members: ['commitOffsets', 'sendOffsets'] },
  // Confluent's client: the KafkaJS-compatible API under `.KafkaJS` and the node-rdkafka API at the root.
  { library: '@confluentinc/kafka-javascript', modules: ['@confluentinc/kafka-javascript'], kind: 'PRODUCER', members: ['send', 'sendBatch', 'produce'] },
  {
    library: '@confluentinc/kafka-javascript',
    modules: ['@confluentinc/kafka-javascript'],
    kind: 'CLIENT',
    members: ['consume', 'commit', 'commitSync', 'commitMessage', 'commitMessageSync', 'commitOffsets', 'sendOffsets'],
  },
  { library: 'node-rdkafka', modules: ['node-rdkafka'], kind: 'PRODUCER', members: ['produce'] },
  // `consumer.consume(n, cb)` pulls a batch (the no-argument flowing form is counted too).
  { library: 'node-rdkafka', modules: ['node-rdkafka'], kind: 'CLIENT', members: ['consume', 'commit', 'commitSync', 'commitMessage', 'commitMessageSync'] },

  // AMQP 0-9-1 (RabbitMQ) and AMQP 1.0.
  { library: 'amqplib', modules: AMQPLIB, kind: 'PRODUCER', members: ['publish', 'sendToQueue'] },
  { library: 'amqplib', modules: AMQPLIB, kind: 'CLIENT', members: ['get', 'ack', 'ackAll', 'nack', 'nackAll', 'reject'] },
  { library: 'amqp-connection-manager', modules: ['amqp-connection-manager'], kind: 'PRODUCER', members: ['publish', 'sendToQueue'] },
  { library: 'amqp-connection-manager', modules: ['amqp-connection-manager'], kind: 'CLIENT', members: ['ack', 'ackAll', 'nack', 'nackAll'] },
  { library: 'rhea', modules: ['rhea', 'rhea-promise'], kind: 'PRODUCER', members: ['send'] },

  // MQTT, NATS.
  { library: 'mqtt', modules: ['mqtt'], kind: 'PRODUCER', members: ['publish', 'publishAsync'] },
  { library: 'nats', modules: NATS, kind: 'PRODUCER', members: ['publish', 'publishMessage'] },
  // Request/reply waits for the responder: an RPC-style CLIENT call. JetStream pulls (`fetch`, `next`,
  // legacy `pull`) and message settlement are CLIENT too.
  { library: 'nats', modules: NATS, kind: 'CLIENT', members: ['request', 'requestMany', 'fetch', 'next', 'pull', 'ack', 'nak', 'term', 'ackAck'] },

  // Cloud brokers.
  { library: '@google-cloud/pubsub', modules: ['@google-cloud/pubsub'], kind: 'PRODUCER', members: ['publish', 'publishMessage'] },
  {
    library: '@google-cloud/pubsub',
    modules: ['@google-cloud/pubsub'],
    kind: 'CLIENT',
    members: ['pull', 'acknowledge', 'modifyAckDeadline', 'ack', 'nack', 'modAck', 'ackWithResponse', 'nackWithResponse'],
  },
  { library: '@azure/service-bus', modules: ['@azure/service-bus'], kind: 'PRODUCER', members: ['sendMessages', 'scheduleMessages'] },
  {
    library: '@azure/service-bus',
    modules: ['@azure/service-bus'],
    kind: 'CLIENT',
    members: [
      'receiveMessages', 'peekMessages', 'receiveDeferredMessages', 'completeMessage', 'abandonMessage',
      'deadLetterMessage', 'deferMessage', 'renewMessageLock', 'cancelScheduledMessages',
    ],
  },
  { library: 'sqs-producer', modules: ['sqs-producer'], kind: 'PRODUCER', members: ['send'] },

  // Job queues: adding a job enqueues a message for a worker.
  { library: 'bullmq', modules: ['bullmq'], kind: 'PRODUCER', members: ['add', 'addBulk'] },
  { library: 'bull', modules: ['bull'], kind: 'PRODUCER', members: ['add', 'addBulk'] },
  { library: 'bee-queue', modules: ['bee-queue'], kind: 'PRODUCER', members: ['save', 'saveAll'] },

  // socket.io: an emit hands an event to the other side without waiting; `emitWithAck` waits for the
  // receiver's acknowledgement, a request/response round trip (CLIENT).
  { library: 'socket.io', modules: SOCKET_IO, kind: 'PRODUCER', members: ['emit', 'send', 'serverSideEmit'] },
  { library: 'socket.io', modules: SOCKET_IO, kind: 'CLIENT', members: ['emitWithAck', 'serverSideEmitWithAck'] },

  // Redis pub/sub and streams. Every other Redis command (xread, xreadgroup, xack ...) stays CLIENT through
  // the general rows in databases.ts, whose REDIS_PRODUCE leaves exactly these members to the rows here.
  { library: 'ioredis', modules: ['ioredis'], kind: 'PRODUCER', members: ['publish', 'spublish', 'xadd', 'xaddBuffer'] },
  {
    library: 'redis',
    modules: REDIS,
    kind: 'PRODUCER',
    members: ['publish', 'PUBLISH', 'sPublish', 'SPUBLISH', 'xAdd', 'XADD', 'xAddNoMkStream', 'XADD_NOMKSTREAM'],
  },
];

// `on` rows name the events that deliver a message: `'connect'`, `'ready'`, `'error'` listeners are lifecycle.
export const messagingHandlers: HandlerRow[] = [
  {
    library: 'kafkajs',
    modules: ['kafkajs'],
    kind: 'CONSUMER',
    members: ['run'],
    handlerIn: { properties: ['eachMessage', 'eachBatch'] },
    byName: 'properties',
  },
  {
    library: '@confluentinc/kafka-javascript',
    modules: ['@confluentinc/kafka-javascript'],
    kind: 'CONSUMER',
    members: ['run'],
    handlerIn: { properties: ['eachMessage', 'eachBatch'] },
  },
  // node-rdkafka style: `consumer.on('data', handler)` in flowing mode.
  { library: '@confluentinc/kafka-javascript', modules: ['@confluentinc/kafka-javascript'], kind: 'CONSUMER', members: ['on'], events: ['data'], handlerIn: 'arguments' },
  { library: 'node-rdkafka', modules: ['node-rdkafka'], kind: 'CONSUMER', members: ['on'], events: ['data'], handlerIn: 'arguments' },
  { library: 'amqplib', modules: AMQPLIB, kind: 'CONSUMER', members: ['consume'], handlerIn: 'arguments' },
  { library: 'amqp-connection-manager', modules: ['amqp-connection-manager'], kind: 'CONSUMER', members: ['consume'], handlerIn: 'arguments' },
  { library: 'rhea', modules: ['rhea', 'rhea-promise'], kind: 'CONSUMER', members: ['on'], events: ['message'], handlerIn: 'arguments' },
  { library: 'mqtt', modules: ['mqtt'], kind: 'CONSUMER', members: ['on'], events: ['message'], handlerIn: 'arguments' },
  // nats 2.x / @nats-io 3.x: `nc.subscribe(subject, { callback })`, JetStream `consumer.consume({ callback })`.
  { library: 'nats', modules: NATS, kind: 'CONSUMER', members: ['subscribe', 'consume'], handlerIn: { properties: ['callback'] } },
  { library: '@google-cloud/pubsub', modules: ['@google-cloud/pubsub'], kind: 'CONSUMER', members: ['on'], events: ['message'], handlerIn: 'arguments' },
  { library: '@azure/service-bus', modules: ['@azure/service-bus'], kind: 'CONSUMER', members: ['subscribe'], handlerIn: { properties: ['processMessage'] } },
  { library: 'bullmq', modules: ['bullmq'], kind: 'CONSUMER', members: ['Worker'], construct: true, handlerIn: 'arguments' },
  { library: 'bull', modules: ['bull'], kind: 'CONSUMER', members: ['process'], handlerIn: 'arguments' },
  { library: 'bee-queue', modules: ['bee-queue'], kind: 'CONSUMER', members: ['process'], handlerIn: 'arguments' },
  { library: 'sqs-consumer', modules: ['sqs-consumer'], kind: 'CONSUMER', members: ['create'], handlerIn: { properties: ['handleMessage', 'handleMessageBatch'] } },
  { library: 'sqs-consumer', modules: ['sqs-consumer'], kind: 'CONSUMER', members: ['Consumer'], construct: true, handlerIn: { properties: ['handleMessage', 'handleMessageBatch'] } },
  // socket.io: an event from the other side is a message, except socket.io's own connection lifecycle
  // events; `onAny` listens to every event.
  {
    library: 'socket.io',
    modules: SOCKET_IO,
    kind: 'CONSUMER',
    members: ['on', 'onAny'],
    exceptEvents: [
      'connection', 'connect', 'disconnect', 'disconnecting', 'connect_error', 'error', 'new_namespace', 'ping',
      'reconnect', 'reconnect_attempt', 'reconnect_error', 'reconnect_failed',
    ],
    handlerIn: 'arguments',
  },
  // ioredis delivers pub/sub messages as events (`'message'`, `'pmessage'`); its `subscribe` callback only
  // reports the subscription count, so it is no handler.
  {
    library: 'ioredis',
    modules: ['ioredis'],
    kind: 'CONSUMER',
    members: ['on'],
    events: ['message', 'messageBuffer', 'pmessage', 'pmessageBuffer', 'smessage', 'smessageBuffer'],
    handlerIn: 'arguments',
  },
  // node-redis 4+: the listener is an argument of `subscribe`.
  {
    library: 'redis',
    modules: REDIS,
    kind: 'CONSUMER',
    members: ['subscribe', 'SUBSCRIBE', 'pSubscribe', 'PSUBSCRIBE', 'sSubscribe', 'SSUBSCRIBE'],
    handlerIn: 'arguments',
  },
];
