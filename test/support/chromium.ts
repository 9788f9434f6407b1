/** Headless Chromium for the browser tests: Debian's package, which .ci/run installs. */
import fs from 'fs';
import path from 'path';
import { Browser, chromium, Page } from 'playwright-core';

declare const RED: any;
declare const $: any;

const CHROMIUM = '/usr/bin/chromium';
// No internet here: without the background-networking switches Chromium keeps retrying its own services.
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Screenshots the browser tests keep, in test-artifacts/ at the repository root. */
export const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts');

/** Skips the suite when Chromium is missing on a developer machine; in CI a missing Chromium fails it. */
export function requireChromium(context: Mocha.Context): void {
  if (fs.existsSync(CHROMIUM)) return;
  if (!process.env.CI) {
    console.log(`      skipped: ${CHROMIUM} is missing (apt-get install -y chromium); CI fails instead of skipping`);
    context.skip();
  }
  throw new Error(`${CHROMIUM} is missing: .ci/run installs the Debian chromium package before the tests`);
}

export function launchChromium(): Promise<Browser> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
}

/** First start of a user dir: Node-RED asks once about update notifications, in a modal dialog; decline it. */
export async function dismissFirstStartDialog(page: Page): Promise<void> {
  await page.waitForFunction(() => RED.settings.telemetryEnabled !== undefined || $('.red-ui-dialog-toolbar button').length > 0);
  const decline = await page.evaluate(() => (RED.settings.telemetryEnabled === undefined ? RED._('telemetry.disableLabel') : null));
  if (decline) await page.getByRole('button', { name: decline }).click();
  await page.waitForSelector('.red-ui-shade', { state: 'hidden' }).catch(() => undefined);
}
