// What a municipality or prefecture files: a call-centre account request
// (seed 003: 発行 / 変更 / 返納・削除, processed on the Friday after the
// Wednesday 17:00 cut-off) and a new-code application (新規コード付番, for a
// venue without a code; the prefecture forwards them on Monday).
import { useState } from 'react';
import { api, call } from '../api/client';
import { useWritesBlocked } from '../components/Layout';
import { Banner, Button, Field, Input, Section, Select, Textarea, FormError } from '../components/ui';
import { useForm } from '../lib/form';

export function FileCallCentreRequest({ onFiled }: { onFiled: () => void }) {
  const blocked = useWritesBlocked();
  const [f, setF] = useState({ kind: 'new', company: '', name: '', email: '', phone: '', vsys_id: '', change_detail: '' });
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => setF({ ...f, [k]: e.target.value });
  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    void submit(async () => {
      const body = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== '')) as never;
      const r = await call(api.POST('/call-centre-requests', { body }));
      setDone(r.message ?? '受け付けました。');
      onFiled();
    });
  };
  return (
    <Section title="アカウントの申請（予約受付業者・コールセンター）">
      {done && (
        <div className="mb-4">
          <Banner kind="success" title={done} />
        </div>
      )}
      <FormError message={errors.top} className="mb-4" />
      <form onSubmit={onSubmit} noValidate className="grid gap-4 desktop:grid-cols-2">
        <Field label="申請の種類" name="kind" required error={errors.fields.kind}>
          {(a) => (
            <Select {...a} value={f.kind} onChange={set('kind')}>
              <option value="new">発行</option>
              <option value="change">変更</option>
              <option value="delete">返納・削除</option>
            </Select>
          )}
        </Field>
        <Field label="会社名" name="company" error={errors.fields.company}>
          {(a) => <Input {...a} value={f.company} onChange={set('company')} />}
        </Field>
        <Field label="氏名" name="name" required error={errors.fields.name}>
          {(a) => <Input {...a} value={f.name} onChange={set('name')} />}
        </Field>
        <Field label="メールアドレス" name="email" required error={errors.fields.email}>
          {(a) => <Input {...a} type="email" value={f.email} onChange={set('email')} />}
        </Field>
        <Field label="電話番号" name="phone" required={f.kind === 'new'} error={errors.fields.phone}>
          {(a) => <Input {...a} value={f.phone} onChange={set('phone')} inputMode="tel" />}
        </Field>
        {f.kind !== 'new' && (
          <Field label="対象のV-SYS ID" name="vsys_id" required error={errors.fields.vsys_id}>
            {(a) => <Input {...a} value={f.vsys_id} onChange={set('vsys_id')} />}
          </Field>
        )}
        {f.kind === 'change' && (
          <Field label="変更内容" name="change_detail" required error={errors.fields.change_detail}>
            {(a) => <Textarea {...a} rows={3} value={f.change_detail} onChange={set('change_detail')} />}
          </Field>
        )}
        <div>
          <Button type="submit" disabled={busy || blocked}>
            申請
          </Button>
        </div>
      </form>
    </Section>
  );
}

export function FileCodeApplication({ onFiled }: { onFiled: () => void }) {
  const blocked = useWritesBlocked();
  const [applicant, setApplicant] = useState({ name: '', organisation: '', department: '', email: '', phone: '' });
  const [facility, setFacility] = useState({ name: '', representative: '', postal_code: '', municipality_code: '', address: '', phone: '' });
  const [founder, setFounder] = useState('municipality');
  const [venue, setVenue] = useState('special_venue');
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    void submit(async () => {
      const r = await call(api.POST('/code-applications', { body: { applicant, facility, founder: founder as never, venue_kind: venue as never } }));
      setDone(`申請番号 ${r.id} で受け付けました。`);
      onFiled();
    });
  };
  const a = (k: keyof typeof applicant, label: string) => (
    <Field key={k} label={label} name={`applicant.${k}`} required error={errors.fields[`applicant.${k}`]}>
      {(p) => <Input {...p} value={applicant[k]} onChange={(e) => setApplicant({ ...applicant, [k]: e.target.value })} />}
    </Field>
  );
  const v = (k: keyof typeof facility, label: string) => (
    <Field key={k} label={label} name={`facility.${k}`} required error={errors.fields[`facility.${k}`]}>
      {(p) => <Input {...p} value={facility[k]} onChange={(e) => setFacility({ ...facility, [k]: e.target.value })} />}
    </Field>
  );
  return (
    <Section title="申請する">
      {done && (
        <div className="mb-4">
          <Banner kind="success" title={done} />
        </div>
      )}
      <FormError message={errors.top} className="mb-4" />
      <form onSubmit={onSubmit} noValidate className="grid gap-4 desktop:grid-cols-2">
        <fieldset className="flex flex-col gap-3 rounded-8 border border-solid-gray-420 p-4">
          <legend className="px-1 text-std-17B-170">申請者</legend>
          {a('name', '氏名')}
          {a('organisation', '所属')}
          {a('department', '部署')}
          {a('email', 'メールアドレス')}
          {a('phone', '電話番号')}
        </fieldset>
        <fieldset className="flex flex-col gap-3 rounded-8 border border-solid-gray-420 p-4">
          <legend className="px-1 text-std-17B-170">申請する会場</legend>
          <Field label="設置主体" name="founder" required error={errors.fields.founder}>
            {(p) => (
              <Select {...p} value={founder} onChange={(e) => setFounder(e.target.value)}>
                <option value="municipality">市町村</option>
                <option value="prefecture">都道府県</option>
                <option value="other">その他</option>
              </Select>
            )}
          </Field>
          <Field label="会場の種類" name="venue_kind" required error={errors.fields.venue_kind}>
            {(p) => (
              <Select {...p} value={venue} onChange={(e) => setVenue(e.target.value)}>
                <option value="special_venue">特設の会場</option>
                <option value="medical_institution">医療機関</option>
              </Select>
            )}
          </Field>
          {v('name', '会場名')}
          {v('representative', '代表者名')}
          {v('postal_code', '郵便番号(000-0000)')}
          {v('municipality_code', '市区町村コード')}
          {v('address', '所在地')}
          {v('phone', '電話番号')}
        </fieldset>
        <div>
          <Button type="submit" disabled={busy || blocked}>
            申請
          </Button>
        </div>
      </form>
    </Section>
  );
}
