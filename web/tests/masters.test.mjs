// The national office keeps its master data in the browser: the vaccine
// master, a cool (a bad deadline named next to its field), the plan
// calendar, a maintenance window announced and cancelled, the code master.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { adminPage, axe, browser, setClock, unique } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2021-08-02T10:00:00+09:00'); // Monday
});
after(() => b?.close());

test('the national office keeps its master data', async () => {
  const p = await adminPage(b);
  const menu = p.getByRole('navigation', { name: 'メニュー' });

  await menu.getByRole('link', { name: 'ワクチンマスタ' }).click();
  await p.getByRole('cell', { name: /モデルナ/ }).first().waitFor();
  await axe(p, 'ワクチンマスタ');
  await p.getByRole('button', { name: /を編集$/ }).first().click();
  const perPack = p.getByLabel('1箱のバイアル数');
  const before = await perPack.inputValue();
  await perPack.fill('0');
  await p.getByRole('button', { name: '保存' }).click();
  await p.locator('[data-field="vials_per_pack"]').getByRole('alert').waitFor();
  await perPack.fill(before);
  await p.getByRole('button', { name: '保存' }).click();
  await p.getByText(/を保存しました（1箱 \d+ 回接種分）。/).waitFor();

  await menu.getByRole('link', { name: 'クール', exact: true }).click();
  await p.getByRole('heading', { name: 'クール', exact: true }).waitFor();
  await p.getByLabel('番号').fill('9');
  await p.getByLabel('配送週（月曜日）').fill('2021-08-16');
  await p.getByLabel('接種期間（開始）').fill('2021-08-16');
  await p.getByLabel('接種期間（終了）').fill('2021-12-31');
  await p.getByLabel('登録受付開始（日本時間）').fill('2021-08-01T00:00');
  await p.getByLabel('登録締切（日本時間、火曜15:00）').fill('2021-08-04T15:00'); // a Wednesday
  await p.getByRole('button', { name: '登録' }).click();
  await p.locator('[data-field="registration_deadline"]').getByRole('alert').waitFor();
  await p.getByLabel('登録締切（日本時間、火曜15:00）').fill('2021-08-03T15:00');
  await p.getByRole('button', { name: '登録' }).click();
  await p.getByText(/09クール.*を登録しました。/).waitFor();
  await p.getByRole('cell', { name: /09クール/ }).first().waitFor();
  await axe(p, 'クール');

  await menu.getByRole('link', { name: 'スケジュール' }).click();
  await p.getByRole('heading', { name: '接種計画のスケジュール' }).waitFor();
  const rows = await p.getByRole('row').count();
  await p.getByRole('button', { name: '期間を追加' }).click();
  const n = rows === 0 ? 1 : rows; // the header row counts once the table exists
  await p.getByLabel(`${n}行目の名称`).fill('登録期間⑨');
  await p.getByLabel(`${n}行目の開始`).fill('2022-12-05T15:00');
  await p.getByLabel(`${n}行目の終了`).fill('2022-12-01T15:00');
  await p.getByRole('button', { name: '保存' }).click();
  await p.getByRole('alert').filter({ hasText: `${n}行目: ` }).waitFor();
  await p.getByLabel(`${n}行目の終了`).fill('2022-12-13T15:00'); // a Tuesday
  await p.getByRole('button', { name: '保存' }).click();
  await p.getByText('スケジュールを保存しました。').waitFor();
  await axe(p, '接種計画のスケジュール');

  await menu.getByRole('link', { name: 'メンテナンス' }).click();
  await p.getByLabel('開始（日本時間）').fill('2021-08-08T10:00');
  await p.getByLabel('終了（日本時間）').fill('2021-08-08T17:00');
  await p.getByLabel('理由').fill('定期メンテナンス');
  await p.getByRole('button', { name: '予告する' }).click();
  await p.getByRole('cell', { name: '定期メンテナンス' }).waitFor();
  await axe(p, 'メンテナンス');
  await p.getByRole('button', { name: '取り消し' }).click();
  await p.getByText('予定されたメンテナンスはありません。').waitFor();

  await menu.getByRole('link', { name: 'コードマスタ' }).click();
  const file = new URL(`../test-results/codes-${unique()}.csv`, import.meta.url).pathname;
  writeFileSync(file, 'code,kind,name,postal_code,municipality_code,address\n1319999901,medical,マスタ医院,100-0001,131016,千代田区千代田1-1\n');
  await p.getByLabel('CSVファイル').setInputFiles(file);
  await p.getByRole('button', { name: '取り込む' }).click();
  await p.getByText('1行: 追加 1件、変更 0件、変更なし 0件').waitFor();
  await axe(p, 'コードマスタの取込');
  assert.ok(true);
  await p.context().close();
});
