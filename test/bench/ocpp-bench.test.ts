/**
 * Smoke test of the OCPP server benchmark: the compiled entry point in quick mode, as `npm run bench` runs it.
 * Checks the shape of the report, never the speed: timings depend on the machine.
 */
import assert from 'node:assert/strict';
import path from 'path';
import { leftoverChildren as leftover, runBench } from '../support/bench';
import type { OcppBenchReport, ServerFigures } from '../../bench/ocpp/report';
import { formatReport } from '../../bench/ocpp/table';
import { median } from '../../bench/ocpp/stats';

const CHILD_FILES = [...['server-child.js', 'idle-child.js'].map((f) => path.resolve(__dirname, '../../bench/ocpp', f)),
  path.resolve(__dirname, '../../bench/scale/farm.js')];


function assertNumber(value: unknown, what: string): void {
  assert.equal(typeof value, 'number', `${what} is not a number: ${String(value)}`);
  assert.ok(Number.isFinite(value), `${what} is not finite: ${String(value)}`);
}

describe('OCPP server benchmark (quick)', function () {
  // The quick run alone takes about 50 s on two cores (three servers, fixed durations each): room for a loaded machine.
  this.timeout(150_000);
  let report: OcppBenchReport;

  before(async () => {
    const { code, stdout, stderr } = await runBench(['--quick', '--json']);
    assert.equal(code, 0, `benchmark exited with ${code}:\n${stderr}`);
    report = JSON.parse(stdout) as OcppBenchReport;
  });

  it('measures all three servers with numeric figures and no failed call', () => {
    for (const kind of ['ours', 'plain', 'strict'] as const) {
      const f = report.servers[kind] as ServerFigures;
      assert.ok(f, `no figures for ${kind}`);
      assert.ok(f.throughput.callsPerSec > 0, `${kind}: no throughput`);
      for (const key of ['p50Ms', 'p99Ms', 'cpuMsPer1000', 'serverCpuPercent', 'loaderCpuPercent'] as const) {
        assertNumber(f.throughput[key], `${kind} throughput.${key}`);
      }
      assert.ok(f.rate.achievedPerSec > 0, `${kind}: nothing achieved at the fixed rate`);
      assertNumber(f.rate.p50Ms, `${kind} rate.p50Ms`);
      assertNumber(f.rate.p99Ms, `${kind} rate.p99Ms`);
      assert.equal(f.throughput.errors + f.rate.errors + f.rate.unfinished, 0, `${kind}: calls failed`);
      assert.equal(f.memory.length, report.options.idle.length);
      for (const m of f.memory) {
        assert.equal(m.open, m.connections, `${kind}: not all idle stations connected`);
        assertNumber(m.rssKbPerConn, `${kind} rssKbPerConn`);
        assertNumber(m.heapExtKbPerConn, `${kind} heapExtKbPerConn`);
      }
    }
  });

  it('measures the throughput ceiling of each server in alternating rounds, with the server and its load both counted', () => {
    for (const kind of ['ours', 'plain', 'strict'] as const) {
      const c = (report.servers[kind] as ServerFigures).ceiling;
      assert.equal(c.rounds.length, report.options.ceilingRounds, `${kind}: one window per round`);
      for (const w of c.rounds) {
        assert.ok(w.perCpuSecond > 0 && w.callsPerSec > 0, `${kind}: nothing answered in a ceiling window`);
        assertNumber(w.serverCpuPercent, `${kind} ceiling serverCpuPercent`);
        assertNumber(w.farmCpuPercent, `${kind} ceiling farmCpuPercent`);
        assertNumber(w.p99Ms, `${kind} ceiling p99Ms`);
      }
      assert.equal(c.errors, 0, `${kind}: ceiling calls failed`);
      assert.equal(c.perCpuSecond, median(c.rounds.map((w) => w.perCpuSecond)));
    }
    for (const list of [report.ceilingRatios.vsPlain, report.ceilingRatios.vsStrict]) {
      assert.equal(list?.length, report.options.ceilingRounds);
      for (const r of list ?? []) assertNumber(r, 'paired ceiling ratio');
    }
    const ours = (report.servers.ours as ServerFigures).ceiling.rounds;
    const plain = (report.servers.plain as ServerFigures).ceiling.rounds;
    assert.equal(report.ceilingRatios.vsPlain?.[0], Math.round((ours[0].perCpuSecond / plain[0].perCpuSecond) * 1000) / 1000);
  });

  it('gives ratios against both ocpp-rpc servers and judges the goals', () => {
    for (const list of [report.ratios.vsPlain, report.ratios.vsStrict]) {
      assert.ok(list && list.length > 0, 'missing ratios');
      for (const r of list) {
        // A memory delta can be zero on a few dozen connections (RSS moves by pages): no ratio then.
        if (r.metric.startsWith('idle ')) assert.ok(r.value === null || typeof r.value === 'number', r.metric);
        else assertNumber(r.value, `ratio ${r.metric}`);
      }
    }
    assert.ok(report.goals.length >= 3);
    for (const g of report.goals) assert.equal(typeof g.pass, 'boolean');
  });

  it('prints the side-by-side table', () => {
    const text = formatReport(report);
    assert.match(text, /ours \(Csms\)\s+ocpp-rpc\s+ocpp-rpc strict\s+ours\/ocpp-rpc\s+ours\/strict/);
    assert.match(text, /goals \(ours\):/);
    assert.match(text, /\[(PASS|FAIL)\] validated calls per core, ours \/ plain ocpp-rpc/);
    assert.match(text, /^ceiling calls \/ CPU-second\s+\d+\s+\d+\s+\d+/m);
    assert.match(text, /^ {2}ours \/ ocpp-rpc: [\d.]+ [\d.]+$/m);
  });

  it('leaves no child process behind', () => {
    assert.deepEqual(leftover(CHILD_FILES), []);
  });
});
