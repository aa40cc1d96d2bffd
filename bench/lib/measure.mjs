// Process timing and statistics for the benchmark.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/**
 * Runs a command to completion; returns { ms (wall), maxRssKB, code, stdout, stderr }. Peak RSS comes from
 * GNU time (`%M`, the process and the children it waited for) when installed, else from polling
 * /proc/<pid>/status VmHWM (the process alone).
 */
export function runCommand(cmd, args, { cwd, env, timeoutMs = 30 * 60_000 } = {}) {
  return new Promise((resolve) => {
    const rssFile = GNU_TIME ? path.join(os.tmpdir(), `span-kind-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`) : undefined;
    const [file, argv] = GNU_TIME ? [GNU_TIME, ['-f', '%M', '-o', rssFile, cmd, ...args]] : [cmd, args];
    const started = performance.now();
    const child = spawn(file, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout.length < 4_000_000 ? (stdout += d) : undefined));
    child.stderr.on('data', (d) => (stderr.length < 200_000 ? (stderr += d) : undefined));
    let polled = 0;
    const poll = GNU_TIME
      ? undefined
      : setInterval(() => {
          try {
            const m = /^VmHWM:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) polled = Math.max(polled, Number(m[1]));
          } catch {
            // gone
          }
        }, 10);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      let maxRssKB = polled || undefined;
      if (rssFile) {
        try {
          const lines = fs.readFileSync(rssFile, 'utf8').trim().split('\n');
          maxRssKB = Number(lines.at(-1)) || undefined;
          fs.rmSync(rssFile, { force: true });
        } catch {
          // no file: the command did not start
        }
      }
      resolve({ ms, maxRssKB, code: code ?? (signal ? 128 : 1), signal, stdout, stderr });
    });
  });
}

export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return undefined;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values, p) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return undefined;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
}

/** Formats milliseconds for the table. */
export function fmtMs(ms) {
  if (ms === undefined || ms === null || !Number.isFinite(ms)) return '-';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function fmtMB(kb) {
  if (!Number.isFinite(kb)) return '-';
  return `${(kb / 1024).toFixed(0)} MB`;
}
