// SARIF 2.1.0 output for code scanning (GitHub's upload-sarif and other viewers): a pure function from
// the checked files and their findings to the log object. Artifact URIs are relative to %SRCROOT% (the
// repository root); lines and columns are 1-based, columns in UTF-16 code units, end columns exclusive.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as sarif from 'sarif';
import { evidenceLabel, evidenceRoleText } from '../analysis/inferKind';
import type { Evidence, Finding, Severity } from '../analysis/types';
import { type Rule, ruleCode } from '../rules';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SOURCE_ROOT = '%SRCROOT%';
/** The key of our fingerprint in `partialFingerprints`. */
export const FINGERPRINT_KEY = 'spanKindLineHash/v1';

export interface SarifFile {
  /** Absolute path. */
  path: string;
  text: string;
  findings: readonly Finding[];
}

export interface SarifOptions {
  tool: { name: string; fullName?: string; version: string; informationUri: string };
  /** Where a rule's page is: `${docsUri}/${rule.id}.md`. */
  docsUri: string;
  rules: readonly Rule[];
  /** Absolute path of the source root (the repository): artifact URIs are relative to it. */
  sourceRoot: string;
  /** Warnings of the run (skipped files, settings problems): tool execution notifications. */
  warnings?: readonly string[];
}

const LEVELS: Record<Severity, sarif.ReportingConfiguration.level> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/** The SARIF log of one run over `files`, with every rule described, in the order of `files` and findings. */
export function toSarif(files: readonly SarifFile[], options: SarifOptions): sarif.Log {
  const ruleIndex = new Map(options.rules.map((rule, i) => [ruleCode(rule.id), i]));
  const occurrences = new Map<string, number>();
  const results: sarif.Result[] = [];
  for (const file of files) {
    const lines = new LineIndex(file.text);
    const artifactLocation = toArtifactLocation(file.path, options.sourceRoot);
    for (const finding of file.findings) {
      const region = lines.region(finding.start, finding.end);
      const base = lineHash(finding.ruleId, artifactLocation.uri ?? '', lines.lineText(region.startLine ?? 1));
      const nth = (occurrences.get(base) ?? 0) + 1;
      occurrences.set(base, nth);
      const index = ruleIndex.get(finding.ruleId);
      const related = relatedLocations(finding.evidence, file, lines, options.sourceRoot);
      results.push({
        ruleId: finding.ruleId,
        ...(index === undefined ? {} : { ruleIndex: index }),
        level: LEVELS[finding.severity],
        message: { text: finding.message },
        locations: [{ physicalLocation: { artifactLocation, region } }],
        partialFingerprints: { [FINGERPRINT_KEY]: `${base}:${nth}` },
        ...(related.length ? { relatedLocations: related } : {}),
        ...(finding.suggestedKind ? { properties: { suggestedKind: finding.suggestedKind, currentKinds: finding.currentKinds } } : {}),
      });
    }
  }
  const notifications: sarif.Notification[] = (options.warnings ?? []).map((text) => ({ level: 'warning', message: { text } }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: options.tool.name,
            ...(options.tool.fullName ? { fullName: options.tool.fullName } : {}),
            version: options.tool.version,
            semanticVersion: options.tool.version,
            informationUri: options.tool.informationUri,
            rules: options.rules.map((rule) => toDescriptor(rule, `${options.docsUri}/${rule.id}.md`)),
          },
        },
        invocations: [{ executionSuccessful: true, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

function toDescriptor(rule: Rule, helpUri: string): sarif.ReportingDescriptor {
  const markdown = [rule.description, rule.impact, `[Documentation of spankind/${rule.id}](${helpUri})`].filter(Boolean).join('\n\n');
  return {
    id: ruleCode(rule.id),
    name: rule.id,
    shortDescription: { text: rule.description },
    helpUri,
    help: { text: `${rule.description} See ${helpUri}`, markdown },
    defaultConfiguration: { level: LEVELS[rule.defaultSeverity] },
    properties: { tags: ['opentelemetry', 'tracing'], ...(rule.fixable ? { fixable: true } : {}) },
  };
}

/** Each piece of evidence where it sits, and for a chain through functions, its deciding call in its own file. */
function relatedLocations(evidence: readonly Evidence[], file: SarifFile, lines: LineIndex, sourceRoot: string): sarif.Location[] {
  const locations: sarif.Location[] = [];
  const here = toArtifactLocation(file.path, sourceRoot);
  for (const e of evidence) {
    const what = evidenceRoleText(e.role);
    locations.push({
      id: locations.length + 1,
      physicalLocation: { artifactLocation: here, region: lines.region(e.start, e.end) },
      message: { text: `${evidenceLabel(e)} ${what}: ${e.kind}` },
    });
    const last = e.steps && e.steps.length > 1 ? e.steps[e.steps.length - 1] : undefined;
    if (last) {
      locations.push({
        id: locations.length + 1,
        physicalLocation: { artifactLocation: toArtifactLocation(last.fileName, sourceRoot), region: { startLine: last.line } },
        message: { text: `\`${last.label}\` decides the kind: ${e.kind}` },
      });
    }
  }
  return locations;
}

/**
 * A file's location: a URI reference relative to %SRCROOT% (each path segment percent-encoded), or an
 * absolute file: URI for a file outside the source root. A relative `file` is taken from the current folder.
 */
export function toArtifactLocation(file: string, sourceRoot: string): sarif.ArtifactLocation {
  const absolute = path.resolve(file);
  const relative = path.relative(sourceRoot, absolute);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(absolute).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

/** Stable across edits elsewhere in the file: the rule, the file and the finding's line, whitespace-normalised. */
function lineHash(ruleId: string, uri: string, lineText: string): string {
  const normalised = lineText.replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${ruleId}\n${uri}\n${normalised}`).digest('hex').slice(0, 16);
}

/** 1-based lines split at LF (a CR before it belongs to the line break), as git and the text output count them. */
class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 1-based line and column (UTF-16 code units) of an offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }

  region(start: number, end: number): sarif.Region {
    const s = this.position(start);
    const e = this.position(Math.max(start, end));
    return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
  }

  lineText(line: number): string {
    const start = this.starts[line - 1] ?? this.text.length;
    const next = this.starts[line];
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, '');
  }
}
