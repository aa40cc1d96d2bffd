// Test helpers: analyse inline source, find a marker, apply fixes.
import { analyzeFile, type FileAnalysis } from '../src/analysis/analyzeFile';
import { applyFixes } from '../src/analysis/applyFixes';
import { parseSource } from '../src/analysis/program';
import type { Settings } from '../src/analysis/settings';

export function analyze(code: string, fileName = 'test.ts', settings?: Settings): FileAnalysis {
  return analyzeFile(parseSource(fileName, code), { settings });
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
