// A new person from the website (Debian's chromium, JavaScript off): an
// editor follows "New person" from the account bar, fills the plain form
// with a citation, lands on the new person's page, and a visitor's search
// finds the person; a volunteer's new person is a proposal that nobody
// finds until an editor accepts it in the moderation queue. Screenshots go
// to the artifacts folder.
//
// Without a launchable chromium the browser tests skip with a message,
// except under CI=true, where they fail.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  clickAndLoad, openSite, shot, signedIn as signIn, valid,
} from './lib/browser.mjs';

let site;
let server;
let browser;
let skipReason = '';

const signedIn = (name) => signIn(browser, server.url, name);

// How many links to a person a visitor's exact search for "query" shows,
// waiting for a committed change to reach the index.
async function visitorFinds(query) {
  const visitor = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
  const vp = await visitor.newPage();
  let found = 0;
  for (let i = 0; i < 50 && found === 0; i += 1) {
    await vp.goto(`${server.url}/search?exact=1&lang=en&q=${encodeURIComponent(query)}`);
    found = await vp.locator('a[href^="/person/"]').count();
    if (found === 0) await new Promise((res) => { setTimeout(res, 100); });
  }
  await visitor.close();
  return found;
}

describe('a new person', () => {
  before(async () => {
    site = await openSite({
      rows: 50, accounts: [['editor', 'editor'], ['volunteer', 'volunteer']],
    });
    ({ server, browser, skipReason } = site);
  });

  after(async () => {
    await site?.close();
  });

  it('an editor adds a person with a citation and a visitor finds it', async (t) => {
    if (!browser) return t.skip(skipReason);
    const { context, page } = await signedIn('editor');
    await page.goto(`${server.url}/?lang=en`);
    await clickAndLoad(page, page.locator('.account a', { hasText: 'New person' }));
    assert.equal(new URL(page.url()).pathname, '/persons/new');
    await valid(page, 'new-person');
    // A blank citation: the form comes back with the reason.
    await page.fill('input[name=surname]', 'Новоприбывшева');
    await page.fill('input[name=citation]', '   ');
    await clickAndLoad(page, page.locator('form.edit button[type=submit]'));
    assert.match(await page.locator('main').innerText(), /needs a citation/);
    await page.fill('input[name=surname]', 'Новоприбывшева');
    await page.fill('input[name=given]', 'Ольга');
    await page.fill('input[name=patronymic]', 'Петровна');
    await page.fill('input[name=citation]', 'letter of the granddaughter, 2021');
    await page.fill('input[name=reason]', 'not in any list yet');
    await shot(page, 'new-person-form.png');
    await clickAndLoad(page, page.locator('form.edit button[type=submit]'));
    assert.match(new URL(page.url()).pathname, /^\/person\/\d+$/);
    assert.match(await page.locator('h1').innerText(), /Новоприбывшева Ольга Петровна/);
    await shot(page, 'new-person-page.png');
    await page.goto(`${server.url}${new URL(page.url()).pathname}/history?lang=en`);
    assert.match(await page.locator('main').innerText(), /letter of the granddaughter, 2021/);
    await context.close();
    assert.ok(await visitorFinds('Новоприбывшева Ольга') > 0, 'the search finds the new person');
  });

  it("a volunteer's new person waits until an editor accepts it", async (t) => {
    if (!browser) return t.skip(skipReason);
    const vol = await signedIn('volunteer');
    await vol.page.goto(`${server.url}/persons/new?lang=en`);
    assert.equal(await vol.page.locator('select[name=visibility]').count(), 0);
    await vol.page.fill('input[name=surname]', 'Предложенцев');
    await vol.page.fill('input[name=given]', 'Игнат');
    await vol.page.fill('input[name=citation]', 'Book of Memory, vol. 7, p. 40');
    await clickAndLoad(vol.page, vol.page.locator('form.edit button[type=submit]'));
    assert.match(await vol.page.locator('main').innerText(), /proposal has been sent/);
    await shot(vol.page, 'new-person-proposed.png');
    await vol.context.close();
    assert.equal(await visitorFinds('Предложенцев Игнат'), 0, 'not found before it is accepted');

    const ed = await signedIn('editor');
    await ed.page.goto(`${server.url}/moderation?lang=en`);
    const item = ed.page.locator('.queue-item', { hasText: 'Предложенцев' });
    assert.equal(await item.count(), 1);
    await shot(ed.page, 'new-person-moderation.png');
    await clickAndLoad(ed.page, item.locator('button[value=accept]'));
    await ed.context.close();
    assert.ok(await visitorFinds('Предложенцев Игнат') > 0, 'found once accepted');
  });
});
