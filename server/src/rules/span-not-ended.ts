// spankind/span-not-ended: a started span that some path leaves open, or that nothing ends at all.
import ts = require('typescript');
import { calleeText, findLeak, type Leak, otherWrapsMeet, tryFinallyFix } from '../analysis/spanLifecycle';
import type { FileModel } from '../analysis/model';
import type { SpanCall } from '../analysis/types';
import { defineRule, format, spanFinding, withFixes } from './types';

export default defineRule({
  id: 'span-not-ended',
  description: 'A started span must be ended on every path (early returns, throws and rejected awaits included), best in a finally block.',
  defaultSeverity: 'warning',
  fixable: true,
  impact:
    'A span that is not ended is never exported: it is missing from the trace, and the spans started under it point to a parent the backend never receives, so they show up as orphans under a "missing span" gap. On the paths that do end it, errors (the throw, the rejection) are exactly what goes missing.',
  messages: {
    discarded: 'The span this call starts is not kept, so nothing can end it: it is never exported.',
    never: '`{{span}}` is never ended, so the span is never exported{{fix}}.',
    neverCallback: 'This callback takes no span parameter and never ends its span, so the span is never exported; take the span as the first parameter and call `span.end()` in a `finally` block.',
    thenOnly:
      '`{{span}}` is ended only in `.then(...)` (line {{line}}): when the promise rejects, the span is never ended. End it in `.finally(...)` instead.',
    return: '`{{span}}` is still open when the function returns at line {{line}}, so on that path it is never exported{{more}}{{fix}}.',
    throw: '`{{span}}` is still open when line {{line}} throws, so on that path it is never exported{{more}}{{fix}}.',
    await: '`{{span}}` is still open when `{{what}}` at line {{line}} rejects, so on that path it is never exported{{more}}{{fix}}.',
    jump: '`{{span}}` is still open when the `{{what}}` at line {{line}} leaves its block, so on that path it is never exported{{more}}{{fix}}.',
    blockEnd: '`{{span}}` is not ended on every path: it can reach the end of its block (line {{line}}) still open, and is then never exported{{more}}{{fix}}.',
  },
  check(span, ctx) {
    const model = ctx.model;
    const leak = findLeak(span, model);
    if (!leak) return [];
    const sf = model.sourceFile;
    return [
      withFixes(
        {
          ...spanFinding(this.id, span, ctx),
          message: messageOf(leak, this.messages, sf),
          evidence: [],
        },
        () => tryFinallyFix(leak, model, wrapsMeetOf(ctx.spans, model)),
      ),
    ];
  },
});

function messageOf(leak: Leak, messages: Readonly<Record<string, string>>, sf: ts.SourceFile): string {
  if (leak.reason === 'discarded') return messages.discarded;
  if (!leak.holder) return messages.neverCallback;
  const name = leak.holder.name;
  const fix = leak.holder.region.kind === ts.SyntaxKind.Block ? `; end it in a \`finally\` block` : '';
  if (leak.reason === 'never') return format(messages.never, { span: name, fix });
  const line = (pos: number) => String(sf.getLineAndCharacterOfPosition(pos).line + 1);
  if (leak.reason === 'thenOnly') return format(messages.thenOnly, { span: name, line: line(leak.node.getStart(sf)) });
  const others = leak.paths - 1;
  const more = others > 0 ? ` (${others} other ${others === 1 ? 'path does' : 'paths do'} the same)` : '';
  const node = leak.node;
  let what = '';
  if (leak.reason === 'await') {
    const operand = ts.isAwaitExpression(node) ? ts.skipPartiallyEmittedExpressions(node.expression) : undefined;
    what = operand && ts.isCallExpression(operand) ? `await ${calleeText(operand, sf)}(…)` : ts.isForOfStatement(node) ? 'for await' : 'await';
  } else if (leak.reason === 'jump') {
    what = ts.isBreakStatement(node) ? 'break' : 'continue';
  }
  const at = leak.reason === 'blockEnd' ? node.end - 1 : node.getStart(sf);
  return format(messages[leak.reason], { span: name, line: line(at), more, what, fix });
}

/** Per analysis (its spans): whether a leak's try/finally wrap meets another span's, built once for all its fixes. */
const wrapsMeetBySpans = new WeakMap<readonly { span: SpanCall }[], (leak: Leak) => boolean>();

function wrapsMeetOf(spans: readonly { span: SpanCall }[], model: FileModel): (leak: Leak) => boolean {
  let meets = wrapsMeetBySpans.get(spans);
  if (!meets) {
    meets = otherWrapsMeet(spans.map((s) => findLeak(s.span, model)).filter((l): l is Leak => !!l));
    wrapsMeetBySpans.set(spans, meets);
  }
  return meets;
}
