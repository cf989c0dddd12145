// 請求 (seed 002 「国保連提出用請求総括書・市区町村別請求書の作成」): a site's
// monthly claim — counts of 予診のみ / 接種 × 6歳未満 / 6歳以上 × 通常 / 時間外 /
// 休日 for the residents of its own municipality first, then of each other
// municipality added — with the amounts as the API reckons them, the warning
// when more vaccinations are billed than reported, 「請求内容変更の場合は
// チェック」 after the 10th, and the documents (PDF, CSV, Excel); what is billed
// to a municipality or a prefecture; the nation's price master.
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, call, type Schemas } from '../api/client';
import type { paths } from '../api/schema';
import { type Area, PrefectureSelect, useAreas } from '../components/areas';
import { useServerToday, useWritesBlocked } from '../components/Layout';
import { Banner, Button, Downloads, Empty, Field, FormError, InlineError, Input, Loading, PageTitle, Section, Select, Table, td } from '../components/ui';
import { useForm } from '../lib/form';
import { num, slashDate } from '../lib/format';
import { More, usePaged } from '../lib/paged';
import { useSession } from '../lib/session';

type Claim = Schemas['BillingClaim'];
type Counts = Schemas['BillingCounts'];
type Bill = Schemas['Bill'];
type PriceSet = Schemas['PriceSet'];
type InvoicePage = paths['/billing/invoices']['get']['responses'][200]['content']['application/json'];
type Invoice = InvoicePage['items'][number];
type ClaimSummary = paths['/billing/claims']['get']['responses'][200]['content']['application/json']['items'][number];

const KINDS = [
  ['prescreening_only', '予診のみ'],
  ['vaccination', '接種'],
] as const;
const AGES = [
  ['under6', '6歳未満'],
  ['from6', '6歳以上'],
] as const;
const TIMES = [
  ['normal', '通常'],
  ['overtime', '時間外'],
  ['holiday', '休日'],
] as const;
type Kind = (typeof KINDS)[number][0];
type Age = (typeof AGES)[number][0];
type Time = (typeof TIMES)[number][0];

/** The entry of one row: the counts as typed (strings, so a field can be empty). */
type Entry = { muni: string; muni_name: string; cells: Record<string, string> };
const cellKey = (k: Kind, a: Age, t: Time) => `${k}.${a}.${t}`;

function entryOf(muni: string, muni_name: string, c?: Counts): Entry {
  const cells: Record<string, string> = {};
  for (const [k] of KINDS) for (const [a] of AGES) for (const [t] of TIMES) cells[cellKey(k, a, t)] = String(c ? c[k][a][t] : 0);
  return { muni, muni_name, cells };
}

const parse = (s: string) => (s.trim() === '' ? 0 : Number(s));

function countsOf(e: Entry): Counts {
  const times = (k: Kind, a: Age) => ({ normal: parse(e.cells[cellKey(k, a, 'normal')]), overtime: parse(e.cells[cellKey(k, a, 'overtime')]), holiday: parse(e.cells[cellKey(k, a, 'holiday')]) });
  const ages = (k: Kind) => ({ under6: times(k, 'under6'), from6: times(k, 'from6') });
  return { prescreening_only: ages('prescreening_only'), vaccination: ages('vaccination') };
}

const vaccinationsOf = (e: Entry) => AGES.flatMap(([a]) => TIMES.map(([t]) => parse(e.cells[cellKey('vaccination', a, t)]) || 0)).reduce((x, y) => x + y, 0);

/** The last month that is over, as `YYYY-MM` (a month is billed once it has ended). */
function lastMonth(today: string | null): string {
  const d = today ? new Date(`${today}T00:00:00Z`) : new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

const yen = (n: number) => `${num(n)}円`;

/** A bill's lines: 区分, 種類, 件数, 単価, 金額. */
function BillTable({ bill, caption }: { bill: Bill; caption: string }) {
  return (
    <Table caption={caption} head={['区分', '種類', '請求件数', '単価（税抜）', '請求金額（税込）']} readOnly>
      {bill.lines.map((l, i) => (
        <tr key={i} className={l.label === '小計' ? 'bg-solid-gray-50' : ''}>
          <td className={td}>{l.kind_label}</td>
          <td className={td}>{l.label}</td>
          <td className={`${td} text-right`}>{num(l.count)}</td>
          <td className={`${td} text-right`}>{l.unit_price == null ? '' : yen(l.unit_price)}</td>
          <td className={`${td} text-right`}>{yen(l.amount)}</td>
        </tr>
      ))}
      <tr>
        <th scope="row" colSpan={2} className={`${td} text-left text-std-16B-170`}>
          合計
        </th>
        <td className={`${td} text-right text-std-16B-170`}>{num(bill.total_count)}</td>
        <td className={td} />
        <td className={`${td} text-right text-std-16B-170`}>{yen(bill.total_amount)}</td>
      </tr>
    </Table>
  );
}

/** One municipality's counts: 予診のみ / 接種 × age as rows, the times as columns. */
function CountsGrid({ index, entry, onChange, errors }: { index: number; entry: Entry; onChange: (e: Entry) => void; errors: Record<string, string> }) {
  return (
    <Table caption={`${entry.muni_name}にお住まいの方の件数`} head={['区分', '年齢', ...TIMES.map(([, l]) => l)]}>
      {KINDS.flatMap(([k, kl]) =>
        AGES.map(([a, al]) => (
          <tr key={`${k}-${a}`}>
            <th scope="row" className={`${td} text-left text-std-16B-170`}>
              {kl}
            </th>
            <td className={td}>{al}</td>
            {TIMES.map(([t, tl]) => {
              const field = `rows[${index}].counts.${k}.${a}.${t}`;
              return (
                <td key={t} className={td} data-field={field}>
                  <Input
                    aria-label={`${entry.muni_name} ${kl} ${al} ${tl}`}
                    inputMode="numeric"
                    value={entry.cells[cellKey(k, a, t)]}
                    onChange={(e) => onChange({ ...entry, cells: { ...entry.cells, [cellKey(k, a, t)]: e.target.value } })}
                    aria-invalid={errors[field] ? true : undefined}
                    className="w-24"
                  />
                  <InlineError message={errors[field]} />
                </td>
              );
            })}
          </tr>
        )),
      )}
    </Table>
  );
}

/** Adds another municipality's row: its prefecture, then the municipality. */
function AddMunicipality({ areas, taken, onAdd }: { areas: Area[]; taken: string[]; onAdd: (code: string, name: string) => void }) {
  const [pref, setPref] = useState('');
  const [muni, setMuni] = useState('');
  const munis = areas.find((a) => a.code === pref)?.municipalities.filter((m) => !taken.includes(m.code)) ?? [];
  return (
    <div className="flex flex-wrap items-end gap-4">
      <div className="w-48">
        <Field label="都道府県" name="add_pref">
          {(p) => (
            <Select {...p} value={pref} onChange={(e) => (setPref(e.target.value), setMuni(''))}>
              <option value="">選択してください</option>
              {areas.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <div className="w-64">
        <Field label="市区町村" name="add_muni">
          {(p) => (
            <Select {...p} value={muni} onChange={(e) => setMuni(e.target.value)} disabled={!pref}>
              <option value="">選択してください</option>
              {munis.map((m) => (
                <option key={m.code} value={m.code}>
                  {m.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <Button
        type="button"
        variant="outline"
        disabled={!muni}
        onClick={() => {
          onAdd(muni, munis.find((m) => m.code === muni)?.name ?? muni);
          setMuni('');
        }}
      >
        市区町村を追加
      </Button>
    </div>
  );
}

/** The claim's documents: made for its version and opened by the link the API hands out. */
function Documents({ month }: { month: string }) {
  const { errors, busy, submit } = useForm();
  const open = (format: 'pdf' | 'csv' | 'xlsx') =>
    void submit(async () => {
      const link = await call(api.GET('/billing/claims/{month}/documents', { params: { path: { month }, query: { format } } }));
      window.location.assign(link.url);
    });
  return (
    <div className="flex flex-col gap-2">
      <FormError message={errors.top} />
      <div className="flex flex-wrap gap-2">
        <Button type="button" size="sm" variant="outline" disabled={busy} onClick={() => open('pdf')}>
          請求総括書・市区町村別請求書（PDF）
        </Button>
        <Button type="button" size="sm" variant="outline" disabled={busy} onClick={() => open('csv')}>
          CSV
        </Button>
        <Button type="button" size="sm" variant="outline" disabled={busy} onClick={() => open('xlsx')}>
          Excel
        </Button>
      </div>
    </div>
  );
}

function ClaimForm({ claim, areas, onSaved }: { claim: Claim; areas: Area[]; onSaved: (c: Claim) => void }) {
  const blocked = useWritesBlocked();
  const [rows, setRows] = useState<Entry[]>(claim.rows.map((r) => entryOf(r.muni, r.muni_name, r.counts)));
  const [correction, setCorrection] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  const billed = rows.reduce((a, r) => a + vaccinationsOf(r), 0);
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    setDone(null);
    void submit(async () => {
      const next = await call(
        api.PUT('/billing/claims/{month}', {
          params: { path: { month: claim.month } },
          body: { rows: rows.map((r) => ({ muni: r.muni, counts: countsOf(r) })), ...(correction ? { correction: true } : {}), version: claim.version },
        }),
      );
      setDone(`${next.month_label}接種分の請求を登録しました（合計 ${yen(next.summary?.total_amount ?? 0)}）。`);
      setCorrection(false);
      onSaved(next);
    });
  };
  const rowError = (i: number) => errors.fields[`rows[${i}].muni`];
  return (
    <form onSubmit={save} noValidate className="flex flex-col gap-6">
      {done && <Banner kind="success" title={done} />}
      <FormError message={errors.top} />
      <InlineError message={errors.fields.rows} />
      {rows.map((r, i) => (
        <section key={r.muni} className="flex flex-col gap-3" data-field={`rows[${i}].muni`} aria-label={r.muni_name}>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="text-std-20B-150">
              {i === 0 ? `医療機関と同一市内にお住まいの方（${r.muni_name}）` : `${r.muni_name}にお住まいの方`}
            </h3>
            {i > 0 && (
              <Button type="button" size="sm" variant="text" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                {r.muni_name}の行を削除
              </Button>
            )}
          </div>
          <InlineError message={rowError(i)} />
          <CountsGrid index={i} entry={r} onChange={(n) => setRows(rows.map((x, j) => (j === i ? n : x)))} errors={errors.fields} />
        </section>
      ))}
      <Section title="他の市区町村にお住まいの方">
        <AddMunicipality areas={areas} taken={rows.map((r) => r.muni)} onAdd={(code, name) => setRows([...rows, entryOf(code, name)])} />
      </Section>
      <p className="text-std-17B-170">
        請求する接種回数: {num(billed)}回（この月の接種実績として報告された回数: {num(claim.reported_doses)}回）
      </p>
      {billed > claim.reported_doses && (
        <Banner kind="warning" title={`請求する接種回数（${num(billed)}回）が、この月の接種実績として報告された回数（${num(claim.reported_doses)}回）を上回っています。`}>
          接種実績の入力と請求内容をご確認ください。
        </Banner>
      )}
      {claim.submitted && claim.past_deadline && (
        <div data-field="correction">
          <div className="flex items-center gap-2">
            <input id="billing-correction" type="checkbox" checked={correction} onChange={(e) => setCorrection(e.target.checked)} className="size-5" aria-invalid={errors.fields.correction ? true : undefined} />
            <label htmlFor="billing-correction" className="text-std-17B-170">
              請求内容変更の場合はチェック
            </label>
          </div>
          <InlineError message={errors.fields.correction} />
        </div>
      )}
      <div>
        <Button type="submit" disabled={busy || blocked}>
          {claim.submitted ? '請求内容を更新' : '請求を登録'}
        </Button>
      </div>
    </form>
  );
}

/** /billing/:month: the month's claim, as seed 002's entry screen. */
export function ClaimPage() {
  const { month = '' } = useParams();
  const [claim, setClaim] = useState<Claim | null>(null);
  const areas = useAreas();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setClaim(null);
    setError(null);
    call(api.GET('/billing/claims/{month}', { params: { path: { month } } }))
      .then(setClaim)
      .catch((e) => setError(e.message));
  }, [month]);
  if (error)
    return (
      <div className="flex flex-col gap-4">
        <PageTitle>国保連提出用請求総括書・市区町村別請求書の作成</PageTitle>
        <Banner kind="error" title={error} />
        <Link className="text-key-900 underline" to="/billing">
          請求の一覧へ
        </Link>
      </div>
    );
  if (!claim) return <Loading />;
  const p = claim.prices;
  return (
    <div>
      <PageTitle sub={`${claim.claim_label}。締切を過ぎてからの変更は「請求内容変更」として請求総括書に記載されます。`}>
        国保連提出用請求総括書・市区町村別請求書の作成（{claim.month_label}接種分）
      </PageTitle>
      <div className="mb-6 flex flex-col gap-3">
        {claim.submitted && (
          <Banner kind={claim.corrected ? 'warning' : 'info'} title={`${claim.submitted_at?.slice(0, 16).replace('T', ' ')} に提出済み${claim.corrected ? '（請求内容変更）' : ''}`} />
        )}
        {!claim.submitted && claim.past_deadline && <Banner kind="warning" title={`締切（${slashDate(claim.deadline)}）を過ぎています。月遅れの請求として登録されます。`} />}
        {p ? (
          <p className="text-std-16N-170">
            単価（税抜）: 接種 6歳以上 {yen(p.vaccination_from6)}・6歳未満 {yen(p.vaccination_under6)}、予診のみ 6歳以上 {yen(p.prescreening_from6)}・6歳未満 {yen(p.prescreening_under6)}
            {p.new_form ? `、時間外 +${yen(p.overtime_extra ?? 0)}、休日 +${yen(p.holiday_extra ?? 0)}` : ''}。消費税 {p.tax_rate_percent}%。金額は行ごとに1円未満を切り捨てます。
            {!p.new_form && ' 2021年11月以前の接種分は、時間外・休日の加算額をこの請求とは別に請求してください（件数は通常の単価で請求されます）。'}
          </p>
        ) : (
          <Banner kind="error" title="この月の接種に適用する単価が単価マスタにありません。厚生労働省にお問い合わせください。" />
        )}
      </div>
      <Section title={`${claim.site.name}（医療機関等コード ${claim.site.code}）`}>
        <ClaimForm claim={claim} areas={areas} onSaved={setClaim} />
      </Section>
      {claim.summary && (
        <Section title="請求総括書" actions={<Documents month={claim.month} />}>
          <p className="mb-3 text-std-16N-170">{claim.site.pref_name}国民健康保険団体連合会 御中</p>
          <BillTable bill={claim.summary} caption="請求総括書の明細" />
          {claim.rows
            .filter((r) => r.bill && r.bill.total_count > 0)
            .map((r) => (
              <div key={r.muni} className="mt-6">
                <h3 className="mb-2 text-std-17B-170">市区町村別請求書（{r.muni_name}）</h3>
                <BillTable bill={r.bill!} caption={`${r.muni_name}への請求`} />
              </div>
            ))}
        </Section>
      )}
    </div>
  );
}

/** /billing: the site's claims by month, and the month to enter. */
export function Claims() {
  const navigate = useNavigate();
  const today = useServerToday();
  const [month, setMonth] = useState('');
  const [items, setItems] = useState<ClaimSummary[] | null>(null);
  useEffect(() => {
    call(api.GET('/billing/claims')).then((p) => setItems(p.items));
  }, []);
  const chosen = month || lastMonth(today);
  return (
    <div>
      <PageTitle sub="毎月、前月の接種分を10日までに登録し、請求総括書・市区町村別請求書を国民健康保険団体連合会に提出してください。">請求</PageTitle>
      <Section title="請求の入力">
        <form
          className="flex flex-wrap items-end gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            navigate(`/billing/${chosen}`);
          }}
        >
          <div className="w-56">
            <Field label="接種月" name="month">
              {(p) => <Input {...p} type="month" value={chosen} max={lastMonth(today)} onChange={(e) => setMonth(e.target.value)} />}
            </Field>
          </div>
          <Button type="submit">入力する</Button>
        </form>
      </Section>
      <Section title="登録した請求">
        {items === null ? (
          <Loading />
        ) : items.length === 0 ? (
          <Empty>登録した請求はありません。</Empty>
        ) : (
          <Table caption="登録した請求" head={['接種月', '請求月', '市区町村数', '請求件数', '請求金額（税込）', '提出日時', '']}>
            {items.map((c) => (
              <tr key={c.month}>
                <td className={td}>{c.month_label}</td>
                <td className={td}>
                  {c.claim_label}
                  {c.corrected && <span className="ml-2 text-std-16B-170 text-red-800">請求内容変更</span>}
                </td>
                <td className={`${td} text-right`}>{num(c.municipalities)}</td>
                <td className={`${td} text-right`}>{num(c.total_count)}</td>
                <td className={`${td} text-right`}>{yen(c.total_amount)}</td>
                <td className={td}>{c.submitted_at.slice(0, 16).replace('T', ' ')}</td>
                <td className={td}>
                  <Link className="text-key-900 underline" to={`/billing/${c.month}`}>
                    {c.month_label}の請求を開く
                  </Link>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </div>
  );
}

const totalOf = (c: Schemas['BillingCounts'], k: Kind) => AGES.flatMap(([a]) => TIMES.map(([t]) => c[k][a][t])).reduce((x, y) => x + y, 0);

/** /billing-invoices: what the sites bill to the municipality (or to the
 * prefecture's municipalities) for a month, with CSV and Excel. */
export function Invoices() {
  const { me } = useSession();
  const today = useServerToday();
  const national = me?.role === 'national';
  const [month, setMonth] = useState('');
  const [pref, setPref] = useState('13');
  const areas = useAreas(national);
  const chosen = month || lastMonth(today);
  const query = useMemo(() => ({ month: chosen, ...(national ? { pref } : {}) }), [chosen, national, pref]);
  const { items, cursor, more } = usePaged<Invoice>((c) => call(api.GET('/billing/invoices', { params: { query: { ...query, ...(c ? { cursor: c } : {}) } } })), [query]);
  const warned = (items ?? []).filter((i) => i.warning);
  const href = `/billing/invoices/export?month=${chosen}${national ? `&pref=${pref}` : ''}`;
  return (
    <div>
      <PageTitle sub="医療機関・接種会場が請求した接種費等（住民の方の分）。請求内容変更のあったものには印があります。">請求の確認</PageTitle>
      <div className="mb-6 flex flex-wrap gap-4">
        <div className="w-56">
          <Field label="接種月" name="month">
            {(p) => <Input {...p} type="month" value={chosen} onChange={(e) => setMonth(e.target.value)} />}
          </Field>
        </div>
        {national && (
          <div className="w-56">
            <PrefectureSelect areas={areas} value={pref} onChange={setPref} />
          </div>
        )}
      </div>
      {warned.length > 0 && (
        <div className="mb-4">
          <Banner kind="warning" title={`接種実績の報告より多い接種回数を請求している医療機関等があります（${warned.length}件）。`} />
        </div>
      )}
      <Section title="請求の一覧" actions={<Downloads href={href} what="請求の一覧" />}>
        {items === null ? (
          <Loading />
        ) : items.length === 0 ? (
          <Empty>この月の請求はありません。</Empty>
        ) : (
          <Table caption="請求の一覧" head={['請求先', '医療機関等コード', '医療機関等名称', '予診のみ', '接種', '請求件数', '請求金額（税込）', '提出日時', '確認事項']}>
            {items.map((i) => (
              <tr key={`${i.site_id}-${i.muni}`}>
                <td className={td}>{i.muni_name}</td>
                <td className={td}>{i.site_code}</td>
                <td className={td}>{i.site_name}</td>
                <td className={`${td} text-right`}>{num(totalOf(i.counts, 'prescreening_only'))}</td>
                <td className={`${td} text-right`}>{num(totalOf(i.counts, 'vaccination'))}</td>
                <td className={`${td} text-right`}>{num(i.total_count)}</td>
                <td className={`${td} text-right`}>{yen(i.total_amount)}</td>
                <td className={td}>{i.submitted_at.slice(0, 16).replace('T', ' ')}</td>
                <td className={td}>
                  {i.corrected && <p className="text-std-16B-170 text-red-800">請求内容変更</p>}
                  {i.warning && <p className="text-std-16N-170">請求 {num(i.site_vaccinations)}回 / 実績 {num(i.reported_doses)}回</p>}
                </td>
              </tr>
            ))}
          </Table>
        )}
        <More cursor={cursor} more={more} />
      </Section>
    </div>
  );
}

type PriceEntry = Record<'effective_from' | 'vaccination_from6' | 'vaccination_under6' | 'prescreening_from6' | 'prescreening_under6' | 'overtime_extra' | 'holiday_extra' | 'tax_rate_percent', string>;
const PRICE_COLUMNS: [keyof PriceEntry, string][] = [
  ['effective_from', '適用開始（接種月）'],
  ['vaccination_from6', '接種 6歳以上'],
  ['vaccination_under6', '接種 6歳未満'],
  ['prescreening_from6', '予診のみ 6歳以上'],
  ['prescreening_under6', '予診のみ 6歳未満'],
  ['overtime_extra', '時間外加算'],
  ['holiday_extra', '休日加算'],
  ['tax_rate_percent', '消費税率（%）'],
];

const priceEntry = (s: PriceSet): PriceEntry => ({
  effective_from: s.effective_from,
  vaccination_from6: String(s.vaccination_from6),
  vaccination_under6: String(s.vaccination_under6),
  prescreening_from6: String(s.prescreening_from6),
  prescreening_under6: String(s.prescreening_under6),
  overtime_extra: s.overtime_extra == null ? '' : String(s.overtime_extra),
  holiday_extra: s.holiday_extra == null ? '' : String(s.holiday_extra),
  tax_rate_percent: String(s.tax_rate_percent),
});

/** /billing-prices: the nation's unit prices (tax excluded) and tax rate, by the month of vaccination they apply from. */
export function BillingPrices() {
  const blocked = useWritesBlocked();
  const [master, setMaster] = useState<Schemas['BillingPrices'] | null>(null);
  const [sets, setSets] = useState<PriceEntry[]>([]);
  const [done, setDone] = useState(false);
  const { errors, busy, submit } = useForm();
  const show = (m: Schemas['BillingPrices']) => {
    setMaster(m);
    setSets(m.sets.map(priceEntry));
  };
  useEffect(() => {
    call(api.GET('/billing-prices')).then(show);
  }, []);
  if (!master) return <Loading />;
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    setDone(false);
    void submit(async () => {
      const yenOrNull = (s: string) => (s.trim() === '' ? null : Number(s));
      const body = {
        sets: sets.map((s) => ({
          effective_from: s.effective_from,
          vaccination_from6: Number(s.vaccination_from6),
          vaccination_under6: Number(s.vaccination_under6),
          prescreening_from6: Number(s.prescreening_from6),
          prescreening_under6: Number(s.prescreening_under6),
          overtime_extra: yenOrNull(s.overtime_extra),
          holiday_extra: yenOrNull(s.holiday_extra),
          tax_rate_percent: Number(s.tax_rate_percent),
        })),
        version: master.version,
      };
      show(await call(api.PUT('/billing-prices', { body })));
      setDone(true);
    });
  };
  return (
    <div>
      <PageTitle sub="接種月に適用する単価（税抜）と消費税率。時間外・休日加算のある単価は、その接種月から請求総括書に時間外・休日の行が入ります（新様式）。提出済みの請求は提出時の単価のままです。">単価マスタ</PageTitle>
      <form onSubmit={save} noValidate className="flex flex-col gap-6">
        {done && <Banner kind="success" title="単価マスタを保存しました。" />}
        <FormError message={errors.top} />
        <InlineError message={errors.fields.sets} />
        <Table caption="単価（税抜、円）" head={[...PRICE_COLUMNS.map(([, l]) => l), '']}>
          {sets.map((s, i) => (
            <tr key={i}>
              {PRICE_COLUMNS.map(([k, l]) => {
                const field = `sets[${i}].${k}`;
                return (
                  <td key={k} className={td} data-field={field}>
                    <Input
                      aria-label={`${i + 1}行目 ${l}`}
                      type={k === 'effective_from' ? 'month' : 'text'}
                      inputMode={k === 'effective_from' ? undefined : 'numeric'}
                      value={s[k]}
                      onChange={(e) => setSets(sets.map((x, j) => (j === i ? { ...x, [k]: e.target.value } : x)))}
                      aria-invalid={errors.fields[field] ? true : undefined}
                      className={k === 'effective_from' ? 'w-44' : 'w-24'}
                    />
                    <InlineError message={errors.fields[field]} />
                  </td>
                );
              })}
              <td className={td}>
                <Button type="button" size="sm" variant="text" onClick={() => setSets(sets.filter((_, j) => j !== i))}>
                  削除
                </Button>
              </td>
            </tr>
          ))}
        </Table>
        <div className="flex flex-wrap gap-4">
          <Button type="button" variant="outline" onClick={() => setSets([...sets, { ...(sets[sets.length - 1] ?? priceEntry({ effective_from: '', vaccination_from6: 0, vaccination_under6: 0, prescreening_from6: 0, prescreening_under6: 0, overtime_extra: null, holiday_extra: null, tax_rate_percent: 10, new_form: false })), effective_from: '' }])}>
            単価を追加
          </Button>
          <Button type="submit" disabled={busy || blocked}>
            保存
          </Button>
        </div>
        {master.updated_at && <p className="text-std-16N-170 text-solid-gray-600">最終更新: {master.updated_at.slice(0, 16).replace('T', ' ')}</p>}
      </form>
    </div>
  );
}
