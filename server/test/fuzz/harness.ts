// The fuzz harness: mutates source files and checks, for every mutated text, that the engine returns in
// bounded time without throwing, that every fix it offers keeps the text parseable and touches only its own
// ranges, and that fix-all is idempotent. Used by server/test/fuzz.test.ts (fixed seed) and scripts/fuzz.js.
import * as ts from 'typescript';
import { analyzeFile, type FileAnalysis } from '../../src/analysis/analyzeFile';
import { applyFixes, mergeFixes } from '../../src/analysis/applyFixes';
import type { InstrumentationFact } from '../../src/analysis/instrumentation';
import { parseSource } from '../../src/analysis/program';
import { FileTooDeepError } from '../../src/analysis/project';
import type { Fix, TextChange } from '../../src/analysis/types';
import { MUTATORS, truncateAtByte, truncationPoints } from './mutators';
import { caseSeed, mulberry32 } from './rng';

export interface FuzzFile {
  /** Shown in messages and used to derive the case seeds, e.g. `catalogue/cloud-aws.ts`. */
  name: string;
  /** The name the text is parsed under; its extension decides TS/TSX/JS. */
  fileName: string;
  text: string;
  instrumentation?: readonly InstrumentationFact[];
}

export interface FuzzOptions {
  seed: number;
  /** Mutated variants per file (besides the original text and, with `truncateAll`, the truncations). */
  count: number;
  /** Also truncate every file at every multiple of 97 bytes. */
  truncateAll?: boolean;
  /** Every n-th case is also analysed type-aware, over a one-file program (0: never). Default 4. */
  typedEvery?: number;
  /** A file's analysis (parse included) slower than this is a failure. Default 2000. */
  maxMsPerFile?: number;
  /** Only this case (`original`, a number, or `t<k>` for a truncation), for replaying a failure. */
  onlyCase?: string;
  /** Stop after this many failures (default: never). */
  maxFailures?: number;
  /** Resume after this case (skipping the files before its file), e.g. after a case that hung. */
  startAfter?: { file: string; caseId: string };
  /** Called before each case, with the counters so far: a watchdog can name a case that never returns. */
  onCase?(file: FuzzFile, caseId: string, mutator: string, counters: FuzzCounters): void;
  onFailure?(failure: FuzzFailure): void;
  onFileDone?(file: FuzzFile, counters: FuzzCounters): void;
}

export interface FuzzCounters {
  /** Texts checked: originals, mutations and truncations. */
  mutations: number;
  /** Analyses run, the type-aware ones and the re-analyses of fixed text included. */
  analyses: number;
  typedAnalyses: number;
  /** Type-aware passes skipped because TypeScript itself could not build the one-file program (deep nesting). */
  typedSkipped: number;
  /** Analyses refused on purpose with the engine's FileTooDeepError (never allowed for an unmutated fixture). */
  rejected: number;
  /** Single fixes applied and checked. */
  fixesVerified: number;
  /** Fix-all passes checked for idempotence (texts with at least one preferred fix). */
  fixAllChecked: number;
  /** Slowest analysis of one file, in ms, and where. */
  maxMs: number;
  maxMsAt: string;
}

export interface FuzzFailure {
  /** Which rule broke: `parse-throws`, `throws`, `slow`, `fix-syntax`, `fix-outside`, `fix-range`, `fix-overlap`, `fix-splits-token`, `fixall-*`, `typed-*`. */
  check: string;
  seed: number;
  file: string;
  caseId: string;
  mutator: string;
  message: string;
  /** The mutation, shown as the changed region of the text with some context. */
  mutation: string;
  /** Where it went wrong (the fix's change, the differing output), when that is not the mutation. */
  detail?: string;
  /** The whole mutated text, for dumping or minimising; not printed. */
  input: string;
  fileName: string;
  typed: boolean;
}

export interface FuzzSummary extends FuzzCounters {
  seed: number;
  count: number;
  files: number;
  failures: FuzzFailure[];
  durationMs: number;
}

export function emptyCounters(): FuzzCounters {
  return { mutations: 0, analyses: 0, typedAnalyses: 0, typedSkipped: 0, rejected: 0, fixesVerified: 0, fixAllChecked: 0, maxMs: 0, maxMsAt: '' };
}

export interface FuzzCase {
  id: string;
  mutator: string;
  text: string;
}

/** The cases of one file, in order: the original, `count` mutations, then the truncations if asked. */
export function* casesOf(file: FuzzFile, options: Pick<FuzzOptions, 'seed' | 'count' | 'truncateAll' | 'onlyCase'>): Generator<FuzzCase> {
  const want = (id: string) => options.onlyCase === undefined || options.onlyCase === id;
  if (want('original')) yield { id: 'original', mutator: 'none', text: file.text };
  for (let i = 0; i < options.count; i++) {
    if (!want(String(i))) continue;
    yield caseAt(file, options.seed, i);
  }
  const truncations = truncationPoints(file.text);
  for (let k = 0; k < truncations; k++) {
    const id = `t${k}`;
    if (options.onlyCase === id || (options.truncateAll && want(id))) yield { id, mutator: 'truncate-97', text: truncateAtByte(file.text, 97 * k) };
  }
}

/** Case `i` of a file: mutator `i mod |MUTATORS|`, its random choices from the case's own seed. */
export function caseAt(file: FuzzFile, seed: number, i: number): FuzzCase {
  const mutator = MUTATORS[i % MUTATORS.length];
  return { id: String(i), mutator: mutator.name, text: mutator.mutate(file.text, mulberry32(caseSeed(seed, file.name, i))) };
}

export function runFuzz(files: readonly FuzzFile[], options: FuzzOptions): FuzzSummary {
  const started = performance.now();
  const counters = emptyCounters();
  const failures: FuzzFailure[] = [];
  let skipping = options.startAfter !== undefined && files.some((f) => f.name === options.startAfter!.file);
  outer: for (const file of files) {
    if (skipping && file.name !== options.startAfter!.file) continue;
    for (const c of casesOf(file, options)) {
      if (skipping) {
        if (c.id === options.startAfter!.caseId) skipping = false;
        continue;
      }
      options.onCase?.(file, c.id, c.mutator, counters);
      const found = checkCase(file, c, options, counters);
      for (const f of found) {
        failures.push(f);
        options.onFailure?.(f);
      }
      if (options.maxFailures !== undefined && failures.length >= options.maxFailures) break outer;
    }
    options.onFileDone?.(file, counters);
  }
  return { seed: options.seed, count: options.count, files: files.length, ...counters, failures, durationMs: performance.now() - started };
}

/** Parses, then analyses; a throw from the parser itself (TypeScript's) is told apart from the engine's. */
type Analyze = (text: string) => FileAnalysis;

class ParseError extends Error {
  constructor(readonly inner: unknown) {
    super(errorText(inner));
  }
}

function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw new ParseError(e);
  }
}

/** Runs every check on one case; returns its failures (also counted into `counters`). */
export function checkCase(file: FuzzFile, c: FuzzCase, options: Pick<FuzzOptions, 'seed' | 'typedEvery' | 'maxMsPerFile'>, counters = emptyCounters()): FuzzFailure[] {
  const failures: FuzzFailure[] = [];
  const typedEvery = options.typedEvery ?? 4;
  // Which cases are also type-aware is drawn from the case's seed, not its number (that decides the mutator).
  const typed = c.id === 'original' || (typedEvery > 0 && /^\d+$/.test(c.id) && caseSeed(options.seed ^ 0x5f3759df, file.name, Number(c.id)) % typedEvery === 0);
  counters.mutations++;
  const syntactic: Analyze = (text) => analyzeFile(parsed(() => parseSource(file.fileName, text)), { instrumentation: file.instrumentation });
  const typeAware: Analyze = (text) => {
    const { sourceFile, checker } = parsed(() => oneFileProgram(file.fileName, text));
    return analyzeFile(sourceFile, { checker, instrumentation: file.instrumentation });
  };
  checkWith(syntactic, false);
  if (typed) checkWith(typeAware, true);
  return failures;

  function checkWith(analyze: Analyze, isTyped: boolean): void {
    const fail = (check: string, message: string, detail?: string) =>
      failures.push({
        check: isTyped ? `typed-${check}` : check,
        seed: options.seed,
        file: file.name,
        caseId: c.id,
        mutator: c.mutator,
        message,
        mutation: describeMutation(file.text, c.text),
        detail,
        input: c.text,
        fileName: file.fileName,
        typed: isTyped,
      });
    const text = c.text;
    let analysis: FileAnalysis;
    const t0 = performance.now();
    try {
      analysis = analyze(text);
    } catch (e) {
      const inner = e instanceof ParseError ? e.inner : e;
      if (inner instanceof FileTooDeepError && c.id !== 'original') {
        // The engine's documented refusal of a pathologically nested file: an answer, not a crash.
        counters.rejected++;
      } else if (e instanceof ParseError && isTyped) {
        // The harness's own program could not be built (TypeScript's parser or binder overflowed): there is
        // no checker to hand to analyzeFile, and the syntactic pass has already judged this text.
        counters.typedSkipped++;
      } else if (e instanceof ParseError) {
        fail('parse-throws', `TypeScript's parser threw in parseSource (before analyzeFile ran): ${e.message}`, stackTop(e.inner));
      }
      else fail('throws', `analyzeFile threw: ${errorText(e)}`, withEngineFrame(stackTop(e), () => analyze(text)));
      return;
    }
    const ms = performance.now() - t0;
    counters.analyses++;
    if (isTyped) counters.typedAnalyses++;
    if (ms > counters.maxMs) {
      counters.maxMs = ms;
      counters.maxMsAt = `${file.name} case ${c.id} (${c.mutator}${isTyped ? ', typed' : ''})`;
    }
    const bound = options.maxMsPerFile ?? 2000;
    if (ms > bound) fail('slow', `analysis took ${ms.toFixed(0)} ms (bound ${bound} ms)`);

    const baseErrors = syntaxErrors(file.fileName, text);
    for (const finding of analysis.findings) {
      for (const fix of finding.fixes) {
        counters.fixesVerified++;
        const problem = checkFix(text, fix, baseErrors, analysis.sourceFile);
        if (problem) fail(problem.check, `fix "${fix.title}" for ${finding.ruleId} at ${finding.start}: ${problem.message}`, problem.detail);
      }
    }

    const preferred = analysis.findings.flatMap((f) => f.fixes.filter((x) => x.preferred));
    const once = applyFixes(text, preferred);
    if (preferred.length === 0) {
      if (once !== text) fail('fixall-changes-clean-file', 'fix-all with nothing to fix changed the text', diffExcerpt(text, once));
      return;
    }
    counters.fixAllChecked++;
    const merged = mergeFixes(preferred);
    const outside = checkChanges(text, merged, once);
    if (outside) fail(`fixall-${outside.check}`, `fix-all (${preferred.length} fixes): ${outside.message}`, outside.detail);
    const onceErrors = syntaxErrors(file.fileName, once);
    if (onceErrors > baseErrors) fail('fixall-syntax', `fix-all (${preferred.length} fixes) raised the syntax errors from ${baseErrors} to ${onceErrors}`, firstNewError(file.fileName, text, once));
    let again: FileAnalysis;
    try {
      again = analyze(once);
      counters.analyses++;
      if (isTyped) counters.typedAnalyses++;
    } catch (e) {
      fail('fixall-reanalysis-throws', `analysing the fixed text threw: ${errorText(e)}`, withEngineFrame(stackTop(e instanceof ParseError ? e.inner : e), () => analyze(once)));
      return;
    }
    const twice = applyFixes(once, again.findings.flatMap((f) => f.fixes.filter((x) => x.preferred)));
    if (twice !== once) fail('fixall-not-idempotent', 'fix-all applied to its own output changed it again', diffExcerpt(once, twice));
  }
}

interface Problem {
  check: string;
  message: string;
  detail?: string;
}

/** One fix on its own: valid ranges, no overlaps, nothing changed outside them, no token split, no new syntax error. */
export function checkFix(text: string, fix: Fix, baseErrors: number, sf: ts.SourceFile): Problem | undefined {
  for (const ch of fix.changes) {
    if (!Number.isInteger(ch.start) || !Number.isInteger(ch.end) || ch.start < 0 || ch.end < ch.start || ch.end > text.length || typeof ch.newText !== 'string') {
      return { check: 'fix-range', message: `change [${ch.start}, ${ch.end}) is not a range of the ${text.length}-character text` };
    }
  }
  const sorted = [...fix.changes].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    const same = a.start === b.start && a.end === b.end && a.newText === b.newText;
    if (same || b.start < a.end) {
      return { check: 'fix-overlap', message: `changes overlap: ${show(a)} and ${show(b)}`, detail: excerpt(text, a.start, b.end) };
    }
  }
  for (const ch of sorted) {
    for (const pos of ch.start === ch.end ? [ch.start] : [ch.start, ch.end]) {
      const split = splitAt(sf, pos);
      if (split) return { check: 'fix-splits-token', message: `${show(ch)} ${split}`, detail: excerpt(text, pos, pos) };
    }
  }
  const out = applyFixes(text, [fix]);
  const outside = checkChanges(text, sorted, out);
  if (outside) return outside;
  const errors = syntaxErrors(sf.fileName, out);
  if (errors > baseErrors) {
    return { check: 'fix-syntax', message: `${baseErrors} syntax errors before, ${errors} after (${sorted.map(show).join(', ')})`, detail: firstNewError(sf.fileName, text, out) };
  }
  return undefined;
}

/**
 * `out` must be `text` with exactly `changes` (sorted, disjoint) applied: the prefix before the first, the
 * gaps between them and the suffix after the last identical, the new texts where the changes were.
 */
export function checkChanges(text: string, changes: readonly TextChange[], out: string): Problem | undefined {
  let at = 0; // in text
  let o = 0; // in out
  const expect = (want: string, what: string): Problem | undefined => {
    const got = out.slice(o, o + want.length);
    if (got !== want) {
      const d = firstDiff(want, got);
      return { check: 'fix-outside', message: `the output differs from the input ${what}, at output offset ${o + d}`, detail: `expected ${excerpt(want, d, d)}, got ${excerpt(got, d, d)}` };
    }
    o += want.length;
    return undefined;
  };
  for (const ch of changes) {
    const p = expect(text.slice(at, ch.start), at === 0 ? 'before the first change' : `between changes (input ${at}..${ch.start})`) ?? expect(ch.newText, `where ${show(ch)} was applied`);
    if (p) return p;
    at = ch.end;
  }
  const p = expect(text.slice(at), 'after the last change');
  if (p) return p;
  if (o !== out.length) return { check: 'fix-outside', message: `the output has ${out.length - o} characters more than the input with the changes` };
  return undefined;
}

/** Why an edit boundary at `pos` is wrong: inside a token, a comment, a surrogate pair or a CRLF; else undefined. */
function splitAt(sf: ts.SourceFile, pos: number): string | undefined {
  const text = sf.text;
  const before = text.charCodeAt(pos - 1);
  const after = text.charCodeAt(pos);
  if (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff) return `splits a surrogate pair at ${pos}`;
  if (before === 13 && after === 10) return `splits a CRLF at ${pos}`;
  let node: ts.Node = sf;
  for (;;) {
    let next: ts.Node | undefined;
    for (const child of node.getChildren(sf)) {
      if (child.kind >= ts.SyntaxKind.FirstJSDocNode && child.kind <= ts.SyntaxKind.LastJSDocNode) continue;
      if (pos < child.pos || pos > child.end) continue;
      const start = child.getStart(sf);
      if (pos <= start) {
        // In the child's leading trivia: only a comment can be split there.
        // Trailing ranges: comments on the previous token's line; leading ranges: the ones after a line break.
        for (const r of [...(ts.getTrailingCommentRanges(text, child.pos) ?? []), ...(ts.getLeadingCommentRanges(text, child.pos) ?? [])]) {
          if (r.pos < pos && pos < r.end) return `is inside a comment [${r.pos}, ${r.end})`;
        }
        if (pos < start) return undefined;
      }
      if (pos === child.end) continue;
      if (child.getChildCount(sf) === 0) {
        return pos > start && pos < child.end ? `is inside the token ${ts.SyntaxKind[child.kind]} [${start}, ${child.end})` : undefined;
      }
      next = child;
      break;
    }
    if (!next) return undefined;
    node = next;
  }
}

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  '.tsx': ts.ScriptKind.TSX,
  '.jsx': ts.ScriptKind.JSX,
  '.js': ts.ScriptKind.JS,
  '.mjs': ts.ScriptKind.JS,
  '.cjs': ts.ScriptKind.JS,
};

export function scriptKindOf(fileName: string): ts.ScriptKind {
  const ext = /\.[cm]?[jt]sx?$/i.exec(fileName)?.[0].toLowerCase() ?? '.ts';
  return SCRIPT_KINDS[ext] ?? ts.ScriptKind.TS;
}

function parseDiagnostics(fileName: string, text: string): ts.Diagnostic[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, scriptKindOf(fileName));
  return (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
}

/** How many syntax errors the parser reports for `text` (parsed as its file name's script kind). */
export function syntaxErrors(fileName: string, text: string): number {
  return parseDiagnostics(fileName, text).length;
}

function firstNewError(fileName: string, before: string, after: string): string {
  const old = new Set(parseDiagnostics(fileName, before).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')));
  const d = parseDiagnostics(fileName, after).find((x) => !old.has(ts.flattenDiagnosticMessageText(x.messageText, ' '))) ?? parseDiagnostics(fileName, after)[0];
  if (!d) return '';
  return `new error "${ts.flattenDiagnosticMessageText(d.messageText, ' ')}" at ${excerpt(after, d.start ?? 0, (d.start ?? 0) + (d.length ?? 0))}`;
}

/** A program over this one file (no lib, no imports resolved), for the type-aware path. */
export function oneFileProgram(fileName: string, text: string): { sourceFile: ts.SourceFile; checker: ts.TypeChecker } {
  const name = `/fuzz/${fileName.replace(/^.*[\\/]/, '')}`;
  const sourceFile = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, scriptKindOf(name));
  const host: ts.CompilerHost = {
    getSourceFile: (n) => (n === name ? sourceFile : undefined),
    getDefaultLibFileName: () => '/lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/fuzz',
    getCanonicalFileName: (n) => n,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (n) => n === name,
    readFile: (n) => (n === name ? text : undefined),
    getDirectories: () => [],
  };
  const options: ts.CompilerOptions = { noLib: true, noResolve: true, types: [], allowJs: true, checkJs: false, noEmit: true, target: ts.ScriptTarget.ESNext };
  const program = ts.createProgram({ rootNames: [name], options, host });
  return { sourceFile: program.getSourceFile(name) ?? sourceFile, checker: program.getTypeChecker() };
}

// ---- messages ----

const show = (c: TextChange) => `[${c.start}, ${c.end}) -> ${JSON.stringify(c.newText)}`;

function firstDiff(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** `text[start, end)` with up to 40 characters either side, escaped, the range between ⟦ ⟧ (long middles elided). */
export function excerpt(text: string, start: number, end: number, context = 40): string {
  const from = Math.max(0, start - context);
  const to = Math.min(text.length, end + context);
  let middle = text.slice(start, end);
  if (middle.length > 80) middle = `${middle.slice(0, 40)}…(${middle.length} chars)…${middle.slice(-20)}`;
  const q = (s: string) => JSON.stringify(s).slice(1, -1);
  return `${from > 0 ? '…' : ''}"${q(text.slice(from, start))}⟦${q(middle)}⟧${q(text.slice(end, to))}"${to < text.length ? '…' : ''}`;
}

/** The region where `mutated` differs from `original`, in the mutated text, e.g. `"…foo(⟦{⟧bar…"`. */
export function describeMutation(original: string, mutated: string): string {
  if (original === mutated) return 'unchanged';
  const p = firstDiff(original, mutated);
  let s = 0;
  while (s < original.length - p && s < mutated.length - p && original[original.length - 1 - s] === mutated[mutated.length - 1 - s]) s++;
  const removed = original.length - p - s;
  const note = removed > 0 ? ` (replacing ${removed} chars of the original)` : '';
  return `${excerpt(mutated, p, mutated.length - s)}${note}`;
}

function diffExcerpt(a: string, b: string): string {
  const d = firstDiff(a, b);
  return `first difference at ${d}: ${excerpt(a, d, d)} became ${excerpt(b, d, d)}`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function stackTop(e: unknown): string | undefined {
  if (!(e instanceof Error) || !e.stack) return undefined;
  return e.stack
    .split('\n')
    .slice(1, 5)
    .map((l) => l.trim())
    .join(' | ');
}

/**
 * Adds the innermost frame of the engine's own code to a throw's stack top (which, for a stack overflow, is
 * deep inside TypeScript): replays the throw once with an unlimited stack trace.
 */
function withEngineFrame(top: string | undefined, replay: () => unknown): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  try {
    replay();
  } catch (e) {
    const frame = e instanceof Error ? e.stack?.split('\n').find((l) => /[\\/]server[\\/]src[\\/]/.test(l)) : undefined;
    if (frame) return `${top ?? ''} || innermost engine frame: ${frame.trim()}`;
  } finally {
    Error.stackTraceLimit = limit;
  }
  return top;
}

/** A failure in a few lines: what broke, where, the mutation, and the command that replays it. */
export function formatFailure(f: FuzzFailure): string {
  const lines = [`[${f.check}] seed=${f.seed} file=${f.file} case=${f.caseId} mutator=${f.mutator}${f.typed ? ' (type-aware)' : ''}: ${f.message}`, `  mutation: ${f.mutation}`];
  if (f.detail) lines.push(`  detail: ${f.detail}`);
  lines.push(`  replay: node scripts/fuzz.js --seed ${f.seed} --file ${f.file} --case ${f.caseId}`);
  return lines.join('\n');
}

/** Failures counted by check and mutator, most frequent first, e.g. `fix-syntax (unicode) x3`. */
export function groupFailures(failures: readonly FuzzFailure[]): Array<{ key: string; count: number; first: FuzzFailure }> {
  const groups = new Map<string, { key: string; count: number; first: FuzzFailure }>();
  for (const f of failures) {
    const key = `${f.check} (${f.mutator})`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { key, count: 1, first: f });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

export function formatSummary(s: FuzzSummary): string {
  return (
    `fuzz: seed ${s.seed}, ${s.files} files, ${s.mutations} texts checked (${s.analyses} analyses, ${s.typedAnalyses} type-aware` +
    `${s.typedSkipped ? `, ${s.typedSkipped} type-aware skipped: TypeScript could not build the program` : ''}` +
    `${s.rejected ? `, ${s.rejected} rejected as too deep` : ''}), ` +
    `${s.fixesVerified} fixes verified, ${s.fixAllChecked} fix-alls checked, max ${s.maxMs.toFixed(0)} ms per file (${s.maxMsAt}), ` +
    `${s.failures.length} failures, ${(s.durationMs / 1000).toFixed(1)} s`
  );
}

// ---- minimising ----

/**
 * Shrinks a failing input while it still fails the same check: drops chunks of lines, then of characters
 * (a few hundred analyses at most). Returns the smallest text found.
 */
export function minimize(failure: FuzzFailure, file: FuzzFile, options: Pick<FuzzOptions, 'seed' | 'maxMsPerFile' | 'typedEvery'>, budget = 600): string {
  const fails = (text: string) =>
    budget-- > 0 &&
    checkCase(file, { id: failure.typed ? failure.caseId : 'm', mutator: failure.mutator, text }, options).some((f) => f.check === failure.check);
  const units = (text: string, byLine: boolean) => (byLine ? text.match(/[^\r\n]*(?:\r\n|\r|\n|$)/g)!.filter((s) => s.length) : Array.from(text));
  let best = failure.input;
  for (const byLine of [true, false]) {
    let parts = units(best, byLine);
    let chunk = Math.max(1, Math.floor(parts.length / 2));
    while (chunk >= 1 && budget > 0) {
      let removed = false;
      for (let i = 0; i < parts.length && budget > 0; ) {
        const candidate = [...parts.slice(0, i), ...parts.slice(i + chunk)];
        if (candidate.length < parts.length && fails(candidate.join(''))) {
          parts = candidate;
          removed = true;
        } else i += chunk;
      }
      if (!removed) chunk = Math.floor(chunk / 2);
    }
    best = parts.join('');
    if (!byLine || best.length > 4000) break; // character passes only over small texts
  }
  return best;
}
