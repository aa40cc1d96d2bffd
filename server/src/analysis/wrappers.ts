// User-written tracing wrappers: a function that starts a span (on a tracer, or through another wrapper)
// and takes the span's name, or the code it covers, from its caller, or returns the span: `withSpan(name,
// fn)`, `withSpan({ name, kind }, fn)`, `this.helper.runInChildSpan(name, fn)`, `createSpan(name, kind)`.
// Its call sites are span-creating calls: the kind is read there (from the argument that feeds it, or the
// wrapper's own fixed kind), the code the span covers is the callback passed there, and a kind that comes
// from the caller is fixed there.
import ts = require('typescript');
import { readKindSet, readKindValue, returnedSpanScope } from './findSpanCalls';
import { type FileModel, enclosingClass, enclosingFunction, isFunctionLike, memberName, propertyNameText, returnedExpressions, stripExpression, walkTree } from './model';
import type { KindSet, SpanCall, WrapperInfo } from './types';

/** Where a span call's kind comes from, in terms of the expressions at that call. */
type KindSource =
  | { from: 'options'; expr: ts.Expression; property: string; fallback?: KindSet }
  | { from: 'value'; expr: ts.Expression; fallback?: KindSet }
  | { from: 'fixed'; set: KindSet };

/** How a wrapper's kind reaches its span, in terms of its own parameters. */
type KindOrigin = Pick<WrapperInfo, 'kindIndex' | 'optionsIndex' | 'kindProperty' | 'defaultKind' | 'fixedKind'>;

const ABSENT: KindSet = { state: 'absent' };
const MAX_DEPTH = 6;

/**
 * The wrapper a span call makes a function around it, or `undefined`. The function is the one enclosing the
 * call, or the one that returns it (`withTracing(name, fn)` returning `(...args) => withSpan(name, ...)`); it
 * must be callable by a name (declared, held by a variable, property or field, or returned), so a callback
 * passed to a framework (a route handler) is never one.
 */
export function wrapperOf(span: SpanCall, fn: ts.FunctionLikeDeclaration | undefined, model: FileModel): { fn: ts.FunctionLikeDeclaration; info: WrapperInfo } | undefined {
  for (let f = fn, depth = 0; f && depth < 3; depth++) {
    const info = isNamedCallable(f) || isReturned(f) ? wrapperInfoOf(span, f, model) : undefined;
    if (info && isNamedCallable(f)) return { fn: f, info: depth > 0 ? { ...info, deferred: true } : info };
    if (!isReturned(f)) return undefined;
    f = enclosingFunction(f);
  }
  return undefined;
}

function wrapperInfoOf(span: SpanCall, fn: ts.FunctionLikeDeclaration, model: FileModel): WrapperInfo | undefined {
  // A wrapper calling itself makes no wrapper of it.
  if (span.wrapper?.self === fn) return undefined;
  const name = nameOrigin(span, fn);
  const kind = kindOrigin(kindSourceOf(span), fn, model, 0);
  const notCallbacks = new Set([name?.index, kind.kindIndex, kind.optionsIndex]);
  const callbackIndices = fn.parameters.flatMap((p, i) =>
    ts.isIdentifier(p.name) && !notCallbacks.has(i) && isCalledOrPassed(p.name.text, span, fn, mayBeFunction(p)) ? [i] : [],
  );
  const returnsSpan = returnsItsSpan(span, fn);
  const kindFromCaller = kind.kindIndex !== undefined || kind.optionsIndex !== undefined;
  // An ordinary function that names its span after an argument, or runs a callback in it, has code of its
  // own in the span; a wrapper takes both from its caller (or the kind, or hands the span back).
  if (!((name && callbackIndices.length) || returnsSpan || kindFromCaller)) return undefined;
  return {
    name: ownNameOf(fn) ?? 'wrapper',
    nameIndex: name?.index,
    nameProperty: name?.property,
    ...kind,
    callbackIndices,
    returnsSpan: returnsSpan || undefined,
    // A kind from the caller: the span inside has none of its own to check. A fixed kind (or none) is still
    // checked inside too, where the wrapper's own code (its attributes, its calls) may decide it.
    generic: kindFromCaller,
    self: fn,
  };
}

/** Where the kind of a span call comes from, as expressions at the call. */
function kindSourceOf(span: SpanCall): KindSource {
  const w = span.wrapper;
  if (!w) return span.optionsArg ? { from: 'options', expr: span.optionsArg, property: 'kind' } : { from: 'fixed', set: ABSENT };
  const args = span.call.arguments;
  if (w.kindIndex !== undefined) {
    const arg = args[w.kindIndex];
    return arg ? { from: 'value', expr: arg, fallback: w.defaultKind } : { from: 'fixed', set: w.defaultKind ?? ABSENT };
  }
  if (w.optionsIndex !== undefined) {
    const arg = args[w.optionsIndex];
    return arg ? { from: 'options', expr: arg, property: w.kindProperty ?? 'kind', fallback: w.defaultKind } : { from: 'fixed', set: w.defaultKind ?? ABSENT };
  }
  return { from: 'fixed', set: w.fixedKind ?? ABSENT };
}

/** Maps a kind source onto the parameters of `fn`: a parameter, a property of one, or a kind fixed inside. */
function kindOrigin(source: KindSource, fn: ts.FunctionLikeDeclaration, model: FileModel, depth: number): KindOrigin {
  if (source.from === 'fixed') return { fixedKind: source.set };
  if (depth > MAX_DEPTH) return { fixedKind: { state: 'unknown', node: source.expr } };
  const fallback = source.fallback;
  const withFallback = (o: KindOrigin): KindOrigin => (fallback && o.defaultKind === undefined && (o.kindIndex !== undefined || o.optionsIndex !== undefined) ? { ...o, defaultKind: fallback } : o);
  const fixed = (set: KindSet): KindOrigin => ({ fixedKind: set.state === 'absent' && fallback ? fallback : set });
  const e = stripExpression(source.expr);
  if (source.from === 'value') {
    const p = parameterRef(e, fn);
    if (p) {
      if (p.property === undefined) {
        const init = fn.parameters[p.index].initializer;
        return withFallback({ kindIndex: p.index, defaultKind: init ? readKindValue(init, model, 0, false) : undefined });
      }
      return withFallback({ optionsIndex: p.index, kindProperty: p.property, defaultKind: p.initializer ? readKindValue(p.initializer, model, 0, false) : undefined });
    }
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      const right = readKindValue(e.right, model, 0, false);
      return kindOrigin({ from: 'value', expr: e.left, fallback: right.state === 'known' ? right : fallback }, fn, model, depth + 1);
    }
    const local = localConstInitializer(e, fn);
    if (local) return kindOrigin({ ...source, expr: local }, fn, model, depth + 1);
    return fixed(readKindValue(e, model, 0, false));
  }
  // Options: a parameter (or the rest of a destructured one) passed on, or an object literal built here.
  const p = parameterRef(e, fn);
  if (p && (p.property === undefined || p.rest)) return withFallback({ optionsIndex: p.index, kindProperty: source.property === 'kind' ? undefined : source.property });
  if (p) return fixed({ state: 'unknown', node: e });
  if (ts.isObjectLiteralExpression(e)) {
    let origin: KindOrigin = fixed(ABSENT);
    for (const prop of e.properties) {
      if (ts.isPropertyAssignment(prop) && propertyNameText(prop.name) === source.property) {
        origin = kindOrigin({ from: 'value', expr: prop.initializer, fallback }, fn, model, depth + 1);
      } else if (ts.isShorthandPropertyAssignment(prop) && prop.name.text === source.property) {
        origin = kindOrigin({ from: 'value', expr: prop.name, fallback }, fn, model, depth + 1);
      } else if (ts.isSpreadAssignment(prop)) {
        const spread = kindOrigin({ from: 'options', expr: prop.expression, property: source.property, fallback }, fn, model, depth + 1);
        // A spread that sets nothing known keeps what came before it.
        if (spread.kindIndex !== undefined || spread.optionsIndex !== undefined || spread.fixedKind?.state !== 'absent') origin = spread;
      }
    }
    return origin;
  }
  const local = localConstInitializer(e, fn);
  if (local) return kindOrigin({ ...source, expr: local }, fn, model, depth + 1);
  return fixed(source.property === 'kind' ? readKindSet(e, model, 0) : { state: 'unknown', node: e });
}

/** The span's name, as a parameter of `fn` (or a property of one): `name`, `` `db ${op}` ``, `opts.name`, `{ name }`. */
function nameOrigin(span: SpanCall, fn: ts.FunctionLikeDeclaration): { index: number; property?: string } | undefined {
  const w = span.wrapper;
  // A wrapper's call site passes on a whole object whose property names the span: the object is the source.
  if (w?.nameIndex !== undefined && w.nameProperty !== undefined) {
    const raw = span.call.arguments[w.nameIndex];
    const p = raw && parameterRef(stripExpression(raw), fn);
    if (p && p.property === undefined) return { index: p.index, property: w.nameProperty };
    if (p?.rest) return undefined;
  }
  const found = span.nameArg ? nameFrom(span.nameArg, fn, 0) : undefined;
  // A property of an argument names the span when it is the options' name (`opts.name`, `{ spanName }`), not
  // some other field of what the function works on (`req.path`).
  return found && (found.property === undefined || /name/i.test(found.property)) ? found : undefined;

  function nameFrom(e0: ts.Expression, f: ts.FunctionLikeDeclaration, depth: number): { index: number; property?: string } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const e = stripExpression(e0);
    const p = parameterRef(e, f);
    if (p) return p.rest ? undefined : { index: p.index, property: p.property };
    // In a template or a concatenation, only a whole parameter: `process ${job.queue}` names the span after
    // what the function works on, `job ${name}` after what its caller says.
    const whole = (x: ts.Expression) => {
      const found = nameFrom(x, f, depth + 1);
      return found && found.property === undefined ? found : undefined;
    };
    if (ts.isTemplateExpression(e)) {
      for (const s of e.templateSpans) {
        const found = whole(s.expression);
        if (found) return found;
      }
      return undefined;
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return whole(e.left) ?? whole(e.right);
    if (ts.isBinaryExpression(e) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(e.operatorToken.kind)) {
      return nameFrom(e.left, f, depth + 1);
    }
    const local = localConstInitializer(e, f);
    return local ? nameFrom(local, f, depth + 1) : undefined;
  }
}

/**
 * A reference to a parameter of `fn`: the parameter itself, one of its properties (`opts.kind`), or a name
 * bound by destructuring it (`{ kind = SpanKind.INTERNAL }`, `{ name, ...options }`, with `rest` for the latter).
 */
function parameterRef(e: ts.Expression, fn: ts.FunctionLikeDeclaration): { index: number; property?: string; initializer?: ts.Expression; rest?: boolean } | undefined {
  if (ts.isPropertyAccessExpression(e)) {
    const target = stripExpression(e.expression);
    if (!ts.isIdentifier(target)) return undefined;
    const base = parameterRef(target, fn);
    return base && base.property === undefined ? { index: base.index, property: e.name.text } : undefined;
  }
  if (!ts.isIdentifier(e)) return undefined;
  // Shadowed by a nearer declaration (a callback's own parameter of the same name): not the wrapper's.
  for (let f = enclosingFunction(e); f && f !== fn; f = enclosingFunction(f)) {
    if (f.parameters.some((p) => bindsName(p.name, e.text))) return undefined;
  }
  for (let i = 0; i < fn.parameters.length; i++) {
    const name = fn.parameters[i].name;
    if (ts.isIdentifier(name)) {
      if (name.text === e.text) return { index: i };
    } else if (ts.isObjectBindingPattern(name)) {
      for (const el of name.elements) {
        if (!ts.isIdentifier(el.name) || el.name.text !== e.text) continue;
        if (el.dotDotDotToken) return { index: i, rest: true };
        const property = el.propertyName ? propertyNameText(el.propertyName) : el.name.text;
        return property === undefined ? undefined : { index: i, property, initializer: el.initializer };
      }
    }
  }
  return undefined;
}

function bindsName(name: ts.BindingName, text: string): boolean {
  if (ts.isIdentifier(name)) return name.text === text;
  return name.elements.some((el) => !ts.isOmittedExpression(el) && bindsName(el.name, text));
}

/** `const k = ...` declared inside `fn` (not a parameter): its initializer. */
function localConstInitializer(e: ts.Expression, fn: ts.FunctionLikeDeclaration): ts.Expression | undefined {
  if (!ts.isIdentifier(e) || !fn.body) return undefined;
  let found: ts.Expression | undefined;
  walkTree(fn.body, (node) => {
    if (found) return 'stop';
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === e.text && node.initializer && node.pos < e.pos) {
      const list = node.parent;
      if (ts.isVariableDeclarationList(list) && list.flags & ts.NodeFlags.Const) found = node.initializer;
    }
    return undefined;
  });
  return found;
}

/** Does `fn` return the span `span` starts (the call itself, or the variable holding it)? */
function returnsItsSpan(span: SpanCall, fn: ts.FunctionLikeDeclaration): boolean {
  if (!(span.wrapper ? span.wrapper.returnsSpan : span.api === 'startSpan')) return false;
  return returnedExpressions(fn, 'omit').some((r) => {
    const e = stripExpression(r);
    return e === span.call || (span.spanName !== undefined && ts.isIdentifier(e) && e.text === span.spanName && enclosingFunction(span.call) === fn);
  });
}

/** Is `fn` callable by a name of its own: declared, a method, or held by a variable, property or field? */
function isNamedCallable(fn: ts.FunctionLikeDeclaration): boolean {
  if (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) return true;
  const parent = fn.parent;
  return ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isExportAssignment(parent);
}

/** Is `fn` what its enclosing function returns (a function made by a higher-order wrapper)? */
function isReturned(fn: ts.FunctionLikeDeclaration): boolean {
  let node: ts.Node = fn;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isReturnStatement(parent)) return true;
  return ts.isArrowFunction(parent) && parent.body === node;
}

/** The span-creating call that a call of a wrapper is. */
export function wrapperCall(call: ts.CallExpression, wrapper: WrapperInfo, model: FileModel): SpanCall {
  const args = call.arguments;
  const at = (i: number | undefined) => (i === undefined ? undefined : args[i]);
  let kindSet: KindSet = ABSENT;
  let optionsArg: ts.Expression | undefined;
  const fromDefault = (): KindSet => {
    const d = wrapper.defaultKind;
    if (!d || d.state === 'absent') return ABSENT;
    return d.state === 'known' ? { ...d, node: call.expression, editable: false, fromDefault: true } : { state: 'unknown', node: call.expression };
  };
  if (wrapper.optionsIndex !== undefined) {
    const arg = at(wrapper.optionsIndex);
    if (arg) {
      const property = wrapper.kindProperty ?? 'kind';
      if (property === 'kind') optionsArg = arg;
      kindSet = property === 'kind' ? readKindSet(arg, model, 0) : readKindProperty(arg, property, model);
    }
    if (kindSet.state === 'absent') kindSet = fromDefault();
  } else if (wrapper.kindIndex !== undefined) {
    const arg = at(wrapper.kindIndex);
    kindSet = arg ? readKindValue(arg, model, 0, true) : fromDefault();
  } else if (wrapper.fixedKind && wrapper.fixedKind.state !== 'absent') {
    const fixed = wrapper.fixedKind;
    kindSet = fixed.state === 'known' ? { ...fixed, node: call.expression, editable: false } : { state: 'unknown', node: call.expression };
  }
  let nameArg = at(wrapper.nameIndex);
  if (nameArg && wrapper.nameProperty !== undefined) {
    const object = stripExpression(nameArg);
    const prop = ts.isObjectLiteralExpression(object) ? object.properties.find((p) => p.name && propertyNameText(p.name) === wrapper.nameProperty) : undefined;
    if (prop && ts.isPropertyAssignment(prop)) nameArg = prop.initializer;
    else if (prop && ts.isShorthandPropertyAssignment(prop)) nameArg = prop.name;
  }
  const callback = wrapper.callbackIndices.map((i) => args[i] && model.localFunctionOf(args[i])).find((f) => f !== undefined);
  const body = callback?.body;
  let scope = body ? [{ start: body.getStart(model.sourceFile), end: body.end }] : [];
  let scopeComplete = !!body;
  let spanName: string | undefined;
  if (!body && wrapper.returnsSpan) {
    const returned = returnedSpanScope(call, model);
    ({ scope, complete: scopeComplete, spanName } = returned);
  }
  return {
    call,
    api: wrapper.name,
    tracerText: '',
    tracerMatch: 'wrapper',
    nameArg,
    optionsArg,
    callback,
    kindSet,
    spanName,
    scope,
    scopeComplete,
    wrapper,
  };
}

/** The kind an options object sets under another property name than `kind` (`{ spanKind: SpanKind.CLIENT }`). */
function readKindProperty(options: ts.Expression, property: string, model: FileModel): KindSet {
  const e = stripExpression(options);
  if (!ts.isObjectLiteralExpression(e)) return { state: 'unknown', node: e };
  let set: KindSet = ABSENT;
  for (const prop of e.properties) {
    if (ts.isPropertyAssignment(prop) && propertyNameText(prop.name) === property) set = readKindValue(prop.initializer, model, 0, true);
    else if (ts.isShorthandPropertyAssignment(prop) && prop.name.text === property) set = readKindValue(prop.name, model, 0, false);
    else if (ts.isSpreadAssignment(prop)) set = { state: 'unknown', node: prop.expression };
  }
  return set;
}

/** Can a parameter hold a function, by its declared type? (No type: it may.) */
function mayBeFunction(p: ts.ParameterDeclaration): boolean {
  const t = p.type;
  if (!t) return true;
  const k = ts.SyntaxKind;
  const plain = [k.StringKeyword, k.NumberKeyword, k.BooleanKeyword, k.BigIntKeyword, k.SymbolKeyword, k.UndefinedKeyword, k.VoidKeyword, k.NeverKeyword, k.ObjectKeyword];
  return !(ts.isLiteralTypeNode(t) || ts.isTypeLiteralNode(t) || ts.isArrayTypeNode(t) || ts.isTupleTypeNode(t) || plain.includes(t.kind));
}

/**
 * Is parameter `name` called while the span is open, or (when it may be a function) handed to the span's
 * callback position or to another call there?
 */
function isCalledOrPassed(name: string, span: SpanCall, fn: ts.FunctionLikeDeclaration, passable: boolean): boolean {
  let found = false;
  const inScope = (n: ts.Node) => n === span.call || span.scope.some((r) => n.end <= r.end && n.getStart() >= r.start);
  const aliases = localAliases(name, fn);
  const isName = (e: ts.Expression) => {
    const s = stripExpression(e);
    if (!ts.isIdentifier(s)) return false;
    if (s.text === name) return parameterRef(s, fn)?.property === undefined;
    return aliases.has(s.text);
  };
  const visit = (node: ts.Node): 'stop' | undefined => {
    if (ts.isCallExpression(node) && inScope(node)) {
      const callee = stripExpression(node.expression);
      const target = ts.isPropertyAccessExpression(callee) && ['call', 'apply'].includes(callee.name.text) ? stripExpression(callee.expression) : callee;
      const args = node === span.call ? node.arguments.filter((a) => a !== span.nameArg && a !== span.optionsArg) : node.arguments;
      if (isName(target) || (passable && args.some(isName))) {
        found = true;
        return 'stop';
      }
    }
    return undefined;
  };
  if (fn.body) walkTree(fn.body, visit);
  return found;
}

/**
 * Local variables of `fn` that may hold parameter `name` itself: `const cb = typeof a === 'function' ? a : b`,
 * `let cb; cb = b as Callback`, as an overloaded function sorts out its arguments.
 */
function localAliases(name: string, fn: ts.FunctionLikeDeclaration): Set<string> {
  const found = new Set<string>();
  if (!fn.body || !ts.isBlock(fn.body)) return found;
  const holds = (e0: ts.Expression, depth: number): boolean => {
    const e = stripExpression(e0);
    if (depth > 4) return false;
    if (ts.isIdentifier(e)) return e.text === name;
    if (ts.isConditionalExpression(e)) return holds(e.whenTrue, depth + 1) || holds(e.whenFalse, depth + 1);
    if (ts.isBinaryExpression(e) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(e.operatorToken.kind)) {
      return holds(e.left, depth + 1) || holds(e.right, depth + 1);
    }
    return false;
  };
  walkTree(fn.body, (node) => {
    if (isFunctionLike(node)) return 'skip';
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && holds(node.initializer, 0)) found.add(node.name.text);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left) && holds(node.right, 0)) found.add(node.left.text);
    return undefined;
  });
  // A parameter of that name is the parameter, not an alias.
  found.delete(name);
  return found;
}

/** The name a function is declared by (its own, or its variable's or property's); `undefined` for a nameless one. */
export function ownNameOf(fn: ts.FunctionLikeDeclaration): string | undefined {
  if (fn.name && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name) || ts.isStringLiteral(fn.name))) return fn.name.text;
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && (ts.isIdentifier(parent.name) || ts.isPrivateIdentifier(parent.name))) {
    return parent.name.text;
  }
  return undefined;
}

/**
 * The method a member call runs, found from the syntax when the model cannot say: a method the class
 * inherits from a base class of this file (`this.run()`), a method of a field's class (`this.helper.run()`,
 * the field's initializer `new Helper()` or its declared type), or of a variable's object literal or class
 * (`helper.run()`). `undefined` when it is none of these.
 */
export function memberFunctionOf(callee: ts.Expression, model: FileModel): ts.FunctionLikeDeclaration | undefined {
  const e = stripExpression(callee);
  const name = memberName(e);
  if (!name || !(ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e))) return undefined;
  const object = stripExpression(e.expression);
  const classes = classesOf(object, model, 0);
  for (const cls of classes) {
    const m = methodOf(cls, name, model, 0);
    if (m) return m;
  }
  if (ts.isIdentifier(object)) {
    const decl = model.declarationOf(object);
    const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? stripExpression(decl.initializer) : undefined;
    if (init && ts.isObjectLiteralExpression(init)) return objectMember(init, name);
  }
  return undefined;
}

function objectMember(object: ts.ObjectLiteralExpression, name: string): ts.FunctionLikeDeclaration | undefined {
  for (const prop of object.properties) {
    if (!prop.name || propertyNameText(prop.name) !== name) continue;
    if (ts.isMethodDeclaration(prop) && prop.body) return prop;
    if (ts.isPropertyAssignment(prop)) {
      const init = stripExpression(prop.initializer);
      if ((ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && init.body) return init;
    }
  }
  return undefined;
}

/** The classes of this file a value is an instance of: `this`, a field or variable made by `new C()` or typed `C`. */
function classesOf(object: ts.Expression, model: FileModel, depth: number): ts.ClassLikeDeclaration[] {
  if (depth > 3) return [];
  if (object.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(object);
    return cls ? [cls] : [];
  }
  const declarations: ts.Node[] = [];
  const values: ts.Expression[] = [];
  if (ts.isPropertyAccessExpression(object) && object.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(object);
    if (!cls) return [];
    declarations.push(...model.membersNamed(cls, object.name.text));
    values.push(...(model.thisAssignmentsOf(cls).get(object.name.text) ?? []));
  } else if (ts.isIdentifier(object)) {
    const decl = model.declarationOf(object);
    if (decl) declarations.push(decl);
  } else {
    return [];
  }
  for (const decl of declarations) {
    if (ts.isPropertyDeclaration(decl) || ts.isVariableDeclaration(decl) || ts.isParameter(decl)) {
      if (decl.initializer) values.push(decl.initializer);
      if (decl.type && ts.isTypeReferenceNode(decl.type) && ts.isIdentifier(decl.type.typeName)) {
        const cls = localClass(decl.type.typeName, model);
        if (cls) return [cls];
      }
    }
  }
  for (const v of values) {
    const value = stripExpression(v);
    if (ts.isNewExpression(value) && ts.isIdentifier(value.expression)) {
      const cls = localClass(value.expression, model);
      if (cls) return [cls];
    }
  }
  return [];
}

function localClass(id: ts.Identifier, model: FileModel): ts.ClassLikeDeclaration | undefined {
  const decl = model.declarationOf(id);
  if (decl && ts.isClassLike(decl)) return decl;
  // A type name's declaration, which the value look-up may not give.
  const sf = model.sourceFile;
  for (const stmt of sf.statements) if (ts.isClassDeclaration(stmt) && stmt.name?.text === id.text) return stmt;
  return undefined;
}

/** A method of `cls` or of a base class of this file. */
function methodOf(cls: ts.ClassLikeDeclaration, name: string, model: FileModel, depth: number): ts.FunctionLikeDeclaration | undefined {
  if (depth > 4) return undefined;
  for (const member of model.membersNamed(cls, name)) {
    if (ts.isMethodDeclaration(member) && member.body) return member;
    if (ts.isPropertyDeclaration(member) && member.initializer && isFunctionLike(stripExpression(member.initializer))) {
      return stripExpression(member.initializer) as ts.FunctionLikeDeclaration;
    }
  }
  const base = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  const baseClass = base && ts.isIdentifier(base) ? localClass(base, model) : undefined;
  return baseClass ? methodOf(baseClass, name, model, depth + 1) : undefined;
}
