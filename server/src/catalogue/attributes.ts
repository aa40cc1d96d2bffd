// Span attributes that betray the kind, following the current semantic conventions. Attributes set at
// start or later in the span's scope count as evidence, by string key or by semantic-conventions constant.
import type { SpanKindName } from '../analysis/types';

export interface AttributeRow {
  /** The attribute key, e.g. `url.full`. */
  key: string;
  /** The kind the key alone means. */
  kind?: SpanKindName;
  /** The kind by the attribute's value (for enums such as `messaging.operation.type`). */
  byValue?: Readonly<Record<string, SpanKindName>>;
  /** GraphQL: SERVER, or INTERNAL when the span is nested under another span (the HTTP server span). */
  internalWhenNested?: boolean;
}

const MESSAGING_OPERATION: Record<string, SpanKindName> = {
  create: 'PRODUCER',
  send: 'PRODUCER',
  publish: 'PRODUCER',
  process: 'CONSUMER',
  deliver: 'CONSUMER',
  // Pull receive and settlement are CLIENT since semantic conventions 1.28.
  receive: 'CLIENT',
  settle: 'CLIENT',
};

const GEN_AI_OPERATION: Record<string, SpanKindName> = {
  chat: 'CLIENT',
  text_completion: 'CLIENT',
  generate_content: 'CLIENT',
  embeddings: 'CLIENT',
  retrieval: 'CLIENT',
  create_agent: 'CLIENT',
  execute_tool: 'INTERNAL',
  invoke_workflow: 'INTERNAL',
  plan: 'INTERNAL',
};

export const attributeRows: readonly AttributeRow[] = [
  // HTTP: `url.full` is client-only; route, path and client address are server-side.
  // `http.request.method` and `server.address` appear on both sides and decide nothing.
  { key: 'url.full', kind: 'CLIENT' },
  { key: 'http.route', kind: 'SERVER' },
  { key: 'url.path', kind: 'SERVER' },
  { key: 'client.address', kind: 'SERVER' },
  // Databases (INTERNAL remains right for in-memory databases, which the catalogue knows as local).
  ...['db.system.name', 'db.system', 'db.operation.name', 'db.query.text', 'db.collection.name', 'db.statement'].map(
    (key): AttributeRow => ({ key, kind: 'CLIENT' }),
  ),
  { key: 'messaging.operation.type', byValue: MESSAGING_OPERATION },
  { key: 'messaging.operation', byValue: MESSAGING_OPERATION },
  { key: 'faas.trigger', kind: 'SERVER' },
  ...['faas.invoked_name', 'faas.invoked_provider', 'faas.invoked_region'].map((key): AttributeRow => ({ key, kind: 'CLIENT' })),
  // An INTERNAL meaning (execute_tool, plan ...) decides only when no call or handler does.
  { key: 'gen_ai.operation.name', byValue: GEN_AI_OPERATION },
  ...['graphql.operation.name', 'graphql.operation.type', 'graphql.document'].map(
    (key): AttributeRow => ({ key, kind: 'SERVER', internalWhenNested: true }),
  ),
];
