// One in-process measurement in a fresh Node process (so each is cold: no warm JIT, no caches):
//
//   node bench/lib/inproc.mjs <mode> <dir> <tsconfig>
//
// Loads the compiled engine (out/server/src/...) and TypeScript first, then times only the work, and prints
// one JSON line: { mode, ms, maxRssKB, ...counts }. Modes:
//   floor       list the files as the CLI does, read each and ts.createSourceFile it (default options)
//   syntactic   the CLI's main() with --no-types (pre-filter, parse, per-file analysis, report)
//   typed       the CLI's main() (a program per tsconfig rooted at the span-call files, checker, analysis)
//   prefiltered what any per-file analysis that binds with TypeScript pays before it analyses anything: list
//               and read the files as floor does, keep those that pass the engine's pre-filter
//               (mayContainSpanCalls), parse them and bind them with one syntactic checker (as the CLI's
//               per-file mode does) - a lower bound for `syntactic`, for information
//   program     baseline: ts.createProgram over every file of the tsconfig (its own options, libs and
//               @types included) + program.getTypeChecker(), i.e. what tsserver builds before answering
//   program-nolib  the same program with the engine's analysis options (noLib, skipLibCheck) - diagnostic
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(REPO, 'package.json'));
const ts = require('typescript');
const { main } = require(path.join(REPO, 'out/server/src/cli/main.js'));
const { analysisOptions } = require(path.join(REPO, 'out/server/src/host/tsconfig.js'));
const { SOURCE_EXTENSIONS, parseSource, createSyntacticChecker } = require(path.join(REPO, 'out/server/src/analysis/program.js'));
const { mayContainSpanCalls } = require(path.join(REPO, 'out/server/src/analysis/analyzeFile.js'));

const [mode, dir, tsconfig] = process.argv.slice(2);
const SKIPPED = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.git', '.next', '.turbo']);

/** The files the CLI would check under `root` (same rules as server/src/cli/main.ts collectFiles). */
function listFiles(root) {
  const files = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name) && !entry.name.startsWith('.')) walk(full);
      } else if (entry.isFile() && SOURCE_EXTENSIONS.some((e) => entry.name.endsWith(e)) && !/\.d\.[cm]?ts$/.test(entry.name)) {
        files.push(full);
      }
    }
  };
  walk(root);
  return files;
}

function parseConfig(configPath) {
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  return parsed;
}

const result = { mode };
let keep; // keeps the results alive until the measurement ends, as the CLI does
const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
if (mode === 'floor') {
  const files = listFiles(dir);
  keep = files.map((f) => ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.Latest));
  result.files = files.length;
} else if (mode === 'prefiltered') {
  const files = listFiles(dir);
  const passed = files.map((f) => ({ f, text: fs.readFileSync(f, 'utf8') })).filter(({ text }) => mayContainSpanCalls(text));
  const parsed = passed.map(({ f, text }) => parseSource(f, text, false));
  keep = [parsed, createSyntacticChecker(parsed)];
  result.files = files.length;
  result.parsed = parsed.length;
} else if (mode === 'syntactic' || mode === 'typed') {
  let out = 0;
  const code = main([...(mode === 'syntactic' ? ['--no-types'] : []), '--exit-zero', dir], (s) => (out += s.length), () => undefined);
  result.exitCode = code;
  result.outputChars = out;
} else if (mode === 'program' || mode === 'program-nolib') {
  const parsed = parseConfig(tsconfig);
  const options = mode === 'program' ? parsed.options : analysisOptions(parsed.options, tsconfig);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options });
  program.getTypeChecker();
  keep = program;
  result.files = parsed.fileNames.length;
  result.programFiles = program.getSourceFiles().length;
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
result.ms = Number(process.hrtime.bigint() - start) / 1e6;
// CPU time (user + system) of the same work: steadier than wall time when the machine is busy.
const cpu = process.cpuUsage(cpuStart);
result.cpuMs = (cpu.user + cpu.system) / 1000;
result.maxRssKB = process.resourceUsage().maxRSS;
void keep;
process.stdout.write(JSON.stringify(result) + '\n');
