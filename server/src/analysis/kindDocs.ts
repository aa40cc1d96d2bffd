// What each span kind means, as data, and the hover card that teaches it.
import type { SpanKindName } from './types';

export interface KindDoc {
  kind: SpanKindName;
  /** The `SpanKind` enum value in `@opentelemetry/api`. */
  value: number;
  summary: string;
  role: string;
  duration: string;
  relation: string;
  propagation: string;
  typicalCode: string;
  answers: string;
}

export const KIND_DOCS: Readonly<Record<SpanKindName, KindDoc>> = {
  INTERNAL: {
    kind: 'INTERNAL',
    value: 0,
    summary: 'Work this service does on its own, without anything leaving the process.',
    role: 'a local step: business logic, computation, parsing, an in-memory or embedded store.',
    duration: 'local work only; no network time is part of it.',
    relation: 'child of another span in the same process; it has no remote counterpart.',
    propagation: 'none; no request or message goes out, so there is nothing to inject or extract.',
    typicalCode:
      "domain logic, algorithms, parsing, in-memory caches, in-process SQLite or vector indexes, an agent's planning loop.",
    answers: 'which local step takes the most time?',
  },
  SERVER: {
    kind: 'SERVER',
    value: 1,
    summary: 'This service handling a synchronous request that another process sent it.',
    role: 'the entry point of one incoming request or invocation.',
    duration: 'how long this service worked on the request, from its arrival to the response.',
    relation: "child of the caller's CLIENT span, across the process boundary.",
    propagation: "extracts the caller's context from the incoming request (the W3C `traceparent` header).",
    typicalCode:
      'route handlers in `express`, `fastify`, `koa`, `hapi`, Nest or Next.js; `http.createServer` callbacks; gRPC service methods; Lambda and other serverless handlers.',
    answers: 'what inside this service makes a request slow?',
  },
  CLIENT: {
    kind: 'CLIENT',
    value: 2,
    summary: 'An outgoing call to another process that waits for its answer.',
    role: 'crosses a process boundary: another service, an external API, a database or cache server.',
    duration: 'the whole call: the network round trip and the time the remote side spends on it.',
    relation: 'parent of the SERVER span that the called side records.',
    propagation: 'injects the current context into the outgoing request (the W3C `traceparent` header).',
    typicalCode:
      '`fetch`, `axios`, `got`, `undici`, `http.request`, gRPC client stubs, database and cache drivers, cloud SDK calls, LLM and vector-store APIs.',
    answers: 'which downstream service, database or API is slow or failing?',
  },
  PRODUCER: {
    kind: 'PRODUCER',
    value: 3,
    summary: 'Publishing a message to a broker, for a consumer to process later.',
    role: 'puts a message on a queue, topic or stream and does not wait for it to be handled.',
    duration: 'creating and enqueuing the message; its processing is not included.',
    relation:
      'tied to the CONSUMER spans by span links, not as their parent: processing may happen much later, in another trace.',
    propagation: 'injects the context into the message headers or metadata so that consumers can link back.',
    typicalCode:
      'kafkajs `producer.send`, RabbitMQ `publish`/`sendToQueue`, SQS `SendMessage`, SNS `Publish`, BullMQ `queue.add`, Pub/Sub and NATS `publish`.',
    answers: 'does publishing take long or fail? A PRODUCER with no linked CONSUMER points to a lost message.',
  },
  CONSUMER: {
    kind: 'CONSUMER',
    value: 4,
    summary: 'Processing a message that a broker delivered to this service.',
    role: 'the entry point of one pushed message: a handler, callback or worker job.',
    duration: 'the processing after the message left the queue; it can start long after it was published.',
    relation:
      'linked back to the PRODUCER span instead of being its child; it often runs in its own trace, much later.',
    propagation: "extracts the producer's context from the message headers or metadata and links to it.",
    typicalCode:
      'kafkajs `eachMessage`/`eachBatch`, RabbitMQ `consume` callbacks, SQS message handlers, BullMQ `Worker` processors, Pub/Sub subscriptions.',
    answers: 'how long processing takes, how big the backlog is, and which messages fail.',
  },
};

/** A closing remark for the kinds that are easy to get wrong. */
const KIND_NOTES: Readonly<Partial<Record<SpanKindName, string>>> = {
  INTERNAL:
    'A span created without a `kind` is INTERNAL. That is why a missing kind hides remote calls: their latency is counted as local work and the service graph loses the edge.',
  SERVER:
    "Only the request's own entry span is SERVER. When auto-instrumentation already creates it, spans inside the handler are INTERNAL.",
  CLIENT:
    'Messaging: pulling a message (receive) and settling it (ack, nack, reject, delete) are CLIENT in the semantic conventions since 1.28.',
  CONSUMER:
    'A pull receive and ack/nack are CLIENT since semantic conventions 1.28 (older code used CONSUMER for receive); CONSUMER is the processing.',
};

/** The hover card for one kind, markdown. First line exactly: `**Span kind: CLIENT**` followed by ` (SpanKind.CLIENT = 2)`. */
export function kindCard(kind: SpanKindName): string {
  const doc = KIND_DOCS[kind];
  const lines = [
    `**Span kind: ${kind}** (SpanKind.${kind} = ${doc.value})`,
    '',
    doc.summary,
    '',
    `- **Role:** ${doc.role}`,
    `- **Duration:** ${doc.duration}`,
    `- **Relation:** ${doc.relation}`,
    `- **Context propagation:** ${doc.propagation}`,
    `- **Typical code:** ${doc.typicalCode}`,
    `- **Helps you answer:** ${doc.answers}`,
  ];
  const note = KIND_NOTES[kind];
  if (note) lines.push('', note);
  return lines.join('\n');
}
