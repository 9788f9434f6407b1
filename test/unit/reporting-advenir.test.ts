import assert from 'node:assert/strict';
import { daily } from '../../lib/reporting/schedule';
import { ADVENIR_USER, Harness, T0 } from '../support/reporting-setup';
import { closed } from '../support/reporting-sim';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('reporting: Advenir sink', () => {
  let h: Harness;
  afterEach(async () => { await h.close(); });

  it('PUTs the traced shape with HTTP Basic auth, per session', async () => {
    h = await new Harness({ sinks: ['advenir'] }).start();
    h.engine.addSession(closed('CP01', 1, '501', T0 - 2 * HOUR, 90 * MIN, 12_345));
    h.engine.addSession(closed('CP09', 1, '77', T0 - HOUR, 30 * MIN, 2_000));
    await h.settle();
    assert.deepEqual(h.advenir.authorizations, [`Basic ${Buffer.from('op:secret').toString('base64')}`, `Basic ${Buffer.from('op:secret').toString('base64')}`]);
    assert.deepEqual(h.advenir.deliveries.map((d) => [d.method, d.path, d.status]), [['PUT', '/api/operation/put', 200], ['PUT', '/api/operation/put', 200]]);
    const stored = h.advenir.stored.get('FREVC*ECP01*1/501');
    assert.deepEqual(stored, {
      userId: ADVENIR_USER, chargePoint: 'FREVC*ECP01*1', transactionId: '501',
      value: { StartTransaction: (T0 - 2 * HOUR) / 1000, StopTransaction: (T0 - 30 * MIN) / 1000, StartValue: 10_000, StopValue: 22_345 },
    });
    // Without a mapping the OCPP identity stands in, which Advenir's trace accepts.
    assert.ok(h.advenir.stored.has('CP09/77'));
    assert.equal(h.entry('advenir', 'CP01/501')?.state, 'acknowledged');
  });

  it('batches a day of sessions into one request at the daily slot', async () => {
    h = await new Harness({ sinks: ['advenir'], advenir: { schedule: daily('02:00') } }).start();
    for (let i = 0; i < 5; i++) h.engine.addSession(closed('CP01', 1 + (i % 2), String(600 + i), T0 - 5 * HOUR + i * HOUR, 40 * MIN, 5_000 + i));
    await h.settle(10 * HOUR, 15 * MIN);
    assert.equal(h.advenir.deliveries.length, 0, 'nothing before 02:00 UTC');
    await h.settle(7 * HOUR, 15 * MIN);
    assert.equal(h.advenir.deliveries.length, 1);
    assert.equal(h.advenir.deliveries[0].keys.length, 5);
    assert.equal(h.advenir.stored.size, 5);
  });

  it('takes a template for another body shape', async () => {
    h = await new Harness({
      sinks: ['advenir'],
      advenir: { template: (records, ctx) => ({ user: ctx.userId, charges: records.map((r) => ({ evse: r.idPdc, tx: r.transactionId, kWh: r.energyWh / 1000 })) }) },
    }).start();
    h.engine.addSession(closed('CP01', 1, '900', T0 - HOUR, 20 * MIN, 3_210));
    await h.settle();
    // The Advenir-like receiver does not know this shape: the 400 lands in the journal with the receiver's words.
    const entry = h.entry('advenir', 'CP01/900');
    assert.equal(entry?.state, 'failed');
    assert.match(entry?.reason ?? '', /HTTP 400: .*no transaction/);
  });

  it('keeps a permanent 400 as failed with the reason, sends the rest of the batch, and retries on demand', async () => {
    h = await new Harness({ sinks: ['advenir'], advenir: { schedule: daily('02:00') } }).start();
    h.advenir.refuse.set('FREVC*ECP01*1/702', 'StopValue below StartValue');
    for (let i = 0; i < 4; i++) h.engine.addSession(closed('CP01', 1 + (i % 2), String(700 + i), T0 - 4 * HOUR + i * HOUR, 30 * MIN, 4_000));
    await h.settle(17 * HOUR, 30 * MIN);
    assert.deepEqual(h.advenir.deliveries.map((d) => [d.keys.length, d.status]), [[4, 400], [1, 200], [1, 200], [1, 400], [1, 200]]);
    const failed = h.entry('advenir', 'CP01/702');
    assert.equal(failed?.state, 'failed');
    assert.match(failed?.reason ?? '', /HTTP 400: .*StopValue below StartValue/);
    assert.equal(h.engine.summary()[0].failed, 1);
    assert.equal(h.advenir.stored.size, 3);
    // Still failed after hours: a permanent refusal is not retried on its own.
    await h.settle(5 * HOUR, 30 * MIN);
    assert.equal(h.advenir.deliveries.length, 5);
    h.advenir.refuse.clear();
    assert.equal(h.engine.retry('advenir', 'CP01/702'), undefined);
    await h.settle();
    assert.equal(h.entry('advenir', 'CP01/702')?.state, 'acknowledged');
    assert.equal(h.advenir.stored.size, 4);
    assert.match(h.engine.retry('advenir', 'CP01/702') ?? '', /acknowledged: nothing to retry/);
  });

  it('refused credentials fail the batch with the reason and hold the sink until an operator retries', async () => {
    h = await new Harness({ sinks: ['advenir'] }).start();
    h.advenir.credentials.password = 'rotated';
    h.engine.addSession(closed('CP01', 1, '801', T0 - HOUR, 30 * MIN, 1_000));
    await h.settle();
    h.engine.addSession(closed('CP01', 2, '802', T0 - HOUR, 30 * MIN, 1_000));
    await h.settle(2 * HOUR);
    assert.equal(h.advenir.deliveries.length, 1, 'a blocked sink does not burn its queue');
    const [summary] = h.engine.summary();
    assert.match(summary.blocked ?? '', /HTTP 401/);
    assert.deepEqual([summary.failed, summary.queued], [1, 1]);
    h.advenir.credentials.password = 'secret';
    assert.equal(h.engine.retryFailed('advenir'), 1);
    await h.settle();
    assert.deepEqual(h.engine.entries({ sink: 'advenir' }).map((e) => e.state), ['acknowledged', 'acknowledged']);
    assert.equal(h.engine.summary()[0].blocked, undefined);
  });

  it('sends again a request that got no answer, which a PUT makes harmless', async () => {
    h = await new Harness({ sinks: ['advenir'] }).start();
    h.advenir.forced.push('hang-after-store', 'drop');
    h.engine.addSession(closed('CP02', null, '990', T0 - HOUR, 30 * MIN, 1_500));
    await h.settle();
    assert.equal(h.entry('advenir', 'CP02/990')?.state, 'uncertain');
    await h.settle(10 * MIN);
    assert.equal(h.entry('advenir', 'CP02/990')?.state, 'acknowledged');
    assert.deepEqual(h.advenir.deliveries.map((d) => d.fault ?? d.status), ['hang-after-store', 'drop', 200]);
    assert.equal(h.advenir.stored.size, 1);
    const log = h.entry('advenir', 'CP02/990')?.log.map((l) => l.event);
    assert.deepEqual(log, ['queued', 'sent', 'uncertain', 'retry', 'sent', 'uncertain', 'retry', 'sent', 'acknowledged']);
  });
});
