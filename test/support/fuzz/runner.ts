/**
 * Runs the fuzzer: many raw WebSocket stations, each booting then sending generated cases one at a time and
 * checking each answer against the case's expectation (a silence is checked by a Heartbeat that must be the next
 * thing answered). A station closed as expected (an oversized frame) connects again. Every wrong answer is kept
 * with its frame, so a failure can be replayed from the seed.
 */
import WebSocket from 'ws';
import { uniform } from '../../../lib/simulator/random';
import { CaseMaker, Category, Expect, FuzzCase, Version } from './cases';

export interface FuzzOptions {
  url: string;
  seed: number;
  durationMs: number;
  stations: number;
  maxPayload: number;
  /** How long an answer may take before it counts as missing. */
  answerTimeoutMs?: number;
}

export interface FuzzReport {
  sent: number;
  byCategory: Partial<Record<Category, number>>;
  wrongCount: number;
  /** The first 50 wrong answers, with what was sent and expected. */
  wrong: Array<{ station: string; label: string; frame: string; expected: Expect; got: string }>;
  reconnects: number;
}

const BOOT: Record<Version, unknown> = {
  '1.6': { chargePointVendor: 'Fuzz', chargePointModel: 'F1' },
  '2.0.1': { reason: 'PowerUp', chargingStation: { vendorName: 'Fuzz', model: 'F1' } },
};

type Incoming = { kind: 'frame'; data: unknown[] } | { kind: 'close'; code: number } | { kind: 'timeout' };

class Station {
  private socket?: WebSocket;
  private waiting?: (m: Incoming) => void;
  private queue: Incoming[] = [];

  constructor(private readonly url: string, readonly identity: string, readonly version: Version) {}

  async open(): Promise<void> {
    this.queue = [];
    const ws = new WebSocket(`${this.url}/${this.identity}`, [`ocpp${this.version}`], { maxPayload: 16 * 1024 * 1024 });
    this.socket = ws;
    ws.on('message', (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(data));
      } catch {
        parsed = ['unparsable', String(data)];
      }
      // The CSMS's own CALLs are not what the fuzzer waits for.
      if (Array.isArray(parsed) && parsed[0] === 2) return;
      this.deliver({ kind: 'frame', data: parsed as unknown[] });
    });
    ws.on('close', (code) => this.deliver({ kind: 'close', code }));
    ws.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  }

  send(frame: string): void {
    this.socket?.send(frame);
  }

  next(timeoutMs: number): Promise<Incoming> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.waiting = undefined; resolve({ kind: 'timeout' }); }, timeoutMs);
      this.waiting = (m) => { clearTimeout(timer); this.waiting = undefined; resolve(m); };
    });
  }

  close(): void {
    this.socket?.terminate();
  }

  private deliver(m: Incoming): void {
    if (this.waiting) this.waiting(m);
    else this.queue.push(m);
  }
}

const describe = (m: Incoming): string => (m.kind === 'frame' ? JSON.stringify(m.data).slice(0, 200) : m.kind === 'close' ? `close ${m.code}` : 'nothing');

/** Whether what came is what the case expects. */
function matches(expect: Expect, got: Incoming): boolean {
  switch (expect.kind) {
    case 'result':
      return got.kind === 'frame' && got.data[0] === 3 && got.data[1] === expect.id;
    case 'error':
      return got.kind === 'frame' && got.data[0] === 4 && got.data[1] === expect.id && expect.codes.includes(String(got.data[2]));
    case 'close':
      return got.kind === 'close' && got.code === expect.code;
    case 'silence':
      return got.kind === 'timeout';
  }
}

export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const report: FuzzReport = { sent: 0, byCategory: {}, wrongCount: 0, wrong: [], reconnects: 0 };
  const deadline = Date.now() + options.durationMs;
  const timeout = options.answerTimeoutMs ?? 3000;
  const run = async (index: number): Promise<void> => {
    const version: Version = index % 2 === 0 ? '1.6' : '2.0.1';
    const station = new Station(options.url, `FUZZ${String(index).padStart(3, '0')}`, version);
    const maker = new CaseMaker(uniform(options.seed * 1000 + index), version, options.maxPayload, station.identity);
    const boot = async () => {
      await station.open();
      station.send(JSON.stringify([2, `${station.identity}-boot-${report.reconnects}`, 'BootNotification', BOOT[version]]));
      await station.next(timeout);
    };
    const wrong = (c: FuzzCase, got: Incoming) => {
      report.wrongCount++;
      if (report.wrong.length < 50) report.wrong.push({ station: station.identity, label: c.label, frame: c.frame.slice(0, 300), expected: c.expect, got: describe(got) });
    };
    await boot();
    let probes = 0;
    while (Date.now() < deadline) {
      const c = maker.next();
      report.sent++;
      report.byCategory[c.category] = (report.byCategory[c.category] ?? 0) + 1;
      station.send(c.frame);
      if (c.expect.kind === 'silence') {
        // Silence is proven by the next CALL's answer coming first.
        const probe = `${station.identity}-probe-${++probes}`;
        station.send(JSON.stringify([2, probe, 'Heartbeat', {}]));
        const got = await station.next(timeout);
        if (!matches({ kind: 'result', id: probe }, got)) wrong(c, got);
        continue;
      }
      const got = await station.next(timeout);
      if (!matches(c.expect, got)) wrong(c, got);
      if (got.kind === 'close' || c.expect.kind === 'close') {
        station.close();
        report.reconnects++;
        await boot();
      }
    }
    station.close();
  };
  await Promise.all(Array.from({ length: options.stations }, (_, i) => run(i)));
  return report;
}
