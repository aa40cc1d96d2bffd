// Debian's chromium, driven by playwright-core from the tools folder (never a browser download of its own).
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CHROMIUM = process.env.SPAN_KIND_LENS_CHROMIUM || '/usr/bin/chromium';

/**
 * A headless chromium with a throwaway profile in `profile` (a folder that goes with the run folder,
 * whatever ends the run); close() also removes it.
 */
export async function launchBrowser(tools, profile, { width = 1400, height = 900 } = {}) {
  const require = createRequire(path.join(tools, 'playwright', 'package.json'));
  const { chromium } = require('playwright-core');
  fs.mkdirSync(profile, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width, height },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
