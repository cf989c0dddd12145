// The account's own screens: a password change (then sign-out and sign-in
// with the new one), and a forgotten password from the sign-in page through
// the mailed reset link, its code and the security answer.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { axe, browser, linkIn, mailsTo, newCode, newMail, page, readySite, setClock, signInWithCode, BASE } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2021-09-06T10:00:00+09:00');
});
after(() => b?.close());

test('a password change, sign-out, and a forgotten password', async () => {
  const site = await readySite('目黒あおば医院', '131105');
  const p = await page(b);
  await signInWithCode(p, site);

  await p.getByRole('link', { name: 'アカウント' }).click();
  await p.getByRole('heading', { name: 'アカウント' }).waitFor();
  await axe(p, 'アカウント');
  const change = p.getByRole('region', { name: 'パスワードの変更' });
  await change.getByLabel('現在のパスワード').fill('wrong-password1');
  await change.getByLabel('新しいパスワード').fill('aoba2021new');
  await change.getByRole('button', { name: 'パスワードを変更' }).click();
  await change.locator('[data-field="current_password"]').getByRole('alert').waitFor();
  await change.getByLabel('現在のパスワード').fill(site.password);
  await change.getByRole('button', { name: 'パスワードを変更' }).click();
  await p.getByText(/パスワードを変更しました。/).waitFor();

  await p.getByRole('button', { name: 'ログアウト' }).click();
  await p.getByRole('heading', { name: 'ログイン' }).waitFor();
  await p.goto(`${BASE}/app/`);
  await p.getByRole('heading', { name: 'ログイン' }).waitFor(); // signed out for real

  // A password change forgets every browser: the code is asked again.
  await signInWithCode(p, { ...site, password: 'aoba2021new' });
  await p.getByRole('button', { name: 'ログアウト' }).click();

  // Forgotten password (a reset mail goes out at most once a minute).
  await setClock('2021-09-06T10:02:00+09:00');
  await p.getByRole('link', { name: 'パスワードをお忘れの場合' }).click();
  await p.getByLabel('V-SYS ID（ユーザ名）').fill(site.vsysId);
  const before = (await mailsTo(site.email)).length;
  await p.getByRole('button', { name: '送信' }).click();
  await p.getByText(/パスワード再設定のメールを送信しました/).waitFor();
  await axe(p, 'パスワードをお忘れの場合');
  const link = linkIn((await newMail(site.email, before)).body);
  assert.match(link, /\/app\/reset-password\?token=/);
  const codeMails = (await mailsTo(site.email)).length;
  await p.goto(link);
  await p.getByRole('heading', { name: 'パスワードの再設定' }).waitFor();
  await p.getByText('セキュリティの質問: 出生地は?').waitFor();
  await p.getByLabel('検証コード').fill(await newCode(site.email, codeMails));
  await p.getByLabel('新しいパスワード', { exact: true }).fill('aoba2021reset');
  await p.getByLabel('新しいパスワードの確認').fill('aoba2021reset');
  await p.getByLabel('回答').fill('東京');
  await axe(p, 'パスワードの再設定');
  await p.getByRole('button', { name: 'パスワードを変更' }).click();
  await p.getByText('パスワードを設定しました').waitFor();
  await p.getByLabel('パスワード').fill('aoba2021reset');
  await p.getByRole('button', { name: 'ログイン' }).click();
  await p.getByRole('heading', { name: 'ホーム' }).waitFor();
  await p.context().close();
});
