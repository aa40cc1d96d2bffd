// User-written tracing wrappers: a function that starts a span whose kind (or options) comes from its own
// parameter, e.g. `withSpan(name, kind, fn)`. Its call sites are span-creating calls: the kind is read,
// checked and fixed at the call site, and the code the span covers is the callback passed there.
import ts = require('typescript');
import { readKindSet, readKindValue } from './findSpanCalls';
import { type FileModel, propertyNameText, stripExpression, walkTree } from './model';
import type { KindSet, SpanCall, WrapperInfo } from './types';

/** The wrapper a span call makes its enclosing function, when the span's kind comes from a parameter. */
export function wrapperOf(span: SpanCall, fn: ts.FunctionLikeDeclaration | undefined): WrapperInfo | undefined {
  if (!fn || span.wrapper) return undefined;
  const params = new Map<string, ts.ParameterDeclaration>();
  fn.parameters.forEach((p) => {
    if (ts.isIdentifier(p.name)) params.set(p.name.text, p);
  });
  const indexOf = (name: string) => fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name);
  const paramNamed = (e: ts.Expression | undefined) => {
    const s = e && stripExpression(e);
    return s && ts.isIdentifier(s) && params.has(s.text) ? s.text : undefined;
  };

  let kindIndex: number | undefined;
  let optionsIndex: number | undefined;
  const options = span.optionsArg && stripExpression(span.optionsArg);
  const optionsParam = paramNamed(options);
  if (optionsParam) optionsIndex = indexOf(optionsParam);
  else if (options && ts.isObjectLiteralExpression(options)) {
    for (const prop of options.properties) {
      if (ts.isPropertyAssignment(prop) && propertyNameText(prop.name) === 'kind') {
        const p = paramNamed(prop.initializer);
        kindIndex = p ? indexOf(p) : undefined;
        optionsIndex = undefined;
      } else if (ts.isShorthandPropertyAssignment(prop) && prop.name.text === 'kind') {
        kindIndex = params.has('kind') ? indexOf('kind') : undefined;
        optionsIndex = undefined;
      } else if (ts.isSpreadAssignment(prop)) {
        const p = paramNamed(prop.expression);
        if (p) {
          optionsIndex = indexOf(p);
          kindIndex = undefined;
        }
      }
    }
  }
  if (kindIndex === undefined && optionsIndex === undefined) return undefined;

  const nameParam = paramNamed(span.nameArg);
  const callbackIndices = fn.parameters.flatMap((p, i) =>
    ts.isIdentifier(p.name) && isCalledOrPassed(p.name.text, span, fn) ? [i] : [],
  );
  const kindParam = kindIndex === undefined ? undefined : fn.parameters[kindIndex];
  return {
    name: functionDisplayName(fn),
    nameIndex: nameParam === undefined ? undefined : indexOf(nameParam),
    kindIndex,
    optionsIndex,
    kindDefault: kindParam?.initializer,
    callbackIndices,
  };
}

/** The span-creating call that a call of a wrapper is. */
export function wrapperCall(call: ts.CallExpression, wrapper: WrapperInfo, model: FileModel): SpanCall {
  const args = call.arguments;
  const at = (i: number | undefined) => (i === undefined ? undefined : args[i]);
  let kindSet: KindSet = { state: 'absent' };
  let optionsArg: ts.Expression | undefined;
  if (wrapper.optionsIndex !== undefined) {
    optionsArg = at(wrapper.optionsIndex);
    if (optionsArg) kindSet = readKindSet(optionsArg, model, 0);
  } else {
    const arg = at(wrapper.kindIndex);
    if (arg) kindSet = readKindValue(arg, model, 0, true);
    else if (wrapper.kindDefault) {
      const fromDefault = readKindValue(wrapper.kindDefault, model, 0, false);
      kindSet = fromDefault.state === 'known' ? { ...fromDefault, editable: false } : fromDefault;
    }
  }
  const callback = wrapper.callbackIndices.map((i) => args[i] && model.localFunctionOf(args[i])).find((f) => f !== undefined);
  const body = callback?.body;
  return {
    call,
    api: wrapper.name,
    tracerText: '',
    tracerMatch: 'wrapper',
    nameArg: at(wrapper.nameIndex),
    optionsArg,
    callback,
    kindSet,
    spanName: undefined,
    scope: body ? [{ start: body.getStart(model.sourceFile), end: body.end }] : [],
    scopeComplete: !!body,
    wrapper,
  };
}

/** Is parameter `name` called, or handed to another call, while the span is open? */
function isCalledOrPassed(name: string, span: SpanCall, fn: ts.FunctionLikeDeclaration): boolean {
  let found = false;
  const inScope = (n: ts.Node) => n === span.call || span.scope.some((r) => n.pos >= r.start && n.end <= r.end);
  const visit = (node: ts.Node): 'stop' | undefined => {
    if (ts.isCallExpression(node) && inScope(node)) {
      const callee = stripExpression(node.expression);
      const target = ts.isPropertyAccessExpression(callee) && ['call', 'apply'].includes(callee.name.text) ? stripExpression(callee.expression) : callee;
      if ((ts.isIdentifier(target) && target.text === name) || node.arguments.some((a) => ts.isIdentifier(stripExpression(a)) && (stripExpression(a) as ts.Identifier).text === name)) {
        found = true;
        return 'stop';
      }
    }
    return undefined;
  };
  if (fn.body) walkTree(fn.body, visit);
  return found;
}

function functionDisplayName(fn: ts.FunctionLikeDeclaration): string {
  return ownNameOf(fn) ?? 'wrapper';
}

/** The name a function is declared by (its own, or its variable's or property's); `undefined` for a nameless one. */
export function ownNameOf(fn: ts.FunctionLikeDeclaration): string | undefined {
  if (fn.name && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name))) return fn.name.text;
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  return undefined;
}
