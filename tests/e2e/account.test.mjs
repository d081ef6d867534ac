// The account page in a browser (Debian's chromium, JavaScript off): a
// reader changes the password with the plain form (a wrong current password
// is refused and changes nothing), another session of the same account ends
// with the change, and only the new password signs in afterwards.
// Screenshots go to the artifacts folder.
//
// Without a launchable chromium the browser tests skip with a message,
// except under CI=true, where they fail.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  clickAndLoad, kPassword, openSite, shot, signedIn, valid,
} from './lib/browser.mjs';

const kNewPassword = 'another long enough password';

let site;
let server;
let browser;
let skipReason = '';

// Fills the password form of the account page and sends it.
async function changePassword(page, current, fresh, again = fresh) {
  await page.fill('#pw-current', current);
  await page.fill('#pw-new', fresh);
  await page.fill('#pw-repeat', again);
  await clickAndLoad(page, page.locator('form[action="/account/password"] button[type=submit]'));
}

// Whether "password" signs "name" in, in a fresh context.
async function signsIn(name, password) {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${server.url}/login?lang=en`);
  await page.fill('#name', name);
  await page.fill('#password', password);
  await clickAndLoad(page, page.locator('form.signin button[type=submit]'));
  const ok = !page.url().includes('/login');
  await context.close();
  return ok;
}

describe('the account page', () => {
  before(async () => {
    site = await openSite({ rows: 50, accounts: [['reader', 'reader']] });
    ({ server, browser, skipReason } = site);
  });

  after(async () => {
    await site?.close();
  });

  it('changes the password and ends the other sessions', async (t) => {
    if (!browser) return t.skip(skipReason);
    const laptop = await signedIn(browser, server.url, 'reader');
    const phone = await signedIn(browser, server.url, 'reader');
    const { page } = laptop;
    await page.goto(`${server.url}/account?lang=en`);
    await valid(page, 'account');
    await shot(page, 'account.png');
    assert.match(await page.locator('main').innerText(), /Password/);

    await changePassword(page, 'not the password at all', kNewPassword);
    assert.match(await page.locator('[role=alert]').innerText(), /current password is wrong/);
    await changePassword(page, kPassword, kNewPassword, `${kNewPassword}!`);
    assert.match(await page.locator('[role=alert]').innerText(), /differ/);
    await phone.page.goto(`${server.url}/account?lang=en`);
    assert.equal(new URL(phone.page.url()).pathname, '/account', 'nothing changed yet');

    await changePassword(page, kPassword, kNewPassword);
    assert.match(await page.locator('[role=status]').innerText(), /password is changed/);
    await shot(page, 'account-password-changed.png');
    // This session stays signed in; the phone's has ended.
    await page.goto(`${server.url}/account?lang=en`);
    assert.equal(new URL(page.url()).pathname, '/account');
    await phone.page.goto(`${server.url}/account?lang=en`);
    assert.equal(new URL(phone.page.url()).pathname, '/login');
    assert.equal(await signsIn('reader', kPassword), false);
    assert.equal(await signsIn('reader', kNewPassword), true);
    await laptop.context.close();
    await phone.context.close();
  });
});
