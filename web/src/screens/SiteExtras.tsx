// A site's other screens: registering its delegation (委任状: whom it goes to
// and why, then the PDF to print, seal and submit), and basic / satellite
// (基本型 / サテライト型) with the partner site and the transfers a satellite
// received (融通).
import { useEffect, useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { useServerToday, useWritesBlocked } from '../components/Layout';
import { Banner, Button, Empty, Field, Input, Loading, PageTitle, Section, Select, Table, td, FormError } from '../components/ui';
import { useForm } from '../lib/form';
import { todayJst } from '../lib/time';

type Person = { name: string; title: string; department: string; phone: string; email: string };
const nobody: Person = { name: '', title: '', department: '', phone: '', email: '' };
const clean = (p: Person) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== '')) as never;

function PersonFields({ prefix, label, value, onChange, errors }: { prefix: string; label: string; value: Person; onChange: (p: Person) => void; errors: Record<string, string> }) {
  const row = (k: keyof Person, l: string, required = false) => (
    <Field label={l} name={`${prefix}.${k}`} required={required} error={errors[`${prefix}.${k}`]}>
      {(a) => <Input {...a} value={value[k]} onChange={(e) => onChange({ ...value, [k]: e.target.value })} />}
    </Field>
  );
  return (
    <fieldset className="flex flex-col gap-3 rounded-8 border border-solid-gray-420 p-4">
      <legend className="px-1 text-std-17B-170">{label}</legend>
      {row('name', '氏名', true)}
      {row('title', '役職')}
      {row('department', '部署')}
      {row('phone', '電話番号', true)}
      {row('email', 'メールアドレス', true)}
    </fieldset>
  );
}

export function RegisterDelegation({ onDone }: { onDone: () => void }) {
  const blocked = useWritesBlocked();
  const [decision, setDecision] = useState<Schemas['DelegateDecision'] | null>(null);
  const [kind, setKind] = useState('medical');
  const [code, setCode] = useState('');
  const [vaccine, setVaccine] = useState('');
  const [rep, setRep] = useState<Person>(nobody);
  const [contact, setContact] = useState<Person>(nobody);
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  useEffect(() => {
    call(api.GET('/facility/delegate')).then(setDecision).catch(() => setDecision(null));
  }, []);
  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    void submit(async () => {
      const r = await call(api.POST('/delegations', { body: { code_kind: kind as never, code, vaccine, representative: clean(rep), contact: clean(contact) } }));
      setDone(r.message ?? '委任状を登録しました。');
      onDone();
    });
  };
  return (
    <Section title="委任状の登録">
      {decision && (
        <div className="mb-4">
          <Banner kind="info" title={decision.required ? `委任先: ${decision.delegate_name}（${decision.delegate_kind_label}）` : '委任状の提出は不要です'}>
            {decision.reason}
          </Banner>
        </div>
      )}
      {done && (
        <div className="mb-4">
          <Banner kind="success" title={done} />
        </div>
      )}
      <FormError message={errors.top} className="mb-4" />
      {decision?.required !== false && (
        <form onSubmit={onSubmit} noValidate className="grid gap-4 desktop:grid-cols-2">
          <Field label="コードの種類" name="code_kind" required error={errors.fields.code_kind}>
            {(a) => (
              <Select {...a} value={kind} onChange={(e) => setKind(e.target.value)}>
                <option value="medical">保険医療機関コード</option>
                <option value="care">介護保険事業所番号</option>
              </Select>
            )}
          </Field>
          <Field label="コード（10桁）" name="code" required error={errors.fields.code}>
            {(a) => <Input {...a} value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" maxLength={10} />}
          </Field>
          <Field label="取り扱うワクチン" name="vaccine" required error={errors.fields.vaccine}>
            {(a) => <Input {...a} value={vaccine} onChange={(e) => setVaccine(e.target.value)} />}
          </Field>
          <div />
          <PersonFields prefix="representative" label="契約代表者" value={rep} onChange={setRep} errors={errors.fields} />
          <PersonFields prefix="contact" label="担当者" value={contact} onChange={setContact} errors={errors.fields} />
          <div>
            <Button type="submit" disabled={busy || blocked}>
              登録して委任状（PDF）を作成
            </Button>
          </div>
        </form>
      )}
    </Section>
  );
}

export function SiteType() {
  const blocked = useWritesBlocked();
  const serverToday = useServerToday();
  const [f, setF] = useState<Schemas['Facility'] | null>(null);
  const [type, setType] = useState('basic');
  const [basic, setBasic] = useState('');
  const [transfers, setTransfers] = useState<Schemas['Transfer'][] | null>(null);
  const [lot, setLot] = useState('');
  const [vials, setVials] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const form = useForm();
  const tForm = useForm();
  const load = async () => {
    const x = await call(api.GET('/facility'));
    setF(x);
    setType(x.site_type);
    if (x.site_type === 'satellite') setTransfers((await call(api.GET('/facility/transfers'))).items);
  };
  useEffect(() => {
    void load();
  }, []);
  if (!f) return <Loading />;
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    void form.submit(async () => {
      await call(api.PUT('/facility/site-type', { body: { site_type: type as never, version: f.version, ...(type === 'satellite' ? { basic_site_code: basic } : {}) } }));
      setDone('接種施設の種類を変更しました。');
      await load();
    });
  };
  // Transfers are registered on the day they arrive: the server's day.
  const today = serverToday ?? todayJst();
  const register = (e: React.FormEvent) => {
    e.preventDefault();
    void tForm.submit(async () => {
      await call(api.POST('/facility/transfers', { body: { date: today, lot_number: lot, vials: Number(vials) } }));
      setLot('');
      setVials('');
      await load();
    });
  };
  return (
    <div>
      <PageTitle sub={`現在: ${f.site_type_label}${f.satellites ? `（サテライト型 ${f.satellites}施設）` : ''}`}>基本型・サテライト型</PageTitle>
      {done && (
        <div className="mb-4">
          <Banner kind="success" title={done} />
        </div>
      )}
      <FormError message={form.errors.top} className="mb-4" />
      <Section title="接種施設の種類">
        <form onSubmit={save} noValidate className="grid gap-4 desktop:grid-cols-3 desktop:items-end">
          <Field label="種類" name="site_type" required error={form.errors.fields.site_type}>
            {(a) => (
              <Select {...a} value={type} onChange={(e) => setType(e.target.value)}>
                <option value="basic">基本型</option>
                <option value="satellite">サテライト型（連携型）</option>
              </Select>
            )}
          </Field>
          {type === 'satellite' && (
            <Field label="連携する基本型施設のコード" name="basic_site_code" required error={form.errors.fields.basic_site_code}>
              {(a) => <Input {...a} value={basic} onChange={(e) => setBasic(e.target.value)} inputMode="numeric" maxLength={10} />}
            </Field>
          )}
          <div>
            <Button type="submit" disabled={form.busy || blocked}>
              変更
            </Button>
          </div>
        </form>
      </Section>
      {f.site_type === 'satellite' && (
        <Section title="融通の登録（受け取った当日に登録してください）">
          <p className="mb-4 text-std-16N-170">受取日: {today}</p>
          <form onSubmit={register} noValidate className="mb-6 grid gap-4 desktop:grid-cols-3 desktop:items-end">
            <Field label="ロット番号" name="lot_number" required error={tForm.errors.fields.lot_number}>
              {(a) => <Input {...a} value={lot} onChange={(e) => setLot(e.target.value)} />}
            </Field>
            <Field label="バイアル数" name="vials" required error={tForm.errors.fields.vials}>
              {(a) => <Input {...a} type="number" min={1} value={vials} onChange={(e) => setVials(e.target.value)} />}
            </Field>
            <div>
              <Button type="submit" disabled={tForm.busy || blocked}>
                登録
              </Button>
            </div>
          </form>
          {tForm.errors.top && <Banner kind="error" title={tForm.errors.top} />}
          {transfers === null ? (
            <Loading />
          ) : transfers.length === 0 ? (
            <Empty>融通の登録はまだありません。</Empty>
          ) : (
            <Table caption="融通" head={['日付', 'ロット番号', 'バイアル数', '登録日時']}>
              {transfers.map((t) => (
                <tr key={`${t.date}${t.registered_at}`}>
                  <td className={td}>{t.date}</td>
                  <td className={td}>{t.lot_number}</td>
                  <td className={td}>{t.vials}</td>
                  <td className={td}>{t.registered_at}</td>
                </tr>
              ))}
            </Table>
          )}
        </Section>
      )}
    </div>
  );
}
