// A prefecture's home and lists: its work queues with counts, the
// facilities of its area by view, the registrations of a cool, call-centre
// requests and new-code applications; each screen scanned for accessibility.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { activate, axe, browser, issue, page, readySite, setClock, shot, signInWithCode } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2021-05-10T10:00:00+09:00');
});
after(() => b?.close());

test("a prefecture's home and lists", async () => {
  await readySite('大阪なにわ診療所', '271004');
  const { vsysId, email } = await issue({ role: 'prefecture', organisation_code: '27' });
  await activate(vsysId, email, 'osaka2021fu');
  const p = await page(b);
  await signInWithCode(p, { vsysId, email, password: 'osaka2021fu' });
  await p.getByRole('link', { name: /受領待ちの委任状/ }).waitFor();
  await axe(p, 'ホーム（都道府県）');
  await shot(p, 'home-prefecture');

  await p.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '医療機関・接種会場' }).click();
  await p.getByRole('heading', { name: '医療機関・接種会場' }).waitFor();
  await p.getByRole('link', { name: '大阪なにわ診療所' }).waitFor();
  await axe(p, '医療機関・接種会場（一覧）');
  await p.getByLabel('表示').selectOption({ label: '接種担当医師が未登録' });
  await p.getByRole('link', { name: '大阪なにわ診療所' }).waitFor();
  await p.getByLabel('表示').selectOption({ label: 'サテライト型' });
  await p.getByText('該当する医療機関・接種会場はありません。').waitFor();
  await p.getByLabel('表示').selectOption({ label: 'すべて' });
  await p.getByRole('link', { name: '大阪なにわ診療所' }).click();
  await p.getByRole('heading', { name: '大阪なにわ診療所' }).waitFor();
  await p.getByText('接種担当医師が未登録です。').first().waitFor();
  await axe(p, '医療機関・接種会場の詳細');

  for (const [menu, heading] of [
    ['希望量の登録状況', '希望量の登録状況'],
    ['コールセンター', 'コールセンターのアカウント申請'],
    ['新規コード付番', '新規コード付番の申請'],
  ]) {
    await p.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: menu }).click();
    await p.getByRole('heading', { name: heading }).waitFor();
    await p.getByRole('status').or(p.locator('table')).or(p.getByText(/ありません|まだありません/)).first().waitFor();
    await axe(p, heading);
  }
  assert.ok(true);
  await p.context().close();
});
