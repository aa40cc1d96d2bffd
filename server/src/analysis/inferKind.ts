// Span call -> the kind its code needs, how sure we are, and the evidence (calls, handler registrations).
import ts = require('typescript');
import { callsIn, type FileWalk } from './findSpanCalls';
import { familyOfHandler } from './instrumentation';
import type { AnalysisProject, FileUnit, FunctionSummary } from './project';
import {
  BUILTIN_METHODS,
  type FileModel,
  type HandlerMatch,
  calleeRoot,
  enclosingFunction,
  inRanges,
  isConstDeclaration,
  memberName,
  propertyNameText,
  stripExpression,
  walkTree,
} from './model';
import { PropagationReader } from './propagation';
import { laterSpansMeeting, spansOver } from './spanOverlap';
import type { Evidence, Inference, SpanCall, SpanKindName, TextRange } from './types';

/** How deep calls into functions of the same file are followed. */
const MAX_FOLLOW_DEPTH = 3;


/** Infers the kind of the span calls of one file; follows calls into other files of the project. */
export class InferenceContext {
  private readonly model: FileModel;
  private readonly walk: FileWalk;

  constructor(
    readonly project: AnalysisProject,
    readonly unit: FileUnit,
  ) {
    this.model = unit.model;
    this.walk = unit.walk;
  }

  infer(span: SpanCall): Inference {
    const entry = this.entryHandlerOf(span);
    const family = entry && familyOfHandler(entry.library);
    const instrumented = family && this.project.options.instrumentation?.find((f) => f.family === family);
    if (entry && instrumented && !extractsContext(span, this.model)) {
      // The instrumentation's entry span is the request's own; this one is a step inside it.
      return {
        kind: 'INTERNAL',
        confidence: 'high',
        evidence: [{ ...this.handlerEvidence(entry), kind: 'INTERNAL', instrumentedBy: { module: instrumented.module, where: instrumented.where, entryKind: entry.kind } }],
        reason: `its ${entry.kind === 'SERVER' ? 'request' : 'message'} handler's ${entry.kind} span is already created by ${instrumented.module} (registered at ${instrumented.where})`,
      };
    }
    if (entry) {
      // A span set on purpose to the kind of the one remote call it wraps is also right.
      const inner = this.scanRanges(this.unit, span.scope, span, 0).evidence.filter((e) => e.kind !== 'INTERNAL');
      const innerKinds = [...new Set(inner.map((e) => e.kind))];
      return {
        kind: entry.kind,
        confidence: 'high',
        evidence: [this.handlerEvidence(entry)],
        alternatives: innerKinds.length === 1 ? innerKinds : undefined,
        reason: `it is the outermost span of a ${entry.kind === 'SERVER' ? 'request' : 'message'} handler (${entry.library})`,
      };
    }
    const { evidence: attributes, nestedOperation } = this.attributeEvidence(span);
    // An attribute that means INTERNAL (a GenAI tool execution, a nested GraphQL operation) decides only
    // when nothing else does.
    const declared = attributes.filter((e) => e.kind !== 'INTERNAL');
    const scanned = span.scope.length ? this.scanRanges(this.unit, span.scope, span, 0) : { evidence: [], opaque: true };
    // Local work decides only when nothing else does, like an attribute that means INTERNAL.
    const remote = scanned.evidence.filter((e) => e.kind !== 'INTERNAL');
    const localWork = scanned.evidence.filter((e) => e.kind === 'INTERNAL');
    const evidence = [...remote, ...declared];
    const kinds = [...new Set(evidence.map((e) => e.kind))];
    const reader = new PropagationReader(this.model, this.walk, span);
    let extracted = this.extractEvidence(span, reader, kinds);
    // A parent extracted on one path only (`headers ? extract(...) : active()`) may continue a trace the
    // caller hands in: the code's own evidence decides, and the entry kind is accepted beside it.
    const alsoAccepted = extracted && !extracted.certain && kinds.length > 0 && !kinds.includes(extracted.evidence.kind) ? extracted.evidence.kind : undefined;
    if (alsoAccepted) extracted = undefined;
    if (extracted) {
      // A parent extracted from incoming work makes the span that work's entry, like a handler's outermost span.
      const inner = [...new Set(remote.map((e) => e.kind))];
      const alternatives = [...(extracted.other ? [extracted.other] : []), ...(inner.length === 1 && inner[0] !== extracted.evidence.kind ? inner : [])];
      return {
        kind: extracted.evidence.kind,
        confidence: 'high',
        evidence: [extracted.evidence, ...evidence.filter((e) => e.kind === extracted.evidence.kind)],
        alternatives: alternatives.length ? alternatives : undefined,
        reason: evidenceSentence([extracted.evidence], 'it'),
      };
    }
    if (kinds.length === 1) {
      // Server-side attributes alone (`http.route` ...) say the span is on the server side: the request's
      // SERVER span, or an INTERNAL step inside it (framework middleware spans carry them too).
      const serverSideOnly = kinds[0] === 'SERVER' && evidence.every((e) => e.role === 'attribute');
      const alternatives: SpanKindName[] = [...(serverSideOnly ? ['INTERNAL' as const] : []), ...(alsoAccepted ? [alsoAccepted] : [])];
      return {
        kind: kinds[0],
        confidence: 'high',
        evidence,
        alternatives: alternatives.length ? alternatives : undefined,
        reason: evidenceSentence(evidence, 'it'),
      };
    }
    if (kinds.length > 1) {
      return {
        kind: kinds[0],
        confidence: 'low',
        evidence,
        reason: `evidence of different kinds (${kinds.join(', ')}): ${evidenceSentence(evidence, 'it')}; give each remote call its own span`,
      };
    }
    const injected = this.injectEvidence(reader);
    if (injected) {
      // Its context leaves the process with a request or a message it sends through code we do not know.
      const other: SpanKindName = injected.kind === 'PRODUCER' ? 'CLIENT' : 'PRODUCER';
      return {
        kind: injected.kind,
        confidence: 'high',
        evidence: [injected],
        alternatives: [other],
        reason: evidenceSentence([injected], 'it'),
      };
    }
    const internalAttributes = attributes.filter((e) => e.kind === 'INTERNAL');
    const internal = [...localWork, ...internalAttributes];
    if (internal.length) {
      // A GraphQL operation nested under another span is INTERNAL whatever its resolvers call; a GenAI tool
      // execution, or in-process work, is INTERNAL only when nothing it calls could be remote.
      const seen = !scanned.opaque && (internalAttributes.length > 0 || span.scopeComplete);
      const confidence = nestedOperation || seen ? 'high' : 'low';
      return { kind: 'INTERNAL', confidence, evidence: internal, reason: evidenceSentence(internal, 'it') };
    }
    // Nothing tells the kind: no evidence is not evidence of INTERNAL. The kind the author set stands,
    // unverified (INTERNAL, the runtime default, when none is set); no rule suggests replacing it.
    const why =
      span.scope.length === 0
        ? 'the span is not kept in a variable, so the code it covers cannot be seen'
        : !span.scopeComplete
          ? 'no known remote call runs inside it, but the span is ended (or handed on) where it cannot be followed'
          : scanned.opaque
            ? 'no known remote call runs inside it, but it calls code that could not be followed'
            : 'nothing known to leave the process runs inside it';
    const set = span.kindSet;
    if (set.state === 'known') {
      const [kind, ...others] = set.kinds;
      return {
        kind,
        confidence: 'unverified',
        evidence: [],
        alternatives: others.length ? others : undefined,
        reason: `nothing in or around it tells its kind, so the kind it sets (${set.kinds.join(' or ')}) stands: ${why}`,
      };
    }
    return { kind: 'INTERNAL', confidence: 'unverified', evidence: [], reason: `nothing in or around it tells its kind (${why}), and INTERNAL is the default` };
  }

  /**
   * The span's parent extracted from incoming work, as evidence of an entry span: CONSUMER when the carrier
   * comes from a message (or the span runs in a message handler), else SERVER. `other` is the other entry
   * kind when only names told them apart.
   */
  private extractEvidence(span: SpanCall, reader: PropagationReader, kinds: SpanKindName[]): { evidence: Evidence; other?: SpanKindName; certain: boolean } | undefined {
    const parent = reader.parentExtract();
    if (!parent) return undefined;
    const { call, certain } = parent;
    let handler: HandlerMatch | undefined;
    for (let fn = enclosingFunction(span.call); fn && !handler; fn = enclosingFunction(fn)) handler = this.walk.handlers.get(fn);
    let kind: SpanKindName;
    let other: SpanKindName | undefined;
    if (handler) kind = handler.kind === 'CONSUMER' ? 'CONSUMER' : 'SERVER';
    else if (kinds.includes('CONSUMER') !== kinds.includes('SERVER')) kind = kinds.includes('CONSUMER') ? 'CONSUMER' : 'SERVER';
    else {
      kind = reader.isMessageCarrier(call.arguments[1]) ? 'CONSUMER' : 'SERVER';
      other = kind === 'CONSUMER' ? 'SERVER' : 'CONSUMER';
    }
    const sf = this.model.sourceFile;
    return { evidence: { kind, label: calleeLabel(call, sf), role: 'extract', start: call.getStart(sf), end: call.end }, other, certain };
  }

  /** The span's own context injected into a carrier: CLIENT, or PRODUCER when the carrier belongs to a message. */
  private injectEvidence(reader: PropagationReader): Evidence | undefined {
    const call = reader.ownInject();
    if (!call) return undefined;
    const sf = this.model.sourceFile;
    const kind: SpanKindName = reader.isMessageCarrier(call.arguments[1]) ? 'PRODUCER' : 'CLIENT';
    return { kind, label: calleeLabel(call, sf), role: 'inject', start: call.getStart(sf), end: call.end };
  }

  /** Attributes set at start (`attributes: {...}`) or in the span's scope (`span.setAttribute(s)`) that mean a kind. */
  private attributeEvidence(span: SpanCall): { evidence: Evidence[]; nestedOperation: boolean } {
    const model = this.model;
    const found: Evidence[] = [];
    let nestedOperation = false;
    const start = this.walk.spanStarts.get(span) ?? span.call.getStart();
    const nested = spansOver(this.walk, start).some((o) => o !== span);
    const consider = (keyNode: ts.Node, keyExpr: ts.Expression | undefined, value: ts.Expression | undefined) => {
      const key = keyExpr ? model.staticString(keyExpr) : undefined;
      const row = key === undefined ? undefined : this.model.catalogue.attributes.find((r) => r.key === key);
      if (!row || key === undefined) return;
      const text = value ? model.staticString(value) : undefined;
      let kind = row.kind ?? (text !== undefined ? row.byValue?.[text] : undefined);
      if (!kind) return;
      if (row.internalWhenNested && nested) {
        kind = 'INTERNAL';
        nestedOperation = true;
      }
      const label = row.byValue ? `${key} = ${text}` : key;
      found.push({ kind, label, role: 'attribute', start: keyNode.getStart(model.sourceFile), end: keyNode.end });
    };
    const readObject = (obj: ts.Expression | undefined) => {
      const o = obj && resolveObject(obj, model);
      if (!o) return;
      for (const p of o.properties) {
        if (!ts.isPropertyAssignment(p)) continue;
        const keyExpr = ts.isComputedPropertyName(p.name) ? p.name.expression : ts.isStringLiteral(p.name) || ts.isIdentifier(p.name) ? ts.factory.createStringLiteral(p.name.text) : undefined;
        consider(p.name, keyExpr, p.initializer);
      }
    };
    const options = span.optionsArg && resolveObject(span.optionsArg, model);
    const attrs = options?.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && propertyNameText(p.name) === 'attributes');
    readObject(attrs?.initializer);
    const spanNames = new Set<string>();
    if (span.spanName) spanNames.add(span.spanName);
    const first = span.callback?.parameters[0];
    if (first && ts.isIdentifier(first.name)) spanNames.add(first.name.text);
    for (const range of span.scope) {
      for (const call of callsIn(this.walk.calls, range)) {
        const callee = stripExpression(call.expression);
        if (!ts.isPropertyAccessExpression(callee) || !spanNames.has(callee.expression.getText(model.sourceFile))) continue;
        if (!this.owns(this.unit, span, call.getStart())) continue;
        if (callee.name.text === 'setAttribute') consider(call.arguments[0] ?? call, call.arguments[0], call.arguments[1]);
        else if (callee.name.text === 'setAttributes') readObject(call.arguments[0]);
      }
    }
    return { evidence: found, nestedOperation };
  }

  /**
   * Does `span` own the code at `pos`? A span owns what its scope covers, minus what a span started
   * later inside it covers (nested spans own their calls). Spans in the two branches of an `if` are
   * alternatives, not nested.
   */
  private owns(unit: FileUnit, span: SpanCall, pos: number): boolean {
    if (!inRanges(span.scope, pos)) return false;
    return !this.spansWithin(unit, span).some((other) => inRanges(other.scope, pos));
  }

  private readonly within = new Map<SpanCall, SpanCall[]>();

  /** The spans started later than `span` that can take code from it: their scope meets its scope, and they are not alternatives. */
  private spansWithin(unit: FileUnit, span: SpanCall): SpanCall[] {
    let found = this.within.get(span);
    if (!found) {
      found = laterSpansMeeting(unit.walk, span).filter((other) => !areAlternatives(span.call, other.call));
      this.within.set(span, found);
    }
    return found;
  }

  /** Evidence and opacity of the calls in `ranges` of `unit` that belong to `span` (not to a span nested in it). */
  private scanRanges(unit: FileUnit, ranges: TextRange[], span: SpanCall | undefined, depth: number): FunctionSummary {
    const evidence: Evidence[] = [];
    let opaque = false;
    const files = new Set<string>();
    const { model, walk } = unit;
    const sf = model.sourceFile;
    for (const range of ranges) {
      for (const call of callsIn(walk.calls, range)) {
        const pos = call.getStart(sf);
        if (span ? !this.owns(unit, span, pos) : walk.spans.some((s) => inRanges(s.scope, pos))) continue;
        if (unit.walk.spanCalls.has(call)) continue;
        const match = model.matchOutbound(call);
        if (match) {
          evidence.push({ kind: match.kind, label: calleeLabel(call, sf), library: match.library, role: 'call', start: pos, end: call.end });
          continue;
        }
        // Work of an in-process library (an embedded database, an in-memory cache): INTERNAL, when nothing else decides.
        const local = model.localWorkOf(call);
        if (local) {
          evidence.push({ kind: 'INTERNAL', label: calleeLabel(call, sf), library: local, role: 'call', start: pos, end: call.end });
          continue;
        }
        // `context.with(ctx, fn)` runs `fn` now: follow it like a call.
        const runner = contextRunnerArgument(model, call);
        const fn = model.functionOf(runner ?? call.expression);
        if (runner !== undefined && !fn) {
          opaque = true;
          continue;
        }
        if (fn) {
          if (isInside(call, fn) || isInside(fn, call)) continue;
          const summary: FunctionSummary = depth < MAX_FOLLOW_DEPTH ? this.summarize(fn, depth + 1) : { evidence: [], opaque: true };
          const fnFile = fn.getSourceFile().fileName;
          if (fnFile !== sf.fileName) files.add(fnFile);
          for (const f of summary.files ?? []) if (f !== sf.fileName) files.add(f);
          const name = functionName(fn, call, sf);
          // Evidence found in the function points at this call, the place in the span that leads to it.
          const here = { label: name, fileName: sf.fileName, line: sf.getLineAndCharacterOfPosition(pos).line + 1 };
          for (const e of summary.evidence) {
            const inner = e.steps ?? [{ label: e.label, fileName: fn.getSourceFile().fileName, line: fn.getSourceFile().getLineAndCharacterOfPosition(e.start).line + 1 }];
            evidence.push({ ...e, via: [name, ...(e.via ?? [])], steps: [here, ...inner], start: pos, end: call.end });
          }
          opaque ||= summary.opaque;
          continue;
        }
        opaque ||= model.isUncertainLibraryCall(call) || isOpaqueCall(model, call, span, range);
      }
      for (const tagged of walk.taggedTemplates) {
        const pos = tagged.getStart(sf);
        if (pos < range.start || pos >= range.end) continue;
        if (span ? !this.owns(unit, span, pos) : walk.spans.some((s) => inRanges(s.scope, pos))) continue;
        const match = model.matchTaggedTemplate(tagged);
        if (match) {
          const label = calleeLabelOf(tagged.tag, sf);
          evidence.push({ kind: match.kind, label, library: match.library, role: 'call', start: pos, end: tagged.end });
        }
      }
    }
    if (depth === 0) for (const f of files) this.spanFiles?.add(f);
    return { evidence, opaque, files: [...files] };
  }

  /** While inferWithFiles runs: the files other than this one it passed through (see FunctionSummary.files). */
  private spanFiles: Set<string> | undefined;

  /** infer, and the files other than this one that this span's inference passed through. */
  inferWithFiles(span: SpanCall): { inference: Inference; files: string[] } {
    const files = (this.spanFiles = new Set<string>());
    try {
      return { inference: this.infer(span), files: [...files] };
    } finally {
      this.spanFiles = undefined;
    }
  }

  /** Evidence inside a function (of any file of the project); a function that starts its own spans reports nothing. */
  private summarize(fn: ts.FunctionLikeDeclaration, depth: number): FunctionSummary {
    const summaries = this.project.summaries;
    const cached = summaries.get(fn);
    if (cached) return cached;
    // Guard against recursion while this one is computed.
    summaries.set(fn, { evidence: [], opaque: false });
    const body = fn.body;
    let summary: FunctionSummary = { evidence: [], opaque: false };
    if (body) {
      const unit = this.project.unitOf(fn.getSourceFile());
      const range = { start: body.getStart(unit.model.sourceFile), end: body.end };
      const instrumented = unit.walk.spans.some((s) => s.call.pos >= range.start && s.call.end <= range.end);
      summary = instrumented ? summary : this.scanRanges(unit, [range], undefined, depth);
    }
    summaries.set(fn, summary);
    return summary;
  }

  /** The handler whose request/message this span represents, when it is that handler's entry span. */
  private entryHandlerOf(span: SpanCall): HandlerMatch | undefined {
    const fn = enclosingFunction(span.call);
    const handler = fn && this.walk.handlers.get(fn);
    if (!fn || !handler) return undefined;
    const start = span.call.getStart();
    const nestedIn = this.walk.spans.some((s) => s !== span && isInside(s.call, fn) && inRanges(s.scope, start));
    if (nestedIn) return undefined;
    return coversHandler(span, fn, this.model) ? handler : undefined;
  }

  private handlerEvidence(h: HandlerMatch): Evidence {
    const sf = this.model.sourceFile;
    const label = h.label;
    return {
      kind: h.kind,
      label: shorten(label),
      library: h.library,
      role: 'handler',
      byName: h.byName || undefined,
      start: h.registration.getStart(sf),
      end: h.registration.end,
    };
  }
}

/** Does the span take its parent from a context extracted from the incoming request (`propagation.extract`)? */
function extractsContext(span: SpanCall, model: FileModel): boolean {
  const args = span.call.arguments;
  const ctxArg = span.api === 'startSpan' ? args[2] : args.length >= 4 ? args[2] : undefined;
  if (!ctxArg) return false;
  const e = stripExpression(ctxArg);
  let text = e.getText(model.sourceFile);
  if (ts.isIdentifier(e)) {
    const decl = model.declarationOf(e);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) text = decl.initializer.getText(model.sourceFile);
  }
  return /\bextract\s*\(/.test(text);
}

/** For OpenTelemetry's `context.with(ctx, fn, ...)`: the function it runs. */
function contextRunnerArgument(model: FileModel, call: ts.CallExpression): ts.Expression | undefined {
  const callee = stripExpression(call.expression);
  if (memberName(callee) !== 'with' || call.arguments.length < 2) return undefined;
  const origin = model.originOf(callee);
  return origin?.module === '@opentelemetry/api' ? call.arguments[1] : undefined;
}

/** Could this call reach the network through code we cannot see? */
function isOpaqueCall(model: FileModel, call: ts.CallExpression, span: SpanCall | undefined, range: TextRange): boolean {
  const callee = stripExpression(call.expression);
  if (model.isLocalGlobalCall(callee)) return false;
  const member = memberName(callee);
  const root = calleeRoot(callee);
  if (span?.spanName && calleeRootText(callee, model.sourceFile) === span.spanName) return false;
  if (root.kind === ts.SyntaxKind.ThisKeyword) {
    const origin = model.originOf(ts.isPropertyAccessExpression(callee) ? callee.expression : callee);
    if (origin) return !model.isKnownModule(origin.module);
    return !(member && BUILTIN_METHODS.has(member));
  }
  if (!ts.isIdentifier(root)) return !(member && BUILTIN_METHODS.has(member));
  const decl = model.declarationOf(root);
  if (!decl) return true;
  if (span && isSpanParameter(decl, span)) return false;
  const origin = model.originOfDeclaration(decl, 0);
  if (origin) return !model.isKnownModule(origin.module);
  // A value made inside the span was checked where it was made.
  if (decl.pos >= range.start && decl.end <= range.end && !ts.isParameter(decl)) return false;
  return !(member && BUILTIN_METHODS.has(member));
}

/** Does the span cover all of the handler's work (nothing but otel/span calls outside it)? */
function coversHandler(span: SpanCall, fn: ts.FunctionLikeDeclaration, model: FileModel): boolean {
  const body = fn.body;
  if (!body || !ts.isBlock(body)) return true;
  const sf = model.sourceFile;
  const scopeEnd = Math.max(span.call.end, ...span.scope.map((r) => r.end));
  const params = new Set(fn.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
  return body.statements.every((stmt) => {
    const covered = stmt.end >= span.call.end && stmt.getStart(sf) <= scopeEnd;
    return covered || !hasWork(stmt, span, params, model);
  });
}

/** Does a statement do work of its own: a call other than OpenTelemetry API, span methods, built-ins or `next()`? */
function hasWork(stmt: ts.Statement, span: SpanCall, params: Set<string>, model: FileModel): boolean {
  let work = false;
  walkTree(stmt, (node) => {
    if (ts.isCallExpression(node)) {
      const callee = stripExpression(node.expression);
      const rootText = calleeRootText(callee, model.sourceFile);
      const origin = model.originOf(callee);
      const isOtel = origin?.module.startsWith('@opentelemetry/') ?? false;
      const isSpanOp = !!span.spanName && rootText === span.spanName;
      const isParamCall = ts.isIdentifier(callee) && params.has(callee.text);
      const isBuiltin = model.isLocalGlobalCall(callee) || BUILTIN_METHODS.has(memberName(callee) ?? '');
      if (!isOtel && !isSpanOp && !isParamCall && !isBuiltin) {
        work = true;
        return 'stop';
      }
    }
  });
  return work;
}

function calleeRootText(callee: ts.Expression, sf: ts.SourceFile): string {
  let e = callee;
  while (ts.isPropertyAccessExpression(e) && e.expression.kind !== ts.SyntaxKind.ThisKeyword) e = e.expression;
  if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) return `this.${e.name.text}`;
  return e.getText(sf);
}

function isSpanParameter(decl: ts.Declaration, span: SpanCall): boolean {
  return !!span.callback && ts.isParameter(decl) && decl.parent === span.callback;
}

/** Are `a` and `b` in different branches of one `if`, conditional or `switch` (so never both run)? */
function areAlternatives(a: ts.Node, b: ts.Node): boolean {
  for (let n: ts.Node | undefined = a.parent; n; n = n.parent) {
    if (!isInside(b, n)) continue;
    const branches: (ts.Node | undefined)[] = ts.isIfStatement(n)
      ? [n.thenStatement, n.elseStatement]
      : ts.isConditionalExpression(n)
        ? [n.whenTrue, n.whenFalse]
        : ts.isCaseBlock(n)
          ? [...n.clauses]
          : [];
    const ia = branches.findIndex((br) => br && isInside(a, br));
    const ib = branches.findIndex((br) => br && isInside(b, br));
    return ia >= 0 && ib >= 0 && ia !== ib;
  }
  return false;
}

function isInside(node: ts.Node, container: ts.Node): boolean {
  return node.pos >= container.pos && node.end <= container.end;
}


function functionName(fn: ts.FunctionLikeDeclaration, call: ts.CallExpression, sf: ts.SourceFile): string {
  if (fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return shorten(call.expression.getText(sf));
}

function calleeLabel(call: ts.CallExpression, sf: ts.SourceFile): string {
  return calleeLabelOf(call.expression, sf);
}

function calleeLabelOf(callee: ts.Expression, sf: ts.SourceFile): string {
  return shorten(stripExpression(callee).getText(sf).replace(/\s+/g, ''));
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** An object literal an expression is, directly or through a `const`. */
function resolveObject(expr: ts.Expression, model: FileModel): ts.ObjectLiteralExpression | undefined {
  const e = stripExpression(expr);
  if (ts.isObjectLiteralExpression(e)) return e;
  if (ts.isIdentifier(e)) {
    const decl = model.declarationOf(e);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && isConstDeclaration(decl)) {
      const init = stripExpression(decl.initializer);
      return ts.isObjectLiteralExpression(init) ? init : undefined;
    }
  }
  return undefined;
}

/**
 * "`producer.send` (kafkajs) runs inside this span", "`fetch` and `pool.query` (pg) run inside it, and it
 * sets `url.full`", "this span sets `messaging.operation.type = receive`".
 */
export function evidenceSentence(evidence: Evidence[], subject: 'this span' | 'it'): string {
  const list = (items: Evidence[]) => {
    const labels = [...new Set(items.map(evidenceLabel))];
    const shown = labels.slice(0, 2);
    const more = labels.length - shown.length;
    return { text: shown.join(' and ') + (more > 0 ? ` and ${more} more` : ''), plural: labels.length > 1 };
  };
  const calls = evidence.filter((e) => e.role === 'call' || e.role === 'handler');
  const attributes = evidence.filter((e) => e.role === 'attribute');
  const extracted = evidence.find((e) => e.role === 'extract');
  const injected = evidence.find((e) => e.role === 'inject');
  const parts: string[] = [];
  const who = () => (parts.length ? 'it' : subject);
  if (extracted) parts.push(`${who()} takes its parent from a context extracted from an incoming ${extracted.kind === 'CONSUMER' ? 'message' : 'request'} (${evidenceLabel(extracted)})`);
  if (calls.length) {
    const { text, plural } = list(calls);
    parts.push(`${text} ${plural ? 'run' : 'runs'} inside ${parts.length ? 'it' : subject}`);
  }
  if (attributes.length) {
    const { text } = list(attributes);
    parts.push(`${who()} sets ${text}`);
  }
  if (injected) parts.push(`${who()} injects its context into an outgoing ${injected.kind === 'PRODUCER' ? 'message' : 'request'} (${evidenceLabel(injected)})`);
  return parts.join(', and ');
}

/** "`producer.send` (kafkajs)", "`loadStock` → `fetch`", "`app.get` (express, matched by name)". */
export function evidenceLabel(e: Evidence): string {
  const chain = e.via?.length ? `${e.via.map((v) => `\`${v}\``).join(' → ')} → \`${e.label}\`` : `\`${e.label}\``;
  const notes = [e.library && e.library !== e.label ? e.library : undefined, e.byName ? 'matched by name' : undefined].filter(Boolean);
  return notes.length ? `${chain} (${notes.join(', ')})` : chain;
}


/** What a piece of evidence does, after its label: "registers the handler", "runs inside the span" ... */
export function evidenceRoleText(role: Evidence['role']): string {
  switch (role) {
    case 'handler':
      return 'registers the handler';
    case 'attribute':
      return 'is set on the span';
    case 'extract':
      return "gives the span its parent (an incoming context)";
    case 'inject':
      return "carries the span's context out";
    default:
      return 'runs inside the span';
  }
}
