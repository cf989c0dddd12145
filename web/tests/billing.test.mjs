// Billing in the browser (seed 002): a clinic that joined in April enters
// its April claim in May — 千代田区 first, 渋谷区 added, a negative count
// refused next to its cell, the warning while more vaccinations are billed
// than reported — submits it (13,662 yen), makes the PDF; after the 10th a
// change needs 「請求内容変更の場合はチェック」; 千代田区 sees what is billed
// to it, marked as changed and warned; the nation keeps the price master.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { activate, adminPage, axe, browser, facilityCode, issue, page, readySite, setClock, shot, signInWithCode } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2021-04-05T10:00:00+09:00');
});
after(() => b?.close());

const cell = (p, muni, kind, age, time) => p.getByLabel(`${muni} ${kind} ${age} ${time}`, { exact: true });

test('a clinic bills April, corrects it after the 10th, and 千代田区 sees what is billed to it', async () => {
  const name = `千代田請求クリニック${Date.now() % 100000}`;
  const code = facilityCode();
  const site = await readySite(name, '131016', code);
  await setClock('2021-05-06T10:00:00+09:00');

  const p = await page(b);
  await signInWithCode(p, site);
  await p.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '請求', exact: true }).click();
  await p.getByRole('heading', { name: '請求', exact: true }).waitFor();
  await p.getByText('登録した請求はありません。').waitFor();
  assert.equal(await p.getByLabel('接種月').inputValue(), '2021-04', 'the last month that is over');
  await p.getByRole('button', { name: '入力する' }).click();
  await p.getByRole('heading', { name: '国保連提出用請求総括書・市区町村別請求書の作成（2021年4月接種分）' }).waitFor();
  await p.getByText('2021年5月請求分（5/10締切）', { exact: false }).first().waitFor();
  await p.getByText(/2021年11月以前の接種分は、時間外・休日の加算額をこの請求とは別に請求/).waitFor();

  // 千代田区 first; 5 vaccinations of people aged 6 or more: more than the 0 doses reported.
  await p.getByRole('heading', { name: '医療機関と同一市内にお住まいの方（千代田区）' }).waitFor();
  await cell(p, '千代田区', '接種', '6歳以上', '通常').fill('5');
  await p.getByText('請求する接種回数（5回）が、この月の接種実績として報告された回数（0回）を上回っています。').waitFor();
  // 渋谷区 added, with a negative count: refused next to its cell, nothing written.
  await p.getByLabel('都道府県', { exact: true }).selectOption({ label: '東京都' });
  await p.getByLabel('市区町村', { exact: true }).selectOption({ label: '渋谷区' });
  await p.getByRole('button', { name: '市区町村を追加' }).click();
  await cell(p, '渋谷区', '接種', '6歳以上', '通常').fill('-1');
  await p.getByRole('button', { name: '請求を登録' }).click();
  await p.locator('[data-field="rows[1].counts.vaccination.from6.normal"]').getByRole('alert').waitFor();
  await cell(p, '渋谷区', '接種', '6歳以上', '通常').fill('1');
  await p.getByRole('button', { name: '請求を登録' }).click();
  await p.getByText('2021年4月接種分の請求を登録しました（合計 13,662円）。').waitFor();
  const summary = p.getByRole('table', { name: '請求総括書の明細' });
  await summary.getByRole('row').filter({ hasText: '6歳以上' }).filter({ hasText: '2,070円' }).getByText('13,662円').waitFor();
  await p.getByRole('table', { name: '千代田区への請求' }).getByText('11,385円').first().waitFor();
  await p.getByText('東京都国民健康保険団体連合会 御中').waitFor();
  await axe(p, '請求の入力');
  await shot(p, 'billing-claim', { fullPage: false });

  // The PDF is made for the claim and handed out by a link.
  const made = p.waitForResponse((r) => r.url().includes('/billing/claims/2021-04/documents?format=pdf'));
  await p.getByRole('button', { name: '請求総括書・市区町村別請求書（PDF）' }).click();
  const link = await (await made).json();
  assert.equal(link.filename, `billing-${code}-2021-04.pdf`);
  const pdf = Buffer.from(await (await fetch(link.url)).arrayBuffer());
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  await p.context().close();

  // After the 10th: a change only as 請求内容変更.
  await setClock('2021-05-11T09:00:00+09:00');
  const q = await page(b);
  await signInWithCode(q, site);
  await q.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '請求', exact: true }).click();
  await q.getByRole('link', { name: '2021年4月の請求を開く' }).click();
  await q.getByText(/に提出済み/).waitFor();
  await cell(q, '千代田区', '接種', '6歳以上', '通常').fill('4');
  await q.getByRole('button', { name: '請求内容を更新' }).click();
  await q.locator('[data-field="correction"]').getByRole('alert').waitFor();
  await q.getByLabel('請求内容変更の場合はチェック').check();
  await q.getByRole('button', { name: '請求内容を更新' }).click();
  await q.getByText(/提出済み（請求内容変更）/).waitFor();
  await q.getByText('2021年4月接種分の請求を登録しました（合計 11,385円）。').waitFor();
  await q.context().close();

  // 千代田区 sees the clinic's claim, changed and warned.
  const city = await issue({ role: 'municipality', organisation_code: '131016' });
  await activate(city.vsysId, city.email, 'chiyoda2021b');
  const c = await page(b);
  await signInWithCode(c, { ...city, password: 'chiyoda2021b' });
  await c.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '請求の確認' }).click();
  await c.getByRole('heading', { name: '請求の確認' }).waitFor();
  const row = c.getByRole('table', { name: '請求の一覧' }).getByRole('row').filter({ hasText: name });
  await row.getByText('9,108円').waitFor();
  await row.getByText('請求内容変更').waitFor();
  await row.getByText('請求 5回 / 実績 0回').waitFor();
  await c.getByText(/接種実績の報告より多い接種回数を請求している医療機関等があります/).waitFor();
  await c.getByRole('link', { name: '請求の一覧をExcelで出力' }).waitFor();
  await axe(c, '請求の確認');
  await shot(c, 'billing-invoices');
  await c.context().close();

  // The nation's price master: a set without its month refused next to it.
  const n = await adminPage(b);
  await n.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '単価マスタ' }).click();
  await n.getByRole('heading', { name: '単価マスタ' }).waitFor();
  assert.equal(await n.getByLabel('1行目 接種 6歳以上').inputValue(), '2070');
  assert.equal(await n.getByLabel('2行目 時間外加算').inputValue(), '730');
  await n.getByRole('button', { name: '単価を追加' }).click();
  await n.getByRole('button', { name: '保存' }).click();
  await n.locator('[data-field="sets[2].effective_from"]').getByRole('alert').waitFor();
  await n.getByLabel('3行目 適用開始（接種月）').fill('2023-04');
  await n.getByLabel('3行目 接種 6歳以上').fill('2100');
  await n.getByRole('button', { name: '保存' }).click();
  await n.getByText('単価マスタを保存しました。').waitFor();
  assert.equal(await n.getByLabel('3行目 接種 6歳以上').inputValue(), '2100');
  await axe(n, '単価マスタ');
  await n.context().close();
});
