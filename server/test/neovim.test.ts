// The Neovim snippets of the README's "Other editors" section, as a user pastes them: each is taken from
// README.md, used as the init.lua of a headless Neovim (`nvim --headless -u init.lua`) that opens a file of
// test-workspace, with `spankind-language-server` on PATH as `npm install -g` puts it (the built
// dist/language-server.js); server/test/neovim-driver.lua then checks what the editor got and writes it to a
// file. A snippet runs when the installed Neovim is in the version range its lead-in names; the others are
// skipped with the version they need. Without `nvim`, the tests are skipped, except in CI (CI is set), where
// they fail: `npm test` installs Debian's neovim first (test/editor/install-tools.sh --apt-only).
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');
const WORKSPACE = path.join(REPO, 'test-workspace');
const FIXTURE = 'src/events/kafka-producer.ts';
const DRIVER = path.join(REPO, 'server/test/neovim-driver.lua');
const SERVER = path.join(REPO, 'dist/language-server.js');

type Version = [number, number];
interface Snippet {
  /** The lead-in's words for its versions: "Neovim 0.11 or later", "Neovim 0.8 to 0.10", "Neovim 0.7". */
  label: string;
  min: Version;
  /** Inclusive (0.10 means every 0.10.x); undefined for "or later". */
  max?: Version;
  code: string;
}

/** The ```lua blocks of the README's "Other editors" section, each with the version range its lead-in names. */
function neovimSnippets(readme: string): Snippet[] {
  const start = readme.indexOf('\n## Other editors\n');
  assert.ok(start >= 0, 'README.md has no "## Other editors" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const snippets: Snippet[] = [];
  const block = /```lua\n([^]*?)```/g;
  let previousEnd = 0;
  for (let m = block.exec(section); m; m = block.exec(section)) {
    const leadIn = section.slice(previousEnd, m.index).trim().split(/\n\s*\n/).pop() ?? '';
    previousEnd = m.index + m[0].length;
    const range = /Neovim (\d+)\.(\d+)(?:( or later)| to (\d+)\.(\d+))?/.exec(leadIn);
    assert.ok(range, `the paragraph before a Lua snippet names no Neovim version: ${JSON.stringify(leadIn)}`);
    const min: Version = [Number(range[1]), Number(range[2])];
    const max: Version | undefined = range[3] ? undefined : range[4] ? [Number(range[4]), Number(range[5])] : min;
    snippets.push({ label: range[0], min, max, code: m[1] });
  }
  return snippets;
}

const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1];
const inRange = (v: Version, s: Snippet) => compare(v, s.min) >= 0 && (!s.max || compare(v, s.max) <= 0);

/** The installed Neovim's version, or undefined when `nvim` is not on PATH. */
function installedNeovim(): { version: Version; text: string } | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const m = /^NVIM v(\d+)\.(\d+)\.\d+\S*/.exec(r.stdout ?? '');
  return m ? { version: [Number(m[1]), Number(m[2])], text: m[0].slice(6) } : undefined;
}

interface DriverResult {
  version: string;
  error?: string;
  filetype: string;
  clients: number;
  client_name?: string;
  diagnostics?: { line: number; col: number; message: string; code: string; severity: number }[];
  hover?: ({ kind: string; value: string } | string)[];
  actions?: { title: string; kind: string }[];
  fix_all_offered: string[];
  fix_all_changed: boolean;
  after_fix_all?: string[];
  fixed_lines?: string[];
}

/** Runs Neovim headless with `init` as its init.lua on the fixture and returns what the driver saw. */
async function runNeovim(init: string): Promise<{ result: DriverResult; stderr: string }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spankind-nvim-'));
  try {
    const bin = path.join(tmp, 'bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(SERVER, path.join(bin, 'spankind-language-server'));
    fs.writeFileSync(path.join(tmp, 'init.lua'), init);
    const resultFile = path.join(tmp, 'result.json');
    // Nothing of the user's own Neovim (config, plugins, state, logs) takes part.
    const xdg = Object.fromEntries(['CONFIG', 'DATA', 'STATE', 'CACHE'].map((d) => [`XDG_${d}_HOME`, path.join(tmp, d.toLowerCase())]));
    const child = spawn('nvim', ['--headless', '-i', 'NONE', '-u', path.join(tmp, 'init.lua'), '-c', `luafile ${DRIVER}`, FIXTURE], {
      cwd: WORKSPACE,
      env: { ...process.env, ...xdg, PATH: `${bin}${path.delimiter}${process.env.PATH}`, SPANKIND_NVIM_RESULT: resultFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    assert.ok(fs.existsSync(resultFile), `nvim exited with ${code} without writing its result:\n${output}`);
    return { result: JSON.parse(fs.readFileSync(resultFile, 'utf8')) as DriverResult, stderr: output };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
const snippets = neovimSnippets(readme);
const nvim = installedNeovim();
const NO_NVIM = 'nvim is not installed: install Debian\'s neovim (`apt-get install neovim`, or `bash test/editor/install-tools.sh --apt-only`, which `npm test` runs first)';

describe('Neovim: the README snippets in a headless Neovim', function () {
  this.timeout(120_000);

  it('the README shows a snippet for 0.11 or later, 0.8 to 0.10 and 0.7, each naming its versions', () => {
    assert.deepEqual(
      snippets.map((s) => [s.min, s.max]),
      [[[0, 11], undefined], [[0, 8], [0, 10]], [[0, 7], [0, 7]]],
    );
    for (const s of snippets) assert.match(s.code, /'spankind-language-server', '--stdio'/, s.label);
  });

  const needNvim = (test: Mocha.Context) => {
    if (nvim) return;
    if (process.env.CI) assert.fail(`${NO_NVIM}; CI must have it`);
    test.skip();
  };
  if (!nvim && !process.env.CI) console.log(`      (Neovim tests skipped: ${NO_NVIM})`);

  it('every snippet is valid Lua for the installed Neovim', function () {
    needNvim(this);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spankind-nvim-syntax-'));
    try {
      const files = snippets.map((s, i) => {
        const file = path.join(tmp, `snippet${i}.lua`);
        fs.writeFileSync(file, s.code);
        return file;
      });
      const out = path.join(tmp, 'errors.txt');
      const check = `local errors = {} for _, f in ipairs(${JSON.stringify(files).replace(/^\[/, '{').replace(/\]$/, '}')}) do local _, err = loadfile(f) if err then table.insert(errors, err) end end local h = io.open('${out}', 'w') h:write(table.concat(errors, '\\n')) h:close()`;
      const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-c', `lua ${check}`, '-c', 'qa!'], { encoding: 'utf8', timeout: 30_000 });
      assert.ok(fs.existsSync(out), `nvim did not run the check: ${r.stderr}`);
      assert.equal(fs.readFileSync(out, 'utf8'), '');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  for (const snippet of snippets) {
    const title = `${snippet.label}: diagnostics, hover, the quick-fix and :SpanKindFixAll on ${FIXTURE}`;
    if (nvim && !inRange(nvim.version, snippet)) {
      it.skip(`${title} (skipped: needs ${snippet.label}, this is Neovim ${nvim.text})`);
      continue;
    }
    it(title, async function () {
      needNvim(this);
      const { result, stderr } = await runNeovim(snippet.code);
      const context = `${JSON.stringify(result, null, 2)}\n${stderr}`;
      assert.equal(result.error, undefined, context);
      assert.equal(result.filetype, 'typescript');
      assert.equal(result.clients, 1, 'one client attached');
      assert.equal(result.client_name, 'spankind');
      // The first span of the fixture sets no kind around a kafkajs send.
      const first = result.diagnostics![0];
      assert.equal(first.code, 'spankind/missing-kind', context);
      assert.match(first.message, /`producer\.send` \(kafkajs\) runs inside this span, so its kind should be PRODUCER/);
      assert.equal(first.severity, 2, 'a warning, as the snippet\'s settings say');
      assert.ok(result.diagnostics!.some((d) => d.code === 'spankind/wrong-kind'), context);
      // Hover on the span call: the kind it sets, the kind inferred, and why.
      const hover = (result.hover ?? []).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
      assert.match(hover, /inferred \*\*PRODUCER\*\*/, context);
      assert.ok(result.actions!.some((a) => a.title === 'Set span kind to PRODUCER' && a.kind === 'quickfix'), context);
      // :SpanKindFixAll rewrote the buffer, and the server, checking it again, has no kind finding left.
      assert.ok(result.fix_all_changed, `SpanKindFixAll changed nothing (offered: ${result.fix_all_offered.join(', ')})`);
      assert.ok(result.fixed_lines!.some((l) => l.includes(`startActiveSpan('send order-events', { kind: SpanKind.PRODUCER }, async (span) =>`)), context);
      assert.deepEqual(result.after_fix_all!.filter((c) => c === 'spankind/missing-kind' || c === 'spankind/wrong-kind'), []);
    });
  }
});
