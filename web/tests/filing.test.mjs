// A municipality files a call-centre account request through the inquiry
// form (seed 003; closed Wednesday 17:00, processed Friday) and a new-code application for a special venue,
// and sees both in its lists; the prefecture forwards the application.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { activate, axe, browser, issue, page, setClock, signInWithCode } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2021-05-17T10:00:00+09:00'); // Monday
});
after(() => b?.close());

test('a municipality files a call-centre request and a new-code application', async () => {
  const { vsysId, email } = await issue({ role: 'municipality', organisation_code: '141305' });
  await activate(vsysId, email, 'kawasaki2021');
  const p = await page(b);
  await signInWithCode(p, { vsysId, email, password: 'kawasaki2021' });
  const menu = p.getByRole('navigation', { name: 'メニュー' });

  // Seed 003: the request is filed through the inquiry form.
  await menu.getByRole('link', { name: 'コールセンター' }).click();
  await p.getByRole('link', { name: /問い合わせフォームから申請/ }).click();
  await p.getByRole('heading', { name: 'お問い合わせ作成' }).waitFor();
  await p.getByLabel('お問い合わせ詳細').locator('option', { hasText: 'アカウントの追加・変更・削除' }).waitFor({ state: 'attached' });
  assert.equal(await p.getByLabel('お問い合わせ分類').inputValue(), 'アカウント');
  assert.equal(await p.getByLabel('お問い合わせ詳細').inputValue(), '予約受付業者（コールセンター）のアカウントの発行・返納・削除');
  assert.equal(await p.locator('[data-field="email"] input').inputValue(), email, 'pre-filled');
  await p.locator('[data-field="phone"] input').fill('044-200-0000');
  const cc = p.getByRole('group', { name: '予約受付業者（コールセンター）のアカウント' });
  await cc.getByLabel('会社名').fill('川崎コールサービス株式会社');
  await cc.getByLabel('氏名').fill('受付 一郎');
  await cc.getByLabel('電話番号').fill('044-200-2222');
  await cc.getByLabel('メールアドレス').fill('not-an-address');
  await p.getByLabel('内容', { exact: true }).fill('予約受付業者のアカウントの新規発行をお願いします。');
  await p.getByRole('button', { name: '送信' }).click();
  await p.locator('[data-field="call_centre.email"]').getByRole('alert').waitFor();
  await cc.getByLabel('メールアドレス').fill(`cc-${Date.now()}@callcentre.example.jp`);
  await p.getByRole('button', { name: '送信' }).click();
  await p.getByText(/予約受付業者アカウントの申請: 締切 05月19日 17:00/).waitFor();
  await axe(p, '問い合わせ（コールセンターの申請）');
  await menu.getByRole('link', { name: 'コールセンター' }).click();
  await p.getByRole('cell', { name: /川崎コールサービス株式会社/ }).waitFor();
  await p.getByRole('cell', { name: '受付中' }).waitFor();
  await axe(p, 'コールセンターのアカウント申請');

  await menu.getByRole('link', { name: '新規コード付番' }).click();
  const applicant = p.getByRole('group', { name: '申請者' });
  for (const [label, value] of [['氏名', '川崎 花子'], ['所属', '川崎市'], ['部署', '健康福祉局'], ['メールアドレス', 'hanako@city.kawasaki.example.jp'], ['電話番号', '044-200-0000']]) {
    await applicant.getByLabel(label).fill(value);
  }
  const venue = p.getByRole('group', { name: '申請する会場' });
  for (const [label, value] of [['会場名', '川崎市集団接種会場（とどろき）'], ['代表者名', '川崎 太郎'], ['郵便番号(000-0000)', '211-0052'], ['市区町村コード', '141305'], ['所在地', '川崎市中原区等々力1-1'], ['電話番号', '044-200-1111']]) {
    await venue.getByLabel(label).fill(value);
  }
  await p.getByRole('button', { name: '申請' }).click();
  await p.getByText(/申請番号 .* で受け付けました。/).waitFor();
  await p.getByRole('cell', { name: '川崎市集団接種会場（とどろき）' }).waitFor();
  await axe(p, '新規コード付番の申請');
  assert.ok(true);
  await p.context().close();
});
