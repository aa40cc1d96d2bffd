// The comments that silence the checker for one place: `// spankind-ignore-next-line` on the line above,
// `/* spankind-ignore */` on the line itself. Pure.
import type ts = require('typescript');

const IGNORE_NEXT_LINE = /\bspankind-ignore-next-line\b/;
const IGNORE_HERE = /\bspankind-ignore\b(?!-)/;

/** Cheap text test: may the file silence anything at all? */
export function mayBeIgnored(text: string): boolean {
  return text.includes('spankind-ignore');
}

/** Is any of the lines of these offsets silenced, by a comment on it or on the line above? */
export function isIgnoredAt(sf: ts.SourceFile, offsets: readonly number[]): boolean {
  const lines = new Set(offsets.map((pos) => sf.getLineAndCharacterOfPosition(pos).line));
  const starts = sf.getLineStarts();
  const lineText = (line: number) => (line < 0 ? '' : sf.text.slice(starts[line], starts[line + 1] ?? sf.text.length));
  for (const line of lines) {
    if (IGNORE_HERE.test(lineText(line)) || IGNORE_NEXT_LINE.test(lineText(line - 1))) return true;
  }
  return false;
}
