// Where the evidence of each library family leads: the remote peer a span around it reaches (a database
// system, a model provider, a host, a topic or queue), for the Span Map. Data only, keyed by the `library`
// names of the catalogue rows; a test fails for a family without a row here.
import {
  DB_SYSTEM_NAME_VALUE_MARIADB,
  DB_SYSTEM_NAME_VALUE_MICROSOFT_SQL_SERVER,
  DB_SYSTEM_NAME_VALUE_MYSQL,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from '@opentelemetry/semantic-conventions';
import {
  DB_SYSTEM_NAME_VALUE_AWS_DYNAMODB,
  DB_SYSTEM_NAME_VALUE_CASSANDRA,
  DB_SYSTEM_NAME_VALUE_ELASTICSEARCH,
  DB_SYSTEM_NAME_VALUE_MEMCACHED,
  DB_SYSTEM_NAME_VALUE_MONGODB,
  DB_SYSTEM_NAME_VALUE_NEO4J,
  DB_SYSTEM_NAME_VALUE_OPENSEARCH,
  DB_SYSTEM_NAME_VALUE_ORACLE_DB,
  DB_SYSTEM_NAME_VALUE_REDIS,
  GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC,
  GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI,
  GEN_AI_PROVIDER_NAME_VALUE_GCP_GEN_AI,
  GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
  MESSAGING_SYSTEM_VALUE_AWS_SNS,
  MESSAGING_SYSTEM_VALUE_AWS_SQS,
  MESSAGING_SYSTEM_VALUE_GCP_PUBSUB,
  MESSAGING_SYSTEM_VALUE_KAFKA,
  MESSAGING_SYSTEM_VALUE_RABBITMQ,
  MESSAGING_SYSTEM_VALUE_SERVICEBUS,
  RPC_SYSTEM_VALUE_CONNECT_RPC,
  RPC_SYSTEM_VALUE_GRPC,
} from '@opentelemetry/semantic-conventions/incubating';
import type { SpanKindName } from '../analysis/types';

/** What a peer is, which decides its icon in the map. */
export type PeerType = 'http' | 'rpc' | 'database' | 'cache' | 'cloud' | 'llm' | 'topic' | 'queue' | 'other';

/**
 * Where the peer's name (a host, a topic, a queue) is written in the code, read statically. Every value
 * may be a string, a `const`, a template or an array of them; nothing is ever evaluated.
 */
export type NameSource =
  /** The host of the call's URL: its first argument, `url`/`baseURL`/`hostname` options, or the client's base URL. */
  | { url: true }
  /** An argument, or a property path of an object argument (`topicMessages[].topic`; `|` separates alternatives). */
  | { argument: number; property?: string }
  /** The call or `new` the receiver was made by: `new Queue('emails')` (`new`), `pubsub.topic('orders')` (`topic`). */
  | { receiverMadeBy: string; argument: number; property?: string }
  /** Calls of these members on the same receiver elsewhere in the file: `consumer.subscribe({ topics })`. */
  | { siblingCalls: readonly string[]; argument: number | 'all'; property?: string }
  /** A property of the command object sent: `send(new SendMessageCommand({ QueueUrl }))`. */
  | { commandProperty: string };

/** What the module of the call's receiver says more precisely than the family: `@aws-sdk/client-s3` is `aws.s3`. */
export interface ModulePeer {
  pattern: RegExp;
  system: string;
  type?: PeerType;
  name?: readonly NameSource[];
  lastSegment?: boolean;
}

export interface PeerRow {
  /** The catalogue family, as its rows spell `library`. */
  library: string;
  /** Which evidence: a call inside the span (default) or the handler registration the span runs in. */
  role?: 'call' | 'handler';
  /** Only evidence of these kinds (a Redis client is a cache, and its `publish` reaches a channel). */
  kinds?: readonly SpanKindName[];
  type: PeerType;
  /** The system: the node's name for databases, caches, model providers and cloud services; the broker for topics. */
  system: string;
  /** A more precise peer by the module the call's receiver comes from; first match wins, `$1` is its group. */
  byModule?: readonly ModulePeer[];
  /** Where a host, topic or queue name is written, tried in order. Without it the node is the system. */
  name?: readonly NameSource[];
  /** Keep the last `/` or `:` segment of the name (a queue URL, a topic ARN). */
  lastSegment?: boolean;
}

const URL_NAME: readonly NameSource[] = [{ url: true }];
const HTTP = 'HTTP';
const HTTP_CALLERS = 'HTTP callers';

/** A call whose peer is a fixed system. */
const system = (library: string, type: PeerType, name: string): PeerRow => ({ library, type, system: name });
const http = (library: string): PeerRow => ({ library, type: 'http', system: HTTP, name: URL_NAME });

export const peerRows: readonly PeerRow[] = [
  // HTTP and RPC clients: the host of the URL.
  ...['fetch', 'node http', 'node http2', 'axios', 'got', 'undici', 'node-fetch', 'ky', 'ofetch', 'superagent', 'graphql-request', '@apollo/client'].map(http),
  { library: '@grpc/grpc-js', type: 'rpc', system: RPC_SYSTEM_VALUE_GRPC, name: URL_NAME },
  { library: '@connectrpc/connect', type: 'rpc', system: RPC_SYSTEM_VALUE_CONNECT_RPC, name: URL_NAME },
  { library: '@modelcontextprotocol/sdk', type: 'rpc', system: 'MCP server' },

  // SQL and document databases, by db.system.name.
  ...['pg', 'pg-promise', 'postgres', '@neondatabase/serverless', '@vercel/postgres'].map((l) => system(l, 'database', DB_SYSTEM_NAME_VALUE_POSTGRESQL)),
  ...['mysql2', 'mysql'].map((l) => system(l, 'database', DB_SYSTEM_NAME_VALUE_MYSQL)),
  system('mariadb', 'database', DB_SYSTEM_NAME_VALUE_MARIADB),
  ...['mssql', 'tedious'].map((l) => system(l, 'database', DB_SYSTEM_NAME_VALUE_MICROSOFT_SQL_SERVER)),
  system('oracledb', 'database', DB_SYSTEM_NAME_VALUE_ORACLE_DB),
  ...['mongodb', 'mongoose'].map((l) => system(l, 'database', DB_SYSTEM_NAME_VALUE_MONGODB)),
  system('cassandra-driver', 'database', DB_SYSTEM_NAME_VALUE_CASSANDRA),
  system('@elastic/elasticsearch', 'database', DB_SYSTEM_NAME_VALUE_ELASTICSEARCH),
  system('@opensearch-project/opensearch', 'database', DB_SYSTEM_NAME_VALUE_OPENSEARCH),
  system('neo4j-driver', 'database', DB_SYSTEM_NAME_VALUE_NEO4J),
  // Query builders and ORMs speak to whichever SQL server they are configured for; Drizzle's driver says which.
  ...['knex', 'kysely', 'sequelize', 'typeorm', '@prisma/client'].map((l) => system(l, 'database', `SQL database (${l})`)),
  {
    library: 'drizzle-orm',
    type: 'database',
    system: 'SQL database (drizzle-orm)',
    byModule: [
      { pattern: /^drizzle-orm\/(node-postgres|postgres-js|neon-|vercel-postgres|aws-data-api\/pg|pg-proxy|xata-http|bun-sql|netlify-db)/, system: DB_SYSTEM_NAME_VALUE_POSTGRESQL },
      { pattern: /^drizzle-orm\/(mysql|planetscale|tidb|singlestore)/, system: DB_SYSTEM_NAME_VALUE_MYSQL },
      { pattern: /^drizzle-orm\/(d1|libsql|sqlite-proxy)/, system: 'sqlite (remote)' },
    ],
  },
  system('@supabase/supabase-js', 'database', 'supabase'),
  ...['firestore', 'firebase/firestore'].map((l) => system(l, 'database', 'gcp.firestore')),
  system('@google-cloud/bigquery', 'database', 'gcp.bigquery'),

  // Caches; Redis pub/sub and streams reach a channel or stream on the server.
  ...['ioredis', 'redis'].map((l): PeerRow => ({ library: l, kinds: ['PRODUCER'], type: 'topic', system: DB_SYSTEM_NAME_VALUE_REDIS, name: [{ argument: 0 }] })),
  ...['ioredis', 'redis', '@upstash/redis'].map((l) => system(l, 'cache', DB_SYSTEM_NAME_VALUE_REDIS)),
  ...['memcached', 'memjs'].map((l) => system(l, 'cache', DB_SYSTEM_NAME_VALUE_MEMCACHED)),

  // Messaging: the destination of a publish, or of a pull/settle call.
  {
    library: 'kafkajs',
    type: 'topic',
    system: MESSAGING_SYSTEM_VALUE_KAFKA,
    name: [{ argument: 0, property: 'topic' }, { argument: 0, property: 'topicMessages[].topic' }, { argument: 0, property: 'topics[].topic' }, { argument: 0, property: '[].topic' }],
  },
  {
    library: '@confluentinc/kafka-javascript',
    type: 'topic',
    system: MESSAGING_SYSTEM_VALUE_KAFKA,
    name: [{ argument: 0, property: 'topic' }, { argument: 0, property: 'topicMessages[].topic' }, { argument: 0 }],
  },
  { library: 'node-rdkafka', type: 'topic', system: MESSAGING_SYSTEM_VALUE_KAFKA, name: [{ argument: 0 }] },
  // `publish(exchange, routingKey)` names the exchange; the default exchange ('') routes by key to the queue.
  { library: 'amqplib', kinds: ['PRODUCER'], type: 'queue', system: MESSAGING_SYSTEM_VALUE_RABBITMQ, name: [{ argument: 0 }] },
  { library: 'amqplib', type: 'queue', system: MESSAGING_SYSTEM_VALUE_RABBITMQ, name: [{ argument: 0, property: 'fields.routingKey' }] },
  { library: 'amqp-connection-manager', kinds: ['PRODUCER'], type: 'queue', system: MESSAGING_SYSTEM_VALUE_RABBITMQ, name: [{ argument: 0 }] },
  { library: 'amqp-connection-manager', type: 'queue', system: MESSAGING_SYSTEM_VALUE_RABBITMQ },
  { library: 'rhea', type: 'queue', system: 'amqp', name: [{ argument: 0, property: 'to' }] },
  { library: 'mqtt', type: 'topic', system: 'mqtt', name: [{ argument: 0 }] },
  { library: 'nats', type: 'topic', system: 'nats', name: [{ argument: 0 }] },
  {
    library: '@google-cloud/pubsub',
    type: 'topic',
    system: MESSAGING_SYSTEM_VALUE_GCP_PUBSUB,
    name: [{ receiverMadeBy: 'topic', argument: 0 }, { receiverMadeBy: 'subscription', argument: 0 }],
  },
  {
    library: '@azure/service-bus',
    type: 'queue',
    system: MESSAGING_SYSTEM_VALUE_SERVICEBUS,
    name: [{ receiverMadeBy: 'createSender', argument: 0 }, { receiverMadeBy: 'createReceiver', argument: 0 }],
  },
  { library: 'sqs-producer', type: 'queue', system: MESSAGING_SYSTEM_VALUE_AWS_SQS, name: [{ receiverMadeBy: 'create', argument: 0, property: 'queueUrl' }], lastSegment: true },
  ...['bullmq', 'bull', 'bee-queue'].map((l): PeerRow => ({ library: l, type: 'queue', system: l, name: [{ receiverMadeBy: 'new', argument: 0 }] })),
  { library: 'socket.io', type: 'topic', system: 'socket.io', name: [{ argument: 0 }] },
  {
    library: '@aws-sdk/client-sqs',
    type: 'queue',
    system: MESSAGING_SYSTEM_VALUE_AWS_SQS,
    name: [{ commandProperty: 'QueueUrl' }, { argument: 0, property: 'QueueUrl' }],
    lastSegment: true,
  },
  {
    library: '@aws-sdk/client-sns',
    type: 'topic',
    system: MESSAGING_SYSTEM_VALUE_AWS_SNS,
    name: [{ commandProperty: 'TopicArn' }, { argument: 0, property: 'TopicArn' }],
    lastSegment: true,
  },
  {
    library: '@aws-sdk/client-eventbridge',
    type: 'topic',
    system: 'aws.eventbridge',
    name: [{ commandProperty: 'Entries[].EventBusName' }, { argument: 0, property: 'Entries[].EventBusName' }],
    lastSegment: true,
  },
  {
    library: '@aws-sdk/client-kinesis',
    type: 'topic',
    system: 'aws.kinesis',
    name: [{ commandProperty: 'StreamName' }, { argument: 0, property: 'StreamName' }],
  },

  // Cloud services: the service by its client package.
  {
    library: '@aws-sdk',
    type: 'cloud',
    system: 'aws',
    byModule: [
      { pattern: /^@aws-sdk\/(?:client-dynamodb|lib-dynamodb)/, system: DB_SYSTEM_NAME_VALUE_AWS_DYNAMODB, type: 'database' },
      // Aggregated clients (`new SQS().receiveMessage({ QueueUrl })`) and commands the family rows do not list.
      { pattern: /^@aws-sdk\/client-sqs$/, system: MESSAGING_SYSTEM_VALUE_AWS_SQS, type: 'queue', name: [{ argument: 0, property: 'QueueUrl' }, { commandProperty: 'QueueUrl' }], lastSegment: true },
      { pattern: /^@aws-sdk\/client-sns$/, system: MESSAGING_SYSTEM_VALUE_AWS_SNS, type: 'topic', name: [{ argument: 0, property: 'TopicArn' }, { commandProperty: 'TopicArn' }], lastSegment: true },
      { pattern: /^@aws-sdk\/client-kinesis$/, system: 'aws.kinesis', type: 'topic', name: [{ argument: 0, property: 'StreamName' }, { commandProperty: 'StreamName' }] },
      { pattern: /^@aws-sdk\/client-bedrock-runtime/, system: 'aws.bedrock', type: 'llm' },
      { pattern: /^@aws-sdk\/client-(.+)$/, system: 'aws.$1' },
    ],
  },
  system('@aws-sdk/lib-storage', 'cloud', 'aws.s3'),
  system('@google-cloud/storage', 'cloud', 'gcp.storage'),
  system('@azure/storage-blob', 'cloud', 'azure.blob'),

  // Model providers (gen_ai.provider.name) and vector stores.
  system('openai', 'llm', GEN_AI_PROVIDER_NAME_VALUE_OPENAI),
  {
    library: '@anthropic-ai/sdk',
    type: 'llm',
    system: GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC,
    byModule: [
      { pattern: /^@anthropic-ai\/bedrock-sdk/, system: 'aws.bedrock' },
      { pattern: /^@anthropic-ai\/vertex-sdk/, system: 'gcp.vertex_ai' },
    ],
  },
  system('@google/genai', 'llm', GEN_AI_PROVIDER_NAME_VALUE_GCP_GEN_AI),
  system('@google/generative-ai', 'llm', GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI),
  system('Vercel AI SDK', 'llm', 'model provider (ai)'),
  {
    library: 'langchain',
    type: 'llm',
    system: 'model provider (langchain)',
    byModule: [
      { pattern: /^@langchain\/(pinecone|qdrant|weaviate|mongodb|redis)$/, system: '$1', type: 'database' },
      { pattern: /^@langchain\/community\/vectorstores\/(.+)$/, system: '$1', type: 'database' },
      { pattern: /^@langchain\/community\/(?:chat_models|llms|embeddings)\/(.+)$/, system: '$1' },
      { pattern: /^@langchain\/(openai|anthropic|groq|cohere|deepseek|ollama)$/, system: '$1' },
      { pattern: /^@langchain\/(mistralai)$/, system: 'mistral_ai' },
      { pattern: /^@langchain\/xai$/, system: 'x_ai' },
      { pattern: /^@langchain\/google-genai$/, system: GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI },
      { pattern: /^@langchain\/google-vertexai$/, system: 'gcp.vertex_ai' },
      { pattern: /^@langchain\/aws$/, system: 'aws.bedrock' },
    ],
  },
  system('@pinecone-database/pinecone', 'database', 'pinecone'),
  system('@qdrant/js-client-rest', 'database', 'qdrant'),
  system('weaviate-client', 'database', 'weaviate'),
  system('chromadb', 'database', 'chroma'),
  system('@zilliz/milvus2-sdk-node', 'database', 'milvus'),

  // Handlers: where a message comes from (CONSUMER), or who calls (SERVER).
  ...['express', 'fastify', 'koa', 'hono', 'restify', '@hapi/hapi', 'node http', '@azure/functions', '@google-cloud/functions-framework', 'Next.js', 'NestJS', 'AWS Lambda'].map(
    (l): PeerRow => ({ library: l, role: 'handler', kinds: ['SERVER'], type: 'http', system: HTTP_CALLERS }),
  ),
  { library: '@grpc/grpc-js', role: 'handler', type: 'rpc', system: 'gRPC callers' },
  { library: '@modelcontextprotocol/sdk', role: 'handler', type: 'rpc', system: 'MCP clients' },
  ...['kafkajs', '@confluentinc/kafka-javascript'].map(
    (l): PeerRow => ({ library: l, role: 'handler', type: 'topic', system: MESSAGING_SYSTEM_VALUE_KAFKA, name: [{ siblingCalls: ['subscribe'], argument: 0, property: 'topic|topics[]' }, { siblingCalls: ['subscribe'], argument: 0 }] }),
  ),
  { library: 'node-rdkafka', role: 'handler', type: 'topic', system: MESSAGING_SYSTEM_VALUE_KAFKA, name: [{ siblingCalls: ['subscribe'], argument: 0, property: '[]' }] },
  ...['amqplib', 'amqp-connection-manager'].map((l): PeerRow => ({ library: l, role: 'handler', type: 'queue', system: MESSAGING_SYSTEM_VALUE_RABBITMQ, name: [{ argument: 0 }] })),
  { library: 'rhea', role: 'handler', type: 'queue', system: 'amqp', name: [{ siblingCalls: ['open_receiver', 'createReceiver'], argument: 0 }] },
  { library: 'mqtt', role: 'handler', type: 'topic', system: 'mqtt', name: [{ siblingCalls: ['subscribe', 'subscribeAsync'], argument: 0 }] },
  { library: 'nats', role: 'handler', type: 'topic', system: 'nats', name: [{ argument: 0 }] },
  { library: '@google-cloud/pubsub', role: 'handler', type: 'topic', system: MESSAGING_SYSTEM_VALUE_GCP_PUBSUB, name: [{ receiverMadeBy: 'subscription', argument: 0 }] },
  { library: '@azure/service-bus', role: 'handler', type: 'queue', system: MESSAGING_SYSTEM_VALUE_SERVICEBUS, name: [{ receiverMadeBy: 'createReceiver', argument: 0 }] },
  { library: 'bullmq', role: 'handler', type: 'queue', system: 'bullmq', name: [{ argument: 0 }] },
  ...['bull', 'bee-queue'].map((l): PeerRow => ({ library: l, role: 'handler', type: 'queue', system: l, name: [{ receiverMadeBy: 'new', argument: 0 }] })),
  { library: 'sqs-consumer', role: 'handler', type: 'queue', system: MESSAGING_SYSTEM_VALUE_AWS_SQS, name: [{ argument: 0, property: 'queueUrl' }], lastSegment: true },
  { library: 'socket.io', role: 'handler', type: 'topic', system: 'socket.io', name: [{ argument: 0 }] },
  { library: 'ioredis', role: 'handler', type: 'topic', system: DB_SYSTEM_NAME_VALUE_REDIS, name: [{ siblingCalls: ['subscribe', 'psubscribe', 'ssubscribe'], argument: 'all' }] },
  { library: 'redis', role: 'handler', type: 'topic', system: DB_SYSTEM_NAME_VALUE_REDIS, name: [{ argument: 0 }] },
  {
    library: '@azure/functions',
    role: 'handler',
    kinds: ['CONSUMER'],
    type: 'queue',
    system: 'azure functions trigger',
    name: [{ argument: 1, property: 'queueName|topicName|eventHubName' }, { argument: 0, property: 'queueName|topicName|eventHubName' }],
  },
  { library: '@google-cloud/functions-framework', role: 'handler', kinds: ['CONSUMER'], type: 'topic', system: 'cloud event' },
  { library: 'NestJS', role: 'handler', kinds: ['CONSUMER'], type: 'topic', system: 'nestjs microservice', name: [{ argument: 0 }] },
  { library: 'AWS Lambda', role: 'handler', kinds: ['CONSUMER'], type: 'queue', system: 'aws lambda event source' },
];

/** The peer row for a piece of evidence: its family, its role and its kind. */
export function peerRowFor(rows: readonly PeerRow[], library: string, role: 'call' | 'handler', kind: SpanKindName): PeerRow | undefined {
  return rows.find((r) => r.library === library && (r.role ?? 'call') === role && (!r.kinds || r.kinds.includes(kind)));
}
