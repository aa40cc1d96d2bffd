// Scoring of the real-code accuracy set: labelled rows and the checker's JSON report of one repository in,
// a verdict per row out; then the figures over any set of verdicts. Pure (no I/O), so it can be unit-tested.
// The definitions are those of the data set's README (bench/realcode/README.md restates them).

/** How far above its labelled line a row's span may start, and a finding's span above the finding. */
export const ROW_WINDOW = 3;
export const FINDING_WINDOW = 6;
/** The rules whose findings are about the kind itself. */
export const KIND_RULES = new Set(['missing-kind', 'wrong-kind']);

/** A finding's rule id without the tool's prefix: the CLI reports `spankind/missing-kind`. */
export function ruleOf(finding) {
  return String(finding.code ?? finding.rule ?? '').replace(/^spankind\//, '');
}

/** A note that says disputed or ambiguous leaves the row out of every figure but coverage. */
export function isDisputed(row) {
  return /\b(disputed|ambiguous)\b/i.test(row.note ?? '');
}

/** The kind a span has at run time: no kind is INTERNAL; `variable` stays `variable`. */
export function runtimeKind(authorKind) {
  return authorKind === 'none' ? 'INTERNAL' : authorKind;
}

/**
 * A report's path as a repository-relative posix path. `repoRoot` is the folder the checker ran in (posix or
 * native); an absolute path under it is made relative, `./` and backslashes are dropped.
 */
export function normalisePath(file, repoRoot) {
  let p = String(file).replace(/\\/g, '/');
  const root = repoRoot ? String(repoRoot).replace(/\\/g, '/').replace(/\/+$/, '') : undefined;
  if (root && (p === root || p.startsWith(`${root}/`))) p = p.slice(root.length + 1);
  while (p.startsWith('./')) p = p.slice(2);
  return p.replace(/\/{2,}/g, '/');
}

/**
 * The spans of a report by file, each with the findings that belong to it: a finding belongs to the closest
 * span that starts on its line or up to FINDING_WINDOW lines above. Spans are keyed by file and line: when
 * several start on one line, the first one listed stands for that line (rows and findings are placed by line).
 */
export function indexReport(report, repoRoot) {
  /** file -> Map(line -> { span, findings[] }) */
  const byFile = new Map();
  for (const span of report?.spans ?? []) {
    const file = normalisePath(span.file, repoRoot);
    let lines = byFile.get(file);
    if (!lines) byFile.set(file, (lines = new Map()));
    if (!lines.has(span.line)) lines.set(span.line, { span, findings: [] });
  }
  const orphans = [];
  for (const finding of report?.findings ?? []) {
    const owner = closestSpan(byFile.get(normalisePath(finding.file, repoRoot)), finding.line, FINDING_WINDOW);
    if (owner) owner.findings.push(finding);
    else orphans.push(finding);
  }
  return { byFile, orphans };
}

/** The entry of the span starting on `line` or the closest line up to `window` lines above it. */
function closestSpan(lines, line, window) {
  if (!lines) return undefined;
  for (let l = line; l >= line - window; l--) {
    const entry = lines.get(l);
    if (entry) return entry;
  }
  return undefined;
}

/**
 * One verdict per row of a repository. `report` is the checker's JSON (`--format json --all-spans`), or
 * undefined when it produced none (every row is then not found). Each verdict holds what the checker said
 * about the row and, per figure, `counted` (in the denominator) and `hit` (in the numerator).
 */
export function scoreRows(rows, report, repoRoot) {
  const index = indexReport(report, repoRoot);
  return rows.map((row) => {
    const entry = closestSpan(index.byFile.get(normalisePath(row.path)), row.line, ROW_WINDOW);
    const findings = entry?.findings ?? [];
    const disputed = isDisputed(row);
    const written = runtimeKind(row.author_kind);
    const variable = row.author_kind === 'variable';
    const authorRight = !variable && written === row.expected_kind;
    const kindFindings = findings.filter((f) => KIND_RULES.has(ruleOf(f)));
    const suggested = kindFindings.find((f) => f.suggestedKind)?.suggestedKind;
    const after = suggested ?? written;
    const verdict = {
      id: row.id,
      repo: row.repo,
      path: row.path,
      line: row.line,
      authorKind: row.author_kind,
      expectedKind: row.expected_kind,
      disputed,
      found: Boolean(entry),
      spanLine: entry ? entry.span.line : null,
      kindInferred: entry ? entry.span.kindInferred : null,
      findings: findings.map((f) => ({ rule: ruleOf(f), line: f.line, suggestedKind: f.suggestedKind ?? null, message: f.message })),
      kindAfter: variable ? null : after,
      figures: {
        coverage: { counted: true, hit: Boolean(entry) },
        accuracy: { counted: !disputed && Boolean(entry), hit: !disputed && Boolean(entry) && entry.span.kindInferred === row.expected_kind },
        kindFalseAlarms: { counted: !disputed && authorRight, hit: !disputed && authorRight && kindFindings.length > 0 },
        anyFalseAlarms: { counted: !disputed && authorRight, hit: !disputed && authorRight && findings.length > 0 },
        detection: {
          counted: !disputed && !variable && !authorRight,
          hit: !disputed && !variable && !authorRight && findings.some((f) => f.suggestedKind === row.expected_kind),
        },
        kindsRightBefore: { counted: !disputed && !variable, hit: !disputed && !variable && written === row.expected_kind },
        kindsRightAfter: { counted: !disputed && !variable, hit: !disputed && !variable && after === row.expected_kind },
      },
    };
    if (entry && entry.span.confidence !== undefined) verdict.confidence = entry.span.confidence;
    return verdict;
  });
}

export const FIGURES = ['coverage', 'accuracy', 'kindFalseAlarms', 'anyFalseAlarms', 'detection', 'kindsRightBefore', 'kindsRightAfter'];

/** Each figure as { n, d } over the verdicts. */
export function summarize(verdicts) {
  const out = {};
  for (const name of FIGURES) {
    const counted = verdicts.filter((v) => v.figures[name].counted);
    out[name] = { n: counted.filter((v) => v.figures[name].hit).length, d: counted.length };
  }
  return out;
}

/** The figures in the data set README's wording. */
export function describe(figures) {
  const f = (x) => `${x.n}/${x.d}`;
  return (
    `coverage ${f(figures.coverage)}, accuracy ${f(figures.accuracy)}, kind false alarms ${f(figures.kindFalseAlarms)}` +
    ` (any-finding false alarms ${f(figures.anyFalseAlarms)}), detection ${f(figures.detection)},` +
    ` kinds right ${figures.kindsRightBefore.n}/${figures.kindsRightBefore.d} as written → ${figures.kindsRightAfter.n}/${figures.kindsRightAfter.d} after the suggestions`
  );
}

/** A row's call text against the file's text (trimmed); returns undefined when aligned, else why not. */
export function misalignment(row, fileText) {
  if (fileText === undefined) return 'file missing';
  const lines = fileText.split(/\r?\n/);
  const actual = lines[row.line - 1];
  if (actual === undefined) return `the file has ${lines.length} lines`;
  return actual.trim() === String(row.call).trim() ? undefined : `line ${row.line} is ${JSON.stringify(actual.trim())}`;
}
