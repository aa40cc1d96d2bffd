// What happens to a span after it starts: where it is held, where it ends, the paths that leave it open,
// whether it escapes, which calls run under its context, and kinds written after the start; with the
// edits that mend them (a try/finally, a `context.with`, the kind moved into the start options).
import ts = require('typescript');
import { readKindValue } from './findSpanCalls';
import { RangeIndex } from './spanOverlap';
import { apiReference, fileStyle, newline } from './kindFix';
import { type FileModel, enclosingFunction, hasSyntaxErrorIn, identifiersNamedIn, isFunctionLike, memberName, stripExpression, walkTree } from './model';
import { SPAN_KINDS, type Fix, type SpanCall, type SpanKindName, type TextChange, type TextRange } from './types';

/** Statements nested deeper than this are not analysed (the span is left alone). */
const MAX_DEPTH = 150;

/** Span methods that return the span itself, so a chain (`span.setStatus(s).end()`) still names it. */
const CHAINABLE = new Set(['setAttribute', 'setAttributes', 'addEvent', 'addLink', 'addLinks', 'setStatus', 'updateName']);

/** Where a span is kept: a variable of a block, or the span parameter of a startActiveSpan callback. */
export interface SpanHolder {
  /** The variable's name. */
  name: string;
  declaration: ts.VariableDeclaration | ts.ParameterDeclaration;
  /** The statements the span lives in and must end in: the variable's block, or the callback's body. */
  region: ts.Block | ts.SourceFile;
  /** The function whose code holds the span (the callback itself for startActiveSpan); none at module level. */
  owner: ts.FunctionLikeDeclaration | undefined;
  /** For startSpan: the statement that starts the span. */
  startStatement?: ts.VariableStatement;
}

/** How the code uses the span it holds. */
export interface SpanUses {
  /** `span.end()` calls in the holder's own function. */
  ends: ts.CallExpression[];
  /** `span.end()` calls in functions nested in it (callbacks), which run at a time the analysis cannot see. */
  deferredEnds: ts.CallExpression[];
  /** References that hand the span on: returned, stored, passed to code that may end it, reassigned. */
  escapes: ts.Node[];
  /** `trace.setSpan(ctx, span)` calls: the contexts that carry the span. */
  contexts: ts.CallExpression[];
}

export type LeakReason = 'return' | 'throw' | 'await' | 'jump' | 'blockEnd';

/** Why a span may stay open, when it may. */
export type Leak =
  /** `tracer.startSpan(...)` as a statement of its own: nothing holds the span. */
  | { reason: 'discarded' }
  /** No `end()` anywhere. */
  | { reason: 'never'; holder: SpanHolder | undefined }
  /** Ended only in `.then(onFulfilled)`, with no rejection handler in the chain. */
  | { reason: 'thenOnly'; holder: SpanHolder; node: ts.CallExpression }
  /** A path that leaves the span's block with the span open; `node` is where it leaves. */
  | { reason: LeakReason; holder: SpanHolder; node: ts.Node; paths: number };

const holders = new WeakMap<SpanCall, SpanHolder | 'discarded' | null>();
const usesCache = new WeakMap<SpanHolder, SpanUses>();

/** The variable or callback parameter holding the span, `discarded` for a bare `tracer.startSpan(...);`. */
export function spanHolderOf(span: SpanCall, model: FileModel): SpanHolder | 'discarded' | undefined {
  let found = holders.get(span);
  if (found === undefined) {
    found = findHolder(span) ?? null;
    // A name declared twice (half-typed or duplicated code) does not name this span everywhere: left alone.
    if (found && found !== 'discarded' && (model.declarationOf(found.declaration.name as ts.Identifier) !== found.declaration || declaredTwice(found))) found = null;
    holders.set(span, found);
  }
  return found ?? undefined;
}

/** Is the holder's name declared again beside it (its block's statements, the callback's parameters)? */
function declaredTwice(holder: SpanHolder): boolean {
  let count = 0;
  const add = (name: ts.BindingName | undefined) => {
    if (!name) return;
    if (ts.isIdentifier(name)) count += name.text === holder.name ? 1 : 0;
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) add(el.name);
  };
  for (const st of holder.region.statements) {
    if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) add(d.name);
    else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) add(st.name);
  }
  if (holder.owner && holder.owner.body === holder.region) for (const p of holder.owner.parameters) add(p.name);
  return count > 1;
}

function findHolder(span: SpanCall): SpanHolder | 'discarded' | undefined {
  if (span.wrapper || (span.api !== 'startSpan' && span.api !== 'startActiveSpan')) return undefined;
  if (span.api === 'startActiveSpan') {
    const fn = span.callback;
    const param = fn?.parameters[0];
    if (!fn || !fn.body || !ts.isBlock(fn.body) || !param || !ts.isIdentifier(param.name) || param.dotDotDotToken) return undefined;
    return { name: param.name.text, declaration: param, region: fn.body, owner: fn };
  }
  const node = outermost(span.call);
  const parent = node.parent;
  if (ts.isExpressionStatement(parent) && node === span.call) return 'discarded';
  if (!ts.isVariableDeclaration(parent) || parent.initializer !== node || !ts.isIdentifier(parent.name)) return undefined;
  const list = parent.parent;
  const statement = list.parent;
  if (!ts.isVariableDeclarationList(list) || !ts.isVariableStatement(statement)) return undefined;
  // `using` spans and declarations outside a statement list (`case` clauses) are left alone.
  const scoping = list.flags & ts.NodeFlags.BlockScoped;
  if (scoping === ts.NodeFlags.Using || scoping === ts.NodeFlags.AwaitUsing) return undefined;
  const owner = enclosingFunction(statement);
  const blockScoped = scoping !== 0;
  const region = blockScoped ? statement.parent : owner ? owner.body : statement.getSourceFile();
  if (!region || !(ts.isBlock(region) || ts.isSourceFile(region))) return undefined;
  if (owner && !isInside(statement, owner.body ?? owner)) return undefined;
  return { name: parent.name.text, declaration: parent, region, owner, startStatement: statement };
}

const referencesCache = new WeakMap<SpanHolder, ts.Identifier[]>();

/** Every reference to the held span, found by name and confirmed by the checker. */
function referencesOf(holder: SpanHolder, model: FileModel): ts.Identifier[] {
  const cached = referencesCache.get(holder);
  if (cached) return cached;
  const refs: ts.Identifier[] = [];
  const root = holder.owner?.body ?? holder.region;
  // From the file's identifier index: a module-level span's region is the whole file.
  for (const node of identifiersNamedIn(model.sourceFile, holder.name, root)) {
    if (node === holder.declaration.name) continue;
    const parent = node.parent;
    if ((ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node)) continue;
    if (model.declarationOf(node) === holder.declaration) refs.push(node);
  }
  referencesCache.set(holder, refs);
  return refs;
}

/** How the code uses a held span (cached per holder). */
export function usesOf(holder: SpanHolder, model: FileModel): SpanUses {
  let uses = usesCache.get(holder);
  if (uses) return uses;
  uses = { ends: [], deferredEnds: [], escapes: [], contexts: [] };
  for (const ref of referencesOf(holder, model)) classify(ref, holder, model, uses);
  usesCache.set(holder, uses);
  return uses;
}

/** The expression a reference stands for once `(span as any)`, `span!` and parentheses are peeled off. */
function outermost(node: ts.Expression): ts.Expression {
  let e = node;
  while (
    ts.isParenthesizedExpression(e.parent) ||
    ts.isAsExpression(e.parent) ||
    ts.isNonNullExpression(e.parent) ||
    ts.isSatisfiesExpression(e.parent) ||
    ts.isTypeAssertionExpression(e.parent)
  ) {
    e = e.parent;
  }
  return e;
}

function classify(ref: ts.Identifier, holder: SpanHolder, model: FileModel, uses: SpanUses): void {
  const node = outermost(ref);
  const parent = node.parent;
  const nested = enclosingFunction(ref) !== holder.owner;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node) {
    const member = memberName(parent);
    if (member === undefined) {
      uses.escapes.push(ref);
      return;
    }
    if (member === 'kind' && isAssignmentTarget(parent)) return;
    let access: ts.Expression = parent;
    let name = member;
    for (;;) {
      const call = access.parent;
      if (!ts.isCallExpression(call) || call.expression !== access) {
        // `span.end` handed on uncalled (`.finally(span.end.bind(span))`) may end it later.
        if (name === 'end') uses.escapes.push(ref);
        return;
      }
      if (name === 'end') {
        (nested ? uses.deferredEnds : uses.ends).push(call);
        return;
      }
      if (!CHAINABLE.has(name)) return;
      const next = call.parent;
      if ((ts.isPropertyAccessExpression(next) || ts.isElementAccessExpression(next)) && next.expression === call) {
        const nextName = memberName(next);
        if (nextName === undefined) {
          uses.escapes.push(ref);
          return;
        }
        access = next;
        name = nextName;
        continue;
      }
      // `return span.setAttribute(...)` hands the span on.
      if (!isDiscarded(call)) uses.escapes.push(ref);
      return;
    }
  }
  if (ts.isCallExpression(parent) && parent.arguments.includes(node)) {
    if (isSetSpanCall(parent, model)) {
      uses.contexts.push(parent);
      return;
    }
    if (!leavesParameterAlone(parent, parent.arguments.indexOf(node), model)) uses.escapes.push(ref);
    return;
  }
  if (isTruthinessTest(node) || ts.isTypeOfExpression(parent) || ts.isExpressionStatement(parent) || ts.isTypeQueryNode(parent)) return;
  uses.escapes.push(ref);
}

function isAssignmentTarget(node: ts.Node): boolean {
  const p = node.parent;
  return ts.isBinaryExpression(p) && p.left === node && p.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

/** Is the value of this expression thrown away (a statement of its own, `void`, the left of a comma)? */
function isDiscarded(expr: ts.Expression): boolean {
  const p = outermost(expr).parent;
  return (
    ts.isExpressionStatement(p) ||
    ts.isVoidExpression(p) ||
    (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.CommaToken && p.left === outermost(expr))
  );
}

/** `if (span)`, `!span`, `span && ...`, `span ? a : b`, `span === undefined`: a test, not a use of the value. */
function isTruthinessTest(node: ts.Expression): boolean {
  const p = node.parent;
  if ((ts.isIfStatement(p) || ts.isWhileStatement(p)) && p.expression === node) return true;
  if (ts.isPrefixUnaryExpression(p) && p.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isConditionalExpression(p) && p.condition === node) return true;
  if (ts.isBinaryExpression(p)) {
    const op = p.operatorToken.kind;
    if (p.left === node && (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken)) return true;
    return (
      op === ts.SyntaxKind.EqualsEqualsEqualsToken ||
      op === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
      op === ts.SyntaxKind.EqualsEqualsToken ||
      op === ts.SyntaxKind.ExclamationEqualsToken ||
      op === ts.SyntaxKind.InstanceOfKeyword
    );
  }
  return false;
}

/** `trace.setSpan(ctx, span)` / `api.trace.setSpan(...)`: a context holding the span. */
function isSetSpanCall(call: ts.CallExpression, model: FileModel): boolean {
  const callee = stripExpression(call.expression);
  if (memberName(callee) !== 'setSpan' && !(ts.isIdentifier(callee) && callee.text === 'setSpan')) return false;
  const origin = model.originOf(callee);
  return !origin || origin.module === '@opentelemetry/api';
}

/**
 * Does the function a call runs leave the span passed at `index` open (it only sets attributes, records an
 * exception, reads it)? Only when its body can be read; anything else may end or keep the span.
 */
function leavesParameterAlone(call: ts.CallExpression, index: number, model: FileModel): boolean {
  const fn = model.functionOf(call.expression);
  const param = fn?.parameters[index];
  const body = fn?.body;
  if (!fn || !param || !body || param.dotDotDotToken || !ts.isIdentifier(param.name) || call.arguments.slice(0, index).some(ts.isSpreadElement)) return false;
  const name = param.name.text;
  let alone = true;
  walkTree(body, (node) => {
    if (!ts.isIdentifier(node) || node.text !== name) return;
    const parent = node.parent;
    if ((ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node)) return;
    const use = outermost(node);
    const access = use.parent;
    const member = (ts.isPropertyAccessExpression(access) || ts.isElementAccessExpression(access)) && access.expression === use ? memberName(access) : undefined;
    const call = access?.parent;
    const ok =
      member !== undefined &&
      member !== 'end' &&
      (!ts.isCallExpression(call) || call.expression !== access || !CHAINABLE.has(member) || isDiscarded(call)) &&
      !isAssignmentTarget(access);
    if (!ok && !isTruthinessTest(use)) {
      alone = false;
      return 'stop';
    }
  });
  return alone;
}

// ---------------------------------------------------------------------------------------------------------
// Paths: which ways out of the span's block leave it open.

interface Exit {
  kind: 'return' | 'throw' | 'break' | 'continue';
  label?: string;
  /** The span may be open when this exit is taken. */
  open: boolean;
  node: ts.Node;
  /** For a throw: an awaited operation that rejects, not a `throw` statement. */
  awaited?: boolean;
}

interface Flow {
  /** State when the statement completes normally: may the span be open? `undefined`: it never does. */
  normal: boolean | undefined;
  exits: Exit[];
}

class TooDeep extends Error {}

/**
 * Walks the statements of the span's block, tracking whether the span may be open. The span starts open
 * (a callback) or at its start statement; `span.end()` closes it. A `return`, `throw`, `break` or
 * `continue` that leaves the block, or the block's end, with the span open is a leak. An `await` counts as
 * a `throw` path (the awaited promise may reject); a synchronous call is assumed not to throw. A `catch` is
 * taken to be reachable from anywhere in its `try`; a `finally` runs on every way out.
 */
class PathWalker {
  constructor(
    private readonly ends: ReadonlySet<ts.Node>,
    private readonly start: ts.CallExpression | undefined,
  ) {}

  run(region: ts.Block | ts.SourceFile, initiallyOpen: boolean): Flow {
    return this.list(region.statements, initiallyOpen, 0);
  }

  private list(statements: readonly ts.Statement[], open: boolean | undefined, depth: number): Flow {
    const exits: Exit[] = [];
    let state = open;
    for (const s of statements) {
      if (state === undefined) break;
      const f = this.statement(s, state, depth + 1);
      exits.push(...f.exits);
      state = f.normal;
    }
    return { normal: state, exits };
  }

  private statement(s: ts.Statement, open: boolean, depth: number): Flow {
    if (depth > MAX_DEPTH) throw new TooDeep();
    if (ts.isBlock(s)) return this.list(s.statements, open, depth);
    if (ts.isReturnStatement(s) || ts.isThrowStatement(s)) {
      const e = this.effects(s.expression, open);
      const kind = ts.isReturnStatement(s) ? 'return' : 'throw';
      return { normal: undefined, exits: [...e.exits, { kind, open: e.open, node: s }] };
    }
    if (ts.isBreakStatement(s) || ts.isContinueStatement(s)) {
      return { normal: undefined, exits: [{ kind: ts.isBreakStatement(s) ? 'break' : 'continue', label: s.label?.text, open, node: s }] };
    }
    if (ts.isIfStatement(s)) {
      const c = this.effects(s.expression, open);
      const a = this.statement(s.thenStatement, c.open, depth + 1);
      const b = s.elseStatement ? this.statement(s.elseStatement, c.open, depth + 1) : { normal: c.open, exits: [] };
      return { normal: join(a.normal, b.normal), exits: [...c.exits, ...a.exits, ...b.exits] };
    }
    if (ts.isIterationStatement(s, false)) return this.loop(s, open, undefined, depth);
    if (ts.isLabeledStatement(s)) {
      const label = s.label.text;
      const inner = ts.isIterationStatement(s.statement, false) ? this.loop(s.statement, open, label, depth + 1) : this.statement(s.statement, open, depth + 1);
      const breaks = inner.exits.filter((x) => x.kind === 'break' && x.label === label);
      return { normal: join(inner.normal, ...breaks.map((x) => x.open)), exits: inner.exits.filter((x) => !breaks.includes(x)) };
    }
    if (ts.isSwitchStatement(s)) return this.switchStatement(s, open, depth);
    if (ts.isTryStatement(s)) return this.tryStatement(s, open, depth);
    if (ts.isWithStatement(s)) {
      const c = this.effects(s.expression, open);
      const body = this.statement(s.statement, c.open, depth + 1);
      return { normal: body.normal, exits: [...c.exits, ...body.exits] };
    }
    if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isModuleDeclaration(s)) {
      return { normal: open, exits: [] };
    }
    const e = this.effects(s, open);
    return { normal: e.open, exits: e.exits };
  }

  private loop(s: ts.IterationStatement, open: boolean, label: string | undefined, depth: number): Flow {
    const exits: Exit[] = [];
    let state = open;
    const head = (expr: ts.Node | undefined) => {
      const e = this.effects(expr, state);
      exits.push(...e.exits);
      state = e.open;
    };
    let infinite = false;
    if (ts.isForStatement(s)) {
      head(s.initializer);
      head(s.condition);
      infinite = !s.condition || s.condition.kind === ts.SyntaxKind.TrueKeyword;
    } else if (ts.isForOfStatement(s) || ts.isForInStatement(s)) {
      head(s.expression);
      // `for await` may reject on any iteration.
      if (ts.isForOfStatement(s) && s.awaitModifier && state) exits.push({ kind: 'throw', open: true, node: s, awaited: true });
    } else if (ts.isWhileStatement(s)) {
      head(s.expression);
      infinite = s.expression.kind === ts.SyntaxKind.TrueKeyword;
    } else if (ts.isDoStatement(s)) {
      infinite = s.expression.kind === ts.SyntaxKind.TrueKeyword;
    }
    // The span only goes from open to ended, so the state entering the first iteration covers every later one.
    const body = this.statement(s.statement, state, depth + 1);
    const mine = (x: Exit) => (x.kind === 'break' || x.kind === 'continue') && (x.label === undefined || x.label === label);
    const breaks = body.exits.filter((x) => mine(x) && x.kind === 'break').map((x) => x.open);
    const continues = body.exits.filter((x) => mine(x) && x.kind === 'continue').map((x) => x.open);
    exits.push(...body.exits.filter((x) => !mine(x)));
    let normal: boolean | undefined;
    if (ts.isDoStatement(s)) {
      const afterBody = join(body.normal, ...continues);
      const cond = afterBody === undefined ? { open: undefined, exits: [] } : this.effects(s.expression, afterBody);
      exits.push(...cond.exits);
      normal = infinite ? join(...breaks) : join(cond.open, ...breaks);
    } else {
      normal = infinite ? join(...breaks) : join(state, body.normal, ...continues, ...breaks);
    }
    return { normal, exits };
  }

  private switchStatement(s: ts.SwitchStatement, open: boolean, depth: number): Flow {
    const c = this.effects(s.expression, open);
    const exits: Exit[] = [...c.exits];
    let fall: boolean | undefined;
    let hasDefault = false;
    for (const clause of s.caseBlock.clauses) {
      if (ts.isDefaultClause(clause)) hasDefault = true;
      const f = this.list(clause.statements, join(c.open, fall), depth + 1);
      exits.push(...f.exits);
      fall = f.normal;
    }
    const breaks = exits.filter((x) => x.kind === 'break' && x.label === undefined);
    return { normal: join(fall, hasDefault ? undefined : c.open, ...breaks.map((x) => x.open)), exits: exits.filter((x) => !breaks.includes(x)) };
  }

  private tryStatement(s: ts.TryStatement, open: boolean, depth: number): Flow {
    const t = this.statement(s.tryBlock, open, depth + 1);
    type Pending = { normal: true; open: boolean } | (Exit & { normal?: false });
    const pending: Pending[] = [];
    if (t.normal !== undefined) pending.push({ normal: true, open: t.normal });
    if (s.catchClause) {
      const throws = t.exits.filter((x) => x.kind === 'throw');
      pending.push(...t.exits.filter((x) => x.kind !== 'throw'));
      // Anything in the try may throw into the catch: it is entered in any state the try passes through.
      const entry = join(open, t.normal, ...throws.map((x) => x.open)) ?? open;
      const c = this.statement(s.catchClause.block, entry, depth + 1);
      if (c.normal !== undefined) pending.push({ normal: true, open: c.normal });
      pending.push(...c.exits);
    } else {
      pending.push(...t.exits);
    }
    if (!s.finallyBlock) {
      const normals = pending.filter((p): p is { normal: true; open: boolean } => p.normal === true);
      return { normal: normals.length ? join(...normals.map((p) => p.open)) : undefined, exits: pending.filter((p): p is Exit => p.normal !== true) };
    }
    const whenOpen = this.statement(s.finallyBlock, true, depth + 1);
    const whenEnded = this.statement(s.finallyBlock, false, depth + 1);
    const exits: Exit[] = [];
    const normals: boolean[] = [];
    let usedOpen = false;
    let usedEnded = false;
    for (const p of pending) {
      const f = p.open ? whenOpen : whenEnded;
      if (p.open) usedOpen = true;
      else usedEnded = true;
      // A finally that does not complete replaces the completion that entered it.
      if (f.normal === undefined) continue;
      if (p.normal === true) normals.push(f.normal);
      else exits.push({ ...p, open: f.normal });
    }
    if (usedOpen) exits.push(...whenOpen.exits);
    if (usedEnded) exits.push(...whenEnded.exits);
    return { normal: normals.length ? join(...normals) : undefined, exits };
  }

  /**
   * What evaluating an expression (or a simple statement) does: the span starts at its start call, ends at
   * an `end()` call, and an `await` while it is open is a way out (a rejection). Events are ordered by where
   * they complete; nested functions run later and are skipped.
   */
  private effects(node: ts.Node | undefined, open: boolean): { open: boolean; exits: Exit[] } {
    if (!node) return { open, exits: [] };
    const events: { at: number; kind: 'start' | 'end' | 'await'; node: ts.Node }[] = [];
    walkTree(node, (n) => {
      if (n !== node && isFunctionLike(n)) return 'skip';
      if (ts.isClassLike(n) && n !== node) return 'skip';
      if (n === this.start) events.push({ at: n.end, kind: 'start', node: n });
      else if (this.ends.has(n)) events.push({ at: n.end, kind: 'end', node: n });
      else if (ts.isAwaitExpression(n) && !isSettled(n.expression)) events.push({ at: n.end, kind: 'await', node: n });
    });
    if (!events.length) return { open, exits: [] };
    events.sort((a, b) => a.at - b.at);
    const exits: Exit[] = [];
    let state = open;
    for (const ev of events) {
      if (ev.kind === 'start') state = true;
      else if (ev.kind === 'end') state = false;
      else if (state) exits.push({ kind: 'throw', open: true, node: ev.node, awaited: true });
    }
    return { open: state, exits };
  }
}

/** `await 0`, `await x` of a literal: nothing that can reject. */
function isSettled(expr: ts.Expression): boolean {
  const e = stripExpression(expr);
  return ts.isLiteralExpression(e) || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || e.kind === ts.SyntaxKind.NullKeyword;
}

function join(...states: (boolean | undefined)[]): boolean | undefined {
  let result: boolean | undefined;
  for (const s of states) if (s !== undefined) result = (result ?? false) || s;
  return result;
}

/**
 * The first way the span may stay open, or `undefined` when every path ends it or it escapes (returned,
 * stored, handed to code that may end it, ended in a callback that runs later).
 */
export function findLeak(span: SpanCall, model: FileModel): Leak | undefined {
  let found = leakCache.get(span);
  if (found === undefined) {
    found = computeLeak(span, model) ?? null;
    leakCache.set(span, found);
  }
  return found ?? undefined;
}

const leakCache = new WeakMap<SpanCall, Leak | null>();

function computeLeak(span: SpanCall, model: FileModel): Leak | undefined {
  const holder = spanHolderOf(span, model);
  if (holder === 'discarded') return { reason: 'discarded' };
  if (!holder) return endsNowhere(span, model.sourceFile) ? { reason: 'never', holder: undefined } : undefined;
  // Code being typed: its recovered tree says nothing reliable about paths.
  if (hasSyntaxErrorIn(model.sourceFile, (holder.owner ?? holder.region).pos, (holder.owner ?? holder.region).end)) return undefined;
  const uses = usesOf(holder, model);
  if (uses.escapes.length) return undefined;
  if (uses.deferredEnds.length) {
    if (uses.ends.length) return undefined;
    const thenOnly = uses.deferredEnds.map(thenWithoutRejection);
    return thenOnly.every((c) => c !== undefined) ? { reason: 'thenOnly', holder, node: thenOnly[0]! } : undefined;
  }
  if (!uses.ends.length) return { reason: 'never', holder };
  let flow: Flow;
  try {
    flow = new PathWalker(new Set(uses.ends), holder.startStatement ? span.call : undefined).run(holder.region, !holder.startStatement);
  } catch (e) {
    if (e instanceof TooDeep) return undefined;
    throw e;
  }
  const leaks: { reason: LeakReason; node: ts.Node }[] = flow.exits
    .filter((x) => x.open)
    .map((x) => ({ reason: x.awaited ? 'await' : x.kind === 'return' || x.kind === 'throw' ? x.kind : 'jump', node: x.node }));
  if (flow.normal) leaks.push({ reason: 'blockEnd', node: holder.region });
  if (!leaks.length) return undefined;
  const sf = model.sourceFile;
  const at = (l: { reason: LeakReason; node: ts.Node }) => (l.reason === 'blockEnd' ? l.node.end : l.node.getStart(sf));
  // A path that always leaks (a return, a throw) is named before one that leaks only when a promise rejects.
  leaks.sort((a, b) => Number(a.reason === 'await') - Number(b.reason === 'await') || at(a) - at(b));
  return { reason: leaks[0].reason, holder, node: leaks[0].node, paths: new Set(leaks.map((l) => l.node)).size };
}

/**
 * A startActiveSpan callback that takes no span parameter and neither reaches the span through
 * `trace.getActiveSpan()` nor calls any `.end()`: nothing can end its span.
 */
function endsNowhere(span: SpanCall, sf: ts.SourceFile): boolean {
  const fn = span.callback;
  if (span.wrapper || span.api !== 'startActiveSpan' || !fn || fn.parameters.length || !fn.body || !ts.isBlock(fn.body)) return false;
  return !/getActiveSpan|\.end\s*\(|\barguments\b/.test(sf.text.slice(fn.body.pos, fn.body.end));
}

/**
 * For an `end()` in the `onFulfilled` callback of `.then(fn)`: that `.then` call, when nothing in its chain
 * handles a rejection (no `.catch`, `.finally` or second `.then` argument).
 */
function thenWithoutRejection(end: ts.CallExpression): ts.CallExpression | undefined {
  const fn = enclosingFunction(end);
  const call = fn?.parent;
  if (!fn || !call || !ts.isCallExpression(call) || call.arguments[0] !== fn || call.arguments.length !== 1 || memberName(stripExpression(call.expression)) !== 'then') return undefined;
  // The whole chain: down through the receivers, up through the calls made on the result.
  let top: ts.Expression = call;
  for (;;) {
    const p = top.parent;
    if (ts.isParenthesizedExpression(p)) top = p;
    else if (ts.isPropertyAccessExpression(p) && p.expression === top && ts.isCallExpression(p.parent) && p.parent.expression === p) top = p.parent;
    else break;
  }
  let handled = false;
  let e: ts.Expression = top;
  for (;;) {
    e = stripExpression(e);
    if (!ts.isCallExpression(e)) break;
    const member = memberName(stripExpression(e.expression));
    if (member === 'catch' || member === 'finally' || (member === 'then' && e.arguments.length > 1)) handled = true;
    const callee = stripExpression(e.expression);
    if (!ts.isPropertyAccessExpression(callee)) break;
    e = callee.expression;
  }
  // With no `end()` outside callbacks, a rejection nobody handles in the chain leaves the span open, caught or not.
  return handled ? undefined : call;
}

function isInside(node: ts.Node, container: ts.Node): boolean {
  return node.pos >= container.pos && node.end <= container.end;
}

// ---------------------------------------------------------------------------------------------------------
// The try/finally fix.

/** The statements a try/finally fix would wrap: after the span's start to the end of its block, or the callback's body. */
function wrappedStatements(leak: Leak): { region: ts.Block; startIndex: number; wrapped: readonly ts.Statement[] } | undefined {
  if (leak.reason === 'discarded' || leak.reason === 'thenOnly' || !leak.holder) return undefined;
  const holder = leak.holder;
  const region = holder.region;
  if (!ts.isBlock(region)) return undefined;
  const startIndex = holder.startStatement ? region.statements.indexOf(holder.startStatement) : -1;
  if (holder.startStatement && startIndex < 0) return undefined;
  const wrapped = region.statements.slice(startIndex + 1);
  return wrapped.length ? { region, startIndex, wrapped } : undefined;
}

/**
 * Wraps the code after the span's start (startSpan), or the whole callback body (startActiveSpan), in
 * `try { ... } finally { span.end(); }`, re-indented one level; a try/catch that is all of that code gains
 * the finally instead. `span.end()` statements the finally takes over are removed where that changes
 * nothing: the last statement, or one followed by a `return` or `throw` of a plain value. `undefined` when
 * the layout or scoping makes the wrap unsafe. The edits are insertions at line starts and whole-line
 * deletions, so other fixes inside the wrapped code (a `kind:`, a `context.with`) combine with it. Not
 * preferred when the wrap of another leaking span of `others` meets this one: one fix-all could not apply both.
 */
export function tryFinallyFix(leak: Leak, model: FileModel, wrapsMeet: (leak: Leak) => boolean = () => false): Fix | undefined {
  const target = wrappedStatements(leak);
  if (!target || leak.reason === 'discarded' || !leak.holder) return undefined;
  const holder = leak.holder;
  const { region, startIndex, wrapped } = target;
  const sf = model.sourceFile;
  const text = sf.text;
  // A leak inside the start statement itself (an await after the call) would stay outside the try.
  if (holder.startStatement && leak.reason !== 'never' && leak.reason !== 'blockEnd' && isInside(leak.node, holder.startStatement)) return undefined;
  const first = wrapped[0];
  const last = wrapped[wrapped.length - 1];
  // The block's closing brace opens a line of its own, after the wrapped code.
  const closeBrace = region.end - 1;
  const closeLine = lineStartAt(sf, closeBrace);
  if (text[closeBrace] !== '}' || !/^[ \t]*$/.test(text.slice(closeLine, closeBrace)) || lineOf(sf, closeBrace) <= lineOf(sf, last.end)) return undefined;
  if (!startsLine(sf, first.getStart(sf))) return undefined;
  if (!declarationsStayVisible(wrapped, region.statements.slice(0, startIndex + 1), model)) return undefined;

  const nl = newline(sf);
  const ind = indentAt(text, lineStartAt(sf, first.getStart(sf)));
  if (!ind) return undefined;
  const unit = indentUnit(sf, region, ind);
  const uses = usesOf(holder, model);
  const endStatements = uses.ends.map(endStatementOf).filter((st): st is ts.ExpressionStatement => !!st);
  const semi = endStatements.length ? (text[endStatements[0].end - 1] === ';' ? ';' : '') : fileStyle(sf).semicolon;
  const alone = !wrapsMeet(leak);
  // `try { ... } catch { ... }` is all that follows: it gains the finally.
  const onlyTry = wrapped.length === 1 && ts.isTryStatement(first) && first.catchClause && !first.finallyBlock ? first : undefined;
  if (onlyTry) {
    const fix = finallyForTry(onlyTry, holder, endStatements, semi, unit, model);
    return fix && { ...fix, preferred: fix.preferred && alone };
  }
  const removed = endStatements.filter((st) => aloneOnLine(sf, st) && isRemovableEnd(st, wrapped, region) && (st !== last || wrapped.length > 1));

  const changes: TextChange[] = [];
  const removedLines: [number, number][] = [];
  for (const st of removed) {
    const start = lineStartAt(sf, st.getStart(sf));
    const end = nextLineStart(sf, st.end);
    removedLines.push([start, end]);
    changes.push({ start, end, newText: '' });
  }
  // Comments between the start and the first statement move into the try with it.
  const firstLine = firstContentLineAfter(sf, holder.startStatement ? holder.startStatement.end : region.getStart(sf) + 1, first.getStart(sf));
  if (!indentAt(text, firstLine)) return undefined;
  const commentsDone = new Set<number>();
  // The lines from the first wrapped one to the closing brace's, without a walk over the file's lines.
  const lineStarts = sf.getLineStarts();
  for (let line = sf.getLineAndCharacterOfPosition(firstLine).line; line < lineStarts.length && lineStarts[line] < closeLine; line++) {
    const lineStart = lineStarts[line];
    if (lineStart < firstLine) continue;
    if (removedLines.some(([a, b]) => lineStart >= a && lineStart < b)) continue;
    if (!restOfLine(text, lineStart).trim()) continue;
    const where = positionKind(sf, lineStart);
    if (lineStart === firstLine) {
      if (where.kind !== 'code') return undefined;
      changes.push({ start: lineStart, end: lineStart, newText: `${ind}try {${nl}${unit}` });
    } else if (where.kind === 'code') {
      changes.push({ start: lineStart, end: lineStart, newText: unit });
    } else if (where.kind === 'comment' && !commentsDone.has(where.start)) {
      // A comment spanning lines: its inner lines move with it, in one change over the whole comment.
      commentsDone.add(where.start);
      changes.push({ start: where.start, end: where.end, newText: reindentComment(text.slice(where.start, where.end), unit) });
    }
  }
  changes.push({ start: closeLine, end: closeLine, newText: `${ind}} finally {${nl}${ind}${unit}${holder.name}.end()${semi}${nl}${ind}}${nl}` });
  changes.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < changes.length; i++) if (changes[i].start < changes[i - 1].end) return undefined;
  return {
    title: `End \`${holder.name}\` in a finally block`,
    changes,
    // Certain when the finally takes over every end() and nothing returned keeps running after it.
    preferred: alone && removed.length === uses.ends.length && !returnsUnfinishedWork(wrapped),
  };
}

/**
 * For the leaks of a file's spans: does the try/finally wrap of one of them meet the wrap of another? An
 * index over their wraps answers each in the time of what overlaps it (not a pass over every leak).
 */
export function otherWrapsMeet(leaks: readonly Leak[]): (leak: Leak) => boolean {
  const wraps: { range: TextRange; owner: number }[] = [];
  leaks.forEach((leak, owner) => {
    const range = wrapRange(leak);
    if (range) wraps.push({ range, owner });
  });
  const index = new RangeIndex(wraps);
  const owners = new Map(leaks.map((leak, i) => [leak, i]));
  return (leak) => {
    const range = wrapRange(leak);
    if (!range) return false;
    const own = owners.get(leak);
    const meeting = new Set<number>();
    index.meeting(range.start, range.end, meeting);
    for (const i of meeting) if (i !== own) return true;
    return false;
  };
}

/** The text a leak's try/finally would wrap. */
function wrapRange(leak: Leak): TextRange | undefined {
  const target = wrappedStatements(leak);
  return target && { start: target.wrapped[0].pos, end: target.region.end };
}


/** Adds `finally { span.end(); }` to a try/catch, removing the `span.end();` statements it takes over. */
function finallyForTry(
  tryStatement: ts.TryStatement,
  holder: SpanHolder,
  endStatements: readonly ts.ExpressionStatement[],
  semi: string,
  unit: string,
  model: FileModel,
): Fix | undefined {
  const sf = model.sourceFile;
  const catchClause = tryStatement.catchClause!;
  const nl = newline(sf);
  const ind = indentAt(sf.text, lineStartAt(sf, tryStatement.getStart(sf)));
  const removed = endStatements.filter(
    (st) => aloneOnLine(sf, st) && (isRemovableEnd(st, tryStatement.tryBlock.statements, tryStatement.tryBlock) || isRemovableEnd(st, catchClause.block.statements, catchClause.block)),
  );
  const changes: TextChange[] = removed.map((st) => ({ start: lineStartAt(sf, st.getStart(sf)), end: nextLineStart(sf, st.end), newText: '' }));
  changes.push({ start: catchClause.end, end: catchClause.end, newText: ` finally {${nl}${ind}${unit}${holder.name}.end()${semi}${nl}${ind}}` });
  const uses = usesOf(holder, model);
  return { title: `End \`${holder.name}\` in a finally block`, changes, preferred: removed.length === uses.ends.length && !returnsUnfinishedWork([tryStatement]) };
}

/** The `span.end();` statement a call is, if it is one. */
function endStatementOf(call: ts.CallExpression): ts.ExpressionStatement | undefined {
  const p = outermost(call).parent;
  return ts.isExpressionStatement(p) && call.arguments.length === 0 ? p : undefined;
}

/**
 * Can this `span.end();` go once a finally ends the span? When nothing runs between it and leaving the
 * block: it is the last wrapped statement, or the next statement returns or throws a plain value with no
 * `try` in between (whose catch or finally would run first).
 */
function isRemovableEnd(st: ts.ExpressionStatement, wrapped: readonly ts.Statement[], region: ts.Block): boolean {
  if (st === wrapped[wrapped.length - 1]) return true;
  for (let n: ts.Node = st.parent; n !== region; n = n.parent) if (!n || isFunctionLike(n) || ts.isTryStatement(n) || ts.isCatchClause(n)) return false;
  const parent = st.parent;
  if (!ts.isBlock(parent) && !ts.isCaseClause(parent) && !ts.isDefaultClause(parent)) return false;
  const next = parent.statements[parent.statements.indexOf(st) + 1];
  if (!next || !(ts.isReturnStatement(next) || ts.isThrowStatement(next))) return false;
  return !next.expression || isPlainValue(next.expression);
}

/** A value whose evaluation runs no code of note: names, literals, members, `new Error(...)` of those. */
function isPlainValue(expr: ts.Expression): boolean {
  let plain = true;
  walkTree(expr, (n) => {
    if (ts.isCallExpression(n) || ts.isAwaitExpression(n) || ts.isYieldExpression(n) || ts.isTaggedTemplateExpression(n) || isFunctionLike(n)) {
      plain = false;
      return 'stop';
    }
    if (ts.isNewExpression(n) && !(ts.isIdentifier(n.expression) && /Error$/.test(n.expression.text))) {
      plain = false;
      return 'stop';
    }
  });
  return plain;
}

/** Does the code return a promise it does not await (the finally would end the span before it settles)? */
function returnsUnfinishedWork(statements: readonly ts.Statement[]): boolean {
  let found = false;
  for (const s of statements) {
    walkTree(s, (n) => {
      if (isFunctionLike(n) || ts.isClassLike(n)) return 'skip';
      if (ts.isReturnStatement(n) && n.expression && !ts.isAwaitExpression(stripParens(n.expression)) && !isPlainValue(n.expression)) {
        found = true;
        return 'stop';
      }
    });
    if (found) break;
  }
  return found;
}

function stripParens(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

/** Names declared by the wrapped statements must not be used before them (hoisted functions, closures). */
function declarationsStayVisible(wrapped: readonly ts.Statement[], before: readonly ts.Statement[], model: FileModel): boolean {
  const declared = new Set<ts.Node>();
  const names = new Set<string>();
  for (const st of wrapped) {
    if (ts.isVariableStatement(st) && st.declarationList.flags & ts.NodeFlags.BlockScoped) {
      for (const d of st.declarationList.declarations) collectBindings(d.name, declared, names);
    } else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) {
      declared.add(st);
      names.add(st.name.text);
    }
  }
  if (!names.size) return true;
  let visible = true;
  for (const st of before) {
    walkTree(st, (n) => {
      if (ts.isIdentifier(n) && names.has(n.text)) {
        const decl = model.declarationOf(n);
        if (decl && declared.has(decl)) {
          visible = false;
          return 'stop';
        }
      }
    });
    if (!visible) break;
  }
  return visible;
}

/** The declarations a binding name makes (what the checker answers for their references). */
function collectBindings(name: ts.BindingName, declared: Set<ts.Node>, names: Set<string>): void {
  if (ts.isIdentifier(name)) {
    declared.add(name.parent);
    names.add(name.text);
    return;
  }
  for (const el of name.elements) if (!ts.isOmittedExpression(el)) collectBindings(el.name, declared, names);
}

// ---------------------------------------------------------------------------------------------------------
// Context: which calls run while the span is the active span.

/** The OpenTelemetry `context` object: `context`, `api.context`, an alias. */
function isContextApi(expr: ts.Expression, model: FileModel): boolean {
  const e = stripExpression(expr);
  const origin = model.originOf(e);
  if (origin) return origin.module === '@opentelemetry/api' && origin.path[origin.path.length - 1] === 'context';
  return (ts.isIdentifier(e) && e.text === 'context') || memberName(e) === 'context';
}

/** Is `expr` a context that holds the span: `trace.setSpan(ctx, span)`, or a variable set to one? */
function holdsSpan(expr: ts.Expression, holder: SpanHolder, model: FileModel, depth = 0): boolean {
  const e = stripExpression(expr);
  if (ts.isCallExpression(e)) {
    if (isSetSpanCall(e, model)) return !!e.arguments[1] && isReferenceTo(e.arguments[1], holder, model);
    // `trace.setSpanContext(ctx, span.spanContext())`
    if (memberName(stripExpression(e.expression)) === 'setSpanContext' && e.arguments[1]) {
      const inner = stripExpression(e.arguments[1]);
      return ts.isCallExpression(inner) && memberName(stripExpression(inner.expression)) === 'spanContext' && isReferenceTo((stripExpression(inner.expression) as ts.PropertyAccessExpression).expression, holder, model);
    }
    return false;
  }
  if (ts.isIdentifier(e) && depth < 3) {
    const decl = model.declarationOf(e);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) return holdsSpan(decl.initializer, holder, model, depth + 1);
  }
  return false;
}

function isReferenceTo(expr: ts.Expression, holder: SpanHolder, model: FileModel): boolean {
  const e = stripExpression(expr);
  return ts.isIdentifier(e) && e.text === holder.name && model.declarationOf(e) === holder.declaration;
}

/**
 * Does `node` (an outbound call in the span) run with the span as the active span, or take its context:
 * inside `context.with(<span's context>, fn)` (or `context.bind`), given that context as an argument, or
 * given a carrier the span's context was injected into (`propagation.inject(trace.setSpan(..., span), headers)`)?
 */
export function runsInSpanContext(node: ts.Node, holder: SpanHolder, model: FileModel): boolean {
  const stop = holder.owner ?? holder.region;
  for (let n: ts.Node = node; n && n !== stop; n = n.parent) {
    const call = n.parent;
    if (isFunctionLike(n) && call && ts.isCallExpression(call) && call.arguments[1] === outermost(n as ts.Expression)) {
      const callee = stripExpression(call.expression);
      const member = memberName(callee);
      if ((member === 'with' || member === 'bind') && ts.isPropertyAccessExpression(callee) && isContextApi(callee.expression, model) && holdsSpan(call.arguments[0], holder, model)) {
        return true;
      }
    }
  }
  if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return false;
  const carriers = injectedCarriers(holder, model);
  let given = false;
  for (const arg of node.arguments ?? []) {
    walkTree(arg, (n) => {
      if (ts.isCallExpression(n) && holdsSpan(n, holder, model)) given = true;
      else if (ts.isIdentifier(n)) {
        const decl = model.declarationOf(n);
        if (decl && (carriers.has(decl) || (ts.isVariableDeclaration(decl) && decl.initializer && holdsSpan(decl.initializer, holder, model)))) given = true;
      }
      if (given) return 'stop';
    });
    if (given) return true;
  }
  return false;
}

/** Variables the span's context is injected into: `propagation.inject(<span's context>, headers)`. */
const carriersCache = new WeakMap<SpanHolder, Set<ts.Declaration>>();

function injectedCarriers(holder: SpanHolder, model: FileModel): Set<ts.Declaration> {
  const cached = carriersCache.get(holder);
  if (cached) return cached;
  const carriers = new Set<ts.Declaration>();
  carriersCache.set(holder, carriers);
  const uses = usesOf(holder, model);
  for (const setSpan of uses.contexts) {
    // The context is built in place (`inject(trace.setSpan(...), headers)`) or kept in a variable first.
    let ctx: ts.Expression = outermost(setSpan);
    const declared = ctx.parent;
    const targets: ts.Expression[] = [ctx];
    if (ts.isVariableDeclaration(declared) && ts.isIdentifier(declared.name)) {
      const root = holder.owner?.body ?? holder.region;
      walkTree(root, (n) => {
        if (ts.isIdentifier(n) && n.text === (declared.name as ts.Identifier).text && n !== declared.name && model.declarationOf(n) === declared) targets.push(n);
      });
    }
    for (const t of targets) {
      ctx = outermost(t);
      const call = ctx.parent;
      if (!ts.isCallExpression(call) || call.arguments[0] !== ctx || memberName(stripExpression(call.expression)) !== 'inject') continue;
      const carrier = call.arguments[1] && stripExpression(call.arguments[1]);
      const decl = carrier && ts.isIdentifier(carrier) ? model.declarationOf(carrier) : undefined;
      if (decl) carriers.add(decl);
    }
  }
  return carriers;
}

/**
 * Runs each call under the span's context: `fetch(url)` becomes
 * `context.with(trace.setSpan(context.active(), span), () => fetch(url))`, with `context` and `trace` taken
 * from (or added to) the file's `@opentelemetry/api` import. `undefined` when a call cannot be wrapped as
 * one expression (it awaits inside its arguments, continues an optional chain) or the names are taken.
 */
export function contextWrapFix(holder: SpanHolder, calls: readonly ts.Node[], model: FileModel): Fix | undefined {
  if (!calls.length) return undefined;
  const sf = model.sourceFile;
  const ref = apiReference(model, ['context', 'trace']);
  if (ref.unavailable) return undefined;
  const changes: TextChange[] = [];
  for (const call of calls) {
    if (!canWrap(call)) return undefined;
    if (!['context', 'trace'].every((name) => namesBindingAt(ref.names[name], ref.bindings[name], call))) return undefined;
    // The span's own name must reach the call (a callback parameter of the same name would shadow it).
    if (!namesBindingAt(holder.name, holder.declaration, call)) return undefined;
    const ctx = ref.names.context;
    // Two insertions around the call, not a replacement of it: edits of other fixes inside a multi-line call
    // (the lines a try/finally re-indents) stay compatible.
    changes.push({ start: call.getStart(sf), end: call.getStart(sf), newText: `${ctx}.with(${ref.names.trace}.setSpan(${ctx}.active(), ${holder.name}), () => ` });
    changes.push({ start: call.end, end: call.end, newText: ')' });
  }
  // Calls inside one another's arguments would interleave their insertions.
  const nested = calls.some((a) => calls.some((b) => a !== b && a.getStart(sf) <= b.getStart(sf) && b.end <= a.end));
  if (nested) return undefined;
  if (ref.importChange) changes.push(ref.importChange);
  const label = calls.length === 1 ? `\`${calleeText(calls[0], sf)}\`` : 'the outbound calls';
  return { title: `Run ${label} in the span's context`, changes, preferred: true };
}

/** A short label for a call: its callee, e.g. `fetch`, `this.pool.query`. */
export function calleeText(node: ts.Node, sf: ts.SourceFile): string {
  const callee = ts.isCallExpression(node) ? node.expression : ts.isTaggedTemplateExpression(node) ? node.tag : node;
  const text = stripExpression(callee as ts.Expression).getText(sf).replace(/\s+/g, '');
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function canWrap(node: ts.Node): boolean {
  if (!ts.isCallExpression(node) && !ts.isTaggedTemplateExpression(node)) return false;
  // `a?.b(x).c`: wrapping `a?.b(x)` would change what the chain short-circuits.
  const parent = node.parent;
  if ((node.flags & ts.NodeFlags.OptionalChain) !== 0 && (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent)) && parent.expression === node) return false;
  let ok = true;
  walkTree(node, (n) => {
    if (n !== node && isFunctionLike(n)) return 'skip';
    if (ts.isAwaitExpression(n) || ts.isYieldExpression(n)) {
      ok = false;
      return 'stop';
    }
  });
  return ok;
}

/**
 * Does `text` (`context`, `api.context`) name the import binding at `node`? Its first name must resolve to
 * that binding there; for a name the import change will add, nothing of this file may bind it already.
 */
function namesBindingAt(text: string, binding: ts.Declaration | undefined, node: ts.Node): boolean {
  const found = bindingAt(text.split('.')[0], node);
  return binding ? found === binding : found === undefined;
}

/**
 * The declaration a name resolves to at `node`, looked up through the enclosing scopes of this file
 * (parameters, block and function declarations, `var`s, catch variables, loop variables, imports);
 * `undefined` when the file does not bind it.
 */
function bindingAt(name: string, node: ts.Node): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (bindingName: ts.BindingName | undefined, decl: ts.Node) => {
    if (found || !bindingName) return;
    if (ts.isIdentifier(bindingName)) {
      if (bindingName.text === name) found = decl;
    } else {
      for (const el of bindingName.elements) if (!ts.isOmittedExpression(el)) visit(el.name, ts.isIdentifier(el.name) ? el : decl);
    }
  };
  for (let n: ts.Node | undefined = node.parent; n && !found; n = n.parent) {
    if (ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n)) found = statementBindings(n, [n.statements]).get(name);
    else if (ts.isCaseBlock(n)) found = statementBindings(n, n.clauses.map((clause) => clause.statements)).get(name);
    else if (ts.isCatchClause(n) && n.variableDeclaration) visit(n.variableDeclaration.name, n.variableDeclaration);
    else if ((ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n)) && n.initializer && ts.isVariableDeclarationList(n.initializer)) {
      for (const d of n.initializer.declarations) visit(d.name, d);
    } else if (isFunctionLike(n) || ts.isClassExpression(n)) {
      if (ts.isFunctionExpression(n) || ts.isClassExpression(n)) visit(n.name, n);
      if (isFunctionLike(n)) {
        for (const p of n.parameters) visit(p.name, p);
        // `var` anywhere in the body belongs to the function.
        if (!found && n.body) {
          walkTree(n.body, (inner) => {
            if (inner !== n.body && isFunctionLike(inner)) return 'skip';
            if (ts.isVariableDeclarationList(inner) && !(inner.flags & ts.NodeFlags.BlockScoped)) for (const d of inner.declarations) visit(d.name, d);
            if (found) return 'stop';
          });
        }
      }
    }
  }
  return found;
}

/** Per statement list's owner (a block, the file, a module block, a case block): the names its statements declare. */
const declaredInStatements = new WeakMap<ts.Node, Map<string, ts.Node>>();

/**
 * The names the statements of `owner` declare (variables, functions, classes, enums, imports), each with its
 * first declaration; read once per owner, so that looking a name up costs no walk over the file's statements.
 */
function statementBindings(owner: ts.Node, lists: readonly (readonly ts.Statement[])[]): ReadonlyMap<string, ts.Node> {
  let names = declaredInStatements.get(owner);
  if (names) return names;
  const into = (names = new Map<string, ts.Node>());
  const add = (bindingName: ts.BindingName | undefined, decl: ts.Node): void => {
    if (!bindingName) return;
    if (ts.isIdentifier(bindingName)) {
      if (!into.has(bindingName.text)) into.set(bindingName.text, decl);
    } else {
      for (const el of bindingName.elements) if (!ts.isOmittedExpression(el)) add(el.name, ts.isIdentifier(el.name) ? el : decl);
    }
  };
  for (const statements of lists) {
    for (const st of statements) {
      if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) add(d.name, d);
      else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) && st.name) add(st.name, st);
      else if (ts.isImportDeclaration(st) && st.importClause) {
        const clause = st.importClause;
        if (clause.name) add(clause.name, clause);
        const named = clause.namedBindings;
        if (named && ts.isNamespaceImport(named)) add(named.name, named);
        else if (named) for (const el of named.elements) add(el.name, el);
      } else if (ts.isImportEqualsDeclaration(st)) add(st.name, st);
    }
  }
  declaredInStatements.set(owner, names);
  return names;
}

// ---------------------------------------------------------------------------------------------------------
// Kinds written after the start.

/** A kind written anywhere but the start options' `kind`. */
export interface LateKind {
  form: 'assignment' | 'attribute';
  /** Where the finding sits: `span.kind`, the `'span.kind'` key. */
  anchor: ts.Node;
  /** Source text of what was written, e.g. `span.kind = SpanKind.CLIENT`. */
  text: string;
  /** The kind written, when it is one known kind (`SpanKind.CLIENT`, `2`, `'client'`). */
  kind: SpanKindName | undefined;
  /** In the start options' `attributes`. */
  atStart: boolean;
  /** What deleting it removes, when that is safe: a whole statement, or one property of an object. */
  removal: { statement: ts.Statement } | { property: ts.ObjectLiteralElementLike; object: ts.ObjectLiteralExpression } | undefined;
  /** Runs every time the span does (not behind a condition or in a callback). */
  unconditional: boolean;
}

const SPAN_KIND_ATTRIBUTE = 'span.kind';
const lateCache = new WeakMap<SpanCall, LateKind[]>();

/** `span.kind = ...`, `span.setAttribute('span.kind', ...)`, `attributes: { 'span.kind': ... }` for this span. */
export function lateKindsOf(span: SpanCall, model: FileModel): LateKind[] {
  let found = lateCache.get(span);
  if (!found) {
    found = findLateKinds(span, model);
    lateCache.set(span, found);
  }
  return found;
}

function findLateKinds(span: SpanCall, model: FileModel): LateKind[] {
  if (span.wrapper) return [];
  const sf = model.sourceFile;
  const result: LateKind[] = [];
  const options = span.optionsArg && stripExpression(span.optionsArg);
  if (options && ts.isObjectLiteralExpression(options)) {
    for (const prop of options.properties) {
      if (!ts.isPropertyAssignment(prop) || propertyText(prop.name, model) !== 'attributes') continue;
      const attrs = stripExpression(prop.initializer);
      if (!ts.isObjectLiteralExpression(attrs)) continue;
      for (const entry of attrs.properties) {
        if (!ts.isPropertyAssignment(entry) || propertyText(entry.name, model) !== SPAN_KIND_ATTRIBUTE) continue;
        result.push({
          form: 'attribute',
          anchor: entry.name,
          text: entry.getText(sf),
          kind: kindOfValue(entry.initializer, model),
          atStart: true,
          removal: { property: entry, object: attrs },
          unconditional: true,
        });
      }
    }
  }
  const holder = spanHolderOf(span, model);
  if (!holder || holder === 'discarded') return result;
  for (const ref of referencesOf(holder, model)) {
    const node = outermost(ref);
    const access = node.parent;
    if (!(ts.isPropertyAccessExpression(access) || ts.isElementAccessExpression(access)) || access.expression !== node) continue;
    const member = memberName(access);
    const unconditional = runsUnconditionally(access, holder);
    if (member === 'kind' && isAssignmentTarget(access)) {
      const assignment = access.parent as ts.BinaryExpression;
      const statement = assignment.parent;
      result.push({
        form: 'assignment',
        anchor: access,
        text: assignment.getText(sf),
        kind: kindOfValue(assignment.right, model),
        atStart: false,
        removal: ts.isExpressionStatement(statement) && isInStatementList(statement) ? { statement } : undefined,
        unconditional,
      });
      continue;
    }
    const call = access.parent;
    if (!ts.isCallExpression(call) || call.expression !== access) continue;
    const statement = call.parent;
    const whole = ts.isExpressionStatement(statement) && isInStatementList(statement) ? statement : undefined;
    if (member === 'setAttribute' && call.arguments[0] && model.staticString(call.arguments[0]) === SPAN_KIND_ATTRIBUTE) {
      result.push({
        form: 'attribute',
        anchor: call.arguments[0],
        text: call.getText(sf),
        kind: call.arguments[1] ? kindOfValue(call.arguments[1], model) : undefined,
        atStart: false,
        removal: whole ? { statement: whole } : undefined,
        unconditional,
      });
    } else if (member === 'setAttributes' && call.arguments[0]) {
      const attrs = stripExpression(call.arguments[0]);
      if (!ts.isObjectLiteralExpression(attrs)) continue;
      for (const entry of attrs.properties) {
        if (!ts.isPropertyAssignment(entry) || propertyText(entry.name, model) !== SPAN_KIND_ATTRIBUTE) continue;
        const only = attrs.properties.length === 1;
        result.push({
          form: 'attribute',
          anchor: entry.name,
          text: entry.getText(sf),
          kind: kindOfValue(entry.initializer, model),
          atStart: false,
          removal: only ? (whole ? { statement: whole } : undefined) : { property: entry, object: attrs },
          unconditional,
        });
      }
    }
  }
  return result.sort((a, b) => a.anchor.getStart(sf) - b.anchor.getStart(sf));
}

/** `'span.kind'`, `[SPAN_KIND]`, `kind`: the static text of a property name. */
function propertyText(name: ts.PropertyName, model: FileModel): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) return model.staticString(name.expression);
  return undefined;
}

/** `SpanKind.CLIENT`, `2`, `'client'`, `'SERVER'`: the one kind a value names. */
function kindOfValue(value: ts.Expression, model: FileModel): SpanKindName | undefined {
  const set = readKindValue(value, model, 0, false);
  if (set.state === 'known') return set.kinds.length === 1 ? set.kinds[0] : undefined;
  const text = model.staticString(value)?.toUpperCase();
  return text && (SPAN_KINDS as readonly string[]).includes(text) ? (text as SpanKindName) : undefined;
}

function isInStatementList(s: ts.Statement): boolean {
  const p = s.parent;
  return ts.isBlock(p) || ts.isSourceFile(p) || ts.isCaseClause(p) || ts.isDefaultClause(p) || ts.isModuleBlock(p);
}

/** Does the node run whenever the span's block runs: only plain and `try` blocks between them? */
function runsUnconditionally(node: ts.Node, holder: SpanHolder): boolean {
  let n: ts.Node = node;
  while (!ts.isExpressionStatement(n)) {
    if (isFunctionLike(n) || ts.isSourceFile(n) || ts.isBlock(n)) return false;
    const p = n.parent;
    // `a && (span.kind = ...)`, `x ? ... : ...`: conditional.
    if (ts.isConditionalExpression(p) || (ts.isBinaryExpression(p) && p.operatorToken.kind !== ts.SyntaxKind.EqualsToken && p.operatorToken.kind !== ts.SyntaxKind.CommaToken)) return false;
    n = p;
  }
  for (let b: ts.Node = n.parent; ; b = b.parent) {
    if (b === holder.region) return !holder.startStatement || n.pos > holder.startStatement.pos;
    if (!ts.isBlock(b)) return false;
    const p = b.parent;
    if (ts.isBlock(p) || p === holder.region) continue;
    if (!(ts.isTryStatement(p) && p.tryBlock === b)) return false;
    b = p;
  }
}

/**
 * The change that removes a late kind: a statement on its own line goes with its line (and the comment ending
 * it); a property goes with its comma; the only property leaves an empty object.
 */
export function lateKindRemoval(late: LateKind, model: FileModel): TextChange | undefined {
  const sf = model.sourceFile;
  const text = sf.text;
  const r = late.removal;
  if (!r) return undefined;
  if ('statement' in r) {
    const s = r.statement;
    // A statement on its own line goes with its line, and with the comment that ends the line (which is about it).
    if (startsLine(sf, s.getStart(sf)) && /^[ \t]*(\/\/.*)?$/.test(restOfLine(text, s.end))) return { start: lineStartAt(sf, s.getStart(sf)), end: nextLineStart(sf, s.end), newText: '' };
    let end = s.end;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    return { start: s.getStart(sf), end, newText: '' };
  }
  return removeProperty(r.property, r.object, sf);
}

/** Removes one property of an object literal with its separator, keeping the object's layout. */
function removeProperty(prop: ts.ObjectLiteralElementLike, object: ts.ObjectLiteralExpression, sf: ts.SourceFile): TextChange | undefined {
  const text = sf.text;
  const list = object.properties;
  const i = list.indexOf(prop);
  if (i < 0) return undefined;
  const start = prop.getStart(sf);
  if (list.length === 1) {
    const open = object.getStart(sf);
    if (text[open] !== '{' || text[object.end - 1] !== '}') return undefined;
    const inner = text.slice(open + 1, object.end - 1);
    return { start: open + 1, end: object.end - 1, newText: /[\r\n]/.test(inner) ? newline(sf) + indentAt(text, lineStartAt(sf, open)) : '' };
  }
  const isLast = i === list.length - 1;
  const comma = !isLast || list.hasTrailingComma ? text.indexOf(',', prop.end) : -1;
  if (startsLine(sf, start) && /^[ \t]*$/.test(restOfLine(text, comma >= 0 ? comma + 1 : prop.end))) {
    if (comma >= 0) return { start: lineStartAt(sf, start), end: nextLineStart(sf, comma), newText: '' };
    // The last property, on its own line, without a trailing comma: the comma before it goes too.
    const before = text.indexOf(',', list[i - 1].end);
    if (before < 0 || before > start) return undefined;
    return { start: before, end: prop.end, newText: '' };
  }
  if (!isLast) return { start, end: list[i + 1].getStart(sf), newText: '' };
  return { start: list[i - 1].end, end: prop.end, newText: '' };
}

// ---------------------------------------------------------------------------------------------------------
// Text and layout helpers.

function lineOf(sf: ts.SourceFile, pos: number): number {
  return sf.getLineAndCharacterOfPosition(pos).line;
}

function lineStartAt(sf: ts.SourceFile, pos: number): number {
  return sf.getLineStarts()[lineOf(sf, pos)];
}

function nextLineStart(sf: ts.SourceFile, pos: number): number {
  const starts = sf.getLineStarts();
  return starts[lineOf(sf, pos) + 1] ?? sf.text.length;
}

/** The position of the line break ending the line that holds `pos` (or the end of the text). */
function lineEndAt(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r' && text[i] !== '\u2028' && text[i] !== '\u2029') i++;
  return i;
}

function restOfLine(text: string, pos: number): string {
  return text.slice(pos, lineEndAt(text, pos));
}

function indentAt(text: string, lineStart: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart, lineEndAt(text, lineStart)))![0];
}

function startsLine(sf: ts.SourceFile, pos: number): boolean {
  return /^[ \t]*$/.test(sf.text.slice(lineStartAt(sf, pos), pos));
}

/** Alone on its lines: only indentation before it, nothing after it on its last line. */
function aloneOnLine(sf: ts.SourceFile, node: ts.Node): boolean {
  return startsLine(sf, node.getStart(sf)) && /^[ \t]*$/.test(restOfLine(sf.text, node.end));
}

/** The start of the first line after `from` that holds anything, at most the line of `limit`. */
function firstContentLineAfter(sf: ts.SourceFile, from: number, limit: number): number {
  const starts = sf.getLineStarts();
  for (let line = lineOf(sf, from) + 1; line < starts.length && starts[line] <= limit; line++) {
    if (restOfLine(sf.text, starts[line]).trim()) return starts[line];
  }
  return lineStartAt(sf, limit);
}

/** One level of indentation: the block's statements against the line that opens it, else the file's first indented line. */
function indentUnit(sf: ts.SourceFile, block: ts.Block, inner: string): string {
  const outer = indentAt(sf.text, lineStartAt(sf, block.getStart(sf)));
  if (inner.length > outer.length && inner.startsWith(outer)) return inner.slice(outer.length);
  const m = /^(?:\t| {2,8})(?=\S)/m.exec(sf.text);
  return m ? m[0] : '  ';
}

/** Where a line start falls: in code, inside a token (a template or string spanning lines, JSX text), or inside a comment. */
function positionKind(sf: ts.SourceFile, pos: number): { kind: 'code' } | { kind: 'token' } | { kind: 'comment'; start: number; end: number } {
  const text = sf.text;
  let node: ts.Node = sf;
  for (;;) {
    let next: ts.Node | undefined;
    for (const child of node.getChildren(sf)) {
      if (child.kind >= ts.SyntaxKind.FirstJSDocNode && child.kind <= ts.SyntaxKind.LastJSDocNode) continue;
      if (pos < child.pos || pos > child.end) continue;
      const start = child.getStart(sf);
      if (pos <= start) {
        for (const r of [...(ts.getTrailingCommentRanges(text, child.pos) ?? []), ...(ts.getLeadingCommentRanges(text, child.pos) ?? [])]) {
          if (r.pos < pos && pos < r.end) return { kind: 'comment', start: r.pos, end: r.end };
        }
        if (pos < start) return { kind: 'code' };
      }
      if (pos === child.end) continue;
      if (child.getChildCount(sf) === 0) return pos > start && pos < child.end ? { kind: 'token' } : { kind: 'code' };
      next = child;
      break;
    }
    if (!next) return { kind: 'code' };
    node = next;
  }
}

function reindentComment(comment: string, unit: string): string {
  return comment.replace(/(\r\n|\n|\r)(?=[^\r\n])/g, `$1${unit}`);
}

