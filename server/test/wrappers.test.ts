import * as assert from 'node:assert/strict';
import { analyzeFile, wrapperCallTokens } from '../src/analysis/analyzeFile';
import { AnalysisProject } from '../src/analysis/project';
import { analyze, fixAll, OTEL } from './helpers';
import { inMemoryProgram } from './programs';

const WITH_SPAN = `${OTEL}export async function withSpan<T>(name: string, kind: SpanKind, fn: () => Promise<T>): Promise<T> {
  const span = tracer.startSpan(name, { kind });
  try { return await fn(); } finally { span.end(); }
}
`;

describe('tracing wrappers', () => {
  it('a function whose span kind comes from its parameter makes its call sites span calls', () => {
    const code = `${WITH_SPAN}export const load = () => withSpan('GET /stock', SpanKind.INTERNAL, async () => fetch('https://inventory/stock'));`;
    const a = analyze(code);
    const site = a.spans.find((s) => s.span.wrapper);
    assert.ok(site);
    assert.equal(site.span.api, 'withSpan');
    assert.equal(site.inference.kind, 'CLIENT');
    const [f] = a.findings;
    assert.equal(f.ruleId, 'spankind/wrong-kind');
    assert.equal(code.slice(f.start, f.end), "'GET /stock'");
    assert.ok(fixAll(code).includes("withSpan('GET /stock', SpanKind.CLIENT, async () =>"), 'the fix edits the argument at the call site');
  });

  it('a call of a wrapper in another file is a span call wherever it stands in its own file', () => {
    // The call's offsets fall inside the wrapper's range in the other file: only a call inside the wrapper
    // itself (in the same file) is left out.
    const caller = `import { SpanKind } from '@opentelemetry/api';\nimport { withSpan } from './tracing';\nexport const load = () => withSpan('GET /stock', SpanKind.INTERNAL, async () => fetch('https://inventory/stock'));\n`;
    const program = inMemoryProgram({ '/p/src/tracing.ts': WITH_SPAN, '/p/src/load.ts': caller });
    const callAt = caller.indexOf('withSpan(');
    const wrapperAt = WITH_SPAN.indexOf('export async function withSpan');
    assert.ok(callAt > wrapperAt && callAt < WITH_SPAN.length, 'the call lies within the wrapper\'s offsets');
    const a = analyzeFile(program.getSourceFile('/p/src/load.ts')!, { project: new AnalysisProject({ checker: program.getTypeChecker(), program }) });
    assert.deepEqual(a.spans.map((s) => [s.span.api, s.inference.kind]), [['withSpan', 'CLIENT']]);
    assert.deepEqual(a.findings.map((f) => f.ruleId), ['spankind/wrong-kind']);
  });

  it('what a caller of a file\'s wrappers names: the wrapper, and its module where it may be imported under another name', () => {
    const tokens = (fileName: string, code: string) => {
      const a = analyze(code, fileName);
      return wrapperCallTokens(a.walk, a.sourceFile);
    };
    assert.deepEqual(tokens('/p/src/tracing.ts', WITH_SPAN), ['withSpan']);
    assert.deepEqual(tokens('/p/src/tracing.ts', `${WITH_SPAN}export default withSpan;\n`), ['withSpan', 'tracing']);
    assert.deepEqual(tokens('/p/src/tracing/index.ts', WITH_SPAN.replace('export async function withSpan', 'export default async function')), ['tracing']);
    assert.deepEqual(tokens('/p/src/lib.ts', WITH_SPAN.replace('export async function withSpan<T>(', 'export const wrapper = async <T>(').replace('): Promise<T> {', '): Promise<T> => {')), ['wrapper'], 'a wrapper named like the placeholder is still named');
    assert.deepEqual(tokens('/p/src/plain.ts', `${OTEL}export const f = () => tracer.startActiveSpan('x', (s) => s.end());\n`), [], 'no wrapper, nothing to look for');
  });

  it('the span inside the wrapper itself is not reported', () => {
    assert.deepEqual(analyze(WITH_SPAN).findings, []);
  });

  it('a kind left to the parameter default is read from the default', () => {
    const code = `${OTEL}function traced<T>(name: string, fn: () => T, kind = SpanKind.INTERNAL): T {
  return tracer.startActiveSpan(name, { kind }, (span) => { try { return fn(); } finally { span.end(); } });
}
export const f = () => traced('publish', () => fetch('https://x'));`;
    const a = analyze(code);
    assert.equal(a.findings.length, 1);
    assert.match(a.findings[0].message, /should be CLIENT, not INTERNAL/);
    assert.deepEqual(a.findings[0].fixes, [], 'no argument is added at the call site');
  });

  it('options passed through: the kind property at the call site, fixed in place', () => {
    const code = `${OTEL}import type { SpanOptions } from '@opentelemetry/api';
function inSpan<T>(name: string, options: SpanOptions, fn: () => Promise<T>) {
  return tracer.startActiveSpan(name, options, async (span) => { try { return await fn(); } finally { span.end(); } });
}
export const g = () => inSpan('GET /users', { attributes: { a: 1 } }, () => fetch('https://users'));`;
    const a = analyze(code);
    assert.equal(a.findings.length, 1);
    assert.equal(a.findings[0].ruleId, 'spankind/missing-kind');
    assert.ok(fixAll(code).includes("inSpan('GET /users', { kind: SpanKind.CLIENT, attributes: { a: 1 } }, () =>"));
  });

  it('a wrapper with a fixed kind is checked at its call sites too, with no edit there', () => {
    // The wrapper's callback is the span's code: only a call site knows what runs in it. The kind is the
    // wrapper's own, so the call site is told the right kind but cannot be fixed in place. The span inside
    // is still checked against the wrapper's own code (here an opaque callback: nothing to say).
    const code = `${OTEL}import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
function clientSpan<T>(name: string, fn: () => Promise<T>) {
  return tracer.startActiveSpan(name, { kind: SpanKind.CLIENT }, async (span) => { try { return await fn(); } finally { span.end(); } });
}
export const h = () => clientSpan('x', () => fetch('https://x'));
export const p = () => clientSpan('publish', () => producer.send({ topic: 't', messages: [] }));`;
    const a = analyze(code);
    assert.equal(a.spans.length, 3);
    const sites = a.spans.filter((s) => s.span.wrapper);
    assert.deepEqual(sites.map((s) => (s.span.kindSet.state === 'known' ? s.span.kindSet.kinds : [])), [['CLIENT'], ['CLIENT']]);
    assert.deepEqual(a.findings.map((f) => [f.ruleId, code.slice(f.start, f.end), f.suggestedKind, f.fixes.length]), [['spankind/wrong-kind', "'publish'", 'PRODUCER', 0]]);
  });

  it('a wrapper with no kind whose own code decides it is checked inside', () => {
    const code = `${OTEL}export function traceQuery<T>(system: string, fn: () => Promise<T>) {
  return tracer.startActiveSpan(\`query \${system}\`, { attributes: { 'db.system.name': system } }, async (span) => { try { return await fn(); } finally { span.end(); } });
}
export const q = () => traceQuery('postgresql', async () => 1);`;
    const a = analyze(code);
    assert.deepEqual(a.findings.map((f) => [code.slice(f.start, f.end).slice(0, 7), f.suggestedKind]), [['`query ', 'CLIENT']]);
  });

  it('a wrapper with no kind, named by a property of its options: the call site is the span, with no edit', () => {
    const code = `${OTEL}export async function withSpan<T>({ name }: { name: string }, cb: (span: unknown) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, async (span) => { try { return await cb(span); } finally { span.end(); } });
}
export const q = () => withSpan({ name: 'load stock' }, async () => fetch('https://inventory/stock'));`;
    const a = analyze(code);
    const site = a.spans.find((s) => s.span.wrapper);
    assert.equal(site?.span.api, 'withSpan');
    assert.equal(site?.inference.kind, 'CLIENT');
    assert.deepEqual(a.findings.map((f) => [f.ruleId, code.slice(f.start, f.end), f.fixes.length]), [['spankind/missing-kind', "'load stock'", 0]]);
    assert.equal(a.findings.length, 1, 'the span inside, whose only code is the callback, has nothing to say');
  });

  it('options forwarded from a destructured parameter (`{ name, ...options }`): the fix adds the kind at the call site', () => {
    const code = `${OTEL}export async function runWithSpan<T>({ name, ...options }: { name: string; kind?: SpanKind }, fn: () => Promise<T>): Promise<T> {
  const callback = async (span: { end(): void }) => { try { return await fn(); } finally { span.end(); } };
  return tracer.startActiveSpan(name, options, callback);
}
export const r = () => runWithSpan({ name: 'rates' }, () => fetch('https://rates'));`;
    assert.deepEqual(analyze(code).findings.map((f) => f.ruleId), ['spankind/missing-kind']);
    assert.ok(fixAll(code).includes("runWithSpan({ kind: SpanKind.CLIENT, name: 'rates' }, () =>"));
  });

  it('a kind from an options property with a fallback (`opts.kind ?? SpanKind.INTERNAL`): the default is the kind, fixed in the call site\'s object', () => {
    const code = `${OTEL}export function inSpan<T>(spanName: string, opts: { kind?: SpanKind }, fn: () => Promise<T>) {
  return tracer.startActiveSpan(spanName, { kind: opts.kind ?? SpanKind.INTERNAL }, async (span) => { try { return await fn(); } finally { span.end(); } });
}
export const s1 = () => inSpan('users', {}, () => fetch('https://users'));
export const s2 = () => inSpan('users', { kind: SpanKind.SERVER }, () => fetch('https://users'));`;
    const a = analyze(code);
    assert.deepEqual(a.findings.map((f) => [f.ruleId, f.currentKinds.join()]), [['spankind/wrong-kind', 'INTERNAL'], ['spankind/wrong-kind', 'SERVER']]);
    const fixed = fixAll(code);
    assert.ok(fixed.includes("inSpan('users', { kind: SpanKind.CLIENT }, () =>"), fixed);
    assert.ok(!fixed.includes('SpanKind.SERVER'), 'the kind given at the call site is replaced there');
    assert.ok(fixed.includes('opts.kind ?? SpanKind.INTERNAL'), 'the wrapper is left alone');
  });

  it('a destructured kind with a default (`{ kind = SpanKind.INTERNAL }`)', () => {
    const code = `${OTEL}export function traced<T>(name: string, { kind = SpanKind.INTERNAL }: { kind?: SpanKind }, fn: () => T): T {
  return tracer.startActiveSpan(name, { kind }, (span) => { try { return fn(); } finally { span.end(); } });
}
export const t = () => traced('orders', {}, () => fetch('https://orders'));`;
    const a = analyze(code);
    assert.deepEqual(a.findings.map((f) => [f.ruleId, f.currentKinds.join()]), [['spankind/wrong-kind', 'INTERNAL']]);
    assert.ok(fixAll(code).includes("traced('orders', { kind: SpanKind.CLIENT }, () =>"));
  });

  it('a wrapper of a wrapper, and one that returns a function running the callback in a span', () => {
    const code = `${OTEL}export function withSpan<T>(name: string, options: { kind?: SpanKind }, fn: () => Promise<T>) {
  return tracer.startActiveSpan(name, options, async (span) => { try { return await fn(); } finally { span.end(); } });
}
const named = (label: string, work: () => Promise<unknown>) => withSpan(\`job \${label}\`, {}, work);
function withTracing(label: string, work: (id: string) => Promise<void>) {
  return async (id: string) => {
    await withSpan(label, {}, () => work(id));
  };
}
export const a1 = () => named('sync', () => fetch('https://sync'));
export const a2 = withTracing('notify', async (id) => { await fetch('https://notify/' + id); });`;
    const a = analyze(code);
    const sites = a.spans.filter((s) => s.span.wrapper).map((s) => [s.span.api, s.inference.kind]);
    // withSpan's calls inside the outer wrappers run only their callers' callbacks: nothing to say there.
    assert.deepEqual(sites, [['withSpan', 'INTERNAL'], ['withSpan', 'INTERNAL'], ['named', 'CLIENT'], ['withTracing', 'CLIENT']]);
    assert.equal(a.findings.length, 2);
    assert.ok(a.findings.every((f) => f.ruleId === 'spankind/missing-kind' && f.fixes.length === 0), 'the kind is decided inside the outer wrappers: no edit at their call sites');
  });

  it('methods: private, inherited, of a field\'s class, of an object literal', () => {
    const code = `${OTEL}class Spans {
  run<T>(name: string, fn: () => Promise<T>) {
    return tracer.startActiveSpan(name, async (span) => { try { return await fn(); } finally { span.end(); } });
  }
}
const helpers = {
  inSpan<T>(name: string, fn: () => Promise<T>) { return tracer.startActiveSpan(name, async (span) => { try { return await fn(); } finally { span.end(); } }); },
};
class Base {
  protected traced<T>(name: string, fn: () => Promise<T>) {
    return tracer.startActiveSpan(name, async (span) => { try { return await fn(); } finally { span.end(); } });
  }
}
export class Store extends Base {
  private readonly spans: Spans;
  private other = new Spans();
  constructor() { super(); this.spans = new Spans(); }
  #own<T>(name: string, fn: () => Promise<T>) {
    return tracer.startActiveSpan(name, async (span) => { try { return await fn(); } finally { span.end(); } });
  }
  a() { return this.#own('a', () => fetch('https://a')); }
  b() { return this.traced('b', () => fetch('https://b')); }
  c() { return this.spans.run('c', () => fetch('https://c')); }
  d() { return this.other.run('d', () => fetch('https://d')); }
  e() { return helpers.inSpan('e', () => fetch('https://e')); }
}`;
    const a = analyze(code);
    assert.deepEqual(a.findings.map((f) => code.slice(f.start, f.end)), ["'a'", "'b'", "'c'", "'d'", "'e'"]);
    assert.ok(a.findings.every((f) => f.ruleId === 'spankind/missing-kind' && f.suggestedKind === 'CLIENT'));
  });

  it('a wrapper that returns the span it starts: the call site holds it until it ends it, and the kind argument is fixed there', () => {
    const code = `${OTEL}export class Recorder {
  private createSpan(name: string, kind: SpanKind) {
    const span = tracer.startSpan(name, { kind });
    return span;
  }
  async load() {
    const span = this.createSpan('load', SpanKind.INTERNAL);
    await fetch('https://load');
    span.end();
  }
}`;
    const a = analyze(code);
    const site = a.spans.find((s) => s.span.wrapper);
    assert.equal(site?.span.spanName, 'span');
    assert.equal(site?.inference.kind, 'CLIENT');
    assert.ok(fixAll(code).includes("this.createSpan('load', SpanKind.CLIENT)"));
  });

  it('a handler passed to a framework is no wrapper, even when its span is named from its parameter', () => {
    const code = `${OTEL}import express from 'express';
const app = express();
app.use((req, res, next) => tracer.startActiveSpan(req.path, (span) => { next(); span.end(); }));
export function fetchNamed(name: string) {
  return tracer.startActiveSpan(name, async (span) => { try { return await fetch('https://x'); } finally { span.end(); } });
}`;
    const a = analyze(code);
    assert.equal(a.spans.filter((s) => s.span.implements).length, 0, 'neither is a generic wrapper: their kinds are decided inside');
    assert.ok(a.findings.some((f) => code.slice(f.start, f.end) === 'name' && f.suggestedKind === 'CLIENT'));
  });

  it('a wrapper of a wrapper in another file (type-aware)', () => {
    const tracing = `${OTEL}export function withSpan<T>(name: string, fn: () => Promise<T>) {
  return tracer.startActiveSpan(name, async (span) => { try { return await fn(); } finally { span.end(); } });
}
`;
    const jobs = `import { withSpan } from './tracing';\nexport class Jobs {\n  run<T>(job: string, fn: () => Promise<T>) { return withSpan(\`job \${job}\`, fn); }\n}\n`;
    const caller = `import { Jobs } from './jobs';\nconst jobs = new Jobs();\nexport const go = () => jobs.run('sync', () => fetch('https://sync'));\n`;
    const program = inMemoryProgram({ '/p/src/tracing.ts': tracing, '/p/src/jobs.ts': jobs, '/p/src/caller.ts': caller });
    const project = new AnalysisProject({ checker: program.getTypeChecker(), program });
    const a = analyzeFile(program.getSourceFile('/p/src/caller.ts')!, { project });
    assert.deepEqual(a.spans.map((s) => [s.span.api, s.inference.kind]), [['run', 'CLIENT']]);
    assert.deepEqual(a.findings.map((f) => f.ruleId), ['spankind/missing-kind']);
    const j = analyzeFile(program.getSourceFile('/p/src/jobs.ts')!, { project });
    assert.deepEqual(wrapperCallTokens(j.walk, j.sourceFile), ['run']);
  });

  it('a wrapper declared with overloads: its call sites follow to the implementation signature', () => {
    const code = `${OTEL}export function inSpan<T>(name: string, fn: () => Promise<T>): Promise<T>;
export function inSpan<T>(name: string, kind: SpanKind, fn: () => Promise<T>): Promise<T>;
export function inSpan<T>(name: string, kindOrFn: SpanKind | (() => Promise<T>), maybeFn?: () => Promise<T>): Promise<T> {
  const fn = typeof kindOrFn === 'function' ? kindOrFn : maybeFn!;
  const kind = typeof kindOrFn === 'function' ? undefined : kindOrFn;
  return tracer.startActiveSpan(name, { kind }, async (span) => { try { return await fn(); } finally { span.end(); } });
}
export const load = () => inSpan('GET /stock', async () => fetch('https://inventory/stock'));
`;
    const a = analyze(code);
    const site = a.spans.find((s) => s.span.wrapper);
    assert.ok(site, 'the call of the overloaded function is a span call');
    assert.equal(site.span.api, 'inSpan');
    assert.equal(site.inference.kind, 'CLIENT');
    assert.ok(site.span.callback, 'the callback passed through a local alias is the span\'s code');
  });

  it('a method called through a field typed as an interface: the implementing class\'s method is the wrapper (type-aware)', () => {
    const types = `export interface Spans {\n  inChild<T>(name: string, fn: () => Promise<T>): Promise<T>;\n}\n`;
    const impl = `${OTEL}import type { Spans } from './types';
export class OtelSpans implements Spans {
  inChild<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return tracer.startActiveSpan(name, async (span) => { try { return await fn(); } finally { span.end(); } });
  }
}
`;
    const caller = `import type { Spans } from './types';
export class Store {
  constructor(private readonly spans: Spans) {}
  load() { return this.spans.inChild('GET /stock', () => fetch('https://inventory/stock')); }
}
export function loadWith(spans: Spans) { return spans.inChild('GET /prices', () => fetch('https://prices/all')); }
`;
    const program = inMemoryProgram({ '/p/src/types.ts': types, '/p/src/impl.ts': impl, '/p/src/caller.ts': caller });
    const project = new AnalysisProject({ checker: program.getTypeChecker(), program });
    const a = analyzeFile(program.getSourceFile('/p/src/caller.ts')!, { project });
    assert.deepEqual(a.spans.map((s) => [s.span.api, s.inference.kind]), [['inChild', 'CLIENT'], ['inChild', 'CLIENT']]);
  });

  it('an interface method whose implementations disagree on the shape of their spans makes no span call (type-aware)', () => {
    const types = `export interface Spans {\n  inChild<T>(a: string, b: () => Promise<T>): Promise<T>;\n}\n`;
    const one = `${OTEL}import type { Spans } from './types';
export class ByName implements Spans {
  inChild<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return tracer.startActiveSpan(name, async (span) => { try { return await fn(); } finally { span.end(); } });
  }
}
`;
    const two = `${OTEL}import type { Spans } from './types';
export class Fixed implements Spans {
  inChild<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return tracer.startActiveSpan(name, { kind: SpanKind.SERVER }, async (span) => { try { return await fn(); } finally { span.end(); } });
  }
}
`;
    const caller = `import type { Spans } from './types';\nexport function loadWith(spans: Spans) { return spans.inChild('GET /prices', () => fetch('https://prices/all')); }\n`;
    const program = inMemoryProgram({ '/p/src/types.ts': types, '/p/src/one.ts': one, '/p/src/two.ts': two, '/p/src/caller.ts': caller });
    const project = new AnalysisProject({ checker: program.getTypeChecker(), program });
    const a = analyzeFile(program.getSourceFile('/p/src/caller.ts')!, { project });
    assert.deepEqual(a.spans.map((s) => s.span.api), []);
  });
});
