// Delivery and stock in the browser (seeds 001, 003): from a final
// allocation of 鳥取市, the wholesaler enters the scheduled date (a holiday
// refused next to the field, a CSV row named), the clinic opens the mailed
// link and lands on its delivery after signing in, the prefecture sees the
// late delivery in 配送状況の確認, the wholesaler registers two lots and the
// actual delivery, a satellite receives a transfer drawn on the clinic's
// stock (more than it holds refused), and the clinic sees its stock with the
// lot near expiry flagged, as the city does on its home screen; the clinic
// reports its results (a bad count refused next to its field), the city
// sees them, and the public statistics show them after the open-data job.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, activate, admin, api, axe, browser, issue, mailsTo, newCode, page, readySite, setClock, shot, signInWithCode } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2021-07-02T10:00:00+09:00');
});
after(() => b?.close());

const job = async (name) => {
  const r = await api('POST', `/_local/jobs/${name}`, { body: {} });
  assert.equal(r.status, 200, JSON.stringify(r.body));
};

const ok = async (method, path, token, body) => {
  const r = await api(method, path, { token, body });
  assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

/** Cool 42's chain through the API, down to the clinic's final allocation of 2 packs. */
async function finalAllocation(site) {
  const token = await admin();
  const cool = await ok('POST', '/cools', token, {
    number: 43, channel: 'general', product: 'moderna-primary', delivery_week: '2021-07-19', vaccination_from: '2021-07-19', vaccination_until: '2021-12-31',
    registration_opens: '2021-07-01T00:00:00+09:00', registration_deadline: '2021-07-06T15:00:00+09:00',
  });
  await ok('PUT', `/cools/${cool.cool_id}/demand`, site.token, { weekly_planned_doses: 200, packs: 2, storage: 'freezer' });
  const a = `/cools/${cool.cool_id}/allocation`;
  await ok('PUT', a, token, { supply: { vaccine: 1741, needles: 17410, syringes: 17410 }, basis: 'one_per_municipality', version: 0 });
  await ok('POST', `${a}/publish`, token, { version: 1 });
  const pref = await issue({ role: 'prefecture', organisation_code: '31' });
  const prefToken = await activate(pref.vsysId, pref.email, 'tottori2021d');
  const tp = `${a}/prefectures/31`;
  let v = await ok('GET', tp, prefToken);
  v = await ok('POST', `${tp}/confirm`, prefToken, { version: v.version });
  v = await ok('PUT', `${tp}/split`, prefToken, { rows: [{ code: '312011', vaccine: 19, needles: 190, syringes: 190 }], version: v.version });
  v = await ok('POST', `${tp}/complete`, prefToken, { version: v.version });
  await ok('POST', `${tp}/lock`, token, { version: v.version });
  await job('allocation-notices');
  const city = await issue({ role: 'municipality', organisation_code: '312011' });
  const cityToken = await activate(city.vsysId, city.email, 'tottori2021e');
  const cm = `${a}/municipalities/312011`;
  let m = await ok('POST', `${cm}/confirm`, cityToken, { version: 0 });
  m = await ok('PUT', `${cm}/split`, cityToken, { version: m.version });
  await ok('POST', `${cm}/complete`, cityToken, { version: m.version });
  v = await ok('GET', tp, prefToken);
  await ok('POST', `${tp}/lock-municipalities`, prefToken, { version: v.version });
  await job('allocation-notices');
  return { cool, pref: { ...pref, password: 'tottori2021d' }, city: { ...city, password: 'tottori2021e' } };
}

test('from a final allocation to the clinic\'s stock and results', async () => {
  const name = '鳥取まつば内科';
  const siteCode = `31${String(Date.now() % 1e8).padStart(8, '0')}`;
  const site = await readySite(name, '312011', siteCode);
  // A satellite of the clinic (in the same city), linked before any allocation.
  const satelliteName = '鳥取まつば第二診療所';
  const satellite = await readySite(satelliteName, '312011');
  const f = await ok('GET', '/facility', satellite.token);
  await ok('PUT', '/facility/site-type', satellite.token, { site_type: 'satellite', basic_site_code: siteCode, version: f.version });
  const { cool, pref, city } = await finalAllocation(site);
  const siteId = `site-${siteCode}`;
  const code = `tw${Date.now() % 1e8}`;
  await ok('PUT', `/wholesalers/${code}`, await admin(), { name: '鳥取ブイシス薬品', areas: ['31'], version: 0 });
  const ws = await issue({ role: 'wholesaler', organisation_code: code, organisation_name: '鳥取ブイシス薬品', prefecture_code: '31' });
  await activate(ws.vsysId, ws.email, 'oroshi2021td');

  // Tuesday of the delivery week: the deadline (Friday 7/16) has passed.
  await setClock('2021-07-20T10:00:00+09:00');
  const w = await page(b);
  await signInWithCode(w, { ...ws, password: 'oroshi2021td' });
  await w.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '納入予定日の登録' }).click();
  await w.getByRole('link', { name: `${cool.label}（一般）` }).click();
  await w.getByRole('heading', { name: `${cool.label} 納入予定日の登録` }).waitFor();
  await w.getByText('納入予定日の登録期日: 2021/07/16').waitFor();
  const row = w.getByRole('row').filter({ hasText: name });
  await row.getByText('納入予定日未登録（遅延）').waitFor();
  // A holiday of the delivery week is refused next to the field, with its name.
  await row.getByLabel(`${name} 納入予定日`).fill('2021-07-22');
  await row.getByRole('button', { name: '登録' }).click();
  await row.getByRole('alert').getByText(/海の日/).waitFor();
  await row.getByLabel(`${name} 納入予定日`).fill('2021-07-19');
  await row.getByRole('button', { name: '登録' }).click();
  await w.getByText(`${name}の納入予定日を2021/07/19で登録しました。`).waitFor();
  await row.getByText('納入予定（遅延）').waitFor();
  // A CSV with a row outside the area: the row is named, nothing written.
  await w.locator('#schedule-file').setInputFiles({ name: 'schedule.csv', mimeType: 'text/csv', buffer: Buffer.from(`会場ID,納入予定日\n${siteId},2021/07/20\nsite-3129999999,2021/07/20\n`) });
  await w.getByRole('button', { name: 'アップロード' }).click();
  const bad = w.getByRole('table', { name: '誤りのある行' });
  await bad.getByText('3行目').waitFor();
  await bad.getByText(/配送エリア内の分配先にありません/).waitFor();
  await axe(w, '納入予定日の登録');
  await shot(w, 'delivery-wholesaler', { fullPage: false });

  // The clinic is mailed a link; opened in a browser not signed in, it leads to the delivery after sign-in.
  await job('allocation-notices');
  const mail = (await mailsTo(site.email)).find((m) => m.subject.includes('納入予定日のお知らせ'));
  assert.ok(mail, 'schedule mail');
  const link = mail.body.match(/https?:\/\/\S+\/deliveries\/\S+/)[0];
  assert.equal(link, `${BASE}/app/deliveries/${cool.cool_id}/${siteId}`);
  const s = await page(b);
  await s.goto(link);
  await s.getByRole('heading', { name: 'ログイン' }).waitFor();
  await s.getByLabel('V-SYS ID（ユーザ名）').fill(site.vsysId);
  await s.getByLabel('パスワード').fill(site.password);
  const before = (await mailsTo(site.email)).length;
  await s.getByRole('button', { name: 'ログイン' }).click();
  await s.getByLabel('確認コード').fill(await newCode(site.email, before));
  await s.getByRole('button', { name: '検証' }).click();
  await s.getByRole('heading', { name: `納入予定の確認（${name}）` }).waitFor();
  await s.getByText('2021/07/19').first().waitFor();
  await axe(s, '納入予定の確認');

  // 鳥取県: the delivery is late in 配送状況の確認.
  const p = await page(b);
  await signInWithCode(p, pref);
  await p.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '納入・配送状況' }).click();
  await p.getByRole('button', { name: '配送状況の確認' }).click();
  await p.getByRole('table', { name: /配送状況の確認/ }).getByRole('row').filter({ hasText: name }).getByText('納入予定（遅延）').waitFor();
  await axe(p, '納入・配送状況');
  await shot(p, 'delivery-reports', { fullPage: false });

  // The wholesaler registers two lots, then the actual delivery.
  await w.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'ロット' }).click();
  for (const [lot, expiry] of [['TB0810', '2021-08-10'], ['TB1231', '2021-12-31']]) {
    await w.getByLabel('ロット番号').fill(lot);
    await w.getByLabel('製品').selectOption({ value: 'moderna-primary' });
    await w.getByLabel('有効期限').fill(expiry);
    await w.getByRole('button', { name: '登録', exact: true }).click();
    await w.getByText(`ロット ${lot} を登録しました。`).waitFor();
  }
  await axe(w, 'ロット');
  await w.goto(`${BASE}/app/deliveries/${cool.cool_id}/${siteId}`);
  await w.getByRole('heading', { name: `納入予定の確認（${name}）` }).waitFor();
  await w.getByLabel('納入実績日').fill('2021-07-19');
  await w.getByLabel('ロット番号（1）').fill('TB0810');
  await w.getByLabel('バイアル数（1）').fill('15');
  await w.getByRole('button', { name: 'ロットを追加' }).click();
  await w.getByLabel('ロット番号（2）').fill('TB1231');
  await w.getByLabel('バイアル数（2）').fill('10');
  await w.getByRole('button', { name: '納入実績を登録' }).click();
  // 2 packs are 20 vials: more is refused next to the lot's field.
  await w.locator('[data-field="lots[1].vials"]').getByRole('alert').getByText(/分配量（20バイアル）を超えています/).waitFor();
  await w.getByLabel('バイアル数（2）').fill('5');
  await w.getByRole('button', { name: '納入実績を登録' }).click();
  await w.getByText('納入実績を登録しました。').waitFor();
  await w.getByText('TB0810（15バイアル）、TB1231（5バイアル）').waitFor();
  await axe(w, '納入実績の登録');

  // The satellite receives 6 vials of TB0810 on the day, drawn on the clinic's 15; more is refused next to the field.
  const t = await page(b);
  await signInWithCode(t, satellite);
  await t.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '基本型・サテライト型' }).click();
  const transfers = t.getByRole('region', { name: /融通の登録/ });
  await transfers.getByLabel('ロット番号').fill('TB0810');
  await transfers.getByLabel('バイアル数').fill('16');
  await transfers.getByRole('button', { name: '登録' }).click();
  await transfers.locator('[data-field="vials"]').getByRole('alert').getByText(/在庫は15バイアルです/).waitFor();
  await transfers.getByLabel('バイアル数').fill('6');
  await transfers.getByRole('button', { name: '登録' }).click();
  await transfers.getByRole('cell', { name: 'TB0810' }).waitFor();
  await axe(t, '融通の登録');

  // The clinic's stock: both lots (9 of TB0810 left), the one expiring on 8/10 flagged, on its home too.
  await s.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'ホーム' }).click();
  await s.getByText('有効期限まで30日以内のロットが1件あります。').waitFor();
  await s.getByRole('link', { name: '入庫・在庫を確認する' }).click();
  const stock = s.getByRole('table', { name: 'ロット別の在庫' });
  const first = stock.getByRole('row').filter({ hasText: 'TB0810' });
  await first.getByText('期限間近').waitFor();
  assert.deepEqual(await first.getByRole('cell').allInnerTexts(), ['TB0810', '武田/モデルナ社ワクチン（1・2回目）', '2021/08/10期限間近', '15', '0', '6', '0', '0', '9']);
  await stock.getByRole('row').filter({ hasText: 'TB1231' }).getByText('5', { exact: true }).first().waitFor();
  await axe(s, '入庫・在庫');
  await shot(s, 'delivery-stock', { fullPage: false });

  // 鳥取市's home lists the lot near expiry held in the city.
  const c = await page(b);
  await signInWithCode(c, city);
  await c.getByRole('table', { name: '有効期限が近いロットの在庫' }).getByRole('row').filter({ hasText: name }).getByText('TB0810').waitFor();
  await axe(c, 'ホーム（市町村）');

  // The clinic reports 100 first doses to the elderly, as of today.
  await s.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '接種実績の報告' }).click();
  await s.getByText('2021/07/19にワクチンを受け取ってから、接種実績が登録されていません。').waitFor();
  await s.getByLabel('報告日（この日までの累計）').fill('2021-07-20');
  await s.getByLabel('高齢者 1回目', { exact: true }).fill('100');
  await s.getByLabel('医療従事者 2回目', { exact: true }).fill('-1');
  await s.getByRole('button', { name: '登録' }).click();
  await s.locator('[data-field="dose2.medical_workers"]').getByRole('alert').waitFor();
  await s.getByLabel('医療従事者 2回目', { exact: true }).fill('0');
  await s.getByRole('button', { name: '登録' }).click();
  await s.getByText('2021/07/20時点の接種実績を登録しました（合計 100回）。').waitFor();
  await s.getByText('前回登録: 2021/07/20時点の累計（合計 100回）').waitFor();
  await axe(s, '接種実績の報告');
  await shot(s, 'results-entry', { fullPage: false });
  // The city sees it in its report.
  await c.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '接種実績' }).click();
  await c.getByRole('table', { name: '接種実績・廃棄数' }).getByRole('row').filter({ hasText: name }).getByText('100', { exact: true }).first().waitFor();
  await axe(c, '接種実績');
  // The public statistics, once the morning's open-data job has run.
  await job('open-data');
  const pub = await page(b);
  await pub.goto(`${BASE}/app/finder`);
  await pub.getByLabel('地域').selectOption({ label: '鳥取県' });
  await pub.getByRole('table', { name: '鳥取県の接種回数（日別）' }).getByRole('row').filter({ hasText: '2021/07/20' }).getByText('100').first().waitFor();
  await axe(pub, '接種状況');
  for (const x of [w, s, p, t, c, pub]) await x.context().close();
});
