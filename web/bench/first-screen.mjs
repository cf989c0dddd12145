// What the first screen costs a clinic PC on a slow line: the JavaScript and
// CSS the sign-in page loads (gzipped, as CloudFront serves them), and the
// time from navigation to a usable sign-in form in headless Chromium, against
// a yardstick: the same navigation to a bare HTML form.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BASE = process.env.VSYS_BASE ?? 'http://127.0.0.1:8080';
const RUNS = 5;
const b = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});

async function timeTo(url, ready) {
  const times = [];
  let resources = [];
  for (let i = 0; i < RUNS; i++) {
    const ctx = await b.newContext();
    const p = await ctx.newPage();
    const t0 = Date.now();
    await p.goto(url);
    await ready(p);
    times.push(Date.now() - t0);
    resources = await p.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    await ctx.close();
  }
  times.sort((a, c) => a - c);
  return { median: times[Math.floor(RUNS / 2)], resources };
}

const app = await timeTo(`${BASE}/app/sign-in`, (p) => p.getByRole('button', { name: 'ログイン' }).waitFor());
const bare = await timeTo(`data:text/html;charset=utf-8,${encodeURIComponent('<form><label>ID<input></label><button>ログイン</button></form>')}`, (p) => p.getByRole('button', { name: 'ログイン' }).waitFor());
await b.close();

const dist = new URL('../dist/', import.meta.url).pathname;
const assets = app.resources.filter((r) => /\.(js|css)$/.test(r));
let gz = 0;
let raw = 0;
for (const a of assets) {
  const bytes = readFileSync(dist + a.replace(/^\/app\//, ''));
  raw += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
}
console.log(`first screen (sign-in): ${assets.length} JS/CSS files, ${raw} bytes, ${gz} bytes gzipped (budget 200 KB: ${((gz / 204800) * 100).toFixed(0)} %)`);
console.log(`navigation to a usable sign-in form: ${app.median} ms median of ${RUNS}; a bare HTML form: ${bare.median} ms; ratio ${(app.median / Math.max(bare.median, 1)).toFixed(1)}`);
