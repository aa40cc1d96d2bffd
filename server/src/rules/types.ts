// The rule shape: data (id, description, messages, default severity) plus one check per span call.
import type { FileModel } from '../analysis/model';
import type { SpanKindReference } from '../analysis/kindFix';
import type * as ts from 'typescript';
import type { Finding, Inference, Severity, SpanCall } from '../analysis/types';

export interface RuleContext {
  model: FileModel;
  inference: Inference;
  severity: Severity;
  /** How the file names SpanKind (computed once per file). */
  spanKindRef: () => SpanKindReference;
}

export interface Rule {
  /** Short id; diagnostics use `spankind/<id>` as their code. */
  id: string;
  description: string;
  defaultSeverity: Severity;
  fixable: boolean;
  messages: Readonly<Record<string, string>>;
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
