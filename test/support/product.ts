/** Starts the product as a user would (`bin/evcharge.js start`) in a child process, on free ports and a fresh user dir. */
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { freePort, waitFor } from './net';

export interface Product {
  base: string;
  ocppUrl: string;
  userDir: string;
  output(): string;
  get(pathname: string): Promise<{ status: number; body: any }>;
  post(pathname: string, body: unknown, raw?: string): Promise<{ status: number; body: any }>;
  /** A file download: the bytes as they came, and the headers. */
  download(pathname: string): Promise<{ status: number; headers: Headers; bytes: Buffer }>;
  stop(): Promise<void>;
  /** SIGKILL, as a power cut or an OOM kill would: no shutdown code runs. */
  kill(): Promise<void>;
  port: number;
  ocppPort: number;
}

const BIN = path.resolve(__dirname, '../../../bin/evcharge.js');

export async function startProduct(args: string[] = [], userDir?: string, ports?: { port: number; ocppPort: number }): Promise<Product> {
  const port = ports?.port ?? await freePort();
  const ocppPort = ports?.ocppPort ?? await freePort();
  const dir = userDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'evc-product-'));
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [BIN, 'start', '--port', String(port), '--ocpp-port', String(ocppPort), '--user-dir', dir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' },
  });
  child.stdout!.on('data', (d) => { log += d.toString(); });
  child.stderr!.on('data', (d) => { log += d.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const request = async (pathname: string, init?: RequestInit) => {
    const res = await fetch(base + pathname, init);
    const text = await res.text();
    let body: unknown = text;
    try { body = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, body };
  };
  try {
    await waitFor(() => log.includes('EV Charge is running') || child.exitCode !== null, 60_000, 'product start');
    if (child.exitCode !== null) throw new Error(`product exited: ${log}`);
    await waitFor(async () => (await request('/api/stations').catch(() => ({ status: 0 }))).status === 200, 30_000, 'REST API');
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${log}`);
  }
  return {
    base, userDir: dir, ocppUrl: `ws://127.0.0.1:${ocppPort}/ocpp`, port, ocppPort,
    output: () => log,
    get: (p) => request(p),
    download: async (p) => {
      const res = await fetch(base + p);
      return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
    },
    post: (p, body, raw) => request(p, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: raw ?? JSON.stringify(body) }),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
