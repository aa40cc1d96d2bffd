#!/usr/bin/env node
// Summarises V8 CPU profiles (.cpuprofile, from `node --cpu-prof`): the functions with the most self time,
// and self time per source file. For `npm run bench -- --profile`, or any profile:
//
//   node bench/profile-summary.mjs <file.cpuprofile | folder> [--top 25]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { summarize } from './lib/profile.mjs';

const args = process.argv.slice(2);
const topIndex = args.indexOf('--top');
const top = topIndex >= 0 ? Number(args.splice(topIndex, 2)[1]) : 25;
if (!args.length) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile | folder> [--top N]');
  process.exit(2);
}

for (const arg of args) {
  const files = fs.statSync(arg).isDirectory()
    ? fs.readdirSync(arg).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(arg, f))
    : [arg];
  for (const f of files) console.log(summarize(f, top).text, '\n');
}
