import * as assert from 'node:assert/strict';
import { analyzeFile } from '../src/analysis/analyzeFile';
import { explainAt } from '../src/analysis/explain';
import { parseSource } from '../src/analysis/program';
import { rules } from '../src/rules';
import { cursor, OTEL } from './helpers';

function hoverAt(code: string, fileName = 'test.ts') {
  const { text, offset } = cursor(code);
  const info = explainAt(analyzeFile(parseSource(fileName, text)), offset);
  return info && { markdown: info.markdown, text: text.slice(info.start, info.end) };
}

const KAFKA = `import { Kafka } from 'kafkajs';\nconst producer = new Kafka({ brokers: [] }).producer();\n`;

describe('hover (explainAt)', () => {
  it('over a finding, its rule says what the mistake does to the trace; every rule has that sentence', () => {
    for (const rule of rules) assert.ok(rule.impact && rule.impact.length > 40, `spankind/${rule.id} has no impact text`);
    const code = `${OTEL}${KAFKA}tracer.startActiveSpan('publish/*|*/ order', async (span) => { try { await producer.send({ topic: 't', messages: [{ value: 'x' }] }); } finally { span.end(); } });`;
    const { text, offset } = cursor(code);
    const info = explainAt(analyzeFile(parseSource('test.ts', text)), offset);
    assert.ok(info);
    assert.equal(text.slice(info.start, info.end), "'publish order'");
    assert.match(info.markdown, /^\*\*spankind\/missing-kind\*\*: The backend reads this span as INTERNAL/);
    assert.match(info.markdown, /\*\*spankind\/producer-without-inject\*\*: The message leaves without this span's trace context: the consumer starts a new trace/);
  });

  it('SpanKind.X shows the kind card', () => {
    const h = hoverAt(`${OTEL}tracer.startSpan('a', { kind: SpanKind.PRO/*|*/DUCER });`);
    assert.ok(h);
    assert.equal(h.text, 'PRODUCER');
    assert.match(h.markdown, /^\*\*Span kind: PRODUCER\*\* \(SpanKind\.PRODUCER = 3\)/);
    assert.match(h.markdown, /link/i);
  });

  it('also on the SpanKind name and through a namespace', () => {
    assert.match(hoverAt(`${OTEL}const k = Span/*|*/Kind.CLIENT;`)?.markdown ?? '', /Span kind: CLIENT/);
    assert.match(hoverAt(`import * as api from '@opentelemetry/api';\nconst k = api.SpanKind.SER/*|*/VER;`)?.markdown ?? '', /Span kind: SERVER/);
  });

  it('a span call shows the kind set, the kind inferred and the evidence', () => {
    const h = hoverAt(`${OTEL}${KAFKA}tracer.startActive/*|*/Span('publish order', async (span) => { await producer.send({ topic: 't', messages: [] }); span.end(); });`);
    assert.ok(h);
    assert.equal(h.text, 'startActiveSpan');
    assert.match(h.markdown, /\*\*Span kind\*\* of `'publish order'`: sets none \(defaults to INTERNAL\) · inferred \*\*PRODUCER\*\*/);
    assert.match(h.markdown, /`producer\.send` \(kafkajs\) → PRODUCER \(line 5\)/);
    assert.match(h.markdown, /Span kind: PRODUCER/);
  });

  it('the kind property and a numeric kind show what is set', () => {
    const h = hoverAt(`${OTEL}tracer.startSpan('a', { ki/*|*/nd: 1 });`);
    assert.match(h?.markdown ?? '', /sets \*\*SERVER\*\* \(`1`\)/);
    assert.match(h?.markdown ?? '', /Span kind: SERVER/);
    assert.match(hoverAt(`${OTEL}tracer.startSpan('a', { kind: /*|*/1 });`)?.markdown ?? '', /Span kind: SERVER/);
  });

  it('nothing elsewhere', () => {
    assert.equal(hoverAt(`${OTEL}const x/*|*/ = 1;`), undefined);
    assert.equal(hoverAt(`${OTEL}const o = { ki/*|*/nd: 1 };`), undefined);
    assert.equal(hoverAt(`class P { startSpan() {} }\nnew P().start/*|*/Span();`), undefined);
  });
});
