/** Running the compiled benchmark entry point from a smoke test, and finding child processes it left behind. */
import assert from 'node:assert/strict';
import fs from 'fs';
import path from 'path';
import { spawn } from 'child_process';

const ENTRY = path.resolve(__dirname, '../../bench/run.js');

export function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    proc.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    proc.on('error', reject);
    proc.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Processes still running one of these files (Linux /proc; empty elsewhere). */
export function leftoverChildren(files: readonly string[]): string[] {
  if (!fs.existsSync('/proc/self/cmdline')) return [];
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (files.some((f) => cmdline.includes(f))) found.push(`${pid}: ${cmdline.replace(/\0/g, ' ')}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/**
 * The shares of a window that the server's event loop and the load's waited for a CPU: numbers from 0 to 100 where
 * the kernel keeps per-thread scheduler statistics (Linux), NaN (null once through JSON) elsewhere.
 */
export function assertWaitShares(f: { serverWaitPercent: number | null; loaderWaitPercent: number | null }, what: string): void {
  const known = fs.existsSync('/proc/thread-self/schedstat');
  for (const key of ['serverWaitPercent', 'loaderWaitPercent'] as const) {
    const value = f[key];
    if (!known) assert.equal(value, null, `${what} ${key} without scheduler statistics`);
    else assert.ok(typeof value === 'number' && value >= 0 && value <= 100, `${what} ${key}: ${String(value)}`);
  }
}
