// One file in, findings and span inferences out: runs the enabled rules over the file's span calls.
import ts = require('typescript');
import { applyFixes } from './applyFixes';
import { scriptKindOf } from './program';
import { type Catalogue, catalogue as builtInCatalogue } from '../catalogue';
import { type Rule, rules as allRules } from '../rules';
import { defineFixes, ruleCode } from '../rules/types';
import type { FileWalk } from './findSpanCalls';
import { ownNameOf } from './wrappers';
import type { InstrumentationFact } from './instrumentation';
import { InferenceContext } from './inferKind';
import { type SpanKindReference, spanKindReference } from './kindFix';
import { type FileModel, parseDiagnosticsOf } from './model';
import { AnalysisProject } from './project';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { catalogueFor } from './userCatalogue';
import { isMiddleware } from './propagation';
import { type ReuseBase, type ReuseState, type SpanRecord, reusableParts, reusableSpans, UnitGraph, type WalkFacts } from './reuse';
import type { Evidence, Finding, Fix, Inference, Severity, SpanCall, TextChange } from './types';
import { isIgnoredAt, mayBeIgnored } from './ignoreComments';
import { type SyntaxErrorAt, syntaxErrorsOf, type UnresolvedWrapperCall, unresolvedWrapperCalls } from './unresolved';

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
  /**
   * For an editor: keep what the next analysis of this file can reuse (`FileAnalysis.reuse`), and reuse
   * what `previous`, the state kept by the last analysis of it, still holds after the edit since.
   */
  incremental?: { previous?: ReuseState };
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
  /** The file's syntax errors: with any, its spans were read from a guess at its structure (not understood). */
  syntaxErrors: SyntaxErrorAt[];
  /** Calls that look like tracing wrappers but could not be followed: the spans they start are not checked. */
  unresolvedWrappers: UnresolvedWrapperCall[];
  /** With `incremental`: what the next analysis of this file can reuse. */
  reuse?: ReuseState;
  /** With `incremental`: how many spans kept the previous analysis's results. */
  reusedSpans?: number;
}

/** The names of the SDK span functions (catalogue/tracing.ts) that `startSpan` does not already cover. */
const SDK_SPAN_FUNCTIONS = [...new Set(builtInCatalogue.wrappers.map((w) => w.function))].filter((name) => !name.includes('startSpan') && !name.includes('startActiveSpan'));

/**
 * Cheap text test: can this file contain a span call at all? Most files cannot, and skip parsing. A span
 * call is a tracer's span API, an SDK's span function, or a call of a tracing wrapper: one the settings declare, or one of
 * `wrapperNames` (the workspace's own, found by analysing the files that call a span API: see
 * wrapperCallTokens). A file that calls a wrapper contains what that gives, so text without it rules it out.
 */
export function mayContainSpanCalls(text: string, settings?: Pick<Settings, 'wrappers'>, wrapperNames: Iterable<string> = []): boolean {
  if (text.includes('startSpan') || text.includes('startActiveSpan')) return true;
  for (const name of SDK_SPAN_FUNCTIONS) if (text.includes(name)) return true;
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
  const rules = options.rules ?? allRules;
  // A typed analysis can reuse results only while it knows the program's other files did not change.
  const previous = options.incremental?.previous;
  const base = options.incremental && (project.options.program || !project.typed) ? reuseBase(sourceFile, settings, project, rules, previous) : undefined;
  const unit = project.unitOf(sourceFile, base && { reused: reusableParts(previous, base) });
  const { model, walk } = unit;
  const reused = base ? reusableSpans(previous, { ...base, units: base.units.addFacts(walkFacts(walk)) }, walk.spans.map((s) => s.call)) : new Map<number, SpanRecord>();
  const inference = new InferenceContext(project, unit);
  const filesOf = new Map<SpanCall, readonly string[]>();
  const spans = walk.spans.map((span) => {
    const record = reused.get(span.call.pos);
    const done = record ?? inference.inferWithFiles(span);
    filesOf.set(span, done.files);
    return { span, inference: done.inference };
  });
  const findings: Finding[] = [];
  let ref: SpanKindReference | undefined;
  const spanKindRef = () => (ref ??= spanKindReference(model));
  const ignoring = mayBeIgnored(sourceFile.text);
  const enabled = rules.flatMap((rule) => {
    const level = settings.rules[rule.id] ?? (settings.severity === 'default' ? rule.defaultSeverity : settings.severity);
    return level === 'off' ? [] : [{ rule, level }];
  });
  const check = (span: SpanCall, inf: Inference, rule: Rule, level: Severity) =>
    rule.check(span, { model, inference: inf, severity: level, spanKindRef, spans, walk, project, instrumentation: project.options.instrumentation ?? [] });
  // Per span, once for every rule: the spans the file silences, and where each span's name starts.
  const checked = spans.filter(({ span }) => !(ignoring && isIgnored(span, sourceFile)));
  const findingsOf = new Map<SpanCall, Finding[]>();
  // Spans whose findings are the earlier ones: their record goes to the next analysis as it is.
  const kept = new Map<SpanCall, SpanRecord>();
  for (const { span, inference: inf } of checked) {
    const own: Finding[] = [];
    findingsOf.set(span, own);
    const record = reused.get(span.call.pos);
    const earlier = record?.findings;
    if (earlier) {
      kept.set(span, record);
      // Same findings as before the edit; their fixes are built again, from this version, when asked for.
      for (const data of earlier) {
        own.push(
          defineFixes({ ...data }, () => {
            const again = enabled.find((e) => ruleCode(e.rule.id) === data.ruleId);
            for (const f of again ? check(span, inf, again.rule, again.level) : []) {
              if (f.start === data.start && f.end === data.end && f.message === data.message) return f.fixes;
            }
            return [];
          }),
        );
      }
      continue;
    }
    const spanStart = (span.nameArg ?? span.call.expression).getStart(sourceFile);
    for (const { rule, level } of enabled) {
      for (const finding of check(span, inf, rule, level)) {
        // A generic wrapper's own span: its kind is decided, and checked, at each call site.
        if (span.implements && finding.suggestedKind !== undefined) continue;
        // A wrapper that returns a function runs its span when that function is called, not where it is made:
        // the rules about the span's context (its parent, its propagation) cannot judge it from this call.
        if (span.wrapper?.deferred && finding.suggestedKind === undefined) continue;
        // Assigned, not spread: a spread would read (build) the finding's lazy fixes.
        finding.spanStart = spanStart;
        own.push(finding);
      }
    }
  }
  for (const own of findingsOf.values()) findings.push(...own);
  findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  const reuse = base && {
    ...base,
    parts: walk.parts,
    spans: new Map<number, SpanRecord>(
      spans.map(({ span, inference: inf }) => [
        span.call.pos,
        kept.get(span) ?? {
          callEnd: span.call.end,
          inference: inf,
          findings: findingsOf.get(span)?.map(withoutFixes),
          files: filesOf.get(span) ?? [],
          lineFree: namesNoLine(inf, findingsOf.get(span) ?? [], sourceFile.fileName),
        },
      ]),
    ),
  };
  const syntaxErrors = syntaxErrorsOf(sourceFile);
  if (syntaxErrors.length > 0) dropFixesThatBreakSyntax(sourceFile, findings);
  const dependencies = [...new Set([...[...filesOf.values()].flat(), ...walk.wrapperFiles])].filter((f) => f !== sourceFile.fileName);
  const unresolvedWrappers = unresolvedWrapperCalls(sourceFile, project.catalogue, { calls: walk.calls, spanCalls: walk.spanCalls, model });
  return { sourceFile, model, walk, spans, findings, syntaxErrors, unresolvedWrappers, dependencies, reuse, reusedSpans: base ? reused.size : undefined };
}

/** The inputs of this analysis that decide whether an earlier one's results still hold. */
function reuseBase(sourceFile: ts.SourceFile, settings: Settings, project: AnalysisProject, rules: readonly Rule[], previous: ReuseState | undefined): ReuseBase {
  return {
    key: { settings, catalogue: project.catalogue, instrumentation: project.options.instrumentation, rules, typed: project.typed },
    fileName: sourceFile.fileName,
    text: sourceFile.text,
    isModule: ts.isExternalModule(sourceFile),
    otherFiles: project.options.program?.getSourceFiles().filter((f) => f !== sourceFile),
    units: UnitGraph.cut(sourceFile, previous?.units),
  };
}

/** What of the walk ties spans to code beyond the names they mention (see WalkFacts). */
function walkFacts(walk: FileWalk): WalkFacts {
  const fileWide: number[] = [];
  for (const [fn, handler] of walk.handlers) if (isMiddleware(handler)) fileWide.push(fn.pos, handler.registration.pos);
  return { spans: walk.spans.map((s) => ({ pos: s.call.pos, scope: s.scope })), fileWide };
}

/**
 * Does nothing of a span's results name a line of this file? Lines are written as digits: a message or a
 * reason without digits names none; evidence steps name the line of each call they pass.
 */
function namesNoLine(inference: Inference, findings: readonly Finding[], fileName: string): boolean {
  const stepsHere = (evidence: readonly Evidence[]) => evidence.some((e) => e.steps?.some((step) => step.fileName === fileName));
  return !/\d/.test(inference.reason) && !stepsHere(inference.evidence) && findings.every((f) => !/\d/.test(f.message) && !stepsHere(f.evidence));
}

/** A finding's data without its fixes (read without building them). */
function withoutFixes(finding: Finding): Omit<Finding, 'fixes'> {
  const data: Record<string, unknown> = {};
  for (const key of Object.keys(finding)) if (key !== 'fixes') data[key] = finding[key as keyof Finding];
  return data as unknown as Omit<Finding, 'fixes'>;
}


/**
 * In a file that already has syntax errors (half-typed code), the edits can meet broken structure: keep a
 * fix only if it adds no syntax error where it edits (see addsSyntaxErrors). Clean files skip this check.
 */
function dropFixesThatBreakSyntax(sf: ts.SourceFile, findings: Finding[]): void {
  const errorsIn = new Map<ts.Node, number>();
  for (const finding of findings) {
    const build = Object.getOwnPropertyDescriptor(finding, 'fixes');
    defineFixes(finding, () => {
      const fixes: Fix[] = build?.get ? build.get.call(finding) : (build?.value ?? []);
      return fixes.filter((fix) => !addsSyntaxErrors(sf, fix.changes, errorsIn));
    });
  }
}

/**
 * Does applying `changes` to `sf` add syntax errors? Decided on the smallest statements that hold them, not
 * the whole file (parsing the file again for every fix made each fix cost the file's size): the changes
 * are grouped by the top-level statement they fall in, and each group's innermost common statement is
 * parsed alone, before and after (a nested one inside an async generator, so that `await`, `yield` and
 * `return` read as they do in place). A change that unbalances a bracket meets the statement's end there
 * too. `errorsIn` keeps the count before the change of each statement parsed.
 */
function addsSyntaxErrors(sf: ts.SourceFile, changes: readonly TextChange[], errorsIn: Map<ts.Node, number>): boolean {
  const groups = new Map<ts.Node | undefined, { chain: ts.Node[]; changes: TextChange[] }>();
  const listOf = new Map<ts.Node, ts.NodeArray<ts.Statement>>();
  for (const change of changes) {
    const chain = statementsHolding(sf, change.start, change.end, listOf);
    const group = groups.get(chain[0]);
    if (!group) {
      groups.set(chain[0], { chain, changes: [change] });
      continue;
    }
    group.changes.push(change);
    let common = 0;
    while (common < group.chain.length && common < chain.length && group.chain[common] === chain[common]) common++;
    group.chain.length = common;
  }
  let before = 0;
  let after = 0;
  for (const { chain, changes: own } of groups.values()) {
    const node = chain[chain.length - 1];
    // Text inserted at a statement's edge can change how its neighbours parse: then they are parsed with it.
    // No statement (an empty file): the whole file.
    const atEdge = !!node && own.some((c) => c.start <= node.getStart(sf) || c.end >= node.end);
    const list = node && atEdge ? listOf.get(node) : undefined;
    const at = list ? list.indexOf(node as ts.Statement) : -1;
    const [from, to] = node ? [(list?.[at - 1] ?? node).pos, (list?.[at + 1] ?? node).end] : [0, sf.text.length];
    const nested = chain.length > 1;
    const count = (text: string) => parseDiagnosticsOf(reparse(sf, nested ? `async function* __spankind__() {\n${text}\n}` : text)).length;
    const slice = sf.text.slice(from, to);
    let was = node && !atEdge ? errorsIn.get(node) : undefined;
    if (was === undefined) {
      was = count(slice);
      if (node && !atEdge) errorsIn.set(node, was);
    }
    before += was;
    after += count(applyFixes(slice, [{ title: '', preferred: true, changes: own.map((c) => ({ ...c, start: c.start - from, end: c.end - from })) }]));
  }
  return after > before;
}

/**
 * The statements (in statement lists: the file's, blocks', clauses') that hold `[start, end]` in their
 * text with leading trivia, outermost first; empty when none does.
 */
function statementsHolding(sf: ts.SourceFile, start: number, end: number, listOf: Map<ts.Node, ts.NodeArray<ts.Statement>>): ts.Node[] {
  const chain: ts.Node[] = [];
  let node: ts.Node = sf;
  for (;;) {
    const list = (node as { statements?: ts.NodeArray<ts.Statement> }).statements;
    let next: ts.Node | undefined;
    ts.forEachChild(node, (child) => {
      if (child.pos <= start && end <= child.end) return (next = child);
      return undefined;
    });
    if (!next) return chain;
    if (list && next.kind !== ts.SyntaxKind.EndOfFileToken && !(ts.isCaseClause(node) && next === node.expression)) {
      chain.push(next);
      listOf.set(next, list);
    }
    node = next;
  }
}

function reparse(sf: ts.SourceFile, text: string): ts.SourceFile {
  return ts.createSourceFile(sf.fileName, text, sf.languageVersion, false, scriptKindOf(sf));
}

/**
 * `// spankind-ignore-next-line` on the line above the span call (or its name), or `/* spankind-ignore *\/`
 * on the line of the call or of its name, silences every rule for that span.
 */
function isIgnored(span: SpanCall, sf: ts.SourceFile): boolean {
  return isIgnoredAt(sf, [span.call.getStart(sf), (span.nameArg ?? span.call).getStart(sf)]);
}
