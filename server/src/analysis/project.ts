// The analysis of a set of files that share one checker: per-file models and walks, and the summaries
// of functions followed across files, each computed once.
import ts = require('typescript');
import { type Catalogue, catalogue as defaultCatalogue } from '../catalogue';
import { findSpanCalls, type FileWalk, type WalkPart, type WrapperLookup } from './findSpanCalls';
import { FileModel, type ModelProject, functionOfDeclaration, isFunctionLike, lowerBound, walkTree } from './model';
import { createSingleFileChecker, createSyntacticChecker, withinTypeScriptLimits } from './program';

export { FileTooDeepError } from './program';
import type { InstrumentationFact } from './instrumentation';
import type { Evidence, WrapperInfo } from './types';

/** One file's model (what its names mean) and walk (its span calls, calls and handlers). */
export interface FileUnit {
  model: FileModel;
  walk: FileWalk;
}

/** What a function does, as seen from a span that calls it. */
export interface FunctionSummary {
  evidence: Evidence[];
  /** It calls code that could not be followed. */
  opaque: boolean;
  /** Other files whose functions it passed through: when one changes, the evidence may too. */
  files?: readonly string[];
}

export interface ProjectOptions {
  /**
   * Whether the checker sees a whole program (types and other files resolve). Defaults to whether a
   * checker is given; false for a checker from createSyntacticChecker.
   */
  typed?: boolean;
  /** Auto-instrumentations the workspace registers (see detectInstrumentation). */
  instrumentation?: readonly InstrumentationFact[];
  /** A checker over a program holding every file analysed; without one, each file binds its own names. */
  checker?: ts.TypeChecker;
  /**
   * The program behind `checker`, when there is one: lets the project know, from the files' text, which
   * function names can be tracing wrappers before asking the checker what a call runs.
   */
  program?: ts.Program;
  catalogue?: Catalogue;
}

export class AnalysisProject {
  private readonly units = new Map<ts.SourceFile, FileUnit>();
  private readonly walking = new Set<ts.SourceFile>();
  /** Function summaries, shared by every file of the project. */
  readonly summaries = new Map<ts.FunctionLikeDeclaration, FunctionSummary>();
  readonly catalogue: Catalogue;

  constructor(readonly options: ProjectOptions = {}) {
    this.catalogue = options.catalogue ?? defaultCatalogue;
  }

  /** True when names resolve through a program's type checker, across files and into packages. */
  get typed(): boolean {
    return this.options.typed ?? this.options.checker !== undefined;
  }

  private readonly models = new Map<ts.SourceFile, FileModel>();

  /** A file's model (what its names mean), shared by its walk and by the files that trace what it declares. */
  modelOf(sourceFile: ts.SourceFile): FileModel {
    let model = this.models.get(sourceFile);
    if (!model) {
      const checker = this.options.checker ?? withinTypeScriptLimits(sourceFile.fileName, () => createSingleFileChecker(sourceFile));
      // Only with a program's checker do other files' declarations resolve.
      const program = this.options.program;
      const links: ModelProject | undefined = this.typed
        ? { modelOf: (file) => this.modelOf(file), isDefaultLibrary: (file) => !!program?.isSourceFileDefaultLibrary(file) }
        : undefined;
      model = new FileModel(sourceFile, checker, this.catalogue, this.typed, links);
      this.models.set(sourceFile, model);
    }
    return model;
  }

  /**
   * A file's model and walk, made once. `units`, for the first call on a file, walks it in one part per unit
   * (for an editor's next version), taking the parts of an earlier version that still hold (see reusableParts).
   */
  unitOf(sourceFile: ts.SourceFile, units?: { reused?: (unit: ts.Node) => WalkPart | undefined }): FileUnit {
    let unit = this.units.get(sourceFile);
    if (!unit) {
      const model = this.modelOf(sourceFile);
      this.walking.add(sourceFile);
      let walk: FileWalk;
      try {
        let lookup: WrapperLookup | undefined;
        if (this.typed) {
          lookup = (fn) => this.wrapperOf(fn);
          const program = this.options.program;
          if (program) {
            lookup.mayBeNamed = (name) => this.spanFunctionNames(program).has(name) || this.spanFunctionNames(program).has('*');
            lookup.implementations = (callee) => this.implementationsOf(callee, program);
          }
        }
        walk = findSpanCalls(model, lookup, units);
      } finally {
        this.walking.delete(sourceFile);
      }
      unit = { model, walk };
      this.units.set(sourceFile, unit);
    }
    return unit;
  }

  private spanNames?: Set<string>;

  /**
   * Names of the program's source functions whose bodies start spans (see spanFunctionNamesOf), and of the
   * functions that call one of those by name (wrappers of wrappers), to a fixpoint of a few rounds.
   */
  private spanFunctionNames(program: ts.Program): Set<string> {
    if (!this.spanNames) {
      const names = new Set<string>();
      const files = program.getSourceFiles().filter((file) => !file.isDeclarationFile && !/[\\/]node_modules[\\/]/.test(file.fileName));
      for (const file of files) for (const name of spanFunctionNamesOf(file)) names.add(name);
      let fresh = [...names].filter((n) => n !== '*');
      // Which files mention a name: a word index of the files, made once (testing every name against every
      // file's text cost a monorepo's check most of its time).
      let index: WordIndex | undefined;
      for (let round = 0; round < 4 && fresh.length; round++) {
        index ??= wordIndex(files);
        const added: string[] = [];
        const tokensOf = new Map<ts.SourceFile, string[]>();
        for (const name of fresh) {
          for (const file of index.filesNaming(name)) {
            const tokens = tokensOf.get(file);
            if (tokens) tokens.push(name);
            else tokensOf.set(file, [name]);
          }
        }
        for (const [file, tokens] of tokensOf) {
          for (const name of spanFunctionNamesOf(file, tokens)) {
            if (!names.has(name)) added.push(name);
            names.add(name);
          }
        }
        // Past a few hundred new names the text no longer narrows much: stop there.
        fresh = added.length > 300 ? [] : added.filter((n) => n !== '*');
      }
      this.spanNames = names;
    }
    return this.spanNames;
  }

  /** Classes of the program by the interfaces they implement (their symbols), found once. */
  private implementers?: Map<ts.Symbol, ts.ClassLikeDeclaration[]>;

  /**
   * The methods that implement the interface member `callee` names, in the program's source classes that
   * declare `implements` it (through aliases). Only for a member named like a function that starts spans.
   */
  private implementationsOf(callee: ts.PropertyAccessExpression, program: ts.Program): ts.FunctionLikeDeclaration[] {
    const checker = this.options.checker;
    const name = callee.name.text;
    if (!checker || !this.spanFunctionNames(program).has(name)) return [];
    let symbol: ts.Symbol | undefined;
    try {
      symbol = checker.getSymbolAtLocation(callee.name);
    } catch {
      return [];
    }
    const members = symbol?.declarations ?? [];
    if (!members.length || !members.every((d) => (ts.isMethodSignature(d) || ts.isPropertySignature(d)) && ts.isInterfaceDeclaration(d.parent))) return [];
    const found: ts.FunctionLikeDeclaration[] = [];
    for (const member of members) {
      const iface = checker.getSymbolAtLocation((member.parent as ts.InterfaceDeclaration).name);
      for (const cls of (iface && this.implementersOf(program, checker).get(iface)) ?? []) {
        for (const m of cls.members) {
          if (!m.name || !(ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) || m.name.text !== name) continue;
          const fn = functionOfDeclaration(m);
          if (fn && !found.includes(fn)) found.push(fn);
        }
      }
    }
    return found;
  }

  private implementersOf(program: ts.Program, checker: ts.TypeChecker): Map<ts.Symbol, ts.ClassLikeDeclaration[]> {
    if (!this.implementers) {
      const map = new Map<ts.Symbol, ts.ClassLikeDeclaration[]>();
      for (const file of program.getSourceFiles()) {
        if (file.isDeclarationFile || /[\\/]node_modules[\\/]/.test(file.fileName) || !file.text.includes('implements')) continue;
        walkTree(file, (node) => {
          if (!ts.isClassLike(node)) return undefined;
          for (const type of node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ImplementsKeyword)?.types ?? []) {
            let symbol: ts.Symbol | undefined;
            try {
              symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(type.expression) ? type.expression.name : type.expression);
              if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
            } catch {
              symbol = undefined;
            }
            if (!symbol) continue;
            const list = map.get(symbol) ?? [];
            list.push(node);
            map.set(symbol, list);
          }
          return undefined;
        });
      }
      this.implementers = map;
    }
    return this.implementers;
  }

  /** The wrapper `fn` is, looked up in its own file (files being walked are not entered again). */
  private wrapperOf(fn: ts.FunctionLikeDeclaration): WrapperInfo | undefined {
    const file = fn.getSourceFile();
    if (this.walking.has(file)) return undefined;
    // Most called functions start no span: do not walk their files to find out.
    const body = fn.body && file.text.slice(fn.body.pos, fn.body.end);
    if (!body) return undefined;
    const program = this.options.program;
    // Without the program's names, those of the function's own file (a wrapper of a wrapper beside it).
    const names = program ? this.spanFunctionNames(program) : fileSpanFunctionNames(file);
    const startsSpan = body.includes('startSpan') || body.includes('startActiveSpan') || mentionsAny(body, names);
    if (!startsSpan) return undefined;
    return this.unitOf(file).walk.wrappers.get(fn);
  }
}


const fileNames = new WeakMap<ts.SourceFile, Set<string>>();

/** spanFunctionNamesOf a file, and the names of its functions that call those, to a fixpoint. */
function fileSpanFunctionNames(file: ts.SourceFile): Set<string> {
  let names = fileNames.get(file);
  if (!names) {
    names = new Set(spanFunctionNamesOf(file));
    let fresh = [...names].filter((n) => n !== '*');
    for (let round = 0; round < 4 && fresh.length; round++) {
      const added = spanFunctionNamesOf(file, fresh).filter((n) => !names!.has(n) && n !== '*');
      for (const n of added) names.add(n);
      fresh = added;
    }
    fileNames.set(file, names);
  }
  return names;
}

/** A name as the word index holds it: an identifier, or a private name (`#run`). */
const IDENTIFIER = /^#?[A-Za-z_$][\w$]*$/;
const WORDS = /#?[A-Za-z_$][\w$]*/g;

/** The identifier-like words of a text; a private name (`#run`) also counts as `run`, as tokenAt sees it. */
function wordsOf(text: string): Set<string> {
  const words = new Set<string>();
  for (const [word] of text.matchAll(WORDS)) {
    words.add(word);
    if (word.charCodeAt(0) === 35 /* # */) words.add(word.slice(1));
  }
  return words;
}

/** Does `text` mention one of `names` as a whole word? One pass over the text, not one per name. */
function mentionsAny(text: string, names: ReadonlySet<string>): boolean {
  let words: Set<string> | undefined;
  for (const name of names) {
    if (name === '*') continue;
    if (!IDENTIFIER.test(name)) {
      if (tokenAt(text, name) >= 0) return true;
      continue;
    }
    words ??= wordsOf(text);
    if (words.has(name)) return true;
  }
  return false;
}

interface WordIndex {
  /** The files in which `name` may stand as a word (a superset of those where tokenAt finds it). */
  filesNaming(name: string): readonly ts.SourceFile[];
}

/** Files by the words they contain; names that are not identifiers are looked for in every file's text. */
function wordIndex(files: readonly ts.SourceFile[]): WordIndex {
  const byWord = new Map<string, ts.SourceFile[]>();
  for (const file of files) {
    for (const word of wordsOf(file.text)) {
      const list = byWord.get(word);
      if (list) list.push(file);
      else byWord.set(word, [file]);
    }
  }
  return {
    filesNaming: (name) => (IDENTIFIER.test(name) ? (byWord.get(name) ?? []) : files.filter((f) => f.text.includes(name))),
  };
}

/** Where `token` first stands in `text` as a whole word, or -1. */
function tokenAt(text: string, token: string, from = 0): number {
  for (let i = text.indexOf(token, from); i >= 0; i = text.indexOf(token, i + 1)) {
    if (!isWordChar(text.charCodeAt(i - 1)) && !isWordChar(text.charCodeAt(i + token.length))) return i;
  }
  return -1;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

const namesByFile = new WeakMap<ts.SourceFile, readonly string[]>();

/**
 * The names a call can use for a function of this file that starts a span: function, method, property and
 * variable names. Cached per source file, which a language service reuses across edits of other files.
 */
export function spanFunctionNamesOf(file: ts.SourceFile, tokens?: readonly string[]): readonly string[] {
  let names = tokens ? undefined : namesByFile.get(file);
  if (names) return names;
  const found = new Set<string>();
  const text = file.text;
  // Where the text names a span API (or one of `tokens`, names of wrappers), in order: a node starts a span
  // if one of them lies inside it.
  const at: { start: number; end: number }[] = [];
  if (tokens) {
    for (const token of tokens) for (let i = tokenAt(text, token); i >= 0; i = tokenAt(text, token, i + token.length)) at.push({ start: i, end: i + token.length });
  } else {
    for (const api of ['startSpan', 'startActiveSpan']) {
      for (let i = text.indexOf(api); i >= 0; i = text.indexOf(api, i + api.length)) at.push({ start: i, end: i + api.length });
    }
  }
  at.sort((a, b) => a.start - b.start);
  const startsSpan = (node: ts.Node) => {
    for (let i = lowerBound(at, node.pos, (a) => a.start); i < at.length && at[i].start < node.end; i++) if (at[i].end <= node.end) return true;
    return false;
  };
  if (at.length) {
    walkTree(file, (node) => {
      if (node !== file && !startsSpan(node)) return 'skip';
      if (!isFunctionLike(node)) return;
      const holder = ts.isFunctionExpression(node) || ts.isArrowFunction(node) ? node.parent : node;
      const name = (holder as { name?: ts.Node }).name;
      if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name))) found.add(name.text);
      // A function with no name of its own (a computed key, an exported default): any name may call it.
      else if (holder === node || ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder) || ts.isVariableDeclaration(holder)) found.add('*');
    });
  }
  names = [...found];
  if (!tokens) namesByFile.set(file, names);
  return names;
}

/**
 * One per-file project for many parsed files: their module files bind together with one syntactic checker
 * (names still resolve within each file), for half the cost of a checker each. Scripts (no import, export or
 * require) would share one global scope in a program, so they are left out: `files` are the files the
 * project covers, the others are analysed alone. Undefined when TypeScript fails on them.
 */
export function sharedSyntacticProject(
  sourceFiles: readonly ts.SourceFile[],
  options: Pick<ProjectOptions, 'instrumentation' | 'catalogue'>,
): { project: AnalysisProject; files: ReadonlySet<ts.SourceFile> } | undefined {
  const modules = sourceFiles.filter(isModuleFile);
  try {
    return { project: new AnalysisProject({ ...options, checker: createSyntacticChecker(modules), typed: false }), files: new Set(modules) };
  } catch {
    return undefined;
  }
}

function isModuleFile(sf: ts.SourceFile): boolean {
  return ts.isExternalModule(sf) || !!(sf as unknown as { commonJsModuleIndicator?: unknown }).commonJsModuleIndicator;
}
