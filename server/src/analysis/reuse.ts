// Reuse of a file's previous analysis after an edit. The file is cut into units (top-level statements, and
// the members of top-level classes); a unit "reads" another when it mentions a name the other declares.
// An edit changes the units it touches; the spans whose results can depend on them are analysed again:
// those in units that read a changed unit, directly or through others, and those in units such readers
// read (their callers' context is in the readers). Every other span keeps its inference and findings, with
// positions moved past the edit, and the walk keeps the parts of the units that read no changed unit.
// Names are compared as words of the units' text, so the test errs on the side of analysing again: a
// comment or a string naming a function counts as a mention.
import ts = require('typescript');
import { forEachUnit, type WalkPart } from './findSpanCalls';
import { parseDiagnosticsOf } from './model';
import type { Inference, Finding, SpanCall, TextRange } from './types';

/** What a span's earlier analysis produced, in the coordinates of the text it was made for. */
export interface SpanRecord {
  /** End of the span call (its `pos` is the record's key). */
  callEnd: number;
  inference: Inference;
  /** Its findings without their fixes (rebuilt on demand); undefined when the span was silenced. */
  findings: Omit<Finding, 'fixes'>[] | undefined;
  /** Other files its inference passed through. */
  files: readonly string[];
  /** Nothing of it names a line of this file (no digit in its messages and reason, no step here). */
  lineFree: boolean;
}

/** Everything the analysis results depend on besides the file's text and the program's other files. */
export interface ReuseKey {
  settings: unknown;
  catalogue: unknown;
  instrumentation: unknown;
  rules: unknown;
  typed: boolean;
}

/** What an analysis keeps for the next analysis of the same file. Holds no checker and no model. */
export interface ReuseState {
  readonly key: ReuseKey;
  readonly fileName: string;
  readonly text: string;
  readonly isModule: boolean;
  /** The program's other files (same objects while unchanged), when the analysis had a program. */
  readonly otherFiles: readonly ts.SourceFile[] | undefined;
  readonly units: UnitGraph;
  /** By the span call's `pos`. */
  readonly spans: ReadonlyMap<number, SpanRecord>;
  /** What the walk found in each unit, by unit node. */
  readonly parts: ReadonlyMap<ts.Node, WalkPart>;
}

/** Everything of a ReuseState known before the file is walked and analysed. */
export type ReuseBase = Omit<ReuseState, 'spans' | 'parts'>;

interface UnitInfo {
  /** The names it mentions: every word of its text (comments and strings too), but its own declarations. */
  readonly ids: ReadonlySet<string>;
  /** Names it declares that other units can mention: top-level bindings, members, assigned properties. */
  readonly decl: ReadonlySet<string>;
  /** Of `decl`, the top-level bindings (variables, functions, classes, imports...), for a top-level unit. */
  readonly bindings: ReadonlySet<string>;
  /** Plain names it assigns (`x = ...`, `x++`): a declaration of the file's `x` when the file binds one. */
  readonly assigns: ReadonlySet<string>;
  /** It declares what reaches beyond names (a global or module augmentation, JSDoc types): no reuse across it. */
  readonly global: boolean;
  /** It holds code that runs (false for types, imports and ambient declarations): it can call other units. */
  readonly executable: boolean;
}

interface Unit {
  /** The statement, class member, or class (for the rest of it). */
  node: ts.Node;
  /** `[pos, end)` in the text, leading trivia included. */
  pos: number;
  end: number;
  info: UnitInfo;
  /** A class: its members are the next `members` units, and this unit stands for the rest of it. */
  members?: number;
  /** A class: where its members lie, `[pos, end)`, and its nodes outside them (decorators, name, heritage). */
  inner?: [number, number];
  roots?: readonly ts.Node[];
  /** A member: the index of its class's unit. */
  header?: number;
  /** The syntax errors reported in `[pos, end]`, relative to `pos` (rules keep out of code with errors). */
  errors?: string;
}

const WORD = /[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/gu;

/** What the file's walk adds to the names: reads by position, and code every span depends on. */
export interface WalkFacts {
  /** Each span call's position and the ranges of code that run while it is open. */
  spans: readonly { pos: number; scope: readonly TextRange[] }[];
  /** Positions of code whose meaning is the whole file's (a middleware every route runs in). */
  fileWide: readonly number[];
}

/** The units of a file and the names they mention and declare. */
export class UnitGraph {
  private declIndex: Map<string, number[]> | undefined;
  private decls: (ReadonlySet<string> | undefined)[] = [];
  private topNames: Set<string> | undefined;
  /** Reads by position (a span open over other units), both ways. */
  private readonly links = new Map<number, Set<number>>();
  /** Units every span reads. */
  private readonly fileWide = new Set<number>();

  /** For each unit, the earlier graph's unit with the same text and place in the tree, or -1. */
  private matches: Int32Array | undefined;
  /** The earlier graph's units no unit of this one matches. */
  private earlierUnmatched: number[] = [];
  private earlier: UnitGraph | undefined;
  /** The edit from the earlier graph's text to this one's. */
  private change: ts.TextChangeRange | undefined;

  private constructor(
    readonly units: readonly Unit[],
    /** Indices of the top-level units, in order. */
    private readonly tops: readonly number[],
    readonly text: string,
  ) {}

  /**
   * Cuts `sf` into units (see forEachUnit). Units an earlier graph (of the text before an edit) has too, at
   * the same place after the edit, with the same text and nesting and syntax errors, take its infos.
   */
  static cut(sf: ts.SourceFile, earlier?: UnitGraph): UnitGraph {
    const text = sf.text;
    const units: Unit[] = [];
    const tops: number[] = [];
    const computes: (() => UnitInfo)[] = [];
    const headers = new Map<ts.Node, number>();
    // Their infos are set below, once matched with the earlier graph's.
    const unit = (u: Omit<Unit, 'info'>) => u as Unit;
    forEachUnit(sf, (node, roots, cls) => {
      const header = cls && headers.get(cls);
      if (header === undefined) tops.push(units.length);
      if (ts.isClassDeclaration(node) && node.members.length > 0) {
        const members = node.members;
        headers.set(node, units.length);
        units.push(unit({ node, pos: node.pos, end: node.end, members: members.length, inner: [members.pos, members.end], roots }));
        computes.push(() => headerInfo(node, text.slice(node.pos, members.pos) + text.slice(members.end, node.end)));
      } else if (header !== undefined) {
        units.push(unit({ node, pos: node.pos, end: node.end, header }));
        computes.push(() => memberInfo(node as ts.ClassElement, text.slice(node.pos, node.end), text));
      } else {
        units.push(unit({ node, pos: node.pos, end: node.end }));
        computes.push(() => statementInfo(node as ts.Statement, text.slice(node.pos, node.end), text));
      }
    });
    const graph = new UnitGraph(units, tops, text);
    for (const d of parseDiagnosticsOf(sf)) {
      const at = d.start;
      if (at === undefined) continue;
      // The units holding the error's start, and the one ending there (a check of `[pos, end]` meets it).
      for (const top of new Set([graph.topAt(at), graph.topAt(at - 1)])) {
        if (top === undefined) continue;
        for (let i = top; i <= top + (units[top].members ?? 0); i++) {
          const u = units[i];
          if (at >= u.pos && at <= u.end) u.errors = `${u.errors ?? ''}${at - u.pos}:${d.length}:${d.code};`;
        }
      }
    }
    if (earlier) graph.match(earlier);
    units.forEach((unit, i) => {
      const j = graph.matches?.[i] ?? -1;
      unit.info = j >= 0 ? earlier!.units[j].info : computes[i]();
    });
    return graph;
  }

  /** Pairs this graph's units with the earlier graph's (both in text order) outside the edit between them. */
  private match(earlier: UnitGraph): void {
    const range = changeRange(earlier.text, this.text);
    this.change = range;
    const start = range.span.start;
    const newEnd = start + range.newLength;
    const delta = range.newLength - range.span.length;
    const theirs = earlier.units;
    const matches = new Int32Array(this.units.length).fill(-1);
    const matched = new Uint8Array(theirs.length);
    let j = 0;
    this.units.forEach((u, i) => {
      // Only a unit wholly before or wholly after the edit has the text it had; a class edited among its
      // members only keeps the text of the rest of it.
      const inside = u.inner !== undefined && u.inner[0] <= start && newEnd <= u.inner[1];
      const [pos, end] = u.end <= start ? [u.pos, u.end] : u.pos >= newEnd ? [u.pos - delta, u.end - delta] : inside ? [u.pos, u.end - delta] : [-1, -1];
      if (pos < 0) return;
      while (j < theirs.length && theirs[j].pos < pos) j++;
      const o = theirs[j];
      if (!o || o.pos !== pos || o.end !== end || (o.errors ?? '') !== (u.errors ?? '') || (o.members ?? 0) > 0 !== (u.members ?? 0) > 0) return;
      if (inside && (o.inner?.[0] !== u.inner![0] || o.inner?.[1] !== u.inner![1] - delta)) return;
      if ((u.header === undefined) !== (o.header === undefined) || (u.header !== undefined && matches[u.header] !== o.header)) return;
      matches[i] = j;
      matched[j] = 1;
    });
    this.matches = matches;
    this.earlier = earlier;
    // Only the last pairing is ever asked for: the earlier graph lets go of its own predecessor.
    earlier.earlier = undefined;
    earlier.matches = undefined;
    earlier.change = undefined;
    this.earlierUnmatched = [];
    for (let k = 0; k < theirs.length; k++) if (!matched[k]) this.earlierUnmatched.push(k);
  }

  /**
   * The units parsed otherwise than in `earlier` (an unclosed brace regroups what follows): this graph's
   * units without a match, and the earlier graph's.
   */
  unmatchedSince(earlier: UnitGraph): { ours: number[]; theirs: number[]; change: ts.TextChangeRange } | undefined {
    if (!this.matches || !this.change || this.earlier !== earlier) return undefined;
    const ours: number[] = [];
    this.matches.forEach((j, i) => {
      if (j < 0) ours.push(i);
    });
    return { ours, theirs: this.earlierUnmatched, change: this.change };
  }

  /** Adds what the file's walk tells beyond names: positional reads, file-wide code (see WalkFacts). */
  addFacts(facts: WalkFacts): this {
    for (const span of facts.spans) {
      const own = this.unitAt(span.pos);
      if (own === undefined) continue;
      for (const range of span.scope) {
        const { pos, end } = this.units[own];
        if (range.start >= pos && range.end <= end) continue;
        for (let i = 0; i < this.units.length; i++) {
          const u = this.units[i];
          if (i !== own && u.pos < range.end && u.end > range.start) this.link(own, i);
        }
      }
    }
    for (const pos of facts.fileWide) {
      const unit = this.unitAt(pos);
      if (unit !== undefined) this.fileWide.add(unit);
    }
    return this;
  }

  /** Does a span of unit `i` stay open over other units? */
  hasLinks(i: number): boolean {
    return (this.links.get(i)?.size ?? 0) > 0;
  }

  /** The earlier graph's unit matched to unit `i` (see cut), or -1. */
  matchOf(i: number): number {
    return this.matches?.[i] ?? -1;
  }

  private link(a: number, b: number): void {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ]) {
      const set = this.links.get(x) ?? new Set<number>();
      set.add(y);
      this.links.set(x, set);
    }
  }

  /** What unit `i` declares, with the plain names it assigns that the file declares. */
  private declOf(i: number): ReadonlySet<string> {
    const known = this.decls[i];
    if (known) return known;
    if (!this.topNames) {
      this.topNames = new Set();
      for (const top of this.tops) for (const name of this.units[top].info.bindings) this.topNames.add(name);
    }
    const info = this.units[i].info;
    let decl: Set<string> | undefined;
    for (const name of info.assigns) {
      if (this.topNames.has(name) && !info.decl.has(name)) (decl ??= new Set(info.decl)).add(name);
    }
    return (this.decls[i] = decl ?? info.decl);
  }

  /** The unit holding `pos`: a class member, or the top-level unit. */
  unitAt(pos: number): number | undefined {
    const top = this.topAt(pos);
    if (top === undefined) return undefined;
    const unit = this.units[top];
    for (let i = top + 1; i <= top + (unit.members ?? 0); i++) {
      if (this.units[i].pos <= pos && pos < this.units[i].end) return i;
    }
    return top;
  }

  private topAt(pos: number): number | undefined {
    let lo = 0;
    let hi = this.tops.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const unit = this.units[this.tops[mid]];
      if (pos < unit.pos) hi = mid - 1;
      else if (pos >= unit.end) lo = mid + 1;
      else return this.tops[mid];
    }
    return undefined;
  }

  /**
   * The units an edit of `[start, end)` touches, the edit widened to whole lines (a silencing comment
   * acts on its line and the next).
   */
  changedBy(start: number, end: number): Set<number> {
    const text = this.text;
    const from = text.lastIndexOf('\n', start - 1) + 1;
    const nl = text.indexOf('\n', end);
    // The edited lines' characters, [from, to); an empty line still meets the unit whose trivia holds it.
    const to = Math.max(nl < 0 ? text.length : nl, from + 1);
    const meets = (unit: Unit) => unit.pos < to && unit.end > from;
    const changed = new Set<number>();
    for (const top of this.tops) {
      const unit = this.units[top];
      const count = unit.members ?? 0;
      if (!meets(unit)) {
        if (unit.pos >= to) break;
        continue;
      }
      const touched: number[] = [];
      for (let i = top + 1; i <= top + count; i++) if (meets(this.units[i])) touched.push(i);
      const only = touched.length === 1 ? this.units[touched[0]] : undefined;
      if (only && only.pos <= from && to <= only.end) changed.add(touched[0]);
      else for (let i = top; i <= top + count; i++) changed.add(i);
    }
    return changed;
  }

  /** Does one of `units` declare what reaches beyond names? */
  anyGlobal(units: Iterable<number>): boolean {
    for (const i of units) if (this.units[i].info.global) return true;
    return false;
  }

  /** The units that read a unit of `changed`, directly or through other units (a class's members with their class). */
  readersOf(changed: Iterable<number>): Set<number> {
    // The walk and the span records ask for the same edit, most often with the same units.
    const key = [...changed].sort((a, b) => a - b).join(',');
    if (this.readersMemo?.key === key) return this.readersMemo.readers;
    const readers = this.findReaders(changed);
    this.readersMemo = { key, readers };
    return readers;
  }

  private readersMemo: { key: string; readers: Set<number> } | undefined;

  private findReaders(changed: Iterable<number>): Set<number> {
    const units = this.units;
    const readers = new Set<number>();
    let names = new Set<string>();
    let added: number[] = [];
    const addReader = (i: number) => {
      if (readers.has(i)) return;
      readers.add(i);
      added.push(i);
      for (const name of this.declOf(i)) names.add(name);
    };
    for (const i of changed) addReader(i);
    while (added.length > 0) {
      const round = added;
      const roundNames = names;
      added = [];
      names = new Set<string>();
      for (const i of round) for (const j of this.links.get(i) ?? []) addReader(j);
      for (let i = 0; i < units.length; i++) {
        if (readers.has(i)) continue;
        const header = units[i].header;
        if (header !== undefined && readers.has(header)) {
          addReader(i);
          continue;
        }
        const ids = units[i].info.ids;
        // Whichever set is smaller is walked: an edit that moves lines changes many units at once.
        const [few, many] = ids.size < roundNames.size ? [ids, roundNames] : [roundNames, ids];
        for (const name of few) {
          if (many.has(name)) {
            addReader(i);
            break;
          }
        }
      }
    }
    return readers;
  }

  /**
   * The units whose spans may read what `changed` declares or does: the units that read a changed unit,
   * directly or through other units (a class's members with their class), and every unit those read.
   */
  affectedBy(changed: ReadonlySet<number>): Set<number> {
    const units = this.units;
    const readers = this.readersOf(changed);
    for (const i of this.fileWide) if (readers.has(i)) return new Set(units.keys());
    const index = this.declarations();
    const affected = new Set(readers);
    const queue = [...readers];
    const add = (i: number) => {
      if (affected.has(i)) return;
      affected.add(i);
      queue.push(i);
    };
    while (queue.length > 0) {
      const i = queue.pop()!;
      const unit = units[i];
      if (unit.header !== undefined) add(unit.header);
      // What a unit reads matters here as what it calls: types and imports call nothing.
      if (!unit.info.executable) continue;
      for (const j of this.links.get(i) ?? []) add(j);
      for (const id of unit.info.ids) for (const j of index.get(id) ?? []) add(j);
    }
    return affected;
  }

  private declarations(): Map<string, number[]> {
    if (this.declIndex) return this.declIndex;
    const index = new Map<string, number[]>();
    this.units.forEach((_, i) => {
      for (const name of this.declOf(i)) {
        const list = index.get(name);
        if (list) list.push(i);
        else index.set(name, [i]);
      }
    });
    return (this.declIndex = index);
  }
}

/**
 * Where an edit lies between two texts: the common prefix and suffix, compared 1,024 characters at a time
 * before character by character.
 */
export function changeRange(before: string, after: string): ts.TextChangeRange {
  const CHUNK = 1024;
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix + CHUNK <= max && before.substring(prefix, prefix + CHUNK) === after.substring(prefix, prefix + CHUNK)) prefix += CHUNK;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  const b = before.length;
  const a = after.length;
  let suffix = 0;
  while (suffix + CHUNK <= max - prefix && before.substring(b - suffix - CHUNK, b - suffix) === after.substring(a - suffix - CHUNK, a - suffix)) suffix += CHUNK;
  while (suffix < max - prefix && before.charCodeAt(b - 1 - suffix) === after.charCodeAt(a - 1 - suffix)) suffix++;
  return ts.createTextChangeRange(ts.createTextSpan(prefix, b - suffix - prefix), a - suffix - prefix);
}

/**
 * The records of `previous` that still hold for the spans of the new version (`units` is its graph), by
 * the new call's `pos`, moved to the new text's positions; an empty map when nothing can be reused.
 */
export function reusableSpans(previous: ReuseState | undefined, current: ReuseBase, spanPositions: readonly { pos: number; end: number }[]): Map<number, SpanRecord> {
  const reusable = new Map<number, SpanRecord>();
  const edit = editBetween(previous, current);
  if (!edit) return reusable;
  const { before, start, newEnd, delta, linesMoved, changedOld, changedNew, toNew } = edit;
  const toOld = (pos: number) => (pos <= start ? pos : pos >= newEnd ? pos - delta : undefined);
  let affectedOld: Set<number> | undefined;
  let affectedNew: Set<number> | undefined;
  for (const { pos, end } of spanPositions) {
    const oldPos = toOld(pos);
    const record = oldPos === undefined ? undefined : before.spans.get(oldPos);
    // Messages and evidence that name lines of this file are made again when the edit moved lines.
    if (!record || toOld(end) !== record.callEnd || (linesMoved && !record.lineFree)) continue;
    const unitNew = current.units.unitAt(pos);
    const unitOld = before.units.unitAt(oldPos!);
    if (unitNew === undefined || unitOld === undefined) continue;
    affectedNew ??= current.units.affectedBy(changedNew);
    if (affectedNew.has(unitNew)) continue;
    affectedOld ??= before.units.affectedBy(changedOld);
    if (affectedOld.has(unitOld)) continue;
    const moved = moveRecord(record, toNew);
    if (moved) reusable.set(pos, moved);
  }
  return reusable;
}

/**
 * The walk parts of `previous` the walk of the new version can take instead of walking their units: units
 * the edit left in place as the same syntax nodes, whose names do not lead to a changed unit (their span
 * calls, handlers and wrapper calls are what they were), and whose spans stay inside them. Span calls come
 * with their scopes moved past the edit. Undefined when nothing can be taken.
 */
export function reusableParts(previous: ReuseState | undefined, current: ReuseBase): ((unit: ts.Node) => WalkPart | undefined) | undefined {
  const edit = editBetween(previous, current, true);
  if (!edit) return undefined;
  const { before, newEnd, delta, changedOld, changedNew } = edit;
  const ours = current.units;
  const theirs = before.units;
  const readersNew = ours.readersOf(changedNew);
  const readersOld = theirs.readersOf(changedOld);
  const byNode = new Map(ours.units.map((u, i) => [u.node, i]));
  return (node) => {
    const i = byNode.get(node);
    if (i === undefined || readersNew.has(i)) return undefined;
    const j = ours.matchOf(i);
    if (j < 0 || readersOld.has(j) || theirs.hasLinks(j)) return undefined;
    const part = before.parts.get(node);
    if (!part) return undefined;
    if (!part.spans.length && !part.wrapperSpans.length) return part;
    const shift = ours.units[i].pos >= newEnd ? delta : 0;
    // New span objects even where nothing moved: caches keyed by span call hold the previous version's results.
    const moved = (span: SpanCall): SpanCall => ({ ...span, scope: span.scope.map((r) => ({ start: r.start + shift, end: r.end + shift })) });
    return { ...part, spans: part.spans.map(moved), wrapperSpans: part.wrapperSpans.map(moved) };
  };
}

/**
 * The edit from `previous` to `current`, when anything of `previous` can be reused: where it lies, and the
 * units it changed on each side — the units on its lines, the units parsed otherwise than before (an
 * unclosed brace regroups what follows), and for the walk, the units TypeScript parsed anew (what points at their old nodes is of no use; a class edited in one member is a
 * new node around the same decorators, name and heritage). Undefined across other inputs or a global
 * declaration.
 */
function editBetween(previous: ReuseState | undefined, current: ReuseBase, forWalk = false) {
  if (!previous || !sameInputs(previous, current)) return undefined;
  const ours = current.units;
  const theirs = previous.units;
  const unmatched = ours.unmatchedSince(theirs);
  if (!unmatched) return undefined;
  const range = unmatched.change;
  const start = range.span.start;
  const oldEnd = start + range.span.length;
  const newEnd = start + range.newLength;
  const delta = range.newLength - range.span.length;
  const linesMoved = lineBreaks(previous.text, start, oldEnd) !== lineBreaks(current.text, start, newEnd);
  const changedOld = theirs.changedBy(start, oldEnd);
  const changedNew = ours.changedBy(start, newEnd);
  for (const i of unmatched.theirs) changedOld.add(i);
  for (const i of unmatched.ours) changedNew.add(i);
  if (forWalk) {
    const sameNodes = (a: Unit, b: Unit) => a.node === b.node || (!!a.roots && !!b.roots && a.roots.length === b.roots.length && a.roots.every((r, k) => r === b.roots![k]));
    ours.units.forEach((u, i) => {
      const j = ours.matchOf(i);
      if (j >= 0 && !sameNodes(theirs.units[j], u)) {
        changedNew.add(i);
        changedOld.add(j);
      }
    });
  }
  if (theirs.anyGlobal(changedOld) || ours.anyGlobal(changedNew)) return undefined;
  const toNew = (pos: number) => (pos <= start ? pos : pos >= oldEnd ? pos + delta : undefined);
  return { before: previous, start, newEnd, delta, linesMoved, changedOld, changedNew, toNew };
}

function sameInputs(previous: ReuseState, current: ReuseBase): boolean {
  const a = previous.key;
  const b = current.key;
  if (a.settings !== b.settings || a.catalogue !== b.catalogue || a.instrumentation !== b.instrumentation || a.rules !== b.rules || a.typed !== b.typed) return false;
  if (previous.fileName !== current.fileName || previous.isModule !== current.isModule) return false;
  const x = previous.otherFiles;
  const y = current.otherFiles;
  if (x === undefined || y === undefined) return x === y;
  return x.length === y.length && x.every((f, i) => f === y[i]);
}

function lineBreaks(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', start); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** The record with every position moved into the new text; undefined when one lies inside the edit. */
function moveRecord(record: SpanRecord, toNew: (pos: number) => number | undefined): SpanRecord | undefined {
  let inside = false;
  const move = <T extends TextRange>(r: T): T => {
    const start = toNew(r.start);
    const end = toNew(r.end);
    if (start === undefined || end === undefined) inside = true;
    return start === r.start && end === r.end ? r : { ...r, start: start ?? r.start, end: end ?? r.end };
  };
  const inference = { ...record.inference, evidence: record.inference.evidence.map(move) };
  const findings = record.findings?.map((f) => {
    const spanStart = f.spanStart === undefined ? undefined : toNew(f.spanStart);
    if (f.spanStart !== undefined && spanStart === undefined) inside = true;
    return { ...move(f), evidence: f.evidence.map(move), spanStart };
  });
  const callEnd = toNew(record.callEnd);
  if (inside || callEnd === undefined) return undefined;
  return { ...record, callEnd, inference, findings };
}

function headerInfo(cls: ts.ClassDeclaration, text: string): UnitInfo {
  const decl = new Set<string>([cls.name ? cls.name.text : 'default']);
  const assigns = new Set<string>();
  for (const part of [...(ts.getDecorators(cls) ?? []), ...(cls.heritageClauses ?? [])]) addAssignments(part, decl, assigns);
  return { ids: mentionsOf(text, cls, decl), decl, bindings: new Set(decl), assigns, global: false, executable: true };
}

function memberInfo(member: ts.ClassElement, text: string, fileText: string): UnitInfo {
  const decl = new Set<string>();
  addMemberName(member.name, decl, fileText);
  if (ts.isConstructorDeclaration(member)) {
    decl.add('constructor');
    for (const p of member.parameters) if (ts.canHaveModifiers(p) && ts.getModifiers(p)?.length) addBindingNames(p.name, decl);
  }
  const assigns = new Set<string>();
  addAssignments(member, decl, assigns);
  return { ids: mentionsOf(text, member, decl), decl, bindings: new Set(), assigns, global: false, executable: true };
}

function statementInfo(stmt: ts.Statement, text: string, fileText: string): UnitInfo {
  const decl = new Set<string>();
  const members = new Set<string>();
  let global = false;
  const name = (stmt as { name?: ts.Node }).name;
  if (ts.isModuleDeclaration(stmt)) {
    // `declare global`, `declare module 'x'`: they change names beyond this file's.
    global = !ts.isIdentifier(stmt.name) || (stmt.flags & ts.NodeFlags.GlobalAugmentation) !== 0;
    if (ts.isIdentifier(stmt.name)) decl.add(stmt.name.text);
    addAllDeclaredNames(stmt, members, fileText);
  } else if (ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt)) {
    decl.add(stmt.name ? stmt.name.text : 'default');
  } else if (ts.isInterfaceDeclaration(stmt) || ts.isTypeAliasDeclaration(stmt) || ts.isEnumDeclaration(stmt)) {
    decl.add(stmt.name.text);
    addAllDeclaredNames(stmt, members, fileText);
  } else if (ts.isVariableStatement(stmt)) {
    for (const d of stmt.declarationList.declarations) addBindingNames(d.name, decl);
  } else if (ts.isImportDeclaration(stmt)) {
    const clause = stmt.importClause;
    if (clause?.name) decl.add(clause.name.text);
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) decl.add(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) decl.add(e.name.text);
  } else if (ts.isImportEqualsDeclaration(stmt)) {
    decl.add(stmt.name.text);
  } else if (ts.isExportDeclaration(stmt)) {
    if (stmt.exportClause && ts.isNamedExports(stmt.exportClause)) for (const e of stmt.exportClause.elements) decl.add(e.name.text);
    else if (stmt.exportClause) decl.add(stmt.exportClause.name.text);
  } else if (ts.isExportAssignment(stmt)) {
    decl.add('default');
  } else if (name === undefined) {
    // if/for/try/blocks and expressions at the top: the `var`s, functions and classes they declare.
    addScopeDeclarations(stmt, decl);
  }
  const bindings = new Set(decl);
  for (const name of members) decl.add(name);
  const assigns = new Set<string>();
  addAssignments(stmt, decl, assigns);
  // JSDoc types (`@typedef`, `@callback`) are visible to the whole file, by names we do not collect.
  if (/@(?:typedef|callback)\b/.test(text)) global = true;
  const ambient = ts.canHaveModifiers(stmt) && (ts.getModifiers(stmt) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
  const executable = !ambient && !ts.isInterfaceDeclaration(stmt) && !ts.isTypeAliasDeclaration(stmt) && !ts.isImportDeclaration(stmt) && !(ts.isExportDeclaration(stmt) && stmt.moduleSpecifier);
  return { ids: mentionsOf(text, stmt, decl), decl, bindings, assigns, global, executable };
}

function addMemberName(name: ts.PropertyName | undefined, into: Set<string>, fileText: string): void {
  if (!name) return;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) into.add(name.text);
  else if (ts.isPrivateIdentifier(name)) into.add(name.text.slice(1));
  else if (ts.isComputedPropertyName(name)) for (const w of fileText.slice(name.expression.pos, name.expression.end).match(WORD) ?? []) into.add(w);
}

function addBindingNames(name: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) into.add(name.text);
  else for (const e of name.elements) if (!ts.isOmittedExpression(e)) addBindingNames(e.name, into);
}

/** Names of every named declaration under `node` (members of interfaces and type literals, namespace contents). */
function addAllDeclaredNames(node: ts.Node, into: Set<string>, fileText: string): void {
  const visit = (n: ts.Node): void => {
    const name = (n as { name?: ts.Node }).name;
    if (name && n !== node) {
      if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isComputedPropertyName(name)) addMemberName(name as ts.PropertyName, into, fileText);
      else if (ts.isObjectBindingPattern(name) || ts.isArrayBindingPattern(name)) addBindingNames(name, into);
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
}

/** Declarations a statement puts in the file's scope: `var`s, functions and classes, outside functions. */
function addScopeDeclarations(stmt: ts.Node, into: Set<string>): void {
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n)) addBindingNames(n.name, into);
    if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n)) && n.name) into.add(n.name.text);
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    ts.forEachChild(n, visit);
  };
  visit(stmt);
}

/**
 * What the code under `node` assigns: properties (`this.client = ...`, `Foo.prototype.run = ...`,
 * `exports['x'] = ...`) into `props`, plain names (`x = 1`, `x++`, `[a, b] = pair`) into `names`.
 */
function addAssignments(node: ts.Node, props: Set<string>, names: Set<string>): void {
  const target = (e: ts.Expression): void => {
    while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
    if (ts.isIdentifier(e)) names.add(e.text);
    else if (ts.isPropertyAccessExpression(e)) props.add(ts.isPrivateIdentifier(e.name) ? e.name.text.slice(1) : e.name.text);
    else if (ts.isElementAccessExpression(e)) {
      if (ts.isStringLiteralLike(e.argumentExpression) || ts.isNumericLiteral(e.argumentExpression)) props.add(e.argumentExpression.text);
    } else if (ts.isArrayLiteralExpression(e)) {
      for (const el of e.elements) target(ts.isSpreadElement(el) ? el.expression : el);
    } else if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        if (ts.isPropertyAssignment(p)) target(p.initializer);
        else if (ts.isShorthandPropertyAssignment(p)) names.add(p.name.text);
        else if (ts.isSpreadAssignment(p)) target(p.expression);
      }
    } else if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) target(e.left);
  };
  const visit = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) target(n.left);
    else if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) target(n.operand);
    else if ((ts.isForOfStatement(n) || ts.isForInStatement(n)) && !ts.isVariableDeclarationList(n.initializer)) target(n.initializer);
    ts.forEachChild(n, visit);
  };
  visit(node);
}

/**
 * The words of a unit's text; with escapes in it (`\u0061`), also its identifiers as TypeScript reads them.
 * A name the unit declares and writes only once is its declaration, not a mention: two methods named
 * `findById` in two classes do not read each other.
 */
function mentionsOf(text: string, node: ts.Node, decl: ReadonlySet<string>): Set<string> {
  const counts = new Map<string, number>();
  for (const word of text.match(WORD) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  const words = new Set(counts.keys());
  for (const name of decl) if (counts.get(name) === 1) words.delete(name);
  if (text.includes('\\')) {
    const visit = (n: ts.Node): void => {
      if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) words.add(n.text.replace(/^#/, ''));
      ts.forEachChild(n, visit);
    };
    visit(node);
  }
  return words;
}
