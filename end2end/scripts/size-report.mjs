// Prints the release bundle's sizes, raw and compressed (brotli at the quality the server's
// precompressed files use, and gzip), and what the home page needs before it is interactive.
// Usage: node end2end/scripts/size-report.mjs [site-root] [home-page-url]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const root = resolve(process.argv[2] ?? 'target/site');
const homeUrl = process.argv[3];
const pkg = join(root, 'pkg');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const br = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

// Lazily loaded WASM chunks (split_*.wasm, fetched when their island wakes) are not part of the first load.
const lazy = (f) => f.startsWith('split_');
const files = readdirSync(pkg)
  .filter((f) => /\.(wasm|js|css)$/.test(f))
  .map((f) => {
    const buf = readFileSync(join(pkg, f));
    return { f, raw: statSync(join(pkg, f)).size, br: br(buf), gz: gzipSync(buf, { level: 9 }).length };
  });

console.log('file'.padEnd(40), 'raw'.padStart(10), 'brotli'.padStart(10), 'gzip'.padStart(10));
for (const { f, raw, br: b, gz } of files) {
  console.log((lazy(f) ? `${f.slice(0, 30)}… (lazy)` : f).padEnd(40), kb(raw).padStart(10), kb(b).padStart(10), kb(gz).padStart(10));
}
let total = files.filter((x) => !lazy(x.f)).reduce((sum, x) => sum + x.br, 0);
if (homeUrl) {
  const html = Buffer.from(await (await fetch(homeUrl)).text());
  console.log('home page HTML'.padEnd(40), kb(html.length).padStart(10), kb(br(html)).padStart(10), kb(gzipSync(html).length).padStart(10));
  total += br(html);
  // The pre-check's first screen carries the figures in force for the island (as its props).
  const check = Buffer.from(await (await fetch(new URL('/eligibility/check', homeUrl))).text());
  console.log('pre-check page HTML'.padEnd(40), kb(check.length).padStart(10), kb(br(check)).padStart(10), kb(gzipSync(check).length).padStart(10));
}
console.log(`every file above but the lazy chunks${homeUrl ? ', and the home page HTML' : ''}, brotli: ${kb(total)} (what each page loads, against its budget: end2end/scripts/budgets.mjs)`);
