// Baseline of the edit-latency run, in a fresh process: what tsserver pays anyway for each edit of the
// file. A TypeScript LanguageService over the workspace's tsconfig, the file
// open as its root, the project's own compiler options, the same edits; per edit it times
//   update  ls.getProgram() + program.getTypeChecker()  (the new program and checker every edit needs)
//   check   the above + ls.getSemanticDiagnostics(file)  (what tsserver computes after each edit for the editor)
//
//   node bench/lib/editbase.mjs <file> <tsconfig> <edits> <budgetMs>
// prints one JSON line { update: [ms...], check: [ms...], openMs }.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyEdit, editsFor } from './edits.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(REPO, 'package.json'));
const ts = require('typescript');

const [file, tsconfig, countArg, budgetArg] = process.argv.slice(2);
// tsserver's view: the project's own options (libs included), not the engine's analysis options.
const options = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined }).options;
let text = fs.readFileSync(file, 'utf8');
let version = 1;
const host = {
  getCompilationSettings: () => options,
  getScriptFileNames: () => [file],
  getScriptVersion: (name) => (name === file ? String(version) : '0'),
  getScriptSnapshot: (name) => {
    const t = name === file ? text : ts.sys.readFile(name);
    return t === undefined ? undefined : ts.ScriptSnapshot.fromString(t);
  },
  getCurrentDirectory: () => path.dirname(tsconfig),
  getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
  fileExists: ts.sys.fileExists,
  readFile: ts.sys.readFile,
  readDirectory: ts.sys.readDirectory,
  directoryExists: ts.sys.directoryExists,
  getDirectories: ts.sys.getDirectories,
  realpath: ts.sys.realpath,
  useCaseSensitiveFileNames: () => true,
};
const ls = ts.createLanguageService(host, ts.createDocumentRegistry());
const t0 = performance.now();
ls.getProgram().getTypeChecker();
ls.getSemanticDiagnostics(file);
const openMs = performance.now() - t0;
const update = [];
const check = [];
const budget = Number(budgetArg);
const started = performance.now();
for (const edit of editsFor(text, Number(countArg))) {
  text = applyEdit(text, edit);
  version++;
  const a = performance.now();
  ls.getProgram().getTypeChecker();
  const b = performance.now();
  ls.getSemanticDiagnostics(file);
  const c = performance.now();
  update.push(b - a);
  check.push(c - a);
  if (c - started > budget) break;
}
process.stdout.write(JSON.stringify({ openMs, update, check, maxRssKB: process.resourceUsage().maxRSS }) + '\n');
