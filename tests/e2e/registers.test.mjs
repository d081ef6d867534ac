// Browser and HTML tests of the registers of persecution: a generated
// register history (memoria generate --register-history) imported into a
// small archive, served; the register, entry and changes pages in chromium
// in every language (valid HTML, no script needed, the figures the JSON API
// gives), and the Atom feed parsed by a real XML parser (chromium's
// DOMParser) and checked against the Atom rules (RFC 4287: the feed's and
// every entry's id, title and updated; RFC 3339 dates; unique ids).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { HtmlValidate } from 'html-validate';
import { chromium } from 'playwright-core';

import {
  catalog, ensureArtifactsDir, inCI, makeArchive, memoriaBin, startServer,
} from './lib/harness.mjs';

const kChromium = process.env.CHROMIUM || '/usr/bin/chromium';
const kLaunchArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const kKey = 'demo-register';
const kLangs = ['ru', 'uk', 'en'];

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: { 'input-missing-label': 'error', 'no-trailing-whitespace': 'off' },
});

let archive;
let server;
let browser;
let skipReason = '';

function mustRun(args) {
  const r = spawnSync(memoriaBin, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`memoria ${args.join(' ')}: ${r.status}\n${r.stderr}`);
  return r.stdout;
}

async function api(p) {
  const r = await fetch(`${server.url}/api/v1${p}`);
  assert.equal(r.status, 200, p);
  return r.json();
}

async function validate(p, lang) {
  const url = `${server.url}${p}${p.includes('?') ? '&' : '?'}lang=${lang}`;
  const r = await fetch(url);
  assert.equal(r.status, 200, url);
  const body = await r.text();
  const report = await validator.validateString(body, url);
  const messages = report.results.flatMap((x) => x.messages)
    .map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`);
  assert.deepEqual(messages, [], `${url} is not valid HTML`);
  return body;
}

describe('registers of persecution', () => {
  before(async () => {
    archive = makeArchive({ rows: 500, seed: 7 });
    const snapshots = path.join(archive.dir, 'register');
    mustRun(['generate', '--register-history', snapshots, '--entries', '300', '--snapshots', '12',
      '--seed', '5']);
    const files = fs.readdirSync(snapshots).map((f) => path.join(snapshots, f)).sort();
    mustRun(['register', 'import', archive.archive, '--register', kKey, ...files]);
    server = await startServer(archive.archive);
    try {
      browser = await chromium.launch({ executablePath: kChromium, args: kLaunchArgs });
    } catch (e) {
      if (inCI) throw new Error(`cannot launch ${kChromium} (CI=true): ${e.message}`);
      skipReason = `chromium cannot be launched: ${e.message.split('\n')[0]}`;
    }
  });
  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
    if (archive) archive.remove();
  });

  it('the command line and the API agree on the register', async () => {
    const list = JSON.parse(mustRun(['register', 'list', archive.archive, '--register', kKey,
      '--json']));
    assert.equal(list.total, 300);
    const model = await api(`/registers/${kKey}`);
    assert.equal(model.total, list.total);
    assert.equal(model.snapshot, list.snapshot);
    assert.equal(model.register.snapshots, 12);
  });

  for (const lang of kLangs) {
    it(`register, entry and changes pages are valid HTML (${lang})`, async () => {
      await validate('/registers', lang);
      await validate(`/registers/${kKey}`, lang);
      await validate(`/registers/${kKey}?kind=person&page=2`, lang);
      await validate(`/registers/${kKey}/changes`, lang);
      await validate(`/registers/${kKey}/1`, lang);
    });
  }

  it('the register page lists the entries, filters them and draws its charts', async (t) => {
    if (!browser) return t.skip(skipReason);
    const ru = catalog('ru');
    for (const javaScriptEnabled of [false, true]) {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${server.url}/registers?lang=ru`);
      await page.click(`a[href^="/registers/${kKey}"]`);
      assert.match(page.url(), new RegExp(`/registers/${kKey}`));
      const rows = await page.locator('table.register tbody tr').count();
      assert.equal(rows, 100);  // a page of entries
      assert.equal(await page.locator('svg.chart').count(), 2);
      await page.selectOption('#reg-kind', 'organisation');
      await page.click('form.search button[type=submit]');
      const model = await api(`/registers/${kKey}?kind=organisation`);
      const heading = await page.locator('h2').first().innerText();
      assert.equal(heading, `${ru.reg_entries}: ${model.total}`);
      for (const kind of await page.locator('table.register tbody td:nth-child(3)').allInnerTexts()) {
        assert.equal(kind, ru.reg_kind_organisation);
      }
      if (!javaScriptEnabled) {
        await page.screenshot({ path: path.join(ensureArtifactsDir(), 'register.png'), fullPage: true });
      }
      await context.close();
    }
  });

  it('an entry page shows its timeline, each event citing its snapshot', async (t) => {
    if (!browser) return t.skip(skipReason);
    // An entry that changed: from the changes between the first and last snapshots.
    const snapshots = (await api(`/registers/${kKey}/changes`)).snapshots.map((s) => s.as_of);
    const oldest = snapshots[snapshots.length - 1];
    const newest = snapshots[0];
    const diff = (await api(`/registers/${kKey}/changes?from=${oldest}&to=${newest}`)).diff;
    assert.ok(diff.included.length > 0 && diff.excluded.length + diff.changed.length > 0);
    const number = (diff.excluded[0] ?? diff.changed[0]).number;
    const history = await api(`/registers/${kKey}/${number}`);
    const page = await browser.newPage();
    await page.goto(`${server.url}/registers/${kKey}/${number}?lang=en`);
    const items = page.locator('ol.timeline li');
    assert.equal(await items.count(), history.timeline.length);
    assert.ok(history.timeline.length >= 2);
    for (const [i, event] of history.timeline.entries()) {
      const text = await items.nth(i).innerText();
      assert.ok(text.includes(event.file), `event ${i} cites ${event.file}`);
      assert.ok(text.includes(event.sha256));
    }
    if (history.person_url) {
      // The page keeps its language in its links.
      const url = history.person_url;
      await page.click(`a[href="${url}"], a[href="${url}?lang=en"]`);
      const en = catalog('en');
      assert.ok((await page.locator('section.registers h2').innerText()).includes(en.reg_person_heading));
    }
    await page.screenshot({ path: path.join(ensureArtifactsDir(), 'register-entry.png'), fullPage: true });
    await page.close();
  });

  it('the changes page compares two snapshots chosen in its form', async (t) => {
    if (!browser) return t.skip(skipReason);
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.goto(`${server.url}/registers/${kKey}/changes?lang=uk`);
    const options = await page.locator('#chg-from option').allInnerTexts();
    const from = options[options.length - 1];
    await page.selectOption('#chg-from', from);
    await page.click('form.search button[type=submit]');
    assert.match(page.url(), new RegExp(`from=${from}`));
    const model = await api(`/registers/${kKey}/changes?from=${from}&to=${options[0]}`);
    const uk = catalog('uk');
    const heading = await page.locator('#chg-included').innerText();
    assert.equal(heading, `${uk.reg_included_list}: ${model.count.included}`);
    assert.equal(await page.locator('#chg-included + ul li').count(), model.count.included);
    await page.close();
  });

  it('the Atom feed parses as XML and follows the Atom rules', async (t) => {
    if (!browser) return t.skip(skipReason);
    const r = await fetch(`${server.url}/registers/${kKey}/feed.atom`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/atom\+xml/);
    const xml = await r.text();
    const page = await browser.newPage();
    const result = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      if (doc.getElementsByTagName('parsererror').length > 0) {
        return { error: doc.getElementsByTagName('parsererror')[0].textContent };
      }
      const ns = 'http://www.w3.org/2005/Atom';
      const feed = doc.documentElement;
      const child = (el, name) => Array.from(el.children)
        .filter((c) => c.namespaceURI === ns && c.localName === name);
      return {
        root: feed.localName,
        ns: feed.namespaceURI,
        feed: ['id', 'title', 'updated'].map((n) => child(feed, n).length),
        self: child(feed, 'link').filter((l) => l.getAttribute('rel') === 'self').length,
        entries: child(feed, 'entry').map((e) => ({
          counts: ['id', 'title', 'updated'].map((n) => child(e, n).length),
          id: child(e, 'id')[0]?.textContent,
          updated: child(e, 'updated')[0]?.textContent,
          link: child(e, 'link')[0]?.getAttribute('href'),
        })),
        updated: child(feed, 'updated')[0].textContent,
      };
    }, xml);
    await page.close();
    assert.equal(result.error, undefined, `the feed is not well-formed XML: ${result.error}`);
    assert.equal(result.root, 'feed');
    assert.equal(result.ns, 'http://www.w3.org/2005/Atom');
    assert.deepEqual(result.feed, [1, 1, 1]);
    assert.equal(result.self, 1);
    assert.ok(result.entries.length > 0);
    const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
    assert.match(result.updated, rfc3339);
    const ids = new Set();
    for (const e of result.entries) {
      assert.deepEqual(e.counts, [1, 1, 1]);
      assert.match(e.updated, rfc3339);
      assert.ok(!ids.has(e.id), `duplicate entry id ${e.id}`);
      ids.add(e.id);
      // Each entry's link leads to a page that exists.
      const target = new URL(e.link).pathname;
      assert.equal((await fetch(`${server.url}${target}`)).status, 200, target);
    }
    // One entry per change, newest first, as many as the API's events (at most 200).
    const csv = await (await fetch(`${server.url}/registers/${kKey}/changes.csv`)).text();
    const events = csv.trim().split('\r\n').length - 1;
    assert.equal(result.entries.length, Math.min(events, 200));
  });

  it('the exports hold the register as of a day', async () => {
    const model = await api(`/registers/${kKey}`);
    const csv = await (await fetch(`${server.url}/registers/${kKey}/export.csv`)).text();
    assert.equal(csv.trim().split('\r\n').length - 1, model.total);
    const jsonl = await (await fetch(`${server.url}/registers/${kKey}/export.jsonl`)).text();
    const lines = jsonl.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, model.total);
    assert.ok(lines.every((l) => l.snapshot === model.snapshot));
    const svg = await fetch(`${server.url}/registers/${kKey}/flow.svg`);
    assert.match(svg.headers.get('content-type'), /^image\/svg\+xml/);
    assert.match(await svg.text(), /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });
});
