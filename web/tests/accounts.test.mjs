// The national office issues accounts by CSV: a file with one bad row is
// refused whole, the error shown against that row's line; the corrected
// file issues every row, each outcome against its line, and the mails go.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { adminPage, axe, browser, lastMail, setClock, shot, unique } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2021-04-12T10:00:00+09:00');
});
after(() => b?.close());

test('the national office issues accounts by CSV with one bad row', async () => {
  const p = await adminPage(b);
  await p.getByRole('link', { name: 'アカウント発行' }).click();
  await p.getByRole('heading', { name: 'アカウント発行' }).waitFor();
  await axe(p, 'アカウント発行');

  const emails = [1, 2, 3].map((i) => `bulk${i}-${unique()}@example.lg.jp`);
  const file = (third) =>
    ['organisation_code,role,email', `011002,municipality,${emails[0]}`, `131016,municipality,${emails[1]}`, `271004,municipality,${third}`].join('\n') + '\n';
  const path = (name) => new URL(`../test-results/${name}-${unique()}.csv`, import.meta.url).pathname;

  const first = path('bulk-with-a-bad-row');
  writeFileSync(first, file('not-an-address'));
  await p.getByLabel('CSVファイル').setInputFiles(first);
  await p.getByRole('button', { name: 'アップロードして発行' }).click();
  await p.getByText('ファイルを発行できませんでした').waitFor();
  const bad = p.locator('tr[data-line="4"]');
  await bad.getByRole('alert').waitFor();
  assert.match(await bad.innerText(), /4行目（email）/);
  assert.equal(await p.locator('tr[data-line="2"]').getByRole('alert').count(), 0, 'only the bad line is marked');
  await shot(p, 'accounts-csv-refused');

  const fixed = path('bulk-corrected');
  writeFileSync(fixed, file(emails[2]));
  await p.getByLabel('CSVファイル').setInputFiles(fixed);
  await p.getByRole('button', { name: 'アップロードして発行' }).click();
  await p.getByText('発行 3件、発行済み 0件、失敗 0件').waitFor();
  for (const line of [2, 3, 4]) await p.locator(`tr[data-line="${line}"]`).getByText('発行しました').waitFor();
  assert.equal(await p.locator('progress').getAttribute('value'), '1');
  await axe(p, 'アカウント発行（結果）');
  await shot(p, 'accounts-csv-issued');
  for (const e of emails) assert.match((await lastMail(e)).body, /\/app\/activate\?token=/);
  await p.context().close();
});
