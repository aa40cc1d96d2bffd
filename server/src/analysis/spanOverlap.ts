// Which spans of a file are started after a span and open over some of its code. Asked for every span (the
// calls a span owns are the ones no such span owns); answered from an index of the file's scope ranges, so
// that each span costs what overlaps it, not a pass over every span of the file.
import type { FileWalk } from './findSpanCalls';
import type { SpanCall, TextRange } from './types';

/** Ranges, each with an owner (an index), sorted by start, with a max-end tree over them for stabbing queries. */
export class RangeIndex {
  private readonly starts: number[];
  private readonly ends: number[];
  private readonly owners: number[];
  /** `maxEnd[node]` of a complete binary tree over the sorted ranges (leaves at `size + i`). */
  private readonly maxEnd: number[];
  private readonly size: number;

  constructor(ranges: { range: TextRange; owner: number }[]) {
    ranges = [...ranges];
    ranges.sort((a, b) => a.range.start - b.range.start);
    this.starts = ranges.map((r) => r.range.start);
    this.ends = ranges.map((r) => r.range.end);
    this.owners = ranges.map((r) => r.owner);
    let size = 1;
    while (size < ranges.length) size *= 2;
    this.size = size;
    this.maxEnd = new Array<number>(2 * size).fill(-Infinity);
    for (let i = 0; i < ranges.length; i++) this.maxEnd[size + i] = this.ends[i];
    for (let node = size - 1; node >= 1; node--) this.maxEnd[node] = Math.max(this.maxEnd[2 * node], this.maxEnd[2 * node + 1]);
  }

  /** Adds to `into` the owners of every range that meets `[start, end)` (`a.start < b.end && b.start < a.end`). */
  meeting(start: number, end: number, into: Set<number>): void {
    // Ranges starting before `end` (a prefix of the sorted ranges) that end after `start`.
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < end) lo = mid + 1;
      else hi = mid;
    }
    this.collect(1, 0, this.size, lo, start, into);
  }

  /** Leaves `[from, to)` of `node` below `limit` whose range ends after `start`. */
  private collect(node: number, from: number, to: number, limit: number, start: number, into: Set<number>): void {
    if (from >= limit || this.maxEnd[node] <= start) return;
    if (to - from === 1) {
      into.add(this.owners[from]);
      return;
    }
    const mid = (from + to) >> 1;
    this.collect(2 * node, from, mid, limit, start, into);
    this.collect(2 * node + 1, mid, to, limit, start, into);
  }
}

/** The scope ranges of a walk's spans, owned by their index in `spans`. */
class ScopeIndex extends RangeIndex {
  constructor(readonly spans: readonly SpanCall[]) {
    super(spans.flatMap((span, owner) => span.scope.map((range) => ({ range, owner }))));
  }
}

const indexes = new WeakMap<FileWalk, ScopeIndex>();
/** How many times an index was built (for the tests: once per walk). */
export const scopeIndexStats = { built: 0 };

function indexOf(walk: FileWalk): ScopeIndex {
  let index = indexes.get(walk);
  if (!index || index.spans !== walk.spans) {
    index = new ScopeIndex(walk.spans);
    indexes.set(walk, index);
    scopeIndexStats.built++;
  }
  return index;
}

/** The spans of `walk` whose scope holds `pos`, in the walk's order. */
export function spansOver(walk: FileWalk, pos: number): SpanCall[] {
  const owners = new Set<number>();
  indexOf(walk).meeting(pos, pos + 1, owners);
  return [...owners].sort((a, b) => a - b).map((i) => walk.spans[i]);
}

/**
 * The spans of `walk` started after `span` whose scope meets its scope, in the walk's order: the spans
 * that may own some of its code.
 */
export function laterSpansMeeting(walk: FileWalk, span: SpanCall): SpanCall[] {
  const index = indexOf(walk);
  const owners = new Set<number>();
  for (const range of span.scope) index.meeting(range.start, range.end, owners);
  const starts = walk.spanStarts;
  const start = starts.get(span)!;
  return [...owners]
    .sort((a, b) => a - b)
    .map((i) => walk.spans[i])
    .filter((other) => other !== span && starts.get(other)! > start);
}
