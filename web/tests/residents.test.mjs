// Residents' requests in the browser (seed 001 「住所地外接種の申請、クーポン
// 券再発行依頼」): a resident of 那覇市 finds the form on コロナワクチンナビ,
// is told of a wrong coupon number at its field, confirms the request by the
// mailed link; 福岡市 accepts it and the resident downloads the 届出済証. A
// resident of 熊本市 asks for a new coupon, which the city reissues.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, activate, api, axe, browser, issue, lastMail, page, setClock, shot, signInWithCode, tokenIn, unique } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2021-06-01T10:00:00+09:00');
});
after(() => b?.close());

const menuLink = (p, name) => p.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name, exact: true });

async function city(code, password) {
  const { vsysId, email } = await issue({ role: 'municipality', organisation_code: code });
  await activate(vsysId, email, password);
  return { vsysId, email, password };
}

const pdfOf = async (download) => readFileSync(await (await download).path());

test('a resident notifies vaccination in 福岡市, which accepts it, and downloads the certificate', async () => {
  const email = `naha-${unique()}@example.jp`;
  const r = await page(b);
  await r.goto(`${BASE}/app/finder`);
  await r.getByRole('link', { name: '住所地外接種の届出' }).click();
  await r.getByRole('heading', { name: '住所地外接種の届出' }).waitFor();
  await r.getByLabel('氏名', { exact: true }).fill('那覇 花子');
  await r.getByLabel('フリガナ', { exact: true }).fill('ナハ ハナコ');
  await r.getByLabel('生年月日').fill('1990/03/03');
  await r.getByLabel('住民票のある市区町村（都道府県）').selectOption({ label: '沖縄県' });
  await r.getByLabel('住民票のある市区町村（市区町村）').selectOption({ label: '那覇市' });
  await r.getByLabel('住民票の住所').fill('沖縄県那覇市泉崎1-1-1');
  await r.getByLabel('接種券の券番号').fill('472000001');
  await r.getByLabel('接種を受ける市区町村（都道府県）').selectOption({ label: '福岡県' });
  await r.getByLabel('接種を受ける市区町村（市区町村）').selectOption({ label: '福岡市' });
  await r.getByLabel('滞在先').fill('福岡市中央区天神1-8-1 学生寮');
  await r.getByLabel('滞在期間（開始日）').fill('2021-04-01');
  await r.getByLabel('滞在期間（終了日）').fill('2022-03-31');
  await r.getByLabel('届出の理由').selectOption({ label: '遠隔地へ下宿している学生' });
  await r.getByLabel('電話番号').fill('090-1234-5678');
  await r.getByLabel('メールアドレス').fill(email);
  await r.getByRole('button', { name: '確認のメールを送信' }).click();
  // The 9-digit number is named at its field.
  await r.getByText('＊券番号は10桁の数字で入力してください。').waitFor();
  await axe(r, '住所地外接種の届出');
  await shot(r, 'resident-out-of-area-form');
  await r.getByLabel('接種券の券番号').fill('4720000001');
  await r.getByRole('button', { name: '確認のメールを送信' }).click();
  await r.getByText(/^入力されたメールアドレスに確認のメールを送信しました。/).waitFor();

  // The mailed link: confirmed by the resident.
  const confirm = await lastMail(email);
  await r.goto(`${BASE}/app/resident-request?token=${tokenIn(confirm.body)}`);
  await r.getByText('申請はまだ確定していません').waitFor();
  await r.getByRole('button', { name: '申請を確定する' }).click();
  await r.getByText('申請を確定しました。').waitFor();
  assert.ok(!r.url().includes('token='), r.url());

  // 福岡市 finds it in its queue and accepts it.
  const fukuoka = await city('401307', 'fukuoka2021');
  const c = await page(b);
  await signInWithCode(c, fukuoka);
  await menuLink(c, '住民からの申請').click();
  const row = c.getByRole('table', { name: '住所地外接種の届出（受付中）' }).getByRole('row').filter({ hasText: '那覇 花子' });
  await row.waitFor();
  await axe(c, '住民からの申請');
  await shot(c, 'resident-requests-queue');
  await row.getByRole('link').click();
  await c.getByText('4720000001').waitFor();
  await c.getByRole('button', { name: '受理して届出済証を発行' }).click();
  await c.getByText('受理しました。').waitFor();
  const staffPdf = c.waitForEvent('download');
  await c.getByRole('button', { name: '届出済証を出力（PDF）' }).click();
  assert.equal((await pdfOf(staffPdf)).subarray(0, 5).toString(), '%PDF-');

  // The resident opens the decision's link and downloads the certificate.
  const decided = await lastMail(email);
  assert.match(decided.subject, /処理結果/);
  await r.goto(`${BASE}/app/resident-request?token=${tokenIn(decided.body)}`);
  await r.getByText('届出は受理されました').waitFor();
  const download = r.waitForEvent('download');
  await r.getByRole('button', { name: '届出済証をダウンロード（PDF）' }).click();
  assert.equal((await pdfOf(download)).subarray(0, 5).toString(), '%PDF-');
  await r.context().close();
  await c.context().close();
});

test('熊本市 reissues a lost coupon under a new number', async () => {
  const email = `kumamoto-${unique()}@example.jp`;
  const s = await api('POST', '/public/resident-requests', {
    body: { kind: 'reissue', name: '熊本 一郎', kana: 'クマモト イチロウ', birth_date: '1948-08-08', address: '熊本県熊本市中央区手取本町1-1', home_muni: '431001', coupon: '4310000001', phone: '096-328-2111', email, reason: 'lost', doses_received: [1, 2] },
  });
  assert.equal(s.status, 202, JSON.stringify(s.body));
  const token = tokenIn((await lastMail(email)).body);
  assert.equal((await api('POST', '/public/resident-requests/confirm', { body: { token } })).status, 200);

  const kumamoto = await city('431001', 'kumamoto2021');
  const c = await page(b);
  await signInWithCode(c, kumamoto);
  await menuLink(c, '住民からの申請').click();
  await c.getByLabel('表示する申請').selectOption({ label: '接種券の再発行申請（受付中）' });
  await c.getByRole('table', { name: '接種券の再発行申請（受付中）' }).getByRole('row').filter({ hasText: '熊本 一郎' }).getByRole('link').click();
  await c.getByText('1回目、2回目').waitFor();
  await c.getByLabel('新しい券番号').fill('4310000001');
  await c.getByRole('button', { name: '再発行を登録' }).click();
  await c.getByText('＊新しい券番号が、再発行前の券番号と同じです。').waitFor();
  await c.getByLabel('新しい券番号').fill('4310009999');
  await c.getByRole('button', { name: '再発行を登録' }).click();
  await c.getByText('再発行を登録しました。').waitFor();
  await c.getByText('再発行済').first().waitFor();
  assert.match((await lastMail(email)).body, /4310009999/);
  await c.context().close();
});
