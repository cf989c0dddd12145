// A clinic's very first steps, as a receptionist clicks them: the mailed
// link → the code → a new password (the rules ticked off while typing) and
// a security question → sign-in → privacy consent → the basic facility
// data the first screen asks for → a doctor → the home screen.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { axe, browser, facilityCode, issue, lastMail, linkIn, mailsTo, newCode, page, setClock, shot } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2021-07-05T10:00:00+09:00');
});
after(() => b?.close());

test('the first sign-in from the mailed link to the site home', async () => {
  const { vsysId, email } = await issue({ role: 'site', organisation_code: facilityCode(), organisation_name: '千代田みどりクリニック', municipality_code: '131016' });
  const p = await page(b);

  // The link of the activation mail opens the app, which removes the token
  // from the address bar and mails a code.
  const link = linkIn((await lastMail(email)).body);
  assert.match(link, /\/app\/activate\?token=/);
  const mailsBefore = (await mailsTo(email)).length;
  await p.goto(link);
  await p.getByRole('heading', { name: 'ログインユーザ初期設定' }).waitFor();
  await p.getByText('確認コードを送信しました').waitFor();
  assert.ok(!p.url().includes('token='), `the token left the address bar: ${p.url()}`);
  await axe(p, 'ログインユーザ初期設定');
  const code = await newCode(email, mailsBefore);

  await p.getByLabel('検証コード').fill(code);
  const rules = p.getByRole('list', { name: 'パスワードの条件' });
  await p.getByLabel('新しいパスワード', { exact: true }).fill('abc');
  assert.match(await rules.innerText(), /・8文字以上/);
  await p.getByLabel('新しいパスワード', { exact: true }).fill('midori2021');
  assert.match(await rules.innerText(), /✓ 8文字以上[\s\S]*✓ 1個以上の文字[\s\S]*✓ 1個以上の数値/);
  await p.getByLabel('新しいパスワードの確認').fill('midori2021');
  await p.getByText('一致', { exact: true }).waitFor();
  await p.getByLabel('セキュリティの質問').selectOption('出生地は?');
  await p.getByLabel('回答').fill('東京');
  await p.getByRole('button', { name: 'パスワードを変更' }).click();

  // Back at sign-in with the ID filled in; this browser is known now: no code.
  await p.getByRole('heading', { name: 'ログイン' }).waitFor();
  await p.getByText('パスワードを設定しました').waitFor();
  assert.equal(await p.getByLabel('V-SYS ID（ユーザ名）').inputValue(), vsysId);
  await axe(p, 'ログイン');
  await p.getByLabel('パスワード').fill('midori2021');
  await p.getByRole('button', { name: 'ログイン' }).click();

  await p.getByRole('heading', { name: '個人情報同意画面' }).waitFor();
  await axe(p, '個人情報同意画面');
  await p.getByRole('button', { name: '次へ' }).click();
  await p.getByText('同意してください').waitFor();
  await p.getByLabel('同意する').check();
  await p.getByRole('button', { name: '次へ' }).click();

  // The first screen asks for the facility's basic data.
  await p.getByText('初期設定のため、自医療機関の基本情報を入力してください。').waitFor();
  await axe(p, '医療機関・接種会場');
  await p.getByLabel('郵便番号(000-0000)').fill('1000001');
  await p.getByLabel('所在地（市町村・町名・番地）').fill('東京都千代田区千代田1-1');
  await p.getByLabel('代表電話番号').fill('03-1234-5678');
  await p.getByRole('button', { name: '保存' }).click();
  // The API names the field: its message appears next to it.
  const postal = p.locator('[data-field="profile.postal_code"]');
  await postal.getByRole('alert').waitFor();
  assert.match(await postal.innerText(), /郵便番号/);
  await p.getByLabel('郵便番号(000-0000)').fill('100-0001');
  for (const [i, who] of ['接種 太郎', '保管 花子', '針 次郎', '休日 三郎'].entries()) {
    await p.getByLabel('氏名', { exact: true }).nth(i).fill(who);
    await p.getByLabel('電話番号', { exact: true }).nth(i).fill('03-1234-5678');
  }
  await p.getByLabel('氏名', { exact: true }).nth(4).fill('受付 良子');
  await p.getByLabel('電話番号', { exact: true }).nth(4).fill('03-1234-5679');
  await p.getByLabel('メールアドレス').fill(email);
  await p.getByLabel('ディープフリーザー(-75°C)（台）').fill('1');
  await p.getByLabel('ディープフリーザー(-20°C)（台）').fill('0');
  await p.getByRole('button', { name: '保存' }).click();
  await p.getByRole('status').filter({ hasText: '保存しました' }).or(p.getByText('保存しました')).first().waitFor();

  // A doctor; the last one cannot be deleted.
  await p.getByRole('button', { name: '新規医師情報' }).scrollIntoViewIfNeeded();
  const doctors = p.getByRole('region', { name: '接種担当医師の情報' });
  await doctors.getByLabel('氏名', { exact: true }).fill('千代田 一郎');
  await doctors.getByLabel('氏名（かな）').fill('ちよだ いちろう');
  await p.getByRole('button', { name: '新規医師情報' }).click();
  await doctors.getByRole('cell', { name: '千代田 一郎', exact: true }).waitFor();
  await doctors.getByRole('button', { name: '千代田 一郎を編集' }).click();
  await doctors.getByLabel('氏名', { exact: true }).fill('千代田 一朗');
  await doctors.getByLabel('氏名（かな）').fill('ちよだ いちろう');
  await p.getByRole('button', { name: '変更を保存' }).click();
  await doctors.getByText('接種担当医師の情報を変更しました。').waitFor();
  await doctors.getByRole('cell', { name: '千代田 一朗', exact: true }).waitFor();
  await doctors.getByRole('button', { name: '千代田 一朗を削除' }).click();
  await doctors.getByRole('alert').waitFor();
  assert.match(await doctors.getByRole('alert').innerText(), /医師/);
  await doctors.getByRole('cell', { name: '千代田 一朗', exact: true }).waitFor();
  const ready = p.getByRole('region', { name: '接種の準備状況' });
  await p.reload();
  await ready.waitFor();
  assert.doesNotMatch(await ready.innerText(), /✕/, 'every readiness check passes');

  await p.getByRole('link', { name: 'ホーム' }).click();
  await p.getByRole('heading', { name: 'ホーム' }).waitFor();
  await p.getByRole('region', { name: '予約の受付情報' }).waitFor();
  await axe(p, 'ホーム（医療機関）');
  await shot(p, 'home-site');

  // The same screen on a phone.
  await p.setViewportSize({ width: 375, height: 800 });
  await p.getByRole('heading', { name: 'ホーム' }).waitFor();
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling at 375 px (${overflow} px too wide)`);
  await shot(p, 'home-site-375');
  await p.context().close();
});
