// Weekly demand exactly as seed 000 draws it, before the Tuesday 15:00
// cut-off and after it (the clock moved through /_local/clock); the sign-in
// from a browser the account does not know asks for the mailed code.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { admin, api, axe, browser, page, readySite, setClock, shot, signInWithCode } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2021-07-06T14:45:00+09:00'); // Tuesday, a quarter of an hour before the cut-off
});
after(() => b?.close());

test('a site registers its demand before 15:00 and sees it read-only after', async () => {
  const cool = await api('POST', '/cools', {
    token: await admin(),
    body: {
      number: 1,
      channel: 'general',
      product: 'moderna-primary',
      delivery_week: '2021-07-19',
      vaccination_from: '2021-07-19',
      vaccination_until: '2021-12-31',
      registration_opens: '2021-07-01T00:00:00+09:00',
      registration_deadline: '2021-07-06T15:00:00+09:00',
    },
  });
  assert.equal(cool.status, 201, JSON.stringify(cool.body));
  const site = await readySite('霞が関ファミリークリニック');
  const p = await page(b);
  await signInWithCode(p, site);

  // One click from the home screen, with the state and the deadline.
  const row = p.getByRole('listitem').filter({ hasText: cool.body.label });
  await row.getByText('希望量が未登録です。').waitFor();
  assert.match(await row.innerText(), /締切 2021-07-06 15:00（締切まであと0時間15分）/);
  await row.getByRole('link', { name: 'ワクチン希望量等の報告' }).click();

  await p.getByText('希望量が未登録です。（希望量を確認の上登録ボタンを押してください。）').waitFor();
  await p.getByLabel('週当たり接種予定回数').fill('150');
  await p.getByLabel('納入希望量（箱）').fill('2');
  // Seed 000's caption, and needles and syringes recomputed as one types.
  const caption = p.getByTestId('packs-label');
  const perPack = Number((await caption.innerText()).match(/^(\d+)回接種分/)[1]);
  assert.equal(await caption.innerText(), `${perPack}回接種分 × 2 = ${perPack * 2} 回接種分`);
  const needles = Number(await p.getByLabel('注射針（箱）').inputValue());
  await p.getByLabel('納入希望量（箱）').fill('30');
  assert.equal(await caption.innerText(), `${perPack}回接種分 × 30 = ${perPack * 30} 回接種分`);
  assert.ok(Number(await p.getByLabel('注射針（箱）').inputValue()) > needles, 'needles follow the packs');
  await p.getByLabel('保管管理').selectOption('freezer');
  await axe(p, '希望量の登録');
  await p.getByRole('button', { name: '登録' }).click();
  await p.getByText('希望量を登録しました。').waitFor();
  await p.getByText('希望量登録済みです。（変更する場合、希望量修正の上登録ボタンを押してください。）').waitFor();
  await shot(p, 'demand-form');
  const saved = await api('GET', `/cools/${cool.body.cool_id}/demand`, { token: site.token });
  assert.equal(saved.body.registration.packs, 30);
  assert.equal(saved.body.registration.storage, 'freezer');

  // Tuesday 15:00: the form turns read-only and says why.
  await setClock('2021-07-06T15:00:00+09:00');
  await p.reload();

  await p.getByText('この画面は参照のみです').waitFor();
  assert.ok(await p.getByLabel('納入希望量（箱）').evaluate((e) => e.readOnly), 'the quantity cannot be typed in');
  assert.equal(await p.getByRole('button', { name: '登録' }).count(), 0);
  assert.equal(await p.getByLabel('納入希望量（箱）').inputValue(), '30');
  await axe(p, '希望量の登録（締切後）');
  await shot(p, 'demand-form-closed');
  await p.context().close();
});
