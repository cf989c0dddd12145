// Everywhere: during a maintenance window every page says until when and
// the save buttons are disabled; the training stage is yellow, with its
// banner, on every page — before signing in too.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { admin, api, axe, browser, page, readySite, setClock, shot, signInWithCode, BASE } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2021-06-27T09:00:00+09:00'); // a Sunday
});
after(() => b?.close());

test('a maintenance window disables writes and says until when', async () => {
  const site = await readySite('日曜メンテ診療所');
  const p = await page(b);
  await signInWithCode(p, site);
  await p.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '医療機関・接種会場' }).click();
  await p.getByRole('button', { name: '保存' }).waitFor();
  assert.ok(await p.getByRole('button', { name: '保存' }).isEnabled());

  const token = await admin();
  const w = await api('POST', '/maintenance-windows', {
    token,
    body: { from: '2021-06-27T09:00:00+09:00', until: '2021-06-27T17:00:00+09:00', reason: '定期メンテナンス' },
  });
  assert.equal(w.status, 201, JSON.stringify(w.body));
  await p.reload();
  const banner = p.getByText('メンテナンス中のため、登録・変更はできません');
  await banner.waitFor();
  assert.match(await p.getByRole('status').filter({ hasText: 'メンテナンス中' }).innerText(), /2021-06-27 17:00 までお待ちください。定期メンテナンス/);
  assert.ok(await p.getByRole('button', { name: '保存' }).isDisabled(), 'no save during maintenance');
  assert.ok(await p.getByRole('button', { name: '新規医師情報' }).isDisabled());
  await axe(p, 'メンテナンス中');
  await shot(p, 'maintenance');

  // Before signing in, too.
  const anon = await page(b);
  await anon.goto(`${BASE}/app/sign-in`);
  await anon.getByText('メンテナンス中のため、登録・変更はできません').waitFor();
  await anon.context().close();

  const id = w.body.windows[0].id;
  const end = await api('DELETE', `/maintenance-windows/${id}`, { token });
  assert.equal(end.status, 200, JSON.stringify(end.body));
  await p.reload();
  await p.getByRole('button', { name: '保存' }).waitFor();
  assert.ok(await p.getByRole('button', { name: '保存' }).isEnabled(), 'writes again once it ended');
  assert.equal(await banner.count(), 0);
  await p.context().close();
});

test('the training stage is yellow on every page', { skip: !process.env.VSYS_TRAINING_BASE && 'no training gateway' }, async () => {
  const base = process.env.VSYS_TRAINING_BASE;
  const p = await page(b);
  for (const path of ['/app/sign-in', '/app/finder', '/app/forgot-password']) {
    await p.goto(`${base}${path}`);
    await p.getByText('研修環境です。ここで登録した内容は本番環境には反映されません。').waitFor();
    assert.ok(await p.evaluate(() => document.body.classList.contains('training')), `yellow: ${path}`);
    const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(bg, 'rgb(242, 242, 242)', `the page is not the production grey: ${bg}`);
    await axe(p, `研修環境 ${path}`);
  }
  await shot(p, 'training-sign-in');
  await p.context().close();
});
