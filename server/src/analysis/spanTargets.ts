// The remote things a span touches, read statically from its evidence and the code: the hosts of HTTP calls,
// database and cache systems, cloud services, model providers, and the topics and queues of messaging calls
// and handlers. What the Span Map draws; nothing is ever evaluated.
import ts = require('typescript');
import { type NameSource, type PeerRow, type PeerType, peerRowFor, peerRows } from '../catalogue/peers';
import type { AnalyzedSpan, FileAnalysis } from './analyzeFile';
import { callsIn } from './findSpanCalls';
import { FileModel, enclosingClass, isConstDeclaration, memberName, propertyNameText, stripExpression, walkTree } from './model';
import type { Evidence, SpanKindName } from './types';

export type SpanTargetType = PeerType;

/** A remote thing a span reaches (or is reached from), and the kind its evidence needs for that. */
export interface SpanTarget {
  type: SpanTargetType;
  /** A host (`payments.example.com`), a system (`postgresql`, `openai`), a topic or queue (`orders`). */
  name: string;
  /** The kind the evidence needs: CLIENT for dependencies, PRODUCER/CONSUMER for topics and queues, SERVER for callers. */
  kindNeeded: SpanKindName;
  /** The catalogue family of the evidence, e.g. `kafkajs`. */
  library?: string;
  /** The broker or system a topic or queue lives in (`kafka`, `rabbitmq`); the system itself for other peers. */
  system?: string;
  /** True when the name could not be read statically and `name` says so. */
  dynamic?: boolean;
  /** The auto-instrumentation that creates the entry span for this handler (the span itself is rightly INTERNAL). */
  instrumentedBy?: string;
}

const REMOTE_KINDS: readonly SpanKindName[] = ['CLIENT', 'PRODUCER', 'CONSUMER', 'SERVER'];
const MAX_DEPTH = 8;
const QUEUE_SYSTEMS = new Set(['rabbitmq', 'aws_sqs', 'servicebus', 'activemq', 'jms']);

/** The targets of one analysed span, deduplicated, in evidence order. */
export function spanTargets(analysis: FileAnalysis, analyzed: AnalyzedSpan, rows: readonly PeerRow[] = peerRows): SpanTarget[] {
  try {
    return collectTargets(analysis, analyzed, rows);
  } catch {
    // Half-typed code can meet shapes nothing here expects: a map without this span beats no map.
    return [];
  }
}

function collectTargets(analysis: FileAnalysis, { span, inference }: AnalyzedSpan, rows: readonly PeerRow[]): SpanTarget[] {
  const targets: SpanTarget[] = [];
  for (const e of inference.evidence) {
    if (e.role === 'attribute') continue;
    const needed = e.instrumentedBy?.entryKind ?? e.kind;
    if (needed === 'INTERNAL') continue;
    const role = e.role === 'handler' ? 'handler' : 'call';
    const site = role === 'handler' ? siteAt(analysis.model, e) : decidingSite(analysis.model, e);
    const row = e.library === undefined ? undefined : peerRowFor(rows, e.library, role, needed);
    for (const t of targetsFrom(row, site, needed, e.library)) {
      targets.push(e.instrumentedBy ? { ...t, instrumentedBy: e.instrumentedBy.module } : t);
    }
  }
  const attributes = staticAttributes(analysis, span);
  const attributeKind = inference.evidence.find((e) => e.role === 'attribute' && e.kind !== 'INTERNAL')?.kind;
  if (!targets.length && attributeKind) targets.push(...targetsFromAttributes(attributes, attributeKind));
  for (const t of targets) if (t.dynamic) nameFromAttributes(t, attributes);

  if (!targets.length) {
    const set = span.kindSet;
    const effective = set.state === 'absent' ? 'INTERNAL' : set.state === 'known' && set.kinds.length === 1 ? set.kinds[0] : undefined;
    // Evidence that names no peer (attributes alone), or a span that declares a remote kind: the backend draws
    // an edge to a peer nothing here names. When the code it wraps is certainly local, that edge is invented.
    const evidenced = inference.evidence.length > 0 && REMOTE_KINDS.includes(inference.kind);
    const local = inference.kind === 'INTERNAL' && inference.confidence === 'high';
    const kind = evidenced ? inference.kind : effective && REMOTE_KINDS.includes(effective) ? effective : undefined;
    const name = kind === 'SERVER' ? 'unknown callers' : kind === 'CONSUMER' ? 'unknown source' : 'unknown peer';
    if (kind) targets.push({ type: 'other', name, kindNeeded: evidenced || !local ? kind : 'INTERNAL', dynamic: true });
  }
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = `${t.type}\u0000${t.system ?? ''}\u0000${t.name}\u0000${t.kindNeeded}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A node of some file with the model that reads it. */
interface Reader {
  model: FileModel;
  /** Parameters of the functions the evidence was reached through, bound to the arguments of the calls that led there. */
  bindings?: Map<ts.Declaration, ts.Expression>;
}

interface Site extends Reader {
  node: ts.Node;
}

function targetsFrom(row: PeerRow | undefined, site: Site | undefined, kindNeeded: SpanKindName, library: string | undefined): SpanTarget[] {
  if (!row) return [{ type: 'other', name: library ?? 'unknown peer', kindNeeded, library, system: library }];
  const module = site && moduleOf(site);
  const byModule = module ? row.byModule?.find((m) => m.pattern.test(module)) : undefined;
  const system = byModule ? byModule.system.replace('$1', byModule.pattern.exec(module!)?.[1] ?? '') : row.system;
  const type = byModule?.type ?? row.type;
  const sources = byModule ? byModule.name : row.name;
  if (!sources) return [{ type, name: system, kindNeeded, library, system }];
  let names = site ? namesOf(site, sources) : [];
  if (byModule?.lastSegment ?? row.lastSegment) names = names.map(lastSegment).filter(Boolean);
  names = [...new Set(names)];
  if (!names.length) return [{ type, name: dynamicName(type, system), kindNeeded, library, system, dynamic: true }];
  return names.map((name) => ({ type, name, kindNeeded, library, system }));
}

function dynamicName(type: PeerType, system: string): string {
  const what = type === 'http' ? 'host' : type === 'rpc' ? 'address' : type;
  return `${system} (dynamic ${what})`;
}

function lastSegment(name: string): string {
  return name.replace(/[/:]+$/, '').split(/[/:]/).pop() ?? name;
}

/** The module the evidence's receiver (or tag) comes from: `@aws-sdk/client-s3`, `drizzle-orm/node-postgres`. */
function moduleOf({ model, node }: Site): string | undefined {
  const callee = ts.isCallExpression(node) || ts.isNewExpression(node) ? node.expression : ts.isTaggedTemplateExpression(node) ? node.tag : undefined;
  return callee ? model.originOf(stripExpression(callee))?.module : undefined;
}

function namesOf(site: Site, sources: readonly NameSource[]): string[] {
  for (const source of sources) {
    const names = namesFrom(site, source);
    if (names.length) return names;
  }
  return [];
}

function namesFrom(site: Site, source: NameSource): string[] {
  const { model, node } = site;
  if ('url' in source) {
    const host = hostOfCall(site, node);
    return host ? [host] : [];
  }
  if ('argument' in source && !('receiverMadeBy' in source) && !('siblingCalls' in source)) {
    return valuesAt(site, argumentsOf(node)[source.argument], source.property);
  }
  if ('receiverMadeBy' in source) {
    const receiver = receiverOf(node);
    const made = receiver && madeBy(site, receiver, 0);
    if (!made || !isMadeBy(made, source.receiverMadeBy)) return [];
    return valuesAt(site, argumentsOf(made)[source.argument], source.property);
  }
  if ('siblingCalls' in source) {
    const receiver = receiverOf(node);
    if (!receiver) return [];
    const names: string[] = [];
    for (const call of callsOnSameReceiver(model, receiver, source.siblingCalls)) {
      const args = source.argument === 'all' ? [...call.arguments] : [call.arguments[source.argument]];
      for (const arg of args) names.push(...valuesAt(site, arg, source.property));
    }
    return names;
  }
  // A command object sent: `client.send(new SendMessageCommand({ QueueUrl }))`.
  const command = madeBy(site, argumentsOf(node)[0], 0);
  return command && ts.isNewExpression(command) ? valuesAt(site, command.arguments?.[0], source.commandProperty) : [];
}

/** The values at a property path (`a.b[].c`, alternatives split by `|`) of an expression. */
function valuesAt(r: Reader, expr: ts.Expression | undefined, path: string | undefined): string[] {
  if (!expr) return [];
  const expressions = path ? path.split('|').flatMap((alternative) => expressionsAt(r, expr, alternative)) : [expr];
  return expressions.flatMap((e) => staticValues(r, e, 0).concat(staticValues(r, e, 0).length ? [] : patternOf(r, e)));
}

/** A name with a static head and a dynamic tail, as a pattern: `sensors/${id}` -> `sensors/*`. */
function patternOf(r: Reader, expr: ts.Expression): string[] {
  const prefix = staticPrefix(r, expr, 0);
  return prefix && !prefix.complete && /[/.:_-]$/.test(prefix.text) ? [`${prefix.text}*`] : [];
}

function expressionsAt(r: Reader, expr: ts.Expression, path: string): ts.Expression[] {
  let current = [expr];
  for (const segment of path.split('.')) {
    const each = segment.endsWith('[]');
    const name = each ? segment.slice(0, -2) : segment;
    const next: ts.Expression[] = [];
    for (const c of current) {
      let value: ts.Expression | undefined = c;
      if (name) {
        const obj = objectLiteralOf(r, c, 0);
        value = obj && propertyValue(obj, name);
      }
      if (!value) continue;
      if (!each) {
        next.push(value);
        continue;
      }
      const array = arrayLiteralOf(r, value, 0);
      if (array) next.push(...array.elements.filter((el) => !ts.isSpreadElement(el) && !ts.isOmittedExpression(el)));
    }
    current = next;
  }
  return current;
}

function propertyValue(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  // The last write wins, as in `{ ...defaults, topic: 'x' }`.
  for (let i = obj.properties.length - 1; i >= 0; i--) {
    const p = obj.properties[i];
    if (ts.isPropertyAssignment(p) && propertyNameText(p.name) === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}

/** What a name stands for: a `const`'s initializer, or the argument a parameter of a followed function was called with. */
function constInitializer(r: Reader, expr: ts.Expression): ts.Expression | undefined {
  if (!ts.isIdentifier(expr)) return undefined;
  const decl = r.model.declarationOf(expr);
  if (!decl) return undefined;
  const bound = r.bindings?.get(decl);
  if (bound) return bound;
  return ts.isVariableDeclaration(decl) && decl.initializer && isConstDeclaration(decl) ? decl.initializer : undefined;
}

function objectLiteralOf(r: Reader, expr: ts.Expression, depth: number): ts.ObjectLiteralExpression | undefined {
  const e = stripExpression(expr);
  if (ts.isObjectLiteralExpression(e)) return e;
  const init = depth < MAX_DEPTH ? (constInitializer(r, e) ?? shorthandValue(r, e)) : undefined;
  return init && objectLiteralOf(r, init, depth + 1);
}

function arrayLiteralOf(r: Reader, expr: ts.Expression, depth: number): ts.ArrayLiteralExpression | undefined {
  const e = stripExpression(expr);
  if (ts.isArrayLiteralExpression(e)) return e;
  const init = depth < MAX_DEPTH ? (constInitializer(r, e) ?? shorthandValue(r, e)) : undefined;
  return init && arrayLiteralOf(r, init, depth + 1);
}

/** `{ topic }`: the shorthand's name refers to a variable. */
function shorthandValue(r: Reader, e: ts.Expression): ts.Expression | undefined {
  return ts.isIdentifier(e) && ts.isShorthandPropertyAssignment(e.parent) ? constInitializer(r, e) : undefined;
}

/**
 * The strings an expression statically is: a literal, a `const`, a semantic-conventions constant, a template
 * or `+` of those, the literal default of `x ?? 'orders'`, both branches of a conditional, an array of them,
 * or a regular expression's source (a pattern subscription).
 */
function staticValues(r: Reader, expr: ts.Expression, depth: number): string[] {
  const e = stripExpression(expr);
  if (depth > MAX_DEPTH) return [];
  const known = r.model.staticString(e);
  if (known !== undefined) return [known];
  if (ts.isRegularExpressionLiteral(e)) return [e.text];
  if (ts.isArrayLiteralExpression(e)) return e.elements.flatMap((el) => (ts.isSpreadElement(el) ? [] : staticValues(r, el, depth + 1)));
  if (ts.isConditionalExpression(e)) return [...staticValues(r, e.whenTrue, depth + 1), ...staticValues(r, e.whenFalse, depth + 1)];
  if (ts.isBinaryExpression(e) && isDefaulting(e.operatorToken.kind)) {
    const left = staticValues(r, e.left, depth + 1);
    return left.length ? left : staticValues(r, e.right, depth + 1);
  }
  const whole = staticPrefix(r, e, depth + 1);
  if (whole?.complete) return [whole.text];
  const init = constInitializer(r, e) ?? shorthandValue(r, e);
  return init ? staticValues(r, init, depth + 1) : [];
}

function isDefaulting(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken;
}

interface Prefix {
  text: string;
  complete: boolean;
  /** The known text ends with a whole named value (`${BASE}${path}`), not inside a literal (`https://api-${region}`). */
  endsWithValue: boolean;
}

/** The text an expression statically starts with (`${BASE}/rates/${x}` -> `https://rates.example.com/rates/`). */
function staticPrefix(r: Reader, expr: ts.Expression, depth: number): Prefix | undefined {
  const e = stripExpression(expr);
  if (depth > MAX_DEPTH) return undefined;
  const known = r.model.staticString(e);
  if (known !== undefined) return { text: known, complete: true, endsWithValue: !ts.isStringLiteralLike(e) };
  if (ts.isTemplateExpression(e)) {
    let text = e.head.text;
    let endsWithValue = false;
    for (const spanPart of e.templateSpans) {
      const inner = staticPrefix(r, spanPart.expression, depth + 1);
      if (!inner) return { text, complete: false, endsWithValue };
      text += inner.text;
      if (!inner.complete) return { text, complete: false, endsWithValue: inner.endsWithValue };
      text += spanPart.literal.text;
      endsWithValue = spanPart.literal.text === '';
    }
    return { text, complete: true, endsWithValue };
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = staticPrefix(r, e.left, depth + 1);
    if (!left?.complete) return left;
    const right = staticPrefix(r, e.right, depth + 1);
    return right ? { ...right, text: left.text + right.text } : { ...left, complete: false };
  }
  if (ts.isBinaryExpression(e) && isDefaulting(e.operatorToken.kind)) {
    const chosen = staticPrefix(r, e.left, depth + 1) ?? staticPrefix(r, e.right, depth + 1);
    return chosen && { ...chosen, endsWithValue: chosen.complete || chosen.endsWithValue };
  }
  if (ts.isConditionalExpression(e)) return staticPrefix(r, e.whenTrue, depth + 1) ?? staticPrefix(r, e.whenFalse, depth + 1);
  const init = constInitializer(r, e);
  const named = init && staticPrefix(r, init, depth + 1);
  return named && { ...named, endsWithValue: named.complete || named.endsWithValue };
}

const URL_PROPERTIES = ['url', 'baseURL', 'baseUrl', 'prefixUrl', 'origin', 'uri', 'endpoint', 'address'];

/** The host (with its port) a call of an HTTP or RPC client reaches, when the code writes it down. */
function hostOfCall(r: Reader, node: ts.Node): string | undefined {
  const args = argumentsOf(node);
  const direct = args[0] && hostOfValue(r, args[0], 0);
  if (direct) return direct;
  // `http.get('/path', { baseURL })`-like second arguments, then the client the call is made on.
  const second = args[1] && objectLiteralOf(r, args[1], 0);
  const fromOptions = second && hostOfOptions(r, second);
  if (fromOptions) return fromOptions;
  let receiver = receiverOf(node);
  for (let depth = 0; receiver && depth < 3; depth++) {
    const made = madeBy(r, receiver, 0);
    if (!made) return undefined;
    const first = argumentsOf(made)[0];
    const host = first && hostOfValue(r, first, 0);
    if (host) return host;
    receiver = receiverOf(made);
  }
  return undefined;
}

function hostOfValue(r: Reader, expr: ts.Expression, depth: number): string | undefined {
  const e = stripExpression(expr);
  if (depth > MAX_DEPTH) return undefined;
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && (e.expression.text === 'URL' || e.expression.text === 'Request') && r.model.isGlobal(e.expression)) {
    const [first, base] = e.arguments ?? [];
    return (first && hostOfValue(r, first, depth + 1)) ?? (base && hostOfValue(r, base, depth + 1));
  }
  const obj = objectLiteralOf(r, e, 0);
  if (obj) return hostOfOptions(r, obj);
  const prefix = staticPrefix(r, e, depth + 1);
  if (prefix) return hostOfText(prefix);
  const init = constInitializer(r, e);
  return init ? hostOfValue(r, init, depth + 1) : undefined;
}

function hostOfOptions(r: Reader, obj: ts.ObjectLiteralExpression): string | undefined {
  for (const name of URL_PROPERTIES) {
    const value = propertyValue(obj, name);
    const host = value && hostOfValue(r, value, 1);
    if (host) return host;
  }
  for (const name of ['hostname', 'host']) {
    const value = propertyValue(obj, name);
    const host = value && staticValues(r, value, 0)[0];
    if (!host) continue;
    const portValue = propertyValue(obj, 'port');
    const port = portValue && (ts.isNumericLiteral(stripExpression(portValue)) ? (stripExpression(portValue) as ts.NumericLiteral).text : staticValues(r, portValue, 0)[0]);
    return port && !host.includes(':') ? `${host}:${port}` : host;
  }
  return undefined;
}

/** `https://user@api.example.com:8443/x` -> `api.example.com:8443`; `localhost:50051` (an RPC address) as is. */
function hostOfText({ text, complete, endsWithValue }: Prefix): string | undefined {
  const url = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(text);
  if (url) {
    // A host cut short by a dynamic part (`https://api-${region}.example.com`) is no host; a whole base URL
    // followed by a path (`${BASE}${path}`) is.
    if (!complete && !endsWithValue && url[0].length === text.length) return undefined;
    const host = url[1].replace(/^.*@/, '');
    return host || undefined;
  }
  return complete && /^[a-z0-9.-]+:\d+$/i.test(text) ? text : undefined;
}

function argumentsOf(node: ts.Node): readonly ts.Expression[] {
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) return node.arguments ?? [];
  if (ts.isDecorator(node)) {
    const e = stripExpression(node.expression);
    return ts.isCallExpression(e) ? e.arguments : [];
  }
  return [];
}

/** `x` in `x.member(...)`. */
function receiverOf(node: ts.Node): ts.Expression | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const callee = stripExpression(node.expression);
  return ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? callee.expression : undefined;
}

/** The call or `new` a value was made by, through `const`s, variables and `this.x` fields. */
function madeBy(r: Reader, expr: ts.Expression | undefined, depth: number): ts.CallExpression | ts.NewExpression | undefined {
  if (!expr || depth > MAX_DEPTH) return undefined;
  const e = stripExpression(expr);
  if (ts.isCallExpression(e) || ts.isNewExpression(e)) return e;
  if (ts.isIdentifier(e)) {
    const decl = r.model.declarationOf(e);
    if (decl && (ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl)) && decl.initializer) return madeBy(r, decl.initializer, depth + 1);
    return undefined;
  }
  if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(e);
    if (!cls) return undefined;
    for (const member of r.model.membersNamed(cls, e.name.text)) {
      if (ts.isPropertyDeclaration(member) && member.initializer) return madeBy(r, member.initializer, depth + 1);
    }
    const assigned = r.model.thisAssignmentsOf(cls).get(e.name.text);
    return assigned?.length === 1 ? madeBy(r, assigned[0], depth + 1) : undefined;
  }
  return undefined;
}

function isMadeBy(made: ts.CallExpression | ts.NewExpression, member: string): boolean {
  if (member === 'new') return ts.isNewExpression(made);
  if (!ts.isCallExpression(made)) return false;
  const callee = stripExpression(made.expression);
  return (ts.isIdentifier(callee) ? callee.text : memberName(callee)) === member;
}

/** Calls of `members` on the same variable (or `this.x` field) as `receiver`, anywhere in its file. */
function callsOnSameReceiver(model: FileModel, receiver: ts.Expression, members: readonly string[]): ts.CallExpression[] {
  const r = stripExpression(receiver);
  const sf = model.sourceFile;
  const decl = ts.isIdentifier(r) ? model.declarationOf(r) : undefined;
  const text = r.getText(sf);
  if (ts.isIdentifier(r) && !decl) return [];
  const found: ts.CallExpression[] = [];
  walkTree(sf, (node) => {
    if (!ts.isCallExpression(node)) return;
    const callee = stripExpression(node.expression);
    if (!ts.isPropertyAccessExpression(callee) || !members.includes(callee.name.text)) return;
    const other = stripExpression(callee.expression);
    const same = decl ? ts.isIdentifier(other) && model.declarationOf(other) === decl : other.getText(sf) === text;
    if (same) found.push(node);
  });
  return found;
}

/** The node an evidence entry's range covers in the span's own file. */
function siteAt(model: FileModel, e: Evidence): Site | undefined {
  const node = nodeAt(model.sourceFile, e.start, e.end);
  return node && { model, node };
}

/**
 * The call that decided the evidence: the evidence itself, or, for evidence reached through local
 * functions (`loadStock` → `fetch`), the call at the end of its chain, in whichever file it is.
 */
function decidingSite(model: FileModel, e: Evidence): Site | undefined {
  let site = siteAt(model, e);
  const steps = e.steps ?? [];
  for (let i = 1; site && i < steps.length; i++) {
    const { model: m, node } = site;
    if (!ts.isCallExpression(node)) return undefined;
    const fn = m.functionOf(node.expression) ?? runnerFunction(m, node);
    if (!fn?.body) return undefined;
    const sf = fn.getSourceFile();
    if (sf.fileName !== steps[i].fileName) return undefined;
    const inner = sf === m.sourceFile ? m : new FileModel(sf, m.checker, m.catalogue, m.typed);
    const bindings = new Map(site.bindings);
    const args = fn === runnerFunction(m, node) ? [] : node.arguments;
    fn.parameters.forEach((p, index) => {
      if (args[index] && !p.dotDotDotToken) bindings.set(p, args[index]);
    });
    const last = i === steps.length - 1;
    const onLine = nodesOnLine(fn.body, sf, steps[i].line - 1);
    const next = last
      ? onLine.find((n) => {
          const match = ts.isCallExpression(n) ? inner.matchOutbound(n) : ts.isTaggedTemplateExpression(n) ? inner.matchTaggedTemplate(n) : undefined;
          return match?.kind === e.kind && match.library === e.library;
        })
      : onLine.find((n) => ts.isCallExpression(n) && !!(inner.functionOf(n.expression) ?? runnerFunction(inner, n)));
    site = next && { model: inner, node: next, bindings };
  }
  return site;
}

/** `context.with(ctx, fn)`: the function it runs. */
function runnerFunction(model: FileModel, call: ts.CallExpression): ts.FunctionLikeDeclaration | undefined {
  const callee = stripExpression(call.expression);
  if (memberName(callee) !== 'with' || call.arguments.length < 2) return undefined;
  return model.originOf(callee)?.module === '@opentelemetry/api' ? model.functionOf(call.arguments[1]) : undefined;
}

function nodesOnLine(root: ts.Node, sf: ts.SourceFile, line: number): ts.Node[] {
  const found: ts.Node[] = [];
  walkTree(root, (node) => {
    if (!ts.isCallExpression(node) && !ts.isTaggedTemplateExpression(node)) return;
    if (sf.getLineAndCharacterOfPosition(node.getStart(sf)).line === line) found.push(node);
  });
  return found;
}

/** The outermost node spanning exactly `[start, end)`. */
function nodeAt(sf: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  let node: ts.Node = sf;
  for (;;) {
    if (node !== sf && node.getStart(sf) === start && node.end === end) return node;
    // `pos` (before trivia) is never after the start: test it first, and stop at the first child that holds the range.
    const next = ts.forEachChild(node, (child) => (child.pos <= start && child.end >= end && child.getStart(sf) <= start ? child : undefined));
    if (!next) return undefined;
    node = next;
  }
}

/** The attributes a span sets at start or in its scope, by key, when both key and value are static. */
function staticAttributes(analysis: FileAnalysis, span: AnalyzedSpan['span']): Map<string, string> {
  const { model, walk } = analysis;
  const r: Reader = { model };
  const sf = model.sourceFile;
  const found = new Map<string, string>();
  const readObject = (expr: ts.Expression | undefined) => {
    const obj = expr && objectLiteralOf(r, expr, 0);
    for (const p of obj?.properties ?? []) {
      if (!ts.isPropertyAssignment(p)) continue;
      const key = ts.isComputedPropertyName(p.name) ? model.staticString(p.name.expression) : propertyNameText(p.name);
      const value = staticValues(r, p.initializer, 0)[0] ?? (ts.isNumericLiteral(p.initializer) ? p.initializer.text : undefined);
      if (key !== undefined && value !== undefined) found.set(key, value);
    }
  };
  const options = span.optionsArg && objectLiteralOf(r, span.optionsArg, 0);
  readObject(options && propertyValue(options, 'attributes'));
  const names = new Set<string>();
  if (span.spanName) names.add(span.spanName);
  const first = span.callback?.parameters[0];
  if (first && ts.isIdentifier(first.name)) names.add(first.name.text);
  for (const call of span.scope.flatMap((range) => callsIn(walk.calls, range, sf))) {
    const callee = stripExpression(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !names.has(callee.expression.getText(sf))) continue;
    if (callee.name.text === 'setAttributes') readObject(call.arguments[0]);
    if (callee.name.text === 'setAttribute' && call.arguments.length >= 2) {
      const key = model.staticString(call.arguments[0]);
      const value = staticValues(r, call.arguments[1], 0)[0];
      if (key !== undefined && value !== undefined) found.set(key, value);
    }
  }
  return found;
}

/** Targets named by the span's own attributes, when its evidence is attributes alone. */
function targetsFromAttributes(attributes: Map<string, string>, kindNeeded: SpanKindName): SpanTarget[] {
  const db = attributes.get('db.system.name') ?? attributes.get('db.system');
  if (db) return [{ type: db === 'redis' || db === 'memcached' ? 'cache' : 'database', name: db, kindNeeded, system: db }];
  const messaging = attributes.get('messaging.system');
  const destination = attributes.get('messaging.destination.name');
  if (messaging || destination) {
    const system = messaging ?? 'messaging';
    const type = QUEUE_SYSTEMS.has(system) ? 'queue' : 'topic';
    return [destination ? { type, name: destination, kindNeeded, system } : { type, name: dynamicName(type, system), kindNeeded, system, dynamic: true }];
  }
  const provider = attributes.get('gen_ai.provider.name') ?? attributes.get('gen_ai.system');
  if (provider) return [{ type: 'llm', name: provider, kindNeeded, system: provider }];
  const url = attributes.get('url.full');
  const host = (url && hostOfText({ text: url, complete: true, endsWithValue: false })) ?? attributes.get('server.address');
  if (host) return [{ type: 'http', name: host, kindNeeded, system: 'HTTP' }];
  return [];
}

/** A dynamic topic or host the span's attributes name statically (`messaging.destination.name`, `server.address`). */
function nameFromAttributes(target: SpanTarget, attributes: Map<string, string>): void {
  const name =
    target.type === 'topic' || target.type === 'queue'
      ? attributes.get('messaging.destination.name')
      : target.type === 'http' || target.type === 'rpc'
        ? ((attributes.get('url.full') && hostOfText({ text: attributes.get('url.full')!, complete: true, endsWithValue: false })) ?? attributes.get('server.address'))
        : undefined;
  if (!name) return;
  target.name = name;
  delete target.dynamic;
}
