// A checker for one file alone: binds its own names (imports, locals, class members) without reading
// anything else. The workspace-wide checker of a LanguageService can be passed in its place.
import ts = require('typescript');

const OPTIONS: ts.CompilerOptions = {
  noLib: true,
  noResolve: true,
  types: [],
  allowJs: true,
  checkJs: false,
  noEmit: true,
  target: ts.ScriptTarget.ESNext,
};

/** Builds a TypeChecker over `sourceFile` alone (pure: no file system access). */
export function createSingleFileChecker(sourceFile: ts.SourceFile): ts.TypeChecker {
  return createSyntacticChecker([sourceFile]);
}

/**
 * One checker that binds each of `sourceFiles` on its own (no imports resolved, no library): names resolve
 * within their file, as with createSingleFileChecker, for the cost of one program instead of one per file.
 */
export function createSyntacticChecker(sourceFiles: readonly ts.SourceFile[]): ts.TypeChecker {
  const byName = new Map(sourceFiles.map((sf) => [sf.fileName, sf]));
  const host: ts.CompilerHost = {
    getSourceFile: (name) => byName.get(name),
    getDefaultLibFileName: () => 'lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (name) => byName.has(name),
    readFile: () => undefined,
    getDirectories: () => [],
    // Per file means no imports resolve: skip module resolution (it would probe node_modules paths for
    // every import of every file) and leave each import unresolved, as a file alone has it.
    resolveModuleNameLiterals: (literals) => literals.map(() => ({ resolvedModule: undefined })),
  };
  return ts.createProgram({ rootNames: [...byName.keys()], options: OPTIONS, host }).getTypeChecker();
}

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  '.ts': ts.ScriptKind.TS,
  '.mts': ts.ScriptKind.TS,
  '.cts': ts.ScriptKind.TS,
  '.tsx': ts.ScriptKind.TSX,
  '.js': ts.ScriptKind.JS,
  '.mjs': ts.ScriptKind.JS,
  '.cjs': ts.ScriptKind.JS,
  '.jsx': ts.ScriptKind.JSX,
};

/** File extensions the analysis reads. */
export const SOURCE_EXTENSIONS = Object.keys(SCRIPT_KINDS);

/** A file TypeScript itself cannot parse or bind: its parser and binder recurse, and pathological nesting overflows them. */
export class FileTooDeepError extends Error {}

/** Runs TypeScript on a file, turning a stack overflow into a FileTooDeepError that says why. */
export function withinTypeScriptLimits<T>(fileName: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof RangeError) throw new FileTooDeepError(`${fileName} is nested too deeply for TypeScript to analyse (${err.message})`);
    throw err;
  }
}

/**
 * JSDoc is parsed only where it carries types (JavaScript files), as `tsc` does: the analysis reads no
 * comments, and skipping them makes parsing cheaper.
 */
export const JSDOC_PARSING = ts.JSDocParsingMode.ParseForTypeErrors;

/**
 * Parses `text` as the TS/JS flavour its file name says (`.ts` when the name says nothing). `parents: false`
 * leaves the nodes' parent pointers to the binder, which sets them on every node: for files bound (by a
 * checker) before anything reads them, as `tsc` parses.
 */
export function parseSource(fileName: string, text: string, parents = true): ts.SourceFile {
  const ext = /\.[cm]?[jt]sx?$/i.exec(fileName)?.[0].toLowerCase() ?? '.ts';
  const kind = SCRIPT_KINDS[ext] ?? ts.ScriptKind.TS;
  const name = SCRIPT_KINDS[ext] ? fileName : `${fileName}.ts`;
  return withinTypeScriptLimits(fileName, () => ts.createSourceFile(name, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: JSDOC_PARSING }, parents, kind));
}

/** The script kind a parsed file was parsed as (by its file name). */
export function scriptKindOf(sf: ts.SourceFile): ts.ScriptKind {
  const ext = /\.[cm]?[jt]sx?$/i.exec(sf.fileName)?.[0].toLowerCase() ?? '.ts';
  return SCRIPT_KINDS[ext] ?? ts.ScriptKind.TS;
}
