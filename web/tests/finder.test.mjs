// コロナワクチンナビ without signing in: a listed site is found by its
// prefecture, municipality and a keyword; a site that is not public is not.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { api, axe, browser, page, readySite, shot, BASE } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
});
after(() => b?.close());

test('the public finder lists a public site by area and keyword', async () => {
  await readySite('札幌なかよし診療所', '011002');
  const hidden = await readySite('札幌ひみつ診療所', '011002');
  const f = await api('GET', '/facility', { token: hidden.token });
  await api('PUT', '/facility', { token: hidden.token, body: { profile: { ...f.body.profile, public_listing: 'specific_people_only' }, version: f.body.version } });

  const p = await page(b, { width: 375, height: 800 });
  await p.goto(`${BASE}/app/finder`);
  await p.getByRole('heading', { name: 'コロナワクチンナビ' }).waitFor();
  await p.getByLabel('都道府県').selectOption({ label: '北海道' });
  await p.getByLabel('市区町村').selectOption({ label: '札幌市' });
  await p.getByLabel('キーワード（名称・住所）').fill('札幌');
  await p.getByRole('button', { name: '検索' }).click();
  await p.getByRole('heading', { name: '札幌なかよし診療所' }).waitFor();
  assert.equal(await p.getByRole('heading', { name: '札幌ひみつ診療所' }).count(), 0);
  await axe(p, 'コロナワクチンナビ');
  await shot(p, 'finder-375');
  await p.context().close();
});
