// What a municipality files here: a new-code application (新規コード付番, for
// a venue without a code; the prefecture forwards them on Monday). Its
// call-centre account requests go through the inquiry form (seed 003).
import { useState } from 'react';
import { api, call } from '../api/client';
import { useWritesBlocked } from '../components/Layout';
import { Banner, Button, Field, Input, Section, Select, FormError } from '../components/ui';
import { useForm } from '../lib/form';

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
