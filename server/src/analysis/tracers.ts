// Is the receiver of `x.startSpan(...)` / `x.startActiveSpan(...)` an OpenTelemetry tracer? Real code gets
// its tracer in many ways: `trace.getTracer()` (through the API, an SDK provider, or a package that
// re-exports the API), a module of its own reached by a relative path, a path alias or a workspace
// package, a function or getter returning one, a parameter or field typed `Tracer`. Only what is known not
// to be OpenTelemetry's API is rejected: a receiver from a deny-listed package (catalogue/tracing.ts), or
// an object built with `new` (a class of the code's own with a `startSpan` method).
import ts = require('typescript');
import { moduleMatches } from '../catalogue';
import { type FileModel, enclosingClass, isFunctionLike, memberName, returnedExpressions, stripExpression } from './model';
import type { SpanCall } from './types';

type TracerMatch = SpanCall['tracerMatch'];

const MAX_DEPTH = 6;
const TRACER_NAME = /tracer$/i;
/** Calls that return a tracer: `getTracer()`, `tracer()`, `getOtelTracer()`, `this.getTracer()`. */
const TRACER_GETTER = /tracer$/i;

/** How an expression is known to be an OpenTelemetry tracer, if it is one. */
export function tracerKind(expr: ts.Expression, model: FileModel, depth = 0): TracerMatch | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = stripExpression(expr);
  if (ts.isCallExpression(e)) return tracerFromCall(e, model, depth);
  // `this.#tracer`, `this.tracer`, `otel.tracer`, `tracer`.
  let decl: ts.Declaration | undefined;
  let name: string | undefined;
  if (ts.isIdentifier(e)) {
    decl = model.declarationOf(e);
    name = e.text;
  } else if (ts.isPropertyAccessExpression(e)) {
    name = e.name.text;
    if (e.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = enclosingClass(e);
      decl = cls ? model.membersNamed(cls, name).find((m) => !ts.isMethodDeclaration(m)) : undefined;
      if (!decl && cls) {
        for (const assigned of model.thisAssignmentsOf(cls).get(name) ?? []) {
          const fromValue = tracerKind(assigned, model, depth + 1);
          if (fromValue) return fromValue;
        }
      }
    } else if (isDenied(model.originOf(e), model)) {
      return undefined;
    }
  } else {
    return undefined;
  }
  if (decl) {
    const origin = model.originOfDeclaration(decl, 0);
    if (isDenied(origin, model)) return undefined;
    // Typed `Tracer` (from the API, or from a package or module that re-exports it).
    if (origin && origin.path[origin.path.length - 1] === 'Tracer' && !origin.called) return 'type';
    if (hasTracerType(decl)) return 'type';
    // A getter (`get tracer() { return ... }`): what it returns.
    if (ts.isGetAccessorDeclaration(decl)) {
      const fromGetter = fromReturns(decl, model, depth);
      if (fromGetter) return fromGetter;
    }
    // Imported from another file of the program (a relative path, an alias, a workspace package): the
    // variable it names there.
    const target = model.importedVariable(decl);
    if (target) {
      if (isDenied(model.originOfDeclaration(target, 0), model)) return undefined;
      if (hasTracerType(target)) return 'type';
      const fromTarget = target.initializer && !ts.isNewExpression(stripExpression(target.initializer)) ? tracerKind(target.initializer, model, depth + 1) : undefined;
      if (fromTarget) return fromTarget;
    }
    const init = initializerOf(decl);
    // Tracers come from getTracer(); a constructed object (`new Profiler()`) is something else.
    if (init && ts.isNewExpression(stripExpression(init))) return undefined;
    if (init) {
      const fromValue = tracerKind(init, model, depth + 1);
      if (fromValue) return fromValue;
    }
  }
  return name && TRACER_NAME.test(name) ? 'name' : undefined;
}

/** `x.getTracer(...)`, `getTracer()`, `tracer()`, `makeTracer()`: a call that returns a tracer. */
function tracerFromCall(call: ts.CallExpression, model: FileModel, depth: number): TracerMatch | undefined {
  const callee = stripExpression(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : memberName(callee);
  const origin = model.originOf(callee);
  if (isDenied(origin, model)) return undefined;
  // Any provider's getTracer: the API's `trace`, an SDK provider, `trace.getTracerProvider()`.
  if (name === 'getTracer') return 'getTracer';
  // A function of the workspace: what it returns.
  const fn = model.functionOf(callee);
  if (fn) {
    const fromFunction = fromReturns(fn, model, depth);
    if (fromFunction) return fromFunction;
    if (fn.type && isTracerTypeNode(fn.type)) return 'type';
  }
  // A getter or thunk that cannot be read (another file, a package): by its name.
  return name && TRACER_GETTER.test(name) ? 'name' : undefined;
}

function fromReturns(fn: ts.FunctionLikeDeclaration, model: FileModel, depth: number): TracerMatch | undefined {
  if (fn.type && isTracerTypeNode(fn.type)) return 'type';
  for (const returned of returnedExpressions(fn, 'omit')) {
    const found = tracerKind(returned, model, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Is this origin a module whose tracers are not OpenTelemetry's? */
function isDenied(origin: { module: string } | null | undefined, model: FileModel): boolean {
  return !!origin && moduleMatches(model.catalogue.nonOtelTracers, origin.module);
}

/** A declaration annotated with a type named `Tracer` (`tracer: Tracer`, `api.Tracer`), whatever declares it. */
function hasTracerType(decl: ts.Declaration): boolean {
  const type = (decl as { type?: ts.TypeNode }).type;
  return !!type && !isFunctionLike(decl) && isTracerTypeNode(type);
}

function isTracerTypeNode(type: ts.TypeNode): boolean {
  if (ts.isUnionTypeNode(type)) return type.types.some(isTracerTypeNode);
  if (!ts.isTypeReferenceNode(type)) return false;
  const name = type.typeName;
  const last = ts.isIdentifier(name) ? name.text : name.right.text;
  // `Tracer`, `Promise<Tracer>` from an async factory.
  if (last === 'Tracer') return true;
  return last === 'Promise' && !!type.typeArguments?.length && isTracerTypeNode(type.typeArguments[0]);
}

function initializerOf(decl: ts.Declaration): ts.Expression | undefined {
  if (ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl) || ts.isParameter(decl)) return decl.initializer;
  return undefined;
}
