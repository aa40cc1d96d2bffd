// Which auto-instrumentations a workspace registers. With one registered, the SERVER/CONSUMER entry span
// of a request or message already exists, so a manual span in the handler is INTERNAL, not a second entry.
// Pure: file names and texts in, facts out.

/**
 * Families an instrumentation covers: entry spans keyed as handler families are, and context injection into
 * outgoing work (`http`: node's http module and the clients built on it; `undici`: the global fetch;
 * `aws-sdk`: SQS/SNS message attributes; `kafkajs`, `amqplib`: message headers).
 */
export type InstrumentedFamily = 'http' | 'undici' | 'grpc' | 'lambda' | 'kafkajs' | 'amqplib' | 'aws-sdk';

export interface InstrumentationFact {
  family: InstrumentedFamily;
  /** The instrumentation package, e.g. `@opentelemetry/instrumentation-http`. */
  module: string;
  /** Where it is registered: `path:line`. */
  where: string;
}

const PACKAGES: Record<string, readonly InstrumentedFamily[]> = {
  '@opentelemetry/auto-instrumentations-node': ['http', 'undici', 'grpc', 'lambda', 'kafkajs', 'amqplib', 'aws-sdk'],
  '@opentelemetry/instrumentation-http': ['http'],
  '@opentelemetry/instrumentation-undici': ['undici'],
  '@opentelemetry/instrumentation-aws-sdk': ['aws-sdk'],
  '@opentelemetry/instrumentation-grpc': ['grpc'],
  '@opentelemetry/instrumentation-aws-lambda': ['lambda'],
  '@opentelemetry/instrumentation-kafkajs': ['kafkajs'],
  'opentelemetry-instrumentation-kafkajs': ['kafkajs'],
  '@opentelemetry/instrumentation-amqplib': ['amqplib'],
  '@vercel/otel': ['http'],
};

const MENTION = new RegExp(
  `(?:from\\s*|require\\(\\s*|import\\(\\s*|--require\\s+|-r\\s+|--import\\s+)['"]?(${Object.keys(PACKAGES)
    .map((p) => p.replace(/[/.-]/g, (c) => `\\${c}`))
    .join('|')})(?:/[\\w./-]*)?['"]?`,
  'g',
);

/** Instrumentations a source file imports or requires, or a package.json preloads with --require/--import. */
export function detectInstrumentation(fileName: string, text: string): InstrumentationFact[] {
  if (!text.includes('instrumentation') && !text.includes('@vercel/otel')) return [];
  const facts: InstrumentationFact[] = [];
  for (const m of text.matchAll(MENTION)) {
    const line = text.slice(0, m.index).split('\n').length;
    for (const family of PACKAGES[m[1]] ?? []) facts.push({ family, module: m[1], where: `${fileName}:${line}` });
  }
  return facts;
}

/** The entry-span family of a handler library, if an instrumentation creates its entry spans. */
export function familyOfHandler(library: string): InstrumentedFamily | undefined {
  if (['express', 'fastify', 'koa', 'hono', 'restify', '@hapi/hapi', 'node http', 'Next.js', 'NestJS'].includes(library)) return 'http';
  if (library === '@grpc/grpc-js') return 'grpc';
  if (library === 'AWS Lambda') return 'lambda';
  if (library === 'kafkajs' || library === 'amqplib') return library;
  return undefined;
}
