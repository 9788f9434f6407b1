/**
 * The product's alarms over its REST API: a strict ocpp-rpc 1.6 station faults, the alarm is listed, acknowledged
 * with `POST /api/alarms/:id/ack`, and gone once the station recovers (after the 10 s dead-band); a station that
 * leaves is one communication alarm; what the API cannot do is answered 4xx with the reason.
 */
import assert from 'node:assert/strict';
import { startProduct, Product } from '../support/product';
import { waitFor } from '../support/net';
import { strictClient, BOOT, Peer } from '../support/rpc';

const ts = () => new Date().toISOString();

describe('the product: alarms over the REST API', function () {
  this.timeout(120_000);
  let product: Product;
  const peers: Peer[] = [];

  before(async () => { product = await startProduct(); });
  after(async () => {
    for (const p of peers) await p.close({ force: true }).catch(() => {});
    await product?.stop();
  });

  const alarms = async (query = '') => (await product.get(`/api/alarms${query}`)).body as Array<Record<string, any>>;

  it('lists a fault, acknowledges it, and forgets it once the station recovers', async () => {
    const cp = strictClient(product.ocppUrl, 'CP001', '1.6');
    peers.push(cp);
    await cp.connect();
    await cp.call('BootNotification', BOOT['1.6']);
    await cp.call('StatusNotification', { connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure', timestamp: ts() });
    await waitFor(async () => (await alarms()).some((a) => a.id === 'CP001/1/fault'), 10_000, 'the fault listed');
    const [fault] = await alarms('?station=CP001');
    assert.deepEqual([fault.state, fault.errorCode, fault.priority, fault.message], ['unacknowledged', 'GroundFailure', 2, 'connector 1 faulted: GroundFailure']);

    const acked = await product.post(`/api/alarms/${encodeURIComponent('CP001/1/fault')}/ack`, { by: 'ana' });
    assert.equal(acked.status, 200, JSON.stringify(acked.body));
    assert.deepEqual(acked.body.map((t: any) => [t.from, t.to, t.by]), [['unacknowledged', 'acknowledged', 'ana']]);
    assert.deepEqual((await alarms('?state=acknowledged')).map((a) => a.id), ['CP001/1/fault']);

    const unknown = await product.post(`/api/alarms/${encodeURIComponent('CP009/1/fault')}/ack`, {});
    assert.deepEqual([unknown.status, unknown.body.code], [404, 'NotFound']);
    const action = await product.post(`/api/alarms/${encodeURIComponent('CP001/1/fault')}/explode`, {});
    assert.deepEqual([action.status, action.body.code], [404, 'NotFound']);
    const shelve = await product.post(`/api/alarms/${encodeURIComponent('CP001/1/fault')}/shelve`, {});
    assert.equal(shelve.status, 400);
    assert.match(shelve.body.error, /minutes/);

    await cp.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError', timestamp: ts() });
    await waitFor(async () => (await alarms()).length === 0, 20_000, 'back to normal after the dead-band');
  });

  it('a station that leaves is one communication alarm, listed until acknowledged', async () => {
    const cp = strictClient(product.ocppUrl, 'CP002', '1.6');
    peers.push(cp);
    await cp.connect();
    await cp.call('BootNotification', BOOT['1.6']);
    await cp.call('StatusNotification', { connectorId: 1, status: 'Faulted', errorCode: 'PowerMeterFailure', timestamp: ts() });
    await waitFor(async () => (await alarms('?station=CP002')).length === 1, 10_000, 'the fault');
    await cp.close({ force: true });
    await waitFor(async () => (await alarms('?station=CP002')).some((a) => a.id === 'CP002/0/communication'), 10_000, 'the communication alarm');
    const listed = await alarms('?station=CP002');
    assert.deepEqual(Object.fromEntries(listed.map((a) => [a.id, a.state])), { 'CP002/0/communication': 'unacknowledged', 'CP002/1/fault': 'suppressed' });
  });
});
