// spankind/kind-set-late: the kind written after the span started (`span.kind = ...`) or as a `span.kind`
// attribute, where nothing reads it as the span's kind.
import ts = require('typescript');
import { buildKindFix } from '../analysis/kindFix';
import { type LateKind, lateKindRemoval, lateKindsOf } from '../analysis/spanLifecycle';
import type { FileModel } from '../analysis/model';
import type { Finding, Fix, Inference, SpanCall, SpanKindName, TextChange } from '../analysis/types';
import { becauseText } from './explainInference';
import { defineRule, format, ruleCode, type RuleContext, withFixes } from './types';
import { isWrongKind } from './wrong-kind';

export default defineRule({
  id: 'kind-set-late',
  description: "A span's kind must be set in its start options; written afterwards, or as a `span.kind` attribute, it is not the span's kind.",
  defaultSeverity: 'warning',
  fixable: true,
  impact:
    'Samplers and span processors read the kind when the span starts, and the API has no way to change it later: the span is recorded with the kind it started with (INTERNAL when none is set). A `span.kind` attribute is just another attribute, so the span is missing from views that filter CLIENT, SERVER, PRODUCER or CONSUMER spans, such as dependencies and the service graph.',
  messages: {
    assignment:
      '`{{text}}` changes the kind after the span started: the kind is fixed at the start, so samplers and processors saw {{current}}, and the API cannot change it{{instead}}.',
    attribute:
      'The `span.kind` attribute does not set the span\'s kind: the span is {{current}}, and backends show `span.kind` as an ordinary attribute{{instead}}.',
    contradicted: ' Its code needs {{inferred}}, not {{late}}: {{because}}.',
  },
  check(span, ctx) {
    const lates = lateKindsOf(span, ctx.model);
    if (!lates.length) return [];
    const sf = ctx.model.sourceFile;
    const set = span.kindSet;
    const current = set.state === 'known' ? set.kinds.join(' or ') : set.state === 'absent' ? 'INTERNAL' : 'the kind its options set';
    let fixes: Fix[] | undefined;
    const build = () => (fixes ??= fixesFor(span, lates, ctx));
    const target = lateTarget(span, lates, ctx.inference);
    const findings: Finding[] = [];
    for (const late of lates) {
      const kind = target ?? late.kind;
      const contradicted = set.state === 'absent' && !!target && !!late.kind && target !== late.kind;
      const instead =
        set.state !== 'absent'
          ? `; the start options already set the span's kind`
          : contradicted && target === 'INTERNAL'
            ? '; remove it'
            : kind
              ? `; set \`kind: SpanKind.${kind}\` in the start options instead`
              : '; set the kind in the start options instead';
      let message = format(this.messages[late.form], { text: shorten(late.text), current, instead });
      if (contradicted) message += format(this.messages.contradicted, { inferred: target!, late: late.kind!, because: becauseText(ctx.inference) });
      findings.push(
        withFixes(
          {
            ruleId: ruleCode(this.id),
            message,
            severity: ctx.severity,
            start: late.anchor.getStart(sf),
            end: late.anchor.end,
            currentKinds: set.state === 'known' ? set.kinds : [],
            evidence: [],
          },
          build,
        ),
      );
    }
    return findings;
  },
});

/**
 * The kind the span's start options should get: the one kind every late write names, or the inferred kind
 * when the code contradicts it (as wrong-kind would report once it is moved). `undefined` when the writes
 * do not name one kind.
 */
export function lateTarget(span: SpanCall, lates: readonly LateKind[], inf: Inference): SpanKindName | undefined {
  const kind = lates[0]?.kind;
  if (!kind || !lates.every((l) => l.kind === kind)) return undefined;
  const moved: SpanCall = { ...span, kindSet: { state: 'known', kinds: [kind], node: span.call, editable: true } };
  return isWrongKind(moved, inf) ? inf.kind : kind;
}

/**
 * The kind a span will have once the kind rules' fixes are applied: what it sets (or what wrong-kind
 * corrects it to), what kind-set-late moves into its options, what missing-kind adds, else INTERNAL.
 */
export function settledKind(span: SpanCall, inf: Inference, model: FileModel): SpanKindName | undefined {
  const set = span.kindSet;
  if (set.state === 'unknown') return undefined;
  if (set.state === 'known') return isWrongKind(span, inf) ? inf.kind : set.kinds.length === 1 ? set.kinds[0] : undefined;
  const lates = lateKindsOf(span, model);
  if (lates.length) return lateTarget(span, lates, inf);
  const missing = inf.confidence === 'high' && inf.kind !== 'INTERNAL' && !inf.alternatives?.includes('INTERNAL');
  return missing ? inf.kind : 'INTERNAL';
}

/**
 * Moves the kind into the start options and deletes every late write: only when the options set no kind,
 * every write is unconditional, names the same kind and can be deleted. When the code contradicts that kind,
 * the first fix sets the inferred kind instead and the move comes second.
 */
function fixesFor(span: SpanCall, lates: readonly LateKind[], ctx: RuleContext): Fix[] {
  if (span.kindSet.state !== 'absent' || span.wrapper || !lates.every((l) => l.unconditional)) return [];
  const late = lates[0].kind;
  const target = lateTarget(span, lates, ctx.inference);
  if (!late || !target) return [];
  const removals = lates.map((l) => lateKindRemoval(l, ctx.model));
  if (removals.some((r) => !r)) return [];
  const move = moveFix(span, lates, removals as TextChange[], late, ctx);
  if (target === late) return move ? [{ ...move, preferred: true }] : [];
  const set = moveFix(span, lates, removals as TextChange[], target, ctx);
  return [...(set ? [{ ...set, preferred: true }] : []), ...(move ? [{ ...move, preferred: false }] : [])];
}

function moveFix(span: SpanCall, lates: readonly LateKind[], removals: TextChange[], kind: SpanKindName, ctx: RuleContext): Fix | undefined {
  const model = ctx.model;
  const sf = model.sourceFile;
  const ref = ctx.spanKindRef();
  if (ref.unavailable) return undefined;
  const changes: TextChange[] = [];
  // The only entry of the start options' `attributes`: the whole `attributes: {...}` becomes `kind: ...`.
  const sole = lates.find((l) => l.atStart && l.removal && 'object' in l.removal && l.removal.object.properties.length === 1);
  const holder = sole?.removal && 'object' in sole.removal ? sole.removal.object.parent : undefined;
  const attributesProp = holder && ts.isPropertyAssignment(holder) ? holder : undefined;
  if (attributesProp) {
    changes.push({ start: attributesProp.getStart(sf), end: attributesProp.end, newText: `kind: ${ref.prefix}.${kind}` });
    if (ref.importChange) changes.push(ref.importChange);
    changes.push(...removals.filter((_, i) => lates[i] !== sole));
  } else {
    const set = buildKindFix(span, kind, model, ref);
    if (!set) return undefined;
    changes.push(...set.changes, ...removals);
  }
  changes.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < changes.length; i++) if (changes[i].start < changes[i - 1].end) return undefined;
  const where = lates.length === 1 && lates[0].form === 'attribute' ? 'the `span.kind` attribute' : lates.length === 1 ? 'the late write' : 'the late writes';
  return { title: `Set span kind to ${kind} in the start options and remove ${where}`, changes, preferred: true };
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}
