// The rule shape: data (id, description, messages, default severity) plus one check per span call.
import type { FileModel } from '../analysis/model';
import type { SpanKindReference } from '../analysis/kindFix';
import type * as ts from 'typescript';
import type { FileWalk } from '../analysis/findSpanCalls';
import type { InstrumentationFact } from '../analysis/instrumentation';
import type { AnalysisProject } from '../analysis/project';
import type { Finding, Fix, Inference, Severity, SpanCall } from '../analysis/types';

export interface RuleContext {
  model: FileModel;
  /** The inference for the span being checked. */
  inference: Inference;
  severity: Severity;
  /** How the file names SpanKind (computed once per file). */
  spanKindRef: () => SpanKindReference;
  /** Every span call of the file with its inference, in source order (the checked one included). */
  spans: readonly { span: SpanCall; inference: Inference }[];
  /** The file's one walk: its span calls, calls, handler registrations and wrappers. */
  walk: FileWalk;
  /** The project: its checker (via `model`), whether it is typed, and its function summaries. */
  project: AnalysisProject;
  /** Auto-instrumentations the workspace registers (see detectInstrumentation). */
  instrumentation: readonly InstrumentationFact[];
}

export interface Rule {
  /** Short id; diagnostics use `spankind/<id>` as their code. */
  id: string;
  description: string;
  defaultSeverity: Severity;
  fixable: boolean;
  messages: Readonly<Record<string, string>>;
  /**
   * What the backend shows because of a finding of this rule, in a sentence or two of markdown (e.g. "the
   * consumer starts a new trace: the queue hop disappears from the service graph"). Hover shows it.
   */
  impact?: string;
  check(span: SpanCall, ctx: RuleContext): Finding[];
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

/** Fills `{{name}}` placeholders of a message. */
export function format(message: string, data: Readonly<Record<string, string>>): string {
  return message.replace(/\{\{(\w+)\}\}/g, (_, key: string) => data[key] ?? `{{${key}}}`);
}

export function ruleCode(id: string): string {
  return `spankind/${id}`;
}

/** Where a finding about a span sits: its name argument, or the callee when there is none. */
export function anchorOf(span: SpanCall): ts.Node {
  return span.nameArg ?? span.call.expression;
}

/** What every finding of rule `id` about `span` has: its code, the level, the span name as range, the kinds the span sets. */
export function spanFinding(id: string, span: SpanCall, ctx: RuleContext): Pick<Finding, 'ruleId' | 'severity' | 'start' | 'end' | 'currentKinds'> {
  const anchor = anchorOf(span);
  return {
    ruleId: ruleCode(id),
    severity: ctx.severity,
    start: anchor.getStart(ctx.model.sourceFile),
    end: anchor.end,
    currentKinds: span.kindSet.state === 'known' ? span.kindSet.kinds : [],
  };
}

/**
 * `finding` with its `fixes` built when first read, then kept: publishing diagnostics never reads them, code
 * actions, hovers and `--fix` do. `build` runs on the same syntax tree and checker as the check (an analysis
 * is only read at the document version it was made for), and returns the fixes in order, `undefined` for none.
 */
export function withFixes<T extends Omit<Finding, 'fixes'>>(finding: T, build: () => Fix | undefined | readonly Fix[]): T & Pick<Finding, 'fixes'> {
  return defineFixes(finding, () => {
    const built = build();
    return built === undefined ? [] : Array.isArray(built) ? [...(built as readonly Fix[])] : [built as Fix];
  });
}

/** Defines `fixes` on `target` as a memoised, enumerable property that can also be assigned. */
export function defineFixes<T extends object>(target: T, build: () => Fix[]): T & Pick<Finding, 'fixes'> {
  let fixes: Fix[] | undefined;
  // Dropped once used: what it holds (the syntax tree, the checker) need not live as long as the finding.
  let pending: (() => Fix[]) | undefined = build;
  return Object.defineProperty(target, 'fixes', {
    enumerable: true,
    configurable: true,
    get: () => {
      if (fixes === undefined) {
        fixes = pending ? pending() : [];
        pending = undefined;
      }
      return fixes;
    },
    set: (value: Fix[]) => {
      fixes = value;
      pending = undefined;
    },
  }) as T & Pick<Finding, 'fixes'>;
}
