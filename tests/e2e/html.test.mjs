// HTML checks of every kind of page the website serves, in every language:
//   - valid HTML under html-validate's recommended rules (offline: the rules
//     and element metadata ship in the npm package; nothing is fetched);
//   - every form field has a label;
//   - nothing points to another host (no absolute or protocol-relative URL
//     in src, href, action, ...; no url() to another host in CSS).
// Also: the JSON API answers the same routes with JSON, and the security
// headers are on every page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { HtmlValidate } from 'html-validate';

import { pickReading, pickSearchPerson, readRows } from './lib/corpus.mjs';
import { makeArchive, startServer } from './lib/harness.mjs';

const kLangs = ['ru', 'uk', 'en'];

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    // Not in "recommended" in every version: required here explicitly.
    'input-missing-label': 'error',
    // The pages are generated from mustache templates whose sections leave
    // blank lines; formatting is not validity.
    'no-trailing-whitespace': 'off',
  },
});

// Known template failures the lead has been told about. Each entry turns the
// matching message into a reported TODO instead of a failure; remove the
// entry when the template is fixed. (Empty: nothing is excused.)
const kKnownFailures = [
  // { ruleId: 'rule-name', path: /regex on the page path/, todo: 'what and why' },
];

let archive;
let server;
let pages;  // [{ path, status }] with path relative to the site root

async function get(path, lang) {
  const sep = path.includes('?') ? '&' : '?';
  const url = `${server.url}${path}${lang ? `${sep}lang=${lang}` : ''}`;
  const response = await fetch(url, { redirect: 'manual' });
  return { url, response, body: await response.text() };
}

// Attributes that hold URLs the browser would load or navigate to.
const kUrlAttributes = ['src', 'href', 'action', 'formaction', 'srcset', 'poster', 'data',
  'cite', 'background', 'longdesc', 'manifest', 'ping', 'xlink:href'];

function decodeEntities(s) {
  return s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

function* tags(html, names) {
  const re = new RegExp(`<(${names})\\b([^>]*)>`, 'gi');
  for (let m; (m = re.exec(html));) yield { name: m[1].toLowerCase(), attrs: attributes(m[2]), index: m.index };
}

function attributes(text) {
  const attrs = {};
  const re = /([^\s=/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
  for (let m; (m = re.exec(text));) {
    attrs[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

// Any scheme ("https:", "javascript:", "data:") or "//host" leaves the site.
const isExternal = (url) => /^\s*(?:[a-z][a-z0-9+.-]*:|\/\/|\\\\)/i.test(url);

function externalUrls(html) {
  const found = [];
  for (const tag of tags(html, '[a-z][a-z0-9-]*')) {
    for (const [name, value] of Object.entries(tag.attrs)) {
      if (!kUrlAttributes.includes(name)) continue;
      const urls = name === 'srcset' ? value.split(',').map((s) => s.trim().split(/\s+/)[0]) : [value];
      // A link the reader may follow to a source's own site (a record's URL
      // field, Open List) loads nothing: http(s), rel="noopener noreferrer".
      const outLink = tag.name === 'a' && name === 'href' && /^https?:\/\/[^\s"'<>]+$/.test(value) &&
        /\bnoopener\b/.test(tag.attrs.rel || '') && /\bnoreferrer\b/.test(tag.attrs.rel || '');
      for (const url of urls) if (isExternal(url) && !outLink) found.push(`<${tag.name} ${name}="${url}">`);
    }
    if (tag.name === 'meta' && /refresh/i.test(tag.attrs['http-equiv'] || '')) {
      found.push(`<meta http-equiv="refresh" content="${tag.attrs.content}">`);
    }
    const style = tag.attrs.style || '';
    for (const m of style.matchAll(/url\(\s*['"]?([^'")]+)/gi)) {
      if (isExternal(m[1])) found.push(`<${tag.name} style="…url(${m[1]})…">`);
    }
  }
  for (const m of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) found.push(...cssExternal(m[1]));
  if (/<script\b/i.test(html)) found.push('<script> (the site has no JavaScript)');
  return found;
}

function cssExternal(css) {
  const found = [];
  for (const m of css.matchAll(/url\(\s*['"]?([^'")]+)/gi)) if (isExternal(m[1]) && !/^data:/i.test(m[1])) found.push(`url(${m[1]})`);
  for (const m of css.matchAll(/@import\s+(?:url\()?\s*['"]?([^'");]+)/gi)) found.push(`@import ${m[1]}`);
  return found;
}

// Form fields without a label: <label for=id>, a wrapping <label>,
// aria-label or aria-labelledby.
function unlabelledFields(html) {
  const labelled = new Set([...tags(html, 'label')].map((t) => t.attrs.for).filter(Boolean));
  const missing = [];
  for (const field of tags(html, 'input|select|textarea')) {
    const type = (field.attrs.type || 'text').toLowerCase();
    if (field.name === 'input' && ['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
    if (field.attrs['aria-label'] || field.attrs['aria-labelledby']) continue;
    if (field.attrs.id && labelled.has(field.attrs.id)) continue;
    const before = html.slice(0, field.index);
    if (before.lastIndexOf('<label') > before.lastIndexOf('</label>')) continue;
    missing.push(`<${field.name}${field.attrs.id ? ` id="${field.attrs.id}"` : ''} name="${field.attrs.name || ''}">`);
  }
  return missing;
}

function known(path, message) {
  return kKnownFailures.find((k) => k.ruleId === message.ruleId && (!k.path || k.path.test(path)));
}

describe('HTML of every page', () => {
  before(async () => {
    archive = makeArchive({ rows: 3000, seed: 1938 });
    const rows = readRows(archive.tsv);
    const { query } = pickSearchPerson(rows);
    const { place } = pickReading(rows);
    server = await startServer(archive.archive, { extraArgs: ['--access-log', 'off'] })
      .catch(() => startServer(archive.archive));  // a binary without --access-log
    const hits = await (await fetch(`${server.url}/api/v1/search?q=${encodeURIComponent(query)}`)).json();
    const personId = (hits.hits || hits.results)[0].person_id;
    const sources = await (await fetch(`${server.url}/api/v1/sources`)).json();
    const sourceId = JSON.stringify(sources).match(/"(?:source_id|id)":\s*(\d+)/)?.[1] ?? '1';
    const q = encodeURIComponent;
    pages = [
      { path: '/', status: 200 },
      { path: '/search', status: 200 },
      { path: `/search?q=${q(query)}`, status: 200 },
      { path: `/search?q=${q(query.split(' ')[0])}&born=1870..1920&place=${q(place)}&event=execution&from=1937&to=1938-12-31`, status: 200 },
      { path: `/search?q=${q('Иванов')}&page=2`, status: 200 },
      { path: `/search?q=${q('Zzzzqqxx')}`, status: 200 },
      { path: `/person/${personId}`, status: 200 },
      { path: '/browse', status: 200 },
      { path: `/browse/letter/${q('П')}`, status: 200 },
      { path: `/browse/place?q=${q(place)}`, status: 200 },
      { path: '/browse/date?type=execution&year=1938', status: 200 },
      { path: '/sources', status: 200 },
      { path: `/sources/${sourceId}`, status: 200 },
      { path: '/reading', status: 200 },
      { path: `/reading?place=${q(place)}&from=1937-08-05&to=1938-11-17&order=date`, status: 200 },
      { path: `/reading?place=${q(place)}&order=surname`, status: 200 },
      { path: '/address', status: 200 },
      { path: `/address?q=${q(archive.places ? 'улица Кирова' : 'Кирова')}`, status: 200 },
      { path: '/no/such/page', status: 404 },
      { path: '/person/999999999', status: 404 },
      { path: '/person/abc', status: 400 },
      { path: '/browse/date?type=execution&year=abc', status: 400 },
    ];
  });

  after(async () => {
    const result = await server?.stop();
    archive?.remove();
    assert.equal(result?.code, 0, 'memoria serve did not exit 0 on SIGTERM');
  });

  // node:test needs the subtests declared up front; the paths are only known
  // after before(), so one test per language runs every page as a subtest.
  for (const lang of kLangs) {
    it(`every page kind in "${lang}"`, async (t) => {
      for (const page of pages) {
        await t.test(`${page.path} [${lang}]`, async (st) => {
          const { url, response, body } = await get(page.path, lang);
          assert.equal(response.status, page.status, `${url}: status`);
          assert.match(response.headers.get('content-type') || '', /^text\/html;\s*charset=utf-8$/i);
          for (const h of ['content-security-policy', 'x-content-type-options', 'referrer-policy']) {
            assert.ok(response.headers.get(h), `${url}: no ${h} header`);
          }
          assert.match(body, new RegExp(`<html[^>]*\\blang="${lang}"`), `${url}: <html lang="${lang}">`);

          const problems = [];
          const todos = [];
          const report = await validator.validateString(body, url);
          for (const m of report.results.flatMap((r) => r.messages)) {
            const line = `${m.ruleId} (line ${m.line}:${m.column}, ${m.selector || '-'}): ${m.message}`;
            const k = known(page.path, m);
            if (k) todos.push(`${m.ruleId} ${m.selector || ''}`.trim());
            else problems.push(line);
          }
          for (const f of unlabelledFields(body)) problems.push(`field without a label: ${f}`);
          for (const e of externalUrls(body)) problems.push(`external URL: ${e}`);
          assert.deepEqual(problems, [], `${url}:\n  ${problems.join('\n  ')}`);
          if (todos.length > 0) st.todo(`known failures (see kKnownFailures): ${todos.join(', ')}`);
        });
      }
    });
  }

  it('English pages show Latin names; the citation is absolute and dated', async () => {
    const person = pages.find((p) => p.path.startsWith('/person/') && p.status === 200).path;
    const { body } = await get(person, 'en');
    assert.match(body, /<h1>[^<]+ <span class="latin" lang="en">\([A-Za-z' -]+\)<\/span><\/h1>/);
    assert.match(body, new RegExp(`${server.url}${person} \\(accessed \\d{4}-\\d{2}-\\d{2}\\)`));
    const ru = await get(person, 'ru');
    assert.doesNotMatch(ru.body, /class="latin"/);
  });

  it('lists link their next page by key, and unknown parameters reach no link', async () => {
    const letter = await get(`/browse/letter/${encodeURIComponent('П')}?utm_source=x`, 'en');
    assert.match(letter.body, /rel="next" href="[^"]*after=\d+&amp;page=2/);
    assert.doesNotMatch(letter.body, /utm_source/);
  });

  it('robots.txt and favicon.ico answer, with a long cache', async () => {
    const robots = await get('/robots.txt');
    assert.equal(robots.response.status, 200);
    assert.match(robots.body, /^User-agent: \*$/m);
    assert.doesNotMatch(robots.body, /https?:\/\//, "robots.txt names no other host");
    const icon = await get('/favicon.ico');
    assert.equal(icon.response.status, 200);
    assert.match(icon.response.headers.get('content-type') || '', /^image\/x-icon/);
    assert.match(icon.response.headers.get('cache-control') || '', /max-age=\d+/);
  });

  it('the stylesheet loads nothing from other hosts', async () => {
    const { response, body } = await get('/static/style.css');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') || '', /^text\/css/);
    assert.deepEqual(cssExternal(body), []);
  });

  it('the JSON API answers every page kind with JSON', async () => {
    const failures = [];
    for (const page of pages) {
      for (const lang of kLangs) {
        const { url, response, body } = await get(`/api/v1${page.path === '/' ? '' : page.path}`, lang);
        if (response.status !== page.status) failures.push(`${url}: status ${response.status}, want ${page.status}`);
        if (!/^application\/json/i.test(response.headers.get('content-type') || '')) {
          failures.push(`${url}: content-type ${response.headers.get('content-type')}`);
        }
        try { JSON.parse(body); } catch (e) { failures.push(`${url}: not JSON (${e.message})`); }
      }
    }
    const openapi = await get('/api/v1/openapi.json');
    assert.equal(openapi.response.status, 200);
    assert.ok(JSON.parse(openapi.body).openapi, 'openapi.json has no "openapi" version');
    const geo = await get(`/api/v1/address.geojson?q=${encodeURIComponent('Кирова')}`);
    if (geo.response.status !== 200) failures.push(`address.geojson: status ${geo.response.status}`);
    else if (JSON.parse(geo.body).type !== 'FeatureCollection') failures.push('address.geojson: not a FeatureCollection');
    const jsonl = await get('/api/v1/export.jsonl');
    const lines = jsonl.body.split('\n').filter(Boolean);
    if (lines.length !== 3000) failures.push(`export.jsonl: ${lines.length} lines, want 3000 persons`);
    for (const l of lines) { try { JSON.parse(l); } catch { failures.push('export.jsonl: a line is not JSON'); break; } }
    // One vocabulary (docs/formats/json.md): the export and the API name a
    // record's fields alike.
    if (lines.length > 0) {
      const exported = JSON.parse(lines[0]);
      const api = JSON.parse((await get(`/api/v1/person/${exported.person_id}`)).body);
      for (const key of ['record_id', 'source_id', 'source_key', 'file_name', 'line', 'content_sha256']) {
        if (!(key in exported.records[0])) failures.push(`export.jsonl: a record has no "${key}"`);
        if (!(key in api.records[0])) failures.push(`/api/v1/person: a record has no "${key}"`);
      }
      if (exported.records[0].line !== api.records[0].line) failures.push('export and API disagree on "line"');
    }
    // Every public fact in the CSV, and a byte order mark for spreadsheets on request.
    const bom = await fetch(`${server.url}/api/v1/export.csv?bom=1`);
    const bomBytes = new Uint8Array(await bom.arrayBuffer());
    if (bomBytes[0] !== 0xEF || bomBytes[1] !== 0xBB || bomBytes[2] !== 0xBF) failures.push('export.csv?bom=1: no BOM');
    const csv = await get('/api/v1/export.csv');
    const header = csv.body.slice(0, csv.body.indexOf('\n')).split(',');
    for (const column of ['names', 'arrest_date', 'execution_place', 'sentence_article', 'occupation', 'other_attributes']) {
      if (!header.includes(column)) failures.push(`export.csv: no column "${column}"`);
    }
    if (csv.body.charCodeAt(0) === 0xFEFF) failures.push('export.csv: a BOM without ?bom=1');
    if (csv.response.status !== 200 || !/^text\/csv/i.test(csv.response.headers.get('content-type') || '')) {
      failures.push(`export.csv: ${csv.response.status} ${csv.response.headers.get('content-type')}`);
    }
    assert.deepEqual(failures, []);
  });
});
