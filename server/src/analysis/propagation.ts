// Context propagation around a span: which messages and requests it sends, whether their carrier (headers,
// attributes) receives `propagation.inject(...)` with the span's context, and whether a CONSUMER or SERVER
// span takes its parent (or a link) from `propagation.extract(...)`. Values are followed through local
// variables, object literals, arrays, property writes and helper functions of the file; whatever cannot be
// followed makes the answer `unknown`, and the rules stay silent on it. Pure: nodes in, plain data out.
import ts = require('typescript');
import { type CarrierPath, type CarrierStep, type RequestShape, type SendShape, messageMetadata, requestMetadata, requestShapes, sendShapes } from '../catalogue/propagation';
import { moduleMatches } from '../catalogue';
import { callsIn, type FileWalk } from './findSpanCalls';
import type { InstrumentationFact } from './instrumentation';
import { type ApiReference, apiReference, fileStyle, newline } from './kindFix';
import { type FileModel, type HandlerMatch, enclosingFunction, identifiersNamed, inRanges, isFunctionLike, memberName, propertyNameText, returnedExpressions, stripExpression, walkTree, within } from './model';
import { laterSpansMeeting } from './spanOverlap';
import type { Evidence, Fix, Inference, SpanCall, SpanKindName, TextChange } from './types';

const OTEL_API = '@opentelemetry/api';
/** How many helper calls deep values are followed, and how many steps one question may take. */
const MAX_HELPER_DEPTH = 3;
const MAX_STEPS = 4000;

export type Verdict = 'yes' | 'no' | 'unknown';

/** Whose context an injected context is: the span's, another one (and why), or not known. */
export type ContextVerdict = { of: 'span' } | { of: 'other'; why: 'inactive' | 'root' | 'extracted' | 'other-span' } | { of: 'unknown' };

/** Whether a carrier receives an injected context. */
export type Carried =
  | { state: 'injected'; context: ContextVerdict; inject: ts.CallExpression; env: Env }
  | { state: 'absent' }
  | { state: 'unknown' };

/**
 * Where code being read runs: the span's own code (no `fn`), or a helper function called from `caller`
 * (its parameters are the call's arguments).
 */
export interface Env {
  fn?: ts.FunctionLikeDeclaration;
  /** The call's arguments; absent when the function is called by code not read (an array method's callback). */
  args?: readonly ts.Expression[];
  caller?: { site: ts.Node; env: Env };
  depth: number;
}

const TOP: Env = { depth: 0 };
const UNKNOWN: Carried = { state: 'unknown' };
const ABSENT: Carried = { state: 'absent' };

/** A send or request call the span makes, directly or through a helper of the file. */
export interface OutgoingCall<Shape> {
  call: ts.CallExpression;
  shape: Shape;
  env: Env;
  /** Helpers passed through, outermost first. */
  via: string[];
}

/** Does the span have this kind: set to it, or inferred with high confidence? */
export function spanHasKind(span: SpanCall, inference: Inference, kind: SpanKindName): boolean {
  if (span.kindSet.state === 'known' && span.kindSet.kinds.includes(kind)) return true;
  return inference.kind === kind && inference.confidence === 'high';
}

/** Is one of `families` registered in the workspace? */
export function isInstrumented(families: readonly string[] | undefined, facts: readonly InstrumentationFact[]): boolean {
  return !!families && facts.some((f) => families.includes(f.family));
}

/** The uses of each local declaration, per file model (shared by the readers of all its spans). */
const referenceCache = new WeakMap<FileModel, Map<ts.Declaration, ts.Identifier[]>>();

/** The reading of propagation around one span of a file. */
export class PropagationReader {
  private steps = 0;
  private readonly visiting = new Set<string>();
  private readonly references: Map<ts.Declaration, ts.Identifier[]>;
  private readonly sf: ts.SourceFile;

  constructor(
    readonly model: FileModel,
    readonly walk: FileWalk,
    readonly span: SpanCall,
  ) {
    this.sf = model.sourceFile;
    let refs = referenceCache.get(model);
    if (!refs) {
      refs = new Map();
      referenceCache.set(model, refs);
    }
    this.references = refs;
  }

  // ---------------------------------------------------------------------------------------------------
  // Calls the span makes

  /** Calls that run while the span is open and belong to it (not to a span nested in it). */
  ownedCalls(): ts.CallExpression[] {
    const span = this.span;
    // Spans started later whose scope meets this one's: they may own some of these calls.
    const nested = laterSpansMeeting(this.walk, span);
    const result: ts.CallExpression[] = [];
    for (const range of span.scope) {
      for (const call of callsIn(this.walk.calls, range, this.sf)) {
        const pos = call.getStart(this.sf);
        if (this.walk.spanCalls.has(call) || nested.some((o) => inRanges(o.scope, pos))) continue;
        result.push(call);
      }
    }
    return result;
  }

  /** Outgoing calls matching `match`, in the span's code and in the helpers of this file it calls. */
  outgoing<Shape>(match: (call: ts.CallExpression) => Shape | undefined): OutgoingCall<Shape>[] {
    const found: OutgoingCall<Shape>[] = [];
    const seen = new Set<ts.FunctionLikeDeclaration>();
    const visit = (calls: ts.CallExpression[], env: Env, via: string[]) => {
      for (const call of calls) {
        const shape = match(call);
        if (shape) {
          found.push({ call, shape, env, via });
          continue;
        }
        if (env.depth >= MAX_HELPER_DEPTH - 1) continue;
        const fn = this.helperOf(call);
        if (!fn || seen.has(fn) || !fn.body) continue;
        seen.add(fn);
        const body = fn.body;
        const inner = within(this.walk.calls, body);
        visit(inner, this.helperEnv(fn, call, env), [...via, functionName(fn, call, this.sf)]);
      }
    };
    visit(this.ownedCalls(), TOP, []);
    return found;
  }

  /** The send shape a call matches, recognised by the module its receiver comes from. */
  matchSend(call: ts.CallExpression): SendShape | undefined {
    const origin = this.model.originOf(stripExpression(call.expression));
    if (!origin) return undefined;
    const member = origin.called || origin.path.length === 0 ? '()' : origin.path[origin.path.length - 1];
    for (const shape of sendShapes) {
      if (!shape.members.includes(member) || !moduleMatches(shape.modules, origin.module)) continue;
      if (shape.receivers && origin.path.length >= 2 && !shape.receivers.includes(origin.path[0])) continue;
      if (shape.commands) {
        const command = this.commandClassOf(call.arguments[0]);
        if (!command || !shape.commands.includes(command)) continue;
      }
      return shape;
    }
    return undefined;
  }

  /** The HTTP request shape a call matches (a global such as `fetch`, or a package's member). */
  matchRequest(call: ts.CallExpression): RequestShape | undefined {
    const callee = stripExpression(call.expression);
    const global = this.model.globalCalleeName(callee);
    if (global !== undefined) return requestShapes.find((s) => s.globals?.includes(global));
    const origin = this.model.originOf(callee);
    if (!origin) return undefined;
    const member = origin.called || origin.path.length === 0 ? '()' : origin.path[origin.path.length - 1];
    return requestShapes.find((s) => s.modules && moduleMatches(s.modules, origin.module) && s.members.includes(member));
  }

  /** `new SendMessageCommand(...)`, directly or through a local variable: the class name. */
  private commandClassOf(arg: ts.Expression | undefined): string | undefined {
    const e = arg && this.valueOf(arg);
    if (!e || !ts.isNewExpression(e)) return undefined;
    const cls = stripExpression(e.expression);
    return ts.isIdentifier(cls) ? cls.text : memberName(cls);
  }

  // ---------------------------------------------------------------------------------------------------
  // Carriers: does the context reach the place a path names?

  /** Follows `path` from a send call to its carrier. */
  carrierOf(call: ts.CallExpression, path: CarrierPath, env: Env): Carried {
    const [first, ...rest] = path;
    const arg = this.argumentAt(call, first);
    if (arg === 'unknown') return UNKNOWN;
    if (arg === undefined) return ABSENT;
    return this.carrierAt(arg, rest, env);
  }

  /** The argument a path's first step names; `unknown` when spread arguments hide it. */
  argumentAt(call: ts.CallExpression | ts.NewExpression, step: CarrierStep): ts.Expression | undefined | 'unknown' {
    const args = call.arguments ?? ts.factory.createNodeArray<ts.Expression>();
    const spreadAt = args.findIndex((a) => ts.isSpreadElement(a));
    const at = (i: number) => (spreadAt >= 0 && spreadAt <= i ? 'unknown' : args[i]);
    if ('arg' in step) return at(step.arg);
    if ('constructed' in step) return at(step.constructed);
    if ('optionsArg' in step) {
      for (const i of step.optionsArg) {
        const a = at(i);
        if (a === 'unknown') return a;
        if (a && this.objectLiteralOf(a)) return a;
      }
      return 'unknown';
    }
    return 'unknown';
  }

  /** Whether the value at `steps` inside `expr` is a carrier the context was injected into. */
  carrierAt(expr: ts.Expression, steps: CarrierPath, env: Env): Carried {
    const e = stripExpression(expr);
    const key = `c${e.pos}:${e.end}:${JSON.stringify(steps)}:${env.fn?.pos ?? -1}:${env.caller?.site.pos ?? -1}`;
    if (++this.steps > MAX_STEPS || this.visiting.has(key)) return UNKNOWN;
    this.visiting.add(key);
    try {
      return this.carrierAtInner(e, steps, env);
    } finally {
      this.visiting.delete(key);
    }
  }

  private carrierAtInner(e: ts.Expression, steps: CarrierPath, env: Env): Carried {
    const [step, ...rest] = steps;
    if (isNullish(e)) return ABSENT;
    if (ts.isObjectLiteralExpression(e)) return this.objectCarrier(e, steps, env);
    if (ts.isArrayLiteralExpression(e)) {
      if (!step || !('each' in step)) return steps.length ? ABSENT : UNKNOWN;
      return everyOf(e.elements.map((el) => (ts.isSpreadElement(el) ? this.carrierAt(el.expression, steps, env) : this.carrierAt(el, rest, env))));
    }
    if (ts.isConditionalExpression(e)) return eitherOf([this.carrierAt(e.whenTrue, steps, env), this.carrierAt(e.whenFalse, steps, env)]);
    if (ts.isBinaryExpression(e) && isDefaulting(e.operatorToken.kind)) {
      return eitherOf([this.carrierAt(e.left, steps, env), this.carrierAt(e.right, steps, env)]);
    }
    if (ts.isNewExpression(e)) {
      if (step && 'constructed' in step) {
        const arg = this.argumentAt(e, step);
        return arg === 'unknown' ? UNKNOWN : arg === undefined ? ABSENT : this.carrierAt(arg, rest, env);
      }
      // `new Headers(init)`: a copy of its init.
      const cls = stripExpression(e.expression);
      if (steps.length === 0 && ts.isIdentifier(cls) && cls.text === 'Headers' && this.model.isGlobal(cls)) {
        return e.arguments?.[0] ? this.carrierAt(e.arguments[0], [], env) : ABSENT;
      }
      return UNKNOWN;
    }
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      const name = memberName(e);
      return name === undefined ? UNKNOWN : this.carrierAt(e.expression, [{ prop: name }, ...steps], env);
    }
    if (ts.isIdentifier(e)) return this.identifierCarrier(e, steps, env);
    if (ts.isCallExpression(e)) return this.callCarrier(e, steps, env);
    if (ts.isStringLiteralLike(e) || ts.isNumericLiteral(e) || ts.isTemplateExpression(e)) return steps.length ? ABSENT : UNKNOWN;
    return UNKNOWN;
  }

  private objectCarrier(o: ts.ObjectLiteralExpression, steps: CarrierPath, env: Env): Carried {
    const [step, ...rest] = steps;
    const spreads = o.properties.filter(ts.isSpreadAssignment);
    if (!step) return anyOf(spreads.map((s) => this.carrierAt(s.expression, [], env)));
    if ('each' in step) return this.carrierAt(o, rest, env);
    if ('anyProp' in step) {
      const results: Carried[] = [];
      for (const p of o.properties) {
        if (ts.isSpreadAssignment(p)) results.push(this.carrierAt(p.expression, steps, env));
        else if (ts.isPropertyAssignment(p) && this.mayBeCarrier(p.initializer, p.name)) results.push(this.carrierAt(p.initializer, [], env));
        else if (ts.isShorthandPropertyAssignment(p) && this.mayBeCarrier(p.name, p.name)) results.push(this.carrierAt(p.name, [], env));
      }
      return anyOf(results);
    }
    if (!('prop' in step)) return UNKNOWN;
    // The last property of that name wins, unless a spread after it may override it.
    let results: Carried[] = [];
    for (const p of o.properties) {
      if (ts.isSpreadAssignment(p)) results.push(this.carrierAt(p.expression, steps, env));
      else if (p.name && propertyNameText(p.name) === step.prop) {
        if (ts.isPropertyAssignment(p)) results = [this.carrierAt(p.initializer, rest, env)];
        else if (ts.isShorthandPropertyAssignment(p)) results = [this.carrierAt(p.name, rest, env)];
        else results = [UNKNOWN];
      } else if (p.name && ts.isComputedPropertyName(p.name) && this.model.staticString(p.name.expression) === undefined) {
        results.push(UNKNOWN);
      }
    }
    return anyOf(results);
  }

  /** Could this value of job data be a trace-context carrier (not a string, number or boolean)? */
  private mayBeCarrier(value: ts.Expression, name: ts.PropertyName): boolean {
    const e = stripExpression(value);
    if (ts.isStringLiteralLike(e) || ts.isNumericLiteral(e) || ts.isTemplateExpression(e) || ts.isArrayLiteralExpression(e)) return false;
    if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || isNullish(e)) return false;
    if (ts.isObjectLiteralExpression(e) || ts.isCallExpression(e)) return true;
    let type: ts.Type | undefined;
    try {
      type = this.model.checker.getTypeAtLocation(e);
    } catch {
      type = undefined;
    }
    const primitive = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.EnumLike | ts.TypeFlags.Null | ts.TypeFlags.Undefined;
    if (type && !(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) && (type.flags & primitive || (type.isUnion() && type.types.every((t) => t.flags & primitive)))) {
      return false;
    }
    if (type && !(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) return true;
    // Untyped: only a name that says so.
    return /trace|context|carrier|propagat|otel|telemetry|header|meta/i.test(propertyNameText(name) ?? '') || (ts.isIdentifier(e) && /trace|context|carrier|propagat|otel|telemetry|header|meta/i.test(e.text));
  }

  private identifierCarrier(id: ts.Identifier, steps: CarrierPath, env: Env): Carried {
    if (id.text === 'undefined' && this.model.isGlobal(id)) return ABSENT;
    const decl = this.model.declarationOf(id);
    if (!decl || decl.getSourceFile() !== this.sf) return UNKNOWN;
    if (ts.isParameter(decl)) return this.parameterCarrier(decl, steps, env);
    if (!ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return UNKNOWN;
    const results: Carried[] = [];
    const elements: Carried[] = [];
    const init = decl.initializer && stripExpression(decl.initializer);
    const step = steps[0];
    const collectsElements = !!step && 'each' in step && !!init && ts.isArrayLiteralExpression(init);
    if (init && collectsElements) elements.push(this.carrierAt(init, steps, env));
    else if (init) results.push(this.carrierAt(init, steps, env));
    else results.push(ABSENT);
    for (const ref of this.referencesOf(decl)) {
      const use = this.useOf(ref, steps, env);
      if (use.element) elements.push(use.element);
      if (use.result) results.push(use.result);
    }
    if (collectsElements) results.push(everyOf(elements));
    return anyOf(results);
  }

  /** A parameter: the argument of the helper call being read, and what the helper itself does with it. */
  private parameterCarrier(param: ts.ParameterDeclaration, steps: CarrierPath, env: Env): Carried {
    const arg = argumentOf(param, env);
    const results: Carried[] = [arg === 'unknown' ? UNKNOWN : arg === 'missing' ? ABSENT : this.carrierAt(arg.expr, steps, arg.env)];
    for (const ref of this.referencesOf(param)) {
      const use = this.useOf(ref, steps, env);
      if (use.result) results.push(use.result);
    }
    return anyOf(results);
  }

  /** What one use of a variable does to the value at `steps`: injects into it, writes it, hands it on. */
  private useOf(ref: ts.Identifier, steps: CarrierPath, env: Env): { result?: Carried; element?: Carried } {
    // Walk up the member accesses: `message.headers` is the variable at path ['headers'].
    let node: ts.Expression = skipOuter(ref);
    const path: string[] = [];
    for (;;) {
      const parent = node.parent;
      if (!parent || !(ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) || parent.expression !== node) break;
      const name = memberName(parent);
      if (name === undefined) {
        // `headers[key] = value` writes another key of a carrier; a computed write above it is not followed.
        const after = stepsAfter(path, steps);
        return { result: after && after.length > 0 && this.isWriteTarget(parent) ? UNKNOWN : undefined };
      }
      path.push(name);
      node = skipOuter(parent);
    }
    const parent = node.parent;
    if (!parent) return {};
    const remaining = stepsAfter(path, steps);
    // `x.p = value` / `x = value`
    if (ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      return remaining ? { result: this.carrierAt(parent.right, remaining, env) } : {};
    }
    if (ts.isNewExpression(parent) && parent.arguments?.includes(node)) {
      // An SDK command (`new PublishCommand(input)`) only wraps its input for `client.send`.
      const cls = stripExpression(parent.expression);
      const name = ts.isIdentifier(cls) ? cls.text : memberName(cls);
      return remaining && !(name && /Command$/.test(name)) ? { result: UNKNOWN } : {};
    }
    if (!ts.isCallExpression(parent)) return {};
    const argIndex = parent.arguments.indexOf(node);
    if (argIndex < 0) {
      // A method of the value: `messages.push(m)` adds elements; `headers.set(k, v)` and reads change nothing followed.
      const method = path[path.length - 1];
      const under = stepsAfter(path.slice(0, -1), steps);
      if (parent.expression === node && (method === 'push' || method === 'unshift') && under?.[0] && 'each' in under[0]) {
        const rest = under.slice(1);
        return { element: everyOf(parent.arguments.map((a) => (ts.isSpreadElement(a) ? this.carrierAt(a.expression, under, env) : this.carrierAt(a, rest, env)))) };
      }
      return {};
    }
    if (!remaining) return {};
    const api = this.otelPath(parent.expression);
    if (api === 'propagation.inject' && argIndex === 1) {
      return { result: isCarrierPlace(remaining) ? { state: 'injected', context: this.contextOf(parent.arguments[0], env), inject: parent, env } : UNKNOWN };
    }
    if (api !== undefined || this.isNeutralCall(parent)) return {};
    // `Object.assign(headers, traceHeaders())`
    if (argIndex === 0 && this.isGlobalMember(parent.expression, 'Object', 'assign')) {
      return { result: anyOf(parent.arguments.slice(1).map((a) => this.carrierAt(a, remaining, env))) };
    }
    // Handed to a helper of this file: what it does with its parameter.
    const fn = this.helperOf(parent);
    if (fn && env.depth < MAX_HELPER_DEPTH) {
      const param = fn.parameters[argIndex];
      if (!param || param.dotDotDotToken || parent.arguments.slice(0, argIndex).some((a) => ts.isSpreadElement(a))) return { result: UNKNOWN };
      const inner = this.helperEnv(fn, parent, env);
      return { result: anyOf(this.referencesOf(param).map((r) => this.useOf(r, remaining, inner).result ?? ABSENT)) };
    }
    return { result: UNKNOWN };
  }

  private isWriteTarget(node: ts.Expression): boolean {
    const parent = skipOuter(node).parent;
    return !!parent && ts.isBinaryExpression(parent) && parent.left === skipOuter(node) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
  }

  /** Calls that only read a value: built-ins such as `JSON.stringify(x)` and `Object.keys(x)`, the span's own methods. */
  private isNeutralCall(call: ts.CallExpression): boolean {
    const callee = stripExpression(call.expression);
    if (this.model.isLocalGlobalCall(callee) && !this.isGlobalMember(callee, 'Object', 'assign')) return true;
    if (call === this.span.call || this.matchSend(call) || this.matchRequest(call)) return true;
    const receiver = ts.isPropertyAccessExpression(callee) ? stripExpression(callee.expression) : undefined;
    return !!receiver && this.isSpanValue(receiver, TOP);
  }

  private callCarrier(call: ts.CallExpression, steps: CarrierPath, env: Env): Carried {
    const callee = stripExpression(call.expression);
    const step = steps[0];
    // `items.map((i) => ({ value, headers }))`: each element is what the callback returns.
    const method = memberName(callee);
    if ((method === 'map' || method === 'flatMap') && step && 'each' in step && call.arguments[0]) {
      const fn = this.model.localFunctionOf(call.arguments[0]);
      if (!fn) return UNKNOWN;
      const inner: Env = { fn, caller: { site: call, env }, depth: env.depth + 1 };
      const rest = method === 'map' ? steps.slice(1) : steps;
      return eitherOf(returnedExpressions(fn, 'omit').map((r) => this.carrierAt(r, rest, inner)));
    }
    if (this.isGlobalMember(callee, 'Object', 'assign')) return anyOf(call.arguments.map((a) => this.carrierAt(a, steps, env)));
    const fn = this.helperOf(call);
    if (!fn || env.depth >= MAX_HELPER_DEPTH) return UNKNOWN;
    const inner = this.helperEnv(fn, call, env);
    const returned = returnedExpressions(fn, 'omit');
    return returned.length ? eitherOf(returned.map((r) => this.carrierAt(r, steps, inner))) : ABSENT;
  }

  // ---------------------------------------------------------------------------------------------------
  // Contexts

  /** Whose context `expr` is, read where it is evaluated. */
  contextOf(expr: ts.Expression | undefined, env: Env): ContextVerdict {
    if (!expr) return { of: 'unknown' };
    const e = stripExpression(expr);
    if (++this.steps > MAX_STEPS) return { of: 'unknown' };
    const api = ts.isCallExpression(e) ? this.otelPath(e.expression) : this.otelPath(e);
    if (api === 'context.active' && ts.isCallExpression(e)) return this.activeAt(e, env);
    if (api === 'ROOT_CONTEXT') return { of: 'other', why: 'root' };
    if (api === 'propagation.extract') return { of: 'other', why: 'extracted' };
    if ((api === 'trace.setSpan' || api === 'trace.setSpanContext') && ts.isCallExpression(e)) {
      const arg = e.arguments[1] && stripExpression(e.arguments[1]);
      const target = arg && api === 'trace.setSpanContext' && ts.isCallExpression(arg) && memberName(stripExpression(arg.expression)) === 'spanContext'
        ? (stripExpression(arg.expression) as ts.PropertyAccessExpression).expression
        : arg;
      if (target && this.isSpanValue(target, env)) return { of: 'span' };
      return { of: 'unknown' };
    }
    if (ts.isIdentifier(e)) {
      const decl = this.model.declarationOf(e);
      if (!decl || decl.getSourceFile() !== this.sf) return { of: 'unknown' };
      if (ts.isVariableDeclaration(decl) && decl.initializer && !this.isReassigned(decl)) return this.contextOf(decl.initializer, env);
      if (ts.isParameter(decl)) {
        const arg = argumentOf(decl, env);
        if (typeof arg === 'object') return this.contextOf(arg.expr, arg.env);
      }
    }
    return { of: 'unknown' };
  }

  /** Whose context `context.active()` returns at `node`. */
  activeAt(node: ts.Node, env: Env): ContextVerdict {
    const span = this.span;
    const spanFn = enclosingFunction(span.call);
    for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
      if (env.fn && n === env.fn) return env.caller ? this.activeAt(env.caller.site, env.caller.env) : { of: 'unknown' };
      if (!isFunctionLike(n)) continue;
      if (n === span.callback) return span.wrapper ? { of: 'unknown' } : { of: 'span' };
      const runner = this.contextWithOf(n);
      if (runner) return this.contextOf(runner, env);
      if (this.walk.spans.some((s) => s !== span && s.callback === n && !s.wrapper)) return { of: 'other', why: 'other-span' };
      if (n === spanFn) return span.api === 'startSpan' && !span.wrapper ? { of: 'other', why: 'inactive' } : { of: 'unknown' };
    }
    return span.api === 'startSpan' && !span.wrapper && !spanFn ? { of: 'other', why: 'inactive' } : { of: 'unknown' };
  }

  /** For a function run by OpenTelemetry's `context.with(ctx, fn)`: the context it runs in. */
  private contextWithOf(fn: ts.Node): ts.Expression | undefined {
    const parent = skipOuter(fn as ts.Expression).parent;
    if (!parent || !ts.isCallExpression(parent) || parent.arguments[1] !== skipOuter(fn as ts.Expression)) return undefined;
    return this.otelPath(parent.expression) === 'context.with' ? parent.arguments[0] : undefined;
  }

  /** Is `expr` this span (its variable, or the callback's span parameter)? */
  isSpanValue(expr: ts.Expression, env: Env): boolean {
    const e = stripExpression(expr);
    const span = this.span;
    const decl = ts.isIdentifier(e) ? this.model.declarationOf(e) : undefined;
    // The span's variable, unless the name is another span's callback parameter there.
    const otherSpanParameter = !!decl && this.walk.spans.some((s) => s !== span && s.callback?.parameters[0] === decl);
    if (span.spanName && e.getText(this.sf) === span.spanName && !span.wrapper && !otherSpanParameter) return true;
    if (!decl) return false;
    if (span.callback && decl === span.callback.parameters[0] && !span.wrapper) return true;
    if (ts.isParameter(decl)) {
      const arg = argumentOf(decl, env);
      return typeof arg === 'object' && this.isSpanValue(arg.expr, arg.env);
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------------
  // Extracted contexts (CONSUMER and SERVER spans)

  /** Does the parent this span starts with come from `propagation.extract(...)`? */
  parentVerdict(): Verdict {
    const span = this.span;
    if (span.wrapper) return 'unknown';
    const args = span.call.arguments;
    const ctxArg = span.api === 'startSpan' ? args[2] : args.length >= 4 ? args[2] : undefined;
    if (args.some((a) => ts.isSpreadElement(a))) return 'unknown';
    return ctxArg ? this.derivesFromExtract(ctxArg, TOP) : this.activeExtracted(span.call, TOP, 0);
  }

  /**
   * The `propagation.extract(...)` call the span's parent comes from (the context argument, or the context
   * `context.with(...)` makes active around it), when it does.
   */
  parentExtract(): { call: ts.CallExpression; certain: boolean } | undefined {
    this.extractSeen = undefined;
    const call = this.parentVerdict() === 'yes' ? this.extractSeen : undefined;
    if (!call) return undefined;
    // `headers ? propagation.extract(...) : context.active()`: extracted on one path only.
    let e: ts.Node = call;
    while (e.parent && (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isNonNullExpression(e.parent))) e = e.parent;
    const certain = !(ts.isConditionalExpression(e.parent) || (ts.isBinaryExpression(e.parent) && e.parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken));
    return { call, certain };
  }

  /** While parentExtract runs: the last `propagation.extract(...)` call reached. */
  private extractSeen: ts.CallExpression | undefined;

  /**
   * A `propagation.inject(...)` of this span's own context into a carrier, in the span's code or a helper
   * of this file it calls: the span's context travels out with a request or a message.
   */
  ownInject(): ts.CallExpression | undefined {
    if (this.span.wrapper) return undefined;
    const injects = this.outgoing((call) => (this.otelPath(call.expression) === 'propagation.inject' ? true : undefined));
    return injects.find((out) => this.contextOf(out.call.arguments[0], out.env).of === 'span')?.call;
  }

  /**
   * Does a carrier (the one an extract reads or an inject writes) belong to a message rather than to a
   * request? Read from the names along its path: the places messages keep their metadata in the catalogue
   * (`MessageAttributes`, `applicationProperties`, `properties.headers` ...), or a value named as a message.
   */
  isMessageCarrier(expr: ts.Expression | undefined): boolean {
    const names: string[] = [];
    let e: ts.Expression | undefined = expr && stripExpression(expr);
    for (let hops = 0; e && hops < 8; hops++) {
      if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
        const name = memberName(e);
        if (name !== undefined) names.push(name);
        e = stripExpression(e.expression);
      } else if (ts.isCallExpression(e)) {
        e = stripExpression(e.expression);
      } else if (ts.isIdentifier(e)) {
        names.push(e.text);
        const value = this.valueOf(e);
        e = value && value !== e ? value : undefined;
      } else e = undefined;
    }
    return names.some((n) => MESSAGE_METADATA_NAMES.has(n) || MESSAGE_NAME.test(n));
  }

  /** Does the span link to an extracted context (`links` in its options, `span.addLink(s)`)? */
  linksVerdict(): Verdict {
    const span = this.span;
    const results: Verdict[] = [span.optionsArg ? this.linksOf(span.optionsArg, TOP) : 'no'];
    for (const call of this.ownedCalls()) {
      const callee = stripExpression(call.expression);
      const method = memberName(callee);
      if ((method === 'addLink' || method === 'addLinks') && ts.isPropertyAccessExpression(callee) && this.isSpanValue(callee.expression, TOP)) {
        results.push(call.arguments[0] ? this.derivesFromExtract(call.arguments[0], TOP) : 'no');
      }
    }
    return anyVerdict(results);
  }

  private linksOf(options: ts.Expression, env: Env): Verdict {
    const e = stripExpression(options);
    if (++this.steps > MAX_STEPS) return 'unknown';
    if (isNullish(e)) return 'no';
    if (ts.isObjectLiteralExpression(e)) {
      const results: Verdict[] = [];
      for (const p of e.properties) {
        if (ts.isSpreadAssignment(p)) results.push(this.linksOf(p.expression, env));
        else if (p.name && propertyNameText(p.name) === 'links') {
          if (ts.isPropertyAssignment(p)) results.push(this.derivesFromExtract(p.initializer, env));
          else if (ts.isShorthandPropertyAssignment(p)) results.push(this.derivesFromExtract(p.name, env));
          else results.push('unknown');
        } else if (p.name && ts.isComputedPropertyName(p.name)) results.push('unknown');
      }
      return anyVerdict(results);
    }
    if (ts.isIdentifier(e)) {
      const decl = this.model.declarationOf(e);
      if (!decl || decl.getSourceFile() !== this.sf) return 'unknown';
      if (ts.isVariableDeclaration(decl) && decl.initializer) {
        const results: Verdict[] = [this.linksOf(decl.initializer, env)];
        for (const ref of this.referencesOf(decl)) {
          const parent = skipOuter(ref).parent;
          if (!parent || !ts.isPropertyAccessExpression(parent) || parent.name.text !== 'links') continue;
          const above = skipOuter(parent).parent;
          // `options.links = [...]`, `options.links.push(link)`
          if (this.isWriteTarget(parent)) results.push(this.derivesFromExtract((above as ts.BinaryExpression).right, env));
          else if (ts.isPropertyAccessExpression(above) && (above.name.text === 'push' || above.name.text === 'unshift') && ts.isCallExpression(above.parent)) {
            results.push(...above.parent.arguments.map((a) => this.derivesFromExtract(a, env)));
          }
        }
        return anyVerdict(results);
      }
      return 'unknown';
    }
    if (ts.isCallExpression(e)) {
      const fn = this.helperOf(e);
      if (!fn || env.depth >= MAX_HELPER_DEPTH) return 'unknown';
      const inner = this.helperEnv(fn, e, env);
      return anyVerdict(returnedExpressions(fn, 'omit').map((r) => this.linksOf(r, inner)));
    }
    if (ts.isConditionalExpression(e)) return anyVerdict([this.linksOf(e.whenTrue, env), this.linksOf(e.whenFalse, env)]);
    return 'unknown';
  }

  /** Does `expr` come from `propagation.extract(...)`: the context itself, a span context or link made from it? */
  derivesFromExtract(expr: ts.Expression, env: Env): Verdict {
    const e = stripExpression(expr);
    const key = `d${e.pos}:${e.end}:${env.fn?.pos ?? -1}:${env.caller?.site.pos ?? -1}`;
    if (++this.steps > MAX_STEPS || this.visiting.has(key)) return 'unknown';
    this.visiting.add(key);
    try {
      return this.derivesInner(e, env);
    } finally {
      this.visiting.delete(key);
    }
  }

  private derivesInner(e: ts.Expression, env: Env): Verdict {
    if (isNullish(e) || ts.isStringLiteralLike(e) || ts.isNumericLiteral(e) || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return 'no';
    if (ts.isCallExpression(e)) {
      const callee = stripExpression(e.expression);
      const api = this.otelPath(callee);
      if (api === 'propagation.extract') {
        this.extractSeen = e;
        return 'yes';
      }
      if (api === 'context.active') return this.activeExtracted(e, env, 0);
      // A context holding a span has that span as parent: the context it is set into does not count.
      if ((api === 'trace.setSpan' || api === 'trace.setSpanContext') && e.arguments[1]) return this.derivesFromExtract(e.arguments[1], env);
      // A span started here is a span of its own, not the extracted context (even when that is its parent).
      if (this.walk.spanCalls.has(e)) return 'no';
      if (api !== undefined) return anyVerdict(e.arguments.map((a) => this.derivesFromExtract(a, env)));
      const method = memberName(callee);
      if (method === 'spanContext' && ts.isPropertyAccessExpression(callee)) return this.derivesFromExtract(callee.expression, env);
      if ((method === 'map' || method === 'flatMap' || method === 'filter' || method === 'concat') && ts.isPropertyAccessExpression(callee)) {
        const results: Verdict[] = [this.derivesFromExtract(callee.expression, env)];
        const fn = e.arguments[0] && this.model.localFunctionOf(e.arguments[0]);
        if (fn && method !== 'filter') {
          const inner: Env = { fn, caller: { site: e, env }, depth: env.depth + 1 };
          results.push(...returnedExpressions(fn, 'omit').map((r) => this.derivesFromExtract(r, inner)));
        } else if (method === 'concat') results.push(...e.arguments.map((a) => this.derivesFromExtract(a, env)));
        else if (!fn && method !== 'filter') results.push('unknown');
        return anyVerdict(results);
      }
      const fn = this.helperOf(e);
      if (!fn || env.depth >= MAX_HELPER_DEPTH) return 'unknown';
      const inner = this.helperEnv(fn, e, env);
      return anyVerdict(returnedExpressions(fn, 'omit').map((r) => this.derivesFromExtract(r, inner)));
    }
    if (ts.isObjectLiteralExpression(e)) {
      return anyVerdict(
        e.properties.map((p) =>
          ts.isSpreadAssignment(p)
            ? this.derivesFromExtract(p.expression, env)
            : ts.isPropertyAssignment(p)
              ? this.derivesFromExtract(p.initializer, env)
              : ts.isShorthandPropertyAssignment(p)
                ? this.derivesFromExtract(p.name, env)
                : 'no',
        ),
      );
    }
    if (ts.isArrayLiteralExpression(e)) return anyVerdict(e.elements.map((el) => this.derivesFromExtract(ts.isSpreadElement(el) ? el.expression : el, env)));
    if (ts.isConditionalExpression(e)) return anyVerdict([this.derivesFromExtract(e.whenTrue, env), this.derivesFromExtract(e.whenFalse, env)]);
    if (ts.isBinaryExpression(e) && (isDefaulting(e.operatorToken.kind) || e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)) {
      return anyVerdict([this.derivesFromExtract(e.left, env), this.derivesFromExtract(e.right, env)]);
    }
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      if (this.otelPath(e) !== undefined) return 'no';
      return this.derivesFromExtract(e.expression, env);
    }
    if (ts.isIdentifier(e)) {
      if (this.otelPath(e) !== undefined) return 'no';
      if (e.text === 'undefined' && this.model.isGlobal(e)) return 'no';
      const decl = this.model.declarationOf(e);
      if (!decl || decl.getSourceFile() !== this.sf) return 'unknown';
      if (ts.isParameter(decl)) {
        const arg = argumentOf(decl, env);
        return arg === 'unknown' ? 'unknown' : arg === 'missing' ? 'no' : this.derivesFromExtract(arg.expr, arg.env);
      }
      if (ts.isBindingElement(decl)) return 'unknown';
      if (!ts.isVariableDeclaration(decl)) return 'unknown';
      const results: Verdict[] = [decl.initializer ? this.derivesFromExtract(decl.initializer, env) : 'no'];
      for (const ref of this.referencesOf(decl)) {
        const outer = skipOuter(ref);
        const parent = outer.parent;
        if (ts.isBinaryExpression(parent) && parent.left === outer && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
          results.push(this.derivesFromExtract(parent.right, env));
        } else if (ts.isPropertyAccessExpression(parent) && (parent.name.text === 'push' || parent.name.text === 'unshift') && ts.isCallExpression(parent.parent)) {
          results.push(...parent.parent.arguments.map((a) => this.derivesFromExtract(a, env)));
        }
      }
      return anyVerdict(results);
    }
    return 'unknown';
  }

  /** Is the context active at `node` one extracted from a message or request? */
  activeExtracted(node: ts.Node, env: Env, depth: number): Verdict {
    for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
      if (env.fn && n === env.fn) return env.caller ? this.activeExtracted(env.caller.site, env.caller.env, depth) : 'unknown';
      if (!isFunctionLike(n)) continue;
      const runner = this.contextWithOf(n);
      if (runner) return this.derivesFromExtract(runner, env);
      if (this.walk.spans.some((s) => s.callback === n)) return 'unknown';
      // A library calls a registered handler: nothing made a context active before it.
      if (this.walk.handlers.has(n)) return 'no';
      // Array callbacks, promise executors and continuations run in the context of the code that set them up.
      if (runsInPlace(n)) continue;
      return depth < 2 ? this.callersExtracted(n, depth) : 'unknown';
    }
    return 'no';
  }

  /** For a function of this file: is an extracted context active at every place it is called? */
  private callersExtracted(fn: ts.FunctionLikeDeclaration, depth: number): Verdict {
    let decl: ts.Declaration | undefined;
    if (ts.isFunctionDeclaration(fn) && fn.name) decl = fn;
    else if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) decl = fn.parent;
    if (!decl || isExported(decl)) return 'unknown';
    const refs = this.referencesOf(decl);
    if (refs.length === 0) return 'unknown';
    const results: Verdict[] = [];
    for (const ref of refs) {
      const outer = skipOuter(ref);
      const parent = outer.parent;
      if (!ts.isCallExpression(parent) || parent.expression !== outer) return 'unknown';
      results.push(this.activeExtracted(parent, TOP, depth + 1));
    }
    return anyVerdict(results);
  }

  // ---------------------------------------------------------------------------------------------------
  // Helpers

  /** `propagation.inject`, `context.active`, `trace.setSpan`, `ROOT_CONTEXT`: the @opentelemetry/api member an expression names. */
  otelPath(expr: ts.Expression): string | undefined {
    const e = stripExpression(expr);
    if (!ts.isIdentifier(e) && !ts.isPropertyAccessExpression(e) && !ts.isElementAccessExpression(e)) return undefined;
    const origin = this.model.originOf(e);
    return origin && origin.module === OTEL_API && !origin.called && origin.path.length ? origin.path.join('.') : undefined;
  }

  private isGlobalMember(expr: ts.Expression, object: string, member: string): boolean {
    const e = stripExpression(expr);
    return ts.isPropertyAccessExpression(e) && e.name.text === member && ts.isIdentifier(e.expression) && e.expression.text === object && this.model.isGlobal(e.expression);
  }

  /** A function of this file a call runs (not one that starts spans: its spans own its calls). */
  helperOf(call: ts.CallExpression): ts.FunctionLikeDeclaration | undefined {
    const fn = this.model.localFunctionOf(call.expression);
    if (!fn || !fn.body || (call.pos >= fn.pos && call.end <= fn.end)) return undefined;
    const body = fn.body;
    if (this.walk.spans.some((s) => s.call.pos >= body.pos && s.call.end <= body.end)) return undefined;
    return fn;
  }

  helperEnv(fn: ts.FunctionLikeDeclaration, call: ts.CallExpression, env: Env): Env {
    return { fn, args: call.arguments, caller: { site: call, env }, depth: env.depth + 1 };
  }

  /** A local `const` object literal (or an inline one) an expression is. */
  objectLiteralOf(expr: ts.Expression): ts.ObjectLiteralExpression | undefined {
    const e = this.valueOf(expr);
    return e && ts.isObjectLiteralExpression(e) ? e : undefined;
  }

  /** The expression a value is: itself, or the initializer of the local variable it names (never reassigned). */
  valueOf(expr: ts.Expression): ts.Expression | undefined {
    const e = stripExpression(expr);
    if (!ts.isIdentifier(e)) return e;
    const decl = this.model.declarationOf(e);
    if (!decl || decl.getSourceFile() !== this.sf || !ts.isVariableDeclaration(decl) || !decl.initializer || this.isReassigned(decl)) return undefined;
    return stripExpression(decl.initializer);
  }

  isReassigned(decl: ts.VariableDeclaration): boolean {
    return this.referencesOf(decl).some((r) => {
      const outer = skipOuter(r);
      const parent = outer.parent;
      return ts.isBinaryExpression(parent) && parent.left === outer && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
    });
  }

  /** The uses of a local variable, parameter or function of this file (its declaring name excluded). */
  referencesOf(decl: ts.Declaration): ts.Identifier[] {
    let refs = this.references.get(decl);
    if (refs) return refs;
    refs = [];
    const name = (decl as ts.NamedDeclaration).name;
    if (name && ts.isIdentifier(name)) {
      const scope = scopeOf(decl);
      for (const id of identifiersNamed(this.sf, name.text)) {
        if (id !== name && id.pos >= scope.pos && id.end <= scope.end && this.model.declarationOf(id) === decl) refs.push(id);
      }
    }
    this.references.set(decl, refs);
    return refs;
  }
}

/**
 * Property names that hold a message's trace context in the catalogue (where send calls carry it, where
 * message handlers read it), less the ones requests use too (`headers`) and generic ones (`data`, `opts`).
 */
const MESSAGE_METADATA_NAMES: ReadonlySet<string> = (() => {
  const names = new Set<string>();
  for (const shape of sendShapes) for (const path of shape.carriers) for (const step of path) if ('prop' in step) names.add(step.prop);
  for (const m of messageMetadata) for (const part of m.metadata.split('.')) if (/^\w+$/.test(part)) names.add(part);
  for (const generic of ['headers', 'data', 'opts', 'traceContext', 'Entries']) names.delete(generic);
  for (const shape of requestShapes) for (const step of shape.headers) if ('prop' in step) names.delete(step.prop);
  return names;
})();

/** A value named as a message (not `event`: an HTTP function's event holds a request). */
const MESSAGE_NAME = /^(message|messages|msg|msgs|record|records|job|delivery|envelope)$|Message$|Msg$|Job$/;

const IN_PLACE_METHODS = new Set(['forEach', 'map', 'flatMap', 'filter', 'reduce', 'some', 'every', 'find', 'findIndex', 'then', 'catch', 'finally']);

/** Is this function a callback that runs in the context of the code that passes it (array methods, `new Promise`, `.then`)? */
function runsInPlace(fn: ts.FunctionLikeDeclaration): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  const outer = skipOuter(fn);
  const parent = outer.parent;
  if (ts.isNewExpression(parent) && parent.arguments?.[0] === outer) {
    const cls = stripExpression(parent.expression);
    return ts.isIdentifier(cls) && cls.text === 'Promise';
  }
  if (!ts.isCallExpression(parent) || !parent.arguments.includes(outer)) return false;
  const method = memberName(stripExpression(parent.expression));
  return method !== undefined && IN_PLACE_METHODS.has(method);
}

/**
 * The value a parameter of the helper being read has: the call's argument (read where the call is), its
 * default (read in the helper), `missing` when neither is given, `unknown` when the caller is not read.
 */
function argumentOf(param: ts.ParameterDeclaration, env: Env): { expr: ts.Expression; env: Env } | 'missing' | 'unknown' {
  if (env.fn !== param.parent || !env.caller || !env.args || param.dotDotDotToken || !ts.isIdentifier(param.name)) return 'unknown';
  const index = env.fn.parameters.indexOf(param);
  if (env.args.slice(0, index + 1).some((a) => ts.isSpreadElement(a))) return 'unknown';
  const arg = env.args[index];
  if (arg) return { expr: arg, env: env.caller.env };
  return param.initializer ? { expr: param.initializer, env } : 'missing';
}

// -----------------------------------------------------------------------------------------------------
// Combining answers

function contextRank(c: ContextVerdict): number {
  return c.of === 'span' ? 2 : c.of === 'unknown' ? 1 : 0;
}

/** One of these suffices: injected if any is (the best context), unknown if any is, else absent. */
export function anyOf(results: readonly Carried[]): Carried {
  const injected = results.filter((r): r is Extract<Carried, { state: 'injected' }> => r.state === 'injected');
  if (injected.length) return injected.reduce((a, b) => (contextRank(b.context) > contextRank(a.context) ? b : a));
  return results.some((r) => r.state === 'unknown') ? UNKNOWN : ABSENT;
}

/** Every one is needed (every message sent): absent if any is, unknown if any is, else injected (the worst context). */
export function everyOf(results: readonly Carried[]): Carried {
  if (results.length === 0) return UNKNOWN;
  if (results.some((r) => r.state === 'absent')) return ABSENT;
  if (results.some((r) => r.state === 'unknown')) return UNKNOWN;
  const injected = results as Extract<Carried, { state: 'injected' }>[];
  return injected.reduce((a, b) => (contextRank(b.context) < contextRank(a.context) ? b : a));
}

/** One of these runs (branches, returns): decided only when they agree. */
export function eitherOf(results: readonly Carried[]): Carried {
  if (results.length === 0) return UNKNOWN;
  if (results.every((r) => r.state === 'absent')) return ABSENT;
  if (results.every((r) => r.state === 'injected')) return everyOf(results);
  return UNKNOWN;
}

function anyVerdict(results: readonly Verdict[]): Verdict {
  if (results.includes('yes')) return 'yes';
  return results.includes('unknown') ? 'unknown' : 'no';
}

// -----------------------------------------------------------------------------------------------------
// Syntax helpers

function isNullish(e: ts.Expression): boolean {
  return e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined') || ts.isVoidExpression(e);
}

function isDefaulting(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken;
}

/** The outermost of `(x)`, `x as T`, `x!`, `await x` around a node. */
function skipOuter(node: ts.Expression): ts.Expression {
  let n: ts.Expression = node;
  while (
    n.parent &&
    (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isNonNullExpression(n.parent) || ts.isSatisfiesExpression(n.parent) || ts.isAwaitExpression(n.parent))
  ) {
    n = n.parent;
  }
  return n;
}

/**
 * What is left of `steps` below the member path `path` of a value (`message.headers` is `['headers']`), or
 * `undefined` when the path leads elsewhere. `anyProp` takes any one name.
 */
function stepsAfter(path: readonly string[], steps: CarrierPath): CarrierPath | undefined {
  let i = 0;
  for (const name of path) {
    const s = steps[i];
    if (!s || !(('prop' in s && s.prop === name) || 'anyProp' in s)) return undefined;
    i++;
  }
  return steps.slice(i);
}

/** Is the value at these remaining steps a carrier itself (job data may be one too)? */
function isCarrierPlace(remaining: CarrierPath): boolean {
  return remaining.length === 0 || (remaining.length === 1 && 'anyProp' in remaining[0]);
}

/** Where a declaration's name can be used: its function (for parameters and `var`), block, or file. */
function scopeOf(decl: ts.Declaration): ts.Node {
  if (ts.isParameter(decl)) return decl.parent;
  if (ts.isFunctionDeclaration(decl)) return decl.parent;
  let n: ts.Node = decl.parent;
  while (n.parent && !ts.isBlock(n) && !ts.isSourceFile(n) && !isFunctionLike(n) && !ts.isModuleBlock(n) && !ts.isForStatement(n) && !ts.isForOfStatement(n) && !ts.isForInStatement(n) && !ts.isCaseBlock(n)) {
    n = n.parent;
  }
  return n;
}

function isExported(decl: ts.Declaration): boolean {
  const holder = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
  return ts.canHaveModifiers(holder) && (ts.getModifiers(holder) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

export function functionName(fn: ts.FunctionLikeDeclaration, call: ts.CallExpression, sf: ts.SourceFile): string {
  if (fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return stripExpression(call.expression).getText(sf);
}

/** `producer.send`: a short label of a call's callee. */
export function calleeLabel(call: ts.CallExpression, sf: ts.SourceFile): string {
  const text = stripExpression(call.expression).getText(sf).replace(/\s+/g, '');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// -----------------------------------------------------------------------------------------------------
// What each rule asks

/** A send or request whose carrier lacks the span's context. */
export interface PropagationProblem {
  /** No context reaches the carrier, or one that is not this span's. */
  problem: 'absent' | 'other-context';
  call: ts.CallExpression;
  label: string;
  library: string;
  /** Where the context should go: "the messages' `headers`", "`headers`". */
  field: string;
  via: string[];
  why?: Extract<ContextVerdict, { of: 'other' }>['why'];
  /** Builds the quick-fix (on demand: only code actions and --fix need it). */
  fix?: () => Fix | undefined;
}

/** The first message the span sends without its context (instrumented libraries and unknown carriers are skipped). */
export function uninjectedSend(reader: PropagationReader, facts: readonly InstrumentationFact[], fixes: FixContext): PropagationProblem | undefined {
  for (const out of reader.outgoing((c) => reader.matchSend(c))) {
    if (isInstrumented(out.shape.instrumentedBy, facts)) continue;
    const carried = anyOf(out.shape.carriers.map((path) => reader.carrierOf(out.call, path, out.env)));
    const problem = problemOf(reader, out, carried, out.shape.field, out.shape.library);
    if (!problem) continue;
    problem.fix = () => (problem.problem === 'absent' ? sendFix(reader, out, fixes) : contextFix(reader, carried, fixes));
    return problem;
  }
  return undefined;
}

/** The first request with explicit headers the span sends without its context. */
export function uninjectedRequest(reader: PropagationReader, facts: readonly InstrumentationFact[], fixes: FixContext): PropagationProblem | undefined {
  for (const out of reader.outgoing((c) => reader.matchRequest(c))) {
    if (isInstrumented(out.shape.instrumentedBy, facts)) continue;
    const headers = explicitHeaders(reader, out.call, out.shape);
    if (!headers) continue;
    const carried = reader.carrierAt(headers.value, [], out.env);
    const problem = problemOf(reader, out, carried, '`headers`', out.shape.library);
    if (!problem) continue;
    problem.fix = () => (problem.problem === 'absent' ? requestFix(reader, out, headers, fixes) : contextFix(reader, carried, fixes));
    return problem;
  }
  return undefined;
}

function problemOf(reader: PropagationReader, out: OutgoingCall<unknown>, carried: Carried, field: string, library: string): PropagationProblem | undefined {
  const base = { call: out.call, label: calleeLabel(out.call, reader.model.sourceFile), library, field, via: out.via };
  if (carried.state === 'absent') return { ...base, problem: 'absent' };
  if (carried.state === 'injected' && carried.context.of === 'other') return { ...base, problem: 'other-context', why: carried.context.why };
  return undefined;
}

/** The `headers` a request is built with, when its options are an object with that property. */
function explicitHeaders(reader: PropagationReader, call: ts.CallExpression, shape: RequestShape): { options: ts.ObjectLiteralExpression; inline: boolean; value: ts.Expression; property: ts.ObjectLiteralElementLike } | undefined {
  const [first] = shape.headers;
  const arg = first && reader.argumentAt(call, first);
  if (!arg || arg === 'unknown') return undefined;
  const options = reader.objectLiteralOf(arg);
  if (!options) return undefined;
  const index = lastIndexOfProperty(options, 'headers');
  if (index < 0 || options.properties.slice(index + 1).some(ts.isSpreadAssignment)) return undefined;
  const property = options.properties[index];
  const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
  return value && { options, inline: stripExpression(arg) === options, value, property };
}

/** Is the consumer span cut off from the message: no extracted parent, no link to it? */
export function consumerWithoutContext(reader: PropagationReader): boolean {
  const parent = reader.parentVerdict();
  if (parent !== 'no') return false;
  return reader.linksVerdict() === 'no';
}

// -----------------------------------------------------------------------------------------------------
// Quick-fixes

/** What fixes need from the file: its `@opentelemetry/api` names, computed on demand. */
export class FixContext {
  private declared?: Map<string, ts.Node[]>;
  readonly sourceFile: ts.SourceFile;

  constructor(readonly model: FileModel) {
    this.sourceFile = model.sourceFile;
  }

  /**
   * How the fix names these exports, with the import change; `undefined` when the import is half-typed or
   * a name would mean something else where it is used (a Lambda's `context` parameter).
   */
  api(wanted: readonly string[]): ApiReference | undefined {
    const ref = apiReference(this.model, wanted);
    if (ref.unavailable) return undefined;
    for (const name of wanted) {
      const root = ref.names[name].split('.')[0];
      const declared = this.declaredNames().get(root) ?? [];
      if (declared.some((d) => !ref.bindings[name] || !isOtelBinding(d))) return undefined;
    }
    return ref;
  }

  /**
   * The first of `candidates` a declaration inserted before `stmt` may take: none of that name is visible
   * there (it would be shadowed for the rest of the block) or declared in the block itself.
   */
  freeName(candidates: readonly string[], stmt: ts.Statement): string | undefined {
    // The clauses of a `switch` share one scope.
    const block = ts.isCaseClause(stmt.parent) || ts.isDefaultClause(stmt.parent) ? stmt.parent.parent : stmt.parent;
    const at = stmt.getStart(this.sourceFile);
    const clashes = (decl: ts.Node) => {
      const scope = ts.isImportSpecifier(decl) || ts.isImportClause(decl) || ts.isNamespaceImport(decl) || ts.isImportEqualsDeclaration(decl) ? this.sourceFile : scopeOf(decl as ts.Declaration);
      return (at >= scope.pos && at < scope.end) || (decl.pos >= block.pos && decl.end <= block.end);
    };
    return candidates.find((c) => !(this.declaredNames().get(c) ?? []).some(clashes));
  }

  declaredNames(): Map<string, ts.Node[]> {
    this.declared ??= declaredNamesOf(this.sourceFile);
    return this.declared;
  }
}

const declaredNameIndex = new WeakMap<ts.SourceFile, Map<string, ts.Node[]>>();

/** Every name a declaration of the file binds (variables, parameters, functions, classes, imports), with its declarations. */
function declaredNamesOf(sf: ts.SourceFile): Map<string, ts.Node[]> {
  const cached = declaredNameIndex.get(sf);
  if (cached) return cached;
  const names = new Map<string, ts.Node[]>();
  walkTree(sf, (node) => {
    if (!ts.isIdentifier(node) || !node.parent) return;
    const p = node.parent;
    const binds =
      (ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p) || ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) || ts.isClassDeclaration(p) || ts.isClassExpression(p) || ts.isEnumDeclaration(p) || ts.isImportEqualsDeclaration(p) || ts.isNamespaceImport(p) || ts.isImportClause(p) || ts.isImportSpecifier(p)) &&
      p.name === node;
    if (!binds) return;
    const list = names.get(node.text);
    if (list) list.push(p);
    else names.set(node.text, [p]);
  });
  declaredNameIndex.set(sf, names);
  return names;
}

function isOtelBinding(decl: ts.Node): boolean {
  let n: ts.Node | undefined = decl;
  while (n && !ts.isImportDeclaration(n) && !ts.isVariableDeclaration(n)) n = n.parent;
  if (!n) return false;
  if (ts.isImportDeclaration(n)) return ts.isStringLiteral(n.moduleSpecifier) && n.moduleSpecifier.text === OTEL_API;
  const init = n.initializer && stripExpression(n.initializer);
  return !!init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require' && !!init.arguments[0] && ts.isStringLiteralLike(init.arguments[0]) && init.arguments[0].text === OTEL_API;
}

/** Statements inserted before `stmt`, on their own lines at its indentation, in the file's style. */
function insertBefore(stmt: ts.Statement, lines: readonly string[], sf: ts.SourceFile): TextChange {
  const start = stmt.getStart(sf);
  const lineStart = sf.getLineStarts()[sf.getLineAndCharacterOfPosition(start).line];
  const prefix = sf.text.slice(lineStart, start);
  const separator = /^\s*$/.test(prefix) ? `${newline(sf)}${prefix}` : ' ';
  let semi = fileStyle(sf).semicolon;
  // Without semicolons, a statement starting with ( [ ` + - / would continue ours.
  if (!semi && /^[([`+\-/]/.test(sf.text.slice(start, start + 1))) semi = ';';
  return { start, end: start, newText: lines.map((l) => `${l}${semi}${separator}`).join('') };
}

/** The statement that holds `node`, in a block of the same function (not across a function boundary). */
function statementOf(node: ts.Node): ts.Statement | undefined {
  for (let n: ts.Node = node; n.parent; n = n.parent) {
    if (n !== node && isFunctionLike(n)) return undefined;
    const p = n.parent;
    if (ts.isBlock(p) || ts.isSourceFile(p) || ts.isModuleBlock(p) || ts.isCaseClause(p) || ts.isDefaultClause(p)) {
      return (p.statements as ts.NodeArray<ts.Statement>).includes(n as ts.Statement) ? (n as ts.Statement) : undefined;
    }
  }
  return undefined;
}

/** Adds `text` as the last property of an object literal, keeping its layout and trailing comma. */
function addProperty(obj: ts.ObjectLiteralExpression, text: string, sf: ts.SourceFile): TextChange | undefined {
  const props = obj.properties;
  const open = obj.getStart(sf);
  if (props.length === 0) {
    const inside = sf.text.slice(open + 1, obj.end - 1);
    return /^\s*$/.test(inside) && !inside.includes('\n') ? { start: open, end: obj.end, newText: `{ ${text} }` } : undefined;
  }
  const last = props[props.length - 1];
  const gap = props.length > 1 ? sf.text.slice(sf.text.indexOf(',', props[props.length - 2].end) + 1, last.getStart(sf)) : sf.text.slice(open + 1, props[0].getStart(sf));
  const separator = /^\s+$/.test(gap) ? (props.length > 1 || gap.includes('\n') ? gap : ' ') : ' ';
  if (props.hasTrailingComma) {
    const comma = sf.text.indexOf(',', last.end);
    if (comma < 0 || comma >= obj.end) return undefined;
    return { start: comma + 1, end: comma + 1, newText: `${separator}${text},` };
  }
  return { start: last.end, end: last.end, newText: `,${separator}${text}` };
}

function lastIndexOfProperty(obj: ts.ObjectLiteralExpression, name: string): number {
  for (let i = obj.properties.length - 1; i >= 0; i--) {
    const p = obj.properties[i];
    if (p.name && propertyNameText(p.name) === name) return i;
  }
  return -1;
}

function isTypeScriptFile(sf: ts.SourceFile): boolean {
  return /\.[cm]?tsx?$/i.test(sf.fileName);
}

/** The context text a statement inserted before `stmt` injects: `context.active()` in an active span, `trace.setSpan(...)` after `startSpan`. */
function spanContextText(reader: PropagationReader, stmt: ts.Statement, api: (names: string[]) => ApiReference | undefined): { text: string; ref: ApiReference } | undefined {
  const active = reader.activeAt(stmt, TOP);
  const span = reader.span;
  if (active.of === 'span') {
    const ref = api(['propagation', 'context']);
    return ref && { text: `${ref.names.context}.active()`, ref };
  }
  if (active.of === 'other' && active.why === 'inactive' && span.spanName && /^(this\.)?[\w$]+$/.test(span.spanName) && stmt.pos >= span.call.end) {
    const ref = api(['propagation', 'context', 'trace']);
    return ref && { text: `${ref.names.trace}.setSpan(${ref.names.context}.active(), ${span.spanName})`, ref };
  }
  return undefined;
}

/** A new carrier, the inject into it, and where it goes: the lines inserted before the send. */
function carrierLines(ref: ApiReference, context: string, variable: string, type: string, setter: string | undefined, sf: ts.SourceFile): string[] {
  const annotation = isTypeScriptFile(sf) ? `: ${type}` : '';
  return [`const ${variable}${annotation} = {}`, `${ref.names.propagation}.inject(${context}, ${variable}${setter ? `, ${setter}` : ''})`];
}

function withImport(changes: TextChange[], ref: ApiReference): TextChange[] {
  return ref.importChange ? [...changes, ref.importChange] : changes;
}

/** Puts a new carrier where the library expects it: a property of the inline message literals, or a new options argument. */
function sendFix(reader: PropagationReader, out: OutgoingCall<SendShape>, fixes: FixContext): Fix | undefined {
  const { shape, call } = out;
  const sf = reader.model.sourceFile;
  if (out.env !== TOP || !shape.fix) return undefined;
  const stmt = statementOf(call);
  if (!stmt) return undefined;
  const context = spanContextText(reader, stmt, (names) => fixes.api(names));
  if (!context) return undefined;
  const path = shape.fix.path;
  const last = path[path.length - 1];
  if (!last || !('prop' in last)) return undefined;
  const [first, ...middle] = path.slice(0, -1);
  const args = call.arguments;
  // Per target object: add the property, spread a new carrier into its literal, or inject into its local carrier.
  const plans: ({ add: ts.ObjectLiteralExpression } | { spread: ts.ObjectLiteralExpression } | { inject: string } | { argument: number })[] = [];
  if (first && 'arg' in first && args.length === first.arg && shape.fix.createArgument === first.arg && middle.length === 0 && !args.hasTrailingComma && !args.some(ts.isSpreadElement)) {
    // amqplib: `publish(exchange, key, content)` gets `{ headers }` as its options.
    plans.push({ argument: args[args.length - 1].end });
  } else {
    const targets = first ? inlineTargets(reader, call, first, middle) : undefined;
    if (!targets || targets.length === 0) return undefined;
    for (const target of targets) {
      if (target.properties.some(ts.isSpreadAssignment)) return undefined;
      const p = target.properties[lastIndexOfProperty(target, last.prop)];
      if (!p) {
        plans.push({ add: target });
        continue;
      }
      const value = ts.isPropertyAssignment(p) ? stripExpression(p.initializer) : ts.isShorthandPropertyAssignment(p) ? p.name : undefined;
      if (value && ts.isObjectLiteralExpression(value) && !value.properties.some(ts.isSpreadAssignment)) plans.push({ spread: value });
      else if (value && ts.isIdentifier(value) && isLocalObject(reader, value, stmt)) plans.push({ inject: value.text });
      else return undefined;
    }
  }
  const needsCarrier = plans.some((plan) => !('inject' in plan));
  const base = shape.variable;
  const traced = `trace${base[0].toUpperCase()}${base.slice(1)}`;
  const spreads = plans.some((plan) => 'spread' in plan);
  const variable = needsCarrier ? fixes.freeName(spreads ? [traced, base, 'carrier'] : [base, traced, 'carrier'], stmt) : undefined;
  if (needsCarrier && !variable) return undefined;
  const entry = variable === last.prop ? `${variable}` : `${last.prop}: ${variable}`;
  const changes: TextChange[] = [];
  const lines = variable ? carrierLines(context.ref, context.text, variable, shape.carrierType, shape.setter, sf) : [];
  for (const plan of plans) {
    let change: TextChange | undefined;
    if ('argument' in plan) change = { start: plan.argument, end: plan.argument, newText: `, { ${entry} }` };
    else if ('add' in plan) change = addProperty(plan.add, entry, sf);
    else if ('spread' in plan) change = addProperty(plan.spread, `...${variable}`, sf);
    else {
      const line = `${context.ref.names.propagation}.inject(${context.text}, ${plan.inject}${shape.setter ? `, ${shape.setter}` : ''})`;
      if (!lines.includes(line)) lines.push(line);
      continue;
    }
    if (!change) return undefined;
    changes.push(change);
  }
  return { title: `Inject the span's context into ${shape.field}`, changes: withImport([insertBefore(stmt, lines, sf), ...changes], context.ref), preferred: false };
}

/** A local object a fix may inject into: declared by an object literal earlier in the same function, never reassigned. */
function isLocalObject(reader: PropagationReader, id: ts.Identifier, stmt: ts.Statement): boolean {
  const decl = reader.model.declarationOf(id);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !ts.isObjectLiteralExpression(stripExpression(decl.initializer))) return false;
  const fn = enclosingFunction(stmt);
  return !!fn && enclosingFunction(decl) === fn && decl.end <= stmt.getStart(reader.model.sourceFile) && !reader.isReassigned(decl);
}

/** The inline object literals a fix path reaches from a call, or `undefined` when one is not inline. */
function inlineTargets(reader: PropagationReader, call: ts.CallExpression, first: CarrierStep, middle: CarrierPath): ts.ObjectLiteralExpression[] | undefined {
  const arg = reader.argumentAt(call, first);
  if (!arg || arg === 'unknown') return undefined;
  let current: ts.Expression[] = [stripExpression(arg)];
  for (const step of middle) {
    const next: ts.Expression[] = [];
    for (const value of current) {
      if ('prop' in step) {
        if (!ts.isObjectLiteralExpression(value) || value.properties.some(ts.isSpreadAssignment)) return undefined;
        const p = value.properties[lastIndexOfProperty(value, step.prop)];
        if (!p || !ts.isPropertyAssignment(p)) return undefined;
        next.push(stripExpression(p.initializer));
      } else if ('each' in step) {
        if (ts.isObjectLiteralExpression(value)) next.push(value);
        else if (ts.isArrayLiteralExpression(value) && !value.elements.some(ts.isSpreadElement)) next.push(...value.elements.map(stripExpression));
        else return undefined;
      } else if ('constructed' in step) {
        if (!ts.isNewExpression(value) || !value.arguments?.[step.constructed]) return undefined;
        next.push(stripExpression(value.arguments[step.constructed]));
      } else {
        return undefined;
      }
    }
    current = next;
  }
  return current.every(ts.isObjectLiteralExpression) ? current : undefined;
}

/** Injects into a request's headers: a local object gets `propagation.inject(...)` before the call; an inline one takes a new carrier's entries. */
function requestFix(reader: PropagationReader, out: OutgoingCall<RequestShape>, headers: NonNullable<ReturnType<typeof explicitHeaders>>, fixes: FixContext): Fix | undefined {
  const sf = reader.model.sourceFile;
  if (out.env !== TOP) return undefined;
  const stmt = statementOf(out.call);
  if (!stmt) return undefined;
  const context = spanContextText(reader, stmt, (names) => fixes.api(names));
  if (!context) return undefined;
  const value = stripExpression(headers.value);
  const title = "Inject the span's context into the request headers";
  if (ts.isIdentifier(value)) {
    if (!isLocalObject(reader, value, stmt)) return undefined;
    const line = `${context.ref.names.propagation}.inject(${context.text}, ${value.text})`;
    return { title, changes: withImport([insertBefore(stmt, [line], sf)], context.ref), preferred: false };
  }
  if (!ts.isObjectLiteralExpression(value) || !headers.inline || value.properties.some(ts.isSpreadAssignment)) return undefined;
  const variable = fixes.freeName(['traceHeaders', 'propagationHeaders', 'carrier'], stmt);
  if (!variable) return undefined;
  const spread = addProperty(value, `...${variable}`, sf);
  if (!spread) return undefined;
  const lines = carrierLines(context.ref, context.text, variable, 'Record<string, string>', undefined, sf);
  return { title, changes: withImport([insertBefore(stmt, lines, sf), spread], context.ref), preferred: false };
}

/** `propagation.inject(context.active(), h)` right after `startSpan`: inject the span's context instead. */
function contextFix(reader: PropagationReader, carried: Carried, fixes: FixContext): Fix | undefined {
  if (carried.state !== 'injected' || carried.env !== TOP || carried.context.of !== 'other' || carried.context.why !== 'inactive') return undefined;
  const span = reader.span;
  const arg = carried.inject.arguments[0] && stripExpression(carried.inject.arguments[0]);
  if (!arg || !ts.isCallExpression(arg) || reader.otelPath(arg.expression) !== 'context.active') return undefined;
  if (!span.spanName || !/^(this\.)?[\w$]+$/.test(span.spanName) || carried.inject.pos < span.call.end) return undefined;
  const ref = fixes.api(['trace']);
  if (!ref) return undefined;
  const sf = reader.model.sourceFile;
  const change = { start: arg.getStart(sf), end: arg.end, newText: `${ref.names.trace}.setSpan(${arg.getText(sf)}, ${span.spanName})` };
  return { title: "Inject this span's context (`trace.setSpan(context.active(), span)`)", changes: withImport([change], ref), preferred: false };
}

/** Links a consumer span to the context its message carries, when the handler's message is identifiable. */
export function consumerLinkFix(reader: PropagationReader, library: string, fixes: FixContext): Fix | undefined {
  const span = reader.span;
  const sf = reader.model.sourceFile;
  const handler = enclosingFunction(span.call);
  const meta = messageMetadata.find((m) => m.library === library);
  const options = span.optionsArg && stripExpression(span.optionsArg);
  if (!handler || !meta || !reader.walk.handlers.has(handler) || !options || !ts.isObjectLiteralExpression(options)) return undefined;
  if (lastIndexOfProperty(options, 'links') >= 0 || options.properties.some(ts.isSpreadAssignment)) return undefined;
  const message = messageTextOf(handler, meta.param, meta.member);
  const stmt = statementOf(span.call);
  if (!message || !stmt || !isUnshadowed(handler, message.split('.')[0])) return undefined;
  const ref = fixes.api(['propagation', 'ROOT_CONTEXT', 'trace']);
  const variable = fixes.freeName(['producerContext', 'messageContext', 'linkedContext'], stmt);
  if (!ref || !variable) return undefined;
  const n = ref.names;
  const extracted = `${n.propagation}.extract(${n.ROOT_CONTEXT}, ${message}${meta.metadata}${meta.getter ? `, ${meta.getter}` : ''})`;
  const links = addProperty(options, `links: ${variable} ? [{ context: ${variable} }] : []`, sf);
  if (!links) return undefined;
  const line = `const ${variable} = ${n.trace}.getSpanContext(${extracted})`;
  return { title: 'Link the span to the context the message carries', changes: withImport([insertBefore(stmt, [line], sf), links], ref), preferred: false };
}

/** Takes the parent from the request headers: `propagation.extract(context.active(), req.headers)` as the context argument. */
export function serverExtractFix(reader: PropagationReader, library: string, fixes: FixContext): Fix | undefined {
  const span = reader.span;
  const sf = reader.model.sourceFile;
  const handler = enclosingFunction(span.call);
  const meta = requestMetadata.find((m) => m.library === library);
  if (!handler || !meta || !reader.walk.handlers.has(handler) || !span.optionsArg || span.wrapper) return undefined;
  const param = handler.parameters[meta.param];
  if (!param || !ts.isIdentifier(param.name) || !isUnshadowed(handler, param.name.text)) return undefined;
  const args = span.call.arguments;
  if (args.hasTrailingComma || args.some(ts.isSpreadElement)) return undefined;
  const ref = fixes.api(['propagation', 'context']);
  if (!ref) return undefined;
  const text = `${ref.names.propagation}.extract(${ref.names.context}.active(), ${param.name.text}${meta.headers})`;
  let change: TextChange | undefined;
  if (span.api === 'startActiveSpan' && args.length === 3 && span.callback) change = { start: args[2].getStart(sf), end: args[2].getStart(sf), newText: `${text}, ` };
  else if (span.api === 'startSpan' && args.length === 2) change = { start: args[1].end, end: args[1].end, newText: `, ${text}` };
  if (!change) return undefined;
  return { title: 'Take the parent context from the request headers', changes: withImport([change], ref), preferred: false };
}

/** `message` / `payload.message` / a destructured `{ message }`: how the handler names its message. */
function messageTextOf(handler: ts.FunctionLikeDeclaration, index: number, member: string | undefined): string | undefined {
  const param = handler.parameters[index];
  if (!param) return undefined;
  if (ts.isIdentifier(param.name)) {
    if (!member) return param.name.text;
    // An identifier payload is a kafkajs eachMessage payload only when registered as `eachMessage`.
    const holder = handler.parent;
    const registeredAs = (ts.isPropertyAssignment(holder) || ts.isMethodDeclaration(handler)) && (ts.isMethodDeclaration(handler) ? handler.name : (holder as ts.PropertyAssignment).name);
    return registeredAs && propertyNameText(registeredAs) === 'eachMessage' ? `${param.name.text}.${member}` : undefined;
  }
  if (member && ts.isObjectBindingPattern(param.name)) {
    const el = param.name.elements.find((e) => !e.dotDotDotToken && propertyNameText((e.propertyName ?? e.name) as ts.PropertyName) === member);
    return el && ts.isIdentifier(el.name) ? el.name.text : undefined;
  }
  return undefined;
}

/** Does nothing inside the handler's body declare `name` again (so the parameter is what it names there)? */
function isUnshadowed(handler: ts.FunctionLikeDeclaration, name: string): boolean {
  const body = handler.body;
  if (!body) return false;
  let shadowed = false;
  walkTree(body, (node) => {
    if (ts.isIdentifier(node) && node.text === name && node.parent && (node.parent as ts.NamedDeclaration).name === node && (ts.isVariableDeclaration(node.parent) || ts.isParameter(node.parent) || ts.isBindingElement(node.parent) || ts.isFunctionDeclaration(node.parent) || ts.isClassDeclaration(node.parent))) {
      shadowed = true;
      return 'stop';
    }
  });
  return !shadowed;
}

// -----------------------------------------------------------------------------------------------------
// Words for findings

/** "`producer.send` (kafkajs)", "`publishOrder` → `producer.send` (kafkajs)". */
export function problemCallText(p: PropagationProblem): string {
  const chain = [...p.via, p.label].map((l) => `\`${l}\``).join(' → ');
  return p.library && p.library !== p.label ? `${chain} (${p.library})` : chain;
}

/** Where a wrong injected context comes from, as a phrase. */
export function contextSourceText(why: PropagationProblem['why']): string {
  switch (why) {
    case 'inactive':
      return 'the context that is active outside this span (`startSpan` does not make the span active: inject `trace.setSpan(context.active(), span)`)';
    case 'root':
      return '`ROOT_CONTEXT`, which holds no span';
    case 'extracted':
      return 'a context extracted from incoming work';
    default:
      return 'the context of another span';
  }
}

/** The evidence entry of a problem call: where the message or request leaves. */
export function problemEvidence(p: PropagationProblem, kind: SpanKindName, sf: ts.SourceFile): Evidence {
  return { kind, label: p.label, library: p.library, role: 'call', via: p.via.length ? p.via : undefined, start: p.call.getStart(sf), end: p.call.end };
}

/** Is this handler a middleware (`app.use(...)`), run before the routes of its app? */
export function isMiddleware(handler: HandlerMatch): boolean {
  return /\.use$/.test(handler.label);
}

/** Does a middleware of this file (`app.use(...)`) extract the request context, so routes may run inside it? */
export function middlewareExtracts(reader: PropagationReader): boolean {
  for (const [fn, handler] of reader.walk.handlers) {
    if (!isMiddleware(handler) || !fn.body) continue;
    if (within(reader.walk.calls, fn.body).some((c) => reader.otelPath(c.expression) === 'propagation.extract')) return true;
  }
  return false;
}
