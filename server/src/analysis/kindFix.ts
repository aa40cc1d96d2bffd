// The edit that sets a span's kind: the `kind:` value (creating the options object when needed) and the
// `SpanKind` reference it needs (an existing import, a namespace, or a new import in the file's style).
import ts = require('typescript');
import { type FileModel, hasSyntaxErrorIn, stripExpression } from './model';
import type { Fix, SpanCall, SpanKindName, TextChange } from './types';

const OTEL_API = '@opentelemetry/api';

/** How the file can name `SpanKind`, and the import change that makes it available, if any. */
export interface SpanKindReference {
  /** Text before `.CLIENT`: `SpanKind`, `api.SpanKind`, an alias. */
  prefix: string;
  importChange?: TextChange;
  /** The import cannot be edited safely (half-typed): no fix. */
  unavailable?: boolean;
}

/** The fix that makes `span` set `kind`, or `undefined` when no safe edit exists. */
export function buildKindFix(span: SpanCall, kind: SpanKindName, model: FileModel, ref: SpanKindReference): Fix | undefined {
  if (ref.unavailable) return undefined;
  const change = kindValueChange(span, `${ref.prefix}.${kind}`, model.sourceFile);
  if (!change) return undefined;
  const changes = ref.importChange ? [change, ref.importChange] : [change];
  return { title: `Set span kind to ${kind}`, changes, preferred: true };
}

function kindValueChange(span: SpanCall, value: string, sf: ts.SourceFile): TextChange | undefined {
  const set = span.kindSet;
  if (set.state === 'known') {
    if (set.editable && set.kinds.length === 1) return { start: set.node.getStart(sf), end: set.node.end, newText: value };
    // A wrapper's default, the call site's options leaving `kind` out: the fix adds it there, as for no kind.
    if (!set.fromDefault) return undefined;
  }
  if (set.state === 'unknown') return undefined;
  const options = span.optionsArg && stripExpression(span.optionsArg);
  if (!options) {
    // A wrapper's call site gets no new argument: its parameters' order is the wrapper's own. A name still
    // being typed (`startActiveSpan(, fn)`) gets none either.
    if (!span.nameArg || span.wrapper || span.nameArg.end <= span.nameArg.getStart(sf)) return undefined;
    // An unterminated name (`'GET /ord` while typing) runs to the end of the line: text inserted after it
    // would land inside the string.
    if (hasSyntaxErrorIn(sf, span.nameArg.getStart(sf), span.nameArg.end + 1)) return undefined;
    return { start: span.nameArg.end, end: span.nameArg.end, newText: `, { kind: ${value} }` };
  }
  if (options.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(options) && options.text === 'undefined')) {
    return { start: options.getStart(sf), end: options.end, newText: `{ kind: ${value} }` };
  }
  if (!ts.isObjectLiteralExpression(options)) return undefined;
  const open = options.getStart(sf);
  if (options.properties.length === 0) {
    return { start: open, end: options.end, newText: `{ kind: ${value} }` };
  }
  const first = options.properties[0].getStart(sf);
  const gap = sf.text.slice(open + 1, first);
  // Keep the object's layout (its line break and indentation), never what else stands there (a comment).
  const layout = /^\s+$/.test(gap) ? gap : ' ';
  return { start: first, end: first, newText: `kind: ${value},${layout}` };
}

/** Finds how this file names `SpanKind`; computed once per file and shared by all its fixes. */
export function spanKindReference(model: FileModel): SpanKindReference {
  const ref = apiReference(model, ['SpanKind']);
  return ref.unavailable
    ? { prefix: ref.names.SpanKind, unavailable: true }
    : ref.importChange
      ? { prefix: ref.names.SpanKind, importChange: ref.importChange }
      : { prefix: ref.names.SpanKind };
}

/** How the file can name some exports of `@opentelemetry/api` (`SpanKind`, `context`, `trace`), and the one import change they need. */
export interface ApiReference {
  /** Text naming each export: `context`, `api.context`, an alias. */
  names: Record<string, string>;
  /** The local binding each text starts with (an import specifier, a namespace import, a require), or `undefined` when the import change adds it. */
  bindings: Record<string, ts.Declaration | undefined>;
  importChange?: TextChange;
  /** The import cannot be edited safely (half-typed): no fix. */
  unavailable?: boolean;
}

/**
 * For each export: the file's existing `@opentelemetry/api` import (its alias, namespace or default name, or
 * a `require`); the ones it lacks join the first named list, or a new import in the file's style.
 */
const references = new WeakMap<FileModel, Map<string, ApiReference>>();

/** The file's names for these `@opentelemetry/api` exports, computed once per file (fixes of every span share it). */
export function apiReference(model: FileModel, exports: readonly string[]): ApiReference {
  let byKey = references.get(model);
  if (!byKey) references.set(model, (byKey = new Map()));
  const key = exports.join(',');
  let ref = byKey.get(key);
  if (!ref) byKey.set(key, (ref = computeApiReference(model, exports)));
  return ref;
}

function computeApiReference(model: FileModel, exports: readonly string[]): ApiReference {
  const sf = model.sourceFile;
  const names: Record<string, string> = {};
  const bindings: Record<string, ts.Declaration | undefined> = {};
  let namedImport: ts.NamedImports | undefined;
  let requirePattern: ts.ObjectBindingPattern | undefined;
  const found = (name: string, text: string, binding: ts.Declaration) => {
    if (names[name] !== undefined) return;
    names[name] = text;
    bindings[name] = binding;
  };
  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier) && stmt.moduleSpecifier.text === OTEL_API) {
      const clause = stmt.importClause;
      if (!clause || clause.isTypeOnly) continue;
      const bindings = clause.namedBindings;
      for (const name of exports) {
        if (clause.name) found(name, `${clause.name.text}.${name}`, clause);
        else if (bindings && ts.isNamespaceImport(bindings)) found(name, `${bindings.name.text}.${name}`, bindings);
        else if (bindings && ts.isNamedImports(bindings)) {
          const existing = bindings.elements.find((el) => !el.isTypeOnly && (el.propertyName ?? el.name).text === name);
          if (existing) found(name, existing.name.text, existing);
        }
      }
      if (!clause.name && bindings && ts.isNamedImports(bindings)) namedImport ??= bindings;
    }
    if (ts.isVariableStatement(stmt)) {
      for (const decl of stmt.declarationList.declarations) {
        if (!decl.initializer || !isRequireOf(decl.initializer, OTEL_API)) continue;
        for (const name of exports) {
          if (ts.isIdentifier(decl.name)) found(name, `${decl.name.text}.${name}`, decl);
          else if (ts.isObjectBindingPattern(decl.name)) {
            const existing = decl.name.elements.find((el) => ((el.propertyName ?? el.name) as ts.Identifier).text === name);
            if (existing && ts.isIdentifier(existing.name)) found(name, existing.name.text, existing);
          }
        }
        if (ts.isObjectBindingPattern(decl.name)) requirePattern ??= decl.name;
      }
    }
  }
  const missing = exports.filter((name) => names[name] === undefined);
  if (!missing.length) return { names, bindings };
  for (const name of missing) {
    names[name] = name;
    bindings[name] = undefined;
  }
  const list = namedImport?.elements ?? requirePattern?.elements;
  const container = namedImport ?? requirePattern;
  if (container && list) {
    const importChange = appendToList(container, list, missing, sf);
    return importChange ? { names, bindings, importChange } : { names, bindings, unavailable: true };
  }
  return { names, bindings, importChange: newImport(sf, fileStyle(sf), missing) };
}

/** Adds `names` to `{ a, b }`, keeping the list's separator, line breaks and trailing comma. */
function appendToList(container: ts.Node, list: ts.NodeArray<ts.Node>, names: readonly string[], sf: ts.SourceFile): TextChange | undefined {
  const text = sf.text;
  if (list.length === 0) {
    const open = container.getStart(sf);
    // `import { from ...` (half-typed): no closing brace to write before.
    if (text[container.end - 1] !== '}' || container.end - 1 < open + 1) return undefined;
    return { start: open + 1, end: container.end - 1, newText: ` ${names.join(', ')} ` };
  }
  const last = list[list.length - 1];
  const between = list.length > 1 ? text.slice(text.indexOf(',', list[list.length - 2].end) + 1, last.getStart(sf)) : spacingAfterOpen(container, list, sf);
  // In half-typed code the gap may hold more than spacing: then a plain space.
  const separatorWs = /^\s*$/.test(between) ? between : ' ';
  const joined = names.join(`,${separatorWs}`);
  if (list.hasTrailingComma) {
    const comma = text.indexOf(',', last.end);
    if (comma < 0) return undefined;
    return { start: comma + 1, end: comma + 1, newText: `${separatorWs}${joined},` };
  }
  return { start: last.end, end: last.end, newText: `,${separatorWs}${joined}` };
}

function spacingAfterOpen(container: ts.Node, list: ts.NodeArray<ts.Node>, sf: ts.SourceFile): string {
  const ws = sf.text.slice(container.getStart(sf) + 1, list[0].getStart(sf));
  return /^\s+$/.test(ws) && ws.includes('\n') ? ws : ' ';
}

export interface FileStyle {
  quote: string;
  semicolon: string;
  esm: boolean;
}

/** The file's quote, statement terminator and module style, read from its imports and statements. */
export function fileStyle(sf: ts.SourceFile): FileStyle {
  let quote: string | undefined;
  let esm = !/\.[cm]?jsx?$/i.test(sf.fileName);
  let withSemi = 0;
  let withoutSemi = 0;
  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt)) {
      esm = true;
      quote ??= sf.text[stmt.moduleSpecifier.getStart(sf)];
    }
    if (ts.isImportDeclaration(stmt) || ts.isVariableStatement(stmt) || ts.isExpressionStatement(stmt)) {
      if (sf.text[stmt.end - 1] === ';') withSemi++;
      else withoutSemi++;
    }
    if (!quote && ts.isVariableStatement(stmt)) {
      const init = stmt.declarationList.declarations[0]?.initializer;
      const call = init && stripExpression(init);
      if (call && ts.isCallExpression(call) && call.arguments[0] && ts.isStringLiteral(call.arguments[0])) {
        quote = sf.text[call.arguments[0].getStart(sf)];
      }
    }
  }
  return { quote: quote === '"' ? '"' : "'", semicolon: withoutSemi > withSemi ? '' : ';', esm };
}

/** A new `import { SpanKind, ... }` (or `require`) after the file's last import, in its quote/semicolon style. */
function newImport(sf: ts.SourceFile, style: FileStyle, names: readonly string[]): TextChange {
  const q = style.quote;
  const list = names.join(', ');
  const statement = style.esm
    ? `import { ${list} } from ${q}${OTEL_API}${q}${style.semicolon}`
    : `const { ${list} } = require(${q}${OTEL_API}${q})${style.semicolon}`;
  let anchor: ts.Statement | undefined;
  for (const stmt of sf.statements) {
    const isImport =
      ts.isImportDeclaration(stmt) ||
      ts.isImportEqualsDeclaration(stmt) ||
      (ts.isVariableStatement(stmt) && stmt.declarationList.declarations.every((d) => d.initializer && isRequireCall(d.initializer)));
    const isPrologue = ts.isExpressionStatement(stmt) && ts.isStringLiteral(stmt.expression);
    if (isImport || (isPrologue && !anchor)) anchor = stmt;
    else if (!isPrologue) break;
  }
  if (anchor) return { start: anchor.end, end: anchor.end, newText: `${newline(sf)}${statement}` };
  const first = sf.statements[0];
  const at = first ? first.getStart(sf) : sf.text.length;
  return { start: at, end: at, newText: `${statement}${newline(sf)}${first ? newline(sf) : ''}` };
}

/** The file's line break. */
export function newline(sf: ts.SourceFile): string {
  let nl = newlines.get(sf);
  if (nl === undefined) newlines.set(sf, (nl = sf.text.includes('\r\n') ? '\r\n' : '\n'));
  return nl;
}

/** Read once per file: every fix asks, and the test reads the whole text when it has no `\r\n`. */
const newlines = new WeakMap<ts.SourceFile, string>();

function isRequireCall(expr: ts.Expression): boolean {
  const e = stripExpression(expr);
  return ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require';
}

function isRequireOf(expr: ts.Expression, module: string): boolean {
  const e = stripExpression(expr);
  const first = isRequireCall(e) ? (e as ts.CallExpression).arguments[0] : undefined;
  return !!first && ts.isStringLiteralLike(first) && first.text === module;
}

