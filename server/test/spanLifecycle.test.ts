import * as assert from 'node:assert/strict';
import { applyFixes } from '../src/analysis/applyFixes';
import { findLeak } from '../src/analysis/spanLifecycle';
import { analyzeAll as analyze, OTEL } from './helpers';

/** The leak of the first span of `body` (wrapped in an async function), e.g. `return@4`, or `none`. */
function leak(body: string, prelude = ''): string {
  const code = `${OTEL}declare function work(): Promise<number>;\ndeclare function sync(): number;\n${prelude}export async function f(x: number, items: number[]) {\n${body}\n}\n`;
  const a = analyze(code);
  const found = findLeak(a.spans[0].span, a.model);
  if (!found) return 'none';
  if (found.reason === 'discarded' || found.reason === 'never') return found.reason;
  // Lines count from the function's first body line (1).
  const base = a.sourceFile.getLineAndCharacterOfPosition(code.indexOf('export async function f')).line;
  return `${found.reason}@${a.sourceFile.getLineAndCharacterOfPosition(found.reason === 'blockEnd' ? found.node.end : found.node.getStart(a.sourceFile)).line - base}`;
}

function findings(code: string, rule: string, fileName = 'test.ts') {
  return analyze(code, fileName).findings.filter((f) => f.ruleId === `spankind/${rule}`);
}

/** `code` with the first fix of the first finding of `rule` applied. */
function fixed(code: string, rule: string, fileName = 'test.ts'): string {
  const [f] = findings(code, rule, fileName);
  assert.ok(f, `no ${rule} finding`);
  assert.ok(f.fixes[0], `no fix for: ${f.message}`);
  return applyFixes(code, [f.fixes[0]]);
}

describe('span lifecycle: paths', () => {
  it('if/else that both end, try/finally, catch that ends: every path ends', () => {
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  if (x) {\n    span.end();\n  } else {\n    span.end();\n  }`), 'none');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  try {\n    await work();\n    if (x) return 1;\n  } finally {\n    span.end();\n  }`), 'none');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  try {\n    await work();\n    span.end();\n  } catch (e) {\n    span.end();\n    throw e;\n  }`), 'none');
  });

  it('an early return, a throw, a path through an if without else', () => {
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  if (x) return 0;\n  span.end();`), 'return@2');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  if (x > 1) {\n    throw new Error('x');\n  }\n  span.end();`), 'throw@3');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  if (x) {\n    span.end();\n  }`), 'blockEnd@5');
  });

  it('an await outside a try whose finally ends the span is a way out; an early return is named first', () => {
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  await work();\n  span.end();`), 'await@2');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  await work();\n  if (x) return;\n  span.end();`), 'return@3');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  try {\n    await work();\n  } catch {\n    sync();\n  }\n  span.end();`), 'none');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  await 0;\n  span.end();`), 'none', 'a literal cannot reject');
    // A synchronous call is assumed not to throw.
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  sync();\n  span.end();`), 'none');
  });

  it('a catch that rethrows without ending', () => {
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  try {\n    sync();\n    span.end();\n  } catch (e) {\n    span.recordException(e as Error);\n    throw e;\n  }`), 'throw@7');
  });

  it('loops: continue and break that leave the block, a while (true) left by a break after end()', () => {
    assert.equal(leak(`  for (const i of items) {\n    const span = tracer.startSpan('s');\n    if (i) continue;\n    span.end();\n  }`), 'jump@3');
    assert.equal(leak(`  for (const i of items) {\n    const span = tracer.startSpan('s');\n    if (i) break;\n    span.end();\n  }`), 'jump@3');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  for (const i of items) {\n    if (i) break;\n  }\n  span.end();`), 'none');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  while (true) {\n    if (sync()) {\n      span.end();\n      break;\n    }\n  }`), 'none');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  outer: for (const i of items) {\n    for (const j of items) if (i === j) break outer;\n  }\n  span.end();`), 'none');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  do {\n    sync();\n  } while (x-- > 0);\n  span.end();`), 'none');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  for await (const i of items) sync();\n  span.end();`), 'await@2');
  });

  it('switch: fall-through, break, default', () => {
    const sw = (last: string) =>
      `  const span = tracer.startSpan('s');\n  switch (x) {\n    case 1:\n    case 2:\n      span.end();\n      return 1;\n    case 3:\n      break;\n    ${last}\n  }\n  span.end();`;
    assert.equal(leak(sw('default:\n      sync();')), 'none');
    assert.equal(leak(sw('default:\n      return 0;')), 'return@10');
  });

  it('a return inside a nested function does not leave the span block; an end() in a callback runs later', () => {
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  const g = () => {\n    return 1;\n  };\n  span.end();\n  return g;`), 'none');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  setTimeout(() => span.end(), 10);`), 'none');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  return work().finally(() => span.end());`), 'none');
  });

  it('ended only in .then(onFulfilled): reported unless the chain handles a rejection', () => {
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  return work().then((n) => {\n    span.end();\n    return n;\n  });`), 'thenOnly@2');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  return work().then(() => span.end()).catch(() => span.end());`), 'none');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  return work().then(() => span.end(), () => span.end());`), 'none');
  });

  it('spans that escape are never reported: returned, stored, handed on, reassigned', () => {
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  return span;`), 'none');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  spans.set(x, span);`, 'declare const spans: Map<number, unknown>;\n'), 'none');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  finish(span);`, 'declare function finish(s: unknown): void;\n'), 'none');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  holder.span = span;`, 'declare const holder: { span?: unknown };\n'), 'none');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  return { span };`), 'none');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  return span.setAttribute('a', 1);`), 'none');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  work().finally(span.end.bind(span));`), 'none');
    assert.equal(leak(`  this.span = tracer.startSpan('s');`), 'none');
  });

  it('a helper of this file that only records on the span keeps it open; trace.setSpan does not end it', () => {
    const helper = 'function record(s: import("@opentelemetry/api").Span, e: unknown) { s.recordException(e as Error); }\n';
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  try {\n    await work();\n  } catch (e) {\n    record(span, e);\n    throw e;\n  }\n  span.end();`, helper), 'throw@6');
    const ender = 'function close(s: import("@opentelemetry/api").Span) { s.end(); }\n';
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  if (x) return close(span);`, ender), 'none');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  await context.with(trace.setSpan(context.active(), span), () => work());`), 'never');
  });

  it('never ended, discarded, chained end, a callback without a span parameter', () => {
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  span.setAttribute('a', 1);`), 'never');
    assert.equal(leak(`  tracer.startSpan('s');`), 'discarded');
    assert.equal(leak(`  const span = tracer.startSpan('s');\n  span.setAttribute('a', 1).end();`), 'none');
    assert.equal(leak(`  tracer.startSpan('s').end();`), 'none');
    assert.equal(leak(`  await tracer.startActiveSpan('s', async () => {\n    await work();\n  });`), 'never');
    assert.equal(leak(`  await tracer.startActiveSpan('s', async () => {\n    trace.getActiveSpan()?.end();\n  });`), 'none');
  });

  it('startActiveSpan callbacks are checked like a block that starts open', () => {
    assert.equal(leak(`  return tracer.startActiveSpan('s', async (span) => {\n    await work();\n    span.end();\n  });`), 'await@2');
    assert.equal(leak(`  return tracer.startActiveSpan('s', async (span) => {\n    try {\n      return await work();\n    } finally {\n      span.end();\n    }\n  });`), 'none');
    assert.equal(leak(`  return tracer.startActiveSpan('s', (span) => work().finally(() => span.end()));`), 'none');
  });
});

describe('span lifecycle: span-not-ended fix', () => {
  it('wraps the code after the start in try/finally, re-indented, dropping the trailing end() and one before a plain return', () => {
    const code = `${OTEL}declare function load(): Promise<number | undefined>;
export async function f() {
  const span = tracer.startSpan('s');
  // load it
  const n = await load();
  if (!n) {
    span.end();
    return undefined;
  }
  const text = \`line one
line two\`;

  span.end();
  return text;
}
`;
    const [f] = findings(code, 'span-not-ended');
    assert.equal(f.message, '`span` is still open when `await load(…)` at line 7 rejects, so on that path it is never exported; end it in a `finally` block.');
    assert.equal(f.fixes[0].preferred, true);
    assert.equal(
      fixed(code, 'span-not-ended'),
      `${OTEL}declare function load(): Promise<number | undefined>;
export async function f() {
  const span = tracer.startSpan('s');
  try {
    // load it
    const n = await load();
    if (!n) {
      return undefined;
    }
    const text = \`line one
line two\`;

    return text;
  } finally {
    span.end();
  }
}
`,
    );
  });

  it('a try/catch that is all the rest gains the finally; a callback body is wrapped whole; tabs and no semicolons kept', () => {
    const tryCatch = `${OTEL}export async function f(work: () => Promise<void>) {\n  const span = tracer.startSpan('s');\n  try {\n    await work();\n    span.end();\n  } catch (e) {\n    span.recordException(e as Error);\n    throw e;\n  }\n}\n`;
    assert.equal(
      fixed(tryCatch, 'span-not-ended'),
      `${OTEL}export async function f(work: () => Promise<void>) {\n  const span = tracer.startSpan('s');\n  try {\n    await work();\n  } catch (e) {\n    span.recordException(e as Error);\n    throw e;\n  } finally {\n    span.end();\n  }\n}\n`,
    );
    const callback = `const { trace } = require('@opentelemetry/api')\nconst tracer = trace.getTracer('t')\nfunction f(work) {\n\treturn tracer.startActiveSpan('s', async (span) => {\n\t\tawait work()\n\t\tspan.end()\n\t})\n}\n`;
    assert.equal(
      fixed(callback, 'span-not-ended', 'test.js'),
      `const { trace } = require('@opentelemetry/api')\nconst tracer = trace.getTracer('t')\nfunction f(work) {\n\treturn tracer.startActiveSpan('s', async (span) => {\n\t\ttry {\n\t\t\tawait work()\n\t\t} finally {\n\t\t\tspan.end()\n\t\t}\n\t})\n}\n`,
    );
  });

  it('is not preferred when an end() stays or a returned promise would outlive the finally', () => {
    const ifOnly = `${OTEL}export function f(x: boolean) {\n  const span = tracer.startSpan('s');\n  if (x) {\n    span.end();\n  }\n}\n`;
    assert.equal(findings(ifOnly, 'span-not-ended')[0].fixes[0].preferred, false);
    const returnsPromise = `${OTEL}declare function work(): Promise<number>;\nexport function f() {\n  const span = tracer.startSpan('s');\n  return work();\n}\n`;
    assert.equal(findings(returnsPromise, 'span-not-ended')[0].fixes[0].preferred, false);
  });

  it('offers no fix when a wrapped declaration is used before it, or the layout has no line for the try', () => {
    const hoisted = `${OTEL}export function f() {\n  const span = tracer.startSpan('s');\n  helper();\n  function helper() {\n    return 1;\n  }\n}\n`;
    const outside = hoisted.replace("const span = tracer.startSpan('s');\n  helper();", "const g = () => later;\n  const span = tracer.startSpan('s');\n  const later = g;");
    assert.equal(findings(outside, 'span-not-ended')[0].fixes.length, 0);
    const oneLine = `${OTEL}export function f() { const span = tracer.startSpan('s'); work(); }\ndeclare function work(): void;\n`;
    assert.equal(findings(oneLine, 'span-not-ended')[0].fixes.length, 0);
    assert.equal(findings(`${OTEL}export function f() {\n  tracer.startSpan('s');\n}\n`, 'span-not-ended')[0].fixes.length, 0);
  });
});

describe('span lifecycle: client-not-active', () => {
  const client = (body: string, prelude = '') => `${OTEL}${prelude}export async function f(url: string) {\n  const span = tracer.startSpan('GET', { kind: SpanKind.CLIENT });\n  try {\n${body}\n  } finally {\n    span.end();\n  }\n}\n`;

  it('reports the outbound call of a CLIENT startSpan, and wraps it in context.with', () => {
    const code = client('    return await fetch(url);');
    const [f] = findings(code, 'client-not-active');
    assert.match(f.message, /^`fetch` \(line 6\) runs outside this CLIENT span's context/);
    assert.equal(f.fixes[0].preferred, true);
    assert.equal(fixed(code, 'client-not-active'), client('    return await context.with(trace.setSpan(context.active(), span), () => fetch(url));'));
  });

  it('adds context and trace to the import in the file style, or uses the namespace', () => {
    const named = `import { trace as t, SpanKind } from "@opentelemetry/api"\nconst tracer = t.getTracer("x")\nexport async function f(url: string) {\n  const span = tracer.startSpan("GET", { kind: SpanKind.CLIENT })\n  try {\n    return await fetch(url)\n  } finally {\n    span.end()\n  }\n}\n`;
    const out = fixed(named, 'client-not-active');
    assert.ok(out.startsWith('import { trace as t, SpanKind, context } from "@opentelemetry/api"\n'), out);
    assert.ok(out.includes('return await context.with(t.setSpan(context.active(), span), () => fetch(url))'), out);
    const ns = named.replace('import { trace as t, SpanKind } from "@opentelemetry/api"', 'import * as api from "@opentelemetry/api"').replace('t.getTracer', 'api.trace.getTracer').replace('SpanKind.CLIENT', 'api.SpanKind.CLIENT');
    assert.ok(fixed(ns, 'client-not-active').includes('await api.context.with(api.trace.setSpan(api.context.active(), span), () => fetch(url))'));
  });

  it('is silent under context.with, with the context passed or injected into the call, for startActiveSpan and for escaping spans', () => {
    assert.deepEqual(findings(client('    return await context.with(trace.setSpan(context.active(), span), () => fetch(url));'), 'client-not-active'), []);
    assert.deepEqual(findings(client('    const ctx = trace.setSpan(context.active(), span);\n    return await context.with(ctx, async () => {\n      return fetch(url);\n    });'), 'client-not-active'), []);
    assert.deepEqual(
      findings(client("    const headers: Record<string, string> = {};\n    propagation.inject(trace.setSpan(context.active(), span), headers);\n    return await fetch(url, { headers });", "import { propagation } from '@opentelemetry/api';\n"), 'client-not-active'),
      [],
    );
    assert.deepEqual(findings(client('    run(span);\n    return await fetch(url);', 'declare function run(s: unknown): void;\n'), 'client-not-active'), []);
    const active = `${OTEL}export function f(url: string) {\n  return tracer.startActiveSpan('GET', { kind: SpanKind.CLIENT }, async (span) => {\n    try {\n      return await fetch(url);\n    } finally {\n      span.end();\n    }\n  });\n}\n`;
    assert.deepEqual(findings(active, 'client-not-active'), []);
    const internal = client('    return JSON.parse(url);').replace('{ kind: SpanKind.CLIENT }', '{ kind: SpanKind.INTERNAL }');
    assert.deepEqual(findings(internal, 'client-not-active'), []);
  });

  it('offers no fix when the call awaits in its arguments or `context` is another binding there', () => {
    assert.equal(findings(client('    return await fetch(url, { body: await body() });', 'declare function body(): Promise<string>;\n'), 'client-not-active')[0].fixes.length, 0);
    const shadowed = client('    return await fetch(url);').replace('export async function f(url: string)', 'export async function f(url: string, context: unknown)');
    assert.equal(findings(shadowed, 'client-not-active')[0].fixes.length, 0);
  });
});

describe('span lifecycle: kind-set-late', () => {
  const KAFKA = `import { Kafka } from 'kafkajs';\nconst producer = new Kafka({ brokers: [] }).producer();\n`;

  it('moves an assigned kind into the start options and deletes the assignment; missing-kind stays silent', () => {
    const code = `${OTEL}${KAFKA}export function f() {\n  return tracer.startActiveSpan('publish', async (span) => {\n    (span as any).kind = SpanKind.PRODUCER;\n    await producer.send({ topic: 't', messages: [] });\n    span.end();\n  });\n}\n`;
    const found = analyze(code).findings;
    assert.deepEqual(found.map((f) => f.ruleId).filter((r) => r !== 'spankind/span-not-ended'), ['spankind/kind-set-late']);
    const [late] = findings(code, 'kind-set-late');
    assert.equal(code.slice(late.start, late.end), '(span as any).kind');
    assert.equal(late.fixes[0].preferred, true);
    assert.equal(
      fixed(code, 'kind-set-late'),
      `${OTEL}${KAFKA}export function f() {\n  return tracer.startActiveSpan('publish', { kind: SpanKind.PRODUCER }, async (span) => {\n    await producer.send({ topic: 't', messages: [] });\n    span.end();\n  });\n}\n`,
    );
  });

  it('a `span.kind` attribute at start or set later; the only attribute makes way for `kind`', () => {
    const atStart = `${OTEL}export function f(url: string) {\n  return tracer.startActiveSpan('GET', { attributes: { 'span.kind': 'client', 'app.id': 1 } }, async (span) => {\n    try {\n      return await fetch(url);\n    } finally {\n      span.end();\n    }\n  });\n}\n`;
    assert.ok(fixed(atStart, 'kind-set-late').includes("startActiveSpan('GET', { kind: SpanKind.CLIENT, attributes: { 'app.id': 1 } }, async"));
    const sole = atStart.replace(", 'app.id': 1", '');
    assert.ok(fixed(sole, 'kind-set-late').includes("startActiveSpan('GET', { kind: SpanKind.CLIENT }, async"));
    const later = atStart.replace("{ attributes: { 'span.kind': 'client', 'app.id': 1 } }, ", '').replace('    try {', "    span.setAttributes({ 'span.kind': 'CLIENT', 'app.id': 1 });\n    try {");
    assert.ok(fixed(later, 'kind-set-late').includes("{ kind: SpanKind.CLIENT }, async (span) => {\n    span.setAttributes({ 'app.id': 1 });\n"));
  });

  it('a late kind the code contradicts: the first fix sets the inferred kind; no fix behind a condition or when the options set a kind', () => {
    const wrong = `${OTEL}export function f(url: string) {\n  return tracer.startActiveSpan('GET', async (span) => {\n    span.setAttribute('span.kind', 'server');\n    try {\n      return await fetch(url);\n    } finally {\n      span.end();\n    }\n  });\n}\n`;
    const [f] = findings(wrong, 'kind-set-late');
    assert.match(f.message, /Its code needs CLIENT, not SERVER: `fetch` runs inside this span\.$/);
    assert.deepEqual(f.fixes.map((x) => [x.title, x.preferred]), [
      ['Set span kind to CLIENT in the start options and remove the `span.kind` attribute', true],
      ['Set span kind to SERVER in the start options and remove the `span.kind` attribute', false],
    ]);
    const conditional = wrong.replace("    span.setAttribute('span.kind', 'server');", "    if (url) span.setAttribute('span.kind', 'client');");
    assert.equal(findings(conditional, 'kind-set-late')[0].fixes.length, 0);
    const alreadySet = wrong.replace("startActiveSpan('GET', async", "startActiveSpan('GET', { kind: SpanKind.CLIENT }, async");
    const [already] = findings(alreadySet, 'kind-set-late');
    assert.match(already.message, /the start options already set the span's kind/);
    assert.equal(already.fixes.length, 0);
  });
});

describe('span lifecycle: half-typed code', () => {
  it('never throws on any prefix of code that uses every construct', () => {
    const code = `${OTEL}import axios from 'axios';
export async function f(items: number[], x: number) {
  const span = tracer.startSpan('s', { kind: SpanKind.CLIENT, attributes: { 'span.kind': 'client' } });
  (span as any).kind = SpanKind.CLIENT;
  outer: for (const i of items) {
    switch (i) { case 1: continue outer; default: break; }
    do { x--; } while (x > 0);
  }
  try {
    await axios.get('https://x');
    const ctx = trace.setSpan(context.active(), span);
    await context.with(ctx, () => axios.get('https://y'));
  } catch (e) {
    span.setAttribute('span.kind', 'client');
    throw e;
  } finally {
    if (x) span.end();
  }
  return tracer.startActiveSpan('a', async (s) => { await axios.get('https://z'); s.end(); });
}
`;
    for (let n = 0; n <= code.length; n += 3) {
      const text = code.slice(0, n);
      assert.doesNotThrow(() => analyze(text), `prefix of ${n} characters`);
    }
  });
});
