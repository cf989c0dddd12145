// The national office's master data: the vaccine master (doses per vial,
// pack and box sizes, needles and syringes per dose), the cools, the plan
// calendar, maintenance windows, and the facility-code master import.
import { useEffect, useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { useWritesBlocked } from '../components/Layout';
import { Banner, Button, Empty, Field, Input, Loading, PageTitle, Section, Select, Table, td, FormError } from '../components/ui';
import { useForm } from '../lib/form';
import { fromLocalJst, shortJst, toLocalJst } from '../lib/time';

type ProductFields = { name: string; manufacturer: string; doses_per_vial: string; vials_per_pack: string; needles_per_box: string; syringes_per_box: string; needle_ratio_milli: string; syringe_ratio_milli: string; dose_interval_days: string };

const PRODUCT_FIELDS: [keyof ProductFields, string][] = [
  ['name', '製品名'],
  ['manufacturer', 'メーカー'],
  ['doses_per_vial', '1バイアルの接種回数'],
  ['vials_per_pack', '1箱のバイアル数'],
  ['needles_per_box', '注射針（本/箱）'],
  ['syringes_per_box', 'シリンジ（本/箱）'],
  ['needle_ratio_milli', '1回あたりの注射針（1/1000本、1.05本 = 1050）'],
  ['syringe_ratio_milli', '1回あたりのシリンジ（1/1000本）'],
  ['dose_interval_days', '接種間隔（前回の接種からの日数、0は確認しない）'],
];

export function Vaccines() {
  const blocked = useWritesBlocked();
  const [items, setItems] = useState<Schemas['Product'][] | null>(null);
  const [editing, setEditing] = useState<Schemas['Product'] | null>(null);
  const [f, setF] = useState<ProductFields | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  const load = async () => setItems((await call(api.GET('/vaccines'))).items);
  useEffect(() => {
    void load();
  }, []);
  const edit = (p: Schemas['Product']) => {
    setEditing(p);
    setF(Object.fromEntries(PRODUCT_FIELDS.map(([k]) => [k, String(p[k])])) as ProductFields);
  };
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    if (!editing || !f) return;
    void submit(async () => {
      const num = (k: keyof ProductFields) => Number(f[k]);
      const r = await call(
        api.PUT('/vaccines/{code}', {
          params: { path: { code: editing.code } },
          body: {
            name: f.name,
            manufacturer: f.manufacturer,
            doses_per_vial: num('doses_per_vial'),
            vials_per_pack: num('vials_per_pack'),
            needles_per_box: num('needles_per_box'),
            syringes_per_box: num('syringes_per_box'),
            needle_ratio_milli: num('needle_ratio_milli'),
            syringe_ratio_milli: num('syringe_ratio_milli'),
            dose_interval_days: num('dose_interval_days'),
            version: editing.version,
          },
        }),
      );
      setDone(`${r.name} を保存しました（1箱 ${r.doses_per_pack} 回接種分）。`);
      setEditing(null);
      await load();
    });
  };
  return (
    <div>
      <PageTitle>ワクチン・針・シリンジマスタ</PageTitle>
      {done && (
        <div className="mb-4">
          <Banner kind="success" title={done} />
        </div>
      )}
      {items === null ? (
        <Loading />
      ) : (
        <Table caption="ワクチンマスタ" head={['製品', 'メーカー', '1バイアルの回数', '1箱のバイアル', '1箱の回数', '針（本/箱・回あたり）', 'シリンジ（本/箱・回あたり）', '接種間隔', '']}>
          {items.map((p) => (
            <tr key={p.code}>
              <td className={td}>{p.name}</td>
              <td className={td}>{p.manufacturer}</td>
              <td className={td}>{p.doses_per_vial}</td>
              <td className={td}>{p.vials_per_pack}</td>
              <td className={td}>{p.doses_per_pack}</td>
              <td className={td}>
                {p.needles_per_box}本・{(p.needle_ratio_milli / 1000).toFixed(2)}
              </td>
              <td className={td}>
                {p.syringes_per_box}本・{(p.syringe_ratio_milli / 1000).toFixed(2)}
              </td>
              <td className={td}>{p.dose_interval_days ? `${p.dose_interval_days}日` : '—'}</td>
              <td className={td}>
                <Button type="button" size="sm" variant="outline" onClick={() => edit(p)} aria-label={`${p.name}を編集`}>
                  編集
                </Button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {editing && f && (
        <div className="mt-8">
          <Section title={`${editing.name} の編集`}>
            <FormError message={errors.top} className="mb-4" />
            <form onSubmit={save} noValidate className="grid gap-4 desktop:grid-cols-2">
              {PRODUCT_FIELDS.map(([k, label]) => (
                <Field key={k} label={label} name={k} required error={errors.fields[k]}>
                  {(a) => <Input {...a} value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} inputMode={k === 'name' || k === 'manufacturer' ? undefined : 'numeric'} />}
                </Field>
              ))}
              <div className="flex gap-2">
                <Button type="submit" disabled={busy || blocked}>
                  保存
                </Button>
                <Button type="button" variant="outline" onClick={() => setEditing(null)}>
                  キャンセル
                </Button>
              </div>
            </form>
          </Section>
        </div>
      )}
    </div>
  );
}

const CHANNELS = [
  ['general', '一般'],
  ['workplace', '職域'],
  ['booster', '追加接種'],
] as const;

export function Cools() {
  const blocked = useWritesBlocked();
  const [cools, setCools] = useState<Schemas['Cool'][] | null>(null);
  const [products, setProducts] = useState<Schemas['Product'][]>([]);
  const [f, setF] = useState({ number: '', channel: 'general', product: '', delivery_week: '', vaccination_from: '', vaccination_until: '', registration_opens: '', registration_deadline: '' });
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  const load = async () => setCools((await call(api.GET('/cools'))).items);
  useEffect(() => {
    void load();
    call(api.GET('/vaccines')).then((p) => {
      setProducts(p.items);
      setF((x) => ({ ...x, product: p.items[0]?.code ?? '' }));
    });
  }, []);
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setF({ ...f, [k]: e.target.value });
  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    void submit(async () => {
      const c = await call(
        api.POST('/cools', {
          body: {
            number: Number(f.number),
            channel: f.channel as never,
            product: f.product,
            delivery_week: f.delivery_week,
            vaccination_from: f.vaccination_from,
            vaccination_until: f.vaccination_until,
            registration_opens: fromLocalJst(f.registration_opens),
            registration_deadline: fromLocalJst(f.registration_deadline),
          },
        }),
      );
      setDone(`${c.label} を登録しました。`);
      await load();
    });
  };
  return (
    <div>
      <PageTitle>クール</PageTitle>
      <Section title="登録済みのクール">
        {cools === null ? (
          <Loading />
        ) : cools.length === 0 ? (
          <Empty>クールはまだありません。</Empty>
        ) : (
          <Table caption="クール" head={['クール', '区分', '配送週', '受付', '締切', '状態']}>
            {cools.map((c) => (
              <tr key={c.cool_id}>
                <td className={td}>{c.label}</td>
                <td className={td}>{c.channel_label}</td>
                <td className={td}>{c.delivery_week}</td>
                <td className={td}>{shortJst(c.registration_opens)}</td>
                <td className={td}>{shortJst(c.registration_deadline)}</td>
                <td className={td}>{c.state_label}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      <Section title="クールの追加">
        {done && (
          <div className="mb-4">
            <Banner kind="success" title={done} />
          </div>
        )}
        <FormError message={errors.top} className="mb-4" />
        <form onSubmit={onSubmit} noValidate className="grid gap-4 desktop:grid-cols-2">
          <Field label="番号" name="number" required error={errors.fields.number}>
            {(a) => <Input {...a} type="number" min={1} value={f.number} onChange={set('number')} />}
          </Field>
          <Field label="区分" name="channel" required error={errors.fields.channel}>
            {(a) => (
              <Select {...a} value={f.channel} onChange={set('channel')}>
                {CHANNELS.map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="ワクチン" name="product" required error={errors.fields.product}>
            {(a) => (
              <Select {...a} value={f.product} onChange={set('product')}>
                {products.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="配送週（月曜日）" name="delivery_week" required error={errors.fields.delivery_week}>
            {(a) => <Input {...a} type="date" value={f.delivery_week} onChange={set('delivery_week')} />}
          </Field>
          <Field label="接種期間（開始）" name="vaccination_from" required error={errors.fields.vaccination_from}>
            {(a) => <Input {...a} type="date" value={f.vaccination_from} onChange={set('vaccination_from')} />}
          </Field>
          <Field label="接種期間（終了）" name="vaccination_until" required error={errors.fields.vaccination_until}>
            {(a) => <Input {...a} type="date" value={f.vaccination_until} onChange={set('vaccination_until')} />}
          </Field>
          <Field label="登録受付開始（日本時間）" name="registration_opens" required error={errors.fields.registration_opens}>
            {(a) => <Input {...a} type="datetime-local" value={f.registration_opens} onChange={set('registration_opens')} />}
          </Field>
          <Field label="登録締切（日本時間、火曜15:00）" name="registration_deadline" required error={errors.fields.registration_deadline}>
            {(a) => <Input {...a} type="datetime-local" value={f.registration_deadline} onChange={set('registration_deadline')} />}
          </Field>
          <div>
            <Button type="submit" disabled={busy || blocked}>
              登録
            </Button>
          </div>
        </form>
      </Section>
    </div>
  );
}

type PeriodRow = { kind: string; label: string; from: string; until: string; cool_number: string };

const KINDS = [
  ['registration', '登録期間'],
  ['plan_review', '計画確認中'],
  ['distribution', '分配処理中'],
] as const;


export function PlanCalendar() {
  const blocked = useWritesBlocked();
  const [cal, setCal] = useState<Schemas['Calendar'] | null>(null);
  const [rows, setRows] = useState<PeriodRow[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  const take = (c: Schemas['Calendar']) => {
    setCal(c);
    setRows(c.periods.map((p) => ({ kind: p.kind, label: p.label, from: toLocalJst(p.from), until: toLocalJst(p.until), cool_number: p.cool_number ? String(p.cool_number) : '' })));
  };
  useEffect(() => {
    call(api.GET('/plan-calendar')).then(take);
  }, []);
  if (!cal) return <Loading />;
  const set = (i: number, k: keyof PeriodRow, v: string) => setRows(rows.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    void submit(async () => {
      const periods = rows.map((r) => ({
        kind: r.kind as never,
        label: r.label,
        from: fromLocalJst(r.from),
        until: fromLocalJst(r.until),
        ...(r.cool_number ? { cool_number: Number(r.cool_number) } : {}),
      }));
      take(await call(api.PUT('/plan-calendar', { body: { periods, version: cal.version } })));
      setDone('スケジュールを保存しました。');
    });
  };
  return (
    <div>
      <PageTitle sub={cal.current ? `現在: ${cal.current.label}（${cal.current.kind_label}）` : undefined}>接種計画のスケジュール</PageTitle>
      <div className="mb-4 flex flex-col gap-2">
        {done && <Banner kind="success" title={done} />}
        <FormError message={errors.top} />
      </div>
      <form onSubmit={save} noValidate>
        <Section title="期間（終了した期間は変更できません）">
          {rows.length === 0 ? (
            <Empty>スケジュールはまだありません。</Empty>
          ) : (
            <Table caption="接種計画のスケジュール" head={['種別', '名称', '開始（日本時間）', '終了（日本時間）', 'クール', '']}>
              {rows.map((r, i) => (
                <tr key={i} data-field={`periods[${i}]`}>
                  <td className={td}>
                    <Select aria-label={`${i + 1}行目の種別`} value={r.kind} onChange={(e) => set(i, 'kind', e.target.value)}>
                      {KINDS.map(([v, l]) => (
                        <option key={v} value={v}>
                          {l}
                        </option>
                      ))}
                    </Select>
                  </td>
                  <td className={td}>
                    <Input aria-label={`${i + 1}行目の名称`} value={r.label} onChange={(e) => set(i, 'label', e.target.value)} className="w-40" />
                  </td>
                  <td className={td}>
                    <Input aria-label={`${i + 1}行目の開始`} type="datetime-local" value={r.from} onChange={(e) => set(i, 'from', e.target.value)} />
                  </td>
                  <td className={td}>
                    <Input aria-label={`${i + 1}行目の終了`} type="datetime-local" value={r.until} onChange={(e) => set(i, 'until', e.target.value)} />
                  </td>
                  <td className={td}>
                    <Input aria-label={`${i + 1}行目のクール`} type="number" min={1} value={r.cool_number} onChange={(e) => set(i, 'cool_number', e.target.value)} className="w-24" />
                  </td>
                  <td className={td}>
                    <Button type="button" size="sm" variant="text" onClick={() => setRows(rows.filter((_, j) => j !== i))} aria-label={`${i + 1}行目を削除`}>
                      削除
                    </Button>
                  </td>
                </tr>
              ))}
            </Table>
          )}
          {Object.entries(errors.fields).map(([f, m]) => (
            <p key={f} role="alert" className="mt-2 text-error-2">
              ＊{f.replace(/^periods\[(\d+)\].*/, (_, n) => `${Number(n) + 1}行目: `)}
              {m}
            </p>
          ))}
          <div className="mt-4 flex gap-2">
            <Button type="button" variant="outline" onClick={() => setRows([...rows, { kind: 'registration', label: '', from: '', until: '', cool_number: '' }])}>
              期間を追加
            </Button>
            <Button type="submit" disabled={busy || blocked}>
              保存
            </Button>
          </div>
        </Section>
      </form>
    </div>
  );
}

export function MaintenanceWindows() {
  const [m, setM] = useState<Schemas['Maintenance'] | null>(null);
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const { errors, busy, submit } = useForm();
  const load = async () => setM(await call(api.GET('/maintenance-windows')));
  useEffect(() => {
    void load();
  }, []);
  const add = (e: React.FormEvent) => {
    e.preventDefault();
    void submit(async () => {
      setM(await call(api.POST('/maintenance-windows', { body: { from: fromLocalJst(from), until: fromLocalJst(until), ...(reason ? { reason } : {}) } })));
    });
  };
  const end = (id: string) => void submit(async () => setM(await call(api.DELETE('/maintenance-windows/{id}', { params: { path: { id } } }))));
  if (!m) return <Loading />;
  return (
    <div>
      <PageTitle>メンテナンス</PageTitle>
      <FormError message={errors.top} className="mb-4" />
      <Section title="予定・実施中のメンテナンス">
        {m.windows.length === 0 ? (
          <Empty>予定されたメンテナンスはありません。</Empty>
        ) : (
          <Table caption="メンテナンス" head={['開始', '終了', '理由', '']}>
            {m.windows.map((w) => (
              <tr key={w.id}>
                <td className={td}>{shortJst(w.from)}</td>
                <td className={td}>{shortJst(w.until)}</td>
                <td className={td}>{w.reason ?? ''}</td>
                <td className={td}>
                  <Button type="button" size="sm" variant="outline" onClick={() => end(w.id)}>
                    {m.active?.id === w.id ? '今すぐ終了' : '取り消し'}
                  </Button>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      <Section title="メンテナンスの予告">
        <form onSubmit={add} noValidate className="grid gap-4 desktop:grid-cols-3">
          <Field label="開始（日本時間）" name="from" required error={errors.fields.from}>
            {(a) => <Input {...a} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />}
          </Field>
          <Field label="終了（日本時間）" name="until" required error={errors.fields.until}>
            {(a) => <Input {...a} type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />}
          </Field>
          <Field label="理由" name="reason" error={errors.fields.reason}>
            {(a) => <Input {...a} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <div>
            <Button type="submit" disabled={busy}>
              予告する
            </Button>
          </div>
        </form>
      </Section>
    </div>
  );
}

export function CodeImport() {
  const blocked = useWritesBlocked();
  const [text, setText] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  const send = () =>
    void submit(async () => {
      // The file goes as it is (text/csv), not as JSON.
      const body = await call(
        api.POST('/facility-codes/import', { body: text, bodySerializer: (b: string) => b, headers: { 'Content-Type': 'text/csv' } }),
      );
      setResult(`${body.rows}行: 追加 ${body.added}件、変更 ${body.changed}件、変更なし ${body.unchanged}件`);
    });
  return (
    <div>
      <PageTitle>コードマスタの取込</PageTitle>
      <Section title="取り込むファイル">
        <p className="mb-4 text-std-16N-170">列: code,kind,name,postal_code,municipality_code,address[,phone]（kind は medical または care）。同じ内容の行は変更しないため、同じファイルを再度取り込んでも変わりません。</p>
        <div className="flex flex-wrap items-end gap-4">
          <div className="flex flex-col gap-2">
            <label htmlFor="codes-file" className="text-std-17B-170">
              CSVファイル
            </label>
            <input id="codes-file" type="file" accept=".csv,text/csv" onChange={async (e) => setText((await e.target.files?.[0]?.text()) ?? '')} />
          </div>
          <Button type="button" onClick={send} disabled={!text || busy || blocked}>
            取り込む
          </Button>
        </div>
        <div className="mt-4 flex flex-col gap-2">
          {result && <Banner kind="success" title={result} />}
          {errors.top && <Banner kind="error" title={errors.top} />}
          {Object.values(errors.fields).map((m) => (
            <Banner key={m} kind="error" title={m} />
          ))}
        </div>
      </Section>
    </div>
  );
}
