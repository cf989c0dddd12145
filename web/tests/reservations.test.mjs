// Reservations at a municipality's venue (seeds 001, 003): the municipality
// plans seed 001's slots (192 places, 168 with a lunch break) after a
// preview, then edits, closes and deletes some; its call centre finds the places left, books (a bad coupon
// named at its field), books the second dose from the first with the
// person pre-filled (too early refused with the earliest date); the venue's
// day for the reception desk with its downloads, 来場なし, change and cancel.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, activate, axe, browser, issue, page, readySite, setClock, shot, signInWithCode } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2021-03-15T08:00:00+09:00'); // Monday, the venue's first day, before it opens
});
after(() => b?.close());

const person = {
  '予約者氏名（カナ）': 'トットリ ハナコ',
  '予約者電話番号': '0857-22-8111',
  '接種者氏名（漢字）': '鳥取 太郎',
  '接種者氏名（カナ）': 'トットリ タロウ',
  '生年月日': '1945-05-05',
};

test('a municipality plans slots, its call centre books, the venue keeps its day', async () => {
  const muni = '312011';
  const venueName = `鳥取市集団接種会場${Date.now() % 100000}`;
  const code = `31${String(Date.now() % 1e8).padStart(8, '0')}`;
  await readySite(venueName, muni, code);
  const venue = { label: `${venueName}（${code}）` };
  const city = await issue({ role: 'municipality', organisation_code: muni });
  await activate(city.vsysId, city.email, 'tottori2021');
  const agent = await issue({ role: 'call_centre', organisation_code: muni });
  await activate(agent.vsysId, agent.email, 'callcentre2021');

  // The municipality: seed 001's plan, previewed, then created.
  const p = await page(b);
  await signInWithCode(p, { ...city, password: 'tottori2021' });
  await p.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '予約枠の設定' }).click();
  await p.getByRole('heading', { name: '予約枠の設定' }).waitFor();
  await p.getByLabel('会場', { exact: true }).selectOption(venue);
  await p.getByLabel('ワクチン', { exact: true }).selectOption('moderna-primary');
  await p.getByLabel('開始日', { exact: true }).fill('2021-03-15');
  await p.getByLabel('終了日', { exact: true }).fill('2021-03-26');
  for (const d of ['月', '水', '金']) await p.getByLabel(d, { exact: true }).check();
  await p.getByLabel('開始時刻', { exact: true }).fill('09:00');
  await p.getByLabel('終了時刻', { exact: true }).fill('17:00');
  await p.getByLabel('1枠の時間（分）', { exact: true }).fill('60');
  await p.getByLabel('1枠の人数', { exact: true }).fill('4');
  await p.getByRole('button', { name: 'プレビュー' }).click();
  await p.getByTestId('plan-summary').getByText('6日・48枠・192人分').waitFor();
  await axe(p, '予約枠の設定（プレビュー）');
  await shot(p, 'reservation-slots-preview');
  // With the 12:00–13:00 break: 7 slots a day.
  await p.getByRole('button', { name: '休憩時間を追加' }).click();
  await p.getByRole('button', { name: 'プレビュー' }).click();
  await p.getByTestId('plan-summary').getByText('6日・42枠・168人分').waitFor();
  await p.getByRole('button', { name: '休憩1を削除' }).click();
  // Bad input is named at its field and nothing is created.
  await p.getByLabel('1枠の人数', { exact: true }).fill('0');
  await p.getByRole('button', { name: 'プレビュー' }).click();
  await p.locator('[data-field="people_per_slot"]').getByRole('alert').waitFor();
  await p.getByLabel('1枠の人数', { exact: true }).fill('4');
  await p.getByRole('button', { name: 'プレビュー' }).click();
  await p.getByRole('button', { name: 'この内容で作成' }).click();
  await p.getByText('予約枠を作成しました（6日・48枠・192人分）。').waitFor();
  // Created slots: 16:00 on 3/15 takes 6, 15:00 stops taking bookings, 16:00 on 3/26 goes.
  await p.getByLabel('表示する会場', { exact: true }).selectOption(venue);
  await p.getByLabel('表示する開始日（2週間分）', { exact: true }).fill('2021-03-15');
  await p.getByLabel('3/15(月) 16:00 人数', { exact: true }).fill('6');
  await p.getByRole('button', { name: '3/15(月) 16:00 保存' }).click();
  await p.getByLabel('3/15(月) 15:00 受付停止', { exact: true }).check();
  await p.getByRole('button', { name: '3/15(月) 15:00 保存' }).click();
  await p.getByLabel('3/15(月) 15:00 受付停止', { exact: true }).waitFor();
  p.once('dialog', (d) => d.accept());
  await p.getByRole('button', { name: '3/26(金) 16:00 削除' }).click();
  await p.getByRole('button', { name: '3/26(金) 16:00 削除' }).waitFor({ state: 'detached' });
  await axe(p, '予約枠の設定（作成済みの予約枠）');
  await p.context().close();

  // The call centre: the grid of places left, a booking, the next dose pre-filled.
  const q = await page(b);
  await signInWithCode(q, { ...agent, password: 'callcentre2021' });
  await q.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '接種予約' }).click();
  await q.getByRole('heading', { name: '接種予約' }).waitFor();
  await q.getByLabel('会場', { exact: true }).selectOption(venue);
  await q.getByLabel('日付（2週間分）', { exact: true }).fill('2021-03-15');
  await q.getByRole('button', { name: '検索' }).click();
  await q.getByRole('button', { name: '3/15(月) 16:00 残り6' }).waitFor();
  await q.getByLabel('3/15(月) 15:00 受付停止').waitFor();
  assert.equal(await q.getByRole('button', { name: /^3\/26\(金\) 16:00/ }).count(), 0);
  await q.getByRole('button', { name: '3/15(月) 09:00 残り4' }).click();
  for (const [label, value] of Object.entries(person)) await q.getByLabel(label, { exact: true }).fill(value);
  await q.getByLabel('接種対象者分類', { exact: true }).selectOption({ label: '高齢者' });
  await q.getByLabel('クーポン券番号（10桁）', { exact: true }).fill('123456789');
  await axe(q, '接種予約（入力）');
  await q.getByRole('button', { name: '予約する' }).click();
  await q.locator('[data-field="coupon"]').getByRole('alert').waitFor();
  await q.getByLabel('クーポン券番号（10桁）', { exact: true }).fill('1234567890');
  await q.getByRole('button', { name: '予約する' }).click();
  await q.getByText(/予約しました。予約番号: 2021-03-15\.0900\./).waitFor();
  await q.getByRole('button', { name: '3/15(月) 09:00 残り3' }).waitFor();
  await shot(q, 'reservations-booked');
  // 「2回目以降の接種申込」: the person carried over, dose 2; 3/26 is before Moderna's 28 days.
  await q.getByRole('button', { name: '2回目の接種申込' }).click();
  await q.getByRole('button', { name: '3/26(金) 09:00 残り4' }).click();
  assert.equal(await q.getByLabel('接種者氏名（漢字）', { exact: true }).inputValue(), '鳥取 太郎');
  assert.equal(await q.getByLabel('接種回数', { exact: true }).inputValue(), '2');
  await q.getByRole('button', { name: '予約する' }).click();
  await q.getByText(/2021\/04\/12以降/).waitFor();
  // Two more on 3/15 for the day's list.
  for (const [coupon, time] of [['1234567891', '09:00'], ['1234567892', '10:00']]) {
    await q.getByRole('button', { name: new RegExp(`^3/15\\(月\\) ${time} 残り`) }).click();
    await q.getByLabel('クーポン券番号（10桁）', { exact: true }).fill(coupon);
    await q.getByLabel('接種回数', { exact: true }).selectOption('1回目');
    await q.getByRole('button', { name: '予約する' }).click();
    await q.getByText(/予約しました。/).waitFor();
  }

  // The day at the venue, from the home screen's venues of today: the list,
  // its downloads, 来場なし, a change and a cancellation.
  await q.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'ホーム' }).click();
  await q.getByRole('link', { name: `${venueName}の予約者一覧` }).click();
  await q.getByTestId('booking-counts').getByText('予約 3件（予約済 3・接種済 0・来場なし 0）').waitFor();
  const csv = q.getByRole('link', { name: '予約者一覧をCSVで出力' });
  const href = await csv.getAttribute('href');
  const res = await q.request.get(`${BASE}${href}`);
  assert.equal(res.status(), 200);
  assert.match(await res.text(), /鳥取 太郎/);
  await axe(q, '予約者一覧');
  await shot(q, 'bookings-of-the-day');
  const rows = q.getByRole('row').filter({ hasText: '鳥取 太郎' });
  await rows.nth(0).getByRole('button', { name: '鳥取 太郎 来場なし' }).click();
  await q.getByTestId('booking-counts').getByText('予約 3件（予約済 2・接種済 0・来場なし 1）').waitFor();
  // 接種済 counts the dose into the venue's results, which need its vials: none delivered yet.
  await q.getByRole('row').filter({ hasText: '予約済' }).first().getByRole('button', { name: '鳥取 太郎 接種済' }).click();
  await q.getByText(/在庫（0バイアル）を超える/).waitFor();
  // A change to 3/17 10:00, then the other cancelled.
  const live = () => q.getByRole('row').filter({ hasText: '予約済' }).first();
  await live().getByRole('button', { name: '鳥取 太郎 変更' }).click();
  await live().getByLabel('変更後の日付', { exact: true }).fill('2021-03-17');
  await live().getByLabel('変更後の時刻', { exact: true }).fill('10:00');
  await live().getByRole('button', { name: '変更する' }).click();
  await q.getByTestId('booking-counts').getByText('予約 2件（予約済 1・接種済 0・来場なし 1）').waitFor();
  q.once('dialog', (d) => d.accept());
  await live().getByRole('button', { name: '鳥取 太郎 キャンセル' }).click();
  await q.getByTestId('booking-counts').getByText('予約 1件（予約済 0・接種済 0・来場なし 1）').waitFor();
  await q.context().close();
});
