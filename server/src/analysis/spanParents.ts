// Where a span gets its parent within the process, and how the code around it is reached: the span made
// active around it (startActiveSpan, context.with), a context given explicitly (extracted, ROOT_CONTEXT), the
// handler it runs in, or a root entry (the module's top level, a scheduled job, a timer registered there).
// Pure: a file's model and walk in, plain paths out. Callers of a function are looked for in its own file
// only; what a span calls is followed forwards into the project's functions.
import ts = require('typescript');
import { familyOfHandler, type InstrumentationFact } from './instrumentation';
import {
  BUILTIN_METHODS,
  type FileModel,
  type HandlerMatch,
  enclosingClass,
  enclosingFunction,
  identifiersNamed,
  isConstDeclaration,
  isFunctionLike,
  memberName,
  stripExpression,
  walkTree,
  within,
} from './model';
import type { AnalysisProject, FileUnit } from './project';
import { spansOver } from './spanOverlap';
import type { Fix, SpanCall, SpanKindName, TextChange } from './types';

/** How many functions a path climbs through (callers of callers ...), and how many paths are kept. */
const MAX_DEPTH = 4;
const MAX_PATHS = 16;
const OTEL_API = '@opentelemetry/api';

/** A place where code starts with no incoming context: nothing can be a parent there. */
export interface RootEntry {
  kind: 'top-level' | 'main-guard' | 'scheduler' | 'root-context' | 'root-option';
  /** Where: the top-level statement, the scheduler registration, the ROOT_CONTEXT expression, `root: true`. */
  node: ts.Node;
  /** For a scheduler: its library, e.g. `node-cron`. */
  library?: string;
  /** For a scheduler: the job function it runs. */
  job?: ts.FunctionLikeDeclaration;
}

/** What gives the code its context at the end of a path. */
export type PathEnd =
  /** A span of the file made active around the code; `span` is undefined when it cannot be found. */
  | { kind: 'span'; span: SpanCall | undefined; node: ts.Node }
  /** The function is a request or message handler: its caller is the framework. */
  | { kind: 'handler'; handler: HandlerMatch; fn: ts.FunctionLikeDeclaration }
  /** A context extracted from an incoming request or message (`propagation.extract`). */
  | { kind: 'remote'; node: ts.Node }
  | { kind: 'root'; entry: RootEntry }
  /** Code we cannot follow: an exported function, a callback handed to a library, a method ... */
  | { kind: 'unknown'; node: ts.Node };

/** A function a path passes through on the way up, and the place that runs it (a call, a timer ...). */
export interface PathStep {
  fn: ts.FunctionLikeDeclaration;
  /** The call that runs it, or that hands it to a timer, `.then`, `context.with` ... */
  site: ts.Node;
  /** The function's name, when it is called (or handed on) by name. */
  name?: string;
  /** `call` for a direct call; else what runs it: `setInterval`, `.then`, `context.with`, `new Promise` ... */
  runBy: string;
}

/** "`syncRates`", "a `setInterval` callback", "a function called in place". */
export function stepLabel(step: PathStep): string {
  if (step.name) return `\`${step.name}\``;
  return step.runBy === 'call' ? 'a function called in place' : `a \`${step.runBy}\` callback`;
}

export interface ParentPath {
  end: PathEnd;
  /** Functions climbed through, innermost first. */
  steps: PathStep[];
  /** Spans started with `startSpan` (not made active) whose scope holds the code: not parents, but maybe meant to be. */
  inactiveSpans: SpanCall[];
  /** The code runs in an endless loop (`while (true)`, `for (;;)`) on the way up: a polling worker. */
  loop?: ts.Node;
}

/** The kind a span gets at run time when the source says it: the one kind set, INTERNAL when none is. */
export function effectiveKind(span: SpanCall): SpanKindName | undefined {
  const set = span.kindSet;
  if (set.state === 'absent') return 'INTERNAL';
  if (set.state !== 'known') return undefined;
  return set.kinds.every((k) => k === set.kinds[0]) ? set.kinds[0] : undefined;
}

/** The context argument a span call passes explicitly (`startSpan(name, options, ctx)`), if any. */
export function explicitContextOf(span: SpanCall): ts.Expression | undefined {
  if (span.wrapper) return undefined;
  const args = span.call.arguments;
  if (span.api === 'startSpan') return args[2];
  return args.length >= 4 ? args[2] : undefined;
}

/** `{ root: true }` in the span's options: the span ignores the active context and starts a trace. */
function rootOption(span: SpanCall): ts.Node | undefined {
  const options = span.optionsArg && !span.wrapper ? stripExpression(span.optionsArg) : undefined;
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  return options.properties.find(
    (p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'root' && stripExpression(p.initializer).kind === ts.SyntaxKind.TrueKeyword,
  );
}

/**
 * Every way a span's parent is decided: the context it is given explicitly, or else every way the code that
 * starts it is reached. An empty list never comes back: what cannot be followed ends `unknown`.
 */
export function spanParentPaths(span: SpanCall, unit: FileUnit): ParentPath[] {
  const root = rootOption(span);
  if (root) return [{ end: { kind: 'root', entry: { kind: 'root-option', node: root } }, steps: [], inactiveSpans: [] }];
  const explicit = explicitContextOf(span);
  if (explicit) {
    const ctx = classifyContext(explicit, unit, 0);
    if (ctx.kind !== 'active') return [{ end: ctx, steps: [], inactiveSpans: [] }];
  }
  return pathsTo(span.call, unit);
}

/** Every way the code at `node` is reached, each ending where its context comes from. */
export function pathsTo(node: ts.Node, unit: FileUnit): ParentPath[] {
  const out: ParentPath[] = [];
  climb(node, unit, { steps: [], inactiveSpans: [] }, new Set(), out);
  return out;
}

interface PathSoFar {
  steps: PathStep[];
  inactiveSpans: SpanCall[];
  loop?: ts.Node;
}

function finish(out: ParentPath[], sofar: PathSoFar, end: PathEnd): void {
  if (out.length < MAX_PATHS) out.push({ end, ...sofar });
  else if (!out.some((p) => p.end.kind === 'unknown')) out.push({ end: { kind: 'unknown', node: nodeOf(end) }, ...sofar });
}

function nodeOf(end: PathEnd): ts.Node {
  if (end.kind === 'root') return end.entry.node;
  if (end.kind === 'handler') return end.fn;
  return end.node;
}

/** Walks up from `node` to the function (or file) it is in, then on to whatever runs that function. */
function climb(node: ts.Node, unit: FileUnit, sofar: PathSoFar, active: Set<ts.Node>, out: ParentPath[]): void {
  let loop = sofar.loop;
  let prev: ts.Node = node;
  for (let n: ts.Node | undefined = node.parent; n; prev = n, n = n.parent) {
    if (!loop && isEndlessLoop(n, prev)) loop = n;
    // A class member's initializer runs when the class is built or instantiated: not followed.
    if (ts.isSourceFile(n) || isFunctionLike(n) || ts.isClassLike(n) || ts.isClassStaticBlockDeclaration(n)) {
      const inactive = inactiveSpansAround(node, n, unit);
      const here: PathSoFar = { steps: sofar.steps, inactiveSpans: [...sofar.inactiveSpans, ...inactive], loop };
      if (ts.isSourceFile(n)) finish(out, here, { kind: 'root', entry: topLevelEntry(prev) });
      else if (isFunctionLike(n)) invocationsOf(n, unit, here, active, out);
      else finish(out, here, { kind: 'unknown', node: n });
      return;
    }
  }
}

/** `while (true)`, `for (;;)`, `do ... while (true)` around `inner`. */
function isEndlessLoop(n: ts.Node, inner: ts.Node): boolean {
  const isTrue = (e: ts.Expression | undefined) => !e || stripExpression(e).kind === ts.SyntaxKind.TrueKeyword;
  if (ts.isWhileStatement(n) || ts.isDoStatement(n)) return n.statement === inner && isTrue(n.expression);
  if (ts.isForStatement(n)) return n.statement === inner && isTrue(n.condition);
  return false;
}

/** The `startSpan` spans (never made active) of the same function (or top level) whose open scope holds `node`. */
function inactiveSpansAround(node: ts.Node, container: ts.Node, unit: FileUnit): SpanCall[] {
  const pos = node.getStart(unit.model.sourceFile);
  const fn = isFunctionLike(container) ? container : undefined;
  return spansOver(unit.walk, pos).filter((s) => !s.callback && !s.wrapper && s.call !== node && enclosingFunction(s.call) === fn);
}

function topLevelEntry(statement: ts.Node): RootEntry {
  if (ts.isIfStatement(statement) && isMainGuard(statement.expression)) return { kind: 'main-guard', node: statement };
  return { kind: 'top-level', node: statement };
}

/** `require.main === module`, `module === require.main`, `import.meta.main`. */
function isMainGuard(expr: ts.Expression): boolean {
  const text = stripExpression(expr).getText().replace(/\s+/g, '');
  return /^(require\.main===?module|module===?require\.main|import\.meta\.main)$/.test(text);
}

/** What runs a function: the framework (a handler), a scheduler, a span's callback, or its callers in the file. */
function invocationsOf(fn: ts.FunctionLikeDeclaration, unit: FileUnit, sofar: PathSoFar, active: Set<ts.Node>, out: ParentPath[]): void {
  const handler = unit.walk.handlers.get(fn);
  if (handler) return finish(out, sofar, { kind: 'handler', handler, fn });
  const decorated = scheduledMethod(fn, unit.model);
  if (decorated) return finish(out, sofar, { kind: 'root', entry: { kind: 'scheduler', node: decorated, library: '@nestjs/schedule', job: fn } });
  if (active.has(fn) || sofar.steps.length >= MAX_DEPTH) return finish(out, sofar, { kind: 'unknown', node: fn });
  active.add(fn);
  try {
    const holder = holderOf(fn);
    if (holder) {
      const name = (holder.name as ts.Identifier).text;
      const refs = referencesOf(holder, unit.model);
      // Called from other files, or never here: whoever calls it is out of sight. Its calls here still count.
      if (isExported(holder) || refs.length === 0) finish(out, sofar, { kind: 'unknown', node: fn });
      for (const ref of refs) useSite(ref, fn, name, unit, sofar, active, out);
      return;
    }
    const member = classMemberOf(fn);
    if (member) {
      const refs = thisReferencesOf(member.cls, member.name);
      // Callable from outside the class too, unless private; and `other.name(...)` calls cannot be followed.
      if (!member.isPrivate || refs.others || refs.own.length === 0) finish(out, sofar, { kind: 'unknown', node: fn });
      for (const ref of refs.own) useSite(ref, fn, member.name, unit, sofar, active, out);
      return;
    }
    if (ts.isFunctionExpression(fn) || ts.isArrowFunction(fn)) return useSite(fn, fn, undefined, unit, sofar, active, out);
    finish(out, sofar, { kind: 'unknown', node: fn });
  } finally {
    active.delete(fn);
  }
}

/** How the function value at `ref` (a reference to it, or the function expression itself) is run. */
function useSite(
  ref: ts.Node,
  fn: ts.FunctionLikeDeclaration,
  name: string | undefined,
  unit: FileUnit,
  sofar: PathSoFar,
  active: Set<ts.Node>,
  out: ParentPath[],
): void {
  let e: ts.Node = ref;
  while (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isNonNullExpression(e.parent) || ts.isSatisfiesExpression(e.parent)) e = e.parent;
  const parent = e.parent;
  const step = (site: ts.Node, runBy: string): PathSoFar => ({ ...sofar, steps: [...sofar.steps, { fn, site, name, runBy }] });
  // `f()`, `(async () => { ... })()`, `f.call(this)`.
  if (ts.isCallExpression(parent) && parent.expression === e) return climb(parent, unit, step(parent, 'call'), active, out);
  if (ts.isPropertyAccessExpression(parent) && parent.expression === e && ['call', 'apply'].includes(parent.name.text) && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
    return climb(parent.parent, unit, step(parent.parent, 'call'), active, out);
  }
  // `f.bind(this)`: the bound function is the value handed on.
  if (ts.isPropertyAccessExpression(parent) && parent.expression === e && parent.name.text === 'bind' && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
    return useSite(parent.parent, fn, name, unit, sofar, active, out);
  }
  // `{ onTick: job }` handed to a call: the call decides.
  let holderCall: ts.Node = parent;
  let property: string | undefined;
  if ((ts.isPropertyAssignment(parent) && parent.initializer === e) || ts.isShorthandPropertyAssignment(parent)) {
    property = parent.name && ts.isIdentifier(parent.name) ? parent.name.text : undefined;
    const object = parent.parent;
    holderCall = object.parent;
    if (!ts.isObjectLiteralExpression(object) || !(ts.isCallExpression(holderCall) || ts.isNewExpression(holderCall)) || !holderCall.arguments?.includes(object)) {
      return finish(out, sofar, { kind: 'unknown', node: e });
    }
  } else if (!((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(e as ts.Expression))) {
    return finish(out, sofar, { kind: 'unknown', node: e });
  }
  const call = holderCall as ts.CallExpression | ts.NewExpression;
  const args = call.arguments ?? ts.factory.createNodeArray();
  const span = ts.isCallExpression(call) ? unit.walk.spans.find((s) => s.call === call) : undefined;
  if (span) {
    const isCallback = !property && span.callback === fn && !span.wrapper && span.api === 'startActiveSpan';
    return finish(out, sofar, isCallback ? { kind: 'span', span, node: span.call } : { kind: 'unknown', node: call });
  }
  const model = unit.model;
  const callee = stripExpression(call.expression);
  const scheduler = schedulerOf(call, model);
  if (scheduler) return finish(out, sofar, { kind: 'root', entry: { kind: 'scheduler', node: call, library: scheduler, job: fn } });
  if (property) return finish(out, sofar, { kind: 'unknown', node: call });
  // `context.with(ctx, fn)`: fn runs in ctx.
  if (ts.isCallExpression(call) && isOtelContextMember(callee, 'with', model) && args[1] === e) {
    const ctx = classifyContext(args[0], unit, 0);
    if (ctx.kind === 'active') return climb(call, unit, step(call, 'context.with'), active, out);
    return finish(out, sofar, ctx);
  }
  // Timers, promise continuations, array callbacks and `new Promise(fn)` run in the context of the place that
  // set them up (Node's context managers carry it across timers and promises).
  const timer = timerName(callee, model);
  if (timer) return climb(call, unit, step(call, timer), active, out);
  const member = memberName(callee);
  if (ts.isCallExpression(call) && member && (member === 'then' || member === 'catch' || member === 'finally')) {
    return climb(call, unit, step(call, `.${member}`), active, out);
  }
  if (ts.isCallExpression(call) && member && BUILTIN_METHODS.has(member) && !model.originOf(callee)) return climb(call, unit, step(call, `.${member}`), active, out);
  if (ts.isNewExpression(call) && ts.isIdentifier(callee) && callee.text === 'Promise' && model.isGlobal(callee)) return climb(call, unit, step(call, 'new Promise'), active, out);
  finish(out, sofar, { kind: 'unknown', node: call });
}

/** `setTimeout`, `setInterval`, `setImmediate`, `queueMicrotask`, `process.nextTick` (the globals). */
function timerName(callee: ts.Expression, model: FileModel): string | undefined {
  const global = model.globalCalleeName(callee);
  if (global && ['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask'].includes(global)) return global;
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'nextTick' && ts.isIdentifier(callee.expression) && callee.expression.text === 'process' && model.isGlobal(callee.expression)) {
    return 'process.nextTick';
  }
  return undefined;
}

/** Scheduler registrations whose callbacks are jobs: node-cron, cron, node-schedule. */
const SCHEDULERS: readonly { module: string; members: readonly string[] }[] = [
  { module: 'node-cron', members: ['schedule', 'createTask'] },
  { module: 'cron', members: ['CronJob', 'from', 'job'] },
  { module: 'node-schedule', members: ['scheduleJob', 'rescheduleJob'] },
];

function schedulerOf(call: ts.CallExpression | ts.NewExpression, model: FileModel): string | undefined {
  const origin = model.originOf(stripExpression(call.expression));
  const member = origin?.path[origin.path.length - 1];
  if (!origin || !member) return undefined;
  return SCHEDULERS.find((s) => s.module === origin.module && s.members.includes(member))?.module;
}

/** A method decorated `@Cron(...)`, `@Interval(...)` or `@Timeout(...)` from @nestjs/schedule: the decorator. */
function scheduledMethod(fn: ts.FunctionLikeDeclaration, model: FileModel): ts.Decorator | undefined {
  if (!ts.isMethodDeclaration(fn) || !ts.canHaveDecorators(fn)) return undefined;
  return ts.getDecorators(fn)?.find((d) => {
    const expr = stripExpression(d.expression);
    const origin = model.originOf(ts.isCallExpression(expr) ? expr.expression : expr);
    return origin?.module === '@nestjs/schedule' && ['Cron', 'Interval', 'Timeout'].includes(origin.path[origin.path.length - 1] ?? '');
  });
}

/** A method (or a field holding an arrow function) of a class, by name; static members and accessors are not. */
function classMemberOf(fn: ts.FunctionLikeDeclaration): { cls: ts.ClassLikeDeclaration; name: string; isPrivate: boolean } | undefined {
  let member: ts.Node = fn;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isPropertyDeclaration(fn.parent) && fn.parent.initializer === fn) member = fn.parent;
  if (!ts.isMethodDeclaration(member) && !ts.isPropertyDeclaration(member)) return undefined;
  const cls = member.parent;
  if (!ts.isClassLike(cls) || !(ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name))) return undefined;
  const modifiers = ts.getModifiers(member) ?? [];
  if (modifiers.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) return undefined;
  const isPrivate = ts.isPrivateIdentifier(member.name) || modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword);
  return { cls, name: member.name.text, isPrivate };
}

/** `this.name` in the class's own code (not in nested classes or plain functions), and whether `x.name` appears on other objects. */
function thisReferencesOf(cls: ts.ClassLikeDeclaration, name: string): { own: ts.Expression[]; others: boolean } {
  let byName = memberAccessesByClass.get(cls);
  if (!byName) {
    const index = new Map<string, { own: ts.Expression[]; others: boolean }>();
    walkTree(cls, (node) => {
      if (node !== cls && ts.isClassLike(node)) return 'skip';
      if (!ts.isPropertyAccessExpression(node)) return;
      const entry = index.get(node.name.text) ?? { own: [], others: false };
      if (node.expression.kind === ts.SyntaxKind.ThisKeyword && enclosingClass(node) === cls) entry.own.push(node);
      else entry.others = true;
      index.set(node.name.text, entry);
    });
    byName = index;
    memberAccessesByClass.set(cls, byName);
  }
  return byName.get(name) ?? { own: [], others: false };
}

const memberAccessesByClass = new WeakMap<ts.ClassLikeDeclaration, Map<string, { own: ts.Expression[]; others: boolean }>>();

/** The named declaration of a function: `function f`, `const f = () => ...`. */
function holderOf(fn: ts.FunctionLikeDeclaration): ts.FunctionDeclaration | ts.VariableDeclaration | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name ? fn : undefined;
  let e: ts.Node = fn;
  while (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isSatisfiesExpression(e.parent)) e = e.parent;
  const parent = e.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === e && ts.isIdentifier(parent.name) && isConstDeclaration(parent)) return parent;
  return undefined;
}

function isExported(holder: ts.FunctionDeclaration | ts.VariableDeclaration): boolean {
  const node = ts.isVariableDeclaration(holder) ? holder.parent.parent : holder;
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DefaultKeyword);
}


/**
 * The identifiers of the file that refer to `holder` (its own name excluded). Export lists and
 * `module.exports` uses are references too: what uses them is not a call, so the path ends unknown there.
 */
function referencesOf(holder: ts.FunctionDeclaration | ts.VariableDeclaration, model: FileModel): ts.Identifier[] {
  const name = holder.name as ts.Identifier;
  return identifiersNamed(model.sourceFile, name.text).filter((id) => {
    if (id === name) return false;
    const parent = id.parent;
    // Names of properties and members are other bindings; `export { f }` and `export default f` are uses.
    if ((ts.isPropertyAccessExpression(parent) && parent.name === id) || (ts.isPropertyAssignment(parent) && parent.name === id)) return false;
    if (ts.isExportSpecifier(parent) || ts.isExportAssignment(parent)) return true;
    return model.declarationOf(id) === holder;
  });
}

/** What a context expression is: the active one, an extracted remote one, a new root, one holding a span. */
export type ContextKind = { kind: 'active' } | Exclude<PathEnd, { kind: 'handler' }>;

/** Reads a context expression: `propagation.extract(...)`, `ROOT_CONTEXT`, `trace.setSpan(ctx, span)`, `context.active()`. */
export function classifyContext(expr: ts.Expression, unit: FileUnit, depth: number): ContextKind {
  const model = unit.model;
  const e = stripExpression(expr);
  if (depth > 6) return { kind: 'unknown', node: e };
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
    const name = ts.isIdentifier(e) ? e.text : e.name.text;
    if (name === 'ROOT_CONTEXT' && isOtelValue(e, model)) return { kind: 'root', entry: { kind: 'root-context', node: e } };
  }
  if (ts.isIdentifier(e)) {
    const decl = model.declarationOf(e);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && isConstDeclaration(decl)) return classifyContext(decl.initializer, unit, depth + 1);
    return { kind: 'unknown', node: e };
  }
  if (ts.isCallExpression(e)) {
    const callee = stripExpression(e.expression);
    if (isOtelContextMember(callee, 'active', model)) return { kind: 'active' };
    if (isPropagationExtract(callee, model)) return { kind: 'remote', node: e };
    const member = memberName(callee);
    if (member === 'deleteSpan' && isOtelValue(callee, model)) return { kind: 'root', entry: { kind: 'root-context', node: e } };
    if ((member === 'setSpan' || member === 'setSpanContext') && isOtelValue(callee, model) && e.arguments[1]) {
      if (member === 'setSpanContext') return { kind: 'unknown', node: e };
      return { kind: 'span', span: spanCallOf(e.arguments[1], unit), node: e };
    }
  }
  return { kind: 'unknown', node: e };
}

/** The span call a span expression holds: the call itself, or the `const` it was stored in. */
function spanCallOf(expr: ts.Expression, unit: FileUnit): SpanCall | undefined {
  const e = stripExpression(expr);
  if (ts.isCallExpression(e)) return unit.walk.spans.find((s) => s.call === e);
  if (!ts.isIdentifier(e)) return undefined;
  const decl = unit.model.declarationOf(e);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
  const init = stripExpression(decl.initializer);
  return unit.walk.spans.find((s) => s.call === init);
}

/** Is this an `@opentelemetry/api` value (traced by origin; by name when the origin is unknown)? */
function isOtelValue(e: ts.Expression, model: FileModel): boolean {
  const origin = model.originOf(e);
  return origin ? origin.module === OTEL_API : true;
}

/** `context.with` / `api.context.active`: a member of OpenTelemetry's `context`. */
function isOtelContextMember(callee: ts.Expression, member: string, model: FileModel): boolean {
  if (memberName(callee) !== member || !ts.isPropertyAccessExpression(callee)) return false;
  const origin = model.originOf(callee);
  if (origin) return origin.module === OTEL_API && origin.path[origin.path.length - 2] === 'context';
  return memberName(stripExpression(callee.expression)) === 'context' || stripExpression(callee.expression).getText() === 'context';
}

function isPropagationExtract(callee: ts.Expression, model: FileModel): boolean {
  if (memberName(callee) !== 'extract' || !ts.isPropertyAccessExpression(callee)) return false;
  const origin = model.originOf(callee);
  if (origin) return origin.module === OTEL_API && origin.path[origin.path.length - 2] === 'propagation';
  return /(^|\.)propagation$/.test(stripExpression(callee.expression).getText());
}

// ---------------------------------------------------------------------------------------------------------
// SERVER under SERVER

/** The SERVER span a span runs under in this process, and how it was reached. */
export interface ServerParent {
  /** The SERVER span of this file above it; undefined when the SERVER span is an instrumentation's. */
  span?: SpanCall;
  /** The handler whose entry span the instrumentation creates. */
  handler?: { match: HandlerMatch; instrumentation: InstrumentationFact };
  /** Functions climbed through, innermost first (across the INTERNAL spans in between). */
  steps: PathStep[];
  /** INTERNAL spans between the two, innermost first. */
  through: SpanCall[];
}

/**
 * The nearest SERVER span above `span` in the process: a SERVER span of the file made active around it
 * (through INTERNAL spans, callbacks and callers in the file), or the entry span an auto-instrumentation
 * creates for the handler it runs in. Paths through an extracted context or a new root are not nested.
 */
export function serverParentOf(span: SpanCall, unit: FileUnit, instrumentation: readonly InstrumentationFact[], depth = 0): ServerParent | undefined {
  for (const path of spanParentPaths(span, unit)) {
    const end = path.end;
    if (end.kind === 'span' && end.span) {
      const kind = effectiveKind(end.span);
      if (kind === 'SERVER') return { span: end.span, steps: path.steps, through: [] };
      if (kind === 'INTERNAL' && depth < MAX_DEPTH) {
        const above = serverParentOf(end.span, unit, instrumentation, depth + 1);
        if (above) return { ...above, steps: [...path.steps, ...above.steps], through: [end.span, ...above.through] };
      }
    }
    if (end.kind === 'handler' && end.handler.kind === 'SERVER') {
      const family = familyOfHandler(end.handler.library);
      const fact = family && instrumentation.find((f) => f.family === family);
      if (fact) return { handler: { match: end.handler, instrumentation: fact }, steps: path.steps, through: [] };
    }
  }
  return undefined;
}

/** A SERVER span in another file that a span's code calls while that span is active. */
export interface ServerReached {
  /** The call in the span's scope that leads to it. */
  call: ts.CallExpression;
  /** Functions called on the way, outermost first; the last one starts the span. */
  via: ts.FunctionLikeDeclaration[];
  span: SpanCall;
  unit: FileUnit;
}

const reachedByProject = new WeakMap<AnalysisProject, Map<ts.FunctionLikeDeclaration, Omit<ServerReached, 'call'>[]>>();

/**
 * SERVER spans in functions of other files (type-aware) that the active scope of `span` calls, a few calls
 * deep, with no span of their own around them. Spans of the same file are found from their side, by
 * serverParentOf, so they are left out here.
 */
export function serverSpansCalledFrom(span: SpanCall, unit: FileUnit, project: AnalysisProject): ServerReached[] {
  const body = span.callback?.body;
  if (!project.typed || !body || span.wrapper || span.api !== 'startActiveSpan') return [];
  const sf = unit.model.sourceFile;
  const found: ServerReached[] = [];
  for (const call of within(unit.walk.calls, body)) {
    if (call.getStart(sf) < body.getStart(sf) || unit.walk.spanCalls.has(call)) continue;
    const fn = unit.model.functionOf(call.expression);
    if (!fn?.body || fn.getSourceFile() === sf) continue;
    const paths = pathsTo(call, unit);
    if (!paths.length || !paths.every((p) => p.end.kind === 'span' && runsUnder(p.end.span, span, unit, 0))) continue;
    for (const hit of serverSpansIn(fn, project, 1, new Set())) found.push({ ...hit, call });
  }
  return found;
}

/** Is `s` the span `owner`, or an INTERNAL span that only ever runs under it? */
function runsUnder(s: SpanCall | undefined, owner: SpanCall, unit: FileUnit, depth: number): boolean {
  if (!s) return false;
  if (s === owner) return true;
  if (depth > MAX_DEPTH || effectiveKind(s) !== 'INTERNAL') return false;
  const paths = spanParentPaths(s, unit);
  return paths.length > 0 && paths.every((p) => p.end.kind === 'span' && runsUnder(p.end.span, owner, unit, depth + 1));
}

/** SERVER spans `fn` starts in its own body (no span around them there), or through the functions it calls. */
function serverSpansIn(fn: ts.FunctionLikeDeclaration, project: AnalysisProject, depth: number, seen: Set<ts.Node>): Omit<ServerReached, 'call'>[] {
  let byFn = reachedByProject.get(project);
  if (!byFn) reachedByProject.set(project, (byFn = new Map()));
  const cached = byFn.get(fn);
  if (cached) return cached;
  if (seen.has(fn) || !fn.body) return [];
  seen.add(fn);
  const unit = project.unitOf(fn.getSourceFile());
  const result: Omit<ServerReached, 'call'>[] = [];
  // Directly in the function: a span callback or `context.with` around it would be its enclosing function.
  for (const s of unit.walk.spans) {
    if (enclosingFunction(s.call) !== fn || effectiveKind(s) !== 'SERVER') continue;
    const explicit = explicitContextOf(s);
    if (!explicit || classifyContext(explicit, unit, 0).kind === 'active') result.push({ via: [fn], span: s, unit });
  }
  if (depth < 3) {
    for (const call of unit.walk.calls) {
      if (enclosingFunction(call) !== fn || unit.walk.spanCalls.has(call)) continue;
      const next = unit.model.functionOf(call.expression);
      if (!next?.body || next === fn) continue;
      for (const hit of serverSpansIn(next, project, depth + 1, seen)) result.push({ ...hit, via: [fn, ...hit.via] });
    }
  }
  byFn.set(fn, result);
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Trace roots

/** The root entries a span is reached from, when every way to it is one (and nothing could be its parent). */
export function rootPathsOf(span: SpanCall, unit: FileUnit): ParentPath[] | undefined {
  const paths = spanParentPaths(span, unit);
  if (!paths.length) return undefined;
  return paths.every((p) => p.end.kind === 'root' && p.inactiveSpans.length === 0) ? paths : undefined;
}

/**
 * The function whose body runs as a path's root job: the scheduler's callback, or the outermost function called
 * from the top level. None through an endless loop: a span around it would never end.
 */
export function jobFunctionOf(path: ParentPath): ts.FunctionLikeDeclaration | undefined {
  if (path.end.kind !== 'root' || path.loop) return undefined;
  const entry = path.end.entry;
  if (entry.kind === 'scheduler') return entry.job;
  if (entry.kind === 'root-context' || entry.kind === 'root-option') return undefined;
  return path.steps[path.steps.length - 1]?.fn;
}

/**
 * Wraps the body of a root job function in an INTERNAL span: `return tracer.startActiveSpan(name, async
 * (jobSpan) => { try { ... } finally { jobSpan.end(); } })`, re-indented. Only for an async function with a
 * block body written over several lines, in a file where the span's tracer is a module-level name the job
 * can see; `undefined` otherwise.
 */
export function buildParentSpanFix(span: SpanCall, job: ts.FunctionLikeDeclaration, model: FileModel): Fix | undefined {
  const sf = model.sourceFile;
  const body = job.body;
  if (!body || !ts.isBlock(body) || !body.statements.length || job.asteriskToken) return undefined;
  if (!(ts.getModifiers(job) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return undefined;
  const tracer = moduleTracerName(span, model);
  if (!tracer || usesName(job, 'jobSpan') || shadows(job, tracer)) return undefined;
  const first = body.statements[0];
  if (ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression)) return undefined;
  const text = sf.text;
  const open = body.getStart(sf);
  const close = body.end - 1;
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line;
  const starts = sf.getLineStarts();
  // `{` ends its line and `}` starts its own: the body is written over lines we can indent.
  if (text.slice(open + 1, starts[lineOf(open) + 1]).trim() !== '' || text.slice(starts[lineOf(close)], close).trim() !== '') return undefined;
  const outer = text.slice(starts[lineOf(close)], close);
  const inner = indentOf(text, starts[lineOf(first.getStart(sf))]);
  if (!inner.startsWith(outer) || inner.length === outer.length) return undefined;
  const unit = inner.slice(outer.length);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const semi = usesSemicolons(sf) ? ';' : '';
  const quote = span.nameArg && ts.isStringLiteral(span.nameArg) ? text[span.nameArg.getStart(sf)] : "'";
  const name = jobName(job, sf).replace(/[\\'"]/g, '');
  const changes: TextChange[] = [];
  changes.push({
    start: open + 1,
    end: open + 1,
    newText: `${eol}${inner}return ${tracer}.startActiveSpan(${quote}${name}${quote}, async (jobSpan) => {${eol}${inner}${unit}try {`,
  });
  const literals = multiLineLiterals(body, sf);
  for (let line = lineOf(open) + 1; line < lineOf(close); line++) {
    const at = starts[line];
    const lineText = text.slice(at, starts[line + 1] ?? text.length);
    if (lineText.trim() === '' || literals.some((r) => at > r.start && at < r.end)) continue;
    changes.push({ start: at, end: at, newText: unit + unit });
  }
  const closing = starts[lineOf(close)];
  changes.push({
    start: closing,
    end: closing,
    newText: `${inner}${unit}} finally {${eol}${inner}${unit}${unit}jobSpan.end()${semi}${eol}${inner}${unit}}${eol}${inner}})${semi}${eol}`,
  });
  return { title: `Start an INTERNAL span '${name}' around the job`, changes, preferred: false };
}

/** The tracer name of `tracer.startActiveSpan(...)`, when it is a module-level binding of the file (or an import). */
function moduleTracerName(span: SpanCall, model: FileModel): string | undefined {
  if (span.wrapper) return undefined;
  const callee = stripExpression(span.call.expression);
  const receiver = ts.isPropertyAccessExpression(callee) ? stripExpression(callee.expression) : undefined;
  if (!receiver || !ts.isIdentifier(receiver)) return undefined;
  const decl = model.declarationOf(receiver);
  if (!decl || decl.getSourceFile() !== model.sourceFile) return undefined;
  const isImport = ts.isImportSpecifier(decl) || ts.isImportClause(decl) || ts.isNamespaceImport(decl);
  let statement: ts.Node = decl;
  while (ts.isVariableDeclaration(statement) || ts.isBindingElement(statement) || ts.isObjectBindingPattern(statement) || ts.isVariableDeclarationList(statement)) statement = statement.parent;
  const isModuleVariable = statement !== decl && ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent);
  return isImport || isModuleVariable ? receiver.text : undefined;
}

/** Does `fn` use the name `name` anywhere (a binding of its own would shadow the module's, a use would clash)? */
function usesName(fn: ts.FunctionLikeDeclaration, name: string): boolean {
  let found = false;
  walkTree(fn, (node) => {
    if (ts.isIdentifier(node) && node.text === name) {
      found = true;
      return 'stop';
    }
  });
  return found;
}

/** Does `fn` declare its own binding called `name` (a parameter, a variable, a function)? */
function shadows(fn: ts.FunctionLikeDeclaration, name: string): boolean {
  let found = false;
  walkTree(fn, (node) => {
    const declared = ts.isParameter(node) || ts.isVariableDeclaration(node) || ts.isBindingElement(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node);
    if (declared && node.name && ts.isIdentifier(node.name) && node.name.text === name) {
      found = true;
      return 'stop';
    }
  });
  return found;
}

/** Ranges of literals written over several lines (any line terminator): their line starts are text, not indentation. */
function multiLineLiterals(body: ts.Node, sf: ts.SourceFile): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  walkTree(body, (node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node) || ts.isRegularExpressionLiteral(node) || ts.isJsxText(node)) {
      const start = node.getStart(sf);
      if (/[\r\n\u2028\u2029]/.test(sf.text.slice(start, node.end))) ranges.push({ start, end: node.end });
      return 'skip';
    }
  });
  return ranges;
}

function indentOf(text: string, lineStart: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

function usesSemicolons(sf: ts.SourceFile): boolean {
  let withSemi = 0;
  let without = 0;
  walkTree(sf, (node) => {
    if (ts.isExpressionStatement(node) || ts.isVariableStatement(node) || ts.isReturnStatement(node) || ts.isImportDeclaration(node)) {
      if (sf.text[node.end - 1] === ';') withSemi++;
      else without++;
    }
  });
  return withSemi >= without;
}

/** A name for the job span: the function's own name, or the file's for `main`-like and anonymous functions. */
function jobName(fn: ts.FunctionLikeDeclaration, sf: ts.SourceFile): string {
  const own = fn.name && ts.isIdentifier(fn.name) ? fn.name.text : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined;
  if (own && !/^(main|run|start|cli|program|index)$/i.test(own)) return own;
  const base = sf.fileName.split(/[\\/]/).pop() ?? 'job';
  return base.replace(/\.[^.]+$/, '');
}
