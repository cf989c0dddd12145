// What every browser test shares: the running local stack (the gateway and
// the emulator, started by infra/test.sh, its address in VSYS_BASE), API
// calls to set up what a test does not click through, the mail the stack
// sent, Debian's Chromium, and the accessibility scan.
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

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

/** The newest mail to `to` once there are more than `before` (the count
 * before the action that sends it). */
export async function newMail(to, before) {
  for (let i = 0; i < 50 && (await mailsTo(to)).length <= before; i++) await new Promise((ok) => setTimeout(ok, 100));
  return lastMail(to);
}

export const linkIn = (body) => body.match(/https?:\/\/\S+token=[A-Za-z0-9_-]{20,}/)[0];
export const tokenIn = (body) => body.match(/token=([A-Za-z0-9_-]{20,})/)[1];
export const codeIn = (body) => body.match(/確認コード: (\d{6})/)[1];

/** The code of the newest mail carrying one among those to `to` after the
 * first `before`: other notices may arrive in between, as the outbox sends
 * each in its own time. */
export async function newCode(to, before) {
  for (let i = 0; i < 100; i++) {
    const withCode = (await mailsTo(to)).slice(before).filter((m) => /確認コード: \d{6}/.test(m.body));
    if (withCode.length) return codeIn(withCode[withCode.length - 1].body);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`no code mailed to ${to}`);
}

export async function setClock(iso) {
  const r = await api('POST', '/_local/clock', { body: { freeze_at: iso } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

/** Activates an issued account through the API (link, code, password),
 * signs it in and consents; its bearer token and known-browser token. */
export async function activateWithDevice(vsysId, email, password = 'vaccine2021') {
  const token = tokenIn((await lastMail(email)).body);
  let r = await api('POST', '/auth/links/open', { body: { token } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const code = codeIn((await lastMail(email)).body);
  r = await api('POST', '/auth/links/complete', {
    body: { token, code, new_password: password, security_question: '出生地は?', security_answer: '東京' },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const device = r.body.device_token;
  r = await api('POST', '/auth/sign-in', { body: { vsys_id: vsysId, password, device_token: device } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const bearer = r.body.token;
  r = await api('POST', '/me/consent', { token: bearer, body: { agree: true } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return { token: bearer, device };
}

export async function activate(vsysId, email, password = 'vaccine2021') {
  return (await activateWithDevice(vsysId, email, password)).token;
}

/** The national administrator bootstrapped by infra/test.sh (VSYS_ADMIN_*):
 * activated by the first test file that needs it, whose known-browser token
 * the others read back, and signed in afresh at each call (tests move the
 * clock past the sessions' idle timeout). */
const ADMIN_DEVICE = new URL('../test-results/admin-device.txt', import.meta.url).pathname;
export async function admin() {
  const id = process.env.VSYS_ADMIN_ID;
  const stack = `${BASE} ${id}`;
  const saved = existsSync(ADMIN_DEVICE) ? readFileSync(ADMIN_DEVICE, 'utf8').split('\n') : [];
  if (saved[0] !== stack) {
    const { device } = await activateWithDevice(id, process.env.VSYS_ADMIN_EMAIL);
    writeFileSync(ADMIN_DEVICE, `${stack}\n${device}`);
  }
  const device = readFileSync(ADMIN_DEVICE, 'utf8').split('\n')[1];
  const r = await api('POST', '/auth/sign-in', { body: { vsys_id: id, password: 'vaccine2021', device_token: device } });
  if (r.status === 200) return r.body.token;
  // A browser is remembered for 180 days: a test that moved the clock
  // further on signs in with the mailed code, and remembers the new token.
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const v = await verifyByMail(process.env.VSYS_ADMIN_EMAIL, r.body.challenge_id);
  writeFileSync(ADMIN_DEVICE, `${stack}\n${v.device_token}`);
  return v.token;
}

/** Answers a sign-in challenge with the code mailed for it. */
async function verifyByMail(email, challengeId) {
  let code = null;
  for (let i = 0; i < 50 && !code; i++) {
    const m = await lastMail(email);
    if (/新しいブラウザからのログイン/.test(m.body + m.subject)) code = codeIn(m.body);
    else await new Promise((ok) => setTimeout(ok, 100));
  }
  const r = await api('POST', '/auth/sign-in/verify', { body: { challenge_id: challengeId, code } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

/** Issues an account through the API; returns its V-SYS ID and address. */
export async function issue(body) {
  const email = `${body.role.replace('_', '-')}-${unique()}@example.lg.jp`;
  const r = await api('POST', '/accounts', { token: await admin(), body: { ...body, email } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return { vsysId: r.body.vsys_id, email };
}

/** A ten-digit facility code no other test uses. */
let codes = 0;
export const facilityCode = (pref = '13') => `${pref}${String((Date.now() % 1e6) * 100 + (codes++ % 100)).padStart(8, '0')}`;

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
  // Generous: CI runs the whole stack on two loaded cores.
  p.setDefaultTimeout(30_000);
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

/** A screenshot: the whole page, or only what the window shows (long tables). */
export async function shot(p, name, { fullPage = true } = {}) {
  await p.screenshot({ path: `${SHOTS}${name}.png`, fullPage });
}

const profile = (name) => ({
  name,
  classification: 'clinic',
  founder: 'other',
  postal_code: '100-8916',
  address: '東京都千代田区霞が関1-2-2',
  phone: '03-1234-5678',
  public_listing: 'public',
  vaccine: 'ファイザー',
});

/** A ready site signed in through the API (its browser, the test's, is unknown). */
export async function readySite(name, muni = '131016', code = facilityCode()) {
  const { vsysId, email } = await issue({ role: 'site', organisation_code: code, organisation_name: name, municipality_code: muni });
  const token = await activate(vsysId, email, 'demand2021');
  const f = await api('GET', '/facility', { token });
  const r = await api('PUT', '/facility', { token, body: { profile: profile(name), version: f.body.version } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return { vsysId, email, token, password: 'demand2021' };
}

/** Signs in from the test's (unknown) browser: password, then the mailed code. */
export async function signInWithCode(p, site) {
  await p.goto(`${BASE}/app/sign-in`);
  await p.getByLabel('V-SYS ID（ユーザ名）').fill(site.vsysId);
  await p.getByLabel('パスワード').fill(site.password);
  const before = (await mailsTo(site.email)).length;
  await p.getByRole('button', { name: 'ログイン' }).click();
  await p.getByText('このブラウザからのログインは初めてです').waitFor();
  await p.getByLabel('確認コード').fill(await newCode(site.email, before));
  await p.getByRole('button', { name: '検証' }).click();
  await p.getByRole('heading', { name: 'ホーム' }).waitFor();
}


/** Signs the national administrator in from a new browser profile that
 * holds its known-browser cookie (as the office's own PC would). */
export async function adminPage(b) {
  await admin();
  const device = readFileSync(ADMIN_DEVICE, 'utf8').split('\n')[1];
  const p = await page(b);
  await p.context().addCookies([{ name: 'vsys_device', value: device, url: BASE, httpOnly: true, secure: true, sameSite: 'Strict' }]);
  await p.goto(`${BASE}/app/sign-in`);
  await p.getByLabel('V-SYS ID（ユーザ名）').fill(process.env.VSYS_ADMIN_ID);
  await p.getByLabel('パスワード').fill('vaccine2021');
  await p.getByRole('button', { name: 'ログイン' }).click();
  await p.getByRole('heading', { name: 'ホーム' }).waitFor();
  return p;
}
