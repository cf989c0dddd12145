// A clinic registers its delegation in the browser: it is told whom it
// delegates to and why, a code outside the master is refused next to its
// field, and the registered delegation waits for its first download.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { admin, api, axe, browser, facilityCode, page, readySite, setClock, signInWithCode } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2021-03-16T10:00:00+09:00');
});
after(() => b?.close());

test('a clinic registers its delegation', async () => {
  const code = facilityCode();
  const site = await readySite('港区しおかぜクリニック', '131032', code);
  const r = await api('PUT', `/facility-codes/${code}`, {
    token: await admin(),
    body: { kind: 'medical', name: '港区しおかぜクリニック', postal_code: '105-0011', municipality_code: '131032', address: '港区芝公園1-1-1' },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const p = await page(b);
  await signInWithCode(p, site);
  await p.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '委任状' }).click();
  await p.getByText('委任先: 東京都港区（市町村）').waitFor();
  await p.getByLabel('コード（10桁）').fill('1399999999');
  await p.getByLabel('取り扱うワクチン').fill('ファイザー');
  const rep = p.getByRole('group', { name: '契約代表者' });
  await rep.getByLabel('氏名').fill('芝 太郎');
  await rep.getByLabel('電話番号').fill('03-1111-2222');
  await rep.getByLabel('メールアドレス').fill('rep@shiokaze.example.jp');
  const contact = p.getByRole('group', { name: '担当者' });
  await contact.getByLabel('氏名').fill('芝 花子');
  await contact.getByLabel('電話番号').fill('03-1111-3333');
  await contact.getByLabel('メールアドレス').fill('contact@shiokaze.example.jp');
  await p.getByRole('button', { name: '登録して委任状（PDF）を作成' }).click();
  await p.locator('[data-field="code"]').getByRole('alert').waitFor();
  await p.getByLabel('コード（10桁）').fill(code);
  await p.getByRole('button', { name: '登録して委任状（PDF）を作成' }).click();
  await p.getByText(/委任状を登録しました。/).waitFor();
  await p.getByRole('cell', { name: `${code}-01` }).waitFor();
  await p.getByText('未ダウンロード').waitFor();
  await axe(p, '委任状');
  await p.context().close();
});
