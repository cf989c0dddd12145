// Notices, the inquiry desk and the knowledge base in the browser (SPEC
// §11, seeds 000–003): 高松市 writes a notice that 香川県 sends back and then
// approves, shown on コロナワクチンナビ in Japanese and English; a clinic asks
// the FAQ first, then the inquiry form, and reads the desk's answer; the
// nation publishes a manual that the clinics download.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, activate, adminPage, axe, browser, issue, mailsTo, newMail, page, readySite, setClock, shot, signInWithCode } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2021-11-10T13:10:00+09:00');
});
after(() => b?.close());

const menuLink = (p, name) => p.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name, exact: true });

async function office(role, code, password) {
  const { vsysId, email } = await issue({ role, organisation_code: code });
  await activate(vsysId, email, password);
  return { vsysId, email, password };
}

test('高松市 writes a notice, 香川県 sends it back and approves it, and the finder shows it in both languages', async () => {
  const city = await office('municipality', '372013', 'takamatsu2021');
  const pref = await office('prefecture', '37', 'kagawa20211');
  const c = await page(b);
  await signInWithCode(c, city);
  await menuLink(c, 'お知らせ').click();
  await c.getByText('作成したお知らせはありません。').waitFor();
  await c.getByRole('link', { name: 'お知らせを作成' }).click();
  await c.getByLabel('タイトル（日本語）').fill('高松市 3回目接種の予約受付について');
  await c.getByLabel('本文（日本語）').fill('12月1日から3回目接種の予約を受け付けます。\n接種券が届いた方からご予約ください。');
  await c.getByLabel('タイトル（英語）').fill('Takamatsu: booking the third dose');
  await c.getByLabel('本文（英語）').fill('Booking opens on 1 December.');
  await c.getByLabel('掲載終了日').fill('2021-11-01');
  await c.getByRole('button', { name: '承認を申請' }).click();
  await c.locator('[data-field="publish_until"]').getByText('掲載終了日は掲載開始日以降の日付にしてください。').waitFor();
  await c.getByLabel('掲載終了日').fill('2021-12-31');
  await c.getByRole('button', { name: '承認を申請' }).click();
  await c.getByText('承認を申請しました。').waitFor();
  await c.getByText(/高松市・承認待ち/).waitFor();
  await axe(c, 'お知らせの作成');

  // 香川県 sees it waiting on its home screen and sends it back with a comment.
  const p = await page(b);
  await signInWithCode(p, pref);
  await p.getByRole('link', { name: '承認待ちのお知らせが1件あります。' }).click();
  await p.getByRole('link', { name: '高松市 3回目接種の予約受付について' }).click();
  const before = (await mailsTo(city.email)).length;
  await p.getByRole('button', { name: '差戻し' }).click();
  await p.locator('[data-field="comment"]').getByRole('alert').waitFor();
  await p.getByLabel('差戻しの理由（コメント）').fill('英語の本文にも接種券のことを書いてください。');
  await p.getByRole('button', { name: '差戻し' }).click();
  await p.getByText('差戻ししました。').waitFor();
  const mail = await newMail(city.email, before);
  assert.match(mail.subject, /差戻し/);
  assert.match(mail.body, /英語の本文にも接種券のことを書いてください。/);

  // 高松市 corrects it and sends it again; 香川県 approves.
  await c.reload();
  await c.getByText('差戻しされました。内容を修正して再申請してください。').waitFor();
  await c.getByText('英語の本文にも接種券のことを書いてください。').waitFor();
  await c.getByLabel('本文（英語）').fill('Booking opens on 1 December, once your vaccination ticket has arrived.');
  await c.getByRole('button', { name: '修正して再申請' }).click();
  await c.getByText('修正して再申請しました。').waitFor();
  await p.reload();
  await p.getByRole('button', { name: '承認', exact: true }).click();
  await p.getByText('承認しました。掲載期間中、コロナワクチンナビに掲載されます。').waitFor();
  await axe(p, 'お知らせの承認');

  // Residents read it on コロナワクチンナビ, in Japanese or English.
  const r = await page(b);
  await r.goto(`${BASE}/app/finder`);
  await r.getByLabel('都道府県').selectOption({ label: '香川県' });
  await r.getByLabel('市区町村').selectOption({ label: '高松市' });
  await r.getByRole('heading', { name: '高松市 3回目接種の予約受付について' }).waitFor();
  await r.getByText('接種券が届いた方からご予約ください。').waitFor();
  await shot(r, 'finder-notices', { fullPage: false });
  await r.getByRole('button', { name: 'English' }).click();
  await r.getByRole('heading', { name: 'Takamatsu: booking the third dose' }).waitFor();
  await r.getByText('once your vaccination ticket has arrived').waitFor();
  await axe(r, 'コロナワクチンナビのお知らせ');
  // Not on the finder of another municipality of 香川県.
  await r.getByLabel('市区町村').selectOption({ label: '丸亀市' });
  await r.getByRole('heading', { name: 'Notices' }).waitFor({ state: 'detached' });
  for (const x of [c, p, r]) await x.context().close();
});

test('a clinic asks the FAQ, then the inquiry form, and reads the answer of the service desk', async () => {
  const site = await readySite(`高松問い合わせ医院${Date.now() % 100000}`, '372013');
  const s = await page(b);
  await signInWithCode(s, site);
  await menuLink(s, 'ナレッジ').click();
  await s.getByLabel('質問を入力').fill('３回目　開始');
  await s.getByRole('button', { name: '質問する' }).click();
  await s.getByText('お問い合わせ内容と近いものを選んでください。').waitFor();
  await s.getByText('3回目接種はいつ開始しますか？').first().click();
  await s.getByText(/令和3年12月1日から開始します/).waitFor();
  await axe(s, 'ナレッジ（よくある質問）');
  await shot(s, 'knowledge-faq', { fullPage: false });
  await s.getByRole('link', { name: 'この中にない（問い合わせフォームへ）' }).click();
  await s.getByRole('heading', { name: 'お問い合わせ作成' }).waitFor();
  await s.getByLabel('電話番号').fill('087-839-2111');
  await s.getByLabel('お問い合わせ分類').selectOption('ワクチン分配');
  await s.getByLabel('お問い合わせ詳細').selectOption('操作方法');
  await s.getByRole('button', { name: '送信' }).click();
  await s.locator('[data-field="content"]').getByRole('alert').waitFor();
  await s.getByLabel('内容', { exact: true }).fill('分配量の画面で、3回目接種用の割当量はどこに表示されますか。');
  await s.getByRole('button', { name: '送信' }).click();
  await s.getByText(/お問い合わせを受け付けました（受付番号 /).waitFor();
  const id = (await s.getByText(/^受付番号 /).first().textContent()).match(/受付番号 (\S+)・/)[1];
  await axe(s, '問い合わせ');

  // The national office's desk answers it; the answer is mailed and shown.
  const d = await adminPage(b);
  await menuLink(d, 'お問い合わせ対応').click();
  await d.getByLabel('お問い合わせ分類').selectOption('ワクチン分配');
  await d.getByRole('link', { name: id }).click();
  await d.getByText('分配量の画面で、3回目接種用の割当量はどこに表示されますか。').waitFor();
  const before = (await mailsTo(site.email)).length;
  await d.getByLabel('回答', { exact: true }).fill('「ワクチンの分配量」画面で、クールごとに表示されます。');
  await d.getByRole('button', { name: '回答を送信' }).click();
  await d.getByText('回答しました。問い合わせた方にメールで送りました。').waitFor();
  const mail = await newMail(site.email, before);
  assert.match(mail.subject, new RegExp(id));
  assert.match(mail.body, /クールごとに表示されます。/);
  await s.reload();
  await s.getByText('V-SYS事務局', { exact: false }).waitFor();
  await s.getByText('「ワクチンの分配量」画面で、クールごとに表示されます。').waitFor();
  await s.getByText(/回答済/).first().waitFor();
  for (const x of [s, d]) await x.context().close();
});

test('the nation publishes the clinics\' manual; a clinic downloads it, a municipality does not see it', async () => {
  const a = await adminPage(b);
  await menuLink(a, 'ナレッジ').click();
  const upload = a.getByRole('region', { name: 'マニュアルの公開（国）' });
  await upload.getByLabel('対象者').selectOption({ label: '医療機関用マニュアル' });
  await upload.getByLabel('タイトル').fill('医療機関用マニュアル 第46版');
  // A file that is not a PDF is refused next to the file field.
  await upload.getByLabel('PDFファイル').setInputFiles({ name: 'manual.txt', mimeType: 'text/plain', buffer: Buffer.from('not a pdf') });
  await upload.getByRole('button', { name: '公開' }).click();
  await upload.locator('[data-field="file"]').getByText('マニュアルはPDFファイル（.pdf）でアップロードしてください。').waitFor();
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  await upload.getByLabel('PDFファイル').setInputFiles({ name: 'manual.pdf', mimeType: 'application/pdf', buffer: pdf });
  await upload.getByRole('button', { name: '公開' }).click();
  await upload.getByText(/医療機関用マニュアル 第\d+版を公開しました。/).waitFor();
  await axe(a, 'ナレッジ（国）');

  const site = await readySite(`高松マニュアル医院${Date.now() % 100000}`, '372013');
  const s = await page(b);
  await signInWithCode(s, site);
  await menuLink(s, 'ナレッジ').click();
  const manuals = s.getByRole('region', { name: 'マニュアル' });
  await manuals.getByRole('heading', { name: '医療機関用マニュアル' }).waitFor();
  await manuals.getByText(/医療機関用マニュアル 第46版・最終公開日 2021\/11\/10/).first().waitFor();
  const link = s.waitForResponse((r) => /\/manuals\/site\/versions\/\d+$/.test(new URL(r.url()).pathname));
  await manuals.getByRole('button', { name: /医療機関用マニュアル 第\d+版をダウンロード/ }).first().click();
  const res = await link;
  assert.equal(res.status(), 200);
  const got = Buffer.from(await (await fetch((await res.json()).url)).arrayBuffer());
  assert.deepEqual(got, pdf);
  await shot(s, 'knowledge-manuals', { fullPage: false });

  const city = await office('municipality', '372021', 'marugame2021');
  const m = await page(b);
  await signInWithCode(m, city);
  await menuLink(m, 'ナレッジ').click();
  await m.getByRole('heading', { name: '市町村用マニュアル' }).waitFor();
  assert.equal(await m.getByRole('heading', { name: '医療機関用マニュアル' }).count(), 0);
  for (const x of [a, s, m]) await x.context().close();
});
