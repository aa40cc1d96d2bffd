// Mutators for the fuzz tests: each is a pure function (text, rng) -> text that damages source code the
// way editing does (a half-typed token, an unclosed brace, a pasted emoji, a file saved with CRLF) or the
// way hostile input does (lone surrogates, NUL bytes, 10,000-character lines, deep nesting).
import * as ts from 'typescript';
import type { Rng } from './rng';

export interface Mutator {
  name: string;
  mutate(text: string, rng: Rng): string;
}

export interface Token {
  start: number;
  end: number;
  kind: ts.SyntaxKind;
}

const TRIVIA = new Set([ts.SyntaxKind.WhitespaceTrivia, ts.SyntaxKind.NewLineTrivia, ts.SyntaxKind.ShebangTrivia]);
const COMMENTS = new Set([ts.SyntaxKind.SingleLineCommentTrivia, ts.SyntaxKind.MultiLineCommentTrivia, ts.SyntaxKind.ConflictMarkerTrivia]);
/** After these a `/` divides; after anything else it starts a regular expression. */
const ENDS_OPERAND = new Set([
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PrivateIdentifier,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.CloseParenToken,
  ts.SyntaxKind.CloseBracketToken,
  ts.SyntaxKind.CloseBraceToken,
  ts.SyntaxKind.PlusPlusToken,
  ts.SyntaxKind.MinusMinusToken,
  ts.SyntaxKind.ThisKeyword,
  ts.SyntaxKind.SuperKeyword,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.NullKeyword,
]);

let lastText: string | undefined;
let lastTokens: Token[] = [];

/**
 * The tokens of `text` (comments included, whitespace not), from `ts.createScanner` with the rescans the
 * parser would do for template continuations and regular expressions. Cached for the last text: mutators
 * stay pure, and a file's tokens are computed once per run of mutations over it.
 */
export function tokensOf(text: string): Token[] {
  if (text === lastText) return lastTokens;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const tokens: Token[] = [];
  const braces: boolean[] = []; // true: the brace closes a template's `${`
  let previous = ts.SyntaxKind.Unknown;
  for (;;) {
    let kind = scanner.scan();
    if (kind === ts.SyntaxKind.EndOfFileToken) break;
    if (kind === ts.SyntaxKind.OpenBraceToken) braces.push(false);
    else if (kind === ts.SyntaxKind.TemplateHead) braces.push(true);
    else if (kind === ts.SyntaxKind.CloseBraceToken) {
      if (braces.at(-1)) {
        kind = scanner.reScanTemplateToken(false);
        if (kind !== ts.SyntaxKind.TemplateMiddle) braces.pop();
      } else braces.pop();
    } else if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && !ENDS_OPERAND.has(previous) && !isKeywordOperand(previous)) {
      kind = scanner.reScanSlashToken();
    }
    if (TRIVIA.has(kind)) continue;
    tokens.push({ start: scanner.getTokenStart(), end: scanner.getTokenEnd(), kind });
    if (!COMMENTS.has(kind)) previous = kind;
  }
  lastText = text;
  lastTokens = tokens;
  return tokens;
}

/** Keywords after which an expression starts (so `/` begins a regular expression). */
const BEFORE_EXPRESSION = new Set([
  ts.SyntaxKind.ReturnKeyword,
  ts.SyntaxKind.TypeOfKeyword,
  ts.SyntaxKind.CaseKeyword,
  ts.SyntaxKind.DoKeyword,
  ts.SyntaxKind.ElseKeyword,
  ts.SyntaxKind.InKeyword,
  ts.SyntaxKind.InstanceOfKeyword,
  ts.SyntaxKind.NewKeyword,
  ts.SyntaxKind.DeleteKeyword,
  ts.SyntaxKind.VoidKeyword,
  ts.SyntaxKind.ThrowKeyword,
  ts.SyntaxKind.YieldKeyword,
  ts.SyntaxKind.AwaitKeyword,
]);

/** Any other keyword (`of`, `type`, `get` used as names, `this` ...) ends an operand like an identifier does. */
function isKeywordOperand(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstKeyword && kind <= ts.SyntaxKind.LastKeyword && !BEFORE_EXPRESSION.has(kind);
}

const splice = (text: string, start: number, end: number, insert: string) => text.slice(0, start) + insert + text.slice(end);

/** A token boundary most of the time (where edits happen), any UTF-16 offset otherwise (splitting pairs). */
function position(text: string, rng: Rng): number {
  const tokens = tokensOf(text);
  if (tokens.length === 0 || rng.chance(0.25)) return rng.int(0, text.length);
  const t = rng.pick(tokens);
  if (rng.chance(0.15) && t.end - t.start > 1) return rng.int(t.start + 1, t.end - 1); // inside the token
  return rng.chance(0.5) ? t.start : t.end;
}

/** Offsets where lines start. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** Cuts `text` after its first `bytes` UTF-8 bytes (a split character decodes to U+FFFD, as in a torn write). */
export function truncateAtByte(text: string, bytes: number): string {
  return Buffer.from(text, 'utf8').subarray(0, bytes).toString('utf8');
}

/** How many truncation points `k * 97` (k = 0, 1, ...) lie inside the text's UTF-8 bytes. */
export function truncationPoints(text: string): number {
  return Math.floor(Buffer.byteLength(text, 'utf8') / 97) + 1;
}

const UNICODE = [
  '😀', // astral pair
  '👩‍👩‍👧', // ZWJ sequence
  '🇺🇸', // regional indicators
  '𝒳', // astral letter, valid in identifiers
  '\u202E', // RIGHT-TO-LEFT OVERRIDE
  '\u202D',
  '\u200F', // RIGHT-TO-LEFT MARK
  '\u200E',
  '\u2066', // LEFT-TO-RIGHT ISOLATE
  '\u2069',
  '\uD800', // lone high surrogate
  '\uDBFF',
  '\uDC00', // lone low surrogate
  '\u0000', // NUL
  '\u200B', // ZERO WIDTH SPACE
  '\u200C', // ZWNJ (valid inside identifiers)
  '\u200D', // ZWJ
  '\uFEFF', // a BOM in the middle
  '\u2028', // LINE SEPARATOR
  '\u2029',
  '\u00A0', // NBSP
  '\u0301', // combining acute
  '\u05E9\u05DC\u05D5\u05DD', // Hebrew
  '\u0639\u0631\u0628\u064A', // Arabic
  '\uFFFD',
  '\uFFFF',
  '\u0085', // NEL
  '\u000B',
  '\u000C',
];

const UNBALANCED = ['{', '}', '(', ')', '[', ']', '`', '${', '`${', '}`', '/*', '"', "'", '<', '=>'];

const LONG = 10_000;

function deleteTokens(text: string, rng: Rng, max: number): string {
  const tokens = tokensOf(text);
  if (tokens.length === 0) return text.slice(1);
  const i = rng.int(0, tokens.length - 1);
  const n = Math.min(rng.int(1, max), tokens.length - i);
  return splice(text, tokens[i].start, tokens[i + n - 1].end, '');
}

/** Replaces every line break with the one `choose` returns (called once per line). */
function withLineEndings(text: string, choose: () => string): string {
  return text.replace(/\r\n|\r|\n/g, () => choose());
}

/** A 10,000-character line, spliced in at the start of a line (inside a span callback, often). */
function longLine(text: string, rng: Rng, make: (rng: Rng) => string): string {
  const starts = lineStarts(text);
  const at = rng.pick(starts);
  return splice(text, at, at, make(rng) + '\n');
}

function spanCallLines(text: string): Array<[number, number]> {
  const lines: Array<[number, number]> = [];
  const re = /^.*(?:startSpan|startActiveSpan).*(?:\r\n|\r|\n|$)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    lines.push([m.index, m.index + m[0].length]);
  }
  return lines;
}

function lineRanges(text: string): Array<[number, number]> {
  const starts = lineStarts(text);
  return starts.map((s, i) => [s, starts[i + 1] ?? text.length]);
}

/** Every mutator but `stack` (which combines them). */
export const BASIC_MUTATORS: readonly Mutator[] = [
  { name: 'delete-token', mutate: (text, rng) => deleteTokens(text, rng, 1) },
  { name: 'delete-tokens', mutate: (text, rng) => deleteTokens(text, rng, 8) },
  {
    name: 'duplicate-token',
    mutate: (text, rng) => {
      const tokens = tokensOf(text);
      if (tokens.length === 0) return text + text;
      const t = rng.pick(tokens);
      const copy = text.slice(t.start, t.end);
      return splice(text, t.end, t.end, (rng.chance(0.5) ? ' ' : '') + copy);
    },
  },
  {
    name: 'truncate-97',
    mutate: (text, rng) => truncateAtByte(text, 97 * rng.int(0, truncationPoints(text) - 1)),
  },
  {
    name: 'unbalanced',
    mutate: (text, rng) => {
      let out = text;
      for (let n = rng.int(1, 3); n > 0; n--) {
        const at = position(out, rng);
        out = splice(out, at, at, rng.pick(UNBALANCED));
      }
      return out;
    },
  },
  {
    name: 'unicode',
    mutate: (text, rng) => {
      let out = text;
      for (let n = rng.int(1, 4); n > 0; n--) {
        const at = position(out, rng);
        const s = rng.pick(UNICODE);
        // Insert, or replace one code unit (which may leave half of a surrogate pair behind).
        out = rng.chance(0.7) || at >= out.length ? splice(out, at, at, s) : splice(out, at, at + 1, s);
      }
      return out;
    },
  },
  { name: 'crlf', mutate: (text) => withLineEndings(text, () => '\r\n') },
  { name: 'mixed-eol', mutate: (text, rng) => withLineEndings(text, () => rng.pick(['\n', '\r\n', '\r\n', '\r'])) },
  { name: 'lone-cr', mutate: (text) => withLineEndings(text, () => '\r') },
  { name: 'bom', mutate: (text, rng) => (rng.chance(0.8) ? '\uFEFF' + text : '\uFEFF\uFEFF' + text.replace(/\n/g, '\r\n')) },
  {
    name: 'long-string-line',
    mutate: (text, rng) =>
      longLine(text, rng, (r) => {
        const q = r.pick(['"', "'", '`']);
        const head = `const fuzzLong${r.int(0, 999)} = ${q}`;
        const body = r.chance(0.5) ? 'x'.repeat(LONG) : 'ab\\u00e9 ${x} '.repeat(LONG / 14);
        return (head + body).slice(0, LONG - 2) + q + ';';
      }),
  },
  {
    name: 'long-identifier-chain',
    mutate: (text, rng) => {
      if (rng.chance(0.5)) {
        return longLine(text, rng, () => ('fuzz' + '.member'.repeat(LONG / 7)).slice(0, LONG - 3) + '();');
      }
      // An identifier of 10,000 characters in place of an existing one (a span name, a tracer, a callee).
      const ids = tokensOf(text).filter((t) => t.kind === ts.SyntaxKind.Identifier);
      if (ids.length === 0) return longLine(text, rng, () => 'i'.repeat(LONG) + ';');
      const t = rng.pick(ids);
      return splice(text, t.start, t.end, text.slice(t.start, t.end) + '_'.repeat(LONG));
    },
  },
  {
    name: 'long-nested-line',
    mutate: (text, rng) =>
      longLine(text, rng, (r) => {
        const n = Math.floor(LONG / 4);
        switch (r.int(0, 3)) {
          case 0:
            return 'f('.repeat(n) + ')'.repeat(n) + ';'; // 2,500 nested calls
          case 1:
            return 'x=' + 'a+'.repeat(2 * n - 2) + 'a;'; // a 5,000-deep binary tree (minified-style)
          case 2:
            return 'y = ' + '['.repeat(n) + ']'.repeat(n) + ';';
          default:
            return 'z = ' + '('.repeat(n) + ';'; // never closed
        }
      }),
  },
  {
    name: 'swap-lines',
    mutate: (text, rng) => {
      const lines = lineRanges(text);
      if (lines.length < 2) return text;
      let a = rng.int(0, lines.length - 1);
      let b = rng.int(0, lines.length - 1);
      if (a === b) return text;
      if (a > b) [a, b] = [b, a];
      const [as, ae] = lines[a];
      const [bs, be] = lines[b];
      const body = (s: number, e: number) => text.slice(s, e).replace(/(\r\n|\r|\n)$/, '');
      const eol = (s: number, e: number) => text.slice(s, e).slice(body(s, e).length);
      return text.slice(0, as) + body(bs, be) + eol(as, ae) + text.slice(ae, bs) + body(as, ae) + eol(bs, be) + text.slice(be);
    },
  },
  {
    name: 'duplicate-span-line',
    mutate: (text, rng) => {
      const lines = spanCallLines(text);
      const [s, e] = lines.length ? rng.pick(lines) : rng.pick(lineRanges(text));
      const line = text.slice(s, e);
      const copy = /[\r\n]$/.test(line) || e === s ? line : line + '\n';
      return splice(text, e, e, rng.chance(0.8) ? copy : copy.slice(0, rng.int(0, copy.length)));
    },
  },
];

export const MUTATORS: readonly Mutator[] = [
  ...BASIC_MUTATORS,
  {
    name: 'stack',
    mutate: (text, rng) => {
      let out = text;
      for (let n = rng.int(2, 4); n > 0; n--) {
        // Truncation and the long lines are left out of stacks: they dominate whatever else is done.
        out = rng.pick(BASIC_MUTATORS.filter((m) => !m.name.startsWith('long-') && m.name !== 'truncate-97')).mutate(out, rng);
      }
      return out;
    },
  },
];

export function mutatorNamed(name: string): Mutator {
  const m = MUTATORS.find((x) => x.name === name);
  if (!m) throw new Error(`no mutator ${name}; known: ${MUTATORS.map((x) => x.name).join(', ')}`);
  return m;
}
