// The command-line checker: the same engine as the editor over files and folders; text, JSON or SARIF
// output; --fix applies the quick-fixes. Exit codes: 0 clean, 1 findings, 2 bad usage or unreadable input.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFile, type FileAnalysis, mayContainSpanCalls, wrapperCallTokens } from '../analysis/analyzeFile';
import { applyFixes } from '../analysis/applyFixes';
import { parseSource, SOURCE_EXTENSIONS } from '../analysis/program';
import { type AnalysisProject, sharedSyntacticProject } from '../analysis/project';
import { catalogueFor } from '../analysis/userCatalogue';
import { DEFAULT_SETTINGS, type Settings } from '../analysis/settings';
import { readConfigText } from '../host/configFile';
import { isSkippedDirectory } from '../host/sourceFiles';
import ts = require('typescript');
import type { AnalyzedSpan } from '../analysis/analyzeFile';
import type { Evidence, Finding } from '../analysis/types';
import { detectInstrumentation, type InstrumentationFact } from '../analysis/instrumentation';
import { TypedPrograms } from '../host/typedPrograms';
import { rules } from '../rules';
import { toSarif } from './sarif';

const VERSION = '0.1.0';
/** package.json `repository`; SARIF links the tool and each rule's page there. */
const REPOSITORY = 'https://github.com/span-kind-lens/span-kind-lens';
const CONFIG_FILE = 'spankind.config.json';
const MAX_FIX_PASSES = 5;

const USAGE = `Usage: spankind [options] [paths...]

Checks OpenTelemetry span kinds in TypeScript and JavaScript files (default path: .).
Folders are searched recursively, skipping node_modules, dist, build, out, coverage and dot-folders.

Options:
  --fix               apply the quick-fixes to the files and report each file changed
  --format FORMAT     text (default), json, or sarif (SARIF 2.1.0, for GitHub code scanning)
  -o, --output FILE   write the report to FILE instead of standard output
  --config FILE       settings file (default: ./${CONFIG_FILE} when it exists)
  --exit-zero         exit 0 even when findings remain (for demos and reports)
  --no-types          analyse each file alone, from its syntax (faster; sees less)
  --all-spans         with --format json: also list every span call found, with its kinds and evidence
  -h, --help          show this help
  -v, --version       print the version

Exit codes: 0 no findings (or --exit-zero), 1 findings, 2 bad usage or unreadable input.`;

interface Options {
  paths: string[];
  fix: boolean;
  types: boolean;
  allSpans: boolean;
  format: 'text' | 'json' | 'sarif';
  output?: string;
  config?: string;
  exitZero: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const options: Options = { paths: [], fix: false, types: true, allSpans: false, format: 'text', exitZero: false };
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

function loadSettings(options: Options, warn: (line: string) => void): Settings {
  const file = options.config ?? (fs.existsSync(CONFIG_FILE) ? CONFIG_FILE : undefined);
  if (!file) return DEFAULT_SETTINGS;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const { settings, problems } = readConfigText(file, text);
  for (const p of problems) warn(p);
  return settings;
}

/** Source files under the given paths, in a stable order. */
function collectFiles(paths: string[]): string[] {
  const files: string[] = [];
  const isSource = (p: string) => SOURCE_EXTENSIONS.some((ext) => p.endsWith(ext)) && !/\.d\.[cm]?ts$/.test(p);
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!isSkippedDirectory(entry.name)) walk(full);
      } else if (entry.isFile() && isSource(entry.name)) {
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
    if (stat.isDirectory()) walk(p);
    else files.push(p);
  }
  return files;
}

interface FileReport {
  file: string;
  text: string;
  findings: Finding[];
  spans: AnalyzedSpan[];
}

/** Reads a file, or says why it is skipped. */
function readSource(file: string, settings: Settings, warn: (line: string) => void): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    warn(`${file}: cannot read (${(err as Error).message})`);
    return undefined;
  }
  if (text.length > settings.maxFileSize) {
    warn(`${file}: skipped, ${text.length} characters is over maxFileSize (${settings.maxFileSize})`);
    return undefined;
  }
  if (text.includes('\u0000')) {
    warn(`${file}: skipped, the file looks binary`);
    return undefined;
  }
  return text;
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
    settings = loadSettings(options, warn);
    files = collectFiles(options.paths);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`spankind: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const sources: { file: string; text: string }[] = [];
  for (const file of files) {
    const text = readSource(file, settings, warn);
    if (text !== undefined) sources.push({ file, text });
  }
  const instrumentation = findInstrumentation(sources, options.paths);
  const typed = options.types ? new TypedPrograms(warn, instrumentation) : undefined;
  // The text pre-filter, once per file: files that cannot hold a span call are never parsed.
  const withSpans = new Set(sources.filter(({ text }) => mayContainSpanCalls(text, settings)));
  for (const { file } of withSpans) typed?.add(file);
  const untyped = [...withSpans].filter(({ file }) => !typed?.covers(file));
  const context: RunContext = { settings, typed, instrumentation, warn, syntactic: syntacticBatch(untyped, settings, instrumentation) };
  // Tracing wrappers the type-aware analyses found: files that call them hold span calls too.
  const wrapperTokens = new Set<string>();
  const check = (source: { file: string; text: string }): FileReport => {
    const { file, text } = source;
    const analysis = tryAnalyze(file, context);
    if (analysis && typed?.covers(file)) for (const token of wrapperCallTokens(analysis.walk, analysis.sourceFile)) wrapperTokens.add(token);
    // Spans (syntax trees) are kept for --all-spans only: holding every file's tree until the report is
    // printed would make memory grow with the workspace.
    const report: FileReport = { file, text, findings: analysis?.findings ?? [], spans: (options.allSpans && analysis?.spans) || [] };
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
  const reports: FileReport[] = sources.map((source) => (withSpans.has(source) ? check(source) : { file: source.file, text: source.text, findings: [], spans: [] }));
  if (typed && wrapperTokens.size) {
    // Only a type-aware program follows a call into another file, so only it finds these spans.
    const callers = sources.flatMap((source, i) => (!withSpans.has(source) && mayContainSpanCalls(source.text, undefined, wrapperTokens) ? [i] : []));
    for (const i of callers) typed.add(sources[i].file);
    for (const i of callers) if (typed.covers(sources[i].file)) reports[i] = check(sources[i]);
  }
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
        warnings,
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
    lines.push(JSON.stringify(spans ? { version: 1, findings, spans } : { version: 1, findings }, null, 2));
  } else {
    for (const { report, finding, start } of rows) {
      lines.push(`${displayPath(report.file)}:${start.line}:${start.column}  ${finding.severity}  ${finding.message}  ${finding.ruleId}`);
    }
    const fixable = rows.filter((r) => r.finding.fixes.some((f) => f.preferred)).length;
    const filesWith = new Set(rows.map((r) => r.report.file)).size;
    lines.push(
      rows.length
        ? `\n${rows.length} ${rows.length === 1 ? 'finding' : 'findings'} in ${filesWith} ${filesWith === 1 ? 'file' : 'files'} (${reports.length} checked)${fixable ? `; ${fixable} fixable with --fix` : ''}`
        : `No span kind findings (${reports.length} ${reports.length === 1 ? 'file' : 'files'} checked).`,
    );
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
  return rows.length && !options.exitZero ? 1 : 0;
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
