// A municipality receives two delegations and sends the receipt mail
// (seed 001 委任状受領): both are locked afterwards and each facility's
// contact gets its mail.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { activate, admin, api, axe, browser, facilityCode, issue, mailsTo, newMail, page, readySite, setClock, shot, signInWithCode, unique } from './stack.mjs';

let b;
before(async () => {
  b = await browser();
  await setClock('2021-03-15T10:00:00+09:00');
});
after(() => b?.close());

async function delegation(name) {
  const code = facilityCode();
  const site = await readySite(name, '131024', code);
  const r = await api('PUT', `/facility-codes/${code}`, {
    token: await admin(),
    body: { kind: 'medical', name, postal_code: '104-0061', municipality_code: '131024', address: '中央区銀座1-1-1' },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const contact = `contact-${unique()}@clinic.example.jp`;
  const d = await api('POST', '/delegations', {
    token: site.token,
    body: {
      code_kind: 'medical',
      code,
      representative: { name: '銀座 太郎', phone: '03-1234-5678', email: 'rep@clinic.example.jp' },
      contact: { name: '事務 花子', phone: '03-1234-5679', email: contact },
      vaccine: 'ファイザー',
    },
  });
  assert.equal(d.status, 201, JSON.stringify(d.body));
  return { number: d.body.number, contact };
}

test('a municipality receives two delegations and sends the receipt mail', async () => {
  const one = await delegation('銀座一丁目クリニック');
  const two = await delegation('銀座二丁目医院');
  const { vsysId, email } = await issue({ role: 'municipality', organisation_code: '131024' });
  await activate(vsysId, email, 'chuo2021ku');
  const p = await page(b);
  await signInWithCode(p, { vsysId, email, password: 'chuo2021ku' });

  const queue = p.getByRole('link', { name: '受領待ちの委任状 2件' });
  await queue.waitFor();
  await axe(p, 'ホーム（市区町村）');
  await shot(p, 'home-municipality');
  await queue.click();

  await p.getByRole('heading', { name: '委任状の受領' }).waitFor();
  await p.getByLabel(`銀座一丁目クリニック（${one.number}）を選択`).check();
  await p.getByLabel(`銀座二丁目医院（${two.number}）を選択`).check();
  await p.getByText('2件選択中').waitFor();
  await axe(p, '委任状の受領');
  await p.getByRole('button', { name: '受領', exact: true }).click();
  await p.getByText('2件を受領しました。').waitFor();
  await p.getByText('未受領の委任状はありません。').waitFor();

  await p.getByRole('tab', { name: '受領済一覧' }).click();
  await p.getByLabel(`銀座一丁目クリニック（${one.number}）を選択`).check();
  await p.getByLabel(`銀座二丁目医院（${two.number}）を選択`).check();
  await p.getByRole('button', { name: 'メール送信' }).click();
  await p.getByText('2件をメール送信しました。').waitFor();
  // Locked: nothing can be selected any more, and the state says the mail went.
  for (const d of [one, two]) {
    const row = p.getByRole('row').filter({ hasText: d.number });
    await row.getByText('受領済（通知メール送信済）').waitFor();
    assert.ok(await row.getByRole('checkbox').isDisabled());
  }
  await shot(p, 'delegations-received');
  for (const d of [one, two]) {
    await newMail(d.contact, 0);
    const mails = await mailsTo(d.contact);
    assert.equal(mails.length, 1, `one receipt mail to ${d.contact}`);
    assert.match(mails[0].body, new RegExp(d.number));
  }
  await p.context().close();
});
