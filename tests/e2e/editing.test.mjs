// Editing with citations in a browser (Debian's chromium, JavaScript off),
// against `memoria serve` on a generated archive with accounts made by
// `memoria user add`: an editor corrects a name with a citation and sees the
// new value, its history, and the public search finding it; a volunteer's
// proposal waits until an editor accepts it; an undo restores the old
// value; a visitor's correction lands in the moderation queue and is not
// published. Screenshots go to the artifacts folder.
//
// Without a launchable chromium the browser tests skip with a message,
// except under CI=true, where they fail.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  clickAndLoad, memoria, openSite, shot, signedIn as signIn, valid,
} from './lib/browser.mjs';

let site;
let archive;
let server;
let browser;
let skipReason = '';

const signedIn = (name) => signIn(browser, server.url, name);

function person(id) {
  const p = JSON.parse(memoria(['show', archive.archive, String(id), '--json']));
  const main = p.names.find((n) => n.kind === 'main') || p.names[0];
  return { id, surname: main.surname, given: main.given, patronymic: main.patronymic || '' };
}

// The public person page (a visitor's, read through the page cache),
// waiting for a committed change to be seen.
async function publicPageMatches(page, id, re) {
  let text = '';
  for (let i = 0; i < 50; i += 1) {
    await page.goto(`${server.url}/person/${id}?lang=en`);
    text = await page.locator('main').innerText();
    if (re.test(text)) return true;
    await new Promise((res) => { setTimeout(res, 100); });
  }
  return false;
}

describe('editing', () => {
  before(async () => {
    site = await openSite({
      rows: 300, accounts: [['editor', 'editor'], ['volunteer', 'volunteer']],
    });
    ({ archive, server, browser, skipReason } = site);
  });

  after(async () => {
    await site?.close();
  });

  it('an editor corrects a name with a citation; the page, its history and search show it; undo restores it', async (t) => {
    if (!browser) return t.skip(skipReason);
    const p = person(1);
    const corrected = `${p.surname}ская`;
    const { context, page } = await signedIn('editor');
    let r = await page.goto(`${server.url}/person/${p.id}?lang=en`);
    assert.equal(r.status(), 200);
    await clickAndLoad(page, page.locator('.person-actions a', { hasText: 'Edit' }));
    assert.equal(new URL(page.url()).pathname, `/person/${p.id}/edit`);
    await valid(page, 'edit');
    const fact = page.locator('details[id^="name-"]').first();
    await fact.locator('summary').click();
    const form = fact.locator('form');
    await form.locator('input[name=surname]').fill(corrected);
    await form.locator('input[name=citation]').fill('letter of the daughter, 2019');
    await form.locator('input[name=reason]').fill('the list misspells the surname');
    await shot(page, 'editing-form.png');
    await clickAndLoad(page, form.locator('button[value=correct]'));
    assert.equal(new URL(page.url()).pathname, `/person/${p.id}`);
    assert.match(await page.locator('h1').innerText(), new RegExp(corrected));
    await shot(page, 'editing-person-corrected.png');

    await page.goto(`${server.url}/person/${p.id}/history?lang=en`);
    await valid(page, 'history');
    const history = await page.locator('main').innerText();
    assert.match(history, /letter of the daughter, 2019/);
    assert.match(history, /the list misspells the surname/);
    assert.equal(await page.locator('del', { hasText: p.surname }).count(), 1, 'the old value, struck out');
    await shot(page, 'editing-history.png');

    // A visitor sees the new value, and the public search finds it.
    const visitor = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
    const vp = await visitor.newPage();
    assert.ok(await publicPageMatches(vp, p.id, new RegExp(corrected)), 'the public page');
    let found = 0;
    for (let i = 0; i < 50 && found === 0; i += 1) {
      await vp.goto(`${server.url}/search?exact=1&q=${encodeURIComponent(`${corrected} ${p.given}`)}`);
      found = await vp.locator(`a[href="/person/${p.id}"]`).count();
      if (found === 0) await new Promise((res) => { setTimeout(res, 100); });
    }
    assert.ok(found > 0, 'the corrected name is found by the search');

    // Undo, from the history page.
    await page.goto(`${server.url}/person/${p.id}/history?lang=en`);
    const undo = page.locator('form.inline-form').first();
    await undo.locator('input[name=reason]').fill('wrong person');
    await clickAndLoad(page, undo.locator('button'));
    assert.equal(new URL(page.url()).pathname, `/person/${p.id}/history`);
    assert.match(await page.locator('main').innerText(), /wrong person/);
    await shot(page, 'editing-history-undone.png');
    assert.ok(await publicPageMatches(vp, p.id, new RegExp(`^${p.surname} `, 'm')), 'the old name is back');
    assert.doesNotMatch(await vp.locator('h1').innerText(), new RegExp(corrected));
    await visitor.close();
    await context.close();
  });

  it("a volunteer's proposal waits until an editor accepts it", async (t) => {
    if (!browser) return t.skip(skipReason);
    const p = person(2);
    const proposed = `${p.surname}-Новикова`;
    const vol = await signedIn('volunteer');
    await vol.page.goto(`${server.url}/person/${p.id}/edit?lang=en`);
    const fact = vol.page.locator('details[id^="name-"]').first();
    await fact.locator('summary').click();
    const form = fact.locator('form');
    await form.locator('input[name=surname]').fill(proposed);
    await form.locator('input[name=citation]').fill('Book of Memory, vol. 3, p. 12');
    await clickAndLoad(vol.page, form.locator('button[value=correct]'));
    assert.match(await vol.page.locator('main').innerText(), /proposal has been sent/);
    await shot(vol.page, 'editing-proposed.png');

    const visitor = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
    const vp = await visitor.newPage();
    await vp.goto(`${server.url}/person/${p.id}?lang=en`);
    assert.doesNotMatch(await vp.locator('main').innerText(), new RegExp(proposed), 'not shown yet');

    const ed = await signedIn('editor');
    await ed.page.goto(`${server.url}/moderation?lang=en`);
    await valid(ed.page, 'moderation');
    const item = ed.page.locator('.queue-item', { hasText: proposed });
    assert.equal(await item.count(), 1);
    await shot(ed.page, 'editing-moderation.png');
    await clickAndLoad(ed.page, item.locator('button[value=accept]'));
    assert.ok(await publicPageMatches(vp, p.id, new RegExp(proposed)), 'shown once accepted');
    await visitor.close();
    await ed.context.close();
    await vol.context.close();
  });

  it("a visitor's correction lands in the queue and is not published", async (t) => {
    if (!browser) return t.skip(skipReason);
    const p = person(3);
    const text = 'He was arrested in March, not in May: my grandfather told us.';
    const visitor = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
    const vp = await visitor.newPage();
    await vp.goto(`${server.url}/person/${p.id}?lang=en`);
    await clickAndLoad(vp, vp.locator('.person-actions a', { hasText: 'correction' }));
    assert.equal(new URL(vp.url()).pathname, `/person/${p.id}/correct`);
    await valid(vp, 'correct');
    const trap = await vp.locator('#website').boundingBox();
    assert.ok(trap === null || trap.x + trap.width < 0, 'the honeypot is out of sight');
    await vp.fill('#body', text);
    await shot(vp, 'editing-correction-form.png');
    await clickAndLoad(vp, vp.locator('form.edit button[type=submit]'));
    assert.match(await vp.locator('main').innerText(), /nothing is published until an editor accepts it/);
    await shot(vp, 'editing-correction-sent.png');
    await vp.goto(`${server.url}/person/${p.id}?lang=en`);
    assert.doesNotMatch(await vp.locator('main').innerText(), /grandfather/);

    const ed = await signedIn('editor');
    await ed.page.goto(`${server.url}/moderation?lang=en`);
    assert.equal(await ed.page.locator('.queue-item', { hasText: 'grandfather' }).count(), 1);
    await visitor.close();
    await ed.context.close();
  });

  it('refuses an edit POST without its CSRF token or without a session', async () => {
    let r = await fetch(`${server.url}/person/1/edit`, {
      method: 'POST', redirect: 'manual',
      body: 'action=retract&fact=person&citation=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(r.status, 403);
    r = await fetch(`${server.url}/person/1/edit`, { redirect: 'manual' });
    assert.equal(r.status, 303);
    assert.match(r.headers.get('location'), /^\/login\?next=/);
  });
});
