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

  it('a wrapper with a fixed kind is checked inside, not at its call sites', () => {
    const code = `${OTEL}function clientSpan<T>(name: string, fn: () => Promise<T>) {
  return tracer.startActiveSpan(name, { kind: SpanKind.CLIENT }, async (span) => { try { return await fn(); } finally { span.end(); } });
}
export const h = () => clientSpan('x', async () => 1);`;
    const a = analyze(code);
    assert.equal(a.spans.length, 1);
    assert.deepEqual(a.findings, []);
  });
});
