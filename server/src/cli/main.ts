// The command-line checker: the same engine as the editor over files and folders; text, JSON or SARIF
// output; --fix applies the quick-fixes. Exit codes: 0 clean, 1 findings (with --max-warnings: errors, or more
// warnings than allowed), 2 bad usage, a wrong config file or unreadable input.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFile, type FileAnalysis, mayContainSpanCalls, wrapperCallTokens } from '../analysis/analyzeFile';
import { applyFixes } from '../analysis/applyFixes';
import { parseSource, SOURCE_EXTENSIONS } from '../analysis/program';
import { type AnalysisProject, sharedSyntacticProject } from '../analysis/project';
import { catalogueFor } from '../analysis/userCatalogue';
import { DEFAULT_SETTINGS, type Settings } from '../analysis/settings';
import { CONFIG_FILE, readConfigFile } from '../host/configFile';
import { type IgnorePatterns, PathFilter } from '../host/ignores';
import { isSkippedDirectory } from '../host/sourceFiles';
import ts = require('typescript');
import type { AnalyzedSpan } from '../analysis/analyzeFile';
import type { Evidence, Finding } from '../analysis/types';
import { detectInstrumentation, type InstrumentationFact } from '../analysis/instrumentation';
import { TypedPrograms } from '../host/typedPrograms';
import { rules } from '../rules';
import { toSarif } from './sarif';
import { mayCallWrapperLike, type SyntaxErrorAt, syntaxErrorsOf, type UnresolvedWrapperCall, unresolvedWrapperCalls, unresolvedWrapperMessage } from '../analysis/unresolved';

const VERSION = '0.1.0';
/** package.json `repository`; SARIF links the tool and each rule's page there. */
const REPOSITORY = 'https://github.com/span-kind-lens/span-kind-lens';
const MAX_FIX_PASSES = 5;

const USAGE = `Usage: spankind [options] [paths...]

Checks OpenTelemetry span kinds in TypeScript and JavaScript files (default path: .).
Folders are searched recursively, skipping node_modules, dist, build, out, coverage, dot-folders and
what .gitignore files, the config file's "ignores" and --ignore leave out (gitignore syntax).

Options:
  --fix               apply the quick-fixes to the files and report each file changed
  --format FORMAT     text (default), json, or sarif (SARIF 2.1.0, for GitHub code scanning)
  -o, --output FILE   write the report to FILE instead of standard output
  --config FILE       settings file (default: ./${CONFIG_FILE} when it exists); a mistake in it
                      (invalid JSON, an unknown key, a wrong value) stops the run with exit code 2
  --ignore PATTERN    leave out the paths PATTERN matches, in .gitignore syntax relative to the working
                      directory (test/, **/*.spec.ts); repeatable; adds to the config file's "ignores"
  --no-gitignore      also check the files .gitignore files leave out
  --max-warnings N    exit 1 only on errors or on more than N warnings (as ESLint; -1: no limit on
                      warnings); information and hints never fail the run
  --exit-zero         exit 0 even when findings remain (for demos and reports)
  --no-types          analyse each file alone, from its syntax (faster; sees less)
  --all-spans         with --format json: also list every span call found, with its kinds and evidence
  -h, --help          show this help
  -v, --version       print the version

The summary also lists what was not analysed: files not understood (syntax errors), files skipped,
and calls that look like tracing wrappers but could not be followed.

Exit codes: 0 no findings (or --exit-zero), 1 findings (with --max-warnings: errors, or too many
warnings), 2 bad usage, a mistake in the config file, or unreadable input.`;

interface Options {
  paths: string[];
  fix: boolean;
  types: boolean;
  allSpans: boolean;
  format: 'text' | 'json' | 'sarif';
  output?: string;
  config?: string;
  exitZero: boolean;
  /** --ignore patterns, relative to the working directory. */
  ignores: string[];
  gitignore: boolean;
  /** --max-warnings: findings fail the run only as errors or past this many warnings (-1: no limit). */
  maxWarnings?: number;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const options: Options = { paths: [], fix: false, types: true, allSpans: false, format: 'text', exitZero: false, ignores: [], gitignore: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-h' || flag === '--help') return 'help';
    if (flag === '-v' || flag === '--version') return 'version';
    else if (flag === '--fix') options.fix = true;
    else if (flag === '--exit-zero') options.exitZero = true;
    else if (flag === '--no-types') options.types = false;
    else if (flag === '--all-spans') options.allSpans = true;
    else if (flag === '--config') options.config = value();
    else if (flag === '--ignore') {
      const pattern = value();
      if (/^!?\.\.?(\/|$)/.test(pattern)) throw new UsageError(`--ignore "${pattern}" cannot start with ./ or ../: patterns are relative to the working directory, in .gitignore syntax`);
      options.ignores.push(pattern);
    }
    else if (flag === '--no-gitignore') options.gitignore = false;
    else if (flag === '--max-warnings') {
      const n = value();
      if (!/^(-1|\d+)$/.test(n)) throw new UsageError(`--max-warnings must be a whole number (or -1 for no limit), got "${n}"`);
      options.maxWarnings = Number(n);
    }
    else if (flag === '-o' || flag === '--output') options.output = value();
    else if (flag === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`--format must be text, json or sarif, got "${f}"`);
      options.format = f;
    } else if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option ${flag}`);
    else options.paths.push(arg);
  }
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}

/** A config file with mistakes: each is a line of its own, and the run stops (exit 2). */
class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** The settings, and the ignore patterns of the config file and the command line. */
function loadSettings(options: Options): { settings: Settings; ignores: IgnorePatterns[] } {
  const ignores: IgnorePatterns[] = [{ base: process.cwd(), patterns: options.ignores }];
  const file = options.config ?? (fs.existsSync(CONFIG_FILE) ? CONFIG_FILE : undefined);
  if (!file) return { settings: DEFAULT_SETTINGS, ignores };
  const { settings, ignores: patterns, problems } = readConfigFile(file);
  if (problems.length) throw new ConfigError(problems);
  return { settings, ignores: [{ base: path.dirname(path.resolve(file)), patterns }, ...ignores] };
}

/** Source files under the given paths, in a stable order, less what the filter ignores. */
function collectFiles(paths: string[], filter: PathFilter): string[] {
  const files: string[] = [];
  const isSource = (p: string) => SOURCE_EXTENSIONS.some((ext) => p.endsWith(ext)) && !/\.d\.[cm]?ts$/.test(p);
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!isSkippedDirectory(entry.name) && !filter.ignoresDir(full)) walk(full);
      } else if (entry.isFile() && isSource(entry.name) && !filter.ignoresFile(full)) {
        files.push(full);
      }
    }
  };
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      throw new UsageError(`no such file or folder: ${p}`);
    }
    // A file or folder named on the command line is left out too when ignored (a pre-commit hook passes
    // every staged file), as ESLint does.
    if (stat.isDirectory()) {
      if (!filter.ignoresDir(p)) walk(p);
    } else if (!filter.ignoresFile(p)) files.push(p);
  }
  return files;
}

interface FileReport {
  file: string;
  text: string;
  findings: Finding[];
  spans: AnalyzedSpan[];
  /** The first syntax error, when the file has any: its spans were read from a guess (not understood). */
  syntaxError?: { offset: number; message: string; count: number };
  /** Set when the analysis failed on the file: nothing of it was checked. */
  failed?: string;
  /** Wrapper-like calls the analysis could not follow, as offsets and callee text. */
  unresolved: { offset: number; callee: string }[];
}

/** Why a file was not (fully) analysed; see the JSON's `notAnalysed`. */
type NotAnalysedReason = 'syntax-error' | 'too-large' | 'binary' | 'unreadable' | 'analysis-failed';

interface NotAnalysed {
  file: string;
  reason: NotAnalysedReason;
  message: string;
  line?: number;
  column?: number;
}

/** Reads a file, or says why it is skipped. */
function readSource(file: string, settings: Settings, warn: (line: string) => void): { text: string } | { skipped: NotAnalysed } {
  let text: string;
  const skip = (reason: NotAnalysedReason, message: string) => {
    warn(`${file}: ${message}`);
    return { skipped: { file: displayPath(file), reason, message } };
  };
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return skip('unreadable', `cannot read (${(err as Error).message})`);
  }
  if (text.length > settings.maxFileSize) return skip('too-large', `skipped, ${text.length} characters is over maxFileSize (${settings.maxFileSize})`);
  if (text.includes('\u0000')) return skip('binary', 'skipped, the file looks binary');
  return { text };
}

/** What a report says of a file's syntax errors and unresolved wrapper-like calls. */
function unseenParts(analysis: { sourceFile: ts.SourceFile; syntaxErrors: SyntaxErrorAt[]; unresolvedWrappers: UnresolvedWrapperCall[] }): Pick<FileReport, 'syntaxError' | 'unresolved'> {
  const [first] = analysis.syntaxErrors;
  return {
    syntaxError: first && { offset: first.start, message: first.message, count: analysis.syntaxErrors.length },
    unresolved: analysis.unresolvedWrappers.map((u) => ({ offset: u.start, callee: u.callee })),
  };
}

/**
 * A file the span pre-filter leaves out may still call a tracing wrapper the analysis cannot follow (an
 * import from a file or package it does not read): parsed alone, only when its text may hold such a call.
 */
function unseenInUnanalysed(file: string, text: string, settings: Settings, followed: (file: string, module: string) => boolean): Pick<FileReport, 'syntaxError' | 'unresolved'> {
  if (!mayCallWrapperLike(text)) return { unresolved: [] };
  try {
    const sf = parseSource(file, text);
    const calls = unresolvedWrapperCalls(sf, catalogueFor(settings)).filter((u) => !(u.module && followed(file, u.module)));
    const parts = unseenParts({ sourceFile: sf, syntaxErrors: syntaxErrorsOf(sf), unresolvedWrappers: calls });
    // A syntax error in a file with no span call hides nothing this report could list.
    return parts.unresolved.length ? parts : { unresolved: [] };
  } catch {
    return { unresolved: [] };
  }
}

/** Type-aware when the file belongs to a project, else from the file's own syntax. */
function analyzeText(file: string, context: RunContext, text?: string): FileAnalysis {
  let analysis: FileAnalysis | undefined;
  try {
    analysis = context.typed?.analyze(file, context.settings, text);
  } catch (e) {
    // TypeScript itself can fail on pathological input (a stack overflow on deep nesting): go on per file.
    context.warn(`${displayPath(file)}: type-aware analysis failed (${(e as Error).message}); checking it from its syntax alone`);
  }
  if (analysis) return analysis;
  const batch = text === undefined ? context.syntactic?.(file) : undefined;
  if (batch) return analyzeFile(batch.sourceFile, { settings: context.settings, project: batch.project });
  return analyzeFile(parseSource(file, text ?? fs.readFileSync(file, 'utf8')), { settings: context.settings, instrumentation: context.instrumentation });
}

/**
 * The per-file analysis of many files at once: each file still binds on its own, but a chunk of them shares
 * one checker, which costs half of a checker per file. Chunks are built as the run reaches them (files are
 * asked for in order) and let go when it moves on, so memory holds one chunk's trees, not the workspace's.
 */
function syntacticBatch(sources: { file: string; text: string }[], settings: Settings, instrumentation: InstrumentationFact[]) {
  const chunks: { file: string; text: string }[][] = [];
  let chars = Infinity;
  for (const source of sources) {
    if (chars >= SYNTACTIC_CHUNK_CHARS) chunks.push([]), (chars = 0);
    chunks[chunks.length - 1].push(source);
    chars += source.text.length;
  }
  const chunkOf = new Map(chunks.flatMap((chunk, i) => chunk.map(({ file }) => [file, i] as const)));
  let current: { index: number; built: { files: Map<string, ts.SourceFile>; project: AnalysisProject } | null } | undefined;
  return (file: string): { sourceFile: ts.SourceFile; project: AnalysisProject } | undefined => {
    const index = chunkOf.get(file);
    if (index === undefined) return undefined;
    if (current?.index !== index) current = { index, built: buildChunk(chunks[index], settings, instrumentation) };
    const sourceFile = current.built?.files.get(file);
    return current.built && sourceFile ? { sourceFile, project: current.built.project } : undefined;
  };
}

/** Text per shared checker in the per-file mode: large enough to share, small enough to stay out of memory. */
const SYNTACTIC_CHUNK_CHARS = 4_000_000;

/**
 * Parses a chunk of files and binds the ones that can share a checker (sharedSyntacticProject); null if
 * TypeScript fails on them (each file then goes alone).
 */
function buildChunk(sources: { file: string; text: string }[], settings: Settings, instrumentation: InstrumentationFact[]) {
  let parsed: (readonly [string, ts.SourceFile])[];
  try {
    // Bound right below (or alone, by analyzeFile, when they cannot share): the binder sets the parents.
    parsed = sources.map(({ file, text }) => [file, parseSource(file, text, false)] as const);
  } catch {
    return null;
  }
  const shared = sharedSyntacticProject(
    parsed.map(([, sf]) => sf),
    { instrumentation, catalogue: catalogueFor(settings) },
  );
  return shared ? { files: new Map(parsed.filter(([, sf]) => shared.files.has(sf))), project: shared.project } : null;
}

/** The analysis of a file, or `undefined` (with one warning) when even the per-file analysis fails. */
function tryAnalyze(file: string, context: RunContext, text?: string): FileAnalysis | undefined {
  try {
    const analysis = analyzeText(file, context, text);
    // Fixes are built when first read; the report reads them all (what is fixable), so build them here,
    // where a failure skips this file with a warning like any other.
    for (const finding of analysis.findings) void finding.fixes;
    return analysis;
  } catch (e) {
    context.warn(`${displayPath(file)}: skipped, it could not be analysed (${(e as Error).message})`);
    return undefined;
  }
}

interface RunContext {
  settings: Settings;
  /** The shared per-file analysis of the files no type-aware program covers. */
  syntactic?: (file: string) => { sourceFile: ts.SourceFile; project: AnalysisProject } | undefined;
  warn: (line: string) => void;
  typed: TypedPrograms | undefined;
  instrumentation: InstrumentationFact[];
}

/** Auto-instrumentations registered in the sources read or preloaded by the package.json beside the paths. */
function findInstrumentation(sources: { file: string; text: string }[], paths: string[]): InstrumentationFact[] {
  const facts = sources.flatMap(({ file, text }) => detectInstrumentation(displayPath(file), text));
  const manifests = new Set(['package.json', ...paths.map((p) => path.join(fs.statSync(p).isDirectory() ? p : path.dirname(p), 'package.json'))]);
  for (const manifest of manifests) {
    if (fs.existsSync(manifest)) facts.push(...detectInstrumentation(displayPath(manifest), fs.readFileSync(manifest, 'utf8')));
  }
  return facts;
}

function fixFile(report: FileReport, context: RunContext, keepSpans: boolean): { text: string; fixed: number } {
  let text = report.text;
  let findings = report.findings;
  let fixed = 0;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const fixes = findings.flatMap((f) => f.fixes.filter((fix) => fix.preferred).slice(0, 1));
    if (!fixes.length) break;
    const next = applyFixes(text, fixes);
    if (next === text) break;
    const after = tryAnalyze(report.file, context, next);
    if (!after) break;
    fixed += findings.length - after.findings.length;
    text = next;
    findings = after.findings;
    if (keepSpans) report.spans = after.spans;
  }
  report.findings = findings;
  return { text, fixed };
}

/** Evidence as JSON: what it is and where, and for a chain through functions, every step. */
function evidenceJson(e: Evidence, report: FileReport) {
  const at = position(report.text, e.start);
  const file = displayPath(report.file);
  const steps = e.steps?.map((s) => ({ label: s.label, file: displayPath(s.fileName), line: s.line })) ?? [{ label: e.label, file, line: at.line }];
  return { kind: e.kind, role: e.role, label: e.label, library: e.library ?? null, file, line: at.line, column: at.column, via: e.via ?? [], steps };
}

function position(text: string, offset: number): { line: number; column: number } {
  // A binary search in the text's line starts (read once per text: positions come report by report): a scan from the start per position
  // made the report cost the spans times the file's length.
  if (lineStarts.text !== text) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    lineStarts = { text, starts };
  }
  const starts = lineStarts.starts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

let lineStarts: { text: string | undefined; starts: number[] } = { text: undefined, starts: [] };

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file) || file;
  return rel.split(path.sep).join('/');
}

export function main(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  let options: Options | 'help' | 'version';
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`spankind: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (options === 'help') {
    out(USAGE);
    return 0;
  }
  if (options === 'version') {
    out(VERSION);
    return 0;
  }
  const warnings: string[] = [];
  const warn = (line: string) => {
    warnings.push(line);
    err(`spankind: ${line}`);
  };
  let files: string[];
  let settings: Settings;
  try {
    const loaded = loadSettings(options);
    settings = loaded.settings;
    files = collectFiles(options.paths, new PathFilter({ gitignore: options.gitignore, patterns: loaded.ignores, fallbackRoot: process.cwd() }));
  } catch (e) {
    if (e instanceof UsageError) {
      err(`spankind: ${e.message}`);
      return 2;
    }
    if (e instanceof ConfigError) {
      for (const problem of e.problems) err(`spankind: ${problem}`);
      err(`spankind: ${plural(e.problems.length, 'mistake', 'mistakes')} in the config file; nothing was checked`);
      return 2;
    }
    throw e;
  }
  const sources: { file: string; text: string }[] = [];
  const skipped: NotAnalysed[] = [];
  for (const file of files) {
    const read = readSource(file, settings, warn);
    if ('text' in read) sources.push({ file, text: read.text });
    else skipped.push(read.skipped);
  }
  const instrumentation = findInstrumentation(sources, options.paths);
  const typed = options.types ? new TypedPrograms(warn, instrumentation) : undefined;
  // The text pre-filter, once per file: files that cannot hold a span call are never parsed.
  const withSpans = new Set(sources.filter(({ text }) => mayContainSpanCalls(text, settings)));
  for (const { file } of withSpans) typed?.add(file);
  const untyped = [...withSpans].filter(({ file }) => !typed?.covers(file));
  // An import of a file this run reads is followed: type-aware, its wrappers are found from their own file
  // (wrapperCallTokens); per file, only a file without span calls, which holds no wrapper.
  const byPath = new Map(sources.map((s) => [path.resolve(s.file), s]));
  const followed = (file: string, module: string): boolean => {
    if (!module.startsWith('.')) return false;
    const base = path.resolve(path.dirname(file), module);
    const stem = base.replace(/\.[cm]?[jt]sx?$/, '');
    const candidates = [base, ...[stem, path.join(base, 'index')].flatMap((b) => SOURCE_EXTENSIONS.map((ext) => b + ext))];
    const target = candidates.map((c) => byPath.get(c)).find((t) => t !== undefined);
    return !!target && (!!typed || !withSpans.has(target));
  };
  const context: RunContext = { settings, typed, instrumentation, warn, syntactic: syntacticBatch(untyped, settings, instrumentation) };
  // Tracing wrappers the type-aware analyses found: files that call them hold span calls too.
  const wrapperTokens = new Set<string>();
  const check = (source: { file: string; text: string }): FileReport => {
    const { file, text } = source;
    const analysis = tryAnalyze(file, context);
    if (analysis && typed?.covers(file)) for (const token of wrapperCallTokens(analysis.walk, analysis.sourceFile)) wrapperTokens.add(token);
    // Spans (syntax trees) are kept for --all-spans only: holding every file's tree until the report is
    // printed would make memory grow with the workspace.
    const report: FileReport = {
      file,
      text,
      findings: analysis?.findings ?? [],
      spans: (options.allSpans && analysis?.spans) || [],
      ...(analysis ? unseenParts({ ...analysis, unresolvedWrappers: analysis.unresolvedWrappers.filter((u) => !(u.module && followed(file, u.module))) }) : { unresolved: [], failed: 'the analysis failed on it' }),
    };
    if (options.fix && report.findings.some((f) => f.fixes.length)) {
      const { text: fixedText, fixed } = fixFile(report, context, options.allSpans);
      if (fixedText !== report.text) {
        fs.writeFileSync(file, fixedText);
        err(`fixed ${displayPath(file)} (${fixed} ${fixed === 1 ? 'finding' : 'findings'})`);
        report.text = fixedText;
      }
    }
    return report;
  };
  const reports: FileReport[] = sources.map((source) =>
    withSpans.has(source) ? check(source) : { file: source.file, text: source.text, findings: [], spans: [], ...unseenInUnanalysed(source.file, source.text, settings, followed) },
  );
  // Only a type-aware program follows a call into another file, so only it finds these spans. A caller can be
  // a wrapper itself (a wrapper of a wrapper): its callers are looked for in turn, until no new name appears.
  const checked = new Set(withSpans);
  const searched = new Set<string>();
  for (let round = 0; typed && round < 10; round++) {
    const fresh = [...wrapperTokens].filter((t) => !searched.has(t));
    if (!fresh.length) break;
    for (const t of fresh) searched.add(t);
    const callers = sources.flatMap((source, i) => (!checked.has(source) && mayContainSpanCalls(source.text, undefined, fresh) ? [i] : []));
    for (const i of callers) checked.add(sources[i]);
    for (const i of callers) typed.add(sources[i].file);
    for (const i of callers) if (typed.covers(sources[i].file)) reports[i] = check(sources[i]);
  }
  const notAnalysed: NotAnalysed[] = [
    ...reports.flatMap((r): NotAnalysed[] => {
      if (r.failed) return [{ file: displayPath(r.file), reason: 'analysis-failed', message: r.failed }];
      if (!r.syntaxError) return [];
      const at = position(r.text, r.syntaxError.offset);
      const more = r.syntaxError.count > 1 ? ` (and ${r.syntaxError.count - 1} more)` : '';
      return [{ file: displayPath(r.file), reason: 'syntax-error', message: `not understood: ${r.syntaxError.message}${more}`, ...at }];
    }),
    ...skipped,
  ];
  const unresolved = reports.flatMap((r) => r.unresolved.map((u) => ({ file: displayPath(r.file), ...position(r.text, u.offset), callee: u.callee })));
  const rows = reports.flatMap((r) =>
    r.findings.map((f) => {
      const start = position(r.text, f.start);
      const end = position(r.text, f.end);
      return { report: r, finding: f, start, end };
    }),
  );
  const lines: string[] = [];
  if (options.format === 'sarif') {
    const log = toSarif(
      reports.map((r) => ({ path: path.resolve(r.file), text: r.text, findings: r.findings })),
      {
        tool: { name: 'spankind', fullName: 'Span Kind Lens', version: VERSION, informationUri: REPOSITORY },
        docsUri: `${REPOSITORY}/blob/HEAD/docs/rules`,
        rules,
        sourceRoot: findSourceRoot(process.cwd()),
        warnings: [...warnings, ...notUnderstoodLines(notAnalysed), ...unresolved.map((u) => `${u.file}:${u.line}:${u.column}: ${unresolvedWrapperMessage(u.callee)}`)],
      },
    );
    lines.push(JSON.stringify(log, null, 2));
  } else if (options.format === 'json') {
    const findings = rows.map(({ report, finding, start, end }) => ({
      file: displayPath(report.file),
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      severity: finding.severity,
      code: finding.ruleId,
      message: finding.message,
      suggestedKind: finding.suggestedKind,
      currentKind: finding.currentKinds.length ? finding.currentKinds.join('|') : null,
      fixable: finding.fixes.some((fix) => fix.preferred),
      evidence: finding.evidence.map((e) => evidenceJson(e, report)),
    }));
    const spans = options.allSpans
      ? reports.flatMap((report) =>
          report.spans.map(({ span, inference }) => ({
            file: displayPath(report.file),
            ...position(report.text, span.call.getStart()),
            name: span.nameArg ? (ts.isStringLiteralLike(span.nameArg) ? span.nameArg.text : span.nameArg.getText()) : null,
            api: span.api,
            kindSet: span.kindSet.state === 'absent' ? null : span.kindSet.state === 'unknown' ? 'unknown' : span.kindSet.kinds.join('|'),
            kindInferred: inference.kind,
            confidence: inference.confidence,
            evidence: inference.evidence.map((e) => evidenceJson(e, report)),
          })),
        )
      : undefined;
    lines.push(JSON.stringify({ version: 1, findings, notAnalysed, unresolvedWrappers: unresolved, ...(spans ? { spans } : {}) }, null, 2));
  } else {
    for (const { report, finding, start } of rows) {
      lines.push(`${displayPath(report.file)}:${start.line}:${start.column}  ${finding.severity}  ${finding.message}  ${finding.ruleId}`);
    }
    const fixable = rows.filter((r) => r.finding.fixes.some((f) => f.preferred)).length;
    const filesWith = new Set(rows.map((r) => r.report.file)).size;
    const unseen = notAnalysed.length ? `; ${notAnalysed.length} not analysed, see below` : '';
    lines.push(
      rows.length
        ? `\n${rows.length} ${rows.length === 1 ? 'finding' : 'findings'} in ${filesWith} ${filesWith === 1 ? 'file' : 'files'} (${reports.length} checked${unseen})${fixable ? `; ${fixable} fixable with --fix` : ''}`
        : `No span kind findings (${reports.length} ${reports.length === 1 ? 'file' : 'files'} checked${unseen}).`,
    );
    lines.push(...notAnalysedSummary(notAnalysed, unresolved));
  }
  if (options.output === undefined) {
    for (const line of lines) out(line);
  } else {
    try {
      fs.mkdirSync(path.dirname(path.resolve(options.output)), { recursive: true });
      fs.writeFileSync(options.output, `${lines.join('\n')}\n`);
    } catch (e) {
      err(`spankind: cannot write ${options.output}: ${(e as Error).message}`);
      return 2;
    }
  }
  // Input that could not be read is an error of the run, whatever was found elsewhere.
  if (skipped.some((s) => s.reason === 'unreadable')) return 2;
  if (options.exitZero || !rows.length) return 0;
  if (options.maxWarnings === undefined) return 1;
  // As ESLint: errors fail the run; warnings only past the limit; information and hints never.
  if (rows.some((r) => r.finding.severity === 'error')) return 1;
  const warningCount = rows.filter((r) => r.finding.severity === 'warning').length;
  if (options.maxWarnings >= 0 && warningCount > options.maxWarnings) {
    err(`spankind: ${plural(warningCount, 'warning', 'warnings')}, more than --max-warnings ${options.maxWarnings} allows`);
    return 1;
  }
  return 0;
}

/** How many to name in a summary line before "and N more". */
const LISTED = 5;

function listed<T>(items: T[], show: (item: T) => string): string {
  const shown = items.slice(0, LISTED).map(show).join(', ');
  return items.length > LISTED ? `${shown} and ${items.length - LISTED} more` : shown;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The text summary's lines on what was not analysed: never hidden behind "no findings". */
function notAnalysedSummary(notAnalysed: NotAnalysed[], unresolved: { file: string; line: number; callee: string }[]): string[] {
  const lines: string[] = [];
  const syntax = notAnalysed.filter((n) => n.reason === 'syntax-error');
  const failed = notAnalysed.filter((n) => n.reason === 'analysis-failed');
  const skipped = notAnalysed.filter((n) => n.reason !== 'syntax-error' && n.reason !== 'analysis-failed');
  if (syntax.length) lines.push(`${plural(syntax.length, 'file', 'files')} not understood (syntax errors; their spans may be missed or misread): ${listed(syntax, (n) => `${n.file}:${n.line}:${n.column}`)}`);
  if (failed.length) lines.push(`${plural(failed.length, 'file', 'files')} not analysed (the analysis failed): ${listed(failed, (n) => n.file)}`);
  const why: Record<string, string> = { 'too-large': 'over maxFileSize', binary: 'binary', unreadable: 'unreadable' };
  if (skipped.length) lines.push(`${plural(skipped.length, 'file', 'files')} skipped: ${listed(skipped, (n) => `${n.file} (${why[n.reason] ?? n.reason})`)}`);
  if (unresolved.length) {
    lines.push(`${plural(unresolved.length, 'unresolved wrapper-like call', 'unresolved wrapper-like calls')} (the spans they may start are not checked): ${listed(unresolved, (u) => `${u.file}:${u.line} ${u.callee}`)}`);
  }
  return lines;
}

/** SARIF notifications for the files not understood (skipped files are already among the warnings). */
function notUnderstoodLines(notAnalysed: NotAnalysed[]): string[] {
  return notAnalysed.filter((n) => n.reason === 'syntax-error').map((n) => `${n.file}:${n.line}:${n.column}: ${n.message}; its spans may be missed or misread`);
}

/** The repository around `dir` (the nearest folder with a .git), else `dir`: SARIF paths are relative to it. */
function findSourceRoot(dir: string): string {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return path.resolve(dir);
  }
}

if (require.main === module) {
  const code = main(process.argv.slice(2), (s) => process.stdout.write(`${s}\n`), (s) => process.stderr.write(`${s}\n`));
  process.exitCode = code;
}
