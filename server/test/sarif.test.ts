// SARIF output: what GitHub code scanning reads from toSarif (rules, levels, regions in UTF-16, URIs,
// fingerprints, related locations), and the CLI's log over test-workspace/src; every log is validated
// against the official SARIF 2.1.0 JSON schema, as @microsoft/jest-sarif ships it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type * as sarif from 'sarif';
import { parseSettings } from '../src/analysis/settings';
import { FINGERPRINT_KEY, type SarifFile, type SarifOptions, toArtifactLocation, toSarif } from '../src/cli/sarif';
import { ruleIds, rules } from '../src/rules';
import { analyze } from './helpers';

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist/cli.js');
const DOCS = 'https://example.test/repo/blob/HEAD/docs/rules';

function schemaValidator() {
  const file = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  // unicodeRegExp off: the rtm.5 schema's `language` pattern has a stray `]` that only a `u` RegExp refuses.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')));
}
const validate = schemaValidator();

function assertValid(log: unknown): void {
  const ok = validate(log);
  assert.ok(ok, `not valid SARIF 2.1.0:\n${JSON.stringify(validate.errors?.slice(0, 5), null, 2)}`);
}

const ROOT = path.join(os.tmpdir(), 'spankind-sarif-root');
const options: SarifOptions = {
  tool: { name: 'spankind', version: '9.8.7', informationUri: 'https://example.test/repo' },
  docsUri: DOCS,
  rules,
  sourceRoot: ROOT,
};

/** CRLF lines; an emoji (two UTF-16 code units) before the span on its line and inside its name. */
const CODE = [
  "import { trace } from '@opentelemetry/api';",
  "const tracer = trace.getTracer('t');",
  '',
  "export const get = () => /* 🚀 */ tracer.startActiveSpan('🚀 get', async (span) => { try { await fetch('https://x'); } finally { span.end(); } });",
  "export const again = () => /* 🚀 */ tracer.startActiveSpan('🚀 get', async (span) => { try { await fetch('https://x'); } finally { span.end(); } });",
].join('\r\n');

/** The file's missing-kind findings (the other rules have their own tests; these only feed the SARIF builder). */
function fileOf(code: string, relative = 'src/api client.ts', settings?: Parameters<typeof analyze>[2]): SarifFile {
  const findings = analyze(code, 'client.ts', settings).findings.filter((f) => f.ruleId === 'spankind/missing-kind');
  return { path: path.join(ROOT, relative), text: code, findings };
}

describe('SARIF output', () => {
  it('describes every rule with its id, description, page and default level', () => {
    const driver = toSarif([], options).runs[0].tool.driver;
    assert.deepEqual(
      driver.rules?.map((r) => [r.id, r.shortDescription?.text, r.helpUri, r.defaultConfiguration?.level]),
      rules.map((r) => [`spankind/${r.id}`, r.description, `${DOCS}/${r.id}.md`, r.defaultSeverity === 'error' ? 'error' : r.defaultSeverity === 'warning' ? 'warning' : 'note']),
    );
    assert.deepEqual([driver.name, driver.version, driver.informationUri], ['spankind', '9.8.7', 'https://example.test/repo']);
  });

  it('gives each finding its rule, level, message and a UTF-16 region on CRLF lines', () => {
    const file = fileOf(CODE);
    assert.equal(file.findings.length, 2);
    const log = toSarif([file], options);
    assertValid(log);
    const run = log.runs[0];
    assert.equal(run.columnKind, 'utf16CodeUnits');
    const [first, second] = run.results ?? [];
    assert.equal(first.ruleId, 'spankind/missing-kind');
    assert.equal(run.tool.driver.rules?.[first.ruleIndex ?? -1]?.id, first.ruleId);
    assert.equal(first.level, 'warning');
    assert.equal(first.message.text, file.findings[0].message);
    const location = first.locations?.[0].physicalLocation;
    assert.deepEqual(location?.artifactLocation, { uri: 'src/api%20client.ts', uriBaseId: '%SRCROOT%' });
    // `export const get = () => /* 🚀 */ tracer.startActiveSpan(` is 57 UTF-16 code units (56 code points:
    // the emoji counts 2); the name '🚀 get' is 8.
    assert.deepEqual(location?.region, { startLine: 4, startColumn: 58, endLine: 4, endColumn: 66 });
    assert.deepEqual(second.locations?.[0].physicalLocation?.region, { startLine: 5, startColumn: 60, endLine: 5, endColumn: 68 });
    const evidence = first.relatedLocations?.[0];
    assert.match(evidence?.message?.text ?? '', /`fetch` runs inside the span: CLIENT/);
    assert.equal(evidence?.physicalLocation?.region?.startLine, 4);
    assert.deepEqual(first.properties, { suggestedKind: 'CLIENT', currentKinds: [] });
  });

  it('maps information and hint to note, and keeps error', () => {
    const level = (severity: string) => {
      const { settings } = parseSettings({ severity }, ruleIds);
      return toSarif([fileOf(CODE, 'a.ts', settings)], options).runs[0].results?.[0].level;
    };
    assert.deepEqual(['error', 'warning', 'information', 'hint'].map(level), ['error', 'warning', 'note', 'note']);
  });

  it('fingerprints survive lines moving and whitespace changes, and tell identical lines apart', () => {
    const fingerprints = (code: string, relative?: string) =>
      (toSarif([fileOf(code, relative)], options).runs[0].results ?? []).map((r) => r.partialFingerprints?.[FINGERPRINT_KEY]);
    const [a, b] = fingerprints(CODE);
    assert.match(a ?? '', /^[0-9a-f]{16}:1$/);
    assert.notEqual(a?.split(':')[0], b?.split(':')[0], 'different line texts');
    const moved = `// a comment\r\n\r\n${CODE.replace('export const get = () =>', 'export  const get = ()  =>\t')}`;
    assert.deepEqual(fingerprints(moved), [a, b]);
    assert.notDeepEqual(fingerprints(CODE, 'src/other.ts'), [a, b], 'the file is part of it');
    const twice = CODE.split('\r\n').slice(0, 4).join('\n') + '\n' + CODE.split('\r\n')[3];
    const [x, y] = fingerprints(twice);
    assert.equal(x?.replace(/:1$/, ':2'), y, 'the same line twice: occurrence 1 and 2');
  });

  it('writes paths under the root relative to %SRCROOT%, and others as file: URIs', () => {
    assert.deepEqual(toArtifactLocation(path.join(ROOT, 'a', 'b#1.ts'), ROOT), { uri: 'a/b%231.ts', uriBaseId: '%SRCROOT%' });
    const outside = toArtifactLocation(path.join(os.tmpdir(), 'elsewhere', 'x.ts'), ROOT);
    assert.equal(outside.uriBaseId, undefined);
    assert.match(outside.uri ?? '', /^file:\/\/.*\/elsewhere\/x\.ts$/);
  });

  it('reports warnings as tool execution notifications', () => {
    const log = toSarif([], { ...options, warnings: ['big.ts: skipped, 3000000 characters is over maxFileSize (2000000)'] });
    assertValid(log);
    assert.deepEqual(log.runs[0].invocations, [
      { executionSuccessful: true, toolExecutionNotifications: [{ level: 'warning', message: { text: 'big.ts: skipped, 3000000 characters is over maxFileSize (2000000)' } }] },
    ]);
  });

  it('the schema check itself rejects what GitHub would reject', () => {
    const log = toSarif([fileOf(CODE)], options);
    const broken = JSON.parse(JSON.stringify(log)) as sarif.Log;
    (broken.runs[0].results![0] as { level: string }).level = 'info';
    assert.equal(validate(broken), false);
    const noMessage = JSON.parse(JSON.stringify(log)) as sarif.Log;
    delete (noMessage.runs[0].results![0] as Partial<sarif.Result>).message;
    assert.equal(validate(noMessage), false);
  });

  describe('spankind --format sarif over test-workspace/src', () => {
    let log: sarif.Log;
    let json: { findings: { file: string; line: number; column: number; endLine: number; endColumn: number; code: string; severity: string }[] };
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spankind-sarif-'));
    after(() => fs.rmSync(outDir, { recursive: true, force: true }));

    before(() => {
      const output = path.join(outDir, 'reports', 'spankind.sarif');
      const r = spawnSync(process.execPath, [CLI, '--format', 'sarif', '--output', output, 'test-workspace/src'], { cwd: REPO, encoding: 'utf8' });
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stdout, '', 'with --output, nothing on standard output');
      log = JSON.parse(fs.readFileSync(output, 'utf8'));
      const j = spawnSync(process.execPath, [CLI, '--format', 'json', 'test-workspace/src'], { cwd: REPO, encoding: 'utf8' });
      json = JSON.parse(j.stdout);
    });

    it('is valid SARIF 2.1.0', () => assertValid(log));

    it('has the same findings at the same places as --format json, relative to the repository root', () => {
      const results = log.runs[0].results ?? [];
      assert.ok(results.length > 10, `${results.length} results`);
      const fromSarif = results.map((r) => {
        const { artifactLocation, region } = r.locations![0].physicalLocation!;
        assert.equal(artifactLocation?.uriBaseId, '%SRCROOT%');
        return [artifactLocation?.uri, region?.startLine, region?.startColumn, region?.endLine, region?.endColumn, r.ruleId];
      });
      assert.deepEqual(fromSarif, json.findings.map((f) => [f.file, f.line, f.column, f.endLine, f.endColumn, f.code]));
    });

    it('names the tool, version and rules as package.json does', () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
      const driver = log.runs[0].tool.driver;
      assert.equal(driver.version, pkg.version);
      assert.equal(driver.informationUri, pkg.repository.url.replace(/\.git$/, ''));
      assert.equal(driver.rules?.length, rules.length);
      for (const rule of driver.rules ?? []) assert.equal(rule.helpUri, `${driver.informationUri}/blob/HEAD/docs/rules/${rule.name}.md`);
      const fingerprints = (log.runs[0].results ?? []).map((r) => r.partialFingerprints?.[FINGERPRINT_KEY]);
      assert.equal(new Set(fingerprints).size, fingerprints.length, 'fingerprints are unique');
    });
  });
});
