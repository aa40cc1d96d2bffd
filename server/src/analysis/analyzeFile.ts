// One file in, findings and span inferences out: runs the enabled rules over the file's span calls.
import type * as ts from 'typescript';
import { type Catalogue, catalogue as defaultCatalogue } from '../catalogue';
import { type Rule, rules as allRules } from '../rules';
import { findSpanCalls, type FileWalk } from './findSpanCalls';
import { InferenceContext } from './inferKind';
import { type SpanKindReference, spanKindReference } from './kindFix';
import { FileModel } from './model';
import { createSingleFileChecker } from './program';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import type { Finding, Inference, SpanCall } from './types';

export interface AnalyzeOptions {
  settings?: Settings;
  /** A checker whose program contains `sourceFile`; without one, names are bound within the file alone. */
  checker?: ts.TypeChecker;
  catalogue?: Catalogue;
  rules?: readonly Rule[];
}

export interface AnalyzedSpan {
  span: SpanCall;
  inference: Inference;
}

export interface FileAnalysis {
  sourceFile: ts.SourceFile;
  model: FileModel;
  walk: FileWalk;
  spans: AnalyzedSpan[];
  findings: Finding[];
}

/** Cheap text test: can this file contain a span call at all? Most files cannot, and skip parsing. */
export function mayContainSpanCalls(text: string): boolean {
  return text.includes('startSpan') || text.includes('startActiveSpan');
}

/** Analyses one parsed file. Pure: reads nothing but its arguments. */
export function analyzeFile(sourceFile: ts.SourceFile, options: AnalyzeOptions = {}): FileAnalysis {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const checker = options.checker ?? createSingleFileChecker(sourceFile);
  const model = new FileModel(sourceFile, checker, options.catalogue ?? defaultCatalogue);
  const walk = findSpanCalls(model);
  const inference = new InferenceContext(model, walk);
  const spans = walk.spans.map((span) => ({ span, inference: inference.infer(span) }));
  const findings: Finding[] = [];
  let ref: SpanKindReference | undefined;
  const spanKindRef = () => (ref ??= spanKindReference(model));
  for (const rule of options.rules ?? allRules) {
    const level = settings.rules[rule.id] ?? settings.severity ?? rule.defaultSeverity;
    if (level === 'off') continue;
    for (const { span, inference: inf } of spans) {
      findings.push(...rule.check(span, { model, inference: inf, severity: level, spanKindRef }));
    }
  }
  findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  return { sourceFile, model, walk, spans, findings };
}
