/**
 * Smoke test of the archive benchmark: the compiled entry point on a tiny load (a few hundred rows, about a second
 * of MeterValues), as `npm run bench --only archive --quick` runs it. Checks the report's shape, never the speed.
 */
import assert from 'node:assert/strict';
import path from 'path';
import { assertWaitShares, leftoverChildren as leftover, runBench } from '../support/bench';
import type { ArchiveBenchReport } from '../../bench/archive/report';
import { formatArchiveReport } from '../../bench/archive/table';
import { Samples, summarize } from '../../bench/ocpp/stats';

const CHILD_FILE = path.resolve(__dirname, '../../bench/archive/csms-child.js');


function assertPositive(value: unknown, what: string): void {
  assert.equal(typeof value, 'number', `${what} is not a number: ${String(value)}`);
  assert.ok(Number.isFinite(value) && (value as number) > 0, `${what} is not a positive number: ${String(value)}`);
}

describe('archive benchmark (tiny)', function () {
  this.timeout(60_000);
  const ROWS = 300;
  let report: ArchiveBenchReport;

  before(async () => {
    const args = [
      '--only', 'archive', '--quick', '--json', '--archive-rows', String(ROWS), '--archive-stations', '10',
      '--archive-rate', '100', '--archive-seconds', '1', '--archive-warmup', '0.2',
    ];
    const { code, stdout, stderr } = await runBench(args);
    assert.equal(code, 0, `benchmark exited with ${code}:\n${stderr}`);
    const json = JSON.parse(stdout) as { archive?: ArchiveBenchReport; servers?: unknown };
    assert.equal(json.servers, undefined, '--only archive ran the OCPP benchmark too');
    assert.ok(json.archive, 'no archive report');
    report = json.archive;
  });

  it('writes every row by the three ingest paths and gives rows per second', () => {
    for (const p of ['whole', 'sqlite', 'naive'] as const) {
      assert.equal(report.rows[p].rows, ROWS, `${p}: rows written`);
      assertPositive(report.rows[p].rowsPerSec, `${p} rowsPerSec`);
      assertPositive(report.rows[p].ms, `${p} ms`);
    }
    assertPositive(report.rows.whole.journalUsPerRow, 'journal µs per row');
    assert.equal(report.rows.rounds.length, report.options.rowsRounds);
    assert.equal(report.latency.rounds.length, report.options.rounds);
  });

  it('measures MeterValues latency with the archive off and on, archiving every one', () => {
    for (const m of ['off', 'on'] as const) {
      const f = report.latency[m];
      assertPositive(f.achievedPerSec, `${m} achievedPerSec`);
      for (const key of ['p50Ms', 'p99Ms', 'maxMs'] as const) assertPositive(f[key], `${m} ${key}`);
      assert.equal(f.errors + f.unfinished, 0, `${m}: calls failed`);
      assertWaitShares(f, m);
    }
    assert.ok(report.latency.meterValuesAnswered > 0, 'no MeterValues answered with the archive on');
    assert.equal(report.latency.archivedRows, report.latency.meterValuesAnswered, 'rows archived / MeterValues answered');
  });

  it('takes the latency percentiles over every call of all the rounds, not per window', () => {
    const quiet = new Samples();
    const noisy = new Samples();
    for (let i = 1; i <= 100; i++) quiet.add(i / 100);
    for (let i = 1; i <= 100; i++) noisy.add(i <= 90 ? 1 : 50);
    const pooled = summarize(Samples.pooled([quiet, noisy]));
    assert.equal(Samples.pooled([quiet, noisy]).count, 200);
    // The slowest 1% of 200 calls are two of the noisy window's ten slow ones.
    assert.deepEqual([pooled.p50, pooled.p99, pooled.max], [1, 50, 50]);
    assert.equal(summarize(Samples.pooled([quiet])).p99, 0.99);
  });

  it('gives the ratios and judges both goals', () => {
    for (const metric of ['rows/s journal+SQLite / naive', 'rows/s SQLite alone / naive', 'p99 ms archive on / off']) {
      assertPositive(report.ratios.find((r) => r.metric === metric)?.value, `ratio ${metric}`);
    }
    assert.equal(report.goals.length, 2);
    for (const g of report.goals) assert.equal(typeof g.pass, 'boolean');
    // One round gives nothing to draw from: the ratio's spread is none, and the goal's line does not mention it.
    const spread = report.latency.p99RatioResampled;
    assert.equal(report.options.rounds, 1);
    assert.equal(spread.draws, 200);
    assert.equal(spread.low, spread.high);
    assert.doesNotMatch(report.goals[1].measured, /drawn again/);
  });

  it('prints both tables and the goals', () => {
    const text = formatArchiveReport(report);
    assert.match(text, /meter rows\s+journal\+SQLite\s+SQLite alone\s+naive 1 INSERT\/row\s+ours\/naive/);
    assert.match(text, /^rows\/s\s+\d+\s+\d+\s+\d+/m);
    assert.match(text, /MeterValues latency\s+archive off\s+archive on\s+on\/off/);
    // An exact 1.00 prints no verdict word.
    assert.match(text, /^p99 ms \(all rounds\)\s+[\d.]+\s+[\d.]+\s+[\d.]+( (better|worse))?$/m);
    assert.match(text, /^server loop waiting for a CPU, % of window\s+[\d.]+\s+[\d.]+$/m);
    assert.match(text, /^load loop waiting for a CPU, % of window\s+[\d.]+\s+[\d.]+$/m);
    assert.match(text, /\[(PASS|FAIL)\] meter rows into SQLite with batching/);
    assert.match(text, /\[(PASS|FAIL)\] archive adds < 20% to MeterValues p99/);
  });

  it('leaves no child process behind', () => {
    assert.deepEqual(leftover([CHILD_FILE]), []);
  });
});
