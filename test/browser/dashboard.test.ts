/**
 * The generated dashboard in headless Chromium: `evcharge start --terminals N` on a fresh user directory, stations
 * from strict ocpp-rpc clients, and the overview following them live.
 */
import assert from 'node:assert/strict';
import path from 'path';
import { Browser, Page } from 'playwright-core';
import { startProduct, Product } from '../support/product';
import { ARTIFACTS, launchChromium, requireChromium } from '../support/chromium';
import { BOOT, Peer, strictClient } from '../support/rpc';
import { waitFor } from '../support/net';

const at = () => new Date().toISOString();

async function rows(page: Page): Promise<Record<string, string>> {
  const list = await page.$$eval('tr[data-id]', (trs) => trs.map((t) => [t.getAttribute('data-id') ?? '', t.getAttribute('data-state') ?? '']));
  return Object.fromEntries(list);
}

async function textOf(page: Page, label: string): Promise<string> {
  return page.evaluate((l) => {
    const row = Array.from(document.querySelectorAll('md-card')).find((c) => c.textContent?.trim().startsWith(l));
    return row ? (row.textContent ?? '').replace(l, '').trim() : '';
  }, label);
}

describe('generated dashboard (headless Chromium)', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  const products: Product[] = [];
  const stations: Peer[] = [];

  before(async function () {
    requireChromium(this);
    browser = await launchChromium();
  });

  after(async () => {
    for (const s of stations) await s.close({ force: true }).catch(() => undefined);
    await browser?.close().catch(() => undefined);
    for (const p of products) await p.stop();
  });

  async function station(product: Product, identity: string): Promise<Peer> {
    const client = strictClient(product.ocppUrl, identity, '1.6');
    stations.push(client);
    await client.connect();
    await client.call('BootNotification', BOOT['1.6']);
    await client.call('StatusNotification', { connectorId: 1, status: 'Available', errorCode: 'NoError', timestamp: at() });
    return client;
  }

  it('8 terminals: the overview lists them all, and a station that faults turns red live', async () => {
    const product = await startProduct(['--terminals', '8']);
    products.push(product);
    const cp1 = await station(product, 'CP001');
    const cp2 = await station(product, 'CP002');
    const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${product.base}/ui/`);
    await waitFor(async () => Object.keys(await rows(page)).length === 8, 30_000, 'eight rows');
    await waitFor(async () => (await rows(page)).CP001 === 'Available', 15_000, 'CP001 available');
    const first = await rows(page);
    assert.deepEqual(Object.keys(first), ['CP001', 'CP002', 'CP003', 'CP004', 'CP005', 'CP006', 'CP007', 'CP008']);
    assert.equal(first.CP003, 'Offline');
    assert.equal(await textOf(page, 'Terminals online'), '2 / 8');

    await cp1.call('StatusNotification', { connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure', timestamp: at() });
    await waitFor(async () => (await rows(page)).CP001 === 'Faulted', 10_000, 'CP001 faulted on the page');
    const color = await page.$eval('tr[data-id="CP001"] .evc-dot', (e) => getComputedStyle(e).backgroundColor);
    assert.equal(color, 'rgb(198, 40, 40)');
    assert.equal(await textOf(page, 'Terminals faulted'), '1');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-8-terminals.png') });

    // Charging points: a card per terminal (8 is under the threshold of 12).
    await page.goto(`${product.base}/ui/#!/1`);
    await waitFor(async () => (await page.$$('[data-card]')).length === 8, 30_000, 'eight cards');
    await waitFor(async () => (await page.getAttribute('[data-card="CP001"]', 'data-state')) === 'Faulted', 15_000, 'CP001 card faulted');
    assert.match(await page.innerText('[data-card="CP001"]'), /GroundFailure/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-8-terminals-detail.png') });

    // Maintenance: the Soft reset button of CP001 (the first group) reaches the station; its answer shows.
    const resets: unknown[] = [];
    cp1.handle('Reset', async ({ params }: { params?: unknown }) => { resets.push(params); return { status: 'Accepted' }; });
    await page.goto(`${product.base}/ui/#!/3`);
    await page.locator('button', { hasText: 'Soft reset' }).first().click();
    await waitFor(async () => (await page.innerText('body')).includes('CP001 · reset: Accepted'), 15_000, 'the station answer shown');
    assert.deepEqual(resets, [{ type: 'Soft' }]);
    // A station that is not connected: the failure is shown, not lost.
    await page.locator('button', { hasText: 'Clear cache' }).nth(4).click();
    await waitFor(async () => (await page.innerText('body')).includes('CP005 · clearCache: failed'), 15_000, 'the failure shown');
    // A limit typed for CP001 goes out as its station-wide maximum profile, in W.
    const profiles: Array<Record<string, any>> = [];
    cp1.handle('SetChargingProfile', async ({ params }: { params?: unknown }) => { profiles.push(params as Record<string, any>); return { status: 'Accepted' }; });
    const limit = page.locator('md-input-container', { hasText: 'Limit (kW)' }).first().locator('input');
    await limit.fill('7.4');
    await limit.press('Tab');
    await page.locator('button', { hasText: 'Set limit' }).first().click();
    await waitFor(async () => (await page.innerText('body')).includes('CP001 · setChargingProfile: Accepted'), 15_000, 'the limit accepted');
    assert.equal(profiles[0].connectorId, 0);
    assert.equal(profiles[0].csChargingProfiles.chargingProfilePurpose, 'ChargePointMaxProfile');
    assert.deepEqual(profiles[0].csChargingProfiles.chargingSchedule.chargingSchedulePeriod, [{ startPeriod: 0, limit: 7400 }]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-8-terminals-maintenance.png') });

    // Transaction history: a session CP002 ran shows from the archive; the Excel export downloads.
    const started = Date.now() - 3_600_000;
    const { transactionId } = await cp2.call('StartTransaction', { connectorId: 1, idTag: 'BADGE7', meterStart: 1000, timestamp: new Date(started).toISOString() });
    for (const [min, wh, w] of [[20, 4000, 9000], [40, 8000, 11_000]]) {
      await cp2.call('MeterValues', {
        connectorId: 1, transactionId,
        meterValue: [{ timestamp: new Date(started + min * 60_000).toISOString(), sampledValue: [{ value: String(wh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }, { value: String(w), measurand: 'Power.Active.Import', unit: 'W' }] }],
      });
    }
    await cp2.call('StopTransaction', { transactionId, meterStop: 13_345, timestamp: at(), reason: 'Local' });
    await page.goto(`${product.base}/ui/#!/4`);
    const historyRow = `tr[data-id="CP002/${String(transactionId)}"]`;
    // The start shows first, then the stop (each refreshes the view): wait for the stopped session.
    const stopped = /BADGE7[\s\S]*Local[\s\S]*12\.345/;
    await waitFor(async () => stopped.test(await page.innerText(historyRow).catch(() => '')), 30_000, 'the stopped session in the history');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("Transactions (Excel)")')]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-8-terminals-history.png') });

    // Curves: CP002's card opens its latest session's power and energy over time.
    await page.goto(`${product.base}/ui/#!/1`);
    await waitFor(async () => (await page.$$('[data-card]')).length === 8, 30_000, 'eight cards again');
    await page.locator('button', { hasText: 'Curves' }).nth(1).click();
    await waitFor(async () => (await page.innerText('body')).includes(`CP002 · transaction ${String(transactionId)}`), 20_000, 'the session of the curves');
    assert.match(await page.innerText('body'), /12\.345 kWh/);
    assert.equal(await page.locator('ui-chart-js canvas, canvas').count() >= 2, true, 'two charts drawn');
    assert.match(page.url(), /#!\/2/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-8-terminals-curves.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a site limit: the overview shows it, and its live limit field lowers the terminals and gives the power back', async () => {
    const product = await startProduct(['--terminals', '2', '--site-limit', '22']);
    products.push(product);
    const limits: Record<string, number[]> = { CP001: [], CP002: [] };
    for (const id of ['CP001', 'CP002']) {
      const cp = await station(product, id);
      cp.handle('SetChargingProfile', async ({ params }: { params?: any }) => {
        limits[id].push(params.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].limit);
        return { status: 'Accepted' };
      });
      await cp.call('StartTransaction', { connectorId: 1, idTag: `TAG-${id}`, meterStart: 0, timestamp: at() });
    }
    const last = () => [limits.CP001.at(-1), limits.CP002.at(-1)];
    await waitFor(() => last().every((x) => x === 15.9), 30_000, 'the 22 kW shared');
    const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${product.base}/ui/`);
    await waitFor(async () => (await textOf(page, 'Site limit (kW)')) === '22', 30_000, 'the site limit shown');
    const field = page.locator('md-input-container', { hasText: 'Live site limit' }).first().locator('input');
    await field.fill('11');
    await field.press('Tab');
    await waitFor(() => last().every((x) => x === 7.9), 30_000, 'the live limit applied');
    await field.fill('');
    await field.press('Tab');
    await waitFor(() => last().every((x) => x === 15.9), 30_000, 'the connection limit again');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-site-limit.png') });
  });

  it('a charging plan: a fleet sent to POST /api/fleet shows as bars per charger, and the plan validated from the page', async () => {
    const product = await startProduct(['--terminals', '3', '--site-limit', '40']);
    products.push(product);
    const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    const vehicles = ['BUS1', 'BUS2', 'BUS3', 'BUS4'].map((id, i) => ({
      id, batteryKwh: 100, socPercent: 20, targetSocPercent: 80, arrival: inHours(i < 3 ? -0.2 : 7), departure: inHours(i < 3 ? 6 : 12), maxKw: 22,
    }));
    assert.equal((await product.post('/api/fleet', { vehicles })).status, 200);
    const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${product.base}/ui/#!/5`);
    const bars = () => page.$$eval('[data-vehicle]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-vehicle'), e.getAttribute('data-state')])));
    await waitFor(async () => Object.keys(await bars()).length === 4, 30_000, 'a bar per bus');
    assert.deepEqual(await bars(), { BUS1: 'planned', BUS2: 'planned', BUS3: 'planned', BUS4: 'planned' });
    assert.deepEqual(await page.$$eval('[data-row]', (els) => els.map((e) => e.getAttribute('data-row'))), ['CP001#1', 'CP002#1', 'CP003#1']);
    // The fourth bus comes after another one left: it shares a charger with it, later in the day.
    const lanes = await page.$$eval('[data-row]', (els) => els.map((e) => e.querySelectorAll('[data-vehicle]').length));
    assert.deepEqual([...lanes].sort(), [1, 1, 2]);
    const first = await page.$eval('[data-vehicle="BUS1"]', (e) => ({ width: e.getBoundingClientRect().width, title: e.getAttribute('title') }));
    assert.ok(first.width > 10, 'the bar is drawn wide enough to read');
    assert.match(first.title ?? '', /BUS1 · planned · 60 kWh · SoC 20 → 80 %/);
    assert.equal(await textOf(page, 'Vehicles ready'), '4 / 4');
    assert.ok(await page.isVisible('.evc-g-now'), 'now is marked');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-plan.png') });

    await page.locator('button', { hasText: 'Validate the plan' }).click();
    await waitFor(async () => Object.values(await bars()).every((s) => s === 'validated'), 15_000, 'every bar validated');
    const rowsNow = await page.$$eval('tr[data-id]', (trs) => trs.map((t) => [t.getAttribute('data-id'), t.getAttribute('data-state')]));
    assert.deepEqual(rowsNow, [['BUS1', 'validated'], ['BUS2', 'validated'], ['BUS3', 'validated'], ['BUS4', 'validated']]);
    // A change the planner refuses is shown on the page, and the plan stays.
    assert.equal((await product.post('/api/fleet', { vehicle: { id: 'BUS5', batteryKwh: 50 } })).status, 400);
    await page.goto(`${product.base}/ui/#!/5`);
    await waitFor(async () => /vehicles\[4\]\.socPercent must be a number/.test(await textOf(page, 'Last change refused')), 15_000, 'the refusal shown');
    assert.equal(Object.keys(await bars()).length, 4);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-plan-validated.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('alarms: a fault pops up, is listed in the alarm viewer and counted on the overview, is acknowledged and shelved from its row', async () => {
    const product = await startProduct(['--terminals', '3']);
    products.push(product);
    const cp1 = await station(product, 'CP001');
    const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${product.base}/ui/`);
    await waitFor(async () => Object.keys(await rows(page)).length === 3, 30_000, 'the overview');
    await cp1.call('StatusNotification', { connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure', vendorErrorCode: 'E12', timestamp: at() });
    // The router's dashboard notification pops up wherever the operator is.
    await page.locator('md-toast', { hasText: 'CP001' }).waitFor({ timeout: 15_000 });
    await waitFor(async () => (await textOf(page, 'Alarms to acknowledge')) === '1', 20_000, 'the count on the overview');

    await page.goto(`${product.base}/ui/#!/6`);
    const row = 'tr[data-id="CP001/1/fault"]';
    await waitFor(async () => (await page.getAttribute(row, 'data-state').catch(() => null)) === 'unacknowledged', 20_000, 'the alarm listed');
    assert.match(await page.innerText(row), /GroundFailure[\s\S]*E12/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-alarms.png') });
    await page.locator(`${row} button`, { hasText: 'Ack' }).click();
    await waitFor(async () => (await page.getAttribute(row, 'data-state').catch(() => null)) === 'acknowledged', 15_000, 'acknowledged');
    assert.deepEqual([await page.locator(`${row} button`).count(), await page.locator(`${row} button`, { hasText: 'Shelve' }).count()], [1, 1], 'only shelving once acknowledged');
    const listed = await product.get('/api/alarms');
    assert.equal(listed.body[0].acknowledgedBy, 'dashboard');
    await page.locator(`${row} button`, { hasText: 'Shelve' }).click();
    await waitFor(async () => (await page.getAttribute(row, 'data-state').catch(() => null)) === 'shelved', 15_000, 'shelved');
    const until = Date.parse((await product.get('/api/alarms')).body[0].shelvedUntil);
    assert.ok(Math.abs(until - Date.now() - 3_600_000) < 120_000, 'shelved for an hour');
    await page.locator(`${row} button`, { hasText: 'Unshelve' }).click();
    await waitFor(async () => (await page.getAttribute(row, 'data-state').catch(() => null)) === 'acknowledged', 15_000, 'unshelved');
    // The journal, newest first, with who did what.
    await waitFor(async () => (await product.get(`/api/alarms/history?alarm=${encodeURIComponent('CP001/1/fault')}`)).body.total === 4, 15_000, 'the journal');
    const history = (await product.get(`/api/alarms/history?alarm=${encodeURIComponent('CP001/1/fault')}`)).body;
    assert.deepEqual(history.rows.map((r: { state: string; cause: string; actor: string | null; active: number }) => [r.state, r.cause, r.actor, r.active]), [
      ['acknowledged', 'unshelve', 'dashboard', 1], ['shelved', 'shelve', 'dashboard', 1], ['acknowledged', 'acknowledge', 'dashboard', 1], ['unacknowledged', 'raise', null, 1],
    ]);
    assert.equal((await product.get('/api/alarms/history?from=yesterday')).status, 400);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('booking and queue: a connector reserved and cancelled from the booking view, a driver joining and leaving the line', async () => {
    const product = await startProduct(['--terminals', '3']);
    products.push(product);
    const cp1 = await station(product, 'CP001');
    const log: string[] = [];
    cp1.handle('ReserveNow', async ({ params }: { params?: unknown }) => { log.push(`reserve ${(params as Record<string, any>).idTag}`); return { status: 'Accepted' }; });
    cp1.handle('CancelReservation', async () => { log.push('cancel'); return { status: 'Accepted' }; });
    const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const field = (label: string) => page.locator('md-input-container', { hasText: label }).first().locator('input');
    const state = (row: string) => page.getAttribute(row, 'data-state').catch(() => null);

    await page.goto(`${product.base}/ui/#!/7`);
    const row = 'tr[data-id="CP001#1"]';
    await waitFor(async () => (await state(row)) === 'Available', 30_000, 'CP001 listed');
    await page.click('md-select');
    await page.click('md-option[value="CP001#1"]');
    await field('Badge').fill('VIP-7');
    await field('Badge').press('Tab');
    await page.locator('button', { hasText: 'Reserve now' }).click();
    await waitFor(() => log.length === 1, 15_000, 'ReserveNow at the station');
    assert.deepEqual(log, ['reserve VIP-7']);
    await waitFor(async () => /VIP-7/.test(await page.innerText(row).catch(() => '')), 15_000, 'the reservation shown');
    const held = (await product.get('/api/reservations?held=true')).body;
    assert.deepEqual(held.map((r: Record<string, any>) => [r.idTag, r.by, r.evseId]), [['VIP-7', 'dashboard', 1]]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-booking.png') });
    await page.locator(`${row} button`, { hasText: 'Cancel' }).click();
    await waitFor(() => log.length === 2, 15_000, 'CancelReservation at the station');
    await waitFor(async () => !/VIP-7/.test(await page.innerText(row).catch(() => 'VIP-7')), 15_000, 'the reservation gone');

    // The line: a driver joins; the free connector is reserved for them at once; they leave.
    await page.goto(`${product.base}/ui/#!/8`);
    await waitFor(async () => (await page.innerText('body')).includes('No one in line'), 30_000, 'the empty line');
    await field('Name').fill('Ada');
    await field('Badge').fill('ADA-1');
    await field('E-mail').fill('ada@example.org');
    await field('E-mail').press('Tab');
    await page.locator('button', { hasText: 'Join' }).click();
    await waitFor(() => log.length === 3, 15_000, 'CP001 reserved for Ada');
    assert.equal(log[2], 'reserve ADA-1');
    const entry = (await product.get('/api/queue')).body[0];
    const line = `tr[data-id="${entry.id}"]`;
    await waitFor(async () => (await state(line)) === 'offered', 15_000, 'Ada offered a connector');
    assert.match(await page.innerText(line), /Ada[\s\S]*ADA-1[\s\S]*CP001/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-queue.png') });
    await page.locator(`${line} button`, { hasText: 'Leave' }).click();
    await waitFor(() => log.length === 4 && log[3] === 'cancel', 15_000, 'the hold released');
    await waitFor(async () => (await page.innerText('body')).includes('No one in line'), 15_000, 'the line empty again');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('50 terminals in French: the page loads with every terminal', async () => {
    const product = await startProduct(['--terminals', '50', '--language', 'fr']);
    products.push(product);
    const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${product.base}/ui/`);
    await waitFor(async () => Object.keys(await rows(page)).length === 50, 30_000, 'fifty rows');
    assert.equal(await textOf(page, 'Bornes en ligne'), '0 / 50');
    assert.ok(await page.isVisible('text=Aperçu'));
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-50-terminals-fr.png') });

    // Points de charge: above the threshold, one card and a list to pick the terminal from.
    await page.goto(`${product.base}/ui/#!/1`);
    await waitFor(async () => (await page.$$('[data-card]')).length === 1, 30_000, 'one card');
    await waitFor(async () => (await page.getAttribute('[data-card]', 'data-card')) === 'CP001', 15_000, 'the first terminal shown');
    await page.click('md-select');
    await page.click('md-option[value="CP037"]');
    await waitFor(async () => (await page.getAttribute('[data-card]', 'data-card')) === 'CP037', 15_000, 'the picked terminal shown');
    assert.match(await page.innerText('[data-card]'), /Hors ligne/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-50-terminals-fr-detail.png') });
    await page.close();
  });

  it('500 terminals: the overview renders every one, and the detail view picks from the list', async () => {
    const product = await startProduct(['--terminals', '500']);
    products.push(product);
    await station(product, 'CP250');
    const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${product.base}/ui/`);
    await waitFor(async () => Object.keys(await rows(page)).length === 500, 30_000, '500 rows');
    await waitFor(async () => (await rows(page)).CP250 === 'Available', 15_000, 'CP250 available');
    assert.equal(await textOf(page, 'Terminals online'), '1 / 500');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-500-terminals.png') });
    await page.goto(`${product.base}/ui/#!/1`);
    await waitFor(async () => (await page.getAttribute('[data-card]', 'data-card').catch(() => null)) === 'CP001', 30_000, 'one card, the first terminal');
    await page.close();
  });
});
