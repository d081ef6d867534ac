// A second factor and the drafts of cases in a browser (Debian's chromium,
// JavaScript off), against `memoria serve`: an account whose TOTP was
// turned on with `memoria user totp enable` signs in with its password and
// then a code computed here (RFC 6238 with node's HMAC-SHA-1); a volunteer
// sets up a second factor on /account; a volunteer drafts an assessment,
// which no visitor sees until an editor publishes it at /moderation/cases.
// Screenshots of each new page go to the artifacts directory.
//
// Without a launchable chromium the browser tests skip with a message,
// except under CI=true, where they fail.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import {
  clickAndLoad, kPassword, memoria, openSite, shot, validHtml as validText,
} from './lib/browser.mjs';

let site;  // openSite's: { archive, server, browser, skipReason, close }
let archive;
let server;
let browser;
let skipReason = '';
let secret = '';  // Base32, of the account "guarded"

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/[\s=-]/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// RFC 6238: HOTP (RFC 4226) of the 30-second step, 6 digits.
function totp(base32, unixSeconds = Date.now() / 1000) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const mac = crypto.createHmac('sha1', base32Decode(base32)).update(counter).digest();
  const offset = mac[19] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1000000).padStart(6, '0');
}

async function signIn(page, name) {
  await page.goto(`${server.url}/login?lang=en`);
  await page.fill('#name', name);
  await page.fill('#password', kPassword);
  await clickAndLoad(page, page.locator('form.signin button[type=submit]'));
}

// The page as served: the DOM's serialisation writes boolean attributes
// as `required=""`, which the server does not.
async function validHtml(page, name) {
  const html = (await page.content()).replace(/ (required|autofocus|selected|hidden)=""/g, ' $1');
  await validText(html, name);
}

describe('second factor and drafts of cases', () => {
  before(async () => {
    site = await openSite({
      rows: 200,
      accounts: [['vera', 'volunteer'], ['olga', 'editor'], ['setup', 'reader']],
      prepare(made) {
        archive = made;
        memoria(['user', 'add', made.archive, 'guarded', '--role', 'editor'], `${kPassword}\n`);
        const out = memoria(['user', 'totp', 'enable', made.archive, 'guarded']);
        secret = /secret: +([A-Z2-7]+)/.exec(out)[1];
      },
    });
    ({ server, browser, skipReason } = site);
  });

  after(async () => {
    await site?.close();
  });

  it('asks for the code after the password and signs in only with it', async (t) => {
    if (!browser) return t.skip(skipReason);
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
    const page = await context.newPage();
    await signIn(page, 'guarded');
    assert.equal(new URL(page.url()).pathname, '/login/second');
    let names = (await context.cookies()).map((c) => c.name);
    assert.ok(names.includes('memoria_half'));
    assert.ok(!names.includes('memoria_session'), 'no session after the password alone');
    await validHtml(page, '/login/second');
    await page.fill('#code', '000000' === totp(secret) ? '111111' : '000000');
    await shot(page, 'second-factor-form.png');
    await clickAndLoad(page, page.locator('form.signin button[type=submit]'));
    assert.match(await page.locator('main').innerText(), /Wrong or already used code/);
    let r = await page.goto(`${server.url}/account?lang=en`);
    assert.equal(new URL(page.url()).pathname, '/login', 'half signed in grants nothing');

    await page.goto(`${server.url}/login/second?lang=en`);
    await page.fill('#code', totp(secret));
    await clickAndLoad(page, page.locator('form.signin button[type=submit]'));
    names = (await context.cookies()).map((c) => c.name);
    assert.ok(names.includes('memoria_session'));
    r = await page.goto(`${server.url}/account?lang=en`);
    assert.equal(r.status(), 200);
    assert.match(await page.locator('main').innerText(), /guarded/);
    await context.close();
  });

  it('sets a second factor up on the account page', async (t) => {
    if (!browser) return t.skip(skipReason);
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
    const page = await context.newPage();
    await signIn(page, 'setup');
    await page.goto(`${server.url}/account?lang=en`);
    await clickAndLoad(page, page.locator('form[action="/account/totp/begin"] button'));
    const shown = (await page.locator('code.secret').innerText()).replace(/\s/g, '');
    assert.match(shown, /^[A-Z2-7]{32}$/);
    assert.match(await page.locator('code.uri').innerText(),
      new RegExp(`^otpauth://totp/memoria:setup\\?secret=${shown}&issuer=memoria`));
    await validHtml(page, '/account (setting up)');
    await shot(page, 'second-factor-setup.png');
    await page.fill('#totp-code', totp(shown));
    await clickAndLoad(page, page.locator('form[action="/account/totp/confirm"] button'));
    const codes = await page.locator('ol.recovery-codes code').allInnerTexts();
    assert.equal(codes.length, 10);
    await validHtml(page, '/account/totp/confirm');
    await shot(page, 'second-factor-codes.png');
    await page.goto(`${server.url}/account?lang=en`);
    assert.equal(await page.locator('form[action="/account/totp/disable"]').count(), 1);
    await shot(page, 'second-factor-on.png');
    // A recovery code signs in instead of a code.
    const other = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
    const p2 = await other.newPage();
    await signIn(p2, 'setup');
    assert.equal(new URL(p2.url()).pathname, '/login/second');
    await p2.fill('#code', codes[0]);
    await clickAndLoad(p2, p2.locator('form.signin button[type=submit]'));
    const r = await p2.goto(`${server.url}/account?lang=en`);
    assert.equal(r.status(), 200);
    await other.close();
    await context.close();
  });

  it('a volunteer drafts an assessment; it shows only once an editor publishes it', async (t) => {
    if (!browser) return t.skip(skipReason);
    const person = 3;
    const statement = 'Признан политзаключённым по делу о «фейках»';
    const anonymous = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
    const anon = await anonymous.newPage();
    let r = await anon.goto(`${server.url}/prisoners/${person}?lang=en`);
    assert.equal(r.status(), 404, 'not on the list before');

    const volunteer = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
    const vp = await volunteer.newPage();
    await signIn(vp, 'vera');
    r = await vp.goto(`${server.url}/prisoners/${person}/draft?lang=en`);
    assert.equal(r.status(), 200);
    await validHtml(vp, '/prisoners/ID/draft');
    const form = vp.locator('form:has(input[name=kind][value=assessment])');
    await form.locator('select[name=verdict]').selectOption('political_prisoner');
    await form.locator('input[name=date]').fill('2024-05-17');
    await form.locator('textarea[name=statement]').fill(`**${statement}**`);
    await form.locator('input[name=citation]').fill('statement of 2024-05-17');
    await shot(vp, 'case-draft-form.png');
    await clickAndLoad(vp, form.locator('button[type=submit]'));
    assert.match(await vp.locator('main').innerText(), /waits for an editor/);
    r = await anon.goto(`${server.url}/prisoners/${person}?lang=en`);
    assert.equal(r.status(), 404, 'a draft shows to nobody');
    r = await vp.goto(`${server.url}/moderation/cases?lang=en`);
    assert.equal(r.status(), 403, 'the queue is for editors');

    const editor = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
    const ep = await editor.newPage();
    await signIn(ep, 'olga');
    r = await ep.goto(`${server.url}/moderation/cases?lang=en`);
    assert.equal(r.status(), 200);
    const article = ep.locator('article.draft').first();
    assert.match(await article.innerText(), new RegExp(statement));
    assert.match(await article.innerText(), /Drafted: vera/);
    await validHtml(ep, '/moderation/cases');
    await shot(ep, 'case-review-queue.png');
    await clickAndLoad(ep, article.locator('button[value=publish]'));
    assert.match(await ep.locator('main').innerText(), /Published\./);

    let body = '';
    for (let i = 0; i < 50; i += 1) {
      r = await anon.goto(`${server.url}/prisoners/${person}?lang=en`);
      if (r.status() === 200) {
        body = await anon.locator('main').innerText();
        break;
      }
      await new Promise((res) => { setTimeout(res, 100); });
    }
    assert.match(body, new RegExp(statement.slice(0, 20)), 'published for everyone');
    await shot(anon, 'case-published.png');
    await anonymous.close();
    await volunteer.close();
    await editor.close();
  });
});
