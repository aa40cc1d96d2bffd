// TypeScript programs over test-workspace (and over files held in memory), for the type-aware tests.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as ts from 'typescript';
import { WORKSPACE } from './fixtures';

let program: ts.Program | undefined;
const folderPrograms = new Map<string, ts.Program>();

/**
 * The fixture folder of a file: `src`, `catalogue`, `auto-instrumented` ..., and `rules/<rule-id>` for the
 * rules fixtures, each its own workspace (with its own auto-instrumentation facts, so its own project).
 */
export function fixtureFolderOf(file: string): string {
  const parts = path.relative(WORKSPACE, file).split(path.sep);
  return parts[0] === 'rules' && parts.length > 2 ? path.join(parts[0], parts[1]) : parts[0];
}

/** The program that holds `file`: the workspace's own for src/, else one over its fixture folder. */
export function programFor(file: string): ts.Program {
  const folder = fixtureFolderOf(file);
  return folder === 'src' ? workspaceProgram() : folderProgram(folder);
}

/** A fixture folder's files in one program; imports of packages that are not installed stay unresolved. */
function folderProgram(folder: string): ts.Program {
  let p = folderPrograms.get(folder);
  if (p) return p;
  const rootNames = ts.sys.readDirectory(path.join(WORKSPACE, folder), ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts']);
  p = ts.createProgram({ rootNames, options: { ...workspaceProgram().getCompilerOptions(), noEmit: true, allowJs: true, checkJs: false } });
  folderPrograms.set(folder, p);
  return p;
}

/** The program of test-workspace/tsconfig.json, built once. */
export function workspaceProgram(): ts.Program {
  if (program) return program;
  const config = ts.getParsedCommandLineOfConfigFile(path.join(WORKSPACE, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  });
  assert.ok(config);
  program = ts.createProgram({ rootNames: config.fileNames, options: { ...config.options, noEmit: true } });
  return program;
}

/**
 * A program over in-memory files, by absolute path (`/p/src/a.ts`): imports between them resolve, and so do
 * packages given as `/p/node_modules/<name>/index.d.ts`; nothing is read from disk, no default library.
 */
export function inMemoryProgram(files: Record<string, string>, rootNames = Object.keys(files), withLib = false): ts.Program {
  const sources = new Map(Object.entries(files).map(([name, text]) => [name, ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true)]));
  const host: ts.CompilerHost = {
    getSourceFile: (name) => sources.get(name),
    getDefaultLibFileName: () => '/lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/p',
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (name) => sources.has(name),
    readFile: (name) => files[name],
    directoryExists: (dir) => [...sources.keys()].some((f) => f.startsWith(dir.endsWith('/') ? dir : dir + '/')),
    getDirectories: () => [],
  };
  // With a default library, `files` holds it as /lib.d.ts.
  const options: ts.CompilerOptions = { noLib: !withLib, types: [], noEmit: true, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 };
  return ts.createProgram({ rootNames, options, host });
}
