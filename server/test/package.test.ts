// The .vsix as `npm run package` makes it, offline: built in a copy of the repository (so dist/ under the
// other tests is never rewritten), unpacked with yauzl, and held to an exact list of files, a minified
// server, a size budget, the Marketplace README and the generated icon.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as zlib from 'node:zlib';
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

describe('npm run package (the .vsix)', function () {
  this.timeout(180_000);
  let stage: string;
  let vsix: string;
  let entries: Map<string, Buffer>;
  const text = (name: string) => entries.get(name)?.toString('utf8') ?? assert.fail(`${name} is not in the package`);

  before(async () => {
    stage = fs.mkdtempSync(path.join(os.tmpdir(), 'spankind-package-'));
    // The repository as a clone after `npm ci` and the tests has it (sources, tests, out/, fixtures), without
    // the bundles, which the package script builds.
    const skipped = new Set(['.git', 'node_modules', 'dist']);
    fs.cpSync(REPO, stage, {
      recursive: true,
      filter: (source) => {
        const relative = path.relative(REPO, source);
        return !skipped.has(relative) && !relative.endsWith('.vsix');
      },
    });
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
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
