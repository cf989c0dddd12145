// この医療機関の情報を見る: the facility's basic data (seed 000 ⑦: the first
// screen after the first sign-in asks for it), its readiness checklist and
// its doctors (接種担当医師: add, edit, delete — the last one is refused).
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, call, type Schemas } from '../api/client';
import { useWritesBlocked } from '../components/Layout';
import { Banner, Button, Empty, Field, Input, Loading, PageTitle, Section, Select, Table, td, FormError } from '../components/ui';
import { useForm } from '../lib/form';

type Facility = Schemas['Facility'];
type Profile = NonNullable<Facility['profile']>;

const CLASSIFICATIONS = [
  ['hospital', '病院'],
  ['clinic', '診療所'],
  ['municipal_venue', '特設の接種会場（市町村運営）'],
  ['commissioned_venue', '特設の接種会場（委託）'],
  ['prefectural_venue', '特設の接種会場（都道府県運営）'],
  ['workplace_venue', '職域接種会場'],
  ['care_facility', '介護医療院・介護老人保健施設'],
  ['other', 'その他'],
] as const;
const FOUNDERS = [
  ['other', 'その他'],
  ['municipality', '市町村'],
  ['prefecture', '都道府県'],
] as const;

function blank(f: Facility): Profile {
  return {
    name: f.name,
    classification: 'clinic',
    founder: 'other',
    postal_code: '',
    address: '',
    phone: '',
    public_listing: 'public',
    responsible: {},
    contacts: {},
  } as Profile;
}

type Person = { name: string; phone: string };
const RESPONSIBLE: [keyof NonNullable<Profile['responsible']>, string][] = [
  ['vaccination', 'ワクチン接種責任者'],
  ['storage', 'ワクチン保管管理責任者'],
  ['needles_syringes', '針・シリンジ保管管理責任者'],
  ['holiday_contact', '保管等に関する土日・祝日の連絡先'],
];

export function FacilityPage() {
  const [params] = useSearchParams();
  const first = params.get('first') === '1';
  const blocked = useWritesBlocked();
  const [f, setF] = useState<Facility | null>(null);
  const [p, setP] = useState<Profile | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();

  const load = async () => {
    const x = await call(api.GET('/facility'));
    setF(x);
    setP(x.profile ?? blank(x));
  };
  useEffect(() => {
    void load();
  }, []);
  if (!f || !p) return <Loading />;

  const set = <K extends keyof Profile>(k: K, v: Profile[K]) => setP({ ...p, [k]: v });
  const text = (k: keyof Profile) => (e: React.ChangeEvent<HTMLInputElement>) => set(k, (e.target.value === '' ? null : e.target.value) as never);
  const count = (k: keyof Profile) => (e: React.ChangeEvent<HTMLInputElement>) => set(k, (e.target.value === '' ? null : Number(e.target.value)) as never);
  const person = (k: keyof NonNullable<Profile['responsible']>, part: keyof Person, v: string) => {
    const cur = (p.responsible?.[k] ?? { name: '', phone: '' }) as Person;
    set('responsible', { ...p.responsible, [k]: { ...cur, [part]: v } });
  };
  const contact = p.contacts?.primary ?? { name: '', phone: '', email: '', department: null };
  const setContact = (part: string, v: string) => set('contacts', { ...p.contacts, primary: { ...contact, [part]: v } });

  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    void submit(async () => {
      const r = await call(api.PUT('/facility', { body: { profile: p, version: f.version } }));
      setSaved(r.message ?? '保存しました。');
      await load();
      window.scrollTo(0, 0);
    });
  };
  const str = (v: string | null | undefined) => v ?? '';

  return (
    <div className="mx-auto max-w-[64rem]">
      <PageTitle sub={`コード ${f.code}`}>医療機関・接種会場 {f.name}</PageTitle>
      <div className="mb-6 flex flex-col gap-3">
        {first && !f.profile_entered && <Banner kind="info" title="初期設定のため、自医療機関の基本情報を入力してください。" />}
        {saved && <Banner kind="success" title={saved} />}
        <FormError message={errors.top} />
      </div>
      <Section title="接種の準備状況">
        <ul className="flex flex-col gap-2">
          {f.readiness.map((c) => (
            <li key={c.key} className={c.ok ? 'text-success-2' : 'text-error-2'}>
              <span aria-hidden="true">{c.ok ? '✓ ' : '✕ '}</span>
              {c.label}
              {!c.ok && <span className="ml-2 text-solid-gray-700">— {c.hint}</span>}
            </li>
          ))}
        </ul>
      </Section>
      <form onSubmit={onSubmit} noValidate>
        <Section title="医療機関・接種会場の詳細">
          <div className="grid gap-6 desktop:grid-cols-2">
            <Field label="医療機関・接種会場名" name="profile.name" required error={errors.fields['profile.name']}>
              {(a) => <Input {...a} value={p.name} onChange={(e) => set('name', e.target.value)} />}
            </Field>
            <Field label="施設分類" name="profile.classification" required error={errors.fields['profile.classification']}>
              {(a) => (
                <Select {...a} value={p.classification} onChange={(e) => set('classification', e.target.value as never)}>
                  {CLASSIFICATIONS.map(([v, l]) => (
                    <option key={v} value={v}>
                      {l}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label="設置主体" name="profile.founder" required error={errors.fields['profile.founder']}>
              {(a) => (
                <Select {...a} value={p.founder} onChange={(e) => set('founder', e.target.value as never)}>
                  {FOUNDERS.map(([v, l]) => (
                    <option key={v} value={v}>
                      {l}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label="代表者名" name="profile.representative" error={errors.fields['profile.representative']}>
              {(a) => <Input {...a} value={str(p.representative)} onChange={text('representative')} />}
            </Field>
            <Field label="郵便番号(000-0000)" name="profile.postal_code" required error={errors.fields['profile.postal_code']}>
              {(a) => <Input {...a} value={p.postal_code} onChange={(e) => set('postal_code', e.target.value)} inputMode="numeric" autoComplete="postal-code" />}
            </Field>
            <Field label="所在地（市町村・町名・番地）" name="profile.address" required error={errors.fields['profile.address']}>
              {(a) => <Input {...a} value={p.address} onChange={(e) => set('address', e.target.value)} autoComplete="street-address" />}
            </Field>
            <Field label="代表電話番号" name="profile.phone" required error={errors.fields['profile.phone']}>
              {(a) => <Input {...a} value={p.phone} onChange={(e) => set('phone', e.target.value)} inputMode="tel" autoComplete="tel" />}
            </Field>
            <Field label="ファクシミリ" name="profile.fax" error={errors.fields['profile.fax']}>
              {(a) => <Input {...a} value={str(p.fax)} onChange={text('fax')} inputMode="tel" />}
            </Field>
            <Field label="ホームページ" name="profile.homepage" error={errors.fields['profile.homepage']}>
              {(a) => <Input {...a} value={str(p.homepage)} onChange={text('homepage')} inputMode="url" />}
            </Field>
            <Field label="駐車場（例: 10台）" name="profile.parking" error={errors.fields['profile.parking']}>
              {(a) => <Input {...a} value={str(p.parking)} onChange={text('parking')} />}
            </Field>
            <Field label="ディープフリーザー(-75°C)（台）" name="profile.freezers_minus75" error={errors.fields['profile.freezers_minus75']}>
              {(a) => <Input {...a} type="number" min={0} value={p.freezers_minus75 ?? ''} onChange={count('freezers_minus75')} />}
            </Field>
            <Field label="ディープフリーザー(-20°C)（台）" name="profile.freezers_minus20" error={errors.fields['profile.freezers_minus20']}>
              {(a) => <Input {...a} type="number" min={0} value={p.freezers_minus20 ?? ''} onChange={count('freezers_minus20')} />}
            </Field>
            <Field label="コロナワクチンナビへの公開" name="profile.public_listing" required error={errors.fields['profile.public_listing']}>
              {(a) => (
                <Select {...a} value={p.public_listing} onChange={(e) => set('public_listing', e.target.value as never)}>
                  <option value="public">公開する</option>
                  <option value="specific_people_only">一般不可：特定の人のみ</option>
                </Select>
              )}
            </Field>
          </div>
        </Section>
        <Section title="責任者・連絡先">
          <div className="grid gap-6 desktop:grid-cols-2">
            {RESPONSIBLE.map(([k, label]) => {
              const cur = (p.responsible?.[k] ?? { name: '', phone: '' }) as Person;
              return (
                <fieldset key={k} className="flex flex-col gap-3 rounded-8 border border-solid-gray-420 p-4">
                  <legend className="px-1 text-std-17B-170">{label}</legend>
                  <Field label="氏名" name={`profile.responsible.${k}.name`} required error={errors.fields[`profile.responsible.${k}.name`]}>
                    {(a) => <Input {...a} value={cur.name} onChange={(e) => person(k, 'name', e.target.value)} />}
                  </Field>
                  <Field label="電話番号" name={`profile.responsible.${k}.phone`} required error={errors.fields[`profile.responsible.${k}.phone`]}>
                    {(a) => <Input {...a} value={cur.phone} onChange={(e) => person(k, 'phone', e.target.value)} inputMode="tel" />}
                  </Field>
                </fieldset>
              );
            })}
            <fieldset className="flex flex-col gap-3 rounded-8 border border-solid-gray-420 p-4">
              <legend className="px-1 text-std-17B-170">担当者</legend>
              <Field label="部署" name="profile.contacts.primary.department" error={errors.fields['profile.contacts.primary.department']}>
                {(a) => <Input {...a} value={contact.department ?? ''} onChange={(e) => setContact('department', e.target.value)} />}
              </Field>
              <Field label="氏名" name="profile.contacts.primary.name" required error={errors.fields['profile.contacts.primary.name']}>
                {(a) => <Input {...a} value={contact.name} onChange={(e) => setContact('name', e.target.value)} />}
              </Field>
              <Field label="電話番号" name="profile.contacts.primary.phone" required error={errors.fields['profile.contacts.primary.phone']}>
                {(a) => <Input {...a} value={contact.phone} onChange={(e) => setContact('phone', e.target.value)} inputMode="tel" />}
              </Field>
              <Field label="メールアドレス" name="profile.contacts.primary.email" required error={errors.fields['profile.contacts.primary.email']}>
                {(a) => <Input {...a} type="email" value={contact.email} onChange={(e) => setContact('email', e.target.value)} />}
              </Field>
            </fieldset>
          </div>
        </Section>
        <div className="mb-8">
          <Button type="submit" disabled={busy || blocked}>
            保存
          </Button>
        </div>
      </form>
      <Doctors />
    </div>
  );
}

function Doctors() {
  const blocked = useWritesBlocked();
  const [list, setList] = useState<Schemas['Doctor'][] | null>(null);
  const [name, setName] = useState('');
  const [kana, setKana] = useState('');
  const [editing, setEditing] = useState<Schemas['Doctor'] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const add = useForm();
  const del = useForm();
  const load = async () => setList((await call(api.GET('/facility/doctors'))).items);
  useEffect(() => {
    void load();
  }, []);
  const onAdd = (e: React.FormEvent) => {
    e.preventDefault();
    void add.submit(async () => {
      if (editing) {
        // The fields this form does not show are sent back as they were.
        const { doctor_id, version, phone, email, vaccines } = editing;
        const doctor = { name, kana, ...(phone ? { phone } : {}), ...(email ? { email } : {}), ...(vaccines ? { vaccines } : {}) };
        await call(api.PUT('/facility/doctors/{doctor_id}', { params: { path: { doctor_id } }, body: { doctor, version } }));
        setNotice('接種担当医師の情報を変更しました。');
      } else {
        await call(api.POST('/facility/doctors', { body: { name, kana } }));
        setNotice('接種担当医師を追加しました。');
      }
      setEditing(null);
      setName('');
      setKana('');
      await load();
    });
  };
  const edit = (d: Schemas['Doctor']) => {
    setEditing(d);
    setName(d.name);
    setKana(d.kana);
  };
  const remove = (id: string) =>
    void del.submit(async () => {
      await call(api.DELETE('/facility/doctors/{doctor_id}', { params: { path: { doctor_id: id } } }));
      setNotice('接種担当医師を削除しました。');
      await load();
    });
  return (
    <Section title="接種担当医師の情報">
      {notice && <p role="status" className="mb-3 text-success-2">{notice}</p>}
      {del.errors.top && (
        <div className="mb-3">
          <Banner kind="error" title={del.errors.top} />
        </div>
      )}
      {list === null ? (
        <Loading />
      ) : list.length === 0 ? (
        <Empty>接種担当医師が未登録です。</Empty>
      ) : (
        <Table caption="接種担当医師" head={['氏名', '氏名（かな）', '']}>
          {list.map((d) => (
            <tr key={d.doctor_id}>
              <td className={td}>{d.name}</td>
              <td className={td}>{d.kana}</td>
              <td className={td}>
                <div className="flex gap-2">
                  <Button type="button" variant="outline" size="sm" onClick={() => edit(d)} disabled={blocked} aria-label={`${d.name}を編集`}>
                    編集
                  </Button>
                  <Button type="button" variant="outline" size="sm" onClick={() => remove(d.doctor_id)} disabled={blocked} aria-label={`${d.name}を削除`}>
                    削除
                  </Button>
                </div>
              </td>
            </tr>
          ))}
        </Table>
      )}
      <form onSubmit={onAdd} noValidate className="mt-6 grid gap-4 desktop:grid-cols-[1fr_1fr_auto] desktop:items-end">
        <Field label="氏名" name="name" required error={add.errors.fields.name}>
          {(a) => <Input {...a} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="氏名（かな）" name="kana" required error={add.errors.fields.kana}>
          {(a) => <Input {...a} value={kana} onChange={(e) => setKana(e.target.value)} />}
        </Field>
        <div className="flex gap-2">
          <Button type="submit" disabled={add.busy || blocked}>
            {editing ? '変更を保存' : '新規医師情報'}
          </Button>
          {editing && (
            <Button type="button" variant="outline" onClick={() => { setEditing(null); setName(''); setKana(''); }}>
              キャンセル
            </Button>
          )}
        </div>
      </form>
      {add.errors.top && (
        <div className="mt-3">
          <Banner kind="error" title={add.errors.top} />
        </div>
      )}
    </Section>
  );
}
