// A site registers its vaccination plan (seed 002), the national office
// answers it 要見直 with a comment, and the site sees the answer.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { admin, adminPage, api, axe, browser, page, readySite, setClock, shot, signInWithCode } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2022-02-07T10:00:00+09:00'); // inside 登録期間③
});
after(() => b?.close());

const at = (day, time) => `2022-${day}T${time}+09:00`;

test('a plan review answered 要見直 reaches the site', async () => {
  const token = await admin();
  const cal = await api('GET', '/plan-calendar', { token });
  let r = await api('PUT', '/plan-calendar', {
    token,
    body: {
      version: cal.body.version,
      periods: [
        { kind: 'registration', label: '登録期間③', from: at('02-04', '00:00:00'), until: at('02-08', '15:00:00') },
        { kind: 'plan_review', label: '計画確認中', from: at('02-08', '15:00:00'), until: at('02-11', '00:00:00') },
      ],
    },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await api('POST', '/cools', {
    token,
    body: {
      number: 2, channel: 'booster', product: 'moderna-booster', delivery_week: '2022-02-21', vaccination_from: '2022-02-28', vaccination_until: '2022-03-13',
      registration_opens: '2022-01-01T00:00:00+09:00', registration_deadline: '2022-02-15T15:00:00+09:00',
    },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const label = r.body.label;

  // The site enters its plan.
  const site = await readySite('横浜みなと内科', '141003');
  const p = await page(b);
  await signInWithCode(p, site);
  // One click from the home screen, which says where the plan stands.
  const home = p.getByRole('region', { name: 'ワクチン接種計画の登録' });
  await home.getByText('0 / 1 クール登録済み').waitFor();
  await home.getByText(/登録期間③: 2022-02-08 15:00 まで/).waitFor();
  await home.getByRole('link', { name: 'ワクチン接種計画の登録' }).click();
  await p.getByRole('heading', { name: 'ワクチン接種計画の登録' }).waitFor();
  await p.getByLabel(`${label} の納入希望量`).fill('4');
  await axe(p, 'ワクチン接種計画の登録');
  await p.getByRole('button', { name: '登録' }).click();
  await p.getByText('接種計画を登録しました。').waitFor();
  await p.getByText('国の確認: 確認待ち').waitFor();

  // The national office answers 要見直.
  const office = await adminPage(b);
  await office.getByRole('link', { name: /接種計画の確認待ち 1件/ }).waitFor();
  await axe(office, 'ホーム（国）');
  await shot(office, 'home-national');
  await office.getByRole('link', { name: /接種計画の確認待ち/ }).click();
  await office.getByRole('row').filter({ hasText: '横浜みなと内科' }).getByRole('link', { name: '確認する' }).click();
  await office.getByRole('heading', { name: '横浜みなと内科 の接種計画' }).waitFor();
  await office.getByRole('button', { name: '要見直' }).click();
  // 要見直 needs a comment: the API names the field and the screen shows it there.
  await office.locator('[data-field="comment"]').getByRole('alert').waitFor();
  await office.getByLabel('コメント（要見直の場合は必須）').fill('第2クールの希望量が前回の接種実績に比べて多すぎます。見直してください。');
  await axe(office, '接種計画の確認');
  await office.getByRole('button', { name: '要見直' }).click();
  await office.getByText('「要見直」で回答しました。').waitFor();

  // The site sees the answer and its comment.
  await p.reload();
  await p.getByText('国の確認: 要見直').waitFor();
  await p.getByText('コメント: 第2クールの希望量が前回の接種実績に比べて多すぎます。見直してください。').waitFor();
  await shot(p, 'plans-needs-revision');
  await p.context().close();
  await office.context().close();
});
