/**
 * The pack's editor in a real headless Chromium, against the product (`evcharge start`): palette,
 * evc-editor plugin, edit dialogs, validators and a second language. Needs the Debian `chromium`
 * package (.ci/run installs it); playwright-core only drives it and never downloads a browser.
 */
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { dismissFirstStartDialog, launchChromium, requireChromium } from '../support/chromium';
import { startProduct, Product } from '../support/product';

// Globals of the editor page, used inside page.evaluate() callbacks.
declare const RED: any;
declare const $: any;


const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const CONFIG_TYPES = ['evc-csms', 'evc-database', 'evc-ocpi-partner'];
const TYPES = Object.keys(pkg['node-red'].nodes) as string[];

/** The message catalog a node type ships for a language, as the built pack holds it. */
function catalog(type: string, lang: string): any {
  const dir = path.join(ROOT, path.dirname(pkg['node-red'].nodes[type]));
  return JSON.parse(fs.readFileSync(path.join(dir, 'locales', lang, `${type}.json`), 'utf8'))[type];
}

/** Raw i18n keys of our catalogs left untranslated in the page (text or placeholders). */
const RAW_KEY = /\bevc-[a-z-]+\.(label|placeholder|errors)\.[\w.]+/;

interface Tab {
  page: Page;
  problems: string[];
}

describe('the editor in headless Chromium', function () {
  this.timeout(60_000);
  let product: Product | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let en: Tab;

  /** A page of the editor in the given browser locale, recording every error it raises. */
  async function openEditor(locale: string): Promise<Tab> {
    const context = await browser!.newContext({ locale, viewport: { width: 1400, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    const ours = (url: string) => url.startsWith(product!.base);
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      const text = msg.text();
      // The palette manager fetches the public node catalogue, unreachable offline: not the pack's doing.
      if (msg.type() === 'error' && !(text.startsWith('Failed to load resource') && !ours(msg.location().url))) {
        problems.push(`console error: ${text}`);
      }
      // Node-RED catches exceptions of oneditprepare and validators and only logs them.
      if (msg.type() === 'log' && /^(oneditprepare|Validation error:)/.test(text)) problems.push(`console: ${text}`);
    });
    page.on('requestfailed', (req) => {
      if (ours(req.url()) && !/favicon/.test(req.url())) problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`);
    });
    page.on('response', (res) => {
      if (ours(res.url()) && res.status() >= 400 && !/favicon/.test(res.url())) problems.push(`HTTP ${res.status()}: ${res.url()}`);
    });
    await page.goto(product!.base + '/');
    await page.waitForSelector('.red-ui-palette-node[data-palette-type="evc-stations"]', { timeout: 60_000 });
    // The quick-start flow is drawn once the editor has finished loading.
    await page.waitForFunction(() => {
      const command = RED.nodes.filterNodes({ type: 'evc-ocpp-command' })[0];
      return command && $(`g.red-ui-flow-node[id="${command.id}"]`).length === 1;
    }, undefined, { timeout: 60_000 });
    await dismissFirstStartDialog(page);
    return { page, problems };
  }

  /** Types into a field as a user would: the editor validates on keyup and change. */
  async function typeInto(page: Page, selector: string, text: string): Promise<void> {
    const input = page.locator(selector);
    // Filled at once (a loaded machine dropped keystrokes typed one by one), then a key as typing ends with.
    for (let attempt = 0; attempt < 3 && (await input.inputValue()) !== text; attempt++) await input.fill(text);
    assert.equal(await input.inputValue(), text, `${selector} holds what was typed`);
    await input.press('End');
    await input.blur();
    // Leaving the field is what validates it; say so once more in case the blur's change event came before the last key.
    await input.dispatchEvent('change');
  }

  /**
   * Whether the field shows a validation error. The editor validates on input events, which a loaded machine may
   * deliver late: the state is read again until it is the expected one, for up to 10 s.
   */
  async function hasError(page: Page, selector: string, expected?: boolean): Promise<boolean> {
    const read = () => page.locator(selector).evaluate((el) => (el as any).classList.contains('input-error'));
    let state = await read();
    for (let waited = 0; expected !== undefined && state !== expected && waited < 10_000; waited += 100) {
      await new Promise((r) => setTimeout(r, 100));
      state = await read();
    }
    return state;
  }

  /** Visible texts and placeholders of the open edit tray. */
  async function trayTexts(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const tray = $('.red-ui-tray').last();
      const texts = tray.find('label, span, option, .form-tips, li').map(function (this: any) { return $(this).text().trim(); }).get();
      const placeholders = tray.find('[placeholder]').map(function (this: any) { return $(this).attr('placeholder'); }).get();
      return texts.concat(placeholders).filter(Boolean);
    });
  }

  /**
   * Waits until the open dialog's oneditprepare has run: the editor may first fetch the node's
   * credentials, and until then it has neither filled the form nor attached its validation.
   */
  async function dialogReady(page: Page, prepared: string): Promise<void> {
    await page.waitForFunction((check) => $(check).length > 0, prepared);
  }
  // What each oneditprepare leaves behind.
  const COMMAND_READY = '#node-input-action.red-ui-autoComplete';
  const CSMS_READY = '#node-config-evc-csms-tabs li.red-ui-tab.active';
  const SIMULATOR_READY = '.ui-spinner #node-input-count';

  async function commandNodeId(page: Page): Promise<string> {
    return page.evaluate(() => RED.nodes.filterNodes({ type: 'evc-ocpp-command' })[0].id);
  }

  before(async function () {
    this.timeout(120_000);
    requireChromium(this);
    product = await startProduct(['--simulate', '2']);
    browser = await launchChromium();
    en = await openEditor('en-US');
  });

  // A failed test may leave its dialogs open: close them so the next test starts from the workspace.
  afterEach(async () => {
    await en?.page.evaluate(() => {
      for (let i = 0; i < 5 && $('.red-ui-tray').length > 0; i++) RED.tray.close();
    }).catch(() => undefined);
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await product?.stop();
  });

  it('loads the evc-editor plugin, then the node editors built on it, without page or console errors', async () => {
    const plugin = await en.page.evaluate(() => {
      const p = RED.plugins.getPlugin('evc-editor');
      return p && { type: p.type, helpers: Object.keys(p).filter((k) => typeof p[k] === 'function') };
    });
    assert.ok(plugin, 'RED.plugins.getPlugin("evc-editor") is undefined');
    assert.equal(plugin.type, 'evc-editor');
    for (const helper of ['translator', 'validators', 'isEnvVar', 'isBlank', 'splitList', 'completeWord', 'completeList']) {
      assert.ok(plugin.helpers.includes(helper), `plugin lacks ${helper}`);
    }
    // A node script throws before registering its type when the plugin is not there yet.
    const registered = await en.page.evaluate((types) => types.filter((t) => RED.nodes.getType(t)), TYPES);
    assert.deepEqual(registered, TYPES);
    assert.deepEqual(en.problems, []);
  });

  it('shows the node types under "EV Charge" with their labels, evc-csms and evc-database among the config nodes', async () => {
    const { page } = en;
    for (const type of TYPES) {
      const def = await page.evaluate((t) => {
        const d = RED.nodes.getType(t);
        return d && { category: d.category, paletteLabel: typeof d.paletteLabel === 'function' ? d.paletteLabel.call(d) : d.paletteLabel, help: RED.nodes.getNodeHelp(t) };
      }, type);
      assert.ok(def, `${type} is not registered in the editor`);
      const label = catalog(type, 'en-US').label.paletteLabel;
      assert.equal(def.paletteLabel, label, `${type} palette label`);
      assert.ok(def.help && def.help.length > 100, `${type} has no help`);
      if (def.category === 'config') {
        assert.ok(CONFIG_TYPES.includes(type), `${type} is a config node`);
        continue;
      }
      assert.equal(def.category, 'EV Charge', type);
      const entry = page.locator(`.red-ui-palette-node[data-palette-type="${type}"]`);
      assert.equal(await entry.count(), 1, `${type} in the palette`);
      assert.equal((await entry.locator('.red-ui-palette-label').innerText()).replace(/\s+/g, ' ').trim(), label);
      const category = await entry.evaluate((el) => $(el).closest('.red-ui-palette-category').find('.red-ui-palette-header').text().trim());
      assert.equal(category, 'EV Charge', `${type} category`);
    }
    await page.evaluate(() => RED.sidebar.show('config'));
    const configList = page.locator('.red-ui-sidebar-node-config-list').first();
    await configList.locator('li.red-ui-palette-node-config-type', { hasText: 'evc-csms' }).waitFor();
    assert.equal(await configList.locator('.red-ui-palette-label', { hasText: 'Quick-start CSMS' }).count(), 1);
    assert.equal(await configList.locator('.red-ui-palette-label', { hasText: 'Quick-start archive' }).count(), 1);
  });

  it('edits the quick-start evc-ocpp-command node: translated form, validators, cancel', async () => {
    const { page } = en;
    const id = await commandNodeId(page);
    await page.locator(`g.red-ui-flow-node[id="${id}"] rect.red-ui-flow-node`).dblclick();
    await dialogReady(page, COMMAND_READY);
    const texts = await trayTexts(page);
    const labels = catalog('evc-ocpp-command', 'en-US').label;
    for (const key of ['csms', 'stationId', 'action', 'timeout', 'name']) assert.ok(texts.includes(labels[key]), `label ${key} (${labels[key]}) in ${texts}`);
    assert.deepEqual(texts.filter((t) => RAW_KEY.test(t)), []);

    await typeInto(page, '#node-input-timeout', '0');
    assert.equal(await hasError(page, '#node-input-timeout', true), true, 'timeout 0 accepted');
    await typeInto(page, '#node-input-timeout', '45');
    assert.equal(await hasError(page, '#node-input-timeout', false), false, 'timeout 45 refused');
    await typeInto(page, '#node-input-stationId', 'CP 1');
    assert.equal(await hasError(page, '#node-input-stationId', true), true, 'station with a space accepted');
    await typeInto(page, '#node-input-stationId', 'CP001');
    assert.equal(await hasError(page, '#node-input-stationId', false), false);
    // The message comes from the node's own catalog, through the shared validators.
    const message = await page.evaluate(() => RED.nodes.getType('evc-ocpp-command').defaults.timeout.validate('0', {}));
    assert.equal(message, catalog('evc-ocpp-command', 'en-US').errors.invalidTimeout);

    // Autocompletion of the action, from the shared helper.
    await typeInto(page, '#node-input-action', 'remoteSt');
    const suggestions = page.locator('.red-ui-autoComplete-container li');
    await suggestions.first().waitFor();
    assert.deepEqual(await suggestions.allInnerTexts(), ['remoteStart', 'remoteStop', 'RemoteStartTransaction', 'RemoteStopTransaction']);

    await page.locator('#node-dialog-cancel').click();
    await page.locator('#node-input-timeout').waitFor({ state: 'detached' });
    const saved = await page.evaluate((nodeId) => {
      const n = RED.nodes.node(nodeId);
      return { timeout: n.timeout, stationId: n.stationId, action: n.action };
    }, id);
    assert.deepEqual(saved, { timeout: 30, stationId: '', action: '' }, 'cancel kept the node as it was');
  });

  it('edits the evc-csms config node: tabs, translated labels, port and TLS validators, cancel', async () => {
    const { page } = en;
    const id = await commandNodeId(page);
    await page.locator(`g.red-ui-flow-node[id="${id}"] rect.red-ui-flow-node`).dblclick();
    await dialogReady(page, COMMAND_READY);
    // The pencil beside the CSMS select opens the config node's own dialog.
    await page.locator('#node-input-btn-csms-edit').click();
    const port = page.locator('#node-config-input-port');
    await dialogReady(page, CSMS_READY);
    const labels = catalog('evc-csms', 'en-US').label;
    const texts = await trayTexts(page);
    for (const key of ['port', 'host', 'path', 'protocols']) assert.ok(texts.includes(labels[key]), `label ${key} (${labels[key]}) in ${texts}`);
    for (const tab of ['connection', 'security', 'registry', 'answers']) assert.ok(texts.includes(labels.tabs[tab]), `tab ${tab}`);
    assert.deepEqual(texts.filter((t) => RAW_KEY.test(t)), []);
    assert.equal(await port.inputValue(), '${EVC_OCPP_PORT}');
    assert.equal(await hasError(page, '#node-config-input-port', false), false);

    await typeInto(page, '#node-config-input-port', '70000');
    assert.equal(await hasError(page, '#node-config-input-port', true), true, 'port 70000 accepted');
    const message = await page.evaluate(() => RED.nodes.getType('evc-csms').defaults.port.validate('70000', {}));
    assert.equal(message, 'Port: an integer from 1 to 65535 is required');
    await typeInto(page, '#node-config-input-port', '${EVC_OCPP_PORT}');
    assert.equal(await hasError(page, '#node-config-input-port', false), false, '${EVC_OCPP_PORT} refused');
    await typeInto(page, '#node-config-input-port', '9220');
    assert.equal(await hasError(page, '#node-config-input-port', false), false, '9220 refused');

    // Certificate and key are required with profile 2 only, as chosen in the open form.
    await page.locator('#node-config-evc-csms-tabs a', { hasText: labels.tabs.security }).click();
    await page.locator('#node-config-input-securityProfile').selectOption('2');
    await page.locator('#node-config-input-certFile').waitFor();
    assert.equal(await hasError(page, '#node-config-input-certFile', true), true, 'profile 2 without a certificate');
    await page.locator('#node-config-input-securityProfile').selectOption('0');
    assert.equal(await hasError(page, '#node-config-input-certFile', false), false);
    // RED.tabs takes two clicks on a tab bar within 400 ms for a double click, which does not switch.
    await page.waitForTimeout(500);
    await page.locator('#node-config-evc-csms-tabs a', { hasText: labels.tabs.connection }).click();
    await typeInto(page, '#node-config-input-port', '70000');

    const shot = path.join(os.tmpdir(), 'evc-editor-csms-dialog.png');
    await page.screenshot({ path: shot });
    console.log(`      screenshot: ${shot}`);

    await page.locator('#node-config-dialog-cancel').click();
    await port.waitFor({ state: 'detached' });
    await page.locator('#node-dialog-cancel').click();
    await page.locator('#node-input-timeout').waitFor({ state: 'detached' });
    const csms = await page.evaluate((nodeId) => {
      const n = RED.nodes.node(RED.nodes.node(nodeId).csms);
      return { port: n.port, securityProfile: n.securityProfile, dirty: RED.nodes.dirty() };
    }, id);
    assert.deepEqual(csms, { port: '${EVC_OCPP_PORT}', securityProfile: '0', dirty: false });
  });

  it('keeps the quick-start simulator version, an environment variable, selected in its dialog', async () => {
    const { page } = en;
    await page.evaluate(() => RED.editor.edit(RED.nodes.filterNodes({ type: 'evc-simulator' })[0]));
    const version = page.locator('#node-input-version');
    await dialogReady(page, SIMULATOR_READY);
    assert.equal(await version.inputValue(), '${EVC_SIM_VERSION}');
    assert.equal(await hasError(page, '#node-input-version', false), false);
    await page.locator('#node-dialog-cancel').click();
    await version.waitFor({ state: 'detached' });
  });

  it('edits the quick-start alarm router: its routes in the JSON editor, saved as typed, a bad dead-band refused, recovery shown when on', async () => {
    const { page } = en;
    await page.evaluate(() => RED.editor.edit(RED.nodes.filterNodes({ type: 'evc-alarm-router' })[0]));
    await dialogReady(page, '#node-input-routes-editor > *');
    const shown = await page.evaluate(() => (RED.nodes.filterNodes({ type: 'evc-alarm-router' })[0] as any).editor.getValue());
    assert.match(shown, /"channel":"dashboard"/);
    await typeInto(page, '#node-input-deadBandS', '-1');
    assert.equal(await hasError(page, '#node-input-deadBandS', true), true, 'a negative dead-band accepted');
    await typeInto(page, '#node-input-deadBandS', '10');
    assert.equal(await hasError(page, '#node-input-deadBandS', false), false);
    // The recovery settings show only when recovery is on.
    assert.equal(await page.isVisible('#node-input-softAfterMin'), false);
    await page.locator('#node-input-recovery').check();
    assert.equal(await page.isVisible('#node-input-softAfterMin'), true);
    const routes = '{"rules": [{"name": "night", "hours": [{"from": "22:00", "to": "06:00"}], "to": [{"channel": "mqtt"}]}]}';
    await page.evaluate((text) => (RED.nodes.filterNodes({ type: 'evc-alarm-router' })[0] as any).editor.setValue(text), routes);
    await page.locator('#node-dialog-ok').click();
    await page.locator('#node-input-deadBandS').waitFor({ state: 'detached' });
    const saved = await page.evaluate(() => RED.nodes.filterNodes({ type: 'evc-alarm-router' })[0] as any);
    assert.deepEqual([saved.routes, saved.recovery, saved.valid], [routes, true, true]);
  });

  it('edits the quick-start badges node: the directory settings shown when on, its URL checked, the password kept as a credential', async () => {
    const { page } = en;
    await page.evaluate(() => RED.editor.edit(RED.nodes.filterNodes({ type: 'evc-authorize' })[0]));
    await dialogReady(page, '#node-input-unknownBadges');
    assert.equal(await page.inputValue('#node-input-unknownBadges'), 'accept');
    assert.equal(await page.isVisible('#node-input-url'), false, 'no directory settings while it is off');
    await page.locator('#node-input-directory').check();
    assert.equal(await page.isVisible('#node-input-url'), true);
    await typeInto(page, '#node-input-url', 'http://ad.example.com');
    assert.equal(await hasError(page, '#node-input-url', true), true, 'an http URL accepted');
    await typeInto(page, '#node-input-url', 'ldaps://ad.example.com:636');
    assert.equal(await hasError(page, '#node-input-url', false), false);
    await typeInto(page, '#node-input-baseDn', 'ou=people,dc=example,dc=com');
    await typeInto(page, '#node-input-bindPassword', 'secret');
    await page.locator('#node-dialog-ok').click();
    await page.locator('#node-input-url').waitFor({ state: 'detached' });
    const saved = await page.evaluate(() => {
      const n = RED.nodes.filterNodes({ type: 'evc-authorize' })[0] as any;
      return { directory: n.directory, url: n.url, baseDn: n.baseDn, password: n.credentials?.bindPassword, inFlow: JSON.stringify(RED.nodes.createCompleteNodeSet({ credentials: false })).includes('secret') };
    });
    assert.deepEqual(saved, { directory: true, url: 'ldaps://ad.example.com:636', baseDn: 'ou=people,dc=example,dc=com', password: 'secret', inFlow: false });
  });

  it('shows French labels to a French browser', async () => {
    const fr = await openEditor('fr-FR');
    const frLabels = catalog('evc-ocpp-command', 'fr').label;
    assert.notEqual(frLabels.stationId, catalog('evc-ocpp-command', 'en-US').label.stationId);
    const palette = fr.page.locator('.red-ui-palette-node[data-palette-type="evc-stations"] .red-ui-palette-label');
    assert.equal((await palette.innerText()).replace(/\s+/g, ' ').trim(), catalog('evc-stations', 'fr').label.paletteLabel);
    const id = await commandNodeId(fr.page);
    await fr.page.locator(`g.red-ui-flow-node[id="${id}"] rect.red-ui-flow-node`).dblclick();
    await dialogReady(fr.page, COMMAND_READY);
    const texts = await trayTexts(fr.page);
    assert.ok(texts.includes(frLabels.stationId), `${frLabels.stationId} in ${texts}`);
    assert.ok(texts.includes(frLabels.timeout), `${frLabels.timeout} in ${texts}`);
    assert.deepEqual(texts.filter((t) => RAW_KEY.test(t)), []);
    const message = await fr.page.evaluate(() => RED.nodes.getType('evc-ocpp-command').defaults.timeout.validate('0', {}));
    assert.equal(message, catalog('evc-ocpp-command', 'fr').errors.invalidTimeout);
    await fr.page.locator('#node-dialog-cancel').click();
    assert.deepEqual(fr.problems, []);
  });

  it('raised no page or console error while editing', () => {
    assert.deepEqual(en.problems, []);
  });
});
