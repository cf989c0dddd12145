// A priority-vaccination venue prints its medical workers' screening forms
// (seed 001 「医療従事者個人向け予診票の出力」): a list with a bad row is
// refused with the row named; the corrected list downloads as one PDF.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { axe, browser, page, readySite, setClock, signInWithCode } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2021-04-12T10:00:00+09:00');
});
after(() => b?.close());

const list = (kana) =>
  ['氏名,フリガナ,生年月日,性別,住所,勤務先', `医療 花子,イリョウ ハナコ,1975/06/01,女,東京都千代田区霞が関1-2-2,千代田中央病院`, `看護 次郎,${kana},1980/12/24,男,東京都千代田区丸の内1-1-1,千代田中央病院`].join('\n');

test('a venue prints the screening forms of its medical workers', async () => {
  const site = await readySite(`千代田優先接種会場${Date.now() % 100000}`, '131016');
  const p = await page(b);
  await signInWithCode(p, site);
  await p.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '予診票の出力' }).click();
  await p.getByRole('heading', { name: '予診票の出力（医療従事者用）' }).waitFor();
  const file = p.getByLabel('名簿のCSVファイル');
  await file.setInputFiles({ name: 'workers.csv', mimeType: 'text/csv', buffer: Buffer.from(list('看護 ジロウ')) });
  await p.getByRole('button', { name: '予診票を出力（PDF）' }).click();
  const bad = p.getByRole('table', { name: '誤りのある行' });
  await bad.getByRole('row').filter({ hasText: '3行目' }).filter({ hasText: 'フリガナ' }).waitFor();
  await axe(p, '予診票の出力');

  await file.setInputFiles({ name: 'workers.csv', mimeType: 'text/csv', buffer: Buffer.from(list('カンゴ ジロウ')) });
  const download = p.waitForEvent('download');
  await p.getByRole('button', { name: '予診票を出力（PDF）' }).click();
  const pdf = readFileSync(await (await download).path());
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  await p.getByText('予診票（2名分）を出力しました。').waitFor();
  await p.context().close();
});
