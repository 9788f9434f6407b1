/**
 * The OCPP fuzzer against a real CSMS (issue 10): seeded, bounded in time (EVC_FUZZ_SECONDS, 60 by default),
 * tens of thousands of broken frames from 20 stations of both versions. Every frame gets the answer OCPP-J names,
 * the runtime survives, and the heap comes back to where it was once the stations are gone.
 */
import assert from 'node:assert/strict';
import v8 from 'v8';
import vm from 'vm';
import { WebSocketServer } from 'ws';
import { AddressInfo } from 'net';
import { Csms } from '../../lib/ocpp/csms';
import { fuzz } from '../support/fuzz/runner';

const SECONDS = Number(process.env.EVC_FUZZ_SECONDS ?? 60);
const SEED = Number(process.env.EVC_FUZZ_SEED ?? 20261201);
const MAX_PAYLOAD = 65536;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

async function settledHeap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return process.memoryUsage().heapUsed;
}

describe('OCPP fuzzer', function () {
  this.timeout((SECONDS + 60) * 1000);

  it(`answers ${SECONDS} s of malformed, truncated, oversized, wrongly typed and stray frames as OCPP-J says, and gives its memory back`, async () => {
    const csms = new Csms({ port: 0, host: '127.0.0.1', pingIntervalMs: 0, maxPayload: MAX_PAYLOAD });
    const port = await csms.start();
    try {
      const baseline = await settledHeap();
      const report = await fuzz({ url: `ws://127.0.0.1:${port}/ocpp`, seed: SEED, durationMs: SECONDS * 1000, stations: 20, maxPayload: MAX_PAYLOAD });
      console.log(`    fuzzer: ${report.sent} frames (${Object.entries(report.byCategory).map(([k, v]) => `${k} ${v}`).join(', ')}), ${report.reconnects} reconnections, seed ${SEED}`);
      assert.equal(report.wrongCount, 0, `wrong answers (seed ${SEED}): ${JSON.stringify(report.wrong.slice(0, 5), null, 1)}`);
      assert.ok(report.sent >= SECONDS * 200, `only ${report.sent} frames in ${SECONDS} s`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const after = await settledHeap();
      console.log(`    heap: ${(baseline / 1e6).toFixed(1)} MB before, ${(after / 1e6).toFixed(1)} MB after`);
      assert.ok(after - baseline < 16e6, `the heap grew by ${((after - baseline) / 1e6).toFixed(1)} MB`);
    } finally {
      await csms.stop();
    }
  });

  it('would see a server that answers everything with a CALLRESULT as wrong', async () => {
    // The fuzzer's own check: a careless server must fail it, or a green run would prove nothing.
    const careless = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: (offered) => [...offered][0] ?? false });
    careless.on('connection', (ws) => ws.on('message', (data) => {
      const match = /^\[\s*\d+\s*,\s*"([^"]*)"/.exec(String(data));
      ws.send(JSON.stringify([3, match?.[1] ?? '-1', {}]));
    }));
    await new Promise((resolve) => careless.once('listening', resolve));
    try {
      const report = await fuzz({ url: `ws://127.0.0.1:${(careless.address() as AddressInfo).port}/ocpp`, seed: SEED, durationMs: 1000, stations: 2, maxPayload: MAX_PAYLOAD, answerTimeoutMs: 300 });
      assert.ok(report.wrongCount > 0 && report.wrongCount < report.sent, `${report.wrongCount} wrong of ${report.sent}`);
      assert.ok(report.wrong.some((w) => w.label.startsWith('unknown action')), 'an unknown action answered as if it were known is caught');
    } finally {
      for (const client of careless.clients) client.terminate();
      await new Promise((resolve) => careless.close(resolve));
    }
  });
});
