import assert from 'node:assert/strict';
import { startProduct, Product } from '../support/product';
import { waitFor } from '../support/net';
import { strictClient, BOOT, Peer } from '../support/rpc';

describe('the product: evcharge start --simulate 4 --no-charging', function () {
  this.timeout(120_000);
  let product: Product;
  const peers: Peer[] = [];

  before(async () => { product = await startProduct(['--simulate', '4', '--no-charging']); });
  after(async () => {
    for (const p of peers) await p.close({ force: true }).catch(() => {});
    await product?.stop();
  });

  it('shows the four simulated stations through GET /api/stations', async () => {
    const stations = await waitFor(async () => {
      const { body } = await product.get('/api/stations');
      return Array.isArray(body) && body.filter((s: any) => s.connected && s.boot?.status === 'Accepted').length === 4 && body;
    }, 30_000, 'four booted stations');
    assert.deepEqual(stations.map((s: any) => s.identity).sort(), ['SIM001', 'SIM002', 'SIM003', 'SIM004']);
    const one = await product.get('/api/stations/SIM001');
    assert.equal(one.status, 200);
    assert.equal(one.body.version, '1.6');
    assert.ok(one.body.connectors.length >= 2);
    assert.ok(one.body.connectors.every((c: any) => c.status === 'Available'));
  });

  it('starts and stops a transaction through the REST API', async () => {
    const start = await product.post('/api/stations/SIM001/commands/RemoteStartTransaction', { connectorId: 1, idTag: 'DEMO' });
    assert.equal(start.status, 200, JSON.stringify(start.body));
    assert.equal(start.body.status, 'Accepted');
    const tx = await waitFor(async () => (await product.get('/api/stations/SIM001')).body.transactions[0], 20_000, 'open transaction');
    assert.equal(tx.idTag, 'DEMO');
    assert.equal(tx.connectorId, 1);
    const stop = await product.post('/api/stations/SIM001/commands/remoteStop', { connectorId: 1 });
    assert.equal(stop.status, 200, JSON.stringify(stop.body));
    assert.equal(stop.body.status, 'Accepted');
    await waitFor(async () => (await product.get('/api/stations/SIM001')).body.transactions.length === 0, 20_000, 'transaction ended');
  });

  it('serves the archived transaction history as JSON, CSV and Excel', async () => {
    const rows = await waitFor(async () => {
      const { status, body } = await product.get('/api/transactions?station=SIM001&state=closed');
      return status === 200 && body.total >= 1 && body.rows;
    }, 20_000, 'archived transaction');
    const tx = rows[0];
    assert.equal(tx.stationId, 'SIM001');
    assert.equal(tx.idTag, 'DEMO');
    assert.equal(tx.evseId, 1);
    assert.ok(tx.startedAt && tx.stoppedAt && tx.stopReason);
    assert.equal(tx.energyWh, tx.meterStopWh - tx.meterStartWh);
    const csv = await product.download('/api/transactions?station=SIM001&format=csv');
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    assert.match(csv.headers.get('content-disposition') ?? '', /attachment; filename="transactions-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = csv.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(lines.length, 1 + rows.length);
    assert.match(lines[1], new RegExp(`${tx.transactionId}`));
    const xlsx = await product.download('/api/transactions?format=xlsx&lang=fr');
    assert.equal(xlsx.status, 200);
    assert.equal(xlsx.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as never);
    const sheet = book.worksheets[0];
    const headers = (sheet.getRow(1).values as unknown[]).filter(Boolean).map(String);
    for (const title of ['Démarrage', 'Arrêt', 'ID de transaction', 'SoC', "Raison d'arrêt", 'Badge', 'Station', 'Connecteur']) {
      assert.ok(headers.some((h) => h.startsWith(title)), `column ${title} in ${headers.join(' | ')}`);
    }
    const bad = await product.get('/api/transactions?from=yesterday');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'BadRequest');
    assert.match(bad.body.error, /from must be an ISO 8601 date/);
    const energy = await product.get('/api/energy?by=tag');
    assert.equal(energy.status, 200);
    assert.ok(energy.body.some((r: any) => r.key === 'DEMO' && r.transactions >= 1));
  });

  it('answers badges from its list: blocked at a station after POST /api/tags, imported from CSV, listed, unblocked', async () => {
    const loaded = await product.post('/api/tags', [{ idTag: 'E2E-OK', owner: 'Eve', userGroup: 'staff' }, { idTag: 'E2E-BLOCKED', blocked: true }]);
    assert.deepEqual([loaded.status, loaded.body.changed.length], [200, 2]);
    const csv = await fetch(`${product.base}/api/tags`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'Badge;Titulaire;Bloqué\nE2E-CSV;Chloé;oui\n' });
    assert.deepEqual(await csv.json().then((b: any) => [csv.status, b.imported, b.changed]), [200, 1, 1]);
    const peer = strictClient(product.ocppUrl, 'AUTHCP', '1.6');
    peers.push(peer);
    await peer.connect();
    await peer.call('BootNotification', BOOT['1.6']);
    const status = async (idTag: string) => ((await peer.call('Authorize', { idTag })) as any).idTagInfo.status;
    assert.deepEqual([await status('E2E-OK'), await status('e2e-blocked'), await status('E2E-CSV'), await status('ANYONE')], ['Accepted', 'Blocked', 'Blocked', 'Accepted']);
    const blocked = await product.get('/api/tags?blocked=true');
    assert.deepEqual(blocked.body.map((t: any) => t.idTag).sort(), ['E2E-BLOCKED', 'E2E-CSV']);
    assert.equal((await product.post('/api/tags/E2E-BLOCKED/unblock', {})).status, 200);
    assert.equal(await status('E2E-BLOCKED'), 'Accepted');
    assert.deepEqual([(await product.post('/api/tags/NOPE/block', {})).status, (await product.post('/api/tags/E2E-OK/teleport', {})).status], [404, 404]);
    const bad = await product.post('/api/tags', { owner: 'nobody' });
    assert.deepEqual([bad.status, bad.body.code], [400, 'ValidationFailed']);
    const badTag = await product.post('/api/tags', [{ idTag: 'has space' }]);
    assert.deepEqual([badTag.status, badTag.body.error], [400, 'tags[0].idTag must be 1 to 36 characters without spaces']);
  });

  it('queues a driver, reserves the free connector for them, and reserves and cancels through /api/reservations', async () => {
    const joined = await product.post('/api/queue', { name: 'Zoe', idTag: 'Q-ZOE', contact: { email: 'zoe@example.com' } });
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    // Every connector is free: the driver is offered one at once, and it is reserved for them.
    const held = await waitFor(async () => (await product.get('/api/reservations?held=true')).body.find((r: any) => r.idTag === 'Q-ZOE'), 15_000, 'the reservation');
    assert.deepEqual([held.status, held.by], ['Accepted', 'queue']);
    const line = (await product.get('/api/queue')).body;
    assert.deepEqual(line.map((e: any) => [e.idTag, e.state]), [['Q-ZOE', 'offered']]);
    const left = await fetch(`${product.base}/api/queue/${joined.body.id}`, { method: 'DELETE' });
    assert.equal(left.status, 200);
    await waitFor(async () => (await product.get('/api/reservations')).body.find((r: any) => r.id === held.id)?.status === 'Cancelled', 15_000, 'the reservation cancelled');
    const mine = await product.post('/api/reservations', { stationId: 'SIM003', evseId: 2, idTag: 'VIP', minutes: 20 });
    assert.deepEqual([mine.status, mine.body.status, mine.body.evseId], [200, 'Accepted', 2]);
    const cancelled = await fetch(`${product.base}/api/reservations/${mine.body.id}`, { method: 'DELETE' });
    assert.deepEqual([cancelled.status, (await cancelled.json() as any).status], [200, 'Cancelled']);
    const again = await fetch(`${product.base}/api/reservations/${mine.body.id}`, { method: 'DELETE' });
    assert.equal(again.status, 404);
    const bad = await product.post('/api/reservations', { stationId: 'SIM003', idTag: 'VIP' });
    assert.deepEqual([bad.status, bad.body.code], [400, 'ValidationFailed']);
    const nobody = await product.post('/api/queue/nobody/skip', {});
    assert.equal(nobody.status, 404);
  });

  it('answers REST errors with the right status and never crashes', async () => {
    const unknown = await product.get('/api/stations/NOPE');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'UnknownStation');
    const cmdUnknown = await product.post('/api/stations/NOPE/commands/Reset', { type: 'Hard' });
    assert.equal(cmdUnknown.status, 404);
    const invalid = await product.post('/api/stations/SIM002/commands/Reset', { type: 'Later' });
    assert.equal(invalid.status, 400);
    assert.equal(invalid.body.code, 'ValidationFailed');
    assert.equal(invalid.body.details[0].path, '/type');
    const wrongAction = await product.post('/api/stations/SIM002/commands/Teleport', {});
    assert.equal(wrongAction.status, 400);
    const badNeutral = await product.post('/api/stations/SIM002/commands/remoteStart', { connectorId: 1 });
    assert.equal(badNeutral.status, 400);
    const badJson = await product.post('/api/stations/SIM002/commands/Reset', undefined, '{"type":');
    assert.equal(badJson.status, 400);

    // A station that never answers: 504 after the timeout given in the query.
    const mute = strictClient(product.ocppUrl, 'MUTE', '2.0.1');
    peers.push(mute);
    await mute.connect();
    mute.handle('Reset', () => new Promise(() => {}));
    const late = await product.post('/api/stations/MUTE/commands/Reset?timeout=1', { type: 'Immediate' });
    assert.equal(late.status, 504);
    assert.equal(late.body.code, 'Timeout');
    // A station that answers a CALLERROR: 502 with its code.
    const refusing = strictClient(product.ocppUrl, 'REFUSE', '1.6');
    peers.push(refusing);
    await refusing.connect();
    await refusing.call('BootNotification', BOOT['1.6']);
    const refused = await product.post('/api/stations/REFUSE/commands/ClearCache', {});
    assert.equal(refused.status, 502);
    assert.equal(refused.body.code, 'NotImplemented');
    // A known station that is gone: 404.
    await refusing.close({ force: true });
    await waitFor(async () => !(await product.get('/api/stations/REFUSE')).body.connected, 5000, 'disconnect');
    const gone = await product.post('/api/stations/REFUSE/commands/ClearCache', {});
    assert.equal(gone.status, 404);
    assert.equal(gone.body.code, 'NotConnected');
    assert.equal((await product.get('/api/stations')).status, 200);
  });
});
