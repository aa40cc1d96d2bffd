// Runs the built checker (dist/cli.js) as a user would.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const SCHEMA = path.resolve(__dirname, '../../../schemas/spankind.config.schema.json');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Right in every way but its kind: the span ends on every path and the message carries the context.
const PRODUCER = `import { context, propagation, trace } from '@opentelemetry/api';
import { Kafka } from 'kafkajs';

const producer = new Kafka({ brokers: [] }).producer();

export function publish() {
  return trace.getTracer('t').startActiveSpan('publish', async (span) => {
    try {
      const headers: Record<string, string> = {};
      propagation.inject(context.active(), headers);
      await producer.send({ topic: 'orders', messages: [{ value: 'order', headers }] });
    } finally {
      span.end();
    }
  });
}
`;
const CLEAN = `import { trace } from '@opentelemetry/api';\r\n\r\nexport const total = (xs: number[]) =>\r\n\ttrace.getTracer('t').startActiveSpan('sum', (s) => { s.end(); return xs.length; });`;

describe('spankind CLI', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spankind-cli-'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.mkdirSync(path.join(dir, 'node_modules', 'lib'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src', 'publisher.ts'), PRODUCER);
    fs.writeFileSync(path.join(dir, 'src', 'clean.ts'), `\uFEFF${CLEAN}`);
    fs.writeFileSync(path.join(dir, 'node_modules', 'lib', 'index.ts'), PRODUCER);
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints path:line:col  severity  message  code and exits 1 on findings', () => {
    const r = run(['src'], dir);
    assert.equal(r.code, 1, r.stderr);
    const [line] = r.stdout.split('\n');
    assert.match(line, /^src\/publisher\.ts:7:47 {2}warning {2}`producer\.send` \(kafkajs\) runs inside this span, .* {2}spankind\/missing-kind$/);
    assert.match(r.stdout, /1 finding in 1 file \(2 checked\); 1 fixable with --fix/);
  });

  it('skips node_modules and exits 0 when clean', () => {
    fs.rmSync(path.join(dir, 'src', 'publisher.ts'));
    const r = run([], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /No span kind findings \(1 file checked\)/);
  });

  it('--exit-zero reports but exits 0', () => {
    assert.equal(run(['--exit-zero', 'src'], dir).code, 0);
  });

  it('--format json prints version 1 findings with 1-based positions', () => {
    const r = run(['--format', 'json', 'src'], dir);
    assert.equal(r.code, 1);
    const json = JSON.parse(r.stdout);
    assert.equal(json.version, 1);
    assert.deepEqual(
      { ...json.findings[0], message: undefined, evidence: undefined },
      {
        file: 'src/publisher.ts',
        line: 7,
        column: 47,
        endLine: 7,
        endColumn: 56,
        severity: 'warning',
        code: 'spankind/missing-kind',
        message: undefined,
        suggestedKind: 'PRODUCER',
        currentKind: null,
        fixable: true,
        evidence: undefined,
      },
    );
    assert.equal(json.findings[0].evidence[0].line, 11);
  });

  it('--all-spans lists every span call with its kinds and evidence, beside the findings', () => {
    const r = run(['--format', 'json', '--all-spans', 'src'], dir);
    const json = JSON.parse(r.stdout);
    assert.equal(json.version, 1);
    assert.equal(json.findings.length, 1);
    assert.deepEqual(
      json.spans.map((s: Record<string, unknown>) => [s.file, s.line, s.name, s.api, s.kindSet, s.kindInferred, s.confidence]),
      [
        ['src/clean.ts', 4, 'sum', 'startActiveSpan', null, 'INTERNAL', 'unverified'],
        ['src/publisher.ts', 7, 'publish', 'startActiveSpan', null, 'PRODUCER', 'high'],
      ],
    );
    assert.deepEqual(json.spans[1].evidence[0].steps, [{ label: 'producer.send', file: 'src/publisher.ts', line: 11 }]);
    assert.equal(JSON.parse(run(['--format', 'json', 'src'], dir).stdout).spans, undefined, 'only on request');
  });

  it('--fix edits the file, reports it, and leaves files without findings byte-identical', () => {
    const cleanBefore = fs.readFileSync(path.join(dir, 'src', 'clean.ts'));
    const r = run(['--fix', 'src'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /fixed src\/publisher\.ts \(1 finding\)/);
    const fixed = fs.readFileSync(path.join(dir, 'src', 'publisher.ts'), 'utf8');
    assert.ok(fixed.includes("import { context, propagation, trace, SpanKind } from '@opentelemetry/api';"));
    assert.ok(fixed.includes("startActiveSpan('publish', { kind: SpanKind.PRODUCER }, async (span) =>"));
    assert.deepEqual(fs.readFileSync(path.join(dir, 'src', 'clean.ts')), cleanBefore);
    assert.equal(run(['src'], dir).code, 0);
  });

  it('huge, minified and binary files: skipped with one line each, or analysed, never a crash', () => {
    const odd = path.join(dir, 'odd');
    fs.mkdirSync(odd);
    const line = "tracer.startSpan('x'); ";
    fs.writeFileSync(path.join(odd, 'huge.ts'), line.repeat(Math.ceil(5_000_000 / line.length)));
    fs.writeFileSync(path.join(odd, 'blob.js'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x73, 0x74, 0x61, 0x72, 0x74, 0x53, 0x70, 0x61, 0x6e]));
    const bundle = Array.from({ length: 3000 }, (_, i) => `function f${i}(a){return a.map(function(b){return b+${i}})}`).join(';');
    fs.writeFileSync(path.join(odd, 'bundle.min.js'), `var t=require("@opentelemetry/api").trace.getTracer("b");${bundle};t.startActiveSpan("m",function(s){fetch("https://x");s.end()});`);
    const r = run(['odd'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /odd\/huge\.ts: skipped, 5\d{6} characters is over maxFileSize \(2000000\)/);
    assert.match(r.stderr, /odd\/blob\.js: skipped, the file looks binary/);
    assert.equal(r.stderr.trim().split('\n').length, 2, r.stderr);
    assert.match(r.stdout, /odd\/bundle\.min\.js:1:\d+ {2}warning {2}`fetch` runs inside this span/);
  });

  it('never hides "not analysed" behind "no findings": files not understood, skipped, and unresolved wrapper-like calls', () => {
    const part = path.join(dir, 'part');
    fs.mkdirSync(part);
    // A half-typed file: its spans are read from a guess at its structure.
    fs.writeFileSync(path.join(part, 'broken.ts'), "import { trace } from '@opentelemetry/api';\nexport function f( {\n  return trace.getTracer('t').startActiveSpan('x', (s) => { s.end(); });\n}\n");
    // Wrapper-like calls nothing here can follow: a package the catalogue does not know, a file outside the paths.
    fs.writeFileSync(path.join(part, 'jobs.ts'), "import { withSpan } from '@acme/telemetry';\nimport { traced } from '../shared/tracing';\nexport const a = withSpan('load', async () => 1);\nexport const b = traced('save', () => 2);\n");
    // Followed: a helper of a file this run reads that starts no span is no wrapper; a call without a function argument wraps nothing.
    fs.writeFileSync(path.join(part, 'ids.ts'), 'export function traceIdOf(f: () => string) { return f(); }\n');
    fs.writeFileSync(path.join(part, 'uses.ts'), "import { traceIdOf } from './ids';\nimport { withSpan } from '@acme/telemetry';\nexport const id = traceIdOf(() => 'x');\nexport const n = withSpan('name');\n");
    fs.writeFileSync(path.join(part, 'blob.js'), Buffer.from([0x73, 0x74, 0x00, 0x01]));
    const text = run(['part'], dir);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^No span kind findings \(4 files checked; 2 not analysed, see below\)\.$/m);
    assert.match(text.stdout, /^1 file not understood \(syntax errors; their spans may be missed or misread\): part\/broken\.ts:3:\d+$/m);
    assert.match(text.stdout, /^1 file skipped: part\/blob\.js \(binary\)$/m);
    assert.match(text.stdout, /^2 unresolved wrapper-like calls \(the spans they may start are not checked\): part\/jobs\.ts:3 withSpan, part\/jobs\.ts:4 traced$/m);
    for (const args of [['part'], ['--no-types', 'part']]) {
      const json = JSON.parse(run(['--format', 'json', ...args], dir).stdout);
      assert.deepEqual(
        json.notAnalysed.map((n: Record<string, unknown>) => [n.file, n.reason, n.line]),
        [['part/broken.ts', 'syntax-error', 3], ['part/blob.js', 'binary', undefined]],
        args.join(' '),
      );
      assert.deepEqual(json.unresolvedWrappers, [
        { file: 'part/jobs.ts', line: 3, column: 18, callee: 'withSpan' },
        { file: 'part/jobs.ts', line: 4, column: 18, callee: 'traced' },
      ]);
    }
    // A clean run says nothing more, and its JSON has the empty lists.
    const clean = run(['--format', 'json', 'src/clean.ts'], dir);
    assert.deepEqual([JSON.parse(clean.stdout).notAnalysed, JSON.parse(clean.stdout).unresolvedWrappers], [[], []]);
    assert.doesNotMatch(run(['src/clean.ts'], dir).stdout, /not analysed|not understood|skipped|unresolved/);
    // SARIF carries them as tool notifications.
    const sarif = JSON.parse(run(['--format', 'sarif', 'part'], dir).stdout);
    const notes = sarif.runs[0].invocations[0].toolExecutionNotifications.map((n: { message: { text: string } }) => n.message.text).join('\n');
    assert.match(notes, /part\/broken\.ts:3:\d+: not understood/);
    assert.match(notes, /part\/jobs\.ts:3:18: `withSpan` looks like a tracing wrapper but could not be followed/);
  });

  it('an unreadable file exits 2, after reporting the rest', () => {
    // Permissions cannot make a file unreadable to root (CI runs as root): the read fails through a
    // preloaded script instead, with the error the operating system gives (EACCES).
    fs.writeFileSync(path.join(dir, 'src', 'locked.ts'), CLEAN);
    const preload = path.join(dir, 'deny-locked.js');
    fs.writeFileSync(
      preload,
      `const fs = require('node:fs');
const read = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (String(file).endsWith('locked.ts')) throw Object.assign(new Error(\`EACCES: permission denied, open '\${file}'\`), { code: 'EACCES' });
  return read.call(this, file, ...rest);
};
`,
    );
    const child = spawnSync(process.execPath, ['--require', preload, CLI, '--format', 'json', 'src'], { cwd: dir, encoding: 'utf8' });
    const r = { code: child.status, stdout: child.stdout, stderr: child.stderr };
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /src\/locked\.ts: cannot read/);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(json.notAnalysed.map((n: Record<string, unknown>) => [n.file, n.reason]), [['src/locked.ts', 'unreadable']]);
    assert.equal(json.findings.length, 1);
  });

  it('--no-types checks files together yet each alone: a script\'s global does not leak into a module', () => {
    const mixed = path.join(dir, 'mixed');
    fs.mkdirSync(mixed);
    // A plain script (no import/export/require) declares a global `fetch` of its own, and mentions spans.
    fs.writeFileSync(path.join(mixed, 'legacy.js'), 'function fetch(u) { return u; }\nvar startSpan = 1;\n');
    fs.writeFileSync(path.join(mixed, 'client.ts'), "import { trace } from '@opentelemetry/api';\nexport const f = () => trace.getTracer('t').startActiveSpan('GET /x', async (s) => { await fetch('https://x'); s.end(); });\n");
    const r = run(['--no-types', 'mixed'], dir);
    assert.match(r.stdout, /mixed\/client\.ts:2:\d+ {2}warning {2}`fetch` runs inside this span/);
  });

  it('--output writes the report to a file (making its folder) instead of stdout, with the same exit code', () => {
    const r = run(['--output', 'reports/spankind.txt', 'src'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(fs.readFileSync(path.join(dir, 'reports', 'spankind.txt'), 'utf8'), run(['src'], dir).stdout);
    const sarif = run(['--format=sarif', '-o', 'out.sarif', 'src'], dir);
    assert.equal(sarif.code, 1);
    assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8')).runs[0].results.length, 1);
    assert.equal(run(['--format', 'sarif', '--exit-zero', 'src'], dir).code, 0);
    fs.writeFileSync(path.join(dir, 'a-file'), '');
    const unwritable = run(['--output', 'a-file/report.txt', 'src'], dir);
    assert.equal(unwritable.code, 2);
    assert.match(unwritable.stderr, /spankind: cannot write a-file\/report\.txt: /);
  });

  it('--version prints package.json\'s version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
    assert.equal(run(['--version'], dir).stdout.trim(), pkg.version);
  });

  it('exits 2 on bad usage and missing paths', () => {
    const xml = run(['--format', 'xml'], dir);
    assert.equal(xml.code, 2);
    assert.match(xml.stderr, /--format must be text, json or sarif, got "xml"/);
    assert.equal(run(['--nope'], dir).code, 2);
    const missing = run(['does-not-exist'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file or folder: does-not-exist/);
  });

  it('checks the files that only call a tracing wrapper: the workspace\'s own (type-aware), or one the settings declare', () => {
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', noEmit: true }, include: ['src'] }));
    const tracing = `import { SpanKind, trace } from '@opentelemetry/api';
const tracer = trace.getTracer('t');
export async function withSpan<T>(name: string, kind: SpanKind, work: () => Promise<T>): Promise<T> {
  const span = tracer.startSpan(name, { kind });
  try { return await work(); } finally { span.end(); }
}
`;
    fs.writeFileSync(path.join(dir, 'src', 'tracing.ts'), tracing);
    // A default export: its callers name it as they like, and import its module.
    fs.writeFileSync(path.join(dir, 'src', 'traced.ts'), tracing.replace('export async function withSpan', 'export default async function'));
    // Neither caller mentions a span API: only the wrapper it calls makes its span.
    fs.writeFileSync(path.join(dir, 'src', 'sms.ts'), `import { SpanKind } from '@opentelemetry/api';
import { withSpan } from './tracing.js';
export const sms = () => withSpan('POST /sms', SpanKind.INTERNAL, async () => fetch('https://sms.example/send'));
`);
    fs.writeFileSync(path.join(dir, 'src', 'mail.ts'), `import { SpanKind } from '@opentelemetry/api';
import run from './traced.js';
export const mail = () => run('POST /mail', SpanKind.INTERNAL, async () => fetch('https://mail.example/send'));
`);
    const typed = run(['--exit-zero', '--format', 'json', 'src'], dir);
    const wrongKind = (stdout: string) => JSON.parse(stdout).findings.filter((f: { code: string }) => f.code === 'spankind/wrong-kind').map((f: { file: string; line: number }) => `${f.file}:${f.line}`);
    assert.deepEqual(wrongKind(typed.stdout).sort(), ['src/mail.ts:3', 'src/sms.ts:3'], typed.stderr);
    // From syntax alone a wrapper of another file is not read, so these calls are not spans ...
    assert.deepEqual(wrongKind(run(['--exit-zero', '--format', 'json', '--no-types', 'src'], dir).stdout), []);
    // ... unless the settings declare the wrapper: then its callers are read too.
    fs.writeFileSync(path.join(dir, 'spankind.config.json'), JSON.stringify({ wrappers: [{ function: 'withSpan', nameArg: 0, kindArg: 1, callbackArg: 2 }] }));
    assert.deepEqual(wrongKind(run(['--exit-zero', '--format', 'json', '--no-types', 'src'], dir).stdout), ['src/sms.ts:3']);
  });

  it('reads spankind.config.json, and refuses to run on a mistake in it (exit 2, file:line:col)', () => {
    fs.writeFileSync(path.join(dir, 'spankind.config.json'), JSON.stringify({ severity: 'error' }));
    const r = run(['src'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /publisher\.ts:7:47 {2}error {2}/);
    fs.writeFileSync(path.join(dir, 'spankind.config.json'), JSON.stringify({ severity: 'error', rules: { bogus: 'off' } }));
    const unknownRule = run(['src'], dir);
    assert.equal(unknownRule.code, 2);
    assert.match(unknownRule.stderr, /spankind\.config\.json:1:\d+: spanKind\.rules: unknown rule "bogus"/);
    assert.equal(unknownRule.stdout, '', 'nothing is checked');
    fs.writeFileSync(path.join(dir, 'spankind.config.json'), '{\n  "severity": "error",\n  "libraries": [\n    { "module": "@acme/x", "member": "go", "kind": "REMOTE" }\n  ]\n}\n');
    const wrongKind = run(['src'], dir);
    assert.equal(wrongKind.code, 2);
    assert.match(wrongKind.stderr, /spankind\.config\.json:4:\d+: spanKind\.libraries\.0\.kind must be one of/);
    fs.writeFileSync(path.join(dir, 'spankind.config.json'), '{\n  "severity": "error",\n  nope\n}');
    const bad = run(['src'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /spankind\.config\.json:3:3: not valid JSON/);
    assert.match(bad.stderr, /1 mistake in the config file; nothing was checked/);
  });

  it('names the known key an unknown one most likely meant', () => {
    fs.writeFileSync(path.join(dir, 'custom.json'), '{\n  "severty": "error",\n  "ignore": ["test/"],\n  "wrappers": [{ "function": "traced", "kindArg": 1, "nameArgs": 0 }],\n  "spanKind.codeLens": true,\n  "colour": "red"\n}\n');
    const r = run(['--config', 'custom.json', 'src'], dir);
    assert.equal(r.code, 2);
    assert.deepEqual(r.stderr.trim().split('\n'), [
      'spankind: custom.json:2:3: unknown key "severty"; did you mean "severity"?',
      'spankind: custom.json:3:3: unknown key "ignore"; did you mean "ignores"?',
      'spankind: custom.json:4:54: unknown key "nameArgs" in wrappers[0]; did you mean "nameArg"?',
      'spankind: custom.json:5:3: unknown key "spanKind.codeLens"; did you mean "codeLens"? (the file takes the editor\'s keys without the spanKind. prefix)',
      `spankind: custom.json:6:3: unknown key "colour"; the known keys are ignores, ${Object.keys(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')).properties).filter((k) => k !== '$schema' && k !== 'ignores').join(', ')}`,
      'spankind: 5 mistakes in the config file; nothing was checked',
    ]);
    const unreadable = run(['--config', 'missing.json', 'src'], dir);
    assert.equal(unreadable.code, 2);
    assert.match(unreadable.stderr, /^spankind: missing\.json: cannot read it \(ENOENT/);
  });

  it('leaves out what --ignore, the config file\'s "ignores" and .gitignore files match', () => {
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    };
    for (const file of ['src/test/a.ts', 'src/b.spec.ts', 'generated/c.ts', 'generated/keep.ts', 'pkg/tmp/d.ts', 'pkg/tmp/e.ts', 'pkg/f.ts', 'tools/g.ts']) write(file, PRODUCER);
    write('.gitignore', 'generated/*\n!generated/keep.ts\n');
    write('pkg/.gitignore', 'tmp/\n');
    write('pkg/tmp/.gitignore', '!e.ts\n');
    const files = (args: string[]) => {
      const r = run(['--format', 'json', '--exit-zero', ...args], dir);
      assert.equal(r.code, 0, r.stderr);
      return [...new Set(JSON.parse(r.stdout).findings.map((f: { file: string }) => f.file))].sort();
    };
    // .gitignore: root and nested, with negation; a folder excluded keeps its files out, as in git.
    assert.deepEqual(files([]), ['generated/keep.ts', 'pkg/f.ts', 'src/b.spec.ts', 'src/publisher.ts', 'src/test/a.ts', 'tools/g.ts']);
    assert.equal(files(['--no-gitignore']).length, 9);
    assert.deepEqual(files(['--ignore', 'test/', '--ignore=**/*.spec.ts', '--ignore', '/tools']), ['generated/keep.ts', 'pkg/f.ts', 'src/publisher.ts']);
    // The config file's patterns are relative to its folder; a file named on the command line is left out too.
    write('conf/spankind.config.json', JSON.stringify({ ignores: ['test/'] }));
    assert.deepEqual(files(['--config', 'conf/spankind.config.json', 'src/test/a.ts']), ['src/test/a.ts'], 'test/ means conf/test/ there');
    write('spankind.config.json', JSON.stringify({ ignores: ['src/test', 'pkg/'] }));
    assert.deepEqual(files(['src', 'pkg/f.ts', 'src/test/a.ts']), ['src/b.spec.ts', 'src/publisher.ts']);
    write('spankind.config.json', '{ "ignores": [\n  "../src"\n] }');
    assert.match(run(['src'], dir).stderr, /spankind\.config\.json:2:3: ignores\[0\] "\.\.\/src" cannot start with \.\/ or \.\.\/: patterns are relative to the folder of spankind\.config\.json/);
    assert.equal(run(['--ignore', './src', 'src'], dir).code, 2);
    fs.rmSync(path.join(dir, 'spankind.config.json'));
    assert.match(run(['--ignore', 'src/', 'src/publisher.ts'], dir).stdout, /No span kind findings \(0 files checked\)/);
  });

  it('--max-warnings fails on errors or on more warnings than allowed, as ESLint', () => {
    fs.writeFileSync(path.join(dir, 'src', 'second.ts'), PRODUCER);
    assert.equal(run(['src'], dir).code, 1, 'by default any finding fails');
    assert.equal(run(['--max-warnings', '2', 'src'], dir).code, 0);
    const over = run(['--max-warnings', '1', 'src'], dir);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /2 warnings, more than --max-warnings 1 allows/);
    assert.equal(run(['--max-warnings=-1', 'src'], dir).code, 0);
    fs.writeFileSync(path.join(dir, 'spankind.config.json'), JSON.stringify({ rules: { 'missing-kind': 'error' } }));
    assert.equal(run(['--max-warnings', '5', 'src'], dir).code, 1, 'an error fails whatever the limit');
    fs.writeFileSync(path.join(dir, 'spankind.config.json'), JSON.stringify({ rules: { 'missing-kind': 'information' } }));
    assert.equal(run(['--max-warnings', '0', 'src'], dir).code, 0, 'information never fails');
    assert.equal(run(['--max-warnings', '0', '--exit-zero', 'src'], dir).code, 0);
    const usage = run(['--max-warnings', 'many', 'src'], dir);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--max-warnings must be a whole number/);
  });

  it('documents the new options in --help', () => {
    const help = run(['--help'], dir).stdout;
    for (const option of ['--ignore PATTERN', '--no-gitignore', '--max-warnings N']) assert.ok(help.includes(option), option);
  });
});
