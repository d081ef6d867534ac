// The test harness of the browser and HTML checks: generates a synthetic
// archive with the memoria binary (MEMORIA_BIN), serves it on a free port of
// 127.0.0.1, and stops it with SIGTERM. Also reads the generated corpus so the
// tests can pick real people, places and streets from it.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const e2eDir = path.resolve(here, '..');
export const repoDir = path.resolve(e2eDir, '..', '..');
export const artifactsDir = process.env.E2E_ARTIFACTS || path.join(e2eDir, 'artifacts');

// Like `make test` does: ../../build/memoria unless MEMORIA_BIN says otherwise
// (relative paths are taken from tests/e2e, where run-e2e starts node).
export const memoriaBin = path.resolve(
  e2eDir, process.env.MEMORIA_BIN || path.join(repoDir, 'build', 'memoria'));

export const inCI = process.env.CI === 'true';

function run(args, options = {}) {
  const r = spawnSync(memoriaBin, args, { encoding: 'utf8', ...options });
  if (r.error) throw r.error;
  return r;
}

function mustRun(args) {
  const r = run(args);
  if (r.status !== 0) {
    throw new Error(`memoria ${args.join(' ')} exited ${r.status}\n${r.stdout}${r.stderr}`);
  }
  return r;
}

// Generates ROWS synthetic rows and imports them into a new archive under a
// temporary folder. With the generator's --places/--buildings (when this
// binary has them), also imports the street renamings and buildings, and
// `places` is true. Under CI=true a binary without them is an error.
export function makeArchive({ rows = 5000, seed = 1937 } = {}) {
  if (!fs.existsSync(memoriaBin)) {
    throw new Error(`no memoria binary at ${memoriaBin} (set MEMORIA_BIN)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'memoria-e2e-'));
  const tsv = path.join(dir, 'demo.tsv');
  const truth = path.join(dir, 'truth.tsv');
  const streets = path.join(dir, 'streets.csv');
  const buildings = path.join(dir, 'buildings.csv');
  const archive = path.join(dir, 'archive');
  const base = ['generate', '--rows', String(rows), '--seed', String(seed), '--out', tsv,
    '--truth', truth];
  const generated = run([...base, '--places', streets, '--buildings', buildings]);
  let places = generated.status === 0;
  if (!places) {
    // A binary from before the places generator: the address tests skip,
    // which CI=true does not allow.
    if (inCI) {
      throw new Error('memoria generate --places failed, and CI=true requires the places data: ' +
        `${generated.stderr}`);
    }
    mustRun(base);
  }
  mustRun(['init', archive]);
  mustRun(['import', archive, '--profile', 'memorial-lists', '--quiet', tsv]);
  if (places) {
    const r = run(['import', archive, '--profile', 'places', '--quiet', streets, buildings]);
    if (r.status !== 0) {
      if (inCI) throw new Error(`places import failed: ${r.stderr}`);
      places = false;
    }
  }
  return {
    dir, archive, tsv, truth, places,
    streets: places ? streets : null,
    buildings: places ? buildings : null,
    remove() { fs.rmSync(dir, { recursive: true, force: true }); },
  };
}

// Starts `memoria serve ARCHIVE --bind 127.0.0.1 --port 0` and resolves once
// it prints "memoria: serving … on http://ADDR:PORT/". The returned object's
// stop() sends SIGTERM and resolves with the exit code and signal.
export function startServer(archive, { extraArgs = [], timeoutMs = 30000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(memoriaBin, ['serve', archive, '--bind', '127.0.0.1', '--port', '0',
      ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let settled = false;
    const exited = new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
    const timer = setTimeout(() => fail(new Error(`no "serving" line within ${timeoutMs} ms`)),
      timeoutMs);
    function fail(e) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${e.message}\nstdout: ${out}\nstderr: ${err}`));
    }
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => {
      out += d;
      const m = /serving .* on (http:\/\/[^\s]+?)\/?(\s|$)/.exec(out);
      if (m && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({
          url: m[1],
          process: child,
          output: () => ({ stdout: out, stderr: err }),
          async stop(graceMs = 15000) {
            if (child.exitCode !== null || child.signalCode !== null) return exited;
            child.kill('SIGTERM');
            const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
            const result = await exited;
            clearTimeout(killer);
            return result;
          },
        });
      }
    });
    child.on('error', fail);
    child.on('exit', (code, signal) => fail(new Error(`memoria serve exited early: ${code ?? signal}`)));
  });
}

// ---- The generated corpus ------------------------------------------------

// The memorial-lists TSV as objects keyed by its header; "None" becomes "".
export function readRows(tsv) {
  const lines = fs.readFileSync(tsv, 'utf8').split('\n').filter((l) => l.length > 0);
  const header = lines[0].split('\t');
  return lines.slice(1).map((line, i) => {
    const cells = line.split('\t');
    const row = { line: i + 2 };
    header.forEach((h, j) => { row[h] = cells[j] === undefined || cells[j] === 'None' ? '' : cells[j]; });
    return row;
  });
}

// "modern_name,old_name[,both_names]" (no quoted fields in the generator's
// output).
export function readRenamings(csv) {
  const lines = fs.readFileSync(csv, 'utf8').split('\n').filter((l) => l.length > 0);
  return lines.slice(1).map((l) => {
    const [modern, old] = l.split(',');
    return { modern, old };
  });
}

export function fullName(row) {
  return [row.surname, row.name, row.patronimic].filter(Boolean).join(' ');
}

// A simple scholarly-ish transliteration of Russian into Latin letters
// (Щербакова -> Shcherbakova, Поляков -> Polyakov, Юрий -> Yuriy). It is
// deliberately not the one memoria uses internally.
const kLatin = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  і: 'i', ї: 'yi', є: 'ye', ґ: 'g',
};
export function toLatin(text) {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const t = kLatin[lower];
    if (t === undefined) { out += ch; continue; }
    out += lower !== ch && t.length > 0 ? t[0].toUpperCase() + t.slice(1) : t;
  }
  return out;
}

export const isCyrillicWord = (s) => /^[А-ЯЁ][а-яё]+$/.test(s);

// The interface catalogs (locales/*.json), for expected headings and labels.
export function catalog(lang) {
  return JSON.parse(fs.readFileSync(path.join(repoDir, 'locales', `${lang}.json`), 'utf8'));
}

export function ensureArtifactsDir() {
  fs.mkdirSync(artifactsDir, { recursive: true });
  return artifactsDir;
}
