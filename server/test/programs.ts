// TypeScript programs over test-workspace, for the type-aware tests.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as ts from 'typescript';
import { WORKSPACE } from './fixtures';

let program: ts.Program | undefined;
let catalogue: ts.Program | undefined;

/** The program that holds `file`: the workspace's own, or the one over the catalogue fixtures. */
export function programFor(file: string): ts.Program {
  if (!path.relative(path.join(WORKSPACE, 'catalogue'), file).startsWith('..')) return catalogueProgram();
  return workspaceProgram();
}

/** The catalogue fixtures in one program; imports of packages that are not installed stay unresolved. */
export function catalogueProgram(): ts.Program {
  if (catalogue) return catalogue;
  const dir = path.join(WORKSPACE, 'catalogue');
  const rootNames = ts.sys.readDirectory(dir, ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts']);
  catalogue = ts.createProgram({
    rootNames,
    options: { ...workspaceProgram().getCompilerOptions(), noEmit: true, allowJs: true, checkJs: false },
  });
  return catalogue;
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

/** The same program with one file's text replaced (the rest reused). */
export function withFileText(base: ts.Program, fileName: string, text: string): ts.Program {
  const options = base.getCompilerOptions();
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) =>
    path.resolve(name) === path.resolve(fileName)
      ? ts.createSourceFile(name, text, languageVersion, true)
      : (base.getSourceFile(name) ?? getSourceFile.call(host, name, languageVersion, onError, shouldCreate));
  return ts.createProgram({ rootNames: base.getRootFileNames(), options, host, oldProgram: base });
}
