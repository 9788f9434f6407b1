/**
 * Smoke test of the scale benchmark: the compiled entry point on a tiny park (40 stations, a 2-second load with a
 * message per station per second, a storm of all 40), as `npm run bench -- --only scale --quick` runs it. Checks
 * the report's shape and what must hold whatever the speed: every station connected, every message answered, all
 * back after the storm. No timing is asserted.
 */
import assert from 'node:assert/strict';
import path from 'path';
import { leftoverChildren as leftover, runBench } from '../support/bench';
import { formatScaleReport, ScaleBenchReport } from '../../bench/scale';
import { QUICK } from '../../bench/scale/options';

const CHILDREN = ['../../bench/scale/farm.js', '../../bench/archive/csms-child.js', '../../bench/ocpp/server-child.js'].map((f) => path.resolve(__dirname, f));

describe('scale benchmark (tiny)', function () {
  this.timeout(180_000);
  let report: ScaleBenchReport;

  before(async () => {
    const { code, stdout, stderr } = await runBench(['--only', 'scale', '--quick', '--json']);
    assert.equal(code, 0, `benchmark exited with ${code}:\n${stderr}`);
    const json = JSON.parse(stdout) as { scale?: ScaleBenchReport; servers?: unknown };
    assert.equal(json.servers, undefined, '--only scale ran the OCPP benchmark too');
    assert.ok(json.scale, 'no scale report');
    report = json.scale;
  });

  it('connects every station to ours and to ocpp-rpc, answers every message, and brings every one back after the storm', () => {
    assert.deepEqual(report.options, QUICK);
    assert.deepEqual(report.servers.map((s) => s.server), ['ours', 'ocpp-rpc']);
    for (const s of report.servers) {
      assert.deepEqual([s.server, s.connected, s.connectFailed], [s.server, QUICK.stations, 0]);
      assert.ok(s.steady.sent >= QUICK.stations, `${s.server}: ${s.steady.sent} messages sent`);
      assert.deepEqual([s.server, s.steady.answered, s.steady.errors], [s.server, s.steady.sent, 0]);
      assert.ok(s.steady.p99 > 0 && s.steady.p50 <= s.steady.p99);
      assert.deepEqual([s.server, s.storm.opened, s.storm.failed, s.storm.back], [s.server, QUICK.stations, 0, QUICK.stations]);
      assert.ok(s.storm.peakRssMb > 0);
      assert.equal(typeof s.kbPerConnection, 'number');
    }
    // 40 stations at once against 20 boots a second: ours answers some Pending, and they all come back accepted.
    const [ours, peer] = report.servers;
    assert.ok(ours.storm.pending > 0, 'no boot was answered Pending');
    assert.equal(peer.storm.pending, 0);
  });

  it('prints the table with the goals, and leaves no child behind', () => {
    const text = formatScaleReport(report);
    assert.match(text, /\| memory per connection, heap \+ external \(KB\) \(goal ≤ 25 KB\) \| [\d.-]+ \| [\d.-]+ \| [\d.-]+ \|$/m);
    assert.match(text, /storm: seconds until all accepted/);
    assert.deepEqual(leftover(CHILDREN), []);
  });
});
