// Context propagation, library by library: where a sent message or an outgoing request carries the trace
// context (its carrier), and where a received message or an incoming request holds it. Data only; the
// analysis that follows carriers through the code is analysis/propagation.ts.
import type { InstrumentedFamily } from '../analysis/instrumentation';

/**
 * One step from a send call to its carrier. `arg`: the call's argument; `optionsArg`: the first of these
 * arguments that is an options object (not the URL string); `constructed`: the argument of a `new X(...)`
 * (an AWS command); `prop`: a property; `each`: every element of an array (a lone object counts as one);
 * `anyProp`: the object itself or any of its properties (job data, where the field name is the user's).
 */
export type CarrierStep =
  | { arg: number }
  | { optionsArg: readonly number[] }
  | { constructed: number }
  | { prop: string }
  | { each: true }
  | { anyProp: true };

export type CarrierPath = readonly CarrierStep[];

/** A call that sends a message, and where the message carries the producer's context. */
export interface SendShape {
  library: string;
  modules: readonly string[];
  /** Members that send; with `commands`, the member that sends a command object (`client.send`). */
  members: readonly string[];
  /** Command classes (`new SendMessageCommand(...)`) whose sending is a publish. */
  commands?: readonly string[];
  /**
   * The class the sender is made from, when the module has other objects with the same member (a BullMQ
   * `FlowProducer` also has `add`; the `aws-sdk` umbrella has other services' `publish`).
   */
  receivers?: readonly string[];
  /** Where the carrier travels; a context injected into any of them counts. */
  carriers: readonly CarrierPath[];
  /** How messages name that place: "the messages' `headers`". */
  field: string;
  /**
   * Where the quick-fix puts a new carrier: a path ending in a property, through inline object literals;
   * `createArgument` when that argument may be added (amqplib's options). No fix without it.
   */
  fix?: { path: CarrierPath; createArgument?: number };
  /** The new carrier's variable and TypeScript type. */
  variable: string;
  carrierType: string;
  /** A `TextMapSetter` (source text) when the carrier's values are not plain strings (SQS/SNS attributes). */
  setter?: string;
  /** Auto-instrumentations that inject into these messages themselves. */
  instrumentedBy?: readonly InstrumentedFamily[];
}

const KAFKA_MESSAGES: CarrierPath = [{ arg: 0 }, { prop: 'messages' }, { each: true }, { prop: 'headers' }];
const KAFKA_BATCH: CarrierPath = [{ arg: 0 }, { prop: 'topicMessages' }, { each: true }, { prop: 'messages' }, { each: true }, { prop: 'headers' }];
const AMQP = ['amqplib', 'amqplib/callback_api', 'amqp-connection-manager'];
const RECORD = 'Record<string, string>';
/** SQS and SNS message attributes are typed values: `{ DataType: 'String', StringValue }`. */
const AWS_ATTRIBUTES = 'Record<string, { DataType: string; StringValue: string }>';
const AWS_SETTER = "{ set: (carrier, key, value) => { carrier[key] = { DataType: 'String', StringValue: value }; } }";
const SQS = ['@aws-sdk/client-sqs', 'aws-sdk', 'aws-sdk/clients/sqs'];
const SNS = ['@aws-sdk/client-sns', 'aws-sdk', 'aws-sdk/clients/sns'];

export const sendShapes: readonly SendShape[] = [
  // kafkajs: each message has its own `headers` (string or Buffer values).
  { library: 'kafkajs', modules: ['kafkajs'], members: ['send'], carriers: [KAFKA_MESSAGES], field: "the messages' `headers`", fix: { path: KAFKA_MESSAGES }, variable: 'headers', carrierType: RECORD, instrumentedBy: ['kafkajs'] },
  { library: 'kafkajs', modules: ['kafkajs'], members: ['sendBatch'], carriers: [KAFKA_BATCH], field: "the messages' `headers`", fix: { path: KAFKA_BATCH }, variable: 'headers', carrierType: RECORD, instrumentedBy: ['kafkajs'] },
  { library: '@confluentinc/kafka-javascript', modules: ['@confluentinc/kafka-javascript'], members: ['send'], carriers: [KAFKA_MESSAGES], field: "the messages' `headers`", fix: { path: KAFKA_MESSAGES }, variable: 'headers', carrierType: RECORD },
  { library: '@confluentinc/kafka-javascript', modules: ['@confluentinc/kafka-javascript'], members: ['sendBatch'], carriers: [KAFKA_BATCH], field: "the messages' `headers`", fix: { path: KAFKA_BATCH }, variable: 'headers', carrierType: RECORD },
  // amqplib: `publish(exchange, routingKey, content, options)`, `sendToQueue(queue, content, options)`.
  { library: 'amqplib', modules: AMQP, members: ['publish'], carriers: [[{ arg: 3 }, { prop: 'headers' }]], field: '`options.headers`', fix: { path: [{ arg: 3 }, { prop: 'headers' }], createArgument: 3 }, variable: 'headers', carrierType: RECORD, instrumentedBy: ['amqplib'] },
  { library: 'amqplib', modules: AMQP, members: ['sendToQueue'], carriers: [[{ arg: 2 }, { prop: 'headers' }]], field: '`options.headers`', fix: { path: [{ arg: 2 }, { prop: 'headers' }], createArgument: 2 }, variable: 'headers', carrierType: RECORD, instrumentedBy: ['amqplib'] },
  // AWS SQS and SNS: message attributes, as v3 commands or as methods of an aggregated (or v2) client.
  ...awsRows('@aws-sdk/client-sqs', SQS, 'SQS', 'SendMessageCommand', 'sendMessage', [{ prop: 'MessageAttributes' }]),
  ...awsRows('@aws-sdk/client-sqs', SQS, 'SQS', 'SendMessageBatchCommand', 'sendMessageBatch', [{ prop: 'Entries' }, { each: true }, { prop: 'MessageAttributes' }]),
  ...awsRows('@aws-sdk/client-sns', SNS, 'SNS', 'PublishCommand', 'publish', [{ prop: 'MessageAttributes' }]),
  ...awsRows('@aws-sdk/client-sns', SNS, 'SNS', 'PublishBatchCommand', 'publishBatch', [{ prop: 'PublishBatchRequestEntries' }, { each: true }, { prop: 'MessageAttributes' }]),
  // Job queues: the job's data (or options) carries the context under a field of the user's choosing; the
  // fix adds `traceContext` to the data, where the worker reads it back (`job.data.traceContext`).
  ...['bullmq', 'bull'].flatMap((library): SendShape[] => [
    {
      library,
      modules: [library],
      members: ['add'],
      receivers: ['Queue'],
      carriers: [[{ arg: 1 }, { anyProp: true }], [{ arg: 2 }, { anyProp: true }]],
      field: 'the job data or options',
      fix: { path: [{ arg: 1 }, { prop: 'traceContext' }] },
      variable: 'traceContext',
      carrierType: RECORD,
    },
    {
      library,
      modules: [library],
      members: ['addBulk'],
      receivers: ['Queue'],
      carriers: [[{ arg: 0 }, { each: true }, { prop: 'data' }, { anyProp: true }], [{ arg: 0 }, { each: true }, { prop: 'opts' }, { anyProp: true }]],
      field: "the jobs' data or options",
      fix: { path: [{ arg: 0 }, { each: true }, { prop: 'data' }, { prop: 'traceContext' }] },
      variable: 'traceContext',
      carrierType: RECORD,
    },
  ]),
  // Google Pub/Sub: message attributes (`publishMessage({ data, attributes })`, legacy `publish(data, attributes)`).
  { library: '@google-cloud/pubsub', modules: ['@google-cloud/pubsub'], members: ['publishMessage'], carriers: [[{ arg: 0 }, { prop: 'attributes' }]], field: '`attributes`', fix: { path: [{ arg: 0 }, { prop: 'attributes' }] }, variable: 'attributes', carrierType: RECORD },
  { library: '@google-cloud/pubsub', modules: ['@google-cloud/pubsub'], members: ['publish'], carriers: [[{ arg: 1 }]], field: '`attributes`', variable: 'attributes', carrierType: RECORD },
  // NATS headers (a `MsgHdrs` from `headers()`), Azure Service Bus application properties, MQTT 5 user properties.
  { library: 'nats', modules: ['nats', '@nats-io/transport-node', '@nats-io/nats-core'], members: ['publish'], carriers: [[{ arg: 2 }, { prop: 'headers' }]], field: '`headers`', variable: 'headers', carrierType: RECORD },
  { library: '@azure/service-bus', modules: ['@azure/service-bus'], members: ['sendMessages', 'scheduleMessages'], carriers: [[{ arg: 0 }, { each: true }, { prop: 'applicationProperties' }]], field: '`applicationProperties`', fix: { path: [{ arg: 0 }, { each: true }, { prop: 'applicationProperties' }] }, variable: 'applicationProperties', carrierType: RECORD },
  { library: 'mqtt', modules: ['mqtt'], members: ['publish', 'publishAsync'], carriers: [[{ arg: 2 }, { prop: 'properties' }, { prop: 'userProperties' }]], field: '`properties.userProperties`', variable: 'userProperties', carrierType: RECORD },
];

function awsRows(library: string, modules: readonly string[], receiver: string, command: string, method: string, input: CarrierPath): SendShape[] {
  const viaCommand: CarrierPath = [{ arg: 0 }, { constructed: 0 }, ...input];
  const viaMethod: CarrierPath = [{ arg: 0 }, ...input];
  const common = { library, modules, field: '`MessageAttributes`', variable: 'messageAttributes', carrierType: AWS_ATTRIBUTES, setter: AWS_SETTER, instrumentedBy: ['aws-sdk'] as const };
  return [
    { ...common, members: ['send'], commands: [command], carriers: [viaCommand], fix: { path: viaCommand } },
    { ...common, members: [method], receivers: [receiver], carriers: [viaMethod], fix: { path: viaMethod } },
  ];
}

/** An outgoing HTTP request and where its headers are. */
export interface RequestShape {
  /** As the catalogue names it (`fetch`, `axios`, `node http`). */
  library: string;
  /** Package modules; absent for a global (`globals`). */
  modules?: readonly string[];
  globals?: readonly string[];
  /** Members that send; `()` is calling the import (or the global) itself. */
  members: readonly string[];
  headers: CarrierPath;
  /** Instrumentations that inject into these requests: `http` patches node's http module, `undici` the global fetch. */
  instrumentedBy: readonly InstrumentedFamily[];
}

const BODYLESS = ['get', 'delete', 'head', 'options'];
const WITH_BODY = ['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm'];
const HEADERS: CarrierPath = [{ prop: 'headers' }];

export const requestShapes: readonly RequestShape[] = [
  { library: 'fetch', globals: ['fetch'], members: ['()'], headers: [{ arg: 1 }, ...HEADERS], instrumentedBy: ['undici'] },
  { library: 'undici', modules: ['undici'], members: ['request', 'fetch', 'stream'], headers: [{ arg: 1 }, ...HEADERS], instrumentedBy: ['undici'] },
  { library: 'node-fetch', modules: ['node-fetch'], members: ['()'], headers: [{ arg: 1 }, ...HEADERS], instrumentedBy: ['http'] },
  { library: 'node http', modules: ['http', 'https', 'node:http', 'node:https'], members: ['request', 'get'], headers: [{ optionsArg: [0, 1] }, ...HEADERS], instrumentedBy: ['http'] },
  // axios(config) / axios(url, config); get(url, config); post(url, data, config); request(config).
  { library: 'axios', modules: ['axios'], members: ['()'], headers: [{ optionsArg: [0, 1] }, ...HEADERS], instrumentedBy: ['http'] },
  { library: 'axios', modules: ['axios'], members: ['request'], headers: [{ arg: 0 }, ...HEADERS], instrumentedBy: ['http'] },
  { library: 'axios', modules: ['axios'], members: BODYLESS, headers: [{ arg: 1 }, ...HEADERS], instrumentedBy: ['http'] },
  { library: 'axios', modules: ['axios'], members: WITH_BODY, headers: [{ arg: 2 }, ...HEADERS], instrumentedBy: ['http'] },
  // got(url, options) / got(options); got.post(url, options).
  { library: 'got', modules: ['got'], members: ['()', ...BODYLESS, 'post', 'put', 'patch'], headers: [{ optionsArg: [0, 1] }, ...HEADERS], instrumentedBy: ['http'] },
  { library: 'ky', modules: ['ky'], members: ['()', ...BODYLESS, 'post', 'put', 'patch'], headers: [{ arg: 1 }, ...HEADERS], instrumentedBy: ['undici'] },
  { library: 'ofetch', modules: ['ofetch'], members: ['()', 'ofetch', '$fetch', 'raw'], headers: [{ arg: 1 }, ...HEADERS], instrumentedBy: ['undici'] },
];

/** Where a message handler's message keeps the producer's context. */
export interface MessageMetadata {
  /** The handler library, as the catalogue's handler rows name it. */
  library: string;
  /** The handler parameter that holds the message (or the payload that holds it). */
  param: number;
  /** The payload's property that is the message (`message` of a kafkajs `eachMessage` payload). */
  member?: string;
  /** From the message to its metadata: `.headers`, `.properties.headers`. */
  metadata: string;
  /** A `TextMapGetter` (source text) when the values are not plain strings (kafkajs Buffers, SQS attributes); it reads missing metadata as empty. */
  getter?: string;
}

export const messageMetadata: readonly MessageMetadata[] = [
  {
    library: 'kafkajs',
    param: 0,
    member: 'message',
    metadata: '.headers',
    getter: '{ get: (carrier, key) => carrier?.[key]?.toString(), keys: (carrier) => Object.keys(carrier ?? {}) }',
  },
  { library: 'amqplib', param: 0, metadata: '.properties.headers' },
  { library: 'amqp-connection-manager', param: 0, metadata: '.properties.headers' },
  {
    library: 'sqs-consumer',
    param: 0,
    metadata: '.MessageAttributes',
    getter: '{ get: (carrier, key) => carrier?.[key]?.StringValue, keys: (carrier) => Object.keys(carrier ?? {}) }',
  },
];

/** Where a request handler's request keeps the caller's context (headers a default getter can read). */
export interface RequestMetadata {
  library: string;
  param: number;
  /** From the parameter to the headers: `.headers`, `.req.header()` (hono). */
  headers: string;
}

export const requestMetadata: readonly RequestMetadata[] = [
  ...['express', 'fastify', 'restify', 'node http', '@hapi/hapi'].map((library) => ({ library, param: 0, headers: '.headers' })),
  // koa's context delegates `headers` to its request.
  { library: 'koa', param: 0, headers: '.headers' },
  // hono: `c.req.header()` without a name returns every header as a record.
  { library: 'hono', param: 0, headers: '.req.header()' },
  // API Gateway / ALB / function URL events.
  { library: 'AWS Lambda', param: 0, headers: '.headers' },
];
