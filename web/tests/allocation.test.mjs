// Allocation in the browser, seed 001's chain for one prefecture: the
// nation previews and saves a split, publishes it and data-locks; 鳥取県
// confirms, sees a sum over its allocation refused next to the field,
// simulates on the registered demand, registers and completes, reminds and
// locks its municipalities; 鳥取市 splits over its registered site; the site
// sees its final allocation.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { activate, adminPage, admin, api, axe, browser, issue, mailsTo, page, readySite, setClock, shot, signInWithCode } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2021-07-02T10:00:00+09:00');
});
after(() => b?.close());

const job = async (name) => {
  const r = await api('POST', `/_local/jobs/${name}`, { body: {} });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.summary;
};

test('an allocation from the nation to a site', async () => {
  const token = await admin();
  let r = await api('POST', '/cools', {
    token,
    body: {
      number: 41, channel: 'general', product: 'moderna-primary', delivery_week: '2021-07-19', vaccination_from: '2021-07-19', vaccination_until: '2021-12-31',
      registration_opens: '2021-07-01T00:00:00+09:00', registration_deadline: '2021-07-06T15:00:00+09:00',
    },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const cool = r.body;
  // A clinic of 鳥取市 registers 2 packs.
  const site = await readySite('鳥取しらうさぎ内科', '312011', `31${String(Date.now() % 1e8).padStart(8, '0')}`);
  r = await api('PUT', `/cools/${cool.cool_id}/demand`, { token: site.token, body: { weekly_planned_doses: 200, packs: 2, storage: 'freezer' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));

  // The nation: a what-if, then the split saved and published.
  const office = await adminPage(b);
  await office.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'ワクチン分配' }).click();
  await office.getByRole('link', { name: cool.label }).click();
  await office.getByRole('heading', { name: `${cool.label} ワクチン分配量の決定` }).waitFor();
  await office.getByLabel('ワクチン（箱）', { exact: true }).fill('1741');
  await office.getByLabel('針（箱）', { exact: true }).fill('17410');
  await office.getByLabel('シリンジ（箱）', { exact: true }).fill('17410');
  await office.getByLabel('配分の基準').selectOption({ label: '1市町村1箱' });
  await office.getByRole('button', { name: '試算する（保存しない）' }).click();
  await office.getByText('試算結果（1市町村1箱、保存していません）').waitFor();
  await axe(office, 'ワクチン分配量の決定');
  await office.getByRole('button', { name: '基準で計算して保存' }).click();
  await office.getByText('基準に沿って分配量を計算し、保存しました。').waitFor();
  const tottori = office.getByRole('row').filter({ hasText: '鳥取県' });
  assert.equal(await tottori.getByLabel('鳥取県 ワクチン（箱）').inputValue(), '19');
  await office.getByRole('button', { name: '都道府県に公開' }).click();
  await office.getByText('都道府県に公開しました。').waitFor();
  await tottori.getByText('未確認').waitFor();
  await shot(office, 'allocation-nation', { fullPage: false });

  // 鳥取県 confirms and splits.
  const pref = await issue({ role: 'prefecture', organisation_code: '31' });
  await activate(pref.vsysId, pref.email, 'tottori2021');
  const p = await page(b);
  await signInWithCode(p, { ...pref, password: 'tottori2021' });
  await p.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'ワクチン分配' }).click();
  await p.getByRole('link', { name: cool.label }).click();
  await p.getByRole('heading', { name: `${cool.label} ワクチン分配作業（鳥取県）` }).waitFor();
  await p.getByText('ワクチン 19箱／針 190箱／シリンジ 190箱').first().waitFor();
  await p.getByRole('button', { name: '確認済' }).click();
  await p.getByText('状況を「確認済」にしました。').waitFor();
  // More than the allocation: refused, the message next to the row's field.
  await p.getByLabel('鳥取市 ワクチン（箱）').fill('100');
  await p.getByRole('button', { name: '登録' }).click();
  await p.locator('[data-field="rows[0].vaccine"]').getByRole('alert').waitFor();
  // The simulation on the registered demand: all to 鳥取市, where the clinic registered.
  await p.getByLabel('分配シミュレーションの基準').selectOption({ label: '希望量（登録された接種回数）比' });
  await p.getByRole('button', { name: '分配シミュレーション' }).click();
  await p.getByText(/分配シミュレーション（希望量（登録された接種回数）比）の結果を表に入れました/).waitFor();
  assert.equal(await p.getByLabel('鳥取市 ワクチン（箱）').inputValue(), '19');
  assert.equal(await p.getByLabel('米子市 ワクチン（箱）').inputValue(), '0');
  await p.getByRole('button', { name: '登録' }).click();
  await p.getByText('市町村別の分配量を登録しました。').waitFor();
  await axe(p, 'ワクチン分配作業（都道府県）');
  await p.getByRole('button', { name: '分配完了' }).click();
  await p.getByText('分配完了にしました。国のデータロックをお待ちください。').waitFor();

  // The nation locks 鳥取県; 鳥取市 is mailed.
  await office.reload();
  await tottori.getByRole('button', { name: 'データロック' }).click();
  await office.getByText('鳥取県をデータロックしました。').waitFor();
  const city = await issue({ role: 'municipality', organisation_code: '312011' });
  await activate(city.vsysId, city.email, 'tottori2021c');
  await job('allocation-notices');
  assert.ok((await mailsTo(city.email)).some((m) => m.subject.includes('ワクチン分配量の割り当て')));

  // 鳥取県 reminds 鳥取市, which then splits over its clinic and completes.
  await p.reload();
  await p.getByRole('button', { name: '未完了の市町村に督促（1）' }).click();
  await p.getByText('分配作業が未完了の市町村に督促メールを送りました。').waitFor();
  const m = await page(b);
  await signInWithCode(m, { ...city, password: 'tottori2021c' });
  await m.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'ワクチン分配' }).click();
  await m.getByRole('link', { name: cool.label }).click();
  await m.getByRole('heading', { name: `${cool.label} ワクチン分配作業（鳥取市）` }).waitFor();
  await m.getByRole('button', { name: '確認済' }).click();
  await m.getByText('状況を「確認済」にしました。').waitFor();
  assert.equal(await m.getByLabel('鳥取しらうさぎ内科 ワクチン（箱）').inputValue(), '2');
  await m.getByRole('button', { name: '登録' }).click();
  await m.getByText('医療機関・接種会場別の分配量を登録しました。').waitFor();
  await axe(m, 'ワクチン分配作業（市町村）');
  await m.getByRole('button', { name: '分配完了' }).click();
  await m.getByText('分配完了にしました。').waitFor();

  // 鳥取県 sees it complete with its checks, and locks.
  await p.reload();
  const row = p.getByRole('row').filter({ hasText: '鳥取市' });
  await row.getByText('分配完了').waitFor();
  await p.getByRole('button', { name: 'データロック' }).click();
  await p.getByText('データロックしました。医療機関等への分配量が確定しました。').waitFor();
  await p.getByRole('table', { name: '市町村別の分配量' }).scrollIntoViewIfNeeded();
  await shot(p, 'allocation-prefecture', { fullPage: false });
  // The board downloads as Excel (and CSV), with the browser's own session.
  const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('link', { name: '市町村別の分配量をExcelで出力' }).click()]);
  assert.match(download.suggestedFilename(), /^allocation-general-41-31\.xlsx$/);
  const { readFileSync } = await import('node:fs');
  assert.equal(readFileSync(await download.path()).subarray(0, 2).toString(), 'PK');
  await job('allocation-notices');

  // The clinic sees its allocation.
  const s = await page(b);
  await signInWithCode(s, site);
  await s.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'ワクチンの分配量' }).click();
  const mine = s.getByRole('row').filter({ hasText: cool.label });
  await mine.getByText('2箱', { exact: true }).waitFor();
  await mine.getByText('200', { exact: true }).waitFor();
  await axe(s, 'ワクチンの分配量');
  for (const x of [office, p, m, s]) await x.context().close();
});

test('the nation allocates workplace venues directly', async () => {
  const token = await admin();
  let r = await api('POST', '/cools', {
    token,
    body: {
      number: 42, channel: 'workplace', product: 'moderna-primary', delivery_week: '2021-07-19', vaccination_from: '2021-07-19', vaccination_until: '2021-12-31',
      registration_opens: '2021-07-01T00:00:00+09:00', registration_deadline: '2021-07-06T15:00:00+09:00',
    },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const cool = r.body;
  const venue = await issue({ role: 'workplace', organisation_code: `wp${Date.now() % 1e8}`, organisation_name: 'ブイシス商事 本社会場', municipality_code: '131016' });
  const venueToken = await activate(venue.vsysId, venue.email, 'shokuiki2021');
  r = await api('PUT', `/cools/${cool.cool_id}/demand`, { token: venueToken, body: { weekly_planned_doses: 1000, packs: 10, storage: 'freezer' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));

  const office = await adminPage(b);
  await office.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'ワクチン分配' }).click();
  await office.getByRole('link', { name: cool.label }).click();
  await office.getByRole('heading', { name: `${cool.label} 職域接種会場への分配` }).waitFor();
  await office.getByLabel('ワクチン（箱）', { exact: true }).fill('8');
  await office.getByLabel('針（箱）', { exact: true }).fill('100');
  await office.getByLabel('シリンジ（箱）', { exact: true }).fill('100');
  await office.getByRole('button', { name: '希望量に沿って計算して保存' }).click();
  await office.getByText('希望量に沿って分配量を計算し、保存しました。').waitFor();
  // 10 asked, 8 there: the venue gets 8; typing 9 is refused at its field.
  const cell = office.getByLabel('ブイシス商事 本社会場 ワクチン（箱）');
  assert.equal(await cell.inputValue(), '8');
  await cell.fill('9');
  await office.getByRole('button', { name: '表の内容で保存' }).click();
  await office.locator('[data-field="rows[0].vaccine"]').getByRole('alert').waitFor();
  await cell.fill('8');
  await office.getByRole('button', { name: '表の内容で保存' }).click();
  await office.getByText('表の分配量を保存しました。').waitFor();
  await axe(office, '職域接種会場への分配');
  await office.getByRole('button', { name: 'データロック' }).click();
  await office.getByText('データロックしました。職域接種会場への分配量が確定しました。').waitFor();
  await job('allocation-notices');
  r = await api('GET', '/allocations', { token: venueToken });
  assert.equal(r.body.items.find((a) => a.cool_id === cool.cool_id)?.packs, 8, JSON.stringify(r.body));
  await office.context().close();
});
