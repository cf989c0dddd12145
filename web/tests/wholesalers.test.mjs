// The wholesaler master: the national office adds a wholesaler with its
// delivery area (a bad code refused under the field), and the wholesaler
// sees its area.
import { test, after, before } from 'node:test';
import { activate, adminPage, axe, browser, issue, page, setClock, signInWithCode } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2021-07-02T10:00:00+09:00');
});
after(() => b?.close());

test('the nation keeps a wholesaler and its delivery area', async () => {
  const code = `ws${Date.now() % 1e8}`;
  const office = await adminPage(b);
  await office.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '卸マスタ' }).click();
  await office.getByRole('heading', { name: '卸マスタ' }).waitFor();
  await office.getByLabel('組織コード').fill(code);
  await office.getByLabel('卸業者名').fill('ブイシス薬品株式会社');
  await office.getByLabel('配送エリア').fill('13, 48');
  await office.getByRole('button', { name: '保存' }).click();
  await office.locator('[data-field="areas"]').getByRole('alert').getByText(/48 は都道府県コード/).waitFor();
  await office.getByLabel('配送エリア').fill('13, 271004');
  await office.getByRole('button', { name: '保存' }).click();
  await office.getByText(`ブイシス薬品株式会社（${code}）を保存しました。`).waitFor();
  const row = office.getByRole('row').filter({ hasText: code });
  await row.getByText('東京都（13）、大阪市（271004）').waitFor();
  await axe(office, '卸マスタ');

  const ws = await issue({ role: 'wholesaler', organisation_code: code, organisation_name: 'ブイシス薬品株式会社', prefecture_code: '13' });
  await activate(ws.vsysId, ws.email, 'oroshi2021ws');
  const p = await page(b);
  await signInWithCode(p, { ...ws, password: 'oroshi2021ws' });
  await p.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '配送エリア' }).click();
  await p.getByText('大阪市（271004）').waitFor();
  await axe(p, '配送エリア');
  await office.context().close();
  await p.context().close();
});
