// Sentences shared by the kind rules: why the inferred kind, said with its evidence.
import { evidenceSentence } from '../analysis/inferKind';
import type { Inference } from '../analysis/types';

/** "`producer.send` (kafkajs) runs inside this span" / "this span is the outermost span of ...". */
export function becauseText(inference: Inference): string {
  const ev = inference.evidence;
  if (ev.length && ev[0].role === 'handler' && ev[0].instrumentedBy) {
    const { module, where, entryKind } = ev[0].instrumentedBy;
    return `this span runs in a handler (\`${ev[0].label}\`, ${ev[0].library}) whose ${entryKind} span ${module} already creates (registered at ${where})`;
  }
  if (ev.length && ev[0].role === 'handler') {
    const what = inference.kind === 'SERVER' ? 'request handler' : 'message handler';
    const notes = [`\`${ev[0].label}\``, ev[0].library, ev[0].byName ? 'matched by name' : undefined].filter(Boolean);
    return `this span is the outermost span of a ${what} (${notes.join(', ')})`;
  }
  if (ev.length) return evidenceSentence(ev, 'this span');
  return 'nothing inside this span leaves the process';
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
