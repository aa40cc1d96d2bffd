// The project keeps its promises about rules and layering.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { analyzeFile } from '../src/analysis/analyzeFile';
import type { InstrumentationFact } from '../src/analysis/instrumentation';
import { parseSource } from '../src/analysis/program';
import { DEFAULT_SETTINGS } from '../src/analysis/settings';
import { catalogueTable } from '../src/catalogue/table';
import { ruleIds, rules } from '../src/rules';
import { expectationsOf, fixtureFiles } from './fixtures';

const ROOT = path.resolve(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

describe('meta', () => {
  const expectations = fixtureFiles().flatMap((f) => expectationsOf(fs.readFileSync(f, 'utf8')));

  for (const rule of rules) {
    describe(`rule ${rule.id}`, () => {
      it('lives in a file named after its id', () => {
        assert.ok(fs.existsSync(path.join(ROOT, 'server/src/rules', `${rule.id}.ts`)));
      });
      it('has a docs page with examples', () => {
        const doc = path.join(ROOT, 'docs/rules', `${rule.id}.md`);
        assert.ok(fs.existsSync(doc), `missing docs/rules/${rule.id}.md`);
        const text = fs.readFileSync(doc, 'utf8');
        assert.ok(text.startsWith(`# spankind/${rule.id}`));
        assert.match(text, /## Examples/);
      });
      it("its docs page's examples are true: each incorrect one is reported, no correct one is", () => {
        const doc = fs.readFileSync(path.join(ROOT, 'docs/rules', `${rule.id}.md`), 'utf8');
        const blocksUnder = (heading: string) => {
          const at = doc.indexOf(`\n${heading}\n`);
          if (at < 0) return [];
          const ends = [doc.indexOf('\n### ', at + 1), doc.indexOf('\n## ', at + 1)].filter((x) => x > 0);
          const section = doc.slice(at, ends.length ? Math.min(...ends) : undefined);
          return [...section.matchAll(/```(ts|typescript|js|javascript)\n([\s\S]*?)```/g)].map((m) => ({ file: m[1].startsWith('j') ? 'example.js' : 'example.ts', code: m[2] }));
        };
        // Some examples are about projects that register HTTP auto-instrumentation, others about projects that
        // do not: each is read both ways, and must be right in at least one.
        const http: InstrumentationFact = { family: 'http', module: '@opentelemetry/instrumentation-http', where: 'instrumentation.ts:1' };
        const hits = (b: { file: string; code: string }, instrumentation: InstrumentationFact[]) =>
          analyzeFile(parseSource(b.file, b.code), { instrumentation }).findings.filter((f) => f.ruleId === `spankind/${rule.id}`).length;
        const incorrect = blocksUnder('### ❌ Incorrect');
        const correct = blocksUnder('### ✅ Correct');
        assert.ok(incorrect.length && correct.length, 'the page needs ❌ Incorrect and ✅ Correct examples');
        incorrect.forEach((b, i) => assert.ok(hits(b, []) + hits(b, [http]) > 0, `incorrect example ${i + 1} is not reported`));
        correct.forEach((b, i) => assert.ok(hits(b, []) === 0 || hits(b, [http]) === 0, `correct example ${i + 1} is reported`));
      });
      it('is exercised by fixtures', () => {
        assert.ok(expectations.some((e) => e.rule === `spankind/${rule.id}`), `no fixture expects spankind/${rule.id}`);
      });
      it('has a description and messages', () => {
        assert.ok(rule.description.length > 20);
        assert.ok(Object.keys(rule.messages).length > 0);
      });
    });
  }

  it('the analysis core, catalogue and rules import only typescript, semantic-conventions data and each other', () => {
    const core = ['analysis', 'catalogue', 'rules'].flatMap((d) => sourceFiles(path.join(ROOT, 'server/src', d)));
    for (const file of core) {
      const text = fs.readFileSync(file, 'utf8');
      for (const { fileName: spec } of ts.preProcessFile(text, true, true).importedFiles) {
        const allowed = spec === 'typescript' || spec.startsWith('@opentelemetry/semantic-conventions') || spec.startsWith('.');
        assert.ok(allowed, `${path.relative(ROOT, file)} imports ${spec}`);
        if (spec.startsWith('.')) {
          const target = path.resolve(path.dirname(file), spec);
          assert.ok(!path.relative(path.join(ROOT, 'server/src'), target).startsWith('lsp'), `${path.relative(ROOT, file)} imports the LSP layer`);
        }
      }
      assert.doesNotMatch(text, /\bprocess\.(env|argv|exit|cwd|stdout|stderr)\b|\bconsole\.(log|warn|error|info)\(/, `${path.relative(ROOT, file)} reaches for process or console`);
    }
  });

  it('only server/src/lsp imports vscode-languageserver', () => {
    for (const file of sourceFiles(path.join(ROOT, 'server/src'))) {
      if (file.includes(`${path.sep}lsp${path.sep}`)) continue;
      assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /from 'vscode-languageserver/, path.relative(ROOT, file));
    }
  });

  it("README's rules section is generated from the current rules and their docs pages", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { rulesSection, START, END } = require(path.join(ROOT, 'scripts/readme-rules.js')) as {
      rulesSection: (r: typeof rules) => string;
      START: string;
      END: string;
    };
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf(START) + START.length, readme.indexOf(END)).trim();
    assert.equal(section, rulesSection(rules).trim(), 'run npm run docs:rules');
  });

  it("README's supported-libraries table is generated from the current catalogue", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('<!-- catalogue:start -->') + '<!-- catalogue:start -->'.length, readme.indexOf('<!-- catalogue:end -->')).trim();
    assert.equal(table, catalogueTable(), 'run npm run docs:catalogue');
  });

  it('the settings the extension declares are the settings the server reads', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const declared = Object.keys(pkg.contributes.configuration.properties).sort();
    const read = [...Object.keys(DEFAULT_SETTINGS).map((k) => `spanKind.${k}`), 'spanKind.trace.server'].sort();
    assert.deepEqual(declared, read);
    const rules = Object.keys(pkg.contributes.configuration.properties['spanKind.rules'].properties).sort();
    assert.deepEqual(rules, [...ruleIds].sort());
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof typeof DEFAULT_SETTINGS)[]) {
      assert.deepEqual(pkg.contributes.configuration.properties[`spanKind.${key}`].default, DEFAULT_SETTINGS[key], `default of spanKind.${key}`);
    }
  });
});

