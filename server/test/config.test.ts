// spankind.config.json (schema, mistakes and their places) and the ignored paths (.gitignore, `ignores`).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { closestName, DEFAULT_SETTINGS } from '../src/analysis/settings';
import { readConfigText } from '../src/host/configFile';
import { PathFilter } from '../src/host/ignores';

const REPO = path.resolve(__dirname, '../../..');
const SCHEMA = path.join(REPO, 'schemas/spankind.config.schema.json');

describe('spankind.config.json', () => {
  it('takes a right file without a word, $schema included', () => {
    const text = JSON.stringify({ $schema: './node_modules/span-kind-lens/schemas/spankind.config.schema.json', severity: 'error', rules: { 'wrong-kind': 'off' }, ignores: ['test/', '**/*.spec.ts'] });
    const r = readConfigText('c.json', text);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.ignores, ['test/', '**/*.spec.ts']);
    assert.deepEqual(r.settings, { ...DEFAULT_SETTINGS, severity: 'error', rules: { 'wrong-kind': 'off' } });
  });

  it('places every mistake at its line and column, in the order of the file', () => {
    const text = '{\n  "severity": "loud",\n  "ignores": "test/",\n  "rules": { "wrong-knd": "off" },\n  "maxFileSize": 0\n}';
    assert.deepEqual(readConfigText('c.json', text).problems, [
      'c.json:2:3: spanKind.severity must be default or one of error, warning, information, hint, got "loud"',
      'c.json:3:3: ignores must be array, got "test/"',
      'c.json:4:14: spanKind.rules: unknown rule "wrong-knd" (did you mean "wrong-kind"?)',
      'c.json:5:3: spanKind.maxFileSize must be a positive number, got 0',
    ]);
  });

  it('reports invalid JSON with its place, and an empty file, instead of dropping it', () => {
    const broken = readConfigText('c.json', '{\n  "severity": "error"\n  "codeLens": true\n}');
    assert.deepEqual(broken.settings, DEFAULT_SETTINGS);
    assert.deepEqual(broken.problems, ["c.json:3:3: not valid JSON: ',' expected."]);
    // Comments and trailing commas are allowed, as in tsconfig.json (VS Code edits the file as JSON with comments).
    assert.deepEqual(readConfigText('c.json', '{\n  // CI fails on errors only\n  "severity": "error",\n}').problems, []);
    assert.match(readConfigText('c.json', '{ "severity": \'error\' }').problems.join('\n'), /^c\.json:1:15: not valid JSON: /);
    assert.deepEqual(readConfigText('c.json', ' \n').problems, ['c.json:1:1: not valid JSON: the file is empty (write {} for no settings)']);
    assert.match(readConfigText('c.json', '[]').problems.join('\n'), /^c\.json:1:1: settings must be an object/);
  });

  it('names the known key an unknown one most likely meant, at any depth', () => {
    const text = JSON.stringify({ Severity: 'error', libraries: [{ module: 'm', member: 'f', kind: 'CLIENT', knd: 'x' }], codelens: true, wat: 1 });
    const problems = readConfigText('c.json', text).problems.map((p) => p.replace(/^c\.json:\d+:\d+: /, ''));
    assert.deepEqual(problems, [
      'unknown key "Severity"; did you mean "severity"?',
      'unknown key "knd" in libraries[0]; did you mean "kind"?',
      'unknown key "codelens"; did you mean "codeLens"?',
      `unknown key "wat"; the known keys are ${Object.keys(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')).properties).filter((k) => k !== '$schema').join(', ')}`,
    ]);
  });

  it('closestName: close names only', () => {
    assert.equal(closestName('ignore', ['ignores', 'rules']), 'ignores');
    assert.equal(closestName('severty', ['severity', 'enable']), 'severity');
    assert.equal(closestName('library', ['libraries', 'wrappers']), 'libraries');
    assert.equal(closestName('colour', ['rules', 'enable', 'severity']), undefined);
  });

  it('the shipped schema is generated from the editor settings (npm run schema) and contributed to VS Code', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'scripts/config-schema.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const schema = JSON.parse(fs.readFileSync(SCHEMA, 'utf8'));
    assert.deepEqual(Object.keys(schema.properties).filter((k) => k !== '$schema' && k !== 'ignores').sort(), Object.keys(DEFAULT_SETTINGS).sort());
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: 'spankind.config.json', url: './schemas/spankind.config.schema.json' }]);
    assert.deepEqual(pkg.contributes.languages, [{ id: 'jsonc', filenames: ['spankind.config.json'] }], 'edited as JSON with comments, as the checker reads it');
  });
});

describe('ignored paths', () => {
  let dir: string;
  const write = (rel: string, text = '') => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  const at = (rel: string) => path.join(dir, rel);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spankind-ignores-'));
    fs.mkdirSync(path.join(dir, 'repo', '.git'), { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads .gitignore files as git: nested ones decide first, negation, anchored and folder-only patterns', () => {
    write('repo/.gitignore', '*.gen.ts\n/tmp\nlogs/\n!keep.gen.ts\n');
    write('repo/pkg/.gitignore', '!pkg.gen.ts\nlocal.ts\n');
    const filter = new PathFilter();
    assert.equal(filter.ignoresFile(at('repo/a.gen.ts')), true);
    assert.equal(filter.ignoresFile(at('repo/src/b.gen.ts')), true, 'a pattern without a slash matches at any depth');
    assert.equal(filter.ignoresFile(at('repo/keep.gen.ts')), false);
    assert.equal(filter.ignoresFile(at('repo/pkg/pkg.gen.ts')), false, 'a nested .gitignore brings it back');
    assert.equal(filter.ignoresFile(at('repo/pkg/local.ts')), true);
    assert.equal(filter.ignoresFile(at('repo/local.ts')), false, 'the nested rules stay in their folder');
    assert.equal(filter.ignoresFile(at('repo/tmp/x.ts')), true);
    assert.equal(filter.ignoresFile(at('repo/src/tmp/x.ts')), false, '/tmp is anchored to its .gitignore');
    assert.equal(filter.ignoresDir(at('repo/src/logs')), true);
    write('repo/logs', 'a file named logs');
    assert.equal(new PathFilter().ignoresFile(at('repo/logs')), false, 'logs/ matches folders only');
  });

  it('a folder excluded keeps its files out even against a negation, as in git; a deeper .gitignore may bring back a folder', () => {
    write('repo/.gitignore', 'build/\n!build/keep.ts\ngenerated/\n');
    write('repo/src/.gitignore', '!generated/\n');
    const filter = new PathFilter();
    assert.equal(filter.ignoresFile(at('repo/build/keep.ts')), true);
    assert.equal(filter.ignoresFile(at('repo/generated/a.ts')), true);
    assert.equal(filter.ignoresFile(at('repo/src/generated/a.ts')), false);
  });

  it('outside a repository, reads .gitignore files from the fallback root down only', () => {
    write('.gitignore', '*.ts\n');
    write('loose/.gitignore', 'skip.ts\n');
    assert.equal(new PathFilter().ignoresFile(at('loose/skip.ts')), false, 'no repository, no fallback root: nothing');
    const filter = new PathFilter({ fallbackRoot: at('loose') });
    assert.equal(filter.ignoresFile(at('loose/skip.ts')), true);
    assert.equal(filter.ignoresFile(at('loose/other.ts')), false, 'the .gitignore above the fallback root is not read');
    write('repo/.gitignore', 'x.ts\n');
    assert.equal(new PathFilter({ gitignore: false }).ignoresFile(at('repo/x.ts')), false, '--no-gitignore');
  });

  it('patterns apply relative to their base, and never outside it', () => {
    const filter = new PathFilter({ gitignore: false, patterns: [{ base: at('repo'), patterns: ['test/', '**/*.spec.ts', '/scripts', 'fixtures/**', '!fixtures/keep.ts'] }] });
    assert.equal(filter.ignoresFile(at('repo/packages/a/test/x.ts')), true);
    assert.equal(filter.ignoresFile(at('repo/src/x.spec.ts')), true);
    assert.equal(filter.ignoresFile(at('repo/scripts/x.ts')), true);
    assert.equal(filter.ignoresFile(at('repo/src/scripts/x.ts')), false);
    assert.equal(filter.ignoresFile(at('repo/fixtures/a.ts')), true);
    assert.equal(filter.ignoresFile(at('repo/fixtures/keep.ts')), false);
    assert.equal(filter.ignoresFile(at('other/test/x.ts')), false);
    assert.equal(filter.ignoresFile(at('repo/src/x.ts')), false);
  });
});
