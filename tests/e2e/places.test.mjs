// Places in chromium: an archive of a few invented persons whose biographies
// write Moscow the four ways the "Shot in Moscow" lists do ("г. Москва",
// "г. Москвы", "г. МОсквы", "в Москве"), two historic units, and houses of
// one street numbered 4, 4а, 20, 109а. The place browsing shows one Moscow;
// the place page of any form shows the same unit with every form; a street's
// houses come in number order on its place page and on Last Address.
//
// Without a launchable chromium the tests skip with a message, except under
// CI=true, where they fail.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { chromium } from 'playwright-core';

import { ensureArtifactsDir, inCI, memoriaBin, startServer } from './lib/harness.mjs';

const kChromium = process.env.CHROMIUM || '/usr/bin/chromium';
const kLaunchArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];

// Invented persons, in the columns of the mos-memo profile.
const kPersons = [
  ['Авиамоторная ул., д.20', 'Орлов Иван Петрович', 'г. Москва', 'Авиамоторная ул., д.20, кв. 1'],
  ['Авиамоторная ул., д.4а', 'Соколов Пётр Ильич', 'г. Москвы', 'Авиамоторная ул., д.4а, кв. 2'],
  ['Авиамоторная ул., д.109а', 'Зайцев Семён Ильич', 'в Москве', 'Авиамоторная ул., д.109а'],
  ['Авиамоторная ул., д.4', 'Волков Олег Фомич', 'г. МОсквы', 'Авиамоторная ул., д.4, корп. 2'],
  ['Бауманская ул., д.7', 'Крон Карл Янович', 'Лифляндская губ., Валкский уезд', 'Бауманская ул., д.7'],
  ['Бауманская ул., д.9', 'Лиепа Ян Янович', 'Латвия, Лифляндская губ., Валкский уезд', 'Бауманская ул., д.9'],
];

function csvField(s) {
  return `"${s.replace(/"/g, '""')}"`;
}

function makePlacesArchive() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memoria-places-e2e-'));
  const file = path.join(dir, 'mos_places.csv');
  const lines = ['ADDRESS,APT,NAME,BIO,COUNT,LINK'];
  kPersons.forEach(([building, name, born, address], i) => {
    const bio = `род. 1900, ${born}, русский, б/п, рабочий. Адрес: ${address}. ` +
      `Рассстрелян 1${i}.05.1938. Место захоронения: Бутово.`;
    lines.push([csvField(building), '1', csvField(name), csvField(bio), '1',
      `http://example.org/${i}`].join(','));
  });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  const archive = path.join(dir, 'archive');
  for (const args of [['init', archive], ['import', archive, '--profile', 'mos-memo', '--quiet',
    file]]) {
    const r = spawnSync(memoriaBin, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`memoria ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  }
  return { archive, remove() { fs.rmSync(dir, { recursive: true, force: true }); } };
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(ensureArtifactsDir(), `${name}.png`), fullPage: true });
}

let made;
let server;
let browser;
let skipReason = '';

describe('places in chromium', () => {
  before(async () => {
    made = makePlacesArchive();
    server = await startServer(made.archive);
    try {
      browser = await chromium.launch({ executablePath: kChromium, args: kLaunchArgs });
    } catch (e) {
      if (inCI) throw new Error(`cannot launch ${kChromium} (CI=true): ${e.message}`);
      skipReason = `chromium cannot be launched (${kChromium}): ${e.message.split('\n')[0]}`;
      console.log(`# skipping place browser tests: ${skipReason}`);
    }
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
    if (made) made.remove();
  });

  it('lists one Moscow among the places, with no street beside the provinces', async (t) => {
    if (!browser) return t.skip(skipReason);
    const page = await browser.newPage();
    await page.goto(`${server.url}/browse?lang=ru`);
    const items = await page.locator('ul.places li').allTextContents();
    const moscows = items.filter((s) => /москв/i.test(s));
    assert.deepEqual(moscows.map((s) => s.replace(/\s+/g, ' ').trim()), ['г. Москва (6)'],
      `places: ${items.join(' | ')}`);
    // Streets are Last Address's, not places of this list.
    assert.ok(!items.some((s) => /ул\./.test(s)), `a street among the places: ${items.join(' | ')}`);
    // The Valka uyezd is one unit, written with and without its country.
    const valka = items.filter((s) => /Валкский/.test(s));
    assert.equal(valka.length, 1, `places: ${items.join(' | ')}`);
    assert.match(valka[0], /Латвия, Лифляндская губ\./);
    await shot(page, 'places-browse');
    await page.close();
  });

  it('shows every written form of Moscow on the page of any of them', async (t) => {
    if (!browser) return t.skip(skipReason);
    const page = await browser.newPage();
    for (const q of ['в Москве', 'г. МОсквы']) {
      await page.goto(`${server.url}/browse/place?lang=ru&q=${encodeURIComponent(q)}`);
      const unit = page.locator('section.place-unit');
      assert.equal(await unit.count(), 1);
      assert.match(await unit.locator('h2').textContent(), /^г\. Москва \(город\)$/);
      const forms = await unit.locator('.written .form').allTextContents();
      for (const f of ['г. Москва', 'г. Москвы', 'г. МОсквы', 'Москве']) {
        assert.ok(forms.includes(f), `form ${f} missing from ${forms.join(', ')}`);
      }
      // Everyone born or shot in Moscow: all six.
      assert.equal(await page.locator('ol.persons > li, ul.persons > li').count(), 6);
    }
    await shot(page, 'places-moscow');
    await page.close();
  });

  it('lists the houses of a street in number order', async (t) => {
    if (!browser) return t.skip(skipReason);
    const page = await browser.newPage();
    await page.goto(`${server.url}/browse/place?lang=ru&q=${encodeURIComponent('Авиамоторная ул.')}`);
    const houses = await page.locator('section.place-unit ul.places li a').allTextContents();
    assert.deepEqual(houses, ['д. 4', 'д. 4а', 'д. 20', 'д. 109а']);
    await shot(page, 'places-street');
    await page.goto(`${server.url}/address?lang=ru&q=${encodeURIComponent('Авиамоторная')}`);
    const buildings = await page.locator('section.building h2').allTextContents();
    assert.equal(buildings.length, 4, buildings.join(' | '));
    const numbers = buildings.map((b) => b.replace(/^.*,\s*/, ''));
    assert.deepEqual(numbers, ['4', '4а', '20', '109а']);
    await shot(page, 'places-address');
    await page.close();
  });
});
