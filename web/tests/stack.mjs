// What every browser test shares: the running local stack (the gateway and
// the emulator, started by infra/test.sh, its address in VSYS_BASE), API
// calls to set up what a test does not click through, the mail the stack
// sent, Debian's Chromium, and the accessibility scan.
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';

export const BASE = process.env.VSYS_BASE ?? 'http://127.0.0.1:8080';
export const SHOTS = new URL('../test-results/screens/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

let n = 0;
export const unique = () => `${process.pid}${Date.now().toString(36)}${(n++).toString(36)}`;

/** One API call as an API client (bearer token), answer as JSON. */
export async function api(method, path, { token, body, csv } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (csv !== undefined) headers['content-type'] = 'text/csv';
  const res = await fetch(BASE + path, { method, headers, body: csv ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function mailsTo(to) {
  const r = await api('GET', `/_local/mail?to=${encodeURIComponent(to)}`);
  return r.body.messages.map((m) => ({ subject: m.subject ?? '', body: m.body ?? '' }));
}

export async function lastMail(to) {
  for (let i = 0; i < 50; i++) {
    const all = await mailsTo(to);
    if (all.length) return all[all.length - 1];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${to}`);
}

export const linkIn = (body) => body.match(/https?:\/\/\S+token=[A-Za-z0-9_-]{20,}/)[0];
export const tokenIn = (body) => body.match(/token=([A-Za-z0-9_-]{20,})/)[1];
export const codeIn = (body) => body.match(/確認コード: (\d{6})/)[1];

export async function setClock(iso) {
  const r = await api('POST', '/_local/clock', { body: { freeze_at: iso } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

/** Activates an issued account through the API (link, code, password) and
 * signs it in; returns its bearer token. */
export async function activate(vsysId, email, password = 'vaccine2021') {
  const token = tokenIn((await lastMail(email)).body);
  let r = await api('POST', '/auth/links/open', { body: { token } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const code = codeIn((await lastMail(email)).body);
  r = await api('POST', '/auth/links/complete', {
    body: { token, code, new_password: password, security_question: '出生地は?', security_answer: '東京' },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await api('POST', '/auth/sign-in', { body: { vsys_id: vsysId, password, device_token: r.body.device_token } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const bearer = r.body.token;
  r = await api('POST', '/me/consent', { token: bearer, body: { agree: true } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return bearer;
}

/** The national administrator bootstrapped by infra/test.sh (VSYS_ADMIN_*). */
let adminToken = null;
export async function admin() {
  if (!adminToken) adminToken = await activate(process.env.VSYS_ADMIN_ID, process.env.VSYS_ADMIN_EMAIL);
  return adminToken;
}

/** Issues an account through the API; returns its V-SYS ID and address. */
export async function issue(body) {
  const email = `${body.role.replace('_', '-')}-${unique()}@example.lg.jp`;
  const r = await api('POST', '/accounts', { token: await admin(), body: { ...body, email } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return { vsysId: r.body.vsys_id, email };
}

/** A ten-digit facility code no other test uses. */
export const facilityCode = (pref = '13') => `${pref}${String(Date.now() % 1e8).padStart(8, '0')}`;

export async function browser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A new browser profile (its own cookies), 1280 px wide unless told. */
export async function page(b, { width = 1280, height = 900 } = {}) {
  const context = await b.newContext({ viewport: { width, height }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const p = await context.newPage();
  p.setDefaultTimeout(15_000);
  return p;
}

/** The accessibility scan of what the page shows now: no serious or critical violation. */
export async function axe(p, name) {
  const r = await new AxeBuilder({ page: p }).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((x) => x.target.join(' ')).join(', ')})`),
    [],
    `accessibility of ${name}`,
  );
}

export async function shot(p, name) {
  await p.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}
