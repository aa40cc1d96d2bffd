// The two packages, each made as a release makes it, in a copy of the repository (so dist/ under the other
// tests is never rewritten), offline:
// - the .vsix of `npm run package`, unpacked with yauzl, and held to an exact list of files, a minified
//   server, a size budget, the Marketplace README and the generated icon;
// - the npm tarball of `npm pack`, installed as users install a tool (`npm install -g`, into a throwaway
//   prefix) and used from there only: `spankind` on a project, `spankind-language-server` over stdio, and
//   `npx <tarball>`, as `npx span-kind-lens` runs once it is published.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as zlib from 'node:zlib';
import {
  createProtocolConnection,
  type InitializeResult,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import * as yauzl from 'yauzl';

const REPO = path.resolve(__dirname, '../../..');
const BUDGET_BYTES = 2 * 1024 * 1024;
/** What the extension needs at run time and what the Marketplace shows; nothing else. */
const EXPECTED_ENTRIES = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/LICENSE.txt',
  'extension/changelog.md',
  'extension/dist/client.js',
  'extension/dist/server.js',
  'extension/dist/spanMap.css',
  'extension/dist/spanMap.js',
  'extension/images/icon.png',
  'extension/package.json',
  'extension/readme.md',
  'extension/schemas/spankind.config.schema.json',
  'extension/syntaxes/spankind.injection.tmLanguage.json',
];

async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const entries = new Map<string, Buffer>();
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      entries.set(entry.fileName, Buffer.concat(chunks));
    }
  } finally {
    zip.close();
  }
  return entries;
}

/** Width, height and RGBA pixels of a PNG whose rows are unfiltered (as scripts/make-icon.mjs writes them). */
function decodePng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'a PNG signature');
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      assert.deepEqual([...body.subarray(8, 13)], [8, 6, 0, 0, 0], '8-bit RGBA, not interlaced');
    } else if (type === 'IDAT') {
      data.push(body);
    }
    at += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(data));
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = raw.subarray(y * (width * 4 + 1), (y + 1) * (width * 4 + 1));
    assert.equal(row[0], 0, `row ${y} is unfiltered`);
    rows.push(row.subarray(1));
  }
  return { width, height, pixels: Buffer.concat(rows) };
}

/**
 * A copy of the repository in `stage` as a clone after `npm ci` and the tests has it (sources, tests, out/,
 * fixtures), without the bundles, which the package scripts build; node_modules is linked.
 */
function copyRepository(stage: string): void {
  const skipped = new Set(['.git', 'node_modules', 'dist']);
  fs.cpSync(REPO, stage, {
    recursive: true,
    filter: (source) => {
      const relative = path.relative(REPO, source);
      return !skipped.has(relative) && !relative.endsWith('.vsix') && !relative.endsWith('.tgz');
    },
  });
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
}

describe('npm run package (the .vsix)', function () {
  this.timeout(180_000);
  let stage: string;
  let vsix: string;
  let entries: Map<string, Buffer>;
  const text = (name: string) => entries.get(name)?.toString('utf8') ?? assert.fail(`${name} is not in the package`);

  before(async () => {
    stage = fs.mkdtempSync(path.join(os.tmpdir(), 'spankind-package-'));
    copyRepository(stage);
    vsix = path.join(stage, 'span-kind-lens.vsix');
    const started = Date.now();
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(npm, ['run', '-s', 'package', '--', '--out', vsix], { cwd: stage, encoding: 'utf8', shell: process.platform === 'win32' });
    assert.equal(r.status, 0, `npm run package failed:\n${r.stdout}\n${r.stderr}`);
    entries = await readZip(vsix);
    console.log(`      (packaged in ${((Date.now() - started) / 1000).toFixed(1)} s: ${(fs.statSync(vsix).size / 1024).toFixed(0)} KiB, ${entries.size} files)`);
  });

  after(() => {
    if (stage) fs.rmSync(stage, { recursive: true, force: true });
  });

  it('holds exactly the files that run and the Marketplace page', () => {
    assert.deepEqual([...entries.keys()].sort(), [...EXPECTED_ENTRIES].sort());
  });

  it(`stays under ${BUDGET_BYTES / 1024 / 1024} MiB`, () => {
    const size = fs.statSync(vsix).size;
    assert.ok(size < BUDGET_BYTES, `${size} bytes`);
  });

  it('points package.json main and icon at files in the package, and states engines, category and keywords', () => {
    const pkg = JSON.parse(text('extension/package.json'));
    assert.ok(entries.has(path.posix.join('extension', pkg.main)), `main ${pkg.main}`);
    assert.ok(entries.has(path.posix.join('extension', pkg.icon)), `icon ${pkg.icon}`);
    for (const { url } of pkg.contributes.jsonValidation) assert.ok(entries.has(path.posix.join('extension', url)), `jsonValidation ${url}`);
    assert.match(pkg.engines.vscode, /^\^1\.\d+\.\d+$/);
    assert.deepEqual(pkg.categories, ['Linters']);
    assert.ok(pkg.keywords.includes('opentelemetry'));
    const manifest = text('extension.vsixmanifest');
    assert.match(manifest, /<Categories>Linters<\/Categories>/);
    assert.match(manifest, /Microsoft\.VisualStudio\.Code\.Engine" Value="\^1\.\d+\.\d+"/);
    assert.match(manifest, /Microsoft\.VisualStudio\.Services\.Icons\.Default" Path="extension\/images\/icon\.png"/);
  });

  it('ships the bundles minified, without sourcemap links, with the maps built beside them', () => {
    for (const bundle of ['extension/dist/client.js', 'extension/dist/server.js', 'extension/dist/spanMap.js']) {
      const code = text(bundle);
      const lines = code.split('\n').length;
      assert.ok(code.length / lines > 2000, `${bundle}: ${lines} lines for ${code.length} characters is not minified`);
      assert.doesNotMatch(code.slice(-500), /\/\/# sourceMappingURL=/, `${bundle} links a map the package does not hold`);
    }
    assert.ok(text('extension/dist/server.js').length < 5_000_000, 'the server bundle is under 5 MB minified');
    for (const map of ['client.js.map', 'server.js.map', 'cli.js.map']) assert.ok(fs.existsSync(path.join(stage, 'dist', map)), `dist/${map}`);
  });

  it('the packaged server starts: it answers --version', () => {
    const dir = fs.mkdtempSync(path.join(stage, 'unpacked-'));
    fs.writeFileSync(path.join(dir, 'server.js'), entries.get('extension/dist/server.js')!);
    const r = spawnSync(process.execPath, [path.join(dir, 'server.js'), '--version'], { encoding: 'utf8' });
    assert.equal(r.stdout.trim(), JSON.parse(text('extension/package.json')).version, r.stderr);
  });

  it('uses the Marketplace README, whose images and links point at files in the repository', () => {
    const readme = text('extension/readme.md');
    assert.equal(readme, fs.readFileSync(path.join(REPO, 'docs/marketplace/README.md'), 'utf8'));
    const pkg = JSON.parse(text('extension/package.json'));
    const repository = pkg.repository.url.replace(/\.git$/, '');
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    assert.ok(links.length > 5);
    for (const link of links) {
      assert.ok(link.startsWith(`${repository}/`), `${link} is not an absolute link into ${repository}`);
      const [, kind, file, anchor] = /^[^#]*\/(blob|raw)\/HEAD\/([^#]+)(?:#(.+))?$/.exec(link) ?? assert.fail(`${link}: not a file link`);
      assert.ok(fs.existsSync(path.join(REPO, file)), `${link}: ${file} does not exist`);
      if (/!\[[^\]]*\]\($/.test(readme.slice(0, readme.indexOf(`(${link})`) + 1))) assert.equal(kind, 'raw', `${link}: images use raw/`);
      if (anchor) {
        const headings = fs.readFileSync(path.join(REPO, file), 'utf8').match(/^#+ .+$/gm) ?? [];
        const slugs = headings.map((h) => h.replace(/^#+ /, '').toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-'));
        assert.ok(slugs.includes(anchor), `${link}: no heading #${anchor} in ${file}`);
      }
    }
  });

  it('the Marketplace README lists every setting and every rule package.json declares', () => {
    const readme = text('extension/readme.md');
    const pkg = JSON.parse(text('extension/package.json'));
    const properties = pkg.contributes.configuration.properties as Record<string, { properties?: Record<string, unknown> }>;
    for (const setting of Object.keys(properties)) assert.ok(readme.includes(`| \`${setting}\` |`), `setting ${setting}`);
    for (const rule of Object.keys(properties['spanKind.rules'].properties ?? {})) assert.ok(readme.includes(`[\`spankind/${rule}\`]`), `rule ${rule}`);
  });

  it('the icon is the 128 x 128 PNG that scripts/make-icon.mjs draws', async () => {
    const { width, height, pixels } = decodePng(entries.get('extension/images/icon.png')!);
    assert.deepEqual([width, height], [128, 128]);
    const icon = (await import(pathToFileURL(path.join(REPO, 'scripts/make-icon.mjs')).href)) as { renderIcon(): Buffer };
    assert.ok(pixels.equals(icon.renderIcon()), 'images/icon.png is stale: run `npm run icon`');
  });
});

/** The names of the files in a .tgz (ustar, as npm writes it). */
function tarEntries(tgz: string): string[] {
  const tar = zlib.gunzipSync(fs.readFileSync(tgz));
  const names: string[] = [];
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number) => header.toString('utf8', start, start + length).replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    names.push(prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    at += 512 + Math.ceil(parseInt(field(124, 12).trim() || '0', 8) / 512) * 512;
  }
  return names;
}

/**
 * The environment of a plain npm run by the user: the npm that runs these tests (`npm test`) leaves its own
 * lifecycle, package and config variables, which would steer the npm below. Kept: how to reach a registry
 * and which npmrc files to read. Its cache is a throwaway one.
 */
function userNpmEnv(cache: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    const lower = name.toLowerCase();
    if (lower.startsWith('npm_') && !/^npm_config_(registry|.*proxy|cafile|ca|cert|key|strict_ssl|userconfig|globalconfig)$/.test(lower)) continue;
    if (name === 'INIT_CWD' || name === 'NODE') continue;
    env[name] = value;
  }
  return { ...env, npm_config_cache: cache, npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };
}

describe('npm pack (the command-line tools, installed with npm install -g)', function () {
  this.timeout(120_000);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const shell = process.platform === 'win32';
  let tmp: string;
  let tgz: string;
  let prefix: string;
  let env: NodeJS.ProcessEnv;
  const version = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version as string;
  const bin = (name: string) => path.join(prefix, 'bin', name);

  before(() => {
    const started = Date.now();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spankind-npm-pack-'));
    const stage = path.join(tmp, 'repository');
    copyRepository(stage);
    env = userNpmEnv(path.join(tmp, 'npm-cache'));
    fs.mkdirSync(path.join(tmp, 'pack'));
    // `prepare` builds dist/ in the copy; .npmrc runs it in the background, so stdout is only the file name.
    const pack = spawnSync(npm, ['pack', '--pack-destination', path.join(tmp, 'pack')], { cwd: stage, env, encoding: 'utf8', shell });
    assert.equal(pack.status, 0, `npm pack failed:\n${pack.stdout}\n${pack.stderr}`);
    assert.equal(pack.stdout.trim(), `span-kind-lens-${version}.tgz`, 'npm pack prints only the tarball name');
    tgz = path.join(tmp, 'pack', pack.stdout.trim());
    fs.rmSync(stage, { recursive: true, force: true }); // from here on, only the tarball
    // No dependencies to fetch: offline, as on a machine without a registry.
    prefix = path.join(tmp, 'prefix');
    const install = spawnSync(npm, ['install', '-g', '--prefix', prefix, '--offline', tgz], { cwd: tmp, env, encoding: 'utf8', shell });
    assert.equal(install.status, 0, `npm install -g failed:\n${install.stdout}\n${install.stderr}`);
    console.log(`      (packed and installed in ${((Date.now() - started) / 1000).toFixed(1)} s: ${(fs.statSync(tgz).size / 1024).toFixed(0)} KiB)`);
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('holds the two commands, the server bundle they load, and the docs; no runtime dependencies', () => {
    assert.deepEqual(tarEntries(tgz).sort(), [
      'package/CHANGELOG.md',
      'package/LICENSE',
      'package/README.md',
      'package/dist/cli.js',
      'package/dist/language-server.js',
      'package/dist/server.js',
      'package/package.json',
    ]);
    const pkg = JSON.parse(fs.readFileSync(path.join(prefix, 'lib/node_modules/span-kind-lens/package.json'), 'utf8'));
    assert.equal(pkg.dependencies, undefined, 'the bundles hold everything they need');
    assert.deepEqual(Object.keys(pkg.bin).sort(), ['span-kind-lens', 'spankind', 'spankind-language-server']);
  });

  it('installs the commands into the prefix, answering --version', () => {
    for (const name of ['spankind', 'spankind-language-server', 'span-kind-lens']) {
      assert.ok(fs.realpathSync(bin(name)).startsWith(fs.realpathSync(prefix)), `${name} runs from the installed package`);
      const r = spawnSync(bin(name), ['--version'], { cwd: tmp, encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.stdout.trim(), version, `${name} --version: ${r.stderr}`);
    }
  });

  it('spankind checks a project folder: the finding, and exit code 1', () => {
    const project = path.join(tmp, 'project');
    fs.mkdirSync(path.join(project, 'src'), { recursive: true });
    fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "shop", "private": true }\n');
    fs.writeFileSync(
      path.join(project, 'src/charge.ts'),
      `import { trace } from '@opentelemetry/api';

export function charge(amount: number) {
  return trace.getTracer('shop').startActiveSpan('charge card', async (span) => {
    try {
      await fetch('https://payments.example/charge', { method: 'POST', body: String(amount) });
    } finally {
      span.end();
    }
  });
}
`,
    );
    const r = spawnSync(bin('spankind'), ['.'], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /^src\/charge\.ts:4:\d+ +warning +`fetch` runs inside this span, so its kind should be CLIENT.* spankind\/missing-kind$/m);
  });

  it('spankind-language-server --stdio completes the LSP handshake and checks a document', async () => {
    const proc = spawn(bin('spankind-language-server'), ['--stdio'], { cwd: tmp, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr!.on('data', (c) => (stderr += c));
    const connection = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const published = new Promise<PublishDiagnosticsParams>((resolve) =>
      connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
        if (p.diagnostics.length) resolve(p);
      }),
    );
    connection.listen();
    try {
      const init = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: {} })) as InitializeResult;
      assert.equal(init.serverInfo?.version, version, stderr);
      assert.ok(init.capabilities.hoverProvider, 'hover');
      assert.ok(init.capabilities.codeActionProvider, 'code actions');
      await connection.sendNotification('initialized', {});
      const text = `import { trace } from '@opentelemetry/api';\nimport { Kafka } from 'kafkajs';\nconst producer = new Kafka({ brokers: [] }).producer();\nexport const publish = () =>\n  trace.getTracer('t').startActiveSpan('publish', async (span) => {\n    await producer.send({ topic: 'orders', messages: [] });\n    span.end();\n  });\n`;
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///nowhere/publish.ts', languageId: 'typescript', version: 1, text } });
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no diagnostics in 20 s\n${stderr}`)), 20_000)));
      const diagnostics = await Promise.race([published, late]).finally(() => clearTimeout(timer));
      assert.equal(diagnostics.diagnostics[0].code, 'spankind/missing-kind');
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      const code = await new Promise<number | null>((resolve) => (proc.exitCode !== null ? resolve(proc.exitCode) : proc.on('exit', resolve)));
      assert.equal(code, 0, stderr);
    } finally {
      connection.dispose();
      proc.kill();
    }
  });

  it('npx runs the command named as the package, span-kind-lens: the checker', () => {
    // `npx span-kind-lens` once published; here the package is given as its tarball, without a registry.
    const project = path.join(tmp, 'empty');
    fs.mkdirSync(project);
    const r = spawnSync(npm, ['exec', '--offline', '--yes', '--package', tgz, '--', 'span-kind-lens', '--version'], { cwd: project, env, encoding: 'utf8', shell, timeout: 60_000 });
    assert.equal(r.stdout.trim(), version, r.stderr);
  });
});
