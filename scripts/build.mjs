// Bundles the extension client, the language server, its stand-alone entry for other editors and the CLI
// with esbuild, into dist/.
// The default build is for development and tests: readable, with linked sourcemaps that embed the sources.
// `--production` (npm run package) minifies and writes each map beside its bundle without linking it: the
// .vsix leaves the maps out (size), and esbuild is deterministic, so rebuilding a release's commit gives
// the maps that decode its stack traces.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const production = process.argv.includes('--production');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  outdir: 'dist',
  minify: production,
  sourcemap: production ? 'external' : 'linked',
  sourcesContent: !production,
  logLevel: 'warning',
};

/** The stand-alone entry loads the server bundle beside it (dist/server.js) instead of a second copy. */
const serverBeside = {
  name: 'server-beside',
  setup(build) {
    build.onResolve({ filter: /^\.\/server$/ }, () => ({ path: './server.js', external: true }));
  },
};

const shebang = { js: '#!/usr/bin/env node' };

await Promise.all([
  esbuild.build({ ...common, entryPoints: { client: 'client/src/extension.ts', server: 'server/src/lsp/server.ts' } }),
  esbuild.build({ ...common, entryPoints: { cli: 'server/src/cli/main.ts' }, banner: shebang }),
  esbuild.build({ ...common, entryPoints: { 'language-server': 'server/src/lsp/stdio.ts' }, banner: shebang, plugins: [serverBeside] }),
  // The Span Map webview: a browser bundle (its graph layout library included, nothing loaded from the network)
  // and its stylesheet, dist/spanMap.js and dist/spanMap.css.
  esbuild.build({ ...common, entryPoints: { spanMap: 'client/src/spanMap/webview/main.ts' }, platform: 'browser', format: 'iife', target: 'es2022', external: [] }),
]);
// The two commands (package.json "bin") run from a clone too.
for (const bin of ['cli.js', 'language-server.js']) fs.chmodSync(path.join(root, 'dist', bin), 0o755);
