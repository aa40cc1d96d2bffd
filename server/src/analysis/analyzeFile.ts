// One file in, findings and span inferences out: runs the enabled rules over the file's span calls.
import ts = require('typescript');
import { applyFixes } from './applyFixes';
import { scriptKindOf } from './program';
import type { Catalogue } from '../catalogue';
import { type Rule, rules as allRules } from '../rules';
import { defineFixes } from '../rules/types';
import type { FileWalk } from './findSpanCalls';
import { ownNameOf } from './wrappers';
import type { InstrumentationFact } from './instrumentation';
import { InferenceContext } from './inferKind';
import { type SpanKindReference, spanKindReference } from './kindFix';
import type { FileModel } from './model';
import { AnalysisProject } from './project';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { catalogueFor } from './userCatalogue';
import type { Finding, Fix, Inference, SpanCall } from './types';

export interface AnalyzeOptions {
  settings?: Settings;
  /**
   * The project the file belongs to: it holds the program's checker and shares function summaries
   * between the files analysed with it. Without one, the file is analysed alone, from its syntax.
   */
  project?: AnalysisProject;
  /** Shorthand for a project over this checker (whose program must contain `sourceFile`). */
  checker?: ts.TypeChecker;
  /** With `checker` or alone: the auto-instrumentations the workspace registers. */
  instrumentation?: readonly InstrumentationFact[];
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
  /**
   * Other files the analysis read functions from (helpers followed, wrappers looked up): an editor
   * re-checks this file when one of them changes.
   */
  dependencies: string[];
}

/**
 * Cheap text test: can this file contain a span call at all? Most files cannot, and skip parsing. A span
 * call is a tracer's span API, or a call of a tracing wrapper: one the settings declare, or one of
 * `wrapperNames` (the workspace's own, found by analysing the files that call a span API: see
 * wrapperCallTokens). A file that calls a wrapper contains what that gives, so text without it rules it out.
 */
export function mayContainSpanCalls(text: string, settings?: Pick<Settings, 'wrappers'>, wrapperNames: Iterable<string> = []): boolean {
  if (text.includes('startSpan') || text.includes('startActiveSpan')) return true;
  for (const w of settings?.wrappers ?? []) if (text.includes(w.function)) return true;
  for (const name of wrapperNames) if (text.includes(name)) return true;
  return false;
}

/**
 * What a file that calls one of the wrappers `walk` found contains: the wrapper's name, or, when the caller
 * may call it by a name of its own (a nameless wrapper, or a file with a default export), the name of the
 * wrapper's module, which the caller imports.
 */
export function wrapperCallTokens(walk: FileWalk, sourceFile: ts.SourceFile): string[] {
  const tokens = new Set<string>();
  const text = sourceFile.text;
  const exportsDefault = /\bexport\s+(?:default\b|=)|\bmodule\.exports\s*=/.test(text);
  for (const fn of walk.wrappers.keys()) {
    const name = ownNameOf(fn);
    if (name !== undefined) tokens.add(name);
    if (name === undefined || exportsDefault) tokens.add(moduleToken(sourceFile.fileName));
  }
  return [...tokens];
}

/** How an import names a module: its file name without extension, or its folder's for an index file. */
function moduleToken(fileName: string): string {
  const parts = fileName.split(/[\\/]/);
  const base = parts[parts.length - 1].replace(/\.[^.]*$/, '');
  return base === 'index' && parts.length > 1 ? parts[parts.length - 2] : base;
}

/** Analyses one parsed file. Pure: reads nothing but its arguments. */
export function analyzeFile(sourceFile: ts.SourceFile, options: AnalyzeOptions = {}): FileAnalysis {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const project =
    options.project ??
    new AnalysisProject({ checker: options.checker, catalogue: options.catalogue ?? catalogueFor(settings), instrumentation: options.instrumentation });
  const unit = project.unitOf(sourceFile);
  const { model, walk } = unit;
  const inference = new InferenceContext(project, unit);
  const spans = walk.spans.map((span) => ({ span, inference: inference.infer(span) }));
  const findings: Finding[] = [];
  let ref: SpanKindReference | undefined;
  const spanKindRef = () => (ref ??= spanKindReference(model));
  const mayBeIgnored = sourceFile.text.includes('spankind-ignore');
  // Per span, once for every rule: the spans the file silences, and where each span's name starts.
  const checked = spans.filter(({ span }) => !(mayBeIgnored && isIgnored(span, sourceFile)));
  const spanStarts = new Map(checked.map(({ span }) => [span, (span.nameArg ?? span.call.expression).getStart(sourceFile)]));
  for (const rule of options.rules ?? allRules) {
    const level = settings.rules[rule.id] ?? (settings.severity === 'default' ? rule.defaultSeverity : settings.severity);
    if (level === 'off') continue;
    for (const { span, inference: inf } of checked) {
      const spanStart = spanStarts.get(span)!;
      for (const finding of rule.check(span, { model, inference: inf, severity: level, spanKindRef, spans, walk, project, instrumentation: project.options.instrumentation ?? [] })) {
        // Assigned, not spread: a spread would read (build) the finding's lazy fixes.
        finding.spanStart = spanStart;
        findings.push(finding);
      }
    }
  }
  findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  if (syntaxErrorCount(sourceFile) > 0) dropFixesThatBreakSyntax(sourceFile, findings);
  const dependencies = [...new Set([...inference.dependencies, ...walk.wrapperFiles])].filter((f) => f !== sourceFile.fileName);
  return { sourceFile, model, walk, spans, findings, dependencies };
}

function syntaxErrorCount(sf: ts.SourceFile): number {
  return (sf as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics?.length ?? 0;
}

/**
 * In a file that already has syntax errors (half-typed code), the edits can meet broken structure: keep a
 * fix only if the file it produces has no more syntax errors than before. Clean files skip this reparse.
 */
function dropFixesThatBreakSyntax(sf: ts.SourceFile, findings: Finding[]): void {
  const before = syntaxErrorCount(sf);
  for (const finding of findings) {
    const build = Object.getOwnPropertyDescriptor(finding, 'fixes');
    defineFixes(finding, () => {
      const fixes: Fix[] = build?.get ? build.get.call(finding) : (build?.value ?? []);
      return fixes.filter((fix) => syntaxErrorCount(reparse(sf, applyFixes(sf.text, [fix]))) <= before);
    });
  }
}

function reparse(sf: ts.SourceFile, text: string): ts.SourceFile {
  return ts.createSourceFile(sf.fileName, text, sf.languageVersion, false, scriptKindOf(sf));
}

const IGNORE_NEXT_LINE = /\bspankind-ignore-next-line\b/;
const IGNORE_HERE = /\bspankind-ignore\b(?!-)/;

/**
 * `// spankind-ignore-next-line` on the line above the span call (or its name), or `/* spankind-ignore *\/`
 * on the line of the call or of its name, silences every rule for that span.
 */
function isIgnored(span: SpanCall, sf: ts.SourceFile): boolean {
  const lines = new Set([span.call.getStart(sf), (span.nameArg ?? span.call).getStart(sf)].map((pos) => sf.getLineAndCharacterOfPosition(pos).line));
  const starts = sf.getLineStarts();
  const lineText = (line: number) => (line < 0 ? '' : sf.text.slice(starts[line], starts[line + 1] ?? sf.text.length));
  for (const line of lines) {
    if (IGNORE_HERE.test(lineText(line)) || IGNORE_NEXT_LINE.test(lineText(line - 1))) return true;
  }
  return false;
}
