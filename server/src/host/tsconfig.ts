// Node-side helpers shared by the CLI and the language server: finding a file's tsconfig/jsconfig and
// the compiler options the type-aware analysis uses. Reads config files; never runs workspace code.
import * as path from 'node:path';
import ts = require('typescript');

export interface ProjectConfig {
  /** The tsconfig.json / jsconfig.json path. */
  configPath: string;
  options: ts.CompilerOptions;
  fileNames: string[];
  /** Problems reading the config, as "file:line: message". */
  errors: string[];
}

/** The nearest tsconfig.json (or jsconfig.json) above `file`, if any. */
export function findProjectConfig(file: string): string | undefined {
  const dir = path.dirname(path.resolve(file));
  return ts.findConfigFile(dir, ts.sys.fileExists, 'tsconfig.json') ?? ts.findConfigFile(dir, ts.sys.fileExists, 'jsconfig.json');
}

/** Parses a config file; a broken one still yields usable options (the defaults) and its errors. */
export function parseProjectConfig(configPath: string): ProjectConfig {
  const errors: string[] = [];
  const describe = (d: ts.Diagnostic) => {
    const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : `${configPath}: `;
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => errors.push(describe(d)),
  });
  if (!parsed) return { configPath, options: analysisOptions({}, configPath), fileNames: [], errors };
  // Missing inputs are not our problem to report; syntax errors in the config are.
  for (const d of parsed.errors) if (d.code !== 18003) errors.push(describe(d));
  const jsconfig = path.basename(configPath) === 'jsconfig.json';
  return { configPath, options: analysisOptions(parsed.options, configPath, jsconfig), fileNames: parsed.fileNames, errors };
}

/**
 * The project's options, adjusted for analysis: no emit, no default library (the analysis needs the
 * declarations of packages and workspace files, not of the runtime), never plugins.
 */
export function analysisOptions(options: ts.CompilerOptions, configPath?: string, jsconfig = false): ts.CompilerOptions {
  return {
    ...options,
    allowJs: options.allowJs ?? jsconfig,
    noEmit: true,
    noLib: true,
    skipLibCheck: true,
    plugins: [],
    ...(configPath ? { configFilePath: configPath } : {}),
  };
}

/** Options for files that belong to no project. */
export function looseFileOptions(): ts.CompilerOptions {
  return analysisOptions({
    allowJs: true,
    checkJs: false,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: [],
  });
}

/**
 * Is this a file the analysis programs leave out? Node's own declarations (@types/node): the analysis knows
 * Node's modules by their import names (`node:http`) and takes its globals (`fetch`, `process`) as globals,
 * and no catalogue row names a type of theirs, so they decide nothing; yet they are the largest declaration
 * package (about 2 MB, a third of the syntax trees of a typical service's program) and nearly every project
 * pulls them in (`"types": ["node"]`, or a dependency's `/// <reference types="node" />`).
 */
export function isLeftOut(fileName: string): boolean {
  return LEFT_OUT.test(fileName);
}

const LEFT_OUT = /[\\/]node_modules[\\/]@types[\\/]node(?:[\\/]|$)/;

/** A compiler host that does not see the files the analysis leaves out (see isLeftOut). */
export function analysisCompilerHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile } = host;
  const directoryExists = host.directoryExists;
  host.fileExists = (name) => !isLeftOut(name) && fileExists.call(host, name);
  host.readFile = (name) => (isLeftOut(name) ? undefined : readFile.call(host, name));
  host.directoryExists = (name) => !isLeftOut(name) && (directoryExists ? directoryExists.call(host, name) : true);
  host.getSourceFile = (name, ...rest) => (isLeftOut(name) ? undefined : getSourceFile.call(host, name, ...rest));
  return host;
}
