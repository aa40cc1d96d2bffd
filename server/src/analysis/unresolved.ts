// What the analysis could not see, as data for the reports: syntax errors (a file not understood) and calls
// that look like tracing wrappers but could not be followed (the spans they start are not checked). Pure.
import ts = require('typescript');
import { type Catalogue, rowsFor } from '../catalogue';
import { isIgnoredAt, mayBeIgnored } from './ignoreComments';
import type { FileModel } from './model';
import { parseDiagnosticsOf, stripExpression, walkTree } from './model';

/** A syntax error of a file, at its UTF-16 offset. */
export interface SyntaxErrorAt {
  start: number;
  message: string;
}

/** The parser's errors for a file: any of them means its spans were read from a guess at its structure. */
export function syntaxErrorsOf(sf: ts.SourceFile): SyntaxErrorAt[] {
  return parseDiagnosticsOf(sf).map((d) => ({ start: d.start ?? 0, message: ts.flattenDiagnosticMessageText(d.messageText, ' ') }));
}

/** A call that looks like a tracing wrapper but could not be followed to its declaration. */
export interface UnresolvedWrapperCall {
  start: number;
  end: number;
  /** The callee as written, e.g. `withSpan`, `otel.traceAsync`. */
  callee: string;
  /** Where the callee ends (it starts at `start`): the editor underlines the callee, not the whole call. */
  calleeEnd: number;
  /** The module it is imported from, when it is imported. */
  module?: string;
}

/**
 * What the reports say of an unresolved wrapper-like call, in the CLI and the editor alike: what was not
 * checked, and the two ways to have it checked.
 */
export function unresolvedWrapperMessage(callee: string): string {
  return `\`${callee}\` looks like a tracing wrapper but could not be followed: the spans it starts are not checked. Declare it in spanKind.wrappers or make its module resolvable.`;
}

/** A callee name a span helper would have: `withSpan`, `traced`, `instrumentHandler`, `observeAsync` ... */
const WRAPPER_NAME = /span|trace|instrument|observe/i;

/** Cheap text test: may the file call a wrapper-like function at all? */
export function mayCallWrapperLike(text: string): boolean {
  return /[\w$]*(?:span|trace|instrument|observe)[\w$]*\s*(?:<[^>()]*>)?\s*\(/i.test(text) && /\bimport\b|\brequire\s*\(/.test(text);
}

/**
 * Calls whose callee is named like a span helper and that pass a function (the code the span would wrap),
 * which are not span calls the analysis recognised (`spanCalls`) and whose callee cannot be followed: it
 * comes from an import whose module the catalogue does not know and that the analysis did not resolve
 * (`model.functionOf`, when a model is given), or from a name declared nowhere in the file. Calls silenced
 * by a `spankind-ignore` comment are left out.
 */
export function unresolvedWrapperCalls(
  sf: ts.SourceFile,
  catalogue: Catalogue,
  options: { calls?: readonly ts.CallExpression[]; spanCalls?: ReadonlySet<ts.CallExpression>; model?: FileModel } = {},
): UnresolvedWrapperCall[] {
  const calls = options.calls ?? callsOf(sf);
  const imports = importedNames(sf);
  const declared = declaredNames(sf);
  const ignoring = mayBeIgnored(sf.text);
  const found: UnresolvedWrapperCall[] = [];
  for (const call of calls) {
    if (options.spanCalls?.has(call)) continue;
    const callee = stripExpression(call.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (!name || !WRAPPER_NAME.test(name)) continue;
    if (!call.arguments.some((a) => ts.isArrowFunction(stripExpression(a)) || ts.isFunctionExpression(stripExpression(a)))) continue;
    let root: ts.Expression = callee;
    while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root) || ts.isCallExpression(root)) root = stripExpression(root.expression);
    if (!ts.isIdentifier(root)) continue;
    const module = imports.get(root.text);
    if (module === undefined && declared.has(root.text)) continue;
    if (module !== undefined && isKnown(catalogue, module)) continue;
    if (module === undefined && isStandardGlobal(root.text)) continue;
    if (options.model) {
      let resolved: ts.FunctionLikeDeclaration | undefined;
      try {
        resolved = options.model.functionOf(call.expression);
      } catch {
        resolved = undefined;
      }
      if (resolved) continue;
    }
    const start = call.getStart(sf);
    // The comments that silence a span call silence a wrapper-like call too.
    if (ignoring && isIgnoredAt(sf, [start])) continue;
    found.push({ start, end: call.end, callee: callee.getText(sf).replace(/\s+/g, ''), calleeEnd: call.expression.end, module });
  }
  return found;
}

function isKnown(catalogue: Catalogue, module: string): boolean {
  const tables: readonly (readonly { readonly modules?: readonly string[] }[])[] = [catalogue.local, catalogue.calls, catalogue.commands, catalogue.handlers, catalogue.entries];
  return tables.some((rows) => rowsFor(rows, module).length > 0);
}

const STANDARD_GLOBALS = new Set(['console', 'performance', 'globalThis', 'window', 'self', 'document', 'process', 'Reflect', 'Promise']);

function isStandardGlobal(name: string): boolean {
  return STANDARD_GLOBALS.has(name);
}

function callsOf(sf: ts.SourceFile): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  walkTree(sf, (node) => {
    if (ts.isCallExpression(node)) calls.push(node);
  });
  return calls;
}

/** Names bound by the file's imports (`import`, `import x = require()`, `const x = require()`), with their module. */
function importedNames(sf: ts.SourceFile): Map<string, string> {
  const names = new Map<string, string>();
  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier) && stmt.importClause) {
      const module = stmt.moduleSpecifier.text;
      const clause = stmt.importClause;
      if (clause.name) names.set(clause.name.text, module);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.set(bindings.name.text, module);
      if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) names.set(el.name.text, module);
    } else if (ts.isImportEqualsDeclaration(stmt) && ts.isExternalModuleReference(stmt.moduleReference) && ts.isStringLiteral(stmt.moduleReference.expression)) {
      names.set(stmt.name.text, stmt.moduleReference.expression.text);
    } else if (ts.isVariableStatement(stmt)) {
      for (const decl of stmt.declarationList.declarations) {
        const init = decl.initializer && stripExpression(decl.initializer);
        const required = init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require' && init.arguments[0] && ts.isStringLiteral(init.arguments[0]) ? init.arguments[0].text : undefined;
        if (required === undefined) continue;
        if (ts.isIdentifier(decl.name)) names.set(decl.name.text, required);
        else if (ts.isObjectBindingPattern(decl.name)) for (const el of decl.name.elements) if (ts.isIdentifier(el.name)) names.set(el.name.text, required);
      }
    }
  }
  return names;
}

/** Every name the file declares other than by an import: variables, parameters, functions, classes ... */
function declaredNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  walkTree(sf, (node) => {
    if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node)) return 'skip';
    // `const x = require('m')` is an import, read by importedNames.
    const init = ts.isVariableDeclaration(node) && node.initializer ? stripExpression(node.initializer) : undefined;
    if (init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require') return 'skip';
    if ((ts.isVariableDeclaration(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node) || ts.isEnumDeclaration(node) || ts.isModuleDeclaration(node)) && node.name && ts.isIdentifier(node.name)) {
      names.add(node.name.text);
    }
  });
  return names;
}
