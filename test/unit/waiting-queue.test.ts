import { strict as assert } from 'assert';
import { ManualClock } from '../../lib/continuity/clock';
import {
  CompletedEvent, Estimate, ExpiredEvent, OfferEvent, QueueEntry, QueueOptions, ReleasedEvent, UpdateEvent, WaitingQueue,
} from '../../lib/reservations/queue';
import { notification } from '../../lib/reservations/queue-messages';

const T0 = Date.UTC(2026, 11, 1, 8); // 09:00 in Paris
const MIN = 60_000;
const at = (min: number) => new Date(T0 + min * MIN).toISOString();

function park(options: QueueOptions = {}) {
  const clock = new ManualClock(T0);
  const q = new WaitingQueue({ clock, ...options });
  const log: string[] = [];
  const offers: OfferEvent[] = [];
  const updates: UpdateEvent[] = [];
  const completed: CompletedEvent[] = [];
  q.on('offer', (o: OfferEvent) => { offers.push(o); log.push(`offer ${o.entry.idTag} ${o.stationId}/${o.evseId}`); });
  q.on('released', (r: ReleasedEvent) => log.push(`released ${r.entry.idTag} ${r.stationId}/${r.evseId} ${r.reason}`));
  q.on('expired', (x: ExpiredEvent) => log.push(`expired ${x.entry.idTag}${x.requeued ? ' requeued' : ''}`));
  q.on('charging', (c: { entry: QueueEntry }) => log.push(`charging ${c.entry.idTag}`));
  q.on('completed', (c: CompletedEvent) => { completed.push(c); log.push(`completed ${c.entry.idTag} ${c.energyWh}`); });
  q.on('update', (u: UpdateEvent) => updates.push(u));
  /** Moves the clock to T0 + min. */
  const to = (min: number) => clock.advance(T0 + min * MIN - clock.now());
  const join = (idTag: string, extra: object = {}) => q.join({ idTag, ...extra }) as QueueEntry;
  const state = (id: string) => q.get(id)!.state;
  const order = () => q.list().filter((e) => e.position > 0).map((e) => `${e.idTag}:${e.state}`);
  /** The station reports the driver plugged in and charging. */
  const plugIn = (stationId: string, idTag: string) => {
    q.connectorState({ stationId, evseId: 1, status: 'Charging', sessionStartedAt: new Date(clock.now()).toISOString() });
    q.sessionStarted({ stationId, evseId: 1, idTag });
  };
  /** The session ends and the car leaves. */
  const free = (stationId: string, idTag: string, energyWh = 20_000) => {
    q.sessionEnded({ stationId, evseId: 1, idTag, energyWh, endedAt: new Date(clock.now()).toISOString() });
    q.connectorState({ stationId, evseId: 1, status: 'Available' });
  };
  return { clock, q, log, offers, updates, completed, to, join, state, order, plugIn, free };
}

describe('waiting queue: the done-when scenario', () => {
  it('five drivers, two busy stations: each freed station offered and held in turn, a skip, estimates close to the real waits', () => {
    const { q, log, offers, updates, completed, to, join, state, order, plugIn, free } = park({ typicalSessionMin: 60 });
    q.connectorState({ stationId: 'CP1', evseId: 1, status: 'Charging', expectedEndAt: at(30) });
    q.connectorState({ stationId: 'CP2', evseId: 1, status: 'Charging', expectedEndAt: at(35) });
    const ids = new Map<string, string>();
    const given = new Map<string, number>();
    ['A', 'B', 'C', 'D', 'E'].forEach((tag, i) => {
      to(i);
      const e = join(tag);
      assert.equal(e.position, i + 1);
      assert.equal(e.estimatedAt, at(i));
      ids.set(tag, e.id);
      given.set(tag, e.estimatedWaitMin!);
    });
    // A session lasts 60 min here; until a no-show is seen, 1 offer in 10 is assumed lost after its 15 min hold: a turn is 55.5 min.
    assert.deepEqual([...given.values()], [30, 34, 84, 88, 137]);

    to(5);
    assert.equal((q.skip(ids.get('D')!) as QueueEntry).position, 5, 'D lets E ahead');
    assert.deepEqual(order(), ['A:waiting', 'B:waiting', 'C:waiting', 'E:waiting', 'D:waiting']);
    assert.deepEqual(updates.map((u) => u.entry.idTag).sort(), ['D', 'E'], 'both are told their new wait');
    // Their waits, still counted from when they joined, as now expected.
    for (const tag of ['D', 'E']) given.set(tag, ((Date.parse((q.estimate(ids.get(tag)!) as Estimate).expectedAt!) - Date.parse(q.get(ids.get(tag)!)!.joinedAt)) / MIN));
    assert.deepEqual([given.get('E'), given.get('D')], [86.5, 138]);

    // Sessions end a few minutes off what the estimates used; drivers plug in 2 or 3 min after their offer.
    to(32); free('CP1', 'X1');
    assert.equal(state(ids.get('A')!), 'offered');
    q.connectorState({ stationId: 'CP1', evseId: 1, status: 'Reserved' });
    assert.deepEqual(offers.map((o) => o.entry.idTag), ['A'], 'CP1 is held for A, not offered again');
    to(33); free('CP2', 'X2');
    assert.deepEqual(log.slice(-1), ['offer B CP2/1'], 'the next free station goes to the next driver');
    to(34); plugIn('CP1', 'A');
    q.meter({ stationId: 'CP1', evseId: 1, powerW: 11_000, energyWh: 1_000 });
    q.meter({ stationId: 'CP1', evseId: 1, powerW: 7_400, energyWh: 9_000 });
    to(36); plugIn('CP2', 'B');
    to(93); free('CP2', 'B', 18_500); // 57 min
    to(95); plugIn('CP2', 'C');
    to(97); free('CP1', 'A', 21_000); // 63 min
    to(99); plugIn('CP1', 'E');
    to(156); free('CP2', 'C'); // 61 min
    to(158); plugIn('CP2', 'D');
    to(159); free('CP1', 'E');
    to(218); free('CP2', 'D');

    assert.deepEqual(offers.map((o) => `${o.entry.idTag} ${o.stationId}`), ['A CP1', 'B CP2', 'C CP2', 'E CP1', 'D CP2']);
    // Once A and B have shown up (2 and 3 min to plug in, no no-show), the drivers still waiting are told closer times.
    for (const o of offers.filter((x) => ['C', 'D', 'E'].includes(x.entry.idTag))) {
      const told = updates.filter((u) => u.entry.id === o.entry.id).pop()!;
      assert.ok(Math.abs(Date.parse(told.entry.expectedAt!) - Date.parse(o.expiresAt) + 15 * MIN) <= 3 * MIN, `${o.entry.idTag} last told ${told.entry.expectedAt}`);
    }
    assert.deepEqual(completed.map((c) => c.entry.idTag), ['B', 'A', 'C', 'E', 'D']);
    for (const o of offers) {
      const tag = o.entry.idTag;
      const real = (Date.parse(o.entry.offer!.offeredAt) - Date.parse(o.entry.joinedAt)) / MIN;
      const tolerance = Math.max(10, real * 0.2);
      assert.ok(Math.abs(given.get(tag)! - real) <= tolerance, `${tag}: estimated ${given.get(tag)} min, waited ${real} min (tolerance ${tolerance})`);
    }
    assert.deepEqual(q.list().map((e) => e.state), ['done', 'done', 'done', 'done', 'done']);
    const a = q.report().find((r) => r.idTag === 'A')!;
    assert.deepEqual(a, { entryId: ids.get('A'), idTag: 'A', stationId: 'CP1', evseId: 1, startedAt: at(34), endedAt: at(97), energyWh: 21_000, maxPowerW: 11_000 });
  });
});

describe('waiting queue: holds', () => {
  function oneFree(options: QueueOptions = {}) {
    const p = park(options);
    p.q.connectorState({ stationId: 'CP1', evseId: 1, status: 'Available' });
    p.q.connectorState({ stationId: 'CP2', evseId: 1, status: 'Charging', expectedEndAt: at(60) });
    const a = p.join('A');
    const b = p.join('B');
    return { ...p, a, b };
  }

  it('a no-show loses the slot after holdMin and is dropped; the connector goes to the next', () => {
    const { log, to, a, b, state, order } = oneFree();
    assert.deepEqual(log, ['offer A CP1/1']);
    to(14);
    assert.equal(state(a.id), 'offered');
    to(15);
    assert.deepEqual(log, ['offer A CP1/1', 'expired A', 'offer B CP1/1']);
    assert.equal(state(a.id), 'expired');
    assert.deepEqual(order(), ['B:offered']);
    assert.equal(state(b.id), 'offered');
  });

  it("noShow 'requeue' sends a no-show to the back, once; the next no-show drops them", () => {
    const { q, log, to, a, order, plugIn, state } = oneFree({ noShow: 'requeue', holdMin: 10 });
    to(10);
    assert.deepEqual(log, ['offer A CP1/1', 'expired A requeued', 'offer B CP1/1']);
    assert.deepEqual(order(), ['B:offered', 'A:waiting']);
    assert.equal(q.get(a.id)!.noShows, 1);
    plugIn('CP1', 'B');
    to(60); q.connectorState({ stationId: 'CP2', evseId: 1, status: 'Available' });
    to(70);
    assert.deepEqual(log.slice(3), ['charging B', 'offer A CP2/1', 'expired A']);
    assert.equal(state(a.id), 'expired');
    assert.deepEqual(order(), []);
  });

  it('leaving while offered releases the connector, which is offered to the next', () => {
    const { q, log, a, b, state } = oneFree();
    assert.equal((q.leave(a.id) as QueueEntry).state, 'left');
    assert.deepEqual(log, ['offer A CP1/1', 'released A CP1/1 leave', 'offer B CP1/1']);
    assert.equal(state(b.id), 'offered');
    assert.match(q.leave(a.id) as string, /is left: it is not in the line/);
    assert.match(q.leave('nope') as string, /no entry nope/);
  });

  it('a skip while offered releases the connector to the driver let ahead; the last driver cannot skip', () => {
    const { q, log, a, b, order } = oneFree();
    assert.match(q.skip(b.id) as string, /last waiting in the line/);
    assert.equal((q.skip(a.id) as QueueEntry).state, 'waiting');
    assert.deepEqual(log, ['offer A CP1/1', 'released A CP1/1 skip', 'offer B CP1/1']);
    assert.deepEqual(order(), ['B:offered', 'A:waiting']);
    assert.match(q.skip(a.id) as string, /last waiting in the line/, 'B, ahead, is offered: nobody waits behind A');
  });

  it('a session on a held connector by another idTag is not the driver’s: the hold is lost, the place kept', () => {
    const { q, log, a, state, order, plugIn } = oneFree();
    const released: ReleasedEvent[] = [];
    q.on('released', (r: ReleasedEvent) => released.push(r));
    plugIn('CP1', 'STRANGER');
    assert.deepEqual(log, ['offer A CP1/1', 'released A CP1/1 taken']);
    assert.equal(released[0].entry.estimatedWaitMin, 60, 'the release tells the new wait');
    assert.equal(state(a.id), 'waiting');
    assert.deepEqual(order(), ['A:waiting', 'B:waiting']);
    assert.equal(q.get(a.id)!.estimatedWaitMin, 60, 'A gets CP2 at its expected end');
  });

  it('plugging in at another free connector than the one offered releases the offered one', () => {
    const { q, log, a } = oneFree();
    q.connectorState({ stationId: 'CP2', evseId: 1, status: 'Available' }); // B is offered CP2
    q.sessionStarted({ stationId: 'CP2', evseId: 1, idTag: 'a' }); // idTags are case-insensitive
    assert.deepEqual(log, ['offer A CP1/1', 'offer B CP2/1', 'released B CP2/1 taken', 'released A CP1/1 elsewhere', 'charging A', 'offer B CP1/1']);
    assert.equal(q.get(a.id)!.charge!.stationId, 'CP2');
  });
});

describe('waiting queue: connectors out of service', () => {
  it('a faulted connector is never offered, nor counted on; one that faults while held is released', () => {
    const { q, log, join, state } = park({ typicalSessionMin: 60 });
    q.connectorState({ stationId: 'CP1', evseId: 1, status: 'Faulted' });
    const a = join('A');
    assert.equal(a.estimatedWaitMin, null, 'no connector in service: no estimate');
    q.connectorState({ stationId: 'CP2', evseId: 1, status: 'Charging', sessionStartedAt: at(-20) });
    assert.equal(q.get(a.id)!.estimatedWaitMin, 40, 'typical 60 min session started 20 min ago');
    q.connectorState({ stationId: 'CP1', evseId: 1, status: 'Faulted' });
    q.connectorState({ stationId: 'CP1', evseId: 1, status: 'Unavailable' });
    assert.deepEqual(log, []);
    q.connectorState({ stationId: 'CP2', evseId: 1, status: 'Available' });
    assert.deepEqual(log, ['offer A CP2/1']);
    join('B');
    q.connectorState({ stationId: 'CP2', evseId: 1, status: 'Faulted' });
    assert.deepEqual(log, ['offer A CP2/1', 'released A CP2/1 out-of-service']);
    assert.equal(state(a.id), 'waiting');
    assert.equal(q.get(a.id)!.position, 1);
    q.connectorState({ stationId: 'CP1', evseId: 1, status: 'Available' });
    assert.deepEqual(log.slice(-1), ['offer A CP1/1'], 'back in service: offered to the head');
  });
});

describe('waiting queue: joining', () => {
  it('refuses malformed joins and an idTag already queued, with a reason', () => {
    const { q, join } = park();
    join('TAG-1', { name: 'Ana', contact: { email: 'ana@example.org', phone: '+33 6 12 34 56 78' }, energyWh: 20_000, language: 'fr' });
    assert.match(q.join({ idTag: 'tag-1' }) as string, /already queued/);
    const bad: unknown[] = [null, {}, { idTag: '' }, { idTag: 'x'.repeat(37) }, { idTag: 'T', language: 'de' }, { idTag: 'T', energyWh: -1 },
      { idTag: 'T', contact: { email: 'nope' } }, { idTag: 'T', contact: { phone: 'call me' } }, { idTag: 'T', name: '' }, { idTag: 'T', contact: 'x' }];
    for (const r of bad) assert.equal(typeof q.join(r as never), 'string', JSON.stringify(r));
    assert.equal(q.list().length, 1);
  });

  it('estimates from the sessions it has measured, and from how long drivers take to plug in', () => {
    const { q, to, join, plugIn, free } = park({ typicalSessionMin: 120, noShowRate: 0 });
    q.connectorState({ stationId: 'CP1', evseId: 1, status: 'Available' });
    join('A');
    to(4); plugIn('CP1', 'A');
    to(94); free('CP1', 'A'); // a 90 min session, 4 min to plug in
    plugIn('CP1', 'X');
    const b = join('B');
    assert.equal(b.estimatedWaitMin, 90);
    const c = join('C');
    assert.equal(c.estimatedWaitMin, 90 + 4 + 90);
  });
});

describe('waiting queue: persistence', () => {
  it('snapshot and restore round trip, holds re-armed; stop clears the timers', () => {
    const { q, clock, join, log } = park({ holdMin: 15 });
    q.connectorState({ stationId: 'CP1', evseId: 1, status: 'Available' });
    q.connectorState({ stationId: 'CP2', evseId: 1, status: 'Charging', expectedEndAt: at(45) });
    const a = join('A', { contact: { push: 'tok' } });
    join('B');
    clock.advance(5 * MIN);
    const saved = JSON.parse(JSON.stringify(q.snapshot()));
    q.stop();
    assert.equal(clock.size, 0);

    const again = new WaitingQueue({ clock, holdMin: 15 });
    const seen: string[] = [];
    again.on('expired', (x: ExpiredEvent) => seen.push(`expired ${x.entry.idTag}`));
    again.on('offer', (o: OfferEvent) => seen.push(`offer ${o.entry.idTag}`));
    assert.equal(again.restore(saved), undefined);
    assert.deepEqual(again.list(), q.list());
    assert.deepEqual(again.snapshot(), saved);
    assert.deepEqual(seen, [], 'restoring emits nothing');
    clock.advance(10 * MIN);
    assert.deepEqual(seen, ['expired A', 'offer B'], 'the hold runs out at its own time');
    assert.equal(again.get(a.id)!.state, 'expired');
    assert.match(again.restore({ version: 2 } as never) as string, /not a waiting-queue snapshot/);
    again.stop();
    assert.equal(clock.size, 0);
    assert.deepEqual(log, ['offer A CP1/1']);
  });
});

describe('waiting queue: notifications', () => {
  const contact = { email: 'ana@example.org', phone: '+33612345678', push: 'push-token' };

  it('an offer, per channel, in English and French, with times in the park time zone', () => {
    const { q, join } = park();
    q.connectorState({ stationId: 'CP7', evseId: 2, status: 'Available' });
    const a = q.get(join('A', { contact, language: 'fr' }).id)!;
    const fr = notification('offer', a, undefined, { timeZone: 'Europe/Paris' });
    assert.deepEqual(fr.map((m) => `${m.channel} ${m.to} ${m.subject ?? '-'}`), [
      'email ana@example.org Votre borne est prête', 'sms +33612345678 -', 'push push-token Votre borne est prête',
    ]);
    assert.equal(fr[1].text, "C'est votre tour : la borne CP7 (prise 2) vous est réservée jusqu'à 09:15. Branchez-vous avant, sinon elle passera au conducteur suivant.");
    const en = notification('offer', a, 'en', { timeZone: 'Europe/Paris' });
    assert.equal(en[0].text, 'Your turn: charging point CP7 (connector 2) is held for you until 09:15. Plug in before then, or it goes to the next driver.');
    assert.equal(notification('offer', a, 'en', { timeZone: 'UTC' })[0].text.includes('until 08:15'), true);
    assert.deepEqual(notification('offer', { ...a, contact: {} }), []);
  });

  it('joined, update, expired and completed, in both languages', () => {
    const { q, to, join, plugIn, free, updates } = park({ typicalSessionMin: 60, noShowRate: 0 });
    q.connectorState({ stationId: 'CP1', evseId: 1, status: 'Charging', expectedEndAt: at(20) });
    const a = join('A', { contact: { phone: '+33612345678' } });
    const b = join('B', { contact: { email: 'b@example.org' }, language: 'fr' });
    const tz = { timeZone: 'Europe/Paris' };
    assert.equal(notification('joined', b, undefined, tz)[0].text, "Vous êtes n° 2 dans la file d'attente. Attente estimée : environ 80 min (vers 10:20).");
    assert.equal(notification('joined', b, 'en', tz)[0].text, 'You are number 2 in the queue. Estimated wait: about 80 min (around 10:20).');
    q.connectorState({ stationId: 'CP1', evseId: 1, status: 'Charging', expectedEndAt: at(40) });
    assert.equal(updates.length, 2);
    const u = updates.find((x) => x.entry.id === b.id)!;
    assert.equal(u.previousExpectedAt, at(80));
    assert.equal(notification('update', u.entry, undefined, tz)[0].text, "Vous êtes maintenant n° 2 dans la file d'attente. Attente estimée : environ 100 min (vers 10:40).");
    to(40); free('CP1', 'X');
    to(55);
    const expired = q.get(a.id)!;
    assert.equal(notification('expired', expired, undefined, tz)[0].text, 'You did not plug in at charging point CP1 (connector 1) by 09:55: it went to the next driver and you have left the queue.');
    assert.equal(notification('expired', expired, 'fr', tz)[0].text, 'Vous ne vous êtes pas branché à la borne CP1 (prise 1) avant 09:55 : elle est passée au conducteur suivant et vous avez quitté la file.');
    plugIn('CP1', 'B');
    to(100); free('CP1', 'B', 12_345);
    const done = q.get(b.id)!;
    assert.equal(notification('completed', done, undefined, tz)[0].text, 'Votre recharge à la borne CP1 (prise 1) est terminée : 12,3 kWh fournis.');
    assert.equal(notification('completed', done, 'en', tz)[0].text, 'Your charge at charging point CP1 (connector 1) is complete: 12.3 kWh supplied.');
    assert.deepEqual(notification('released', done), [], 'nothing to tell someone no longer waiting');
  });
});
