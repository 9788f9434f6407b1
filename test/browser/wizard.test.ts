/**
 * The editor's "EV Charge" sidebar in headless Chromium: on the quick-start workspace, a few clicks generate the
 * dashboards for some terminals, fed by the workspace's own CSMS and archive, and nothing that was there changes.
 */
import assert from 'node:assert/strict';
import path from 'path';
import { Browser } from 'playwright-core';
import { startProduct, Product } from '../support/product';
import { ARTIFACTS, dismissFirstStartDialog, launchChromium, requireChromium } from '../support/chromium';
import { waitFor } from '../support/net';

declare const RED: any;

/** Evaluated in the page: config nodes of a type (RED.nodes.filterNodes sees only flow nodes). */
const CONFIG = `(type) => { const found = []; RED.nodes.eachConfig((n) => { if (n.type === type) found.push(n); }); return found; }`;

describe('EV Charge sidebar wizard in the editor (headless Chromium)', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  let product: Product | undefined;

  before(async function () {
    requireChromium(this);
    product = await startProduct([]);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await product?.stop();
  });

  it('generates 4 terminals into the quick-start workspace, deploys, and the dashboard lists them', async () => {
    const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${product!.base}/`);
    await page.waitForFunction(() => typeof RED !== 'undefined' && RED.nodes && RED.nodes.filterNodes({ type: 'evc-stations' }).length > 0, undefined, { timeout: 60_000 });
    await dismissFirstStartDialog(page);
    // The site's own dashboard home page, which the wizard will link from.
    await page.evaluate(() => {
      RED.view.importNodes([
        { id: 'home0tab', type: 'ui_tab', name: 'Home', icon: 'dashboard', order: 0, disabled: false, hidden: false },
        { id: 'home0group', type: 'ui_group', name: 'Welcome', tab: 'home0tab', order: 1, disp: true, width: '6', collapse: false, className: '' },
        { id: 'home0text', type: 'ui_text', z: RED.workspaces.active(), group: 'home0group', order: 1, width: 6, height: 1, name: '', label: 'Building', format: 'B12', layout: 'row-spread', x: 120, y: 700, wires: [] },
      ], { generateIds: false, addFlow: false });
    });
    const before = await page.evaluate(() => RED.nodes.filterNodes({}).map((n: any) => n.id).sort());

    await page.evaluate(() => RED.sidebar.show('evc-wizard'));
    await page.waitForSelector('.evc-wizard-generate', { state: 'visible' });
    await page.fill('.evc-wizard-terminals', '0');
    await page.click('.evc-wizard-generate');
    await waitFor(async () => /terminals must be an integer/.test(await page.innerText('.evc-wizard-status')), 10_000, 'the reason of a refusal');

    await page.fill('.evc-wizard-terminals', '4');
    await page.fill('.evc-wizard-limit', '100');
    await page.selectOption('.evc-wizard-home', 'home0tab');
    await page.click('.evc-wizard-generate');
    await waitFor(async () => /Generated \d+ nodes/.test(await page.innerText('.evc-wizard-status')), 10_000, 'generated');
    const after = await page.evaluate((config) => {
      const of = eval(config);
      return {
        tabs: of('ui_tab').map((n: any) => n.name),
        csms: of('evc-csms').map((n: any) => n.id),
        stations: RED.nodes.filterNodes({ type: 'evc-stations' }).map((n: any) => n.csms),
        ids: RED.nodes.filterNodes({}).map((n: any) => n.id),
      };
    }, CONFIG);
    assert.deepEqual(after.tabs, ['Home', 'Overview', 'Charging points', 'Curves', 'Maintenance', 'Transaction history', 'Charging plan', 'Alarms']);
    assert.equal(after.csms.length, 1, 'the workspace\'s CSMS is used, not a second one');
    assert.ok(after.stations.every((c: string) => c === after.csms[0]));
    for (const id of before) assert.ok(after.ids.includes(id), `the workspace kept ${id}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wizard-generated.png') });

    await page.click('#red-ui-header-button-deploy');
    await waitFor(async () => (await product!.get('/flows')).body.length > before.length, 20_000, 'deployed');
    const ui = await browser!.newPage();
    // The home page, from the dashboard's menu, keeps its own widget and gets the new link to the overview.
    await ui.goto(`${product!.base}/ui/`);
    await ui.click('md-toolbar button');
    await ui.click('md-sidenav md-list-item:has-text("Home")');
    await waitFor(async () => (await ui.innerText('body')).includes('B12'), 30_000, 'the home page');
    await ui.locator('button', { hasText: 'EV charging dashboard' }).click();
    await waitFor(async () => (await ui.$$('tr[data-id]')).length === 4, 30_000, 'four terminals on the dashboard');
    await waitFor(async () => /Site limit \(kW\)\s*100/.test(await ui.innerText('body')), 15_000, 'the site limit');
    await ui.screenshot({ path: path.join(ARTIFACTS, 'wizard-dashboard.png') });
    assert.deepEqual(errors, []);
  });
});
