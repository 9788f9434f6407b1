/**
 * The evc-charging-profile edit dialog in a real headless Chromium, against the product: the periods table, the
 * preview chart drawn from the runtime's own reading of the form, its problems, the categories, in two languages.
 */
import assert from 'node:assert/strict';
import fs from 'fs';
import path from 'path';
import { Browser, Page } from 'playwright-core';
import { ARTIFACTS, dismissFirstStartDialog, launchChromium, requireChromium } from '../support/chromium';
import { startProduct, Product } from '../support/product';

declare const RED: any;
declare const $: any;

const ROOT = path.resolve(__dirname, '../../..');
const catalog = (lang: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/nodes/evc-charging-profile/locales', lang, 'evc-charging-profile.json'), 'utf8'))['evc-charging-profile'];

describe('the evc-charging-profile editor in headless Chromium', function () {
  this.timeout(60_000);
  let product: Product | undefined;
  let browser: Browser | undefined;

  before(async function () {
    this.timeout(120_000);
    requireChromium(this);
    product = await startProduct();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await product?.stop();
  });

  /** The editor in a language, with a new charging-profile node's dialog open; collects page and console errors. */
  async function openDialog(locale: string): Promise<{ page: Page; problems: string[] }> {
    const context = await browser!.newContext({ locale, viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !(msg.text().startsWith('Failed to load resource') && !msg.location().url.startsWith(product!.base))) problems.push(`console: ${msg.text()}`);
      if (msg.type() === 'log' && /^(oneditprepare|Validation error:)/.test(msg.text())) problems.push(`console: ${msg.text()}`);
    });
    await page.goto(product!.base + '/');
    await page.waitForSelector('.red-ui-palette-node[data-palette-type="evc-charging-profile"]', { timeout: 60_000 });
    await dismissFirstStartDialog(page);
    await page.evaluate(() => {
      // A node with its defaults, as the palette makes it, and the CSMS it uses, only in the editor: nothing is deployed.
      const node: Record<string, unknown> = { id: 'a1b2c3d4e5f60718', type: 'evc-charging-profile', x: 300, y: 500, z: RED.workspaces.active(), wires: [[]] };
      const csms: Record<string, unknown> = { id: 'c5d6e7f8091a2b3c', type: 'evc-csms' };
      const withDefaults = (n: Record<string, unknown>) => {
        const defaults = RED.nodes.getType(n.type).defaults;
        for (const key of Object.keys(defaults)) n[key] = JSON.parse(JSON.stringify(defaults[key].value ?? ''));
      };
      withDefaults(node);
      withDefaults(csms);
      node.csms = csms.id;
      RED.view.importNodes([csms, node], { generateIds: false, addFlow: false });
      RED.editor.edit(RED.nodes.node('a1b2c3d4e5f60718'));
    });
    await page.locator('#node-input-evc-charging-profile-chart svg rect.evc-charging-profile-step').first().waitFor();
    return { page, problems };
  }

  const steps = (page: Page) => page.locator('#node-input-evc-charging-profile-chart rect.evc-charging-profile-step')
    .evaluateAll((rects) => rects.map((r) => [Number(r.getAttribute('data-from')), Number(r.getAttribute('data-to')), Number(r.getAttribute('data-limit'))]));
  const problemList = (page: Page) => page.locator('#node-input-evc-charging-profile-problems li').allInnerTexts();

  it('draws the schedule as the periods table changes, lists the problems, keeps the categories on save', async () => {
    const { page, problems } = await openDialog('en-US');
    // The default: a Relative TxDefault of 16 A over the day.
    assert.deepEqual(await steps(page), [[0, 86400, 16]]);
    assert.equal(await page.locator('#node-input-evc-charging-profile-verdict').innerText(), catalog('en-US').label.noProblem);

    await page.locator('div.red-ui-editableList:has(#node-input-periods-list) > button.red-ui-editableList-addButton').click();
    const second = page.locator('#node-input-periods-list li').nth(1);
    await second.locator('.evc-charging-profile-period-start').fill('18:00');
    await second.locator('.evc-charging-profile-period-limit').fill('6.25');
    await second.locator('.evc-charging-profile-period-limit').dispatchEvent('change');
    await page.waitForFunction(() => $('#node-input-evc-charging-profile-problems li').length === 1);
    assert.deepEqual(await steps(page), [[0, 64800, 16], [64800, 86400, 6.25]]);
    assert.deepEqual(await problemList(page), ['periods[1].limit: a limit is 0 or more, with at most one decimal']);

    await second.locator('.evc-charging-profile-period-limit').fill('6');
    await second.locator('.evc-charging-profile-period-limit').dispatchEvent('change');
    await page.waitForFunction(() => $('#node-input-evc-charging-profile-problems li').length === 0);
    await page.locator('#node-input-kind').selectOption('Absolute');
    await page.waitForFunction(() => $('#node-input-evc-charging-profile-problems li').length === 1);
    assert.match((await problemList(page))[0], /^startSchedule: an Absolute profile needs a schedule start/);
    await page.locator('#node-input-startSchedule').fill('2026-01-05T00:00:00Z');
    await page.locator('#node-input-startSchedule').dispatchEvent('change');
    await page.waitForFunction(() => $('#node-input-evc-charging-profile-problems li').length === 0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'charging-profile-dialog.png') });

    await page.locator('#red-ui-tab-evc-charging-profile-tab-categories a').click();
    assert.equal(await page.locator('#node-input-categories-list li').count(), 4);
    await page.locator('#node-dialog-ok').click();
    await page.locator('#node-input-periods-list').waitFor({ state: 'detached' });
    const saved = await page.evaluate(() => {
      const n = RED.nodes.node('a1b2c3d4e5f60718');
      return { kind: n.kind, startSchedule: n.startSchedule, periods: n.periods, categories: n.categories.map((c: any) => c.name), badges: n.badges.length, valid: n.valid };
    });
    assert.deepEqual(saved, {
      kind: 'Absolute', startSchedule: '2026-01-05T00:00:00Z', periods: [{ startPeriod: 0, limit: 16 }, { startPeriod: 64800, limit: 6 }],
      categories: ['sales', 'technicians', 'management', 'office workers'], badges: 4, valid: true,
    });
    assert.deepEqual(problems, []);
  });

  it('speaks French to a French browser, the problems under the preview included', async () => {
    const { page, problems } = await openDialog('fr-FR');
    const labels = catalog('fr').label;
    const texts = await page.locator('.red-ui-tray').last().locator('label, span, option').allInnerTexts();
    for (const key of ['purpose', 'kind', 'periods', 'preview']) assert.ok(texts.map((x) => x.trim()).includes(labels[key]), `${labels[key]} in the form`);
    assert.equal(await page.locator('#node-input-evc-charging-profile-verdict').innerText(), labels.noProblem);
    assert.deepEqual(texts.filter((x) => /evc-charging-profile\.(label|placeholder|errors|tooltip)\./.test(x)), []);
    await page.locator('#node-dialog-cancel').click();
    assert.deepEqual(problems, []);
  });
});
