import * as assert from 'node:assert/strict';
import { parseSettings } from '../src/analysis/settings';
import { analyze, OTEL } from './helpers';

describe('rules', () => {
  const producerSpan = (options: string) => `${OTEL}import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: [] }).producer();
tracer.startActiveSpan('publish order', ${options}async (span) => { await producer.send({ topic: 'orders', messages: [] }); span.end(); });`;

  it('missing-kind names the evidence, the kind and the default', () => {
    const [f] = analyze(producerSpan('')).findings;
    assert.equal(f.ruleId, 'spankind/missing-kind');
    assert.equal(
      f.message,
      '`producer.send` (kafkajs) runs inside this span, so its kind should be PRODUCER; it sets no kind, and defaults to INTERNAL.',
    );
    assert.equal(f.suggestedKind, 'PRODUCER');
    assert.deepEqual(f.currentKinds, []);
    assert.equal(f.evidence[0].label, 'producer.send');
  });

  it('the finding covers the span name argument', () => {
    const code = producerSpan('');
    const [f] = analyze(code).findings;
    assert.equal(code.slice(f.start, f.end), "'publish order'");
  });

  it('wrong-kind names the kind set, and what a numeric kind means', () => {
    const [f] = analyze(producerSpan('{ kind: SpanKind.CLIENT }, ')).findings;
    assert.equal(f.ruleId, 'spankind/wrong-kind');
    assert.match(f.message, /should be PRODUCER, not CLIENT\.$/);
    const [n] = analyze(producerSpan('{ kind: 1 }, ')).findings;
    assert.match(n.message, /not SERVER \(`kind: 1` means SERVER\)\.$/);
  });

  it('says nothing when the kind is right or not statically known', () => {
    assert.deepEqual(analyze(producerSpan('{ kind: SpanKind.PRODUCER }, ')).findings, []);
    assert.deepEqual(analyze(producerSpan('{ kind: k() }, ').replace(OTEL, `${OTEL}declare function k(): any;\n`)).findings, []);
    assert.deepEqual(analyze(producerSpan('{ kind: c ? SpanKind.PRODUCER : SpanKind.CLIENT }, ').replace(OTEL, `${OTEL}declare const c: boolean;\n`)).findings, []);
  });

  it('trusts an explicit SERVER or CONSUMER without contrary evidence', () => {
    const code = `${OTEL}export function handle(req: { id: string }) {
  return tracer.startActiveSpan('handle', { kind: SpanKind.SERVER }, (span) => { const id = req.id.trim(); span.end(); return id; });
}`;
    assert.deepEqual(analyze(code).findings, []);
  });

  it('honours severity and per-rule settings', () => {
    const code = producerSpan('');
    const { settings } = parseSettings({ severity: 'error' });
    assert.equal(analyze(code, 'test.ts', settings).findings[0].severity, 'error');
    const off = parseSettings({ rules: { 'missing-kind': 'off' } }).settings;
    assert.deepEqual(analyze(code, 'test.ts', off).findings, []);
    const hint = parseSettings({ severity: 'error', rules: { 'spankind/missing-kind': 'hint' } }).settings;
    assert.equal(analyze(code, 'test.ts', hint).findings[0].severity, 'hint');
  });
});
