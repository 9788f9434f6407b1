import assert from 'node:assert/strict';
import { EventEmitter } from 'events';
import { BadgeBook, readCategories } from '../../lib/profiles';
import { CategoryOutcome, CategoryService } from '../../lib/profiles/category-service';
import { ProfileRequestError } from '../../lib/profiles/service';

type Sent = { station: string; id: number; limit: number; evseId: number; transactionId?: string };

/** A CSMS that emits what the test says, and a profile service that records what it is asked to send. */
function setup(rules = [{ idTag: 'TECH-*', category: 'technicians' }], refuse = false) {
  const csms = Object.assign(new EventEmitter(), {
    store: { openTransactions: (station: string) => (station === 'CS1' ? [{ transactionId: 'tx-1', evseId: 3, startedAt: '', energyWh: 0, updatedAt: '' }] : []) },
  });
  const sent: Sent[] = [];
  const profiles = {
    async set(station: string, t: { id: number; periods: Array<{ limit: number }> }, at: { evseId: number; transactionId?: string }) {
      sent.push({ station, id: t.id, limit: t.periods[0].limit, ...at });
      if (refuse) throw new ProfileRequestError('Rejected', `${station} answered Rejected to SetChargingProfile`, { status: 'Rejected' });
      return { profile: { id: t.id } };
    },
  };
  const categories = readCategories([{ name: 'technicians', profile: { periods: [{ startPeriod: 0, limit: 32 }] } }]);
  const service = new CategoryService(csms as never, profiles as never, new BadgeBook(categories, rules), { firstProfileId: 9000 });
  const outcomes: CategoryOutcome[] = [];
  service.on('outcome', (o: CategoryOutcome) => outcomes.push(o));
  service.start();
  // CP* stations speak 1.6, CS* stations 2.0.1.
  const event = (type: string, stationId: string, fields: Record<string, unknown>) => csms.emit('event', {
    type, stationId, version: stationId.startsWith('CS') ? '2.0.1' : '1.6', timestamp: '', ...fields,
  });
  const answered = (stationId: string, action: string) => csms.emit('exchange', { stationId, origin: 'station', action });
  return { csms, service, sent, outcomes, event, answered };
}

/** Lets every immediate and promise queued so far run: an order, not a duration. */
async function settle(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}

describe('user categories applied to transactions', () => {
  it('sends the category\'s Tx profile only once the station\'s StartTransaction answer has gone out', async () => {
    const { sent, outcomes, event, answered, service } = setup();
    event('transaction.started', 'CP1', { evseId: 2, transactionId: '17', idTag: 'tech-1' });
    await settle();
    assert.deepEqual(sent, [], 'nothing before the answer');
    answered('CP1', 'Heartbeat');
    answered('CP2', 'StartTransaction');
    await settle();
    assert.deepEqual(sent, [], 'neither another action\'s answer nor another station\'s');
    answered('CP1', 'StartTransaction');
    await settle();
    // On 1.6 it goes to the transaction running on the connector without naming it (2.0.1 names it, below).
    assert.deepEqual(sent, [{ station: 'CP1', id: 9002, limit: 32, evseId: 2 }]);
    assert.deepEqual(outcomes, [{ station: 'CP1', evseId: 2, transactionId: '17', idTag: 'tech-1', category: 'technicians', rule: 'TECH-*', applied: true, status: 'Accepted', profile: { id: 9002 } }]);
    service.stop();
  });

  it('a 2.0.1 transaction badged after plugging in gets it then, once, on the EVSE the CSMS knows it runs on', async () => {
    const { sent, event, answered, service } = setup();
    event('transaction.started', 'CS1', { transactionId: 'tx-1', evseId: 3 });
    answered('CS1', 'TransactionEvent');
    await settle();
    assert.deepEqual(sent, [], 'no badge yet');
    event('transaction.updated', 'CS1', { transactionId: 'tx-1', idTag: 'TECH-2' });
    answered('CS1', 'TransactionEvent');
    event('transaction.updated', 'CS1', { transactionId: 'tx-1', idTag: 'TECH-2' });
    answered('CS1', 'TransactionEvent');
    await settle();
    assert.deepEqual(sent, [{ station: 'CS1', id: 9003, limit: 32, evseId: 3, transactionId: 'tx-1' }]);
    // After it ends, the same id (a station reusing it) is a new transaction.
    event('transaction.ended', 'CS1', { transactionId: 'tx-1' });
    event('transaction.started', 'CS1', { transactionId: 'tx-1', evseId: 3, idTag: 'TECH-2' });
    answered('CS1', 'TransactionEvent');
    await settle();
    assert.equal(sent.length, 2);
    service.stop();
  });

  it('says why nothing was applied: no category for the badge, the station\'s refusal', async () => {
    const refused = setup(undefined, true);
    refused.event('transaction.started', 'CP1', { evseId: 1, transactionId: '5', idTag: 'TECH-9' });
    refused.event('transaction.started', 'CP1', { evseId: 2, transactionId: '6', idTag: 'GUEST' });
    refused.answered('CP1', 'StartTransaction');
    await settle();
    assert.deepEqual(refused.outcomes.map((o) => [o.idTag, o.applied, o.status, o.reason]).sort(), [
      ['GUEST', false, undefined, 'no category for badge GUEST'],
      ['TECH-9', false, 'Rejected', 'CP1 answered Rejected to SetChargingProfile'],
    ]);
    refused.service.stop();
  });

  it('does nothing without badge rules, and nothing more once stopped', async () => {
    const none = setup([]);
    none.event('transaction.started', 'CP1', { evseId: 1, transactionId: '5', idTag: 'TECH-9' });
    none.answered('CP1', 'StartTransaction');
    await settle();
    assert.deepEqual([none.sent, none.outcomes], [[], []]);
    const stopped = setup();
    stopped.event('transaction.started', 'CP1', { evseId: 1, transactionId: '5', idTag: 'TECH-9' });
    stopped.answered('CP1', 'StartTransaction');
    stopped.service.stop();
    await settle();
    assert.deepEqual(stopped.sent, []);
    assert.equal(stopped.csms.listenerCount('event') + stopped.csms.listenerCount('exchange'), 0);
  });
});
