// Node-side helpers shared by the CLI and the language server: finding a file's tsconfig/jsconfig and
// the compiler options the type-aware analysis uses. Reads config files; never runs workspace code.
import * as path from 'node:path';
import ts = require('typescript');
import { resolveWorkspaceModule, workspaceOverlayPath, workspaceRootOf } from './workspacePackages';

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
  // A config may extend a package of its own monorepo (`"extends": "@acme/tsconfig/base.json"`) with nothing
  // installed: it is read from the package's folder. Without that, TypeScript keeps the config's own options.
  const overlaid = (p: string) => (ts.sys.fileExists(p) ? p : (workspaceOverlayPath(p) ?? p));
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    fileExists: (p) => ts.sys.fileExists(overlaid(p)),
    readFile: (p: string) => ts.sys.readFile(overlaid(p)),
    directoryExists: (p: string) => ts.sys.directoryExists(p) || isWorkspaceNodeModules(p) || ts.sys.directoryExists(overlaid(p)),
    realpath: (p: string) => overlaid(p),
    onUnRecoverableConfigFileDiagnostic: (d) => errors.push(describe(d)),
  });
  if (!parsed) return { configPath, options: analysisOptions({}, configPath), fileNames: [], errors };
  // Missing inputs are not our problem to report; syntax errors in the config are.
  for (const d of parsed.errors) if (d.code !== 18003) errors.push(describe(d));
  const jsconfig = path.basename(configPath) === 'jsconfig.json';
  return { configPath, options: analysisOptions(parsed.options, configPath, jsconfig), fileNames: parsed.fileNames, errors };
}

/** A node_modules folder, installed or not, inside a workspace (where its packages would be linked). */
function isWorkspaceNodeModules(p: string): boolean {
  return /[\\/]node_modules$/.test(p) && workspaceRootOf(path.dirname(p)) !== undefined;
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
  const resolutions = ts.createModuleResolutionCache(host.getCurrentDirectory(), (f) => host.getCanonicalFileName(f), options);
  host.resolveModuleNameLiterals = (literals, containingFile, redirected, compilerOptions, containingSourceFile) =>
    literals.map((literal) =>
      resolveWithWorkspace(literal.text, containingFile, compilerOptions, host, resolutions, redirected, ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions)),
    );
  return host;
}

/**
 * TypeScript's module resolution, then, for a bare import it cannot resolve (nothing installed, or a package
 * never built), the source of a workspace package of that name (see workspacePackages.ts).
 */
export function resolveWithWorkspace(
  specifier: string,
  containingFile: string,
  options: ts.CompilerOptions,
  host: ts.ModuleResolutionHost,
  cache: ts.ModuleResolutionCache | undefined,
  redirected: ts.ResolvedProjectReference | undefined,
  mode: ts.ResolutionMode,
): ts.ResolvedModuleWithFailedLookupLocations {
  const resolved = ts.resolveModuleName(specifier, containingFile, options, host, cache, redirected, mode);
  if (resolved.resolvedModule) return resolved;
  const fromWorkspace = resolveWorkspaceModule(specifier, containingFile, host);
  return fromWorkspace ? { ...resolved, resolvedModule: fromWorkspace } : resolved;
}
