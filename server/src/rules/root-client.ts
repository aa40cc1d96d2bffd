// spankind/root-client: a CLIENT or PRODUCER span that can only start its trace (cron job, CLI entry, worker loop).
import { type ParentPath, buildParentSpanFix, jobFunctionOf, rootPathsOf, stepLabel } from '../analysis/spanParents';
import type { Inference, KindSet, SpanKindName } from '../analysis/types';
import ts = require('typescript');
import { defineRule, format, spanFinding, withFixes } from './types';

const OUTBOUND: readonly SpanKindName[] = ['CLIENT', 'PRODUCER'];

export default defineRule({
  id: 'root-client',
  description: 'A CLIENT or PRODUCER span that can only be the root of its trace: the job, command or loop that makes the call has no span.',
  defaultSeverity: 'warning',
  fixable: true,
  impact:
    'The trace is headless: its root is an outbound call, so the backend has no operation to name it by, the job or command that made the call (its duration, its errors, its other calls) is missing, and each run of it is scattered over separate traces.',
  messages: {
    root: 'This {{kind}} span can only start a trace: it runs {{where}}, where no span of this process is active. The trace is headless. Start an INTERNAL span for the job (or a SERVER span for a command that is a request) around it.',
  },
  check(span, ctx) {
    const kind = outboundKind(span.kindSet, ctx.inference);
    if (!kind) return [];
    const unit = ctx.project.unitOf(ctx.model.sourceFile);
    const paths = rootPathsOf(span, unit);
    if (!paths) return [];
    const sf = ctx.model.sourceFile;
    const jobs = [...new Set(paths.map(jobFunctionOf))];
    const others = paths.length - 1;
    return [
      withFixes(
        {
          ...spanFinding(this.id, span, ctx),
          message: format(this.messages.root, { kind, where: whereText(paths[0], sf) + (others ? ` (and from ${others} other ${others === 1 ? 'place' : 'places'} like it)` : '') }),
          evidence: [],
        },
        () => (jobs.length === 1 && jobs[0] ? buildParentSpanFix(span, jobs[0], ctx.model) : undefined),
      ),
    ];
  },
});

/** CLIENT or PRODUCER: the kind set, or (with none set, or INTERNAL set) the kind inferred with high confidence. */
function outboundKind(set: KindSet, inf: Inference): SpanKindName | undefined {
  if (set.state === 'known' && set.kinds.every((k) => k === set.kinds[0]) && OUTBOUND.includes(set.kinds[0])) return set.kinds[0];
  const unset = set.state === 'absent' || (set.state === 'known' && set.kinds.every((k) => k === 'INTERNAL'));
  return unset && inf.confidence === 'high' && OUTBOUND.includes(inf.kind) && !inf.alternatives?.includes('INTERNAL') ? inf.kind : undefined;
}

/**
 * "in a job scheduled with `cron.schedule` (node-cron, line 12)", "in `main`, run only from the module's top
 * level (line 40)", "in a `setInterval` callback, in an endless polling loop, ...".
 */
function whereText(path: ParentPath, sf: ts.SourceFile): string {
  if (path.end.kind !== 'root') return 'where no context can come in';
  const entry = path.end.entry;
  const line = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const outermost = path.steps[path.steps.length - 1];
  const inFn = [outermost ? `in ${stepLabel(outermost)}` : '', path.loop ? 'in an endless polling loop' : ''].filter(Boolean).join(', ');
  const lead = inFn ? `${inFn}, ` : '';
  switch (entry.kind) {
    case 'scheduler': {
      const node = entry.node;
      const what = ts.isCallExpression(node) || ts.isNewExpression(node) ? `${ts.isNewExpression(node) ? 'new ' : ''}${node.expression.getText(sf)}` : node.getText(sf);
      return `${lead}in a job scheduled with \`${what}\` (${entry.library}, line ${line(node)})`;
    }
    case 'main-guard':
      return `${lead}run only from the \`require.main === module\` block (line ${line(entry.node)})`;
    case 'root-option':
      return `${lead}with \`root: true\` (line ${line(entry.node)}), which starts a new trace`;
    case 'root-context':
      return `${lead}under \`ROOT_CONTEXT\`, which starts a new trace (line ${line(entry.node)})`;
    default:
      return inFn ? `${lead}run only from the module's top level (line ${line(entry.node)})` : `at the module's top level (line ${line(entry.node)})`;
  }
}
