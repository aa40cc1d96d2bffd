#!/usr/bin/env node
// Deterministic generator of a realistic TypeScript service workspace for the benchmark.
//
//   node bench/generate.mjs --files 1000 --out /tmp/span-kind-bench/ws-1000 [--seed 1] [--node-modules hardlink|symlink|none]
//
// The workspace is a monorepo-sized Node service split in domains. Each domain has its models, a Postgres
// repository (pg Pool), an HTTP client (fetch or axios), Kafka publishers and a consumer (kafkajs), BullMQ
// jobs, a service that ties them together, express routes, validation, mappers and pure helpers; helpers
// import helpers of other domains, services import other domains' helpers, and src/app.ts mounts every
// router. Some files are traced: about 15% of the files hold span calls, about one per 200 lines overall,
// with a realistic mix of kinds (missing, right, wrong, attributes only). Same seed and size, same bytes.
//
// Types resolve against the repository's node_modules (@opentelemetry/api, express, pg, kafkajs, bullmq,
// axios, @types/*): by default the generated workspace gets a hard-linked copy of it (`cp -al`, no extra
// space, and every file lies inside the workspace folder, as the language server requires); `symlink`
// links the folder instead (enough for the CLI and tsc).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const GENERATOR_VERSION = 3;
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32).

export function rngOf(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng = {
    float: next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    shuffle: (list) => {
      const out = [...list];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
    /** `k` distinct items of `list`, in list order. */
    sample: (list, k) => {
      const idx = rng.shuffle(list.map((_, i) => i)).slice(0, k).sort((x, y) => x - y);
      return idx.map((i) => list[i]);
    },
  };
  return rng;
}

// ---------------------------------------------------------------------------------------------------------
// Small text helpers.

const pascal = (s) => s.replace(/(^|[-_ ])(\w)/g, (_, __, c) => c.toUpperCase());
const camel = (s) => s.charAt(0).toLowerCase() + s.slice(1);
const indent = (lines, n) => lines.map((l) => (l ? ' '.repeat(2 * n) + l : l));

/** Collects a file's imports and renders them in a stable order. */
class Imports {
  constructor() {
    this.byModule = new Map();
  }
  add(module, name, typeOnly = false) {
    let m = this.byModule.get(module);
    if (!m) this.byModule.set(module, (m = { names: new Map(), def: undefined }));
    if (name.startsWith('default:')) m.def = name.slice(8);
    else if (!m.names.has(name) || !typeOnly) m.names.set(name, typeOnly && (m.names.get(name) ?? true));
  }
  render() {
    const mods = [...this.byModule.keys()].sort((a, b) => (a.startsWith('.') ? 1 : 0) - (b.startsWith('.') ? 1 : 0) || a.localeCompare(b));
    return mods.map((mod) => {
      const { names, def } = this.byModule.get(mod);
      const list = [...names.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([n, t]) => (t ? `type ${n}` : n));
      if (!def && list.every((n) => n.startsWith('type '))) return `import type { ${list.map((n) => n.slice(5)).join(', ')} } from '${mod}';`;
      const parts = [def, list.length ? `{ ${list.join(', ')} }` : undefined].filter(Boolean).join(', ');
      return `import ${parts} from '${mod}';`;
    });
  }
}

/**
 * Generation context of one file: its imports, where lib/ is, the span probability per eligible function,
 * and counters.
 */
class FileCtx {
  constructor(rng, { lib, spanRate }) {
    this.rng = rng;
    this.lib = lib;
    this.spanRate = spanRate;
    this.imports = new Imports();
    this.spans = 0;
  }
  imp(module, name, typeOnly) {
    this.imports.add(module, name, typeOnly);
  }
  libImp(file, name, typeOnly) {
    this.imports.add(`${this.lib}/${file}`, name, typeOnly);
  }
  render(header, body) {
    return [header, ...this.imports.render(), '', ...body].join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
  }

  /**
   * The body, maybe wrapped in a span (with probability spanRate). `mode` is `return` for a function
   * whose body returns the callback's value, `await` for a void handler.
   */
  maybeSpan(body, { name, kind, attributes, mode = 'return', force }) {
    const wrap = force ?? this.rng.chance(this.spanRate);
    if (!wrap) return body;
    const r = this.rng;
    this.spans++;
    this.libImp('tracing', 'tracer');
    let opts;
    const k = r.float();
    if (k < 0.5) opts = undefined;
    else if (k < 0.82) opts = `{ kind: SpanKind.${kind} }`;
    else if (k < 0.92) opts = `{ kind: SpanKind.${kind === 'INTERNAL' ? 'CLIENT' : 'INTERNAL'} }`;
    else opts = attributes ? `{ attributes: ${attributes} }` : `{ kind: SpanKind.${kind}, attributes: { 'code.function': ${name} } }`;
    if (opts?.includes('SpanKind')) this.imp('@opentelemetry/api', 'SpanKind');
    const withCatch = r.chance(0.6);
    if (withCatch) this.libImp('tracing', 'recordFailure');
    const catchLines = withCatch ? ['} catch (error) {', '  recordFailure(span, error);', '  throw error;'] : [];
    if (r.chance(0.75)) {
      const args = [name, opts, 'async (span) => {'].filter(Boolean).join(', ');
      return [
        `${mode} tracer.startActiveSpan(${args}`,
        '  try {',
        ...indent(body, 2),
        ...indent(catchLines, 1),
        '  } finally {',
        '    span.end();',
        '  }',
        '});',
      ];
    }
    return [
      `const span = tracer.startSpan(${[name, opts].filter(Boolean).join(', ')});`,
      'try {',
      ...indent(body, 1),
      ...catchLines,
      '} finally {',
      '  span.end();',
      '}',
    ];
  }
}

// ---------------------------------------------------------------------------------------------------------
// Domains.

const WORDS = [
  'order', 'invoice', 'customer', 'payment', 'shipment', 'product', 'stock', 'cart', 'coupon', 'review',
  'account', 'subscription', 'ticket', 'refund', 'warehouse', 'supplier', 'employee', 'contract', 'booking',
  'notice', 'report', 'device', 'session', 'listing', 'quote', 'vendor', 'claim', 'policy', 'lease', 'route',
];

function domainOf(d) {
  const word = WORDS[d % WORDS.length];
  const E = `${pascal(word)}${d}`;
  return { d, word, dir: `${word}-${d}`, E, e: camel(E), table: `${word}s_${d}`, topic: `${word}-${d}.events`, route: `/${word}s-${d}` };
}

function modelsFile(dom, rng) {
  const { E } = dom;
  const extras = [];
  const n = rng.int(1, 6);
  for (let i = 0; i < n; i++) {
    const fields = rng.int(3, 12);
    extras.push('', `/** Part of a ${dom.word} as shown in listings (variant ${i}). */`, `export interface ${E}View${i} {`);
    for (let f = 0; f < fields; f++) extras.push(`  ${rng.pick(['label', 'note', 'code', 'ref', 'region', 'channel'])}${f}${rng.chance(0.3) ? '?' : ''}: ${rng.pick(['string', 'number', 'boolean', 'string[]', 'Date', `${E}Status`])};`);
    extras.push('}');
  }
  return [
    `// Data shapes of the ${dom.word} domain (${dom.dir}).`,
    '',
    `export type ${E}Status = 'draft' | 'active' | 'archived';`,
    '',
    `export interface ${E} {`,
    '  id: string;',
    '  ownerId: string;',
    `  status: ${E}Status;`,
    '  title: string;',
    '  amountCents: number;',
    '  currency: string;',
    '  tags: string[];',
    '  createdAt: Date;',
    '  updatedAt: Date;',
    '}',
    '',
    `export interface ${E}New {`,
    '  ownerId: string;',
    '  title: string;',
    '  amountCents: number;',
    '  currency: string;',
    '  tags?: string[];',
    '}',
    '',
    `export interface ${E}Patch {`,
    '  title?: string;',
    `  status?: ${E}Status;`,
    '  amountCents?: number;',
    '  tags?: string[];',
    '}',
    '',
    `export interface ${E}Event {`,
    "  type: 'created' | 'updated' | 'archived';",
    '  id: string;',
    '  ownerId: string;',
    '  at: string;',
    '}',
    '',
    `export interface ${E}Job {`,
    '  id: string;',
    "  action: 'reindex' | 'notify' | 'export';",
    '  requestedBy: string;',
    '}',
    '',
    `export interface ${E}Remote {`,
    '  id: string;',
    '  externalRef: string;',
    '  score: number;',
    '  updatedAt: string;',
    '}',
    '',
    `export interface ${E}Page {`,
    `  items: ${E}[];`,
    '  nextCursor: string | null;',
    '}',
    '',
    `export const ${dom.e.toUpperCase()}_STATUSES: readonly ${E}Status[] = ['draft', 'active', 'archived'];`,
    '',
    `export function is${E}Status(value: unknown): value is ${E}Status {`,
    `  return typeof value === 'string' && (${dom.e.toUpperCase()}_STATUSES as readonly string[]).includes(value);`,
    '}',
    ...extras,
  ];
}

const DOC_PHRASES = [
  'Callers retry on transient failures; errors from validation are not retried.',
  'The result is not cached: every call reaches the backing store.',
  'Safe to call concurrently; the operation is idempotent for the same arguments.',
  'Throws when the backing service is unavailable, after the client timeout.',
  'Kept small on purpose: composition happens in the service layer.',
  'Ordering follows the creation time, newest first.',
  'See the runbook for the limits that apply in production.',
];

/** A JSDoc block for a function with signature `sig`: a summary, maybe a remark, its parameters. */
function jsdoc(r, sig, summary) {
  const name = sig.slice(0, sig.indexOf('('));
  const params = [...sig.slice(sig.indexOf('(') + 1, sig.lastIndexOf(')')).matchAll(/(\w+)\??(?::|\s*=)/g)].map((m) => m[1]);
  const text = summary ?? `${name.charAt(0).toUpperCase()}${name.slice(1).replace(/([A-Z])/g, ' $1').toLowerCase()}.`;
  if (r.chance(0.25)) return [`/** ${text} */`];
  const lines = ['/**', ` * ${text}`];
  if (r.chance(0.6)) lines.push(' *', ` * ${r.pick(DOC_PHRASES)}`);
  for (const p of params) lines.push(` * @param ${p} ${r.pick(['the identifier', 'as received from the caller', 'already validated', 'see the model', 'in the caller\'s units'])}`);
  lines.push(' */');
  return lines;
}

/** Imports the domain's model names from `from` (a relative module) into ctx, when the models are elsewhere. */
function modelImp(ctx, from, ...names) {
  if (from) for (const n of names) ctx.imp(from, n, true);
}

function repositorySection(ctx, dom, models) {
  const { E, e } = dom;
  const r = ctx.rng;
  ctx.libImp('db', 'pool');
  ctx.imp('pg', 'QueryResultRow', true);
  modelImp(ctx, models, E, `${E}New`, `${E}Patch`, `${E}Status`, `${E}Page`);
  const T = `${e}Table`;
  const methods = [];
  const span = (op, body, mode) => ctx.maybeSpan(body, { name: `'${op} ${dom.table}'`, kind: 'CLIENT', attributes: `{ 'db.system.name': 'postgresql', 'db.collection.name': ${T} }`, mode });
  const method = (sig, body) => methods.push('', ...indent(jsdoc(r, sig), 1), `  async ${sig} {`, ...indent(body, 2), '  }');
  method(`findById(id: string): Promise<${E} | undefined>`, span('SELECT', [
    `const { rows } = await pool.query<${E}Row>(\`SELECT * FROM \${${T}} WHERE id = $1\`, [id]);`,
    `return rows[0] ? to${E}(rows[0]) : undefined;`,
  ]));
  method(`listByOwner(ownerId: string, limit = 50): Promise<${E}[]>`, span('SELECT', [
    `const { rows } = await pool.query<${E}Row>(`,
    `  \`SELECT * FROM \${${T}} WHERE owner_id = $1 AND status <> 'archived' ORDER BY created_at DESC LIMIT $2\`,`,
    '  [ownerId, limit],',
    ');',
    `return rows.map(to${E});`,
  ]));
  method(`insert(input: ${E}New): Promise<${E}>`, span('INSERT', [
    `const { rows } = await pool.query<${E}Row>(`,
    `  \`INSERT INTO \${${T}} (owner_id, title, amount_cents, currency, tags) VALUES ($1, $2, $3, $4, $5) RETURNING *\`,`,
    '  [input.ownerId, input.title, input.amountCents, input.currency, input.tags ?? []],',
    ');',
    `return to${E}(rows[0]);`,
  ]));
  method('archive(id: string): Promise<boolean>', span('UPDATE', [
    `const result = await pool.query(\`UPDATE \${${T}} SET status = 'archived', updated_at = now() WHERE id = $1\`, [id]);`,
    'return (result.rowCount ?? 0) > 0;',
  ]));
  const extras = [
    () => method(`update(id: string, patch: ${E}Patch): Promise<${E} | undefined>`, span('UPDATE', [
      `const current = await pool.query<${E}Row>(\`SELECT * FROM \${${T}} WHERE id = $1\`, [id]);`,
      'if (!current.rows[0]) return undefined;',
      `const next: ${E} = { ...to${E}(current.rows[0]), ...patch, updatedAt: new Date() };`,
      'await pool.query(',
      `  \`UPDATE \${${T}} SET title = $2, status = $3, amount_cents = $4, tags = $5, updated_at = $6 WHERE id = $1\`,`,
      '  [id, next.title, next.status, next.amountCents, next.tags, next.updatedAt],',
      ');',
      'return next;',
    ])),
    () => method(`countByStatus(): Promise<Record<${E}Status, number>>`, span('SELECT', [
      `const { rows } = await pool.query<{ status: ${E}Status; n: number }>(\`SELECT status, count(*)::int AS n FROM \${${T}} GROUP BY status\`);`,
      `const counts: Record<${E}Status, number> = { draft: 0, active: 0, archived: 0 };`,
      'for (const row of rows) counts[row.status] = row.n;',
      'return counts;',
    ])),
    () => method(`search(term: string, page = 0): Promise<${E}Page>`, span('SELECT', [
      `const offset = Math.max(0, page) * ${e}PageSize;`,
      `const { rows } = await pool.query<${E}Row>(`,
      `  \`SELECT * FROM \${${T}} WHERE title ILIKE $1 ORDER BY created_at DESC LIMIT $2 OFFSET $3\`,`,
      `  [\`%\${term}%\`, ${e}PageSize + 1, offset],`,
      ');',
      `const items = rows.slice(0, ${e}PageSize).map(to${E});`,
      `return { items, nextCursor: rows.length > ${e}PageSize ? String(page + 1) : null };`,
    ])),
    () => method('transfer(fromId: string, toId: string, amountCents: number): Promise<void>', span('UPDATE', [
      'const client = await pool.connect();',
      'try {',
      "  await client.query('BEGIN');",
      `  await client.query(\`UPDATE \${${T}} SET amount_cents = amount_cents - $2 WHERE id = $1\`, [fromId, amountCents]);`,
      `  await client.query(\`UPDATE \${${T}} SET amount_cents = amount_cents + $2 WHERE id = $1\`, [toId, amountCents]);`,
      "  await client.query('COMMIT');",
      '} catch (error) {',
      "  await client.query('ROLLBACK');",
      '  throw error;',
      '} finally {',
      '  client.release();',
      '}',
    ])),
    () => method('deleteOlderThan(days: number): Promise<number>', span('DELETE', [
      'const cutoff = new Date(Date.now() - days * 86_400_000);',
      `const result = await pool.query(\`DELETE FROM \${${T}} WHERE status = 'archived' AND updated_at < $1\`, [cutoff]);`,
      'return result.rowCount ?? 0;',
    ])),
    () => method('tagsInUse(ownerId: string): Promise<string[]>', span('SELECT', [
      `const { rows } = await pool.query<{ tag: string }>(\`SELECT DISTINCT unnest(tags) AS tag FROM \${${T}} WHERE owner_id = $1\`, [ownerId]);`,
      'return rows.map((row) => row.tag).sort();',
    ])),
  ];
  for (const add of r.sample(extras, r.int(1, extras.length))) add();
  return [
    `const ${T} = '${dom.table}';`,
    `const ${e}PageSize = ${r.pick([20, 25, 50, 100])};`,
    '',
    `interface ${E}Row extends QueryResultRow {`,
    '  id: string;',
    '  owner_id: string;',
    `  status: ${E}Status;`,
    '  title: string;',
    '  amount_cents: number;',
    '  currency: string;',
    '  tags: string[];',
    '  created_at: Date;',
    '  updated_at: Date;',
    '}',
    '',
    `function to${E}(row: ${E}Row): ${E} {`,
    '  return {',
    '    id: row.id,',
    '    ownerId: row.owner_id,',
    '    status: row.status,',
    '    title: row.title,',
    '    amountCents: row.amount_cents,',
    '    currency: row.currency,',
    '    tags: row.tags,',
    '    createdAt: row.created_at,',
    '    updatedAt: row.updated_at,',
    '  };',
    '}',
    '',
    `/** Postgres access to ${dom.table}. */`,
    `export class ${E}Repository {`,
    ...methods.slice(1),
    '}',
  ];
}

function clientSection(ctx, dom, models) {
  const { E, e } = dom;
  const r = ctx.rng;
  const useAxios = r.chance(0.4);
  modelImp(ctx, models, E, `${E}Remote`);
  const url = `${e}ApiUrl`;
  const out = [`const ${url} = process.env.${dom.word.toUpperCase()}_${dom.d}_API_URL ?? 'http://${dom.word}-${dom.d}.internal:8080';`];
  const span = (op, body) => ctx.maybeSpan(body, { name: `'${op} ${dom.route}'`, kind: 'CLIENT', attributes: `{ 'url.full': ${url} }` });
  const fn = (doc, sig, body) => out.push('', ...jsdoc(r, sig, doc), `export async function ${sig} {`, ...indent(body, 1), '}');
  if (useAxios) {
    ctx.libImp('http', 'api');
    fn(`The remote view of one ${dom.word}, or undefined when the service does not know it.`, `fetchRemote${E}(id: string): Promise<${E}Remote | undefined>`, span('GET', [
      `const response = await api.get<${E}Remote>(\`\${${url}}${dom.route}/\${encodeURIComponent(id)}\`, { validateStatus: (s) => s < 500 });`,
      'return response.status === 404 ? undefined : response.data;',
    ]));
    fn(`Sends a ${dom.word} to the remote service.`, `pushRemote${E}(item: ${E}): Promise<void>`, span('PUT', [
      `await api.put(\`\${${url}}${dom.route}/\${item.id}\`, { ref: item.id, title: item.title, amount: item.amountCents / 100 });`,
    ]));
    const extras = [
      () => fn('Remote changes since `since`.', `listRemote${E}Since(since: Date): Promise<${E}Remote[]>`, span('GET', [
        `const { data } = await api.get<${E}Remote[]>(\`\${${url}}${dom.route}\`, { params: { since: since.toISOString() } });`,
        'return data.filter((item) => item.score >= 0);',
      ])),
      () => fn('Removes the remote copy.', `deleteRemote${E}(id: string): Promise<boolean>`, span('DELETE', [
        `const response = await api.delete(\`\${${url}}${dom.route}/\${id}\`, { validateStatus: () => true });`,
        'return response.status === 204;',
      ])),
    ];
    for (const add of r.sample(extras, r.int(0, 2))) add();
  } else {
    fn(`The remote view of one ${dom.word}, or undefined when the service does not know it.`, `fetchRemote${E}(id: string): Promise<${E}Remote | undefined>`, span('GET', [
      `const response = await fetch(\`\${${url}}${dom.route}/\${encodeURIComponent(id)}\`, { headers: { accept: 'application/json' } });`,
      'if (response.status === 404) return undefined;',
      `if (!response.ok) throw new Error(\`${dom.word} service returned \${response.status}\`);`,
      `return (await response.json()) as ${E}Remote;`,
    ]));
    fn(`Sends a ${dom.word} to the remote service.`, `pushRemote${E}(item: ${E}): Promise<void>`, span('PUT', [
      `const response = await fetch(\`\${${url}}${dom.route}/\${item.id}\`, {`,
      "  method: 'PUT',",
      "  headers: { 'content-type': 'application/json' },",
      '  body: JSON.stringify({ ref: item.id, title: item.title, amount: item.amountCents / 100 }),',
      '});',
      `if (!response.ok) throw new Error(\`${dom.word} service returned \${response.status}\`);`,
    ]));
    const extras = [
      () => fn('Remote changes since `since`.', `listRemote${E}Since(since: Date): Promise<${E}Remote[]>`, span('GET', [
        `const response = await fetch(\`\${${url}}${dom.route}?since=\${encodeURIComponent(since.toISOString())}\`);`,
        `if (!response.ok) throw new Error(\`${dom.word} service returned \${response.status}\`);`,
        `const items = (await response.json()) as ${E}Remote[];`,
        'return items.filter((item) => item.score >= 0);',
      ])),
      () => fn('Is the remote service up?', `ping${E}Service(): Promise<boolean>`, span('GET', [
        'try {',
        `  const response = await fetch(\`\${${url}}/health\`, { signal: AbortSignal.timeout(2_000) });`,
        '  return response.ok;',
        '} catch {',
        '  return false;',
        '}',
      ])),
    ];
    for (const add of r.sample(extras, r.int(0, 2))) add();
  }
  return out;
}

function eventsSection(ctx, dom, models) {
  const { E, e } = dom;
  const r = ctx.rng;
  ctx.libImp('kafka', 'producer');
  modelImp(ctx, models, E, `${E}Event`);
  const topic = `${e}Topic`;
  const inject = r.chance(0.5);
  if (inject) ctx.imp('@opentelemetry/api', 'context'), ctx.imp('@opentelemetry/api', 'propagation');
  const out = [
    `const ${topic} = '${dom.topic}';`,
    '',
    `function ${e}Message(event: ${E}Event): { key: string; value: string; headers: Record<string, string> } {`,
    "  const headers: Record<string, string> = { 'event-type': event.type };",
    ...(inject ? ['  propagation.inject(context.active(), headers);'] : []),
    '  return { key: event.id, value: JSON.stringify(event), headers };',
    '}',
  ];
  const span = (body) => ctx.maybeSpan(body, { name: `'send ${dom.topic}'`, kind: 'PRODUCER', attributes: `{ 'messaging.system': 'kafka', 'messaging.operation.type': 'send' }` });
  const fn = (sig, body) => out.push('', ...jsdoc(r, sig), `export async function ${sig} {`, ...indent(body, 1), '}');
  fn(`publish${E}Created(item: ${E}): Promise<void>`, span([
    `const event: ${E}Event = { type: 'created', id: item.id, ownerId: item.ownerId, at: new Date().toISOString() };`,
    `await producer.send({ topic: ${topic}, messages: [${e}Message(event)] });`,
  ]));
  fn(`publish${E}Archived(id: string, ownerId: string): Promise<void>`, span([
    `const event: ${E}Event = { type: 'archived', id, ownerId, at: new Date().toISOString() };`,
    `await producer.send({ topic: ${topic}, messages: [${e}Message(event)] });`,
  ]));
  if (r.chance(0.6)) {
    fn(`publish${E}Batch(items: ${E}[]): Promise<number>`, span([
      'if (items.length === 0) return 0;',
      'const at = new Date().toISOString();',
      `const messages = items.map((item) => ${e}Message({ type: 'updated', id: item.id, ownerId: item.ownerId, at }));`,
      `await producer.send({ topic: ${topic}, messages });`,
      'return messages.length;',
    ]));
  }
  return out;
}

function consumerSection(ctx, dom, models) {
  const { E, e } = dom;
  const r = ctx.rng;
  ctx.libImp('kafka', 'kafka');
  ctx.libImp('db', 'pool');
  modelImp(ctx, models, `${E}Event`);
  const body = [
    `const event = parse${E}Event(message.value);`,
    `if (!event) return;`,
    "await pool.query('INSERT INTO processed_events (id, topic, at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING', [event.id, topic]);",
    'await handle(event);',
  ];
  const handler = ctx.maybeSpan(body, {
    name: '`process ${topic}`',
    kind: 'CONSUMER',
    attributes: "{ 'messaging.system': 'kafka', 'messaging.destination.partition.id': String(partition) }",
    mode: 'await',
    force: ctx.spanRate > 0 ? ctx.rng.chance(Math.min(1, ctx.spanRate * 1.5)) : false,
  });
  return [
    `const ${e}Consumer = kafka.consumer({ groupId: 'svc.${dom.dir}' });`,
    '',
    `function parse${E}Event(value: Buffer | null): ${E}Event | undefined {`,
    '  if (!value) return undefined;',
    `  const event = JSON.parse(value.toString('utf8')) as Partial<${E}Event>;`,
    '  if (!event.id || !event.ownerId || !event.type) return undefined;',
    `  return event as ${E}Event;`,
    '}',
    '',
    `/** Consumes ${dom.topic}; each event goes to \`handle\` once. */`,
    `export async function start${E}Consumer(handle: (event: ${E}Event) => Promise<void>): Promise<void> {`,
    `  await ${e}Consumer.connect();`,
    `  await ${e}Consumer.subscribe({ topics: ['${dom.topic}'], fromBeginning: ${r.chance(0.2)} });`,
    `  await ${e}Consumer.run({`,
    `    partitionsConsumedConcurrently: ${r.int(1, 4)},`,
    '    eachMessage: async ({ topic, partition, message }) => {',
    ...indent(handler, 3),
    '    },',
    '  });',
    '}',
    '',
    `export async function stop${E}Consumer(): Promise<void> {`,
    `  await ${e}Consumer.disconnect();`,
    '}',
  ];
}

function jobsSection(ctx, dom, models) {
  const { E, e } = dom;
  const r = ctx.rng;
  ctx.imp('bullmq', 'Queue');
  ctx.imp('bullmq', 'Worker');
  ctx.imp('bullmq', 'Job', true);
  ctx.libImp('queue', 'redis');
  modelImp(ctx, models, `${E}Job`);
  const q = `${e}Queue`;
  const enqueue = ctx.maybeSpan([
    `const added = await ${q}.add(job.action, job, { attempts: ${r.int(2, 6)}, backoff: { type: 'exponential', delay: ${r.pick([500, 1000, 2000])} } });`,
    'return added.id;',
  ], { name: `'send ${dom.dir}'`, kind: 'PRODUCER', attributes: "{ 'messaging.system': 'bullmq' }" });
  const work = ctx.maybeSpan([
    'await job.updateProgress(10);',
    'await handle(job.data);',
    'await job.updateProgress(100);',
  ], { name: '`process ${job.queueName}`', kind: 'CONSUMER', mode: 'await' });
  return [
    `const ${q} = new Queue<${E}Job>('${dom.dir}', { connection: redis });`,
    '',
    `export async function enqueue${E}(job: ${E}Job): Promise<string | undefined> {`,
    ...indent(enqueue, 1),
    '}',
    '',
    `export function start${E}Worker(handle: (job: ${E}Job) => Promise<void>): Worker<${E}Job> {`,
    `  return new Worker<${E}Job>(`,
    `    '${dom.dir}',`,
    `    async (job: Job<${E}Job>) => {`,
    ...indent(work, 3),
    '    },',
    `    { connection: redis, concurrency: ${r.int(1, 8)} },`,
    '  );',
    '}',
  ];
}

function validationSection(ctx, dom, models) {
  const { E } = dom;
  modelImp(ctx, models, `${E}New`, `${E}Patch`);
  if (models) ctx.imp(models, `is${E}Status`);
  const r = ctx.rng;
  const maxTitle = r.pick([80, 120, 200]);
  const out = [
    `export class ${E}ValidationError extends Error {`,
    '  constructor(readonly field: string, message: string) {',
    '    super(`${field}: ${message}`);',
    '  }',
    '}',
    '',
    'function record(input: unknown): Record<string, unknown> {',
    "  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new " + `${E}ValidationError('body', 'must be an object');`,
    '  return input as Record<string, unknown>;',
    '}',
    '',
    `export function validate${E}New(input: unknown): ${E}New {`,
    '  const body = record(input);',
    `  if (typeof body.ownerId !== 'string' || body.ownerId.length === 0) throw new ${E}ValidationError('ownerId', 'is required');`,
    `  if (typeof body.title !== 'string' || body.title.trim().length === 0) throw new ${E}ValidationError('title', 'is required');`,
    `  if (body.title.length > ${maxTitle}) throw new ${E}ValidationError('title', 'is too long');`,
    `  if (typeof body.amountCents !== 'number' || !Number.isInteger(body.amountCents) || body.amountCents < 0) {`,
    `    throw new ${E}ValidationError('amountCents', 'must be a non-negative integer');`,
    '  }',
    `  const currency = typeof body.currency === 'string' ? body.currency.toUpperCase() : 'EUR';`,
    `  if (!/^[A-Z]{3}$/.test(currency)) throw new ${E}ValidationError('currency', 'must be an ISO 4217 code');`,
    "  const tags = Array.isArray(body.tags) ? body.tags.filter((t): t is string => typeof t === 'string') : [];",
    '  return { ownerId: body.ownerId, title: body.title.trim(), amountCents: body.amountCents, currency, tags };',
    '}',
    '',
    `export function validate${E}Patch(input: unknown): ${E}Patch {`,
    '  const body = record(input);',
    `  const patch: ${E}Patch = {};`,
    "  if (typeof body.title === 'string') patch.title = body.title.trim();",
    `  if (body.status !== undefined) {`,
    `    if (!is${E}Status(body.status)) throw new ${E}ValidationError('status', 'is not a known status');`,
    '    patch.status = body.status;',
    '  }',
    "  if (typeof body.amountCents === 'number') patch.amountCents = Math.round(body.amountCents);",
    "  if (Array.isArray(body.tags)) patch.tags = body.tags.map(String);",
    '  return patch;',
    '}',
  ];
  return out;
}

function mappersSection(ctx, dom, models) {
  const { E } = dom;
  modelImp(ctx, models, E, `${E}Remote`);
  const r = ctx.rng;
  const out = [
    `export interface ${E}Dto {`,
    '  id: string;',
    '  owner: string;',
    '  status: string;',
    '  title: string;',
    '  amount: string;',
    '  tags: string[];',
    '  created: string;',
    '}',
    '',
    `export function to${E}Dto(item: ${E}): ${E}Dto {`,
    '  return {',
    '    id: item.id,',
    '    owner: item.ownerId,',
    '    status: item.status,',
    '    title: item.title,',
    "    amount: `${(item.amountCents / 100).toFixed(2)} ${item.currency}`,",
    '    tags: [...item.tags].sort(),',
    '    created: item.createdAt.toISOString(),',
    '  };',
    '}',
    '',
    `export function merge${E}Remote(item: ${E}, remote: ${E}Remote): ${E} {`,
    '  const remoteTime = Date.parse(remote.updatedAt);',
    '  if (Number.isNaN(remoteTime) || remoteTime <= item.updatedAt.getTime()) return item;',
    '  return { ...item, tags: [...new Set([...item.tags, `ref:${remote.externalRef}`])], updatedAt: new Date(remoteTime) };',
    '}',
  ];
  if (r.chance(0.7)) {
    out.push(
      '',
      `export function compare${E}s(a: ${E}, b: ${E}): number {`,
      '  return a.status.localeCompare(b.status) || b.updatedAt.getTime() - a.updatedAt.getTime() || a.id.localeCompare(b.id);',
      '}',
    );
  }
  if (r.chance(0.5)) {
    out.push(
      '',
      `export function ${dom.e}Csv(items: ${E}[]): string {`,
      "  const header = 'id,owner,status,title,amount_cents,currency';",
      "  const escape = (v: string) => (/[\",\\n]/.test(v) ? `\"${v.replace(/\"/g, '\"\"')}\"` : v);",
      '  const rows = items.map((i) => [i.id, i.ownerId, i.status, escape(i.title), String(i.amountCents), i.currency].join(\',\'));',
      "  return [header, ...rows].join('\\n');",
      '}',
    );
  }
  return out;
}

function serviceSection(ctx, dom, paths, crossHelper) {
  const { E, e } = dom;
  const r = ctx.rng;
  const p = paths;
  ctx.imp(p.repository, `${E}Repository`);
  ctx.imp(p.client, `fetchRemote${E}`);
  ctx.imp(p.client, `pushRemote${E}`);
  ctx.imp(p.events, `publish${E}Created`);
  ctx.imp(p.events, `publish${E}Archived`);
  ctx.imp(p.jobs, `enqueue${E}`);
  ctx.imp(p.validation, `validate${E}New`);
  ctx.imp(p.validation, `validate${E}Patch`);
  ctx.imp(p.mappers, `merge${E}Remote`);
  modelImp(ctx, p.models, E);
  const annotate = !ctx.spanRate && r.chance(0.4);
  if (annotate) ctx.imp('@opentelemetry/api', 'trace');
  const attr = (key, value) => (annotate ? [`trace.getActiveSpan()?.setAttribute('${dom.word}.${key}', ${value});`] : []);
  const out = [];
  const method = (sig, body) => out.push('', ...indent(jsdoc(r, sig), 1), `  async ${sig} {`, ...indent(body, 2), '  }');
  const span = (name, body) => ctx.maybeSpan(body, { name: `'${name}'`, kind: 'INTERNAL' });
  method(`get(id: string): Promise<${E} | undefined>`, [...attr('id', 'id'), 'return this.repository.findById(id);']);
  method(`create(input: unknown, requestedBy: string): Promise<${E}>`, span(`create ${dom.word}`, [
    `const valid = validate${E}New(input);`,
    ...attr('owner', 'valid.ownerId'),
    'const created = await this.repository.insert(valid);',
    `await publish${E}Created(created);`,
    `await enqueue${E}({ id: created.id, action: 'notify', requestedBy });`,
    'return created;',
  ]));
  method(`sync(id: string): Promise<${E} | undefined>`, span(`sync ${dom.word}`, [
    'const item = await this.repository.findById(id);',
    'if (!item) return undefined;',
    `const remote = await fetchRemote${E}(id);`,
    'if (!remote) {',
    `  await pushRemote${E}(item);`,
    '  return item;',
    '}',
    `return merge${E}Remote(item, remote);`,
  ]));
  method('archive(id: string, ownerId: string): Promise<boolean>', span(`archive ${dom.word}`, [
    ...attr('id', 'id'),
    'const archived = await this.repository.archive(id);',
    `if (archived) await publish${E}Archived(id, ownerId);`,
    'return archived;',
  ]));
  method(`listFor(ownerId: string): Promise<${E}[]>`, [
    'const items = await this.repository.listByOwner(ownerId);',
    ...(crossHelper ? [`return items.filter((item) => ${crossHelper.use('item.title')} !== '' || item.tags.length > 0);`] : ['return items;']),
  ]);
  if (crossHelper) ctx.imp(crossHelper.from, crossHelper.name);
  if (r.chance(0.6)) {
    method('patch(id: string, input: unknown): Promise<boolean>', [
      `const patch = validate${E}Patch(input);`,
      'const item = await this.repository.findById(id);',
      'if (!item) return false;',
      "if (patch.status === 'archived') return this.archive(id, item.ownerId);",
      `await enqueue${E}({ id, action: 'reindex', requestedBy: item.ownerId });`,
      'return true;',
    ]);
  }
  return [
    `/** Use cases of the ${dom.word} domain. */`,
    `export class ${E}Service {`,
    `  constructor(private readonly repository = new ${E}Repository()) {}`,
    ...out,
    '}',
  ];
}

function routesSection(ctx, dom, paths) {
  const { E, e } = dom;
  ctx.imp('express', 'Router');
  ctx.imp(paths.service, `${E}Service`);
  ctx.imp(paths.mappers, `to${E}Dto`);
  const svc = `${e}Service`;
  const out = [`const ${svc} = new ${E}Service();`, '', `export const ${e}Router = Router();`];
  const route = (method, p, body) => {
    const handler = ctx.maybeSpan(body, {
      name: `'${method.toUpperCase()} ${p}'`,
      kind: 'SERVER',
      attributes: `{ 'http.route': '${p}' }`,
      mode: 'await',
      force: ctx.spanRate > 0 ? ctx.rng.chance(Math.min(1, ctx.spanRate * 1.3)) : false,
    });
    out.push('', `${e}Router.${method}('${p}', async (req, res) => {`, ...indent(handler, 1), '});');
  };
  const userId = "String(req.headers['x-user-id'] ?? 'anonymous')";
  route('get', `${dom.route}/:id`, [
    `const item = await ${svc}.get(req.params.id);`,
    'if (!item) {',
    "  res.status(404).json({ error: 'not found' });",
    '  return;',
    '}',
    `res.json(to${E}Dto(item));`,
  ]);
  route('get', dom.route, [
    `const owner = typeof req.query.owner === 'string' ? req.query.owner : ${userId};`,
    `const items = await ${svc}.listFor(owner);`,
    `res.json(items.map(to${E}Dto));`,
  ]);
  route('post', dom.route, [
    'try {',
    `  const created = await ${svc}.create(req.body, ${userId});`,
    `  res.status(201).location(\`${dom.route}/\${created.id}\`).json(to${E}Dto(created));`,
    '} catch (error) {',
    '  res.status(400).json({ error: error instanceof Error ? error.message : String(error) });',
    '}',
  ]);
  route('delete', `${dom.route}/:id`, [
    `const archived = await ${svc}.archive(req.params.id, ${userId});`,
    'res.status(archived ? 204 : 404).end();',
  ]);
  if (ctx.rng.chance(0.5)) {
    route('post', `${dom.route}/:id/sync`, [
      `const item = await ${svc}.sync(req.params.id);`,
      'if (!item) {',
      "  res.status(404).json({ error: 'not found' });",
      '  return;',
      '}',
      `res.json(to${E}Dto(item));`,
    ]);
  }
  return out;
}

// Pure helpers: small generic functions. `use(arg)` is a string expression calling the helper on a string.
const HELPERS = [
  {
    base: 'slugify',
    use: (n, a) => `${n}(${a})`,
    lines: (n) => [
      `/** A URL-safe lower-case form of \`text\`. */`,
      `export function ${n}(text: string): string {`,
      '  return text',
      "    .normalize('NFKD')",
      "    .replace(/[\\u0300-\\u036f]/g, '')",
      '    .toLowerCase()',
      "    .replace(/[^a-z0-9]+/g, '-')",
      "    .replace(/^-+|-+$/g, '');",
      '}',
    ],
  },
  {
    base: 'maskEmail',
    use: (n, a) => `${n}(${a})`,
    lines: (n) => [
      `export function ${n}(email: string): string {`,
      "  const at = email.indexOf('@');",
      '  if (at <= 1) return email;',
      "  return `${email[0]}${'*'.repeat(at - 1)}${email.slice(at)}`;",
      '}',
    ],
  },
  {
    base: 'clamp',
    use: (n, a) => `String(${n}(${a}.length, 0, 64))`,
    lines: (n) => [
      `export function ${n}(value: number, min: number, max: number): number {`,
      '  if (Number.isNaN(value)) return min;',
      '  return Math.min(max, Math.max(min, value));',
      '}',
    ],
  },
  {
    base: 'formatCents',
    use: (n, a) => `${n}(${a}.length * 100, 'EUR')`,
    lines: (n) => [
      `const ${n}Formats = new Map<string, Intl.NumberFormat>();`,
      '',
      `export function ${n}(cents: number, currency: string, locale = 'en-US'): string {`,
      '  const key = `${locale}:${currency}`;',
      `  let format = ${n}Formats.get(key);`,
      '  if (!format) {',
      "    format = new Intl.NumberFormat(locale, { style: 'currency', currency });",
      `    ${n}Formats.set(key, format);`,
      '  }',
      '  return format.format(cents / 100);',
      '}',
    ],
  },
  {
    base: 'stableHash',
    use: (n, a) => `${n}(${a}).toString(16)`,
    lines: (n) => [
      '/** FNV-1a, for bucketing; not for security. */',
      `export function ${n}(text: string): number {`,
      '  let hash = 0x811c9dc5;',
      '  for (let i = 0; i < text.length; i++) {',
      '    hash ^= text.charCodeAt(i);',
      '    hash = Math.imul(hash, 0x01000193) >>> 0;',
      '  }',
      '  return hash;',
      '}',
    ],
  },
  {
    base: 'chunk',
    lines: (n) => [
      `export function ${n}<T>(items: readonly T[], size: number): T[][] {`,
      "  if (size <= 0) throw new RangeError('size must be positive');",
      '  const out: T[][] = [];',
      '  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));',
      '  return out;',
      '}',
    ],
  },
  {
    base: 'retry',
    lines: (n) => [
      '/** Runs `work` until it succeeds, at most `attempts` times, waiting longer after each failure. */',
      `export async function ${n}<T>(work: () => Promise<T>, attempts = 3, delayMs = 100): Promise<T> {`,
      '  let last: unknown;',
      '  for (let attempt = 0; attempt < attempts; attempt++) {',
      '    try {',
      '      return await work();',
      '    } catch (error) {',
      '      last = error;',
      '      await new Promise((resolve) => setTimeout(resolve, delayMs * 2 ** attempt));',
      '    }',
      '  }',
      '  throw last;',
      '}',
    ],
  },
  {
    base: 'groupBy',
    lines: (n) => [
      `export function ${n}<T, K extends string>(items: readonly T[], key: (item: T) => K): Partial<Record<K, T[]>> {`,
      '  const out: Partial<Record<K, T[]>> = {};',
      '  for (const item of items) {',
      '    const k = key(item);',
      '    (out[k] ??= []).push(item);',
      '  }',
      '  return out;',
      '}',
    ],
  },
  {
    base: 'daysBetween',
    lines: (n) => [
      `export function ${n}(a: Date, b: Date): number {`,
      '  const utc = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());',
      '  return Math.round((utc(b) - utc(a)) / 86_400_000);',
      '}',
    ],
  },
  {
    base: 'parseFlag',
    lines: (n) => [
      `export function ${n}(value: string | undefined, fallback = false): boolean {`,
      '  if (value === undefined) return fallback;',
      "  if (/^(1|true|yes|on)$/i.test(value.trim())) return true;",
      "  if (/^(0|false|no|off)$/i.test(value.trim())) return false;",
      '  return fallback;',
      '}',
    ],
  },
  {
    base: 'uniqueBy',
    lines: (n) => [
      `export function ${n}<T, K>(items: readonly T[], key: (item: T) => K): T[] {`,
      '  const seen = new Set<K>();',
      '  return items.filter((item) => {',
      '    const k = key(item);',
      '    if (seen.has(k)) return false;',
      '    seen.add(k);',
      '    return true;',
      '  });',
      '}',
    ],
  },
  {
    base: 'percentile',
    lines: (n) => [
      `export function ${n}(values: readonly number[], p: number): number {`,
      '  if (values.length === 0) return NaN;',
      '  const sorted = [...values].sort((a, b) => a - b);',
      '  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));',
      '  return sorted[rank];',
      '}',
    ],
  },
  {
    base: 'pick',
    lines: (n) => [
      `export function ${n}<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {`,
      '  const out = {} as Pick<T, K>;',
      '  for (const key of keys) out[key] = value[key];',
      '  return out;',
      '}',
    ],
  },
  {
    base: 'debounce',
    lines: (n) => [
      `export function ${n}<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {`,
      '  let timer: ReturnType<typeof setTimeout> | undefined;',
      '  return (...args: A) => {',
      '    if (timer) clearTimeout(timer);',
      '    timer = setTimeout(() => fn(...args), ms);',
      '  };',
      '}',
    ],
  },
  {
    base: 'truncate',
    use: (n, a) => `${n}(${a}, 24)`,
    lines: (n) => [
      `export function ${n}(text: string, max: number, ellipsis = '…'): string {`,
      '  if (text.length <= max) return text;',
      '  const cut = text.slice(0, Math.max(0, max - ellipsis.length));',
      "  const space = cut.lastIndexOf(' ');",
      '  return (space > max / 2 ? cut.slice(0, space) : cut) + ellipsis;',
      '}',
    ],
  },
  {
    base: 'memoize',
    lines: (n) => [
      '/** Caches the results of a one-argument function; entries expire after `ttlMs`. */',
      `export function ${n}<A, R>(fn: (arg: A) => R, ttlMs = 60_000): (arg: A) => R {`,
      '  const cache = new Map<A, { value: R; expires: number }>();',
      '  return (arg: A) => {',
      '    const now = Date.now();',
      '    const hit = cache.get(arg);',
      '    if (hit && hit.expires > now) return hit.value;',
      '    const value = fn(arg);',
      '    cache.set(arg, { value, expires: now + ttlMs });',
      '    return value;',
      '  };',
      '}',
    ],
  },
  {
    base: 'toQueryString',
    lines: (n) => [
      `export function ${n}(params: Record<string, string | number | boolean | undefined | (string | number)[]>): string {`,
      '  const parts: string[] = [];',
      '  for (const [key, value] of Object.entries(params)) {',
      '    if (value === undefined) continue;',
      '    const values = Array.isArray(value) ? value : [value];',
      '    for (const v of values) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);',
      '  }',
      "  return parts.length ? `?${parts.join('&')}` : '';",
      '}',
    ],
  },
  {
    base: 'parseDuration',
    lines: (n) => [
      `const ${n}Units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };`,
      '',
      '/** "1h30m" → 5400000. Throws on anything else. */',
      `export function ${n}(text: string): number {`,
      '  let total = 0;',
      '  let rest = text.trim();',
      '  while (rest) {',
      '    const match = /^(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)/.exec(rest);',
      '    if (!match) throw new Error(`not a duration: ${text}`);',
      `    total += Number(match[1]) * ${n}Units[match[2]];`,
      '    rest = rest.slice(match[0].length);',
      '  }',
      '  return total;',
      '}',
    ],
  },
  {
    base: 'mapLimit',
    lines: (n) => [
      '/** Maps `items` through `fn` with at most `limit` calls in flight; keeps the order. */',
      `export async function ${n}<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {`,
      '  const results = new Array<R>(items.length);',
      '  let next = 0;',
      '  const lane = async () => {',
      '    while (next < items.length) {',
      '      const index = next++;',
      '      results[index] = await fn(items[index], index);',
      '    }',
      '  };',
      '  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));',
      '  return results;',
      '}',
    ],
  },
  {
    base: 'formatBytes',
    lines: (n) => [
      `export function ${n}(bytes: number, digits = 1): string {`,
      "  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];",
      '  let value = bytes;',
      '  let unit = 0;',
      '  while (Math.abs(value) >= 1024 && unit < units.length - 1) {',
      '    value /= 1024;',
      '    unit++;',
      '  }',
      '  return `${value.toFixed(unit === 0 ? 0 : digits)} ${units[unit]}`;',
      '}',
    ],
  },
];

/** A helper file: a few helpers, maybe one that combines helpers imported from other domains. */
function helpersSection(ctx, dom, k, imported) {
  const r = ctx.rng;
  const out = [`// Helpers of the ${dom.word} domain (${k}).`];
  const exports = [];
  for (const h of r.sample(HELPERS, r.int(6, HELPERS.length))) {
    const name = `${h.base}${dom.E}x${k}`;
    out.push('', ...h.lines(name));
    if (h.use) exports.push({ name, use: (a) => h.use(name, a) });
  }
  if (imported.length) {
    for (const imp of imported) ctx.imp(imp.from, imp.name);
    const body = ctx.maybeSpan([`return [${imported.map((i) => i.use('input')).join(', ')}].join(':');`], { name: `'derive ${dom.word} key'`, kind: 'INTERNAL' });
    const wrapped = body.length > 1;
    out.push('', `/** A key for \`input\` built with the shared helpers. */`, `export ${wrapped ? 'async ' : ''}function ${dom.e}Key${k}(input: string): ${wrapped ? 'Promise<string>' : 'string'} {`, ...indent(body, 1), '}');
  }
  return { lines: out, exports };
}

// ---------------------------------------------------------------------------------------------------------
// Workspace.

const LIB = {
  'tracing.ts': [
    "// The service's tracer. The SDK (exporter, resource, propagator) is registered by the process entry point.",
    "import { SpanStatusCode, trace, type Span } from '@opentelemetry/api';",
    '',
    "export const tracer = trace.getTracer('bench-service', '1.0.0');",
    '',
    '/** Marks a span as failed with the error that ended it. */',
    'export function recordFailure(span: Span, error: unknown): void {',
    '  const exception = error instanceof Error ? error : new Error(String(error));',
    '  span.recordException(exception);',
    '  span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });',
    '}',
  ],
  'db.ts': [
    '// The shared Postgres pool.',
    "import { Pool } from 'pg';",
    '',
    'export const pool = new Pool({',
    '  connectionString: process.env.DATABASE_URL,',
    "  max: Number(process.env.PG_POOL_SIZE ?? 10),",
    '  idleTimeoutMillis: 30_000,',
    '});',
  ],
  'kafka.ts': [
    '// The Kafka client and the shared producer.',
    "import { Kafka, logLevel } from 'kafkajs';",
    '',
    'export const kafka = new Kafka({',
    "  clientId: 'bench-service',",
    "  brokers: (process.env.KAFKA_BROKERS ?? 'localhost:9092').split(','),",
    '  logLevel: logLevel.WARN,',
    '});',
    '',
    'export const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });',
  ],
  'queue.ts': [
    '// Redis connection options for BullMQ queues and workers.',
    "export const redis = { host: process.env.REDIS_HOST ?? 'localhost', port: Number(process.env.REDIS_PORT ?? 6379) };",
  ],
  'http.ts': [
    '// The shared HTTP client for partner services.',
    "import axios from 'axios';",
    '',
    "export const api = axios.create({ timeout: 5_000, headers: { 'user-agent': 'bench-service/1.0' } });",
  ],
  'config.ts': [
    '// Process configuration, read once.',
    'export interface Config {',
    '  port: number;',
    '  env: string;',
    '  logLevel: string;',
    '}',
    '',
    'export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {',
    "  return { port: Number(env.PORT ?? 8080), env: env.NODE_ENV ?? 'development', logLevel: env.LOG_LEVEL ?? 'info' };",
    '}',
  ],
};

const DOMAIN_FILES = ['models', 'repository', 'client', 'events', 'consumer', 'jobs', 'service', 'routes', 'validation', 'mappers'];
/** Probability that a file of this kind is traced, and then that each eligible function gets a span. */
const TRACED = { models: 0, repository: 0.32, client: 0.3, events: 0.36, consumer: 0.36, jobs: 0.36, service: 0.28, routes: 0.36, validation: 0, mappers: 0, helpers: 0.04 };
const SPAN_RATE = 0.7;
const HELPERS_PER_DOMAIN = 5;

/**
 * The files of a workspace of `count` source files, as a Map path → text (paths relative to the
 * workspace root), deterministically from `seed`.
 */
export function workspaceFiles(count, seed = 1) {
  const rng = rngOf(seed * 1_000_003 + count);
  const files = new Map();
  const libCount = Object.keys(LIB).length;
  for (const [name, lines] of Object.entries(LIB)) files.set(`src/lib/${name}`, lines.join('\n') + '\n');
  const perDomain = DOMAIN_FILES.length + HELPERS_PER_DOMAIN;
  const budget = Math.max(0, count - libCount - 1); // app.ts
  const domains = Math.max(1, Math.ceil(budget / perDomain));
  const helperExports = []; // { from (domain dir), file, name, use }
  const routers = [];
  let left = budget;
  for (let d = 0; d < domains && left > 0; d++) {
    const dom = domainOf(d);
    const base = `src/domains/${dom.dir}`;
    const lib = '../../lib';
    const kinds = [...DOMAIN_FILES, ...Array.from({ length: HELPERS_PER_DOMAIN }, (_, k) => `helpers-${k}`)].slice(0, left);
    left -= kinds.length;
    const has = new Set(kinds);
    const paths = Object.fromEntries(DOMAIN_FILES.map((k) => [k, `./${k}`]));
    const fileRng = (k) => rngOf(seed * 7919 + d * 131 + kinds.indexOf(k));
    for (const kind of kinds) {
      const r = fileRng(kind);
      const traced = r.chance(TRACED[kind.startsWith('helpers') ? 'helpers' : kind] ?? 0);
      const ctx = new FileCtx(r, { lib, spanRate: traced ? SPAN_RATE : 0 });
      let body;
      if (kind === 'models') body = modelsFile(dom, r);
      else if (kind === 'repository') body = repositorySection(ctx, dom, paths.models);
      else if (kind === 'client') body = clientSection(ctx, dom, paths.models);
      else if (kind === 'events') body = eventsSection(ctx, dom, paths.models);
      else if (kind === 'consumer') body = consumerSection(ctx, dom, paths.models);
      else if (kind === 'jobs') body = jobsSection(ctx, dom, paths.models);
      else if (kind === 'validation') body = validationSection(ctx, dom, paths.models);
      else if (kind === 'mappers') body = mappersSection(ctx, dom, paths.models);
      else if (kind === 'service') {
        const needed = ['repository', 'client', 'events', 'jobs', 'validation', 'mappers', 'models'];
        if (!needed.every((k) => has.has(k))) continue;
        const cross = helperExports.length ? r.pick(helperExports) : undefined;
        const crossHelper = cross && { from: `../${cross.dir}/${cross.file}`, name: cross.name, use: cross.use };
        body = serviceSection(ctx, dom, paths, crossHelper);
      } else if (kind === 'routes') {
        if (!has.has('service')) continue;
        body = routesSection(ctx, dom, paths);
        routers.push({ from: `./domains/${dom.dir}/routes`, name: `${dom.e}Router` });
      } else {
        const k = Number(kind.slice('helpers-'.length));
        const imported = helperExports.length ? r.sample(helperExports, Math.min(helperExports.length, r.int(0, 2))).filter((h) => h.dir !== dom.dir) : [];
        const section = helpersSection(ctx, dom, k, imported.map((h) => ({ from: `../${h.dir}/${h.file}`, name: h.name, use: h.use })));
        body = section.lines;
        for (const x of section.exports) helperExports.push({ dir: dom.dir, file: kind, name: x.name, use: x.use });
      }
      files.set(`${base}/${kind}.ts`, ctx.render(kind === 'models' || kind.startsWith('helpers') ? '' : `// ${pascal(kind)} of the ${dom.word} domain (${dom.dir}).`, body).replace(/^\n/, ''));
    }
  }
  // Files skipped above (a service without its collaborators) are made up with extra helpers.
  let extra = 0;
  while (files.size < count - 1) {
    const dom = domainOf(domains + extra);
    const r = rngOf(seed * 104_729 + extra);
    const ctx = new FileCtx(r, { lib: '../lib', spanRate: 0 });
    const section = helpersSection(ctx, dom, extra, []);
    files.set(`src/util/extra-${extra}.ts`, ctx.render('', section.lines).replace(/^\n/, ''));
    extra++;
  }
  const app = [
    '// The HTTP entry point: mounts every domain router.',
    "import express from 'express';",
    ...routers.map((r) => `import { ${r.name} } from '${r.from}';`),
    '',
    'export const app = express();',
    "app.use(express.json({ limit: '1mb' }));",
    ...routers.map((r) => `app.use(${r.name});`),
    '',
    'export function start(port = Number(process.env.PORT ?? 8080)) {',
    '  return app.listen(port, () => console.log(`listening on ${port}`));',
    '}',
  ];
  files.set('src/app.ts', app.join('\n') + '\n');
  return files;
}

/**
 * One large traced module of about `lines` lines (for the edit-latency run): many domains' repositories,
 * clients, publishers, jobs and routes in one file, importing the workspace's lib/. About one span per
 * 100 lines. Lives at src/edit/<name>.ts.
 */
export function bigFile(lines, seed = 1) {
  const rng = rngOf(seed * 31 + lines);
  const ctx = new FileCtx(rng, { lib: '../lib', spanRate: 0.3 });
  const body = [];
  let count = 0;
  for (let s = 0; count < lines; s++) {
    const dom = { ...domainOf(s), E: `Big${pascal(WORDS[s % WORDS.length])}${s}` };
    dom.e = camel(dom.E);
    const section = [
      ...modelsFile(dom, ctx.rng).slice(2),
      '',
      ...repositorySection(ctx, dom, undefined),
      '',
      ...clientSection(ctx, dom, undefined),
      '',
      ...eventsSection(ctx, dom, undefined),
      '',
      ...jobsSection(ctx, dom, undefined),
      '',
      ...mappersSection(ctx, dom, undefined),
      '',
    ];
    if (count + section.length > lines * 1.02) {
      // Fill the rest with pure helpers, so the file ends close to `lines`.
      for (let h = 0; count < lines - 5; h++) {
        const helper = HELPERS[h % HELPERS.length];
        const added = ['', ...helper.lines(`${helper.base}Tail${s}x${h}`)];
        body.push(...added);
        count += added.length;
      }
      break;
    }
    body.push(`// ---- ${dom.word} (${s}) ----`, ...section);
    count += section.length + 1;
  }
  const text = ctx.render(`// A large generated module (${lines} lines) for the edit-latency benchmark.`, body);
  return { text, spans: ctx.spans };
}

/** Writes the workspace into `dir` (which is emptied first). Returns statistics. */
export function generateWorkspace(dir, { files: count, seed = 1, nodeModules = 'hardlink', bigFiles = [] } = {}) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const files = workspaceFiles(count, seed);
  const stats = { files: 0, lines: 0, bytes: 0, spanCalls: 0, filesWithSpans: 0, big: [] };
  for (const [rel, text] of files) {
    const full = path.join(dir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    stats.files++;
    stats.lines += text.split('\n').length - 1;
    stats.bytes += Buffer.byteLength(text);
    const n = (text.match(/\btracer\.start(Active)?Span\(/g) ?? []).length;
    stats.spanCalls += n;
    if (n) stats.filesWithSpans++;
  }
  for (const lines of bigFiles) {
    const { text, spans } = bigFile(lines, seed);
    const rel = `src/edit/big-${lines}.ts`;
    fs.mkdirSync(path.join(dir, 'src/edit'), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
    stats.big.push({ file: rel, lines: text.split('\n').length - 1, spans });
  }
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify(
      {
        name: `bench-service-${count}`,
        version: '1.0.0',
        private: true,
        description: 'Generated by span-kind-lens bench/generate.mjs',
        scripts: { typecheck: 'tsc -p tsconfig.json' },
        dependencies: { '@opentelemetry/api': '*', axios: '*', bullmq: '*', express: '*', kafkajs: '*', pg: '*' },
        devDependencies: { '@types/express': '*', '@types/node': '*', '@types/pg': '*', typescript: '*' },
      },
      null,
      2,
    ) + '\n',
  );
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2022'],
          module: 'nodenext',
          moduleResolution: 'nodenext',
          types: ['node'],
          strict: true,
          noEmit: true,
          esModuleInterop: true,
          skipLibCheck: true,
        },
        include: ['src'],
      },
      null,
      2,
    ) + '\n',
  );
  linkNodeModules(dir, nodeModules);
  stats.spanLinesRatio = stats.spanCalls ? Math.round(stats.lines / stats.spanCalls) : null;
  stats.filesWithSpansPct = Math.round((1000 * stats.filesWithSpans) / stats.files) / 10;
  fs.writeFileSync(path.join(dir, '.bench-stats.json'), JSON.stringify({ generator: GENERATOR_VERSION, count, seed, ...stats }, null, 2));
  return stats;
}

function linkNodeModules(dir, mode) {
  const source = path.join(REPO, 'node_modules');
  const target = path.join(dir, 'node_modules');
  if (mode === 'none') return 'none';
  if (mode === 'hardlink') {
    try {
      execFileSync('cp', ['-al', source, target], { stdio: 'ignore' });
      return 'hardlink';
    } catch {
      fs.rmSync(target, { recursive: true, force: true });
    }
  }
  fs.symlinkSync(source, target, 'dir');
  return 'symlink';
}

// ---------------------------------------------------------------------------------------------------------

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const count = Number(opt('files', '1000'));
  const out = opt('out');
  if (!out || !Number.isInteger(count) || count < 10) {
    console.error('usage: node bench/generate.mjs --files N --out DIR [--seed S] [--node-modules hardlink|symlink|none] [--big 2000,20000]');
    process.exit(2);
  }
  const big = (opt('big', '') || '').split(',').filter(Boolean).map(Number);
  const stats = generateWorkspace(path.resolve(out), { files: count, seed: Number(opt('seed', '1')), nodeModules: opt('node-modules', 'hardlink'), bigFiles: big });
  console.log(JSON.stringify(stats, null, 2));
}
