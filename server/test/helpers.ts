// Test helpers: analyse inline source, find a marker, apply fixes.
import { analyzeFile, type FileAnalysis } from '../src/analysis/analyzeFile';
import { applyFixes } from '../src/analysis/applyFixes';
import { parseSource } from '../src/analysis/program';
import type { Settings } from '../src/analysis/settings';
import { type Rule, rules } from '../src/rules';
import { KIND_RULES } from './fixtures';

/** The kind rules alone: most unit tests are about inference, and their snippets skip lifecycle details. */
export const KIND_RULE_SET = rules.filter((r) => KIND_RULES.includes(r.id));

export function analyze(code: string, fileName = 'test.ts', settings?: Settings, ruleSet: readonly Rule[] = KIND_RULE_SET): FileAnalysis {
  return analyzeFile(parseSource(fileName, code), { settings, rules: ruleSet });
}

/** The single span's inferred kind and confidence, e.g. `PRODUCER/high`. */
export function inferred(code: string, fileName = 'test.ts'): string[] {
  return analyze(code, fileName).spans.map((s) => `${s.inference.kind}/${s.inference.confidence}`);
}

/** Applies every preferred fix of every finding. */
export function fixAll(code: string, fileName = 'test.ts'): string {
  const a = analyze(code, fileName);
  return applyFixes(code, a.findings.flatMap((f) => f.fixes.filter((x) => x.preferred)));
}

/** Removes a `/*|*\/` cursor marker and returns the text and its offset. */
export function cursor(code: string): { text: string; offset: number } {
  const offset = code.indexOf('/*|*/');
  if (offset < 0) throw new Error('no /*|*/ marker');
  return { text: code.slice(0, offset) + code.slice(offset + 5), offset };
}

export const OTEL = `import { trace, SpanKind, context } from '@opentelemetry/api';\nconst tracer = trace.getTracer('t');\n`;

/** Every rule, context and lifecycle rules included. */
export function analyzeAll(code: string, fileName = 'test.ts', settings?: Settings): FileAnalysis {
  return analyze(code, fileName, settings, rules);
}

/** A Kafka publish that is right in every way but its kind (it sets none): only missing-kind has something to say. */
export const KAFKA_PUBLISHER = `import { context, propagation, trace } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';

const tracer = trace.getTracer('orders');
const producer = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] }).producer();

export async function publishOrder(id: string): Promise<void> {
  await tracer.startActiveSpan('publish order', async (span) => {
    try {
      const headers: Record<string, string> = {};
      propagation.inject(context.active(), headers);
      await producer.send({ topic: 'orders', messages: [{ key: id, value: id, headers }] });
    } finally {
      span.end();
    }
  });
}
`;

/** A CommonJS CLIENT span around a fetch, right in every way. */
export const FETCH_CLIENT_JS = `const { trace, SpanKind } = require('@opentelemetry/api');
const tracer = trace.getTracer('rates');

function rates() {
  return tracer.startActiveSpan('GET rates', { kind: SpanKind.CLIENT }, async (span) => {
    try {
      return await fetch('https://rates.example/today');
    } finally {
      span.end();
    }
  });
}
module.exports = { rates };
`;
