// The one walk over a file: span-creating calls (with their name, options, kind set and scope), every
// other call in order (for evidence look-ups by range), and the handler functions registered in the file.
import ts = require('typescript');
import {
  type FileModel,
  type HandlerMatch,
  type Origin,
  enclosingFunction,
  identifierIndexer,
  setIdentifierIndex,
  isConstDeclaration,
  isFunctionLike,
  isTypeOnly,
  lowerBound,
  memberName,
  returnedExpressions,
  stripExpression,
  walkTree,
} from './model';
import { type DeclaredWrapperRow, moduleMatches } from '../catalogue';
import { SPAN_KINDS, type KindSet, type SpanCall, type SpanKindName, type TextRange, type WrapperInfo } from './types';
import { tracerKind } from './tracers';
import { memberFunctionOf, ownNameOf, wrapperCall, wrapperOf } from './wrappers';

const SPAN_APIS = new Set(['startSpan', 'startActiveSpan']);
// Read once: every member of TypeScript's module is a getter, and the walk tests every node.
const { CallExpression: CALL, NewExpression: NEW, TaggedTemplateExpression: TAGGED_TEMPLATE } = ts.SyntaxKind;

export interface FileWalk {
  /** Span calls on tracers and calls of tracing wrappers, in source order. */
  spans: SpanCall[];
  /** Every call expression in the file, in source order. */
  calls: ts.CallExpression[];
  /** Every tagged template (`` sql`...` ``), in source order. */
  taggedTemplates: ts.TaggedTemplateExpression[];
  /** Functions registered as request or message handlers, with what registered them. */
  handlers: Map<ts.FunctionLikeDeclaration, HandlerMatch>;
  /** Functions of this file that are tracing wrappers. */
  wrappers: Map<ts.FunctionLikeDeclaration, WrapperInfo>;
  /** Other files whose functions were looked up as possible wrappers: an edit there may change this walk. */
  wrapperFiles: Set<string>;
  /** Where each span call starts (its getStart), computed once: analyses compare spans pairwise. */
  spanStarts: Map<SpanCall, number>;
  /** The calls of `spans` (tracer calls and wrapper calls), to tell them from the other calls. */
  spanCalls: ReadonlySet<ts.CallExpression>;
  /** What each unit of the file contributed (see WalkPart), by unit node. */
  parts: ReadonlyMap<ts.Node, WalkPart>;
}

/**
 * Looks up wrappers declared in other files (type-aware mode). `mayBeNamed` answers cheaply whether any
 * function of the program with that name starts a span: a method call (`repo.save()`) costs the checker a
 * type of its object, so calls of names no wrapper has are not resolved at all.
 */
export interface WrapperLookup {
  (fn: ts.FunctionLikeDeclaration): WrapperInfo | undefined;
  mayBeNamed?: (name: string) => boolean;
  /**
   * The methods of the program's classes that implement the interface member a call names
   * (`this.helper.run()` with `helper: Helper`, an interface): what the call may run. Empty when the
   * member is not one of an interface.
   */
  implementations?: (callee: ts.PropertyAccessExpression) => readonly ts.FunctionLikeDeclaration[];
}

/**
 * What the walk found in one unit of a file: a top-level statement, a member of a top-level class, or the
 * rest of such a class (keyed by the class); or in the whole file, for a one-off walk. An editor's next
 * walk of the file takes the parts of the units an edit cannot have changed (see reusableParts) instead of
 * walking them again.
 */
export interface WalkPart {
  /** Span calls on tracers. */
  spans: SpanCall[];
  calls: ts.CallExpression[];
  taggedTemplates: ts.TaggedTemplateExpression[];
  /** Handler functions and what registers them, in walk order (the first registration of a function wins). */
  handlers: [ts.FunctionLikeDeclaration, HandlerMatch][];
  identifiers: Map<string, ts.Identifier[]>;
  /** Calls of tracing wrappers, and the other files whose functions were looked up as wrappers. */
  wrapperSpans: SpanCall[];
  wrapperFiles: string[];
}

/** The units of a file as the walk and the reuse of analyses cut it: `[unit node, nodes to walk]`. */
export function forEachUnit(sf: ts.SourceFile, each: (unit: ts.Node, roots: readonly ts.Node[], header?: ts.ClassDeclaration) => void): void {
  for (const stmt of sf.statements) {
    if (ts.isClassDeclaration(stmt) && stmt.members.length > 0) {
      const roots: ts.Node[] = [];
      ts.forEachChild(
        stmt,
        (child) => void roots.push(child),
        (children) => void (children !== stmt.members && roots.push(...children)),
      );
      each(stmt, roots);
      for (const member of stmt.members) each(member, [member], stmt);
    } else {
      each(stmt, [stmt]);
    }
  }
}

/**
 * Walks a file. With `units`, in one part per unit (see WalkPart), taking the parts `reused` gives; without,
 * in one part, the whole file (a one-off analysis keeps nothing for a next version).
 */
export function findSpanCalls(model: FileModel, wrapperElsewhere?: WrapperLookup, units?: { reused?: (unit: ts.Node) => WalkPart | undefined }): FileWalk {
  const parts = new Map<ts.Node, WalkPart>();
  const walked = new Set<WalkPart>();
  const sf = model.sourceFile;
  const add = (unit: ts.Node, roots: readonly ts.Node[]) => {
    const kept = units?.reused?.(unit);
    if (kept) {
      parts.set(unit, kept);
      return;
    }
    const part = walkPart(model, roots);
    parts.set(unit, part);
    walked.add(part);
  };
  if (units) forEachUnit(sf, add);
  else add(sf, [sf]);
  const all = [...parts.values()];
  // Joined with loops: an edit joins every unit's lists again, and flatMap costs several times as much.
  const tracerSpans: SpanCall[] = [];
  const calls: ts.CallExpression[] = [];
  const taggedTemplates: ts.TaggedTemplateExpression[] = [];
  const handlers = new Map<ts.FunctionLikeDeclaration, HandlerMatch>();
  for (const part of all) {
    for (const span of part.spans) tracerSpans.push(span);
    for (const call of part.calls) calls.push(call);
    for (const tagged of part.taggedTemplates) taggedTemplates.push(tagged);
    for (const [fn, match] of part.handlers) if (!handlers.has(fn)) handlers.set(fn, match);
  }
  setIdentifierIndex(sf, all.map((p) => p.identifiers));

  const wrappers = findWrapperCalls(model, tracerSpans, all, walked, wrapperElsewhere);
  const spans = tracerSpans.slice();
  const wrapperFiles = new Set<string>();
  for (const part of all) {
    for (const span of part.wrapperSpans) spans.push(span);
    for (const file of part.wrapperFiles) wrapperFiles.add(file);
  }
  spans.sort((a, b) => a.call.pos - b.call.pos);
  const spanStarts = new Map(spans.map((s) => [s, s.call.getStart(sf)]));
  return { spans, calls, taggedTemplates, handlers, wrappers, wrapperFiles, spanStarts, spanCalls: new Set(spans.map((s) => s.call)), parts };
}

/**
 * Finds the file's wrappers (functions that start a span for their caller: see wrapperOf) and the calls of
 * wrappers in the walked parts, to a fixpoint: a function around a wrapper's call can be a wrapper too.
 * Marks the spans that implement a generic wrapper (their kind is checked at its call sites).
 */
function findWrapperCalls(
  model: FileModel,
  tracerSpans: readonly SpanCall[],
  all: readonly WalkPart[],
  walked: ReadonlySet<WalkPart>,
  wrapperElsewhere: WrapperLookup | undefined,
): Map<ts.FunctionLikeDeclaration, WrapperInfo> {
  const wrappers = new Map<ts.FunctionLikeDeclaration, WrapperInfo>();
  const learn = (spans: readonly SpanCall[]): boolean => {
    let added = false;
    for (const span of spans) {
      const found = wrapperOf(span, enclosingFunction(span.call), model);
      span.implements = found?.info.generic ? found.info : undefined;
      if (!found) continue;
      const known = wrappers.get(found.fn);
      // Several spans in one function: the one that takes the most from the caller describes it.
      if (!known || (!known.generic && found.info.generic)) {
        wrappers.set(found.fn, found.info);
        added = true;
      }
    }
    return added;
  };
  learn(tracerSpans);
  for (const part of all) if (!walked.has(part)) learn(part.wrapperSpans);
  const tracerCalls = new Set(tracerSpans.map((s) => s.call));
  const files = new Map<WalkPart, Set<string>>();
  const found = new Set<ts.CallExpression>();
  // Calls whose function is of this file, but not (yet) a wrapper: asked again when a round adds wrappers.
  let open: [WalkPart, ts.CallExpression, ts.FunctionLikeDeclaration | undefined][] = [];
  for (const part of walked) {
    files.set(part, new Set());
    for (const call of part.calls) if (!tracerCalls.has(call)) open.push([part, call, undefined]);
  }
  const localNames = () => new Set([...wrappers.keys()].map((fn) => ownNameOf(fn)));
  let names = localNames();
  for (let round = 0; round < 8 && open.length; round++) {
    const next: typeof open = [];
    const made: SpanCall[] = [];
    for (const entry of open) {
      const [part, call] = entry;
      if (found.has(call)) continue;
      if (round === 0) {
        const declared = declaredWrapperOf(call, model);
        if (declared) {
          const span = wrapperCall(call, declared, model);
          part.wrapperSpans.push(span);
          made.push(span);
          found.add(call);
          continue;
        }
      }
      let target = entry[2];
      if (!target) {
        const callee = stripExpression(call.expression);
        const member = memberName(callee);
        if (ts.isPropertyAccessExpression(callee) && wrapperElsewhere?.mayBeNamed && !wrapperElsewhere.mayBeNamed(callee.name.text) && !names.has(callee.name.text)) {
          continue;
        }
        target = (wrappers.size || wrapperElsewhere) ? model.functionOf(call.expression) : undefined;
        // A member the model cannot follow (an inherited method, a field's class): only for names of this file's wrappers.
        if (!target && member !== undefined && names.has(member)) target = memberFunctionOf(callee, model);
        // A method of an interface: the wrapper its implementations are, when they agree on one.
        if (!target && ts.isPropertyAccessExpression(callee) && wrapperElsewhere?.implementations) {
          const implementations = wrapperElsewhere.implementations(callee);
          const infos = implementations.flatMap((fn) => {
            const info = fn.getSourceFile() === model.sourceFile ? wrappers.get(fn) : wrapperElsewhere(fn);
            return info ? [info] : [];
          });
          if (infos.length && infos.every((i) => sameWrapperShape(i, infos[0]))) {
            for (const fn of implementations) if (fn.getSourceFile() !== model.sourceFile) files.get(part)?.add(fn.getSourceFile().fileName);
            const span = wrapperCall(call, infos[0], model);
            part.wrapperSpans.push(span);
            made.push(span);
            found.add(call);
            continue;
          }
        }
        if (!target) {
          // Named like no wrapper yet: a later round may make one of that name.
          if (member !== undefined || ts.isIdentifier(callee)) next.push(entry);
          continue;
        }
      }
      const elsewhere = target.getSourceFile() !== model.sourceFile;
      if (elsewhere) files.get(part)?.add(target.getSourceFile().fileName);
      const wrapper = wrappers.get(target) ?? (elsewhere ? wrapperElsewhere?.(target) : undefined);
      // A wrapper calling itself makes no span of its own (positions compare within one file only).
      if (wrapper && (elsewhere || !(call.pos >= target.pos && call.end <= target.end))) {
        const span = wrapperCall(call, wrapper, model);
        part.wrapperSpans.push(span);
        made.push(span);
        found.add(call);
      } else if (!elsewhere) {
        next.push([part, call, target]);
      }
    }
    if (!learn(made)) break;
    names = localNames();
    open = next;
  }
  for (const [part, set] of files) part.wrapperFiles = [...set];
  // In source order, whatever round found each: a walk that reuses parts finds them in another order.
  return new Map([...wrappers].sort(([a], [b]) => a.pos - b.pos));
}

/** Do two wrappers take their span's name, kind and code from the same arguments, with the same fixed kind? */
function sameWrapperShape(a: WrapperInfo, b: WrapperInfo): boolean {
  const kinds = (k: KindSet | undefined) => (k === undefined ? '' : k.state === 'known' ? k.kinds.join('|') : k.state);
  return (
    a.nameIndex === b.nameIndex &&
    a.nameProperty === b.nameProperty &&
    a.kindIndex === b.kindIndex &&
    a.optionsIndex === b.optionsIndex &&
    a.kindProperty === b.kindProperty &&
    kinds(a.defaultKind) === kinds(b.defaultKind) &&
    kinds(a.fixedKind) === kinds(b.fixedKind) &&
    a.callbackIndices.join() === b.callbackIndices.join() &&
    !!a.returnsSpan === !!b.returnsSpan
  );
}

/** Walks the nodes of one unit (see WalkPart); its wrapper calls are found once the whole file is walked. */
function walkPart(model: FileModel, roots: readonly ts.Node[]): WalkPart {
  const identifiers = identifierIndexer();
  const part: WalkPart = { spans: [], calls: [], taggedTemplates: [], handlers: [], identifiers: identifiers.index, wrapperSpans: [], wrapperFiles: [] };
  const handled = new Set<ts.FunctionLikeDeclaration>();
  const visit = (node: ts.Node): 'skip' | undefined => {
    if (isTypeOnly(node)) return 'skip';
    identifiers.visit(node);
    const kind = node.kind;
    if (kind === CALL || kind === NEW) {
      const call = node as ts.CallExpression | ts.NewExpression;
      if (kind === CALL) {
        part.calls.push(call as ts.CallExpression);
        const span = parseSpanCall(call as ts.CallExpression, model);
        if (span) part.spans.push(span);
      }
      const registration = model.matchHandlerRegistration(call);
      if (registration) {
        for (const fn of model.handlerFunctions(call, registration.row)) {
          if (handled.has(fn)) continue;
          handled.add(fn);
          part.handlers.push([
            fn,
            {
              kind: registration.row.kind,
              library: registration.row.library,
              registration: call,
              label: kind === NEW ? `new ${call.expression.getText(model.sourceFile)}` : call.expression.getText(model.sourceFile),
              byName: registration.byName,
            },
          ]);
        }
      }
    } else if (kind === TAGGED_TEMPLATE) {
      part.taggedTemplates.push(node as ts.TaggedTemplateExpression);
    } else if (isFunctionLike(node) && !handled.has(node)) {
      const entry = model.matchEntry(node);
      if (entry) {
        handled.add(node);
        part.handlers.push([node, entry]);
      }
    }
    return undefined;
  };
  for (const root of roots) walkTree(root, visit);
  return part;
}

/** A `tracer.startSpan(...)` / `tracer.startActiveSpan(...)` call, or `undefined` when it is not one. */
export function parseSpanCall(call: ts.CallExpression, model: FileModel): SpanCall | undefined {
  const callee = stripExpression(call.expression);
  const api = memberName(callee);
  if (!api || !SPAN_APIS.has(api) || !ts.isPropertyAccessExpression(callee)) return undefined;
  const tracerMatch = tracerKind(callee.expression, model, 0);
  if (!tracerMatch) return undefined;
  const args = call.arguments;
  let optionsArg: ts.Expression | undefined;
  let callback: ts.FunctionLikeDeclaration | undefined;
  if (api === 'startActiveSpan') {
    // (name, fn) | (name, options, fn) | (name, options, context, fn); an object in second place with
    // no callback after it (code being written) is the options too.
    const second = args[1] && stripExpression(args[1]);
    const secondIsOptions = args.length >= 3 || (args.length === 2 && !!second && ts.isObjectLiteralExpression(second));
    const last = args.length >= 2 && !(args.length === 2 && secondIsOptions) ? args[args.length - 1] : undefined;
    callback = last ? model.localFunctionOf(last) : undefined;
    optionsArg = secondIsOptions ? args[1] : undefined;
  } else {
    optionsArg = args[1];
  }
  const variable = spanVariableOf(call, model);
  const scope = spanScope(call, callback, variable, model);
  return {
    call,
    api,
    tracerText: callee.expression.getText(model.sourceFile),
    tracerMatch,
    nameArg: args[0],
    optionsArg,
    callback,
    kindSet: optionsArg ? readKindSet(optionsArg, model, 0) : { state: 'absent' },
    spanName: variable?.text,
    scope: scope.ranges,
    scopeComplete: scope.complete,
  };
}

/** Reads the kind an options expression sets: absent, known (one or more possible kinds) or unknown. */
export function readKindSet(options: ts.Expression, model: FileModel, depth: number): KindSet {
  const e = stripExpression(options);
  if (depth > 6) return { state: 'unknown', node: e };
  if (e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined')) return { state: 'absent' };
  if (ts.isObjectLiteralExpression(e)) {
    let state: KindSet = { state: 'absent' };
    for (const prop of e.properties) {
      if (ts.isPropertyAssignment(prop) && propertyIs(prop.name, 'kind')) {
        state = readKindValue(prop.initializer, model, depth + 1, true);
      } else if (ts.isShorthandPropertyAssignment(prop) && prop.name.text === 'kind') {
        state = readKindValue(prop.name, model, depth + 1, false);
      } else if (ts.isSpreadAssignment(prop)) {
        const spread = readKindSet(prop.expression, model, depth + 1);
        if (spread.state === 'known') state = { ...spread, editable: false };
        else if (spread.state === 'unknown') state = spread;
      }
    }
    return state;
  }
  if (ts.isIdentifier(e)) {
    const decl = model.declarationOf(e);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && isConstDeclaration(decl)) {
      const inner = readKindSet(decl.initializer, model, depth + 1);
      return inner.state === 'known' ? { ...inner, editable: false } : inner;
    }
  }
  // Options built by a helper of this file: every `return` must agree.
  if (ts.isCallExpression(e)) {
    const fn = model.localFunctionOf(e.expression);
    const returned = fn ? returnedExpressions(fn, 'undefined') : [];
    const sets = returned.map((r) => readKindSet(r, model, depth + 1));
    if (sets.length && sets.every((k) => k.state === 'absent')) return { state: 'absent' };
    if (sets.length && sets.every((k) => k.state === 'known')) {
      const kinds = [...new Set(sets.flatMap((k) => (k.state === 'known' ? k.kinds : [])))];
      return { state: 'known', kinds, node: e, editable: false };
    }
  }
  return { state: 'unknown', node: e };
}

/** Reads one `kind` value: `SpanKind.X`, `api.SpanKind.X`, a number, a const, a conditional. */
export function readKindValue(value: ts.Expression, model: FileModel, depth: number, direct: boolean): KindSet {
  const e = stripExpression(value);
  if (depth > 8) return { state: 'unknown', node: e };
  const named = spanKindMember(e, model);
  if (named) return { state: 'known', kinds: [named], node: e, editable: direct };
  if (ts.isNumericLiteral(e)) {
    const n = Number(e.text);
    const kind = SPAN_KINDS[n];
    return kind !== undefined && Number.isInteger(n)
      ? { state: 'known', kinds: [kind], node: e, numeric: n, editable: direct }
      : { state: 'unknown', node: e };
  }
  if (ts.isConditionalExpression(e)) {
    const a = readKindValue(e.whenTrue, model, depth + 1, false);
    const b = readKindValue(e.whenFalse, model, depth + 1, false);
    if (a.state === 'known' && b.state === 'known') {
      const kinds = [...new Set([...a.kinds, ...b.kinds])];
      return { state: 'known', kinds, node: e, editable: false };
    }
    return { state: 'unknown', node: e };
  }
  if (ts.isIdentifier(e)) {
    const decl = model.declarationOf(e);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && isConstDeclaration(decl)) {
      const inner = readKindValue(decl.initializer, model, depth + 1, false);
      return inner.state === 'known' ? { ...inner, node: e, editable: false } : inner;
    }
  }
  return { state: 'unknown', node: e };
}

/** `SpanKind.CLIENT`, `api.SpanKind.CLIENT`, `SK.CLIENT` (an alias of SpanKind): the kind named. */
export function spanKindMember(expr: ts.Expression, model: FileModel): SpanKindName | undefined {
  const e = stripExpression(expr);
  const name = memberName(e);
  if (!name || !(SPAN_KINDS as readonly string[]).includes(name)) return undefined;
  const target = stripExpression((e as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression);
  return isSpanKindReference(target, model) ? (name as SpanKindName) : undefined;
}

/** Does this expression name the `SpanKind` enum (imported, aliased, through a namespace, or by name)? */
export function isSpanKindReference(expr: ts.Expression, model: FileModel): boolean {
  const e = stripExpression(expr);
  if (ts.isIdentifier(e)) {
    const decl = model.declarationOf(e);
    if (!decl) return e.text === 'SpanKind';
    const origin = model.originOfDeclaration(decl, 0);
    if (origin) return origin.path[origin.path.length - 1] === 'SpanKind';
    return e.text === 'SpanKind';
  }
  return memberName(e) === 'SpanKind';
}

function propertyIs(name: ts.PropertyName, text: string): boolean {
  return (ts.isIdentifier(name) || ts.isStringLiteral(name)) && name.text === text;
}


/** For a wrapper that returns the span it starts: where its call site keeps it, and the code until it ends it. */
export function returnedSpanScope(call: ts.CallExpression, model: FileModel): { spanName: string | undefined; scope: TextRange[]; complete: boolean } {
  const variable = spanVariableOf(call, model);
  const scope = spanScope(call, undefined, variable, model);
  return { spanName: variable?.text, scope: scope.ranges, complete: scope.complete };
}

interface SpanVariable {
  /** Source text naming the span: `span`, `this.span`. */
  text: string;
  /** Where a reassigned variable was declared, when it is declared in this file. */
  declaration?: ts.Node;
}

/** `const span = tracer.startSpan(...)` / `span = ...` / `this.span = ...`: where the span is kept. */
function spanVariableOf(call: ts.CallExpression, model: FileModel): SpanVariable | undefined {
  let node: ts.Node = call;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent)) {
    node = node.parent;
  }
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) return { text: parent.name.text };
  if (ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const left = parent.left;
    if (ts.isIdentifier(left)) return { text: left.text, declaration: model.declarationOf(left) };
    if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword) return { text: `this.${left.name.text}` };
  }
  return undefined;
}

interface SpanScope {
  ranges: TextRange[];
  /** False when the span may outlive the code we can see (no `end()` in the same function). */
  complete: boolean;
}

/**
 * The code that runs while the span is open: the callback of startActiveSpan; for startSpan, from the
 * call to the last `span.end()` in the block that holds the span variable (try/finally included), or to
 * the block's end.
 */
function spanScope(
  call: ts.CallExpression,
  callback: ts.FunctionLikeDeclaration | undefined,
  variable: SpanVariable | undefined,
  model: FileModel,
): SpanScope {
  if (callback) {
    const body = callback.body;
    return body ? { ranges: [{ start: body.getStart(model.sourceFile), end: body.end }], complete: true } : { ranges: [], complete: false };
  }
  if (!variable) return { ranges: [], complete: false };
  const fn = enclosingFunction(call);
  const declaredAt = variable.declaration && enclosingFunction(variable.declaration) === fn ? variable.declaration : call;
  const container = enclosingBlock(declaredAt);
  let end = -1;
  let endedHere = false;
  walkTree(container, (node) => {
    if (ts.isCallExpression(node) && node.pos >= call.end && isEndCallOf(node, variable.text, model.sourceFile)) {
      // An end() inside a callback (`res.on('finish', () => span.end())`) runs later: the span stays
      // open for the rest of the block.
      const sameFunction = enclosingFunction(node) === fn;
      endedHere ||= sameFunction;
      end = Math.max(end, sameFunction ? node.end : container.end);
    }
  });
  return { ranges: [{ start: call.end, end: end >= 0 ? end : container.end }], complete: endedHere };
}

function isEndCallOf(node: ts.CallExpression, spanText: string, sf: ts.SourceFile): boolean {
  const callee = stripExpression(node.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'end' && callee.expression.getText(sf) === spanText;
}

function enclosingBlock(node: ts.Node): ts.Node {
  let n: ts.Node = node.parent;
  while (n.parent && !ts.isBlock(n) && !ts.isSourceFile(n) && !ts.isModuleBlock(n) && !isFunctionLike(n)) n = n.parent;
  return n;
}

/**
 * A call of a span function known without reading it: a wrapper declared in the settings
 * (`{ "function": "withSpan", "kindArg": 1, ... }`) or an SDK's (catalogue/tracing.ts), matched by its name
 * and, when the row names modules, by the module it is imported from.
 */
function declaredWrapperOf(call: ts.CallExpression, model: FileModel): WrapperInfo | undefined {
  const rows = model.catalogue.wrappers;
  if (!rows.length) return undefined;
  const callee = stripExpression(call.expression);
  const written = ts.isIdentifier(callee) ? callee.text : memberName(callee);
  if (!written) return undefined;
  let origin: Origin | undefined | null = null;
  for (const row of rows) {
    const byModule = row.module !== undefined || row.modules !== undefined;
    // A row of another name can still match an import renamed at the call site (`import { observe as obs }`).
    if (row.function !== written && !byModule) continue;
    if (byModule) {
      if (row.function !== written && importedNameOf(callee, model) !== row.function) continue;
      if (origin === null) origin = model.originOf(callee);
      if (!origin) continue;
      const imported = origin.path.length ? origin.path[origin.path.length - 1] : written;
      if (imported !== row.function) continue;
      if (row.module !== undefined && origin.module !== row.module) continue;
      if (row.modules !== undefined && !moduleMatches(row.modules, origin.module)) continue;
    }
    return wrapperInfoOf(row, call);
  }
  return undefined;
}

/** The name a renamed import was exported by (`observe` for `import { observe as obs }`). */
function importedNameOf(callee: ts.Expression, model: FileModel): string | undefined {
  if (!ts.isIdentifier(callee)) return undefined;
  const decl = model.declarationOf(callee);
  return decl && ts.isImportSpecifier(decl) && decl.propertyName ? decl.propertyName.text : undefined;
}

/** Argument positions of a declared row at one call (`last` and an options slot that holds the callback resolved). */
function wrapperInfoOf(row: DeclaredWrapperRow, call: ts.CallExpression): WrapperInfo {
  const args = call.arguments;
  const callbackIndex = row.callbackArg === 'last' ? (args.length ? args.length - 1 : undefined) : row.callbackArg;
  // (name, fn) where the row allows (name, options, fn): the function is not the options.
  let optionsIndex = row.optionsArg;
  if (optionsIndex !== undefined && optionsIndex === callbackIndex) optionsIndex = undefined;
  let kindIndex = row.optionsArg === undefined ? row.kindArg : undefined;
  if (kindIndex !== undefined && kindIndex === callbackIndex) kindIndex = undefined;
  return {
    name: row.function,
    nameIndex: row.nameArg,
    kindIndex,
    optionsIndex,
    callbackIndices: callbackIndex === undefined ? [] : [callbackIndex],
  };
}

/** The calls of `calls` (a walk's, in source order) that start inside `range`: a binary search, then a scan. */
export function callsIn(calls: readonly ts.CallExpression[], range: TextRange, sf?: ts.SourceFile): ts.CallExpression[] {
  const lo = lowerBound(calls, range.start, (call) => call.pos);
  const result: ts.CallExpression[] = [];
  // `pos` includes leading trivia, so the call before may still start inside the range.
  for (let i = Math.max(0, lo - 1); i < calls.length && calls[i].pos < range.end; i++) {
    const start = calls[i].getStart(sf);
    if (start >= range.start && start < range.end) result.push(calls[i]);
  }
  return result;
}
