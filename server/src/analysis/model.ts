// What names in one file refer to: the declaration behind an identifier, the module a value comes
// from (its origin), and which catalogue row a call or handler registration matches.
import ts = require('typescript');
import { type Catalogue, type CallRow, type EntryRow, type HandlerRow, moduleMatches, rowsFor } from '../catalogue';
import { isSemconvModule, SEMCONV_CONSTANTS } from '../catalogue/semconv';
import type { SpanKindName, TextRange } from './types';

/** Where a value comes from: a module, and the member path walked from the module object. */
export interface Origin {
  module: string;
  path: readonly string[];
  /** The value is what a call or `new` returned (so invoking it is `()`, not its factory's member). */
  called?: boolean;
  /** Known from the type: `module` is the package whose declarations hold it, never workspace code. */
  fromPackage?: boolean;
}

/** A call that leaves the process, matched against the catalogue. */
export interface OutboundMatch {
  kind: SpanKindName;
  library: string;
  byName?: boolean;
}

/** A function registered as a request or message handler. */
export interface HandlerMatch {
  kind: 'SERVER' | 'CONSUMER';
  library: string;
  /** What makes it a handler: the registering call (`app.get(...)`, `new Worker(...)`), a decorator, a type. */
  registration: ts.Node;
  /** Short source-like label of the registration: `app.get`, `new Worker`, `@Get`, `SQSEvent`. */
  label: string;
  byName?: boolean;
}

/** How many steps an origin is traced back (imports, variables, calls, members). */
const MAX_DEPTH = 40;

/** The origins cache's entry for an expression that was traced to nothing. */
const UNKNOWN = 0;

// TypeScript's module exports every member through a getter: `ts.SyntaxKind.X` and `ts.forEachChild` in a
// loop over every node cost a call each. The walks below read them once, here.
const { SyntaxKind: Kind, forEachChild } = ts;

/** Kinds of the function-like declarations (see isFunctionLike), as a table indexed by kind. */
const FUNCTION_KINDS = kindTable([Kind.ArrowFunction, Kind.FunctionExpression, Kind.FunctionDeclaration, Kind.MethodDeclaration, Kind.GetAccessor, Kind.SetAccessor, Kind.Constructor]);

/** Wrappers stripExpression looks through. */
const WRAPPER_KINDS = kindTable([Kind.ParenthesizedExpression, Kind.AsExpression, Kind.NonNullExpression, Kind.SatisfiesExpression, Kind.TypeAssertionExpression, Kind.AwaitExpression]);

/**
 * Subtrees that only describe types: interfaces, type aliases and type annotations. They hold no calls, no
 * functions and no value a span can pass through, so the whole-file walks skip them (in typed code, a good
 * part of the nodes).
 */
const TYPE_ONLY_KINDS = kindTable([
  Kind.InterfaceDeclaration,
  Kind.TypeAliasDeclaration,
  ...Array.from({ length: Kind.LastTypeNode - Kind.FirstTypeNode + 1 }, (_, i) => Kind.FirstTypeNode + i),
]);

/** Is `node` the root of a subtree that only describes types (see TYPE_ONLY_KINDS)? */
export function isTypeOnly(node: ts.Node): boolean {
  return TYPE_ONLY_KINDS[node.kind] === 1;
}

function kindTable(kinds: readonly ts.SyntaxKind[]): Uint8Array {
  const table = new Uint8Array(Math.max(...kinds) + 1);
  for (const k of kinds) table[k] = 1;
  return table;
}

/** Methods of built-in values (arrays, strings, numbers, maps, promises): calling them stays local. */
export const BUILTIN_METHODS = new Set([
  'map', 'filter', 'reduce', 'reduceRight', 'forEach', 'some', 'every', 'find', 'findIndex', 'findLast',
  'includes', 'indexOf', 'lastIndexOf', 'join', 'split', 'slice', 'splice', 'push', 'pop', 'shift', 'unshift',
  'concat', 'sort', 'reverse', 'flat', 'flatMap', 'fill', 'keys', 'values', 'entries', 'at', 'toFixed',
  'toString', 'toLowerCase', 'toUpperCase', 'trim', 'trimStart', 'trimEnd', 'replace', 'replaceAll',
  'startsWith', 'endsWith', 'padStart', 'padEnd', 'match', 'matchAll', 'test', 'exec', 'charAt', 'charCodeAt',
  'substring', 'then', 'catch', 'finally', 'toISOString', 'getTime', 'valueOf', 'localeCompare', 'normalize',
  'repeat', 'toJSON',
]);


/** Globals whose calls stay in the process. */
const LOCAL_GLOBALS = new Set([
  'JSON', 'Math', 'Object', 'Array', 'String', 'Number', 'Boolean', 'BigInt', 'Date', 'RegExp', 'Symbol',
  'Map', 'Set', 'WeakMap', 'WeakSet', 'Promise', 'Error', 'TypeError', 'RangeError', 'console', 'parseInt',
  'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI',
  'structuredClone', 'setTimeout', 'clearTimeout', 'setImmediate', 'setInterval', 'clearInterval',
  'queueMicrotask', 'Buffer', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'atob', 'btoa',
  'require', 'Reflect', 'Intl', 'performance', 'process', 'AbortController',
]);

const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'self', 'global']);

/** The parser's syntax errors of a file (TypeScript keeps them on the file, outside its public API). */
export function parseDiagnosticsOf(sf: ts.SourceFile): readonly ts.Diagnostic[] {
  return (sf as unknown as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
}

/** Does a syntax error of the file start between `start` and `end` (both included)? */
export function hasSyntaxErrorIn(sf: ts.SourceFile, start: number, end: number): boolean {
  return parseDiagnosticsOf(sf).some((d) => d.start !== undefined && d.start >= start && d.start <= end);
}

export function stripExpression(expr: ts.Expression): ts.Expression {
  let e = expr;
  while (WRAPPER_KINDS[e.kind] === 1) {
    e = (e as ts.ParenthesizedExpression | ts.AsExpression | ts.NonNullExpression | ts.SatisfiesExpression | ts.TypeAssertion | ts.AwaitExpression).expression;
  }
  return e;
}

/** The member name of `a.b` / `a['b']`, if static. */
export function memberName(expr: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  if (ts.isElementAccessExpression(expr) && ts.isStringLiteralLike(expr.argumentExpression)) {
    return expr.argumentExpression.text;
  }
  return undefined;
}

export function isFunctionLike(node: ts.Node | undefined): node is ts.FunctionLikeDeclaration {
  // A table look-up: every walk asks this of every node.
  return node !== undefined && FUNCTION_KINDS[node.kind] === 1;
}

/**
 * Is `id` a reference to a value, in one of the positions where the checker resolves it as a plain name in
 * its scopes (a callee, an argument, an operand, an initializer, a property access's object)? Names of
 * declarations, properties and types are not.
 */
function isValueReference(id: ts.Identifier): boolean {
  const p = id.parent;
  switch (p.kind) {
    case ts.SyntaxKind.PropertyAccessExpression:
      return (p as ts.PropertyAccessExpression).expression === id;
    case ts.SyntaxKind.VariableDeclaration:
    case ts.SyntaxKind.Parameter:
    case ts.SyntaxKind.PropertyDeclaration:
    case ts.SyntaxKind.PropertyAssignment:
      return (p as ts.VariableDeclaration | ts.PropertyAssignment).initializer === id;
    case ts.SyntaxKind.CallExpression:
    case ts.SyntaxKind.NewExpression:
    case ts.SyntaxKind.ElementAccessExpression:
    case ts.SyntaxKind.BinaryExpression:
    case ts.SyntaxKind.ConditionalExpression:
    case ts.SyntaxKind.ParenthesizedExpression:
    case ts.SyntaxKind.AwaitExpression:
    case ts.SyntaxKind.ReturnStatement:
    case ts.SyntaxKind.ExpressionStatement:
    case ts.SyntaxKind.ArrayLiteralExpression:
    case ts.SyntaxKind.SpreadElement:
    case ts.SyntaxKind.SpreadAssignment:
    case ts.SyntaxKind.AsExpression:
    case ts.SyntaxKind.SatisfiesExpression:
    case ts.SyntaxKind.NonNullExpression:
    case ts.SyntaxKind.TemplateSpan:
      return true;
    default:
      return false;
  }
}

/** Where the top level of a file names `module` in an import or a `require`. */
function topLevelSpecifier(sf: ts.SourceFile, module: string): ts.StringLiteral | undefined {
  for (const statement of sf.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === module) return statement.moduleSpecifier;
    if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      const e = statement.moduleReference.expression;
      if (ts.isStringLiteral(e) && e.text === module) return e;
    }
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        const init = d.initializer && stripExpression(d.initializer);
        if (init && ts.isCallExpression(init) && requiredModule(init) === module && ts.isStringLiteral(init.arguments[0])) return init.arguments[0];
      }
    }
  }
  return undefined;
}

function isTypeOnlyImport(decl: ts.Declaration): boolean {
  if (ts.isImportSpecifier(decl)) return decl.isTypeOnly || decl.parent.parent.isTypeOnly;
  if (ts.isImportClause(decl)) return decl.isTypeOnly;
  if (ts.isNamespaceImport(decl)) return decl.parent.isTypeOnly;
  if (ts.isImportEqualsDeclaration(decl)) return decl.isTypeOnly;
  return false;
}

function moduleOfImport(decl: ts.Node): string | undefined {
  let n: ts.Node | undefined = decl;
  while (n && !ts.isImportDeclaration(n)) n = n.parent;
  return n && ts.isStringLiteral(n.moduleSpecifier) ? n.moduleSpecifier.text : undefined;
}

function requiredModule(expr: ts.Expression): string | undefined {
  const e = stripExpression(expr);
  if (!ts.isCallExpression(e) || e.arguments.length !== 1 || !ts.isStringLiteralLike(e.arguments[0])) return undefined;
  if (e.expression.kind === ts.SyntaxKind.ImportKeyword) return e.arguments[0].text;
  if (ts.isIdentifier(e.expression) && e.expression.text === 'require') return e.arguments[0].text;
  return undefined;
}

/** A typed project, as a file's model sees it. */
export interface ModelProject {
  /** The model of another file of the program, to trace what that file declares. */
  modelOf(sourceFile: ts.SourceFile): FileModel;
  /** Is this one of TypeScript's default library files (the JavaScript runtime's declarations)? */
  isDefaultLibrary(sourceFile: ts.SourceFile): boolean;
}

export class FileModel {
  /** What tracing found for each expression: an origin, `null` for plain data, `UNKNOWN` for nothing. */
  private readonly origins = new Map<ts.Node, Origin | null | typeof UNKNOWN>();
  private readonly typeOrigins = new Map<ts.Declaration, Origin | null>();
  /** Each identifier's declaration, `null` for none (a global). */
  private readonly declarations = new Map<ts.Identifier, ts.Declaration | null>();
  /** Each name's symbol (symbolAt), `null` for none. */
  private readonly symbols = new Map<ts.Node, ts.Symbol | null>();
  /** Each callee's function (functionOf), `null` for none that can be read. */
  private readonly functions = new Map<ts.Expression, ts.FunctionLikeDeclaration | null>();
  private readonly thisAssignments = new Map<ts.ClassLikeDeclaration, Map<string, ts.Expression[]>>();
  private readonly inProgress = new Set<ts.Node>();
  /** Counts traces stopped by the depth bound or a cycle, so their partial results are not cached. */
  private cutShort = 0;

  constructor(
    readonly sourceFile: ts.SourceFile,
    readonly checker: ts.TypeChecker,
    readonly catalogue: Catalogue,
    /** The checker sees a whole program: types and declarations in other files and packages resolve. */
    readonly typed = false,
    /** What the file's project knows beyond the file (typed projects only). */
    private readonly project?: ModelProject,
  ) {}

  /** The declaration an identifier refers to; `undefined` for globals and unresolved names. */
  declarationOf(id: ts.Identifier): ts.Declaration | undefined {
    // Rules ask again about names the inference already resolved; the checker does not remember them.
    let decl = this.declarations.get(id);
    if (decl === undefined) {
      decl = this.resolveDeclaration(id) ?? null;
      this.declarations.set(id, decl);
    }
    return decl ?? undefined;
  }

  /** The checker's symbol for a name, asked once (declarationOf and functionOf both need it). */
  private symbolAt(node: ts.Identifier | ts.PrivateIdentifier | ts.MemberName): ts.Symbol | undefined {
    let symbol = this.symbols.get(node);
    if (symbol === undefined) {
      symbol = (ts.isIdentifier(node) ? this.localBinding(node) : undefined) ?? this.checker.getSymbolAtLocation(node) ?? null;
      this.symbols.set(node, symbol);
    }
    return symbol ?? undefined;
  }

  /**
   * The binding a value reference or a type reference names, looked up in its scopes without resolving an
   * import to what it imports: getSymbolAtLocation resolves every import it meets to its target (asking
   * whether the target is a value, or a type), which costs the module's whole export table (a package's
   * `export *` chains) and, for a module the program cannot find, the formatting of an error; the analysis
   * reads the import itself. Undefined where that lookup could differ from the checker's: other names, a
   * value named by a type-only import (TypeScript passes it over for a value of that name outside), or no
   * binding found.
   */
  private localBinding(id: ts.Identifier): ts.Symbol | undefined {
    // A type's name (`Job` in `job: Job<T>`): any alias of that name is the one meant.
    if (ts.isTypeReferenceNode(id.parent) && id.parent.typeName === id) {
      return this.checker.resolveName(id.text, id, ts.SymbolFlags.Type | ts.SymbolFlags.Namespace | ts.SymbolFlags.Alias, false);
    }
    if (!isValueReference(id)) return undefined;
    const symbol = this.checker.resolveName(id.text, id, ts.SymbolFlags.Value | ts.SymbolFlags.Alias, false);
    if (!symbol || !(symbol.flags & ts.SymbolFlags.Alias)) return symbol;
    const decl = symbol.declarations?.[0];
    return decl && !isTypeOnlyImport(decl) ? symbol : undefined;
  }

  private resolveDeclaration(id: ts.Identifier): ts.Declaration | undefined {
    let symbol: ts.Symbol | undefined;
    try {
      symbol = ts.isShorthandPropertyAssignment(id.parent) ? this.checker.getShorthandAssignmentValueSymbol(id.parent) : this.symbolAt(id);
    } catch {
      return undefined;
    }
    const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!decl) return undefined;
    // Ambient declarations (lib.d.ts, @types) are globals, not the user's bindings.
    if (decl.getSourceFile().isDeclarationFile && !moduleOfImport(decl)) return undefined;
    return decl;
  }

  /** The local declaration of a type name (an import, usually). */
  private declarationOfTypeName(name: ts.EntityName): ts.Declaration | undefined {
    return ts.isIdentifier(name) ? this.declarationOf(name) : undefined;
  }

  /** Is `id` a name the file does not bind (a global such as `fetch`)? */
  isGlobal(id: ts.Identifier): boolean {
    return this.declarationOf(id) === undefined;
  }

  /** The module a value comes from, following imports, variables, `new`, calls and class members. */
  originOf(expr: ts.Expression, depth = 0): Origin | undefined {
    return this.traceOrigin(expr, depth) ?? undefined;
  }

  /**
   * originOf, telling apart what is known to be plain data (`null`: a response, the rows of a query) from
   * what could not be traced (`undefined`).
   */
  private traceOrigin(expr: ts.Expression, depth: number): Origin | null | undefined {
    if (depth > MAX_DEPTH) {
      this.cutShort++;
      return undefined;
    }
    const e = stripExpression(expr);
    const cached = this.origins.get(e);
    if (cached !== undefined) return cached === UNKNOWN ? undefined : cached;
    if (this.inProgress.has(e)) {
      this.cutShort++;
      return undefined;
    }
    this.inProgress.add(e);
    const cutBefore = this.cutShort;
    let result: Origin | null | undefined;
    try {
      result = this.computeOrigin(e, depth);
      // Through the type checker: a value whose declared type comes from a package (an injected
      // client, a field typed by an interface in another file, a factory's result). Not for what the
      // syntax already shows to be plain data.
      if (this.typed && result !== null && (!result || isRelative(result.module)) && !this.fromRuntime(e)) result = this.originFromType(e) ?? result;
    } finally {
      this.inProgress.delete(e);
    }
    // A result cut short by the depth bound or a cycle depends on where the tracing started: not cached.
    if (this.cutShort === cutBefore) this.origins.set(e, result === undefined ? UNKNOWN : result);
    return result;
  }

  /** The origin the syntax shows; `null` when it shows the value is plain data (no package behind it). */
  private computeOrigin(e: ts.Expression, depth: number): Origin | undefined | null {
    if (ts.isIdentifier(e)) {
      const decl = this.declarationOf(e);
      return decl ? this.originOfDeclaration(decl, depth + 1) : undefined;
    }
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      const name = memberName(e);
      if (name === undefined) return undefined;
      if (e.expression.kind === ts.SyntaxKind.ThisKeyword) return this.originOfThisMember(e, name, depth + 1);
      // A field of plain data is plain data.
      const base = this.traceOrigin(e.expression, depth + 1);
      return base && memberOf(base, [name]);
    }
    if (ts.isCallExpression(e)) {
      const required = requiredModule(e);
      if (required !== undefined) return { module: required, path: [] };
      const callee = this.traceOrigin(e.expression, depth + 1);
      // The result of a call that is itself evidence (a response, a query result) is plain data, and so
      // is what a method of plain data returns (`rows.map(...)`).
      if (callee && this.matchOutbound(e)) return null;
      if (!callee) return callee;
      return { ...callee, called: true };
    }
    if (ts.isNewExpression(e)) {
      const cls = this.originOf(e.expression, depth + 1);
      return cls && { ...cls, called: true };
    }
    if (ts.isConditionalExpression(e)) {
      return this.originOf(e.whenTrue, depth + 1) ?? this.originOf(e.whenFalse, depth + 1);
    }
    if (ts.isBinaryExpression(e) && isDefaultingOperator(e.operatorToken.kind)) {
      return this.originOf(e.left, depth + 1) ?? this.originOf(e.right, depth + 1);
    }
    return undefined;
  }

  /** The package that declares the type of `expr`, e.g. `{ module: 'pg', path: ['Pool'] }`. */
  private originFromType(expr: ts.Expression): Origin | undefined {
    if (ts.isIdentifier(expr)) {
      // Once per declaration, not per reference: a reference's type costs the checker a flow analysis,
      // and narrowing does not change which package a value's type comes from.
      const decl = this.declarationOf(expr);
      const name = decl && (decl as { name?: ts.Node }).name;
      if (decl && name && ts.isIdentifier(name) && name !== expr) {
        // A function or class written in the workspace is its own origin, never a package's.
        if ((ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl)) && !decl.getSourceFile().isDeclarationFile) return undefined;
        let cached = this.typeOrigins.get(decl);
        if (cached === undefined) {
          // Set first: a module that imports back from this one (a cycle) finds nothing here.
          this.typeOrigins.set(decl, null);
          cached = this.originOfImported(decl) ?? this.originFromType(name) ?? null;
          this.typeOrigins.set(decl, cached);
        }
        return cached ?? undefined;
      }
    }
    if (ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr) || ts.isCallExpression(expr) || ts.isElementAccessExpression(expr)) {
      let type: ts.Type;
      try {
        type = this.checker.getTypeAtLocation(expr);
      } catch {
        return undefined;
      }
      const symbol = type.aliasSymbol ?? type.getSymbol();
      const decl = symbol?.declarations?.[0];
      if (!symbol || !decl) return undefined;
      const module = packageOfFile(decl.getSourceFile().fileName);
      return module ? { module, path: [symbol.getName()], fromPackage: true } : undefined;
    }
    return undefined;
  }

  /**
   * The variable an import binds, where another source file of the program declares it (type-aware mode
   * only; not in a declaration file), or `undefined`.
   */
  importedVariable(decl: ts.Declaration): ts.VariableDeclaration | undefined {
    if (!this.typed || !(ts.isImportSpecifier(decl) || ts.isImportClause(decl)) || !decl.name) return undefined;
    let target: ts.Declaration | undefined;
    try {
      const alias = this.checker.getSymbolAtLocation(decl.name);
      target = alias && alias.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(alias).valueDeclaration : undefined;
    } catch {
      return undefined;
    }
    return target && ts.isVariableDeclaration(target) && !target.getSourceFile().isDeclarationFile ? target : undefined;
  }

  /**
   * What an import of a workspace module's variable binds, traced in the module that declares it, as a
   * declaration of this file is: `export const pool = new Pool()` is pg's Pool in every file that imports
   * it, read from the syntax instead of asking the checker for the variable's type (which costs it the
   * overload resolution of the initializer, again for every new program: every edit). Undefined when the
   * syntax there does not lead to a package; the caller then asks for the type.
   */
  private originOfImported(decl: ts.Declaration): Origin | undefined {
    const target = this.project && this.importedVariable(decl);
    if (!target) return undefined;
    const file = target.getSourceFile();
    if (file === this.sourceFile) return undefined;
    const origin = this.project.modelOf(file).originOfDeclaration(target, 1);
    return origin && !isRelative(origin.module) ? origin : undefined;
  }

  /**
   * Does the JavaScript runtime alone make this value, so that its type comes from no package and the
   * checker is not asked for it? A name the program does not declare at all (the analysis leaves the
   * default library out, so `Date`, `JSON`, `Map` are such names; their types are errors, whatever is
   * done with them), or one only the default library declares, when one is there; a member of one, what
   * calling one gives, and a variable holding that (`const formats = new Map()`). With the default
   * library, a call with arguments can return an argument's type (`Object.freeze(pool)`), and is left to
   * the checker.
   */
  private fromRuntime(expr: ts.Expression, seen = new Set<ts.Declaration>()): boolean {
    if (!this.project) return false;
    let e = stripExpression(expr);
    let passesArguments = false;
    for (;;) {
      if (ts.isPropertyAccessExpression(e)) e = stripExpression(e.expression);
      else if (ts.isCallExpression(e) || ts.isNewExpression(e)) {
        passesArguments ||= !!e.arguments?.length;
        e = stripExpression(e.expression);
      } else break;
    }
    if (!ts.isIdentifier(e)) return false;
    const decl = this.declarationOf(e);
    // A variable the runtime fills (`const formats = new Map()`), its type not written otherwise.
    // (`const a = a.b`, `const a = b.x, b = a.y`: code being typed refers back to itself.)
    if (decl) {
      if (seen.has(decl)) return false;
      seen.add(decl);
      return !passesArguments && ts.isVariableDeclaration(decl) && !!decl.initializer && !decl.type && decl.name !== e && this.fromRuntime(decl.initializer, seen);
    }
    let symbol: ts.Symbol | undefined;
    try {
      symbol = this.symbolAt(e);
    } catch {
      return false;
    }
    if (!symbol) return true;
    const declarations = symbol.declarations;
    return !passesArguments && !!declarations?.length && declarations.every((d) => this.project!.isDefaultLibrary(d.getSourceFile()));
  }

  /** The origin of the value a declaration binds; `null` when it is known to be plain data. */
  originOfDeclaration(decl: ts.Declaration, depth: number): Origin | null | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (ts.isImportSpecifier(decl)) {
      const module = moduleOfImport(decl);
      const imported = (decl.propertyName ?? decl.name).text;
      return module === undefined ? undefined : { module, path: imported === 'default' ? [] : [imported] };
    }
    if (ts.isImportClause(decl) || ts.isNamespaceImport(decl)) {
      const module = moduleOfImport(decl);
      return module === undefined ? undefined : { module, path: [] };
    }
    if (ts.isImportEqualsDeclaration(decl)) {
      const ref = decl.moduleReference;
      return ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)
        ? { module: ref.expression.text, path: [] }
        : undefined;
    }
    if (ts.isBindingElement(decl)) return this.originOfBindingElement(decl, depth);
    if (isActiveSpanParameter(decl)) return { module: '@opentelemetry/api', path: ['Span'] };
    if (ts.isVariableDeclaration(decl) || ts.isParameter(decl) || ts.isPropertyDeclaration(decl)) {
      if (decl.initializer) {
        const fromValue = this.originOf(decl.initializer, depth + 1);
        if (fromValue) return fromValue;
      }
      return decl.type ? this.originOfType(decl.type, depth + 1) : undefined;
    }
    if (ts.isPropertyAssignment(decl)) return this.originOf(decl.initializer, depth + 1);
    return undefined;
  }

  /** `const { Kafka } = require('kafkajs')`: the initializer's origin plus the destructured path. */
  private originOfBindingElement(decl: ts.BindingElement, depth: number): Origin | null | undefined {
    const path: string[] = [];
    let node: ts.Node = decl;
    while (ts.isBindingElement(node)) {
      const key = node.propertyName ?? node.name;
      if (!ts.isIdentifier(key) && !ts.isStringLiteral(key)) return undefined;
      path.unshift(key.text);
      const pattern: ts.Node = node.parent;
      if (!ts.isObjectBindingPattern(pattern)) return undefined;
      node = pattern.parent;
    }
    if (!ts.isVariableDeclaration(node) || !node.initializer) return undefined;
    // What is read out of plain data (`const { rows } = await pool.query(...)`) is plain data too.
    const base = this.traceOrigin(node.initializer, depth + 1);
    return base && memberOf(base, path);
  }

  originOfType(type: ts.TypeNode, depth: number): Origin | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (ts.isTypeReferenceNode(type)) return this.originOfEntityName(type.typeName, depth + 1);
    if (ts.isUnionTypeNode(type)) {
      for (const t of type.types) {
        const o = this.originOfType(t, depth + 1);
        if (o) return o;
      }
      return undefined;
    }
    if (ts.isTypeQueryNode(type)) return this.originOfEntityName(type.exprName, depth + 1);
    if (ts.isParenthesizedTypeNode(type)) return this.originOfType(type.type, depth + 1);
    if (ts.isImportTypeNode(type) && ts.isLiteralTypeNode(type.argument) && ts.isStringLiteral(type.argument.literal)) {
      const qualifier = type.qualifier ? entityNameParts(type.qualifier) : [];
      return { module: type.argument.literal.text, path: qualifier };
    }
    return undefined;
  }

  private originOfEntityName(name: ts.EntityName, depth: number): Origin | undefined {
    if (ts.isQualifiedName(name)) {
      const base = this.originOfEntityName(name.left, depth + 1);
      return base && memberOf(base, [name.right.text]);
    }
    const decl = this.declarationOfTypeName(name);
    return (decl && this.originOfDeclaration(decl, depth + 1)) ?? undefined;
  }

  /** `this.pool`: the class's field initializer or type, a constructor parameter property, or `this.pool = ...`. */
  private originOfThisMember(access: ts.Expression, name: string, depth: number): Origin | undefined {
    const cls = enclosingClass(access);
    if (!cls) return undefined;
    for (const member of this.membersNamed(cls, name)) {
      const o = ts.isMethodDeclaration(member) ? undefined : this.originOfDeclaration(member, depth + 1);
      if (o) return o;
    }
    for (const value of this.thisAssignmentsOf(cls).get(name) ?? []) {
      const o = this.originOf(value, depth + 1);
      if (o) return o;
    }
    return undefined;
  }

  /** Class members (fields, methods, constructor parameter properties) with this name. */
  membersNamed(cls: ts.ClassLikeDeclaration, name: string): ts.Declaration[] {
    const found: ts.Declaration[] = [];
    for (const member of cls.members) {
      if (ts.isConstructorDeclaration(member)) {
        for (const p of member.parameters) {
          if (ts.isIdentifier(p.name) && p.name.text === name && ts.getModifiers(p)?.length) found.push(p);
        }
      } else if (member.name && ts.isIdentifier(member.name) && member.name.text === name) {
        found.push(member);
      } else if (member.name && ts.isPrivateIdentifier(member.name) && member.name.text === name) {
        found.push(member);
      }
    }
    return found;
  }

  /** The method `this.name` calls, when the enclosing class declares it. */
  thisMethod(access: ts.Expression): ts.FunctionLikeDeclaration | undefined {
    const name = memberName(access);
    const cls = enclosingClass(access);
    if (!name || !cls) return undefined;
    for (const member of this.membersNamed(cls, name)) {
      if (ts.isMethodDeclaration(member) && member.body) return member;
      if (ts.isPropertyDeclaration(member) && member.initializer && isFunctionLike(member.initializer)) {
        return member.initializer as ts.FunctionLikeDeclaration;
      }
    }
    return undefined;
  }

  /** Values assigned to `this.<name>` anywhere in the class, by name. */
  thisAssignmentsOf(cls: ts.ClassLikeDeclaration): Map<string, ts.Expression[]> {
    let map = this.thisAssignments.get(cls);
    if (map) return map;
    const result = new Map<string, ts.Expression[]>();
    walkTree(cls, (node) => {
      if (ts.isClassLike(node) && node !== cls) return 'skip';
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(node.left) &&
        node.left.expression.kind === ts.SyntaxKind.ThisKeyword
      ) {
        const list = result.get(node.left.name.text) ?? [];
        list.push(node.right);
        result.set(node.left.name.text, list);
      }
    });
    map = result;
    this.thisAssignments.set(cls, map);
    return map;
  }

  /** The function a callee names, when it is declared in this file (function, const arrow, method). */
  localFunctionOf(callee: ts.Expression): ts.FunctionLikeDeclaration | undefined {
    const e = stripExpression(callee);
    if (isFunctionLike(e)) return e as ts.FunctionLikeDeclaration;
    if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) return this.thisMethod(e);
    if (
      ts.isPropertyAccessExpression(e) &&
      e.name.text === 'bind' &&
      ts.isPropertyAccessExpression(e.expression) &&
      e.expression.expression.kind === ts.SyntaxKind.ThisKeyword
    ) {
      return this.thisMethod(e.expression);
    }
    if (!ts.isIdentifier(e)) return undefined;
    const decl = this.declarationOf(e);
    if (!decl || decl.getSourceFile() !== this.sourceFile) return undefined;
    return ts.isFunctionDeclaration(decl) || ts.isVariableDeclaration(decl) ? functionOfDeclaration(decl) : undefined;
  }

  /**
   * The function a call runs, when its body can be read: declared in this file, or (with a whole-program
   * checker) in another source file of the workspace. Never one inside node_modules or a .d.ts.
   */
  functionOf(callee: ts.Expression): ts.FunctionLikeDeclaration | undefined {
    // Inference, lifecycle and parent rules each ask about the same calls.
    let fn = this.functions.get(callee);
    if (fn === undefined) {
      fn = this.resolveFunction(callee) ?? null;
      this.functions.set(callee, fn);
    }
    return fn ?? undefined;
  }

  private resolveFunction(callee: ts.Expression): ts.FunctionLikeDeclaration | undefined {
    const local = this.localFunctionOf(callee);
    if (local || !this.typed) return local;
    const e = stripExpression(callee);
    const name = ts.isPropertyAccessExpression(e) ? e.name : ts.isIdentifier(e) ? e : undefined;
    if (!name) return undefined;
    // A method of an OpenTelemetry API object (`span.setAttribute`) or of plain data (`rows.map`) is never
    // workspace code; asking the checker would cost it the type of the object (for a span, a whole
    // overloaded `startActiveSpan` call; for rows, the query's).
    if (ts.isPropertyAccessExpression(e)) {
      // Nor is a method of what the runtime alone makes (`JSON.stringify`, `new Date().toISOString`).
      if (this.fromRuntime(e.expression)) return undefined;
      const receiver = this.traceOrigin(e.expression, 0);
      if (receiver === null || receiver?.module.startsWith('@opentelemetry/')) return undefined;
      // Nor a method of a package's object (`job.updateProgress` on a bullmq Job): the checker would
      // resolve the package's exports to find out.
      if (receiver && (receiver.fromPackage || this.isPackageImport(receiver.module))) return undefined;
    }
    let symbol: ts.Symbol | undefined;
    try {
      symbol = this.symbolAt(name);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    } catch {
      return undefined;
    }
    const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!decl) return undefined;
    const file = decl.getSourceFile();
    if (file.isDeclarationFile || /[\\/]node_modules[\\/]/.test(file.fileName)) return undefined;
    return functionOfDeclaration(decl);
  }

  private packageImports?: Map<string, boolean>;

  /**
   * Does this file import `module` (at its top level: `import`, `import x = require`, `const x = require`)
   * from a package, i.e. does the program resolve it into node_modules? False when it resolves into the
   * workspace (a relative path, a tsconfig path alias, a linked workspace package) or is not imported here.
   */
  private isPackageImport(module: string): boolean {
    this.packageImports ??= new Map();
    let answer = this.packageImports.get(module);
    if (answer === undefined) {
      const specifier = topLevelSpecifier(this.sourceFile, module);
      let file: ts.Declaration | undefined;
      try {
        file = specifier && this.checker.getSymbolAtLocation(specifier)?.valueDeclaration;
      } catch {
        file = undefined;
      }
      answer = !!file && ts.isSourceFile(file) && /[\\/]node_modules[\\/]/.test(file.fileName);
      this.packageImports.set(module, answer);
    }
    return answer;
  }

  /**
   * The string an expression always is: a literal, a `const` string, or a semantic-conventions constant
   * (`ATTR_URL_FULL`, `semconv.ATTR_DB_SYSTEM_NAME`, `SemanticAttributes.HTTP_URL`).
   */
  staticString(expr: ts.Expression, depth = 0): string | undefined {
    const e = stripExpression(expr);
    if (depth > 6) return undefined;
    if (ts.isStringLiteralLike(e)) return e.text;
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
      const origin = this.originOf(e);
      if (origin && isSemconvModule(origin.module)) return SEMCONV_CONSTANTS.get(origin.path.join('.'));
    }
    if (ts.isIdentifier(e)) {
      const decl = this.declarationOf(e);
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer && isConstDeclaration(decl)) {
        return this.staticString(decl.initializer, depth + 1);
      }
    }
    return undefined;
  }

  /** Is this module one whose calls stay in the process? */
  isLocalModule(module: string): boolean {
    return rowsFor(this.catalogue.local, module).length > 0;
  }

  /**
   * For a call of a module whose work stays in the process (an embedded database, an in-memory cache, an
   * in-process agent framework; not a utility such as `node:path`): the catalogue's library name.
   */
  localWorkOf(call: ts.CallExpression): string | undefined {
    const origin = this.originOf(stripExpression(call.expression));
    if (!origin) return undefined;
    const member = memberCalled(origin, '()');
    if (BUILTIN_METHODS.has(member)) return undefined;
    return rowsFor(this.catalogue.local, origin.module).find((r) => !r.incidental)?.library;
  }

  /** Is this module named anywhere in the catalogue? */
  isKnownModule(module: string): boolean {
    const c = this.catalogue;
    return (
      this.isLocalModule(module) ||
      rowsFor(c.calls, module).length > 0 ||
      rowsFor(c.commands, module).length > 0 ||
      rowsFor(c.handlers, module).length > 0 ||
      rowsFor(c.entries, module).length > 0
    );
  }

  /** The catalogue row a call matches: an HTTP request, a query, a publish ... */
  matchOutbound(call: ts.CallExpression): OutboundMatch | undefined {
    const callee = stripExpression(call.expression);
    const globalName = this.globalCalleeName(callee);
    if (globalName !== undefined) {
      const row = this.catalogue.globals.find((g) => g.globals.includes(globalName));
      return row && { kind: row.kind, library: row.library };
    }
    const origin = this.originOf(callee);
    if (!origin) return undefined;
    const member = memberCalled(origin, '()');
    for (const row of rowsFor(this.catalogue.commands, origin.module)) {
      if (member !== row.sendMember) continue;
      const command = this.commandClassOf(call.arguments[0]);
      if (command === undefined) continue;
      const kind = row.commands[command] ?? this.commandKindElsewhere(command) ?? row.defaultKind;
      return { kind, library: row.library };
    }
    const row = rowsFor(this.catalogue.calls, origin.module).find((r) => rowHasMember(r, member));
    return row && { kind: row.kind, library: row.library };
  }

  /**
   * Is this a call into a networked library that no row decides: an unlisted member of a client library
   * (`pool.end()`), or a command sent whose class cannot be traced? Such calls may well be remote.
   */
  isUncertainLibraryCall(call: ts.CallExpression): boolean {
    const origin = this.originOf(stripExpression(call.expression));
    if (!origin || this.isLocalModule(origin.module)) return false;
    const member = memberCalled(origin, '()');
    if (BUILTIN_METHODS.has(member)) return false;
    const rows = rowsFor(this.catalogue.calls, origin.module);
    if (rows.some((r) => r.members === '*' && (r.except ?? []).includes(member))) return false;
    return rows.length > 0 || rowsFor(this.catalogue.commands, origin.module).some((r) => r.sendMember === member);
  }

  /** A tagged template that runs a query: `` sql`SELECT ...` `` (postgres.js, neon) or `` prisma.$queryRaw`...` ``. */
  matchTaggedTemplate(tagged: ts.TaggedTemplateExpression): OutboundMatch | undefined {
    const origin = this.originOf(stripExpression(tagged.tag));
    if (!origin) return undefined;
    const member = memberCalled(origin, '``');
    const row = rowsFor(this.catalogue.calls, origin.module).find((r) =>
      member === '``' ? r.members !== '*' && r.members.includes('``') : rowHasMember(r, member),
    );
    return row && { kind: row.kind, library: row.library };
  }

  private commandKindElsewhere(command: string): SpanKindName | undefined {
    for (const row of this.catalogue.commands) {
      const kind = row.commands[command];
      if (kind) return kind;
    }
    return undefined;
  }

  /** `new SendMessageCommand(...)`, directly or through a local variable: the class name. */
  private commandClassOf(arg: ts.Expression | undefined): string | undefined {
    if (!arg) return undefined;
    let e = stripExpression(arg);
    if (ts.isIdentifier(e)) {
      const decl = this.declarationOf(e);
      if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
      e = stripExpression(decl.initializer);
    }
    if (!ts.isNewExpression(e)) return undefined;
    const cls = stripExpression(e.expression);
    const name = ts.isIdentifier(cls) ? cls.text : memberName(cls);
    return name && /Command$/.test(name) ? name : undefined;
  }

  /** `fetch`, `globalThis.fetch`: the global function name a callee names, if it is one. */
  globalCalleeName(callee: ts.Expression): string | undefined {
    if (ts.isIdentifier(callee)) return this.isGlobal(callee) ? callee.text : undefined;
    if (
      ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      GLOBAL_OBJECTS.has(callee.expression.text) &&
      this.isGlobal(callee.expression)
    ) {
      return callee.name.text;
    }
    return undefined;
  }

  /** Is this a call of a global that stays in the process (`JSON.parse`, `Math.max`, `console.log`)? */
  isLocalGlobalCall(callee: ts.Expression): boolean {
    const root = calleeRoot(callee);
    return ts.isIdentifier(root) && LOCAL_GLOBALS.has(root.text) && this.isGlobal(root);
  }

  /** Is this function an entry point by declaration: a decorated method, a framework export, an event-typed handler? */
  /** The entry rows whose file pattern this file's path matches (Next.js route files...), found once. */
  private entryRowsOfFile?: EntryRow[];

  matchEntry(fn: ts.FunctionLikeDeclaration): HandlerMatch | undefined {
    const sf = this.sourceFile;
    const rows = this.catalogue.entries;
    // NestJS-style decorators on a method.
    if (ts.isMethodDeclaration(fn) && ts.canHaveDecorators(fn)) {
      for (const decorator of ts.getDecorators(fn) ?? []) {
        const expr = stripExpression(decorator.expression);
        const callee = ts.isCallExpression(expr) ? stripExpression(expr.expression) : expr;
        if (!this.mayName(this.entryNames().decorators, ts.isIdentifier(callee) ? callee.text : memberName(callee))) continue;
        const origin = this.originOf(callee);
        const name = origin?.path[origin.path.length - 1];
        const row = origin && name ? rowsFor(rows, origin.module).find((r) => r.decorators?.includes(name)) : undefined;
        if (row) return entryMatch(row, decorator, `@${name}`);
      }
    }
    // Exported route handlers of framework files (Next.js).
    const fileRows = (this.entryRowsOfFile ??= rows.filter((r) => r.filePattern?.test(sf.fileName.replace(/\\/g, '/'))));
    const exported = fileRows.length ? exportedNameOf(fn) : undefined;
    if (exported) {
      const row = fileRows.find((r) => r.exportNames?.includes(exported));
      if (row) return entryMatch(row, fn.name ?? fn, `export ${exported}`);
    }
    // Functions typed by an event or handler type (AWS Lambda).
    const typeNodes: ts.TypeNode[] = [];
    const first = fn.parameters[0];
    if (first?.type) typeNodes.push(first.type);
    const holder = fn.parent;
    if (ts.isVariableDeclaration(holder) && holder.type && holder.initializer && stripExpression(holder.initializer) === fn) typeNodes.push(holder.type);
    for (const typeNode of typeNodes) {
      const candidates = ts.isTypeReferenceNode(typeNode) ? [typeNode, ...(typeNode.typeArguments ?? [])] : [typeNode];
      for (const t of candidates) {
        // As for registrations: only a type some row names (or a renamed import) is traced to its package.
        if (ts.isTypeReferenceNode(t) && !this.mayName(this.entryNames().types, ts.isIdentifier(t.typeName) ? t.typeName.text : t.typeName.right.text)) continue;
        const origin = this.originOfType(t, 0);
        const name = origin?.path[origin.path.length - 1];
        const row = origin && name ? rowsFor(rows, origin.module).find((r) => r.types?.includes(name)) : undefined;
        if (row) return entryMatch(row, t, name!);
      }
    }
    return undefined;
  }

  /** Handler registrations: which function a call or `new` registers as a request/message handler. */
  matchHandlerRegistration(node: ts.CallExpression | ts.NewExpression): { row: HandlerRow; byName: boolean } | undefined {
    const callee = stripExpression(node.expression);
    const construct = ts.isNewExpression(node);
    // Cheap syntactic test first: only a call of a member some handler row names can register one, so
    // the origin (which may need the type checker) is computed for those alone.
    const written = ts.isIdentifier(callee) ? callee.text : memberName(callee);
    if (written === undefined) return undefined;
    if (!this.handlerMembers().has(written) && !(ts.isIdentifier(callee) && this.mayName(this.handlerMembers(), callee.text) && this.handlerMembers().has(importedNameOf(this.declarationOf(callee)) ?? ''))) {
      return undefined;
    }
    const origin = this.originOf(callee);
    const member = origin
      ? origin.path.length === 0
        ? undefined
        : origin.path[origin.path.length - 1]
      : construct
        ? undefined
        : memberName(callee);
    if (member === undefined) return undefined;
    const args = node.arguments ?? ts.factory.createNodeArray();
    for (const row of this.catalogue.handlers) {
      if (!!row.construct !== construct || !row.members.includes(member)) continue;
      if (!this.eventMatches(row, args[0])) continue;
      if (origin) {
        if (moduleMatches(row.modules, origin.module)) return { row, byName: false };
        continue;
      }
      // Untraced receiver (a router passed in, an app from another file): match by shape alone.
      if (row.byName === 'routePath') {
        const first = args[0];
        if (first && ts.isStringLiteralLike(first) && first.text.startsWith('/') && args.some((a) => isFunctionLike(stripExpression(a)))) {
          return { row, byName: true };
        }
      } else if (row.byName === 'properties' && typeof row.handlerIn === 'object') {
        const props = row.handlerIn.properties;
        if (args.some((a) => ts.isObjectLiteralExpression(a) && a.properties.some((p) => p.name && props.includes(propertyNameText(p.name) ?? '')))) {
          return { row, byName: true };
        }
      }
    }
    return undefined;
  }

  /** Does the event named by a listener registration's first argument deliver messages for this row? */
  private eventMatches(row: HandlerRow, first: ts.Expression | undefined): boolean {
    if (!row.events && !row.exceptEvents) return true;
    // `'message'`, a `const`, or an enum-like member named after the event (`ReceiverEvents.message`).
    const name = first && (this.staticString(first) ?? memberName(stripExpression(first)));
    if (row.events) return name !== undefined && row.events.includes(name);
    return name === undefined || !(row.exceptEvents ?? []).includes(name);
  }

  private renames?: Map<string, string[]>;

  /**
   * The catalogue names (mayName's) `name` may be a renamed binding of (`import { x as name }`,
   * `const { x: name } = ...`): a text test that may answer with names wrongly, never with none wrongly; it
   * spares the checker a look-up for most plain calls. The file's text is searched once, for renamings of
   * the names the catalogue looks for only (see renamingPattern).
   */
  private renamedFrom(name: string): readonly string[] | undefined {
    if (!this.renames) {
      this.renames = new Map();
      const pattern = namesOf(this.catalogue).renaming;
      const sf = this.sourceFile;
      // Statement by statement (a renaming never spans two), so an editor's next version searches only the
      // statements its edit made anew.
      const pieces: { node?: ts.Node; pos: number; end: number }[] = sf.statements.map((node) => ({ node, pos: node.pos, end: node.end }));
      pieces.push({ pos: sf.statements.end, end: sf.text.length });
      for (const piece of pieces) {
        const known = piece.node && renamingsIn.get(piece.node);
        let found = known?.pattern === pattern ? known.found : undefined;
        if (!found) {
          found = [];
          const text = sf.text.slice(piece.pos, piece.end);
          pattern.lastIndex = 0;
          for (let m = pattern.exec(text); m; m = pattern.exec(text)) found.push([m[4], m[2] ?? m[3]]);
          if (piece.node) renamingsIn.set(piece.node, { pattern, found });
        }
        for (const [renamed, original] of found) {
          const list = this.renames.get(renamed);
          if (list) list.push(original);
          else this.renames.set(renamed, [original]);
        }
      }
    }
    return this.renames.get(name);
  }

  /** The decorator and type names that entry rows look for. */
  private entryNames(): { decorators: Set<string>; types: Set<string> } {
    return namesOf(this.catalogue).entry;
  }

  /** Can a name written in the file be one of `names`: it is one, or it may be a renamed binding of one. */
  private mayName(names: Set<string>, written: string | undefined): boolean {
    return written !== undefined && (names.has(written) || (this.renamedFrom(written)?.some((original) => names.has(original)) ?? false));
  }

  private handlerMembers(): Set<string> {
    return namesOf(this.catalogue).handlerMembers;
  }

  /** The functions a registration hands over as handlers. */
  handlerFunctions(node: ts.CallExpression | ts.NewExpression, row: HandlerRow): ts.FunctionLikeDeclaration[] {
    const result: ts.FunctionLikeDeclaration[] = [];
    for (const arg of node.arguments ?? []) {
      if (row.handlerIn === 'arguments') {
        const fn = this.localFunctionOf(arg);
        if (fn) result.push(fn);
        continue;
      }
      const a = stripExpression(arg);
      if (!ts.isObjectLiteralExpression(a)) continue;
      const props = row.handlerIn.properties;
      for (const p of a.properties) {
        const name = p.name ? propertyNameText(p.name) : undefined;
        if (name === undefined || (!props.includes(name) && !props.includes('*'))) continue;
        if (ts.isMethodDeclaration(p)) result.push(p);
        else if (ts.isPropertyAssignment(p)) {
          const fn = this.localFunctionOf(p.initializer);
          if (fn) result.push(fn);
        } else if (ts.isShorthandPropertyAssignment(p)) {
          const fn = this.localFunctionOf(p.name);
          if (fn) result.push(fn);
        }
      }
    }
    return result;
  }
}

/** The names the catalogue's handler and entry rows look for, gathered once per catalogue. */
function namesOf(c: Catalogue): CatalogueNames {
  let names = catalogueNames.get(c);
  if (!names) {
    const handlerMembers = new Set(c.handlers.flatMap((r) => [...r.members]));
    const entry = { decorators: new Set(c.entries.flatMap((r) => r.decorators ?? [])), types: new Set(c.entries.flatMap((r) => r.types ?? [])) };
    const all = [...new Set([...handlerMembers, ...entry.decorators, ...entry.types])];
    names = { handlerMembers, entry, renaming: renamingPattern(all) };
    catalogueNames.set(c, names);
  }
  return names;
}

interface CatalogueNames {
  handlerMembers: Set<string>;
  entry: { decorators: Set<string>; types: Set<string> };
  /** Finds where the text may rename one of the names above (see renamingPattern). */
  renaming: RegExp;
}

/**
 * `original as renamed`, `original: renamed` (`'original': renamed`) for any of `originals`: the renamings
 * mayName can ask about, found by one search of the text that stops only at them (typed code is full of
 * `name: Type` annotations, which read like renamings). Groups: 2 or 3 the original, 4 the new name.
 */
function renamingPattern(originals: readonly string[]): RegExp {
  const names = originals.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') || '(?!)';
  return new RegExp(
    `(?:(['"])(${names})\\1|(?<![\\p{ID_Continue}$\\u200c\\u200d])(${names}))\\s*(?:\\bas|:)\\s*([\\p{ID_Start}$_][\\p{ID_Continue}$\\u200c\\u200d]*)`,
    'gu',
  );
}

const catalogueNames = new WeakMap<Catalogue, CatalogueNames>();

/** The renamings found in a statement's text, `[renamed, original]`, by statement (see FileModel.renamedFrom). */
const renamingsIn = new WeakMap<ts.Node, { pattern: RegExp; found: [string, string][] }>();

function isDefaultingOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken;
}

/** The member a call of this value invokes: its last path name, or `()` / ``` `` ``` for the module or a call's result itself. */
function memberCalled(origin: Origin, invocation: '()' | '``'): string {
  return origin.called || origin.path.length === 0 ? invocation : origin.path[origin.path.length - 1];
}

function rowHasMember(row: CallRow, member: string): boolean {
  // `*` means the library's own API: built-in methods on values it returned (`.replace`, `.map`) are not.
  if (row.members === '*') return member !== '()' && member !== '``' && !(row.except ?? []).includes(member) && !BUILTIN_METHODS.has(member);
  return row.members.includes(member);
}

function entityNameParts(name: ts.EntityName): string[] {
  return ts.isIdentifier(name) ? [name.text] : [...entityNameParts(name.left), name.right.text];
}

export function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) {
    return name.text;
  }
  return undefined;
}

export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  let n: ts.Node | undefined = node.parent;
  while (n) {
    if (ts.isClassLike(n)) return n;
    // `this` inside a plain function does not refer to the class.
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return undefined;
    n = n.parent;
  }
  return undefined;
}

/** The innermost function-like node around `node`. */
export function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) if (isFunctionLike(n)) return n;
  return undefined;
}

/** A function-like declaration, or the function a variable/property/class field is initialised with. */
export function functionOfDeclaration(decl: ts.Node): ts.FunctionLikeDeclaration | undefined {
  if (isFunctionLike(decl)) return decl.body ? decl : implementationOf(decl);
  if ((ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl) || ts.isPropertyAssignment(decl)) && decl.initializer) {
    const init = stripExpression(decl.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

/**
 * The implementation of an overload signature (`function f(a: A): R;` followed by `function f(...args) { }`):
 * the declaration of the same name beside it that has a body. `undefined` for an ambient one (`declare`,
 * an interface member) or none found.
 */
function implementationOf(decl: ts.FunctionLikeDeclaration): ts.FunctionLikeDeclaration | undefined {
  const name = decl.name && (ts.isIdentifier(decl.name) || ts.isPrivateIdentifier(decl.name) || ts.isStringLiteral(decl.name)) ? decl.name.text : undefined;
  if (name === undefined) return undefined;
  const siblings: readonly ts.Node[] | undefined = ts.isFunctionDeclaration(decl)
    ? ts.isSourceFile(decl.parent) || ts.isBlock(decl.parent) || ts.isModuleBlock(decl.parent) ? decl.parent.statements : undefined
    : ts.isMethodDeclaration(decl) && ts.isClassLike(decl.parent) ? decl.parent.members : undefined;
  if (!siblings) return undefined;
  const isStatic = (n: ts.Node) => !!ts.getModifiers(n as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
  // Overloads stand together, the implementation last: look from the signature onwards.
  for (let i = siblings.indexOf(decl) + 1; i < siblings.length; i++) {
    const s = siblings[i];
    if (s.kind !== decl.kind) break;
    const f = s as ts.FunctionDeclaration | ts.MethodDeclaration;
    const fName = f.name && (ts.isIdentifier(f.name) || ts.isPrivateIdentifier(f.name) || ts.isStringLiteral(f.name)) ? f.name.text : undefined;
    if (fName !== name || isStatic(f) !== isStatic(decl)) break;
    if (f.body) return f;
  }
  return undefined;
}

/**
 * What reading `names` out of a value of `base` gives: the same module, its path extended by them (and known
 * to come from a package if `base` is). `called` is not carried: a member of a call's result was not called.
 */
function memberOf(base: Origin, names: readonly string[]): Origin {
  return { module: base.module, path: [...base.path, ...names], ...(base.fromPackage && { fromPackage: true }) };
}

function isRelative(module: string): boolean {
  return module.startsWith('.') || module.startsWith('/');
}

/** `.../node_modules/@types/pg/index.d.ts` -> `pg`; `.../node_modules/@aws-sdk/client-sqs/...` -> `@aws-sdk/client-sqs`. */
export function packageOfFile(fileName: string): string | undefined {
  const parts = fileName.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  let name = parts[at + 1].startsWith('@') ? `${parts[at + 1]}/${parts[at + 2] ?? ''}` : parts[at + 1];
  // TypeScript's own lib files declare the runtime (Promise, Array), not a package.
  if (name === 'typescript') return undefined;
  if (name.startsWith('@types/')) {
    const inner = name.slice('@types/'.length);
    name = inner.includes('__') ? `@${inner.replace('__', '/')}` : inner;
  }
  return name;
}

function entryMatch(row: EntryRow, node: ts.Node, label: string): HandlerMatch {
  return { kind: row.kind, library: row.library, registration: node, label };
}

/** The name a function is exported under (`default` for a default export), if it is exported. */
function exportedNameOf(fn: ts.FunctionLikeDeclaration): string | undefined {
  const isExported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isDefault = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  if (ts.isFunctionDeclaration(fn) && isExported(fn)) return isDefault(fn) ? 'default' : fn.name?.text;
  const parent = fn.parent;
  if (ts.isExportAssignment(parent) && !parent.isExportEquals) return 'default';
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) && parent.initializer && stripExpression(parent.initializer) === fn) {
    const statement = parent.parent.parent;
    if (ts.isVariableStatement(statement) && isExported(statement)) return parent.name.text;
  }
  return undefined;
}

/**
 * Visits `root` and its descendants in source order without recursion, so deeply nested code cannot
 * overflow the stack. `visit` returns `skip` to leave a node's children out, `stop` to end the walk.
 */
export function walkTree(root: ts.Node, visit: (node: ts.Node) => void | 'skip' | 'stop'): void {
  // Recursion is several times faster than a stack of our own; below RECURSION_LIMIT levels the rest of a
  // subtree goes on without it, so any nesting TypeScript could parse is walked.
  let depth = 0;
  const walkNode = (node: ts.Node): true | undefined => {
    const result = visit(node);
    if (result === 'stop') return true;
    if (result === 'skip') return undefined;
    if (depth >= RECURSION_LIMIT) return forEachChild(node, (child) => walkWithStack(child, visit));
    depth++;
    const stopped = forEachChild(node, walkNode);
    depth--;
    return stopped;
  };
  walkNode(root);
}

/** Nesting levels walkTree recurses through before it goes on with a stack. */
const RECURSION_LIMIT = 500;

/** walkTree without recursion: `true` when `visit` stopped the walk. */
function walkWithStack(root: ts.Node, visit: (node: ts.Node) => void | 'skip' | 'stop'): true | undefined {
  const stack: ts.Node[] = [root];
  const children: ts.Node[] = [];
  const collect = (child: ts.Node): undefined => {
    children.push(child);
    return undefined;
  };
  while (stack.length) {
    const node = stack.pop()!;
    const result = visit(node);
    if (result === 'stop') return true;
    if (result === 'skip') continue;
    children.length = 0;
    forEachChild(node, collect);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return undefined;
}

/** The exported name an import (or a destructured require) binds: `Worker` for `import { Worker as W }`. */
function importedNameOf(decl: ts.Declaration | undefined): string | undefined {
  if (!decl) return undefined;
  if (ts.isImportSpecifier(decl)) return (decl.propertyName ?? decl.name).text;
  if (ts.isBindingElement(decl) && decl.propertyName && (ts.isIdentifier(decl.propertyName) || ts.isStringLiteral(decl.propertyName))) return decl.propertyName.text;
  return undefined;
}

/** What a callee chain starts from: `a` in `a.b(c).d`, `this` in `this.x.y`. */
export function calleeRoot(callee: ts.Expression): ts.Expression {
  let root = stripExpression(callee);
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root) || ts.isCallExpression(root)) {
    root = stripExpression(root.expression);
  }
  return root;
}

/** Is this variable declared with `const` (so its initializer is its value everywhere)? */
export function isConstDeclaration(decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
}

/**
 * The first parameter of a callback given to `startActiveSpan`: the span itself. Known from the syntax; the
 * checker would have to resolve the whole overloaded call, callback body included, to type it.
 */
function isActiveSpanParameter(decl: ts.Declaration): boolean {
  if (!ts.isParameter(decl) || decl.type || !ts.isIdentifier(decl.name)) return false;
  const fn = decl.parent;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters[0] !== decl) return false;
  const call = fn.parent;
  return ts.isCallExpression(call) && call.arguments.includes(fn) && memberName(stripExpression(call.expression)) === 'startActiveSpan';
}

/**
 * The expressions a function returns: an arrow's expression body, or the values of its `return` statements
 * (nested functions and classes left out). A bare `return` gives an `undefined` identifier when `bareReturns`
 * is `'undefined'`, and nothing when it is `'omit'`.
 */
export function returnedExpressions(fn: ts.FunctionLikeDeclaration, bareReturns: 'undefined' | 'omit'): ts.Expression[] {
  const body = fn.body;
  if (!body) return [];
  if (!ts.isBlock(body)) return [body];
  const result: ts.Expression[] = [];
  walkTree(body, (node) => {
    if (node !== body && (isFunctionLike(node) || ts.isClassLike(node))) return 'skip';
    if (ts.isReturnStatement(node)) {
      if (node.expression) result.push(node.expression);
      else if (bareReturns === 'undefined') result.push(ts.factory.createIdentifier('undefined'));
      return 'skip';
    }
  });
  return result;
}

/** Is `pos` inside one of the half-open `ranges`? */
export function inRanges(ranges: readonly TextRange[], pos: number): boolean {
  return ranges.some((r) => pos >= r.start && pos < r.end);
}

/** Do two sets of ranges overlap anywhere? */
export function rangesMeet(a: readonly TextRange[], b: readonly TextRange[]): boolean {
  return a.some((x) => b.some((y) => x.start < y.end && y.start < x.end));
}

/** A file's identifiers by text, kept in parts (one per walked unit, in source order) joined when asked. */
class IdentifierIndex {
  private readonly joined = new Map<string, readonly ts.Identifier[]>();

  constructor(private readonly parts: readonly ReadonlyMap<string, ts.Identifier[]>[]) {}

  named(text: string): readonly ts.Identifier[] {
    let ids = this.joined.get(text);
    if (!ids) {
      const found: ts.Identifier[] = [];
      for (const part of this.parts) {
        const list = part.get(text);
        if (list) for (const id of list) found.push(id);
      }
      ids = found;
      this.joined.set(text, ids);
    }
    return ids;
  }
}

const identifierIndex = new WeakMap<ts.SourceFile, IdentifierIndex>();

/** Sets a file's identifier index from the parts its walk collected (see identifierIndexer), in source order. */
export function setIdentifierIndex(sf: ts.SourceFile, parts: readonly ReadonlyMap<string, ts.Identifier[]>[]): void {
  identifierIndex.set(sf, new IdentifierIndex(parts));
}

/**
 * The identifiers of a file with this text, in source order (each file is indexed once, for every rule).
 * Names in type-only subtrees (isTypeOnly) are left out: they never refer to a value at run time.
 */
export function identifiersNamed(sf: ts.SourceFile, text: string): readonly ts.Identifier[] {
  let index = identifierIndex.get(sf);
  if (!index) {
    const indexer = identifierIndexer();
    walkTree(sf, (node) => (isTypeOnly(node) ? 'skip' : indexer.visit(node)));
    setIdentifierIndex(sf, [indexer.index]);
    index = identifierIndex.get(sf)!;
  }
  return index.named(text);
}

/** The identifiers with this text inside `root`'s subtree (a binary search in the file's index). */
export function identifiersNamedIn(sf: ts.SourceFile, text: string, root: ts.Node): ts.Identifier[] {
  return within(identifiersNamed(sf, text), root);
}

/** The index of the first of `items` (in order of `startOf`) that starts at or after `pos`: a binary search. */
export function lowerBound<T>(items: readonly T[], pos: number, startOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(items[mid]) < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The nodes of `items` (in source order, as a walk meets them) that lie inside `range`. */
export function within<T extends TextLike>(items: readonly T[], range: TextLike): T[] {
  const result: T[] = [];
  for (let i = lowerBound(items, range.pos, (item) => item.pos); i < items.length && items[i].pos < range.end; i++) {
    if (items[i].end <= range.end) result.push(items[i]);
  }
  return result;
}

/** Anything with a node's `pos` and `end`. */
interface TextLike {
  pos: number;
  end: number;
}

/**
 * Collects identifiers by text during a walk that visits every node in source order anyway (the span
 * call walk), so the index costs no walk of its own: `visit` each node outside type-only subtrees (the walk
 * skips them, see isTypeOnly), then hand `index` to setIdentifierIndex.
 */
export function identifierIndexer(): { visit: (node: ts.Node) => void; index: Map<string, ts.Identifier[]> } {
  const index = new Map<string, ts.Identifier[]>();
  return {
    visit: (node) => {
      if (node.kind !== Kind.Identifier) return;
      const id = node as ts.Identifier;
      const list = index.get(id.text);
      if (list) list.push(id);
      else index.set(id.text, [id]);
    },
    index,
  };
}
