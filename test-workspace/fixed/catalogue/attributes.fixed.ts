// Spans whose attributes tell the kind, following the semantic conventions: set at start or later, by key
// or by constant of @opentelemetry/semantic-conventions. The work itself is handed in (`run`), so only the
// attributes can decide. Server-side attributes (route, path, client address, trigger, GraphQL operation)
// say "server side": the request's SERVER span or an INTERNAL step in it, so only a client kind is wrong.
import { SpanKind, trace } from '@opentelemetry/api';
import { ATTR_CLIENT_ADDRESS, ATTR_HTTP_ROUTE, ATTR_URL_PATH, SEMATTRS_DB_STATEMENT } from '@opentelemetry/semantic-conventions';
import {
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_SYSTEM_NAME,
  ATTR_FAAS_INVOKED_NAME,
  ATTR_FAAS_INVOKED_PROVIDER,
  ATTR_FAAS_INVOKED_REGION,
  ATTR_FAAS_TRIGGER,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
} from '@opentelemetry/semantic-conventions/incubating';

const tracer = trace.getTracer('catalogue');
type Work = () => Promise<unknown>;

export const routeSpan = (run: Work) =>
  tracer.startActiveSpan('GET /orders/:id', { attributes: { [ATTR_HTTP_ROUTE]: '/orders/:id' } }, async (span) => { // expect: none
    await run();
    span.end();
  });

export const pathSpan = (run: Work, path: string, peer: string) =>
  tracer.startActiveSpan('handle request', { kind: SpanKind.SERVER, attributes: { [ATTR_URL_PATH]: path, [ATTR_CLIENT_ADDRESS]: peer } }, async (span) => { // expect: SERVER @wrong-kind
    await run();
    span.end();
  });

export function querySpan(run: Work) {
  const span = tracer.startSpan('SELECT orders', { kind: SpanKind.CLIENT }); // expect: CLIENT
  span.setAttributes({
    [ATTR_DB_SYSTEM_NAME]: 'postgresql',
    [ATTR_DB_OPERATION_NAME]: 'SELECT',
    [ATTR_DB_COLLECTION_NAME]: 'orders',
    [ATTR_DB_QUERY_TEXT]: 'SELECT * FROM orders',
  });
  return run().finally(() => span.end());
}

export function legacyQuerySpan(run: Work) {
  const span = tracer.startSpan('SELECT carts', { kind: SpanKind.CLIENT }); // expect: CLIENT @wrong-kind
  span.setAttribute('db.system', 'mysql');
  span.setAttribute(SEMATTRS_DB_STATEMENT, 'SELECT * FROM carts');
  return run().finally(() => span.end());
}

export const processSpan = (run: Work) =>
  tracer.startActiveSpan('orders process', { kind: SpanKind.CONSUMER, attributes: { [ATTR_MESSAGING_OPERATION_TYPE]: MESSAGING_OPERATION_TYPE_VALUE_PROCESS } }, async (span) => { // expect: CONSUMER
    await run();
    span.end();
  });

export const legacyPublishSpan = (run: Work) =>
  tracer.startActiveSpan('orders publish', { kind: SpanKind.PRODUCER, attributes: { 'messaging.operation': 'publish' } }, async (span) => { // expect: PRODUCER
    await run();
    span.end();
  });

export const triggerSpan = (run: Work) =>
  tracer.startActiveSpan('handler invocation', { kind: SpanKind.SERVER, attributes: { [ATTR_FAAS_TRIGGER]: 'http' } }, async (span) => { // expect: SERVER @wrong-kind
    await run();
    span.end();
  });

export const invokeSpan = (run: Work) =>
  tracer.startActiveSpan('invoke resize', { kind: SpanKind.CLIENT, attributes: { [ATTR_FAAS_INVOKED_NAME]: 'resize', [ATTR_FAAS_INVOKED_PROVIDER]: 'aws', [ATTR_FAAS_INVOKED_REGION]: 'eu-west-1' } }, async (span) => { // expect: CLIENT
    await run();
    span.end();
  });

export const chatSpan = (run: Work) =>
  tracer.startActiveSpan('chat gpt-4o', { kind: SpanKind.CLIENT, attributes: { [ATTR_GEN_AI_OPERATION_NAME]: 'chat' } }, async (span) => { // expect: CLIENT
    await run();
    span.end();
  });

export const toolSpan = () =>
  tracer.startActiveSpan('execute_tool add', { kind: SpanKind.INTERNAL, attributes: { [ATTR_GEN_AI_OPERATION_NAME]: 'execute_tool' } }, (span) => { // expect: INTERNAL @wrong-kind
    const sum = 2 + 3;
    span.end();
    return sum;
  });

export const graphqlSpan = (run: Work, document: string) =>
  tracer.startActiveSpan('query Orders', { attributes: { 'graphql.operation.name': 'Orders', 'graphql.operation.type': 'query', 'graphql.document': document } }, async (span) => { // expect: none
    await run();
    span.end();
  });

export const ambiguousSpan = (run: Work) =>
  tracer.startActiveSpan('GET', { kind: SpanKind.CLIENT, attributes: { 'http.request.method': 'GET', 'server.address': 'api' } }, async (span) => { // expect: none
    await run();
    span.end();
  });
