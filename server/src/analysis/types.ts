// Plain data shared by the analysis core, the rules, the LSP glue and the CLI. No LSP types here.
import type * as ts from 'typescript';

export const SPAN_KINDS = ['INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'] as const;
/** One of the five OpenTelemetry span kinds, in `SpanKind` enum order (INTERNAL = 0 ... CONSUMER = 4). */
export type SpanKindName = (typeof SPAN_KINDS)[number];

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A half-open `[start, end)` range of UTF-16 offsets into the file text. */
export interface TextRange {
  start: number;
  end: number;
}

export interface TextChange extends TextRange {
  newText: string;
}

/** One atomic edit: all its changes are applied together or not at all. */
export interface Fix {
  title: string;
  changes: TextChange[];
  /** True only when the fix cannot be wrong; fix-all applies preferred fixes only. */
  preferred: boolean;
}

/** Why a kind was inferred: a call, a handler registration or an attribute, at a place in the file. */
export interface Evidence extends TextRange {
  kind: SpanKindName;
  /** Short source-like label, e.g. `producer.send`. */
  label: string;
  /** Library family from the catalogue, e.g. `kafkajs`; `undefined` for the global `fetch`. */
  library?: string;
  /**
   * A call inside the span, the registration of the handler it runs in, an attribute it sets, or how it
   * propagates context: its parent extracted from incoming work (`propagation.extract`) or its context
   * injected into an outgoing carrier (`propagation.inject`).
   */
  role: 'call' | 'handler' | 'attribute' | 'extract' | 'inject';
  /** True when matched by a name alone because the binding's origin could not be traced. */
  byName?: boolean;
  /** Local functions passed through to reach the call, outermost first, e.g. ["loadInventory"]. */
  via?: string[];
  /** With `via`: every step of the chain, from the call in the span to the deciding call, with its place. */
  steps?: EvidenceStep[];
  /** For a handler: the auto-instrumentation that already creates its entry span, and where it is registered. */
  instrumentedBy?: { module: string; where: string; entryKind: SpanKindName };
}

export interface EvidenceStep {
  label: string;
  fileName: string;
  /** 1-based. */
  line: number;
}

/** The kind a span call sets, read statically from its options. */
export type KindSet =
  | { state: 'absent' }
  | {
      state: 'known';
      kinds: SpanKindName[];
      node: ts.Expression;
      numeric?: number;
      editable: boolean;
      /** The kind a wrapper's default gives when its call site leaves the options' `kind` out: a fix adds it there. */
      fromDefault?: boolean;
    }
  | { state: 'unknown'; node: ts.Node };

/**
 * `high`: the evidence decides the kind (the kind rules report on it). `low`: evidence exists but does not
 * decide (mixed kinds, code that could not be followed). `unverified`: nothing in or around the span tells
 * its kind; the inferred kind is the one the author set (INTERNAL, the runtime default, when none is set).
 */
export type Confidence = 'high' | 'low' | 'unverified';

export interface Inference {
  kind: SpanKindName;
  confidence: Confidence;
  evidence: Evidence[];
  /** Other kinds that are also right, e.g. CLIENT for a handler's entry span that wraps only a fetch. */
  alternatives?: SpanKindName[];
  /** A phrase explaining the decision, used by hover and messages. */
  reason: string;
}

/** A span-creating call found in a file. */
export interface SpanCall {
  call: ts.CallExpression;
  /** `startSpan`, `startActiveSpan`. */
  api: string;
  /** The tracer expression's text, e.g. `this.tracer`. */
  tracerText: string;
  /** How the receiver was recognised as an OpenTelemetry tracer, or `wrapper` for a wrapper's call site. */
  tracerMatch: 'getTracer' | 'type' | 'name' | 'wrapper';
  nameArg: ts.Expression | undefined;
  /** The options argument, when the call has one. */
  optionsArg: ts.Expression | undefined;
  /** For startActiveSpan: the callback that runs with the span active. */
  callback: ts.FunctionLikeDeclaration | undefined;
  kindSet: KindSet;
  /** The variable the span is stored in, for startSpan. */
  spanName: string | undefined;
  /** Ranges of code that runs while the span is open. */
  scope: TextRange[];
  /** False when the span may stay open beyond `scope` (it escapes, or ends in code we cannot see). */
  scopeComplete: boolean;
  /** Set when this is a call of a user-written tracing wrapper, not of a tracer. */
  wrapper?: WrapperInfo;
  /** Set when this span is the implementation of a generic wrapper: its kind is checked at the wrapper's call sites. */
  implements?: WrapperInfo;
}

/**
 * A function that starts a span and takes its name or the code it covers from its caller, or returns the
 * span, e.g. `withSpan(name, fn)`, `withSpan({ name, kind }, fn)`. Indices are parameter positions at its
 * call sites.
 */
export interface WrapperInfo {
  name: string;
  nameIndex?: number;
  /** With `nameIndex`: the property of that argument that names the span (`withSpan({ name: 'x' }, fn)`). */
  nameProperty?: string;
  /** The parameter that is the kind itself. */
  kindIndex?: number;
  /** The parameter that is (or is spread into) the span options, or whose property `kindProperty` is the kind. */
  optionsIndex?: number;
  /** With `optionsIndex`: the property that holds the kind, when it is not `kind`. */
  kindProperty?: string;
  /** The kind the wrapper falls back on when its call site gives none (a parameter default, `?? SpanKind.X`). */
  defaultKind?: KindSet;
  /** The kind the wrapper sets itself, whatever its caller passes (absent: none). */
  fixedKind?: KindSet;
  /** Parameters the wrapper calls while its span is open: their arguments are the span's code. */
  callbackIndices: number[];
  /** It returns the span it starts: the call site holds the span until it ends it, as with startSpan. */
  returnsSpan?: boolean;
  /**
   * Its span's kind comes from each call site: the span inside it is its implementation, and its kind is
   * checked at the call sites, not inside.
   */
  generic?: boolean;
  /** It returns a function that opens the span when called: its call site is not where the span runs. */
  deferred?: boolean;
  /** The wrapper's function, when read from code (not declared in the settings). */
  self?: ts.FunctionLikeDeclaration;
}

export interface Finding extends TextRange {
  ruleId: string;
  message: string;
  severity: Severity;
  /** The kind the span should have, for the kind rules; absent for rules about context and lifecycle. */
  suggestedKind?: SpanKindName;
  /** Kinds currently set; empty when none is set. */
  currentKinds: SpanKindName[];
  evidence: Evidence[];
  fixes: Fix[];
  /** Start of the span call's name argument (or callee) the finding is about; set by analyzeFile. */
  spanStart?: number;
}
