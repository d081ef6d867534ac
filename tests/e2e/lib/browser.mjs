// What the signed-in browser tests share: Debian's chromium launched with
// the project's flags (or a skip with its reason, a failure under CI=true),
// the memoria command for set-up, navigation by a click, sign-in as an
// account, an HTML check and full-page screenshots.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { HtmlValidate } from 'html-validate';
import { chromium } from 'playwright-core';

import {
  ensureArtifactsDir, inCI, makeArchive, memoriaBin, startServer,
} from './harness.mjs';

export const kChromium = process.env.CHROMIUM || '/usr/bin/chromium';
const kLaunchArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];
// The password every test account is made with.
export const kPassword = 'a long enough password';

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: { 'input-missing-label': 'error', 'no-trailing-whitespace': 'off' },
});

// Runs memoria with "args" (and "input" on standard input); asserts that it
// succeeds and returns its standard output.
export function memoria(args, input = '') {
  const r = spawnSync(memoriaBin, args, { encoding: 'utf8', input });
  assert.equal(r.status, 0, `memoria ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

// { browser, skipReason }: the browser, or null and why the tests skip.
// Under CI=true a browser that cannot be launched is an error.
export async function launch() {
  try {
    return { browser: await chromium.launch({ executablePath: kChromium, args: kLaunchArgs }),
      skipReason: '' };
  } catch (e) {
    if (inCI) throw new Error(`cannot launch ${kChromium} (CI=true, so this fails): ${e.message}`);
    const skipReason = `chromium cannot be launched (${kChromium}): ${e.message.split('\n')[0]}`;
    console.log(`# skipping browser tests: ${skipReason}`);
    return { browser: null, skipReason };
  }
}

export async function clickAndLoad(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

// A new context (JavaScript off, English) signed in as account "name".
export async function signedIn(browser, serverUrl, name) {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${serverUrl}/login?lang=en`);
  await page.fill('#name', name);
  await page.fill('#password', kPassword);
  await clickAndLoad(page, page.locator('form.signin button[type=submit]'));
  return { context, page };
}

// "html" (named "name" in the report) is valid HTML.
export async function validHtml(html, name) {
  const report = await validator.validateString(html, name);
  assert.deepEqual(report.results.flatMap((x) => x.messages.map((m) => m.message)), []);
}

// The current page, fetched again, is valid HTML (as the server sent it:
// the browser's DOM writes boolean attributes out as name="").
export async function valid(page, name) {
  const r = await page.request.get(page.url());
  await validHtml(await r.text(), name);
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(ensureArtifactsDir(), name), fullPage: true });
}

// A site for a browser test: an archive of generated rows ({ rows, seed }),
// prepare(archive) run on it, an account for each [name, role] of
// "accounts", `memoria serve` on it and the browser. Returns { archive,
// server, browser, skipReason, close }; close() ends them all.
export async function openSite({ rows, seed, accounts = [], prepare } = {}) {
  const archive = makeArchive({ rows, seed });
  prepare?.(archive);
  for (const [name, role] of accounts) {
    memoria(['user', 'add', archive.archive, name, '--role', role], `${kPassword}\n`);
  }
  const server = await startServer(archive.archive);
  const { browser, skipReason } = await launch();
  return {
    archive,
    server,
    browser,
    skipReason,
    async close() {
      await browser?.close();
      await server.stop();
      archive.remove();
    },
  };
}
