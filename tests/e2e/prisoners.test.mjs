// Browser tests of the political-prisoners list and the publications: a
// synthetic list (memoria generate --prisoners) and Memorial's sample
// statements imported into a fresh archive, served, and driven in Debian's
// chromium with JavaScript disabled (the site has none). The Atom feeds are
// parsed by the browser's XML parser; the pages are checked by html-validate.
//
// Without a launchable chromium the tests skip with a message, except under
// CI=true, where they fail.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { HtmlValidate } from 'html-validate';
import { chromium } from 'playwright-core';

import {
  catalog, ensureArtifactsDir, inCI, makeArchive, memoriaBin, repoDir, startServer,
} from './lib/harness.mjs';

const kChromium = process.env.CHROMIUM || '/usr/bin/chromium';
const kLaunchArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const kSample = path.resolve(repoDir, '..', 'shared', 'data',
  'memorial-political-prisoners-sample', 'list_page_2021.txt');
const ru = { ...catalog('ru'), ...JSON.parse(fs.readFileSync(
  path.join(repoDir, 'locales', 'ru.prisoners.json'), 'utf8')) };

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: { 'input-missing-label': 'error', 'no-trailing-whitespace': 'off' },
});

let archive;
let server;
let browser;
let context;
let skipReason = '';
let hostileId = 0;

function mustRun(args) {
  const r = spawnSync(memoriaBin, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`memoria ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r;
}

async function api(p) {
  const response = await fetch(`${server.url}/api/v1${p}`);
  assert.equal(response.status, 200, p);
  return response.json();
}

async function open(p) {
  const page = await context.newPage();
  const response = await page.goto(`${server.url}${p}`);
  assert.equal(response.status(), 200, p);
  return page;
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(ensureArtifactsDir(), `${name}.png`), fullPage: true });
}

// Every row the API lists for a query passes its filter.
async function checkFilter(query, check) {
  const model = await api(`/prisoners?${query}`);
  assert.ok(model.total > 0, `${query}: nothing found`);
  assert.ok(model.results.length > 0);
  for (const row of model.results) assert.ok(check(row), `${query}: ${JSON.stringify(row)}`);
  return model;
}

describe('political prisoners in chromium', () => {
  before(async () => {
    archive = makeArchive({ rows: 300 });
    const csv = path.join(archive.dir, 'prisoners.csv');
    mustRun(['generate', '--prisoners', '400', '--seed', '5', '--today', '2024-12-01',
      '--out', csv]);
    mustRun(['import', archive.archive, '--profile', 'prisoners', '--quiet', csv]);
    if (fs.existsSync(kSample)) {
      mustRun(['import', archive.archive, '--profile', 'publications', '--quiet', kSample]);
    } else if (inCI) {
      throw new Error(`the sample statements are missing (${kSample}), and CI=true requires them`);
    }
    const md = path.join(archive.dir, 'hostile.md');
    fs.writeFileSync(md, 'title: Hostile <script>alert(1)</script>\nkind: news\ndate: 2024-11-30\n' +
      '---\n# Heading\n\n<script>document.title="owned"</script> [x](javascript:alert(1)) ' +
      '<img src=x onerror=alert(1)> **bold**\n');
    mustRun(['import', archive.archive, '--profile', 'publications', '--quiet', md]);
    server = await startServer(archive.archive);
    try {
      browser = await chromium.launch({ executablePath: kChromium, args: kLaunchArgs });
      context = await browser.newContext({ javaScriptEnabled: false });
    } catch (e) {
      if (inCI) throw new Error(`cannot launch ${kChromium} (CI=true): ${e.message}`);
      skipReason = `chromium cannot be launched: ${e.message.split('\n')[0]}`;
    }
    const news = await api('/news?kind=news');
    hostileId = news.publications.find((p) => p.title.startsWith('Hostile')).publication_id;
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
    if (archive) archive.remove();
  });

  it('shows the count and the rows, and filters by each filter through the form', async (t) => {
    if (skipReason) return t.skip(skipReason);
    const all = await api('/prisoners');
    const page = await open('/prisoners');
    const count = await page.locator('p.count strong').textContent();
    assert.equal(Number(count), all.total);
    assert.equal(await page.locator('table.prisoners tbody tr').count(), Math.min(100, all.total));
    await shot(page, 'prisoners-list');
    // Each filter, chosen in the form and submitted without scripts.
    const first = all.results[0];
    const choices = [
      ['select#status', 'in_custody', (r) => r.status === 'in_custody'],
      ['select#region', first.region, (r) => r.region === first.region],
      ['select#assessment', 'politically_persecuted', (r) => r.assessment === 'politically_persecuted'],
      ['select#group', first.case_group || 'антивоенное', (r) => r.case_group === (first.case_group || 'антивоенное')],
    ];
    for (const [selector, value, check] of choices) {
      const p = await open('/prisoners');
      await p.selectOption(selector, value);
      await Promise.all([p.waitForNavigation(), p.locator('form.prisoners button').click()]);
      const query = new URL(p.url()).search.slice(1);
      const model = await checkFilter(query, check);
      assert.equal(Number(await p.locator('p.count strong').textContent()), model.total, query);
      await p.close();
    }
    const article = first.articles[0];
    const p = await open('/prisoners');
    await p.fill('input#article', `ст. ${article.replace(' ч.', ' ч. ')} УК РФ`);
    await p.fill('input#year', first.detained.slice(0, 4));
    await p.selectOption('select#sort', 'sentence');
    await Promise.all([p.waitForNavigation(), p.locator('form.prisoners button').click()]);
    const query = new URL(p.url()).search.slice(1);
    const model = await checkFilter(query, (r) => r.articles.includes(article) &&
      r.detained.startsWith(first.detained.slice(0, 4)));
    for (let i = 1; i < model.results.length; ++i) {
      assert.ok((model.results[i - 1].sentence_months ?? -1) >= (model.results[i].sentence_months ?? -1));
    }
    await p.close();
    const bad = await fetch(`${server.url}/prisoners?status=jailed`);
    assert.equal(bad.status, 400);
    await page.close();
  });

  it('opens a card with the address to write to from "write a letter"', async (t) => {
    if (skipReason) return t.skip(skipReason);
    const page = await open('/prisoners?status=in_custody&lang=ru');
    const link = page.locator('a.letter').first();
    assert.equal((await link.textContent()).trim(), ru.write_letter);
    await Promise.all([page.waitForNavigation(), link.click()]);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const card = await api(`/prisoners/${id}`);
    assert.ok(card.letter, 'the card has a letter address');
    const address = await page.locator('section#letter address').textContent();
    assert.ok(address.includes(card.letter.address), address);
    assert.ok(address.includes(card.letter.facility), address);
    assert.ok(await page.locator('ol.timeline li').count() >= 2);
    assert.ok(await page.locator('article.case .article').count() >= 1);
    await shot(page, 'prisoner-card');
    await page.close();
  });

  it('serves both feeds as Atom that an XML parser reads', async (t) => {
    if (skipReason) return t.skip(skipReason);
    const page = await context.newPage();
    for (const feed of ['/prisoners/feed.atom', '/news/feed.atom']) {
      const response = await fetch(`${server.url}${feed}`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type'), /^application\/atom\+xml/);
      const xml = await response.text();
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'application/xml');
        const error = doc.getElementsByTagName('parsererror');
        const root = doc.documentElement;
        const entries = [...doc.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'entry')];
        return {
          error: error.length ? error[0].textContent : '',
          root: root.localName,
          ns: root.namespaceURI,
          updated: doc.querySelector('feed > updated')?.textContent ?? '',
          entries: entries.map((e) => ({
            id: e.getElementsByTagName('id')[0]?.textContent ?? '',
            title: e.getElementsByTagName('title')[0]?.textContent ?? '',
            updated: e.getElementsByTagName('updated')[0]?.textContent ?? '',
          })),
        };
      }, xml);
      assert.equal(parsed.error, '', `${feed}: ${parsed.error}`);
      assert.equal(parsed.root, 'feed');
      assert.equal(parsed.ns, 'http://www.w3.org/2005/Atom');
      assert.match(parsed.updated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.ok(parsed.entries.length > 0, feed);
      const ids = new Set();
      for (const e of parsed.entries) {
        assert.ok(e.id && e.title, JSON.stringify(e));
        assert.match(e.updated, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        assert.ok(!ids.has(e.id), `duplicate id ${e.id}`);
        ids.add(e.id);
      }
    }
    await page.close();
  });

  it('draws the charts on the server, without scripts', async (t) => {
    if (skipReason) return t.skip(skipReason);
    const page = await open('/prisoners/figures');
    assert.equal(await page.locator('script').count(), 0);
    const charts = page.locator('figure.chart svg');
    assert.equal(await charts.count(), 3);
    for (let i = 0; i < 3; ++i) {
      const box = await charts.nth(i).boundingBox();
      assert.ok(box && box.width > 200 && box.height > 50, `chart ${i}: ${JSON.stringify(box)}`);
    }
    assert.equal(await page.locator('svg path.recognised').count(), 1);
    assert.ok(await page.locator('svg rect.released').count() > 0);
    assert.ok(await page.locator('svg rect.bar').count() > 2);
    await shot(page, 'prisoners-figures');
    await page.close();
  });

  it('lists publications, renders Markdown and lets no HTML of the text through', async (t) => {
    if (skipReason) return t.skip(skipReason);
    const news = await open('/news');
    assert.ok(await news.locator('main article').count() >= 2);
    await news.close();
    const page = await open(`/news/${hostileId}`);
    assert.equal(await page.locator('main script').count(), 0);
    assert.equal(await page.locator('main img').count(), 0);
    assert.equal(await page.locator('a[href^="javascript"]').count(), 0);
    assert.equal(await page.locator('.publication h2').textContent(), 'Heading');
    assert.equal(await page.locator('.publication strong').textContent(), 'bold');
    assert.ok((await page.locator('.publication').textContent()).includes('<script>'));
    assert.ok((await page.locator('h1').textContent()).includes('<script>'));
    await page.close();
  });

  it('shows birthdays and the letter guide, and every page is valid HTML', async (t) => {
    if (skipReason) return t.skip(skipReason);
    const birthdays = await api('/prisoners/birthdays');
    for (const p of birthdays.prisoners) {
      assert.equal(p.status === 'released', false);
      assert.ok(p.birthday >= birthdays.today);
    }
    const card = (await api('/prisoners')).results[0];
    for (const p of ['/prisoners', '/prisoners?status=released&sort=detained', '/prisoners/figures',
      '/prisoners/birthdays', '/prisoners/letters', `/prisoners/${card.person_id}`, '/news',
      `/news/${hostileId}`, '/prisoners?lang=en', '/prisoners?lang=uk']) {
      const response = await fetch(`${server.url}${p}`);
      assert.equal(response.status, 200, p);
      const report = await validator.validateString(await response.text());
      const messages = report.results.flatMap((r) => r.messages)
        .map((m) => `${m.ruleId}: ${m.message}`);
      assert.deepEqual(messages, [], p);
    }
  });
});
