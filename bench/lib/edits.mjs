// The edits of the edit-latency run, the same for the server and for its in-process baseline: typing one
// character into a span's name and deleting it again, walking through the file's spans in order.

/** Offsets just inside the quoted names of the file's span calls (`startActiveSpan('x...`). */
export function spanNameOffsets(text) {
  return [...text.matchAll(/\btracer\.start(?:Active)?Span\('/g)].map((m) => m.index + m[0].length + 1);
}

/**
 * `count` edits as { start, end, text } offsets into the text as it is when the edit is applied: even edits
 * insert "x" after the first character of a span name, odd edits remove it, so the text alternates between
 * the original and one character more.
 */
export function editsFor(text, count) {
  const spots = spanNameOffsets(text);
  if (!spots.length) throw new Error('the edit file has no span calls');
  const edits = [];
  for (let i = 0; i < count; i++) {
    const at = spots[Math.floor(i / 2) % spots.length];
    edits.push(i % 2 === 0 ? { start: at, end: at, text: 'x' } : { start: at, end: at + 1, text: '' });
  }
  return edits;
}

export function applyEdit(text, e) {
  return text.slice(0, e.start) + e.text + text.slice(e.end);
}
