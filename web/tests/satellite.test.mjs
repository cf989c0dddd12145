// Basic and satellite sites (基本型・サテライト型): a clinic links itself to
// a basic site by its code; a transfer of a lot the master does not know is
// refused next to the lot number (transfers drawn on the basic site's stock
// are in deliveries.test.mjs).
import { test, after, before } from 'node:test';
import { axe, browser, facilityCode, page, readySite, setClock, signInWithCode } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2021-05-24T10:00:00+09:00');
});
after(() => b?.close());

test('a satellite links to its basic site', async () => {
  const basicCode = facilityCode();
  await readySite('世田谷中央病院', '131121', basicCode);
  const satellite = await readySite('世田谷こども診療所', '131121');
  const p = await page(b);
  await signInWithCode(p, satellite);
  await p.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '基本型・サテライト型' }).click();
  await p.getByRole('heading', { name: '基本型・サテライト型' }).waitFor();
  await p.getByLabel('種類', { exact: true }).selectOption('satellite');
  await p.getByLabel('連携する基本型施設のコード').fill('1300000000');
  await p.getByRole('button', { name: '変更' }).click();
  await p.locator('[data-field="basic_site_code"]').getByRole('alert').waitFor();
  await p.getByLabel('連携する基本型施設のコード').fill(basicCode);
  await p.getByRole('button', { name: '変更' }).click();
  await p.getByText('接種施設の種類を変更しました。').waitFor();
  await p.getByText('現在: サテライト型（連携型）').waitFor();

  const transfers = p.getByRole('region', { name: /融通の登録/ });
  await transfers.getByLabel('ロット番号').fill('FF1234');
  await transfers.getByLabel('バイアル数').fill('6');
  await transfers.getByRole('button', { name: '登録' }).click();
  await transfers.locator('[data-field="lot_number"]').getByRole('alert').getByText(/ロット FF1234 はロットマスタにありません/).waitFor();
  await transfers.getByText('融通の登録はまだありません。').waitFor();
  await axe(p, '基本型・サテライト型');
  await p.context().close();
});
