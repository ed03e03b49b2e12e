// Checks the release build against end2end/budgets.json on a running server: each page's first
// load as sent (brotli), that pages without islands name no WebAssembly, each lazily loaded
// WebAssembly chunk, and Lighthouse's mobile figures. Prints every figure beside its budget and
// exits 1 when one is over.
// Usage: node end2end/scripts/budgets.mjs BASE_URL [site-root]
// BIANMIN_BUDGET_COOKIE: a Cookie header for pages that need a staff session (else skipped).
// BIANMIN_LIGHTHOUSE=0 skips the Lighthouse pass (the sizes are still checked).
import { readFileSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';

const here = new URL('..', import.meta.url).pathname;
const budgets = JSON.parse(readFileSync(join(here, 'budgets.json'), 'utf8'));
const base = process.argv[2];
const site = resolve(process.argv[3] ?? join(here, '..', 'target', 'site'));
if (!base) {
  console.error('usage: node end2end/scripts/budgets.mjs BASE_URL [site-root]');
  process.exit(2);
}
const cookie = process.env.BIANMIN_BUDGET_COOKIE;
const kb = (n) => (n / 1024).toFixed(1);
const rows = [];
const RUNS = Number(process.env.BIANMIN_LIGHTHOUSE_RUNS ?? 3);
const check = (what, value, budget, unit, over = value > budget) => rows.push({ what, value, budget, unit, over });

/** The bytes of `url` as sent to a browser that accepts brotli (nothing is decompressed here). */
function fetchSent(url) {
  return new Promise((done, fail) => {
    const req = request(url, { headers: { 'accept-encoding': 'br', ...(cookie ? { cookie } : {}) } }, (res) => {
      const parts = [];
      res.on('data', (c) => parts.push(c));
      res.on('end', () => done({ status: res.statusCode, encoding: res.headers['content-encoding'], body: Buffer.concat(parts) }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** The page's HTML as text (asked for without compression). */
function fetchText(url) {
  return new Promise((done, fail) => {
    const req = request(url, { headers: cookie ? { cookie } : {} }, (res) => {
      const parts = [];
      res.on('data', (c) => parts.push(c));
      res.on('end', () => done({ status: res.statusCode, text: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** Every stylesheet, script and WebAssembly file the HTML names (src, href, preloads). */
function named(html) {
  const found = new Set();
  // The read-aloud button names the app's module for its first press; nothing loads it before.
  html = html.replace(/\sdata-(?:module|wasm)="[^"]*"/g, '');
  for (const m of html.matchAll(/(?:src|href)="(\/[^"#?]+\.(?:css|js|wasm))"/g)) found.add(m[1]);
  // The hydration script imports the app's JS and WASM by name from an inline module.
  for (const m of html.matchAll(/["'](\/pkg\/[^"']+\.(?:js|wasm))["']/g)) found.add(m[1]);
  return [...found];
}

for (const [path, budget] of Object.entries(budgets.first_load_kb)) {
  const page = await fetchSent(new URL(path, base));
  if (page.status !== 200) {
    check(`${path}: first load`, NaN, budget, 'KB', true);
    console.log(`${path} answered ${page.status}`);
    continue;
  }
  const { text } = await fetchText(new URL(path, base));
  let total = page.body.length;
  const parts = [`HTML ${kb(page.body.length)}`];
  for (const file of named(text)) {
    const sent = await fetchSent(new URL(file, base));
    total += sent.body.length;
    parts.push(`${file.replace(/^\/pkg\//, '')} ${kb(sent.body.length)}${sent.encoding ? '' : ' (uncompressed)'}`);
  }
  console.log(`${path}: ${parts.join(', ')}`);
  check(`${path}: first load`, Number(kb(total)), budget, 'KB');
}

for (const path of budgets.no_webassembly) {
  const { text } = await fetchText(new URL(path, base));
  const wasm = named(text).filter((f) => f.startsWith('/pkg/') && /\.(js|wasm)$/.test(f));
  check(`${path}: WebAssembly and hydration files named`, wasm.length, 0, 'files');
}

// Lazy chunks: fetched when their island wakes, so not in any first load; each has its own budget.
const pkg = join(site, 'pkg');
for (const file of readdirSync(pkg).filter((f) => /^split_.*\.wasm$|^__wasm_split.*\.wasm$/.test(f) && !f.endsWith('.br') && !f.endsWith('.gz'))) {
  const sent = await fetchSent(new URL(`/pkg/${file}`, base));
  const island = file.replace(/^split_/, '').replace(/_loader_.*$/, '').replace(/\..*$/, '');
  const budget = budgets.lazy_chunk_kb.islands?.[island] ?? budgets.lazy_chunk_kb.each;
  check(`lazy chunk of the ${island} island`, Number(kb(sent.body.length)), budget, 'KB');
}

/** Whether `url`, opened in Chromium with scripts on, comes to show an element `selector` names. */
async function shows(url, selector) {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    return await page.locator(selector).first().waitFor({ state: 'attached', timeout: 15_000 }).then(() => true, () => false);
  } finally {
    await browser.close();
  }
}

if (process.env.BIANMIN_LIGHTHOUSE !== '0') {
  const { default: lighthouse } = await import('lighthouse');
  const constants = await import('lighthouse/core/config/constants.js');
  const chromeLauncher = await import('chrome-launcher');
  const lh = budgets.lighthouse;
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    // Lighthouse's 4x CPU slowdown is relative to the machine it runs on (its docs, "Calibrating
    // the CPU slowdown"): the same page scores worse on a slower machine. The slowdown is scaled
    // by this machine's benchmark index against the one the budgets were measured on, so each
    // figure is of the same emulated phone wherever `make test` runs.
    const settings = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] };
    let index = NaN;
    for (let attempt = 0; attempt < 3 && !(index > 0); attempt++) {
      const probe = await lighthouse(new URL('/', base).href, settings);
      index = probe.lhr.environment?.benchmarkIndex;
    }
    const reference = lh.reference_benchmark_index;
    const multiplier = index > 0 && reference > 0 ? Math.min(8, Math.max(1, (4 * index) / reference)) : 4;
    console.log(`Lighthouse: this machine's benchmark index ${Math.round(index)}, the budgets' ${reference}: CPU slowdown ${multiplier.toFixed(2)}x (4x at the budgets' index)`);
    for (const [path, page] of Object.entries(lh.pages)) {
      // A page may be a screen reached by an address of its own (the pre-check's result, from
      // answers in the fragment): the screen is checked to be the one named before it is measured.
      const url = new URL(page.url ?? path, base).href;
      if (page.shows && !(await shows(url, page.shows))) {
        check(`${path}: Lighthouse (${page.url} does not show ${page.shows})`, NaN, 0, '', true);
        continue;
      }
      const needsStaff = path.startsWith('/staff/') && path !== '/staff/sign-in';
      if (needsStaff && !cookie) {
        console.log(`${path}: Lighthouse skipped (no staff session given in BIANMIN_BUDGET_COOKIE)`);
        continue;
      }
      // The median of three runs of each figure: one run varies by a tenth or so.
      const runs = [];
      for (let run = 0; run < RUNS; run++) {
        // A run whose trace Chromium failed to record (NO_NAVSTART and the like) is run again,
        // up to twice; a page that keeps failing is reported.
        let result;
        for (let attempt = 0; attempt < 3; attempt++) {
          result = await lighthouse(url, {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility'],
          throttling: { ...constants.throttling.mobileSlow4G, cpuSlowdownMultiplier: multiplier },
          ...(needsStaff ? { extraHeaders: { Cookie: cookie } } : {}),
          });
          if (!result.lhr.runtimeError) break;
        }
        runs.push(result.lhr);
      }
      const lhr = runs[0];
      const failed = runs.find((r) => r.runtimeError);
      if (failed) {
        check(`${path}: Lighthouse (${failed.runtimeError.message})`, NaN, 0, '', true);
        continue;
      }
      const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
      const audit = (id) => median(runs.map((r) => r.audits[id]?.numericValue ?? NaN));
      const score = (id) => median(runs.map((r) => Math.round((r.categories[id]?.score ?? 0) * 100)));
      const b = { ...lh.budget, ...page };
      check(`${path}: Lighthouse LCP`, Math.round(audit('largest-contentful-paint')), b.largest_contentful_paint_ms, 'ms');
      check(`${path}: Lighthouse TBT`, Math.round(audit('total-blocking-time')), b.total_blocking_time_ms, 'ms');
      check(`${path}: Lighthouse CLS`, Number(audit('cumulative-layout-shift').toFixed(3)), b.cumulative_layout_shift, '');
      check(`${path}: Lighthouse performance`, score('performance'), b.performance, '', score('performance') < b.performance);
      check(`${path}: Lighthouse accessibility`, score('accessibility'), b.accessibility, '', score('accessibility') < b.accessibility);
      const failing = Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 1 && lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id && r.weight > 0))
        .map((a) => a.id);
      if (failing.length) console.log(`${path}: accessibility audits not passed: ${failing.join(', ')}`);
    }
  } finally {
    await chrome.kill();
  }
}

const width = Math.max(...rows.map((r) => r.what.length));
for (const r of rows) {
  const mark = r.over ? 'OVER' : 'ok';
  console.log(`${r.what.padEnd(width)}  ${String(r.value).padStart(7)} ${r.unit.padEnd(5)} budget ${String(r.budget).padStart(5)}  ${mark}`);
}
const over = rows.filter((r) => r.over);
// The figures over budget again at the end, where a log's tail shows them.
for (const r of over) console.log(`over: ${r.what} ${r.value} ${r.unit} (budget ${r.budget})`.replace(/ +\(/, ' ('));
console.log(over.length ? `budgets: ${over.length} over (end2end/budgets.json)` : `budgets: all ${rows.length} within end2end/budgets.json`);
process.exit(over.length ? 1 : 0);
