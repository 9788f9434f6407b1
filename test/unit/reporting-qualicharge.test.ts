import assert from 'node:assert/strict';
import { every } from '../../lib/reporting/schedule';
import { Harness, T0 } from '../support/reporting-setup';
import { closed } from '../support/reporting-sim';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('reporting: QualiCharge sink', () => {
  let h: Harness;
  afterEach(async () => { await h.close(); });

  it('logs in with the password flow, sends a bearer token, logs in again after a 401', async () => {
    h = await new Harness({ sinks: ['qualicharge'] }).start();
    h.engine.addSession(closed('CP01', 1, '11', T0 - 2 * HOUR, HOUR, 20_500));
    await h.settle();
    assert.equal(h.quali.logins, 1);
    h.quali.expireTokens();
    h.engine.addSession(closed('CP01', 2, '12', T0 - 2 * HOUR, HOUR, 7_000));
    await h.settle();
    assert.equal(h.quali.logins, 2);
    assert.equal(h.quali.authorizations.length, 3);
    assert.ok(h.quali.authorizations.every((a) => /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(a)));
    assert.deepEqual(h.quali.deliveries.map((d) => `${d.method} ${d.path} ${d.status}`), [
      'POST /api/v1/auth/token 200', 'POST /api/v1/dynamique/session/bulk 201',
      'POST /api/v1/dynamique/session/bulk 401', 'POST /api/v1/auth/token 200', 'POST /api/v1/dynamique/session/bulk 201',
    ]);
    // The body QualiCharge documents: charge point id without separators, tz-aware times, kWh.
    const { uuid, ...session } = h.quali.sessions[0];
    assert.deepEqual(session, {
      id_pdc_itinerance: 'FREVCECP011', start: new Date(T0 - 2 * HOUR).toISOString().replace('Z', '+00:00'),
      end: new Date(T0 - HOUR).toISOString().replace('Z', '+00:00'), energy: 20.5,
    });
    assert.equal(h.entry('qualicharge', 'CP01/11')?.remoteId, uuid, 'the UUID QualiCharge answered is journaled');
    // The token lives 30 minutes: the next request an hour later logs in first, without a 401.
    await h.settle(HOUR);
    h.engine.addSession(closed('CP02', 1, '13', T0 - HOUR, 10 * MIN, 900));
    await h.settle();
    assert.equal(h.quali.logins, 3);
    assert.equal(h.quali.deliveries.at(-1)?.status, 201);
  });

  it('a refused login fails the batch with the reason before any session leaves, and blocks the sink', async () => {
    h = await new Harness({ sinks: ['qualicharge'], quali: { auth: { username: 'evc-op', password: 'old' } } }).start();
    h.engine.addSession(closed('CP01', 1, '15', T0 - 2 * HOUR, HOUR, 1_000));
    await h.settle(HOUR);
    const entry = h.entry('qualicharge', 'CP01/15');
    assert.deepEqual([entry?.state, entry?.attempts], ['failed', 0]);
    assert.match(entry?.reason ?? '', /login refused: HTTP 401/);
    assert.match(h.engine.summary()[0].blocked ?? '', /login refused/);
    assert.deepEqual(h.quali.deliveries.map((d) => d.path), ['/api/v1/auth/token']);
  });

  it('sends a late session flagged (15-day rule), refuses one older than the API takes, Advenir gets both', async () => {
    h = await new Harness().start();
    h.engine.catchUp([
      closed('CP01', 1, '21', T0 - 20 * DAY, 2 * HOUR, 30_000),
      closed('CP01', 2, '22', T0 - 2 * DAY, 2 * HOUR, 30_000),
      closed('CP02', 1, '23', T0 - 400 * DAY, 2 * HOUR, 30_000),
    ]);
    await h.settle();
    const late = h.entry('qualicharge', 'CP01/21');
    assert.equal(late?.state, 'acknowledged');
    assert.match(late?.flags?.[0] ?? '', /^late: started 20\.0 days before submission \(QualiCharge rule 42: 15\.0 days\)/);
    assert.equal(h.entry('qualicharge', 'CP01/22')?.flags, undefined);
    const old = h.entry('qualicharge', 'CP02/23');
    assert.equal(old?.state, 'failed');
    assert.match(old?.reason ?? '', /refuses sessions older than 365\.0 days/);
    assert.equal(old?.attempts, 0, 'never sent');
    assert.equal(h.quali.sessions.length, 2);
    assert.equal(h.advenir.stored.size, 3);
    assert.deepEqual(h.engine.summary().map((s) => [s.sink, s.acknowledged, s.failed, s.flagged]), [['advenir', 3, 0, 0], ['qualicharge', 2, 1, 1]]);
  });

  it('splits a bulk refused for one undeclared point: the others go, the culprit fails with the reason until retried', async () => {
    h = await new Harness({ sinks: ['qualicharge'], quali: { schedule: every(60) } }).start();
    h.quali.known = new Set(['FREVCECP011', 'FREVCECP012']);
    h.clock.advance(MIN);
    for (let i = 0; i < 6; i++) h.engine.addSession(closed(i === 3 ? 'CP02' : 'CP01', 1 + (i % 2), String(30 + i), T0 - 10 * HOUR + i * HOUR, 30 * MIN, 3_000));
    await h.settle(HOUR);
    assert.deepEqual(h.quali.deliveries.filter((d) => d.path.includes('session')).map((d) => [d.keys.length, d.status]), [[6, 404], [1, 201], [1, 201], [1, 201], [1, 404], [1, 201], [1, 201]]);
    const culprit = h.entry('qualicharge', 'CP02/33');
    assert.equal(culprit?.state, 'failed');
    assert.match(culprit?.reason ?? '', /HTTP 404: .*Undeclared attached point/);
    assert.equal(h.quali.sessions.length, 5);
    h.quali.known.add('FREVCECP021');
    assert.equal(h.engine.retryFailed(), 1);
    await h.settle();
    assert.equal(h.entry('qualicharge', 'CP02/33')?.state, 'acknowledged');
    assert.equal(h.quali.sessions.length, 6);
  });

  it('fails an unmapped station before any request, naming the mapping; Advenir takes the OCPP identity', async () => {
    h = await new Harness().start();
    h.engine.addSession(closed('CP-9', 1, '41', T0 - HOUR, 30 * MIN, 2_000));
    await h.settle();
    const entry = h.entry('qualicharge', 'CP-9/41');
    assert.equal(entry?.state, 'failed');
    assert.match(entry?.reason ?? '', /'CP9' is not an AFIREV charge point id .*map CP-9\/1 to its id/);
    assert.equal(h.quali.deliveries.length, 0);
    assert.equal(h.entry('advenir', 'CP-9/41')?.state, 'acknowledged');
  });

  it('holds a session whose request got no answer for an operator, or resends it when so configured', async () => {
    h = await new Harness({ sinks: ['qualicharge'] }).start();
    h.quali.forced.push('hang-after-store');
    h.engine.addSession(closed('CP01', 1, '51', T0 - HOUR, 30 * MIN, 2_000));
    await h.settle(2 * HOUR);
    const held = h.entry('qualicharge', 'CP01/51');
    assert.deepEqual([held?.state, held?.held, held?.attempts], ['uncertain', true, 1]);
    assert.match(held?.reason ?? '', /no answer within 500 ms/);
    assert.deepEqual(h.engine.summary().map((s) => [s.uncertain, s.held]), [[1, 1]]);
    assert.equal(h.quali.sessions.length, 1, 'it did arrive');
    assert.equal(h.engine.confirm('qualicharge', 'CP01/51'), undefined);
    assert.equal(h.entry('qualicharge', 'CP01/51')?.state, 'acknowledged');
    await h.close();

    h = await new Harness({ sinks: ['qualicharge'], quali: { resendUncertainSessions: true } }).start();
    h.quali.forced.push('drop');
    h.engine.addSession(closed('CP01', 1, '52', T0 - HOUR, 30 * MIN, 2_000));
    await h.settle(5 * MIN);
    assert.equal(h.entry('qualicharge', 'CP01/52')?.state, 'acknowledged');
    assert.equal(h.quali.sessions.length, 1);
  });

  it('maps statuses to QualiCharge enums and looks uncertain ones up by timestamp instead of resending blindly', async () => {
    h = await new Harness({ sinks: ['qualicharge'] }).start();
    h.engine.addStatus({ stationId: 'CP01', evseId: 2, status: 'Charging', at: T0 - 30_000 });
    await h.settle();
    const { uuid: _u, ...first } = h.quali.statuses[0];
    assert.deepEqual(first, {
      id_pdc_itinerance: 'FREVCECP012', etat_pdc: 'en_service', occupation_pdc: 'occupe', horodatage: new Date(T0 - 30_000).toISOString().replace('Z', '+00:00'),
      etat_prise_type_combo_ccs: 'fonctionnel', etat_prise_type_chademo: 'fonctionnel',
    });
    // Stored but unanswered: found in the history, acknowledged without a second copy.
    h.quali.forced.push('hang-after-store');
    h.engine.addStatus({ stationId: 'CP01', evseId: 1, status: 'Faulted', at: T0 });
    await h.settle(10 * MIN);
    // Lost before storing: not in the history, sent again.
    h.quali.forced.push('drop');
    h.engine.addStatus({ stationId: 'CP02', evseId: 1, status: 'Available', at: h.clock.now() - 1000 });
    await h.settle(10 * MIN);
    assert.deepEqual(h.quali.statuses.map((s) => [s.id_pdc_itinerance, s.etat_pdc, s.occupation_pdc]), [
      ['FREVCECP012', 'en_service', 'occupe'], ['FREVCECP011', 'hors_service', 'inconnu'], ['FREVCECP021', 'en_service', 'libre'],
    ]);
    assert.deepEqual(h.engine.entries({ sink: 'qualicharge' }).map((e) => e.state), ['acknowledged', 'acknowledged', 'acknowledged']);
    assert.ok(h.engine.entries({ sink: 'qualicharge' })[1].log.some((l) => l.event === 'verified'));
    assert.ok(h.engine.entries({ sink: 'qualicharge' })[2].log.some((l) => l.event === 'retry' && /not at the receiver/.test(l.detail ?? '')));
    assert.ok(h.quali.deliveries.some((d) => d.method === 'GET' && d.path.endsWith('/history')));
    // A status over a day old is refused by the API: failed here without a request.
    const requests = h.quali.deliveries.length;
    h.engine.addStatus({ stationId: 'CP01', evseId: 1, status: 'Available', at: h.clock.now() - 2 * DAY });
    await h.settle();
    assert.equal(h.quali.deliveries.length, requests);
    assert.match(h.engine.entries({ sink: 'qualicharge', state: 'failed' })[0]?.reason ?? '', /refuses statuses older than 1440 minutes/);
  });
});
