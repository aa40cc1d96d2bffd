// Text + changes -> text. The one place edits are applied, for the CLI's --fix and the tests; the editor
// applies the same changes through LSP.
import type { Fix, TextChange } from './types';

/** Changes from `fixes`, de-duplicated, sorted, with every fix that overlaps an earlier one dropped whole. */
export function mergeFixes(fixes: readonly Fix[]): TextChange[] {
  const accepted: TextChange[] = [];
  const key = (c: TextChange) => `${c.start}:${c.end}:${c.newText}`;
  const seen = new Set<string>();
  for (const fix of fixes) {
    const fresh = fix.changes.filter((c) => !seen.has(key(c)));
    if (fresh.some((c) => accepted.some((a) => overlaps(a, c)))) continue;
    for (const c of fresh) {
      seen.add(key(c));
      accepted.push(c);
    }
  }
  return accepted.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Applies the fixes' changes to `text` (overlapping fixes after the first are skipped). */
export function applyFixes(text: string, fixes: readonly Fix[]): string {
  const changes = mergeFixes(fixes);
  let out = '';
  let at = 0;
  for (const c of changes) {
    out += text.slice(at, c.start) + c.newText;
    at = c.end;
  }
  return out + text.slice(at);
}

function overlaps(a: TextChange, b: TextChange): boolean {
  if (a.start === a.end && b.start === b.end) return false;
  return a.start < b.end && b.start < a.end;
}
