// Snapshot tests of the SpanKind injection grammar, tokenized through VS Code's own TS/JS grammars.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const INJECTION_SCOPE = 'source.spankind.injection';

/** The base grammars VS Code ships for the languages we inject into, by scope name (copies from tm-grammars). */
const BASE_GRAMMARS: Readonly<Record<string, string>> = {
  'source.ts': 'typescript',
  'source.tsx': 'tsx',
  'source.js': 'javascript',
  'source.js.jsx': 'jsx',
};

interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
}

const repoRoot = findRepoRoot(__dirname);

/** One line of a document and the tokens on it that carry a spankind scope, as `text scope`. */
interface Case {
  line: string;
  expected: string[];
}

const KIND_MEMBERS: Case[] = (['INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'] as const).map((kind) => ({
  line: `tracer.startActiveSpan('work', { kind: SpanKind.${kind} }, (span) => span.end());`,
  expected: [
    'SpanKind support.type.enum.spankind',
    '. punctuation.accessor.spankind',
    `${kind} constant.language.spankind.${kind.toLowerCase()}`,
  ],
}));

const DOCUMENT: Case[] = [
  ...KIND_MEMBERS,
  {
    line: `const kind = api.SpanKind.SERVER;`,
    expected: [
      '. punctuation.accessor.spankind',
      'SpanKind support.type.enum.spankind',
      '. punctuation.accessor.spankind',
      'SERVER constant.language.spankind.server',
    ],
  },
  {
    line: `const other = otel?.SpanKind . PRODUCER;`,
    expected: [
      '?. punctuation.accessor.spankind',
      'SpanKind support.type.enum.spankind',
      '. punctuation.accessor.spankind',
      'PRODUCER constant.language.spankind.producer',
    ],
  },
  { line: `const notOurs = Foo.CLIENT;`, expected: [] },
  { line: `const longer = SpanKind.CLIENTS + MySpanKind.CLIENT + SpanKind.client;`, expected: [] },
  { line: `import { SpanKind } from '@opentelemetry/api';`, expected: [] },
  { line: `// SpanKind.CLIENT in a line comment`, expected: [] },
  { line: `/* SpanKind.SERVER in a block comment`, expected: [] },
  { line: `   SpanKind.CONSUMER still inside it */`, expected: [] },
  { line: `const label = 'SpanKind.CONSUMER' + "SpanKind.INTERNAL";`, expected: [] },
  {
    line: `const after = /* SpanKind.SERVER */ SpanKind.CONSUMER;`,
    expected: ['SpanKind support.type.enum.spankind', '. punctuation.accessor.spankind', 'CONSUMER constant.language.spankind.consumer'],
  },
];

describe('spankind injection grammar', () => {
  let contribution: GrammarContribution;
  let registry: textmate.Registry;

  before(async () => {
    contribution = readContribution();
    registry = await createRegistry(contribution);
  });

  it('is contributed in package.json for the four TS/JS scopes', () => {
    assert.equal(contribution.path, './syntaxes/spankind.injection.tmLanguage.json');
    assert.deepEqual([...(contribution.injectTo ?? [])].sort(), Object.keys(BASE_GRAMMARS).sort());
    const grammar = JSON.parse(fs.readFileSync(path.join(repoRoot, contribution.path), 'utf8')) as { scopeName: string };
    assert.equal(grammar.scopeName, INJECTION_SCOPE);
  });

  for (const baseScope of Object.keys(BASE_GRAMMARS)) {
    describe(baseScope, () => {
      it('scopes SpanKind members and leaves everything else alone', async () => {
        const grammar = await loadGrammar(registry, baseScope);
        const actual = tokenizeDocument(grammar, DOCUMENT.map((c) => c.line));
        assert.deepEqual(
          actual.map((tokens, i) => ({ line: DOCUMENT[i].line, tokens: spanKindTokens(tokens) })),
          DOCUMENT.map((c) => ({ line: c.line, tokens: c.expected })),
        );
      });

      it('really runs the base grammar (so the negative cases mean something)', async () => {
        const grammar = await loadGrammar(registry, baseScope);
        const suffix = baseScope.slice('source'.length);
        const [foo, comment] = tokenizeDocument(grammar, ['Foo.CLIENT;', '// SpanKind.CLIENT']);
        assert.ok(
          foo.some((t) => t.text === 'CLIENT' && t.scopes.includes(`variable.other.constant.property${suffix}`)),
          `Foo.CLIENT: ${JSON.stringify(foo)}`,
        );
        assert.ok(
          comment.some((t) => t.text.includes('SpanKind.CLIENT') && t.scopes.includes(`comment.line.double-slash${suffix}`)),
          `comment: ${JSON.stringify(comment)}`,
        );
      });
    });
  }
});

interface Token {
  text: string;
  scopes: string[];
}

function tokenizeDocument(grammar: textmate.IGrammar, lines: readonly string[]): Token[][] {
  let state = textmate.INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The tokens that carry one of our scopes, as `text scope`. */
function spanKindTokens(tokens: readonly Token[]): string[] {
  return tokens.flatMap((t) => t.scopes.filter((s) => s.endsWith('.spankind') || s.includes('.spankind.')).map((s) => `${t.text} ${s}`));
}

async function loadGrammar(registry: textmate.Registry, scope: string): Promise<textmate.IGrammar> {
  const grammar = await registry.loadGrammar(scope);
  assert.ok(grammar, `grammar ${scope} did not load`);
  return grammar;
}

let wasmLoaded: Promise<void> | undefined;

/** A registry that injects our grammar the way VS Code does from package.json's `injectTo`. */
async function createRegistry(contribution: GrammarContribution): Promise<textmate.Registry> {
  wasmLoaded ??= oniguruma.loadWASM(fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')));
  await wasmLoaded;
  const injectTo = new Set(contribution.injectTo ?? []);
  return new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scope) => {
      const file =
        scope === INJECTION_SCOPE
          ? path.join(repoRoot, contribution.path)
          : BASE_GRAMMARS[scope] && require.resolve(`tm-grammars/grammars/${BASE_GRAMMARS[scope]}.json`);
      return file ? textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scope) => (injectTo.has(scope) ? [INJECTION_SCOPE] : undefined),
  });
}

function readContribution(): GrammarContribution {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes?: { grammars?: GrammarContribution[] };
  };
  const found = manifest.contributes?.grammars?.find((g) => g.scopeName === INJECTION_SCOPE);
  assert.ok(found, `package.json contributes no grammar with scopeName ${INJECTION_SCOPE}`);
  return found;
}

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'syntaxes', 'spankind.injection.tmLanguage.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no repository root above ${from}`);
  }
}
