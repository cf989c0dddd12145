// 接種実績の報告 (seed 000): a site's cumulative results per vaccine — doses
// 1, 2 and 3 by category, totals computed — beside its last report, with
// the waste and what counts as waste; the municipalities' and prefectures'
// reports (results, waste, waste rate) and the sites not reported since
// their last delivery; and the public statistics (接種状況).
import { useEffect, useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import type { paths } from '../api/schema';
import { PrefectureSelect, useAreas } from '../components/areas';
import { useWritesBlocked } from '../components/Layout';
import { Banner, Button, Downloads, Empty, Field, FormError, InlineError, Input, Loading, PageTitle, Section, Select, Table, Textarea, td } from '../components/ui';
import { num, slashDate } from '../lib/format';
import { todayJst } from '../lib/time';
import { useForm } from '../lib/form';
import { useSession } from '../lib/session';

type Vaccine = Schemas['VaccineResults'];
type Counts = Schemas['ByCategory'];
const DOSES = ['dose1', 'dose2', 'dose3'] as const;
const DOSE_LABELS = ['1回目', '2回目', '3回目（追加接種）'];

type ReportPage = Extract<paths['/result-reports']['get']['responses'][200]['content']['application/json'], { items: unknown }>;
type ReportRow = ReportPage['items'][number];
type MissingRow = paths['/result-reports/missing']['get']['responses'][200]['content']['application/json']['items'][number];

type Entry = Record<(typeof DOSES)[number], Record<string, string>>;

function entryOf(v: Vaccine, categories: { key: string }[]): Entry {
  const from = (c?: Counts) => Object.fromEntries(categories.map((k) => [k.key, String((c as Record<string, number> | undefined)?.[k.key] ?? 0)]));
  return { dose1: from(v.last?.counts.dose1), dose2: from(v.last?.counts.dose2), dose3: from(v.last?.counts.dose3) };
}

function ResultForm({ v, categories, wasteRule, onSaved }: { v: Vaccine; categories: { key: string; label: string }[]; wasteRule: string; onSaved: (v: Vaccine) => void }) {
  const blocked = useWritesBlocked();
  const [entry, setEntry] = useState<Entry>(entryOf(v, categories));
  const [asOf, setAsOf] = useState(todayJst());
  const [waste, setWaste] = useState(String(v.last?.counts.waste_vials ?? 0));
  const [correction, setCorrection] = useState(false);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  const parse = (s: string) => (s.trim() === '' ? 0 : Number(s));
  const total = (d: (typeof DOSES)[number]) => categories.reduce((a, c) => a + (parse(entry[d][c.key]) || 0), 0);
  const set = (d: (typeof DOSES)[number], k: string, value: string) => setEntry({ ...entry, [d]: { ...entry[d], [k]: value } });
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    setDone(null);
    void submit(async () => {
      const dose = (d: (typeof DOSES)[number]) => Object.fromEntries(categories.map((c) => [c.key, parse(entry[d][c.key])])) as Counts;
      const next = await call(
        api.PUT('/results/{product}', {
          params: { path: { product: v.product } },
          body: { as_of: asOf, dose1: dose('dose1'), dose2: dose('dose2'), dose3: dose('dose3'), waste_vials: parse(waste), ...(correction ? { correction_reason: reason } : {}), version: v.version },
        }),
      );
      setDone(`${slashDate(asOf)}時点の接種実績を登録しました（合計 ${num(next.last?.total ?? 0)}回）。`);
      setCorrection(false);
      setReason('');
      onSaved(next);
    });
  };
  const last = v.last;
  return (
    <Section title={`${v.product_name}（在庫 ${num(v.on_hand_vials)}バイアル）`}>
      <form onSubmit={save} noValidate className="flex flex-col gap-6">
        {done && <Banner kind="success" title={done} />}
        <FormError message={errors.top} />
        <p className="text-std-16N-170">
          {last ? `前回登録: ${slashDate(last.as_of)}時点の累計（合計 ${num(last.total)}回）` : '接種実績はまだ登録されていません。'}
          各欄には、接種開始からの<strong>累計</strong>を入力してください。合計は自動で計算されます。
        </p>
        <Field label="報告日（この日までの累計）" name="as_of" required error={errors.fields.as_of}>
          {(p) => <Input {...p} type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} className="w-48" />}
        </Field>
        <Table caption={`${v.product_name} の接種回数（累計）`} head={['対象者分類', ...DOSE_LABELS.flatMap((l) => [`前回 ${l}`, `今回 ${l}`])]}>
          {categories.map((c) => (
            <tr key={c.key}>
              <th scope="row" className={`${td} text-left text-std-16B-170`}>
                {c.label}
              </th>
              {DOSES.map((d, i) => {
                const field = `${d}.${c.key}`;
                const error = errors.fields[field];
                return [
                  <td key={`${d}-last`} className={`${td} text-solid-gray-600`}>
                    {num((last?.counts[d] as Record<string, number> | undefined)?.[c.key] ?? 0)}
                  </td>,
                  <td key={d} className={td} data-field={field}>
                    <Input
                      aria-label={`${c.label} ${DOSE_LABELS[i]}`}
                      inputMode="numeric"
                      value={entry[d][c.key]}
                      onChange={(e) => set(d, c.key, e.target.value)}
                      aria-invalid={error ? true : undefined}
                      className="w-24"
                    />
                    <InlineError message={error} />
                  </td>,
                ];
              })}
            </tr>
          ))}
          <tr>
            <th scope="row" className={`${td} text-left text-std-16B-170`}>
              合計
            </th>
            {DOSES.map((d, i) => [
              <td key={`${d}-last`} className={`${td} text-solid-gray-600`}>
                {num(last?.totals[i] ?? 0)}
              </td>,
              <td key={d} className={`${td} text-std-16B-170`} aria-label={`今回 ${DOSE_LABELS[i]} 合計`}>
                {num(total(d))}
              </td>,
            ])}
          </tr>
        </Table>
        <p className="text-std-17B-170">
          今回の合計: {num(DOSES.reduce((a, d) => a + total(d), 0))}回（前回 {num(last?.total ?? 0)}回）
        </p>
        <Field label="廃棄数（バイアル、累計）" name="waste_vials" required error={errors.fields.waste_vials} support={wasteRule}>
          {(p) => <Input {...p} inputMode="numeric" value={waste} onChange={(e) => setWaste(e.target.value)} className="w-32" />}
        </Field>
        <div className="flex items-center gap-2">
          <input id={`correction-${v.product}`} type="checkbox" checked={correction} onChange={(e) => setCorrection(e.target.checked)} className="size-5" />
          <label htmlFor={`correction-${v.product}`} className="text-std-17B-170">
            訂正（前回より少ない値・前の日付で登録し直す）
          </label>
        </div>
        {correction && (
          <Field label="訂正の理由" name="correction_reason" required error={errors.fields.correction_reason}>
            {(p) => <Textarea {...p} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />}
          </Field>
        )}
        <div>
          <Button type="submit" disabled={busy || blocked}>
            登録
          </Button>
        </div>
      </form>
    </Section>
  );
}

/** /results: the site's report per vaccine. */
export function Results() {
  const [page, setPage] = useState<Awaited<ReturnType<typeof load>> | null>(null);
  async function load() {
    return call(api.GET('/results'));
  }
  useEffect(() => {
    void load().then(setPage);
  }, []);
  if (!page) return <Loading />;
  return (
    <div>
      <PageTitle sub="次回のワクチン分配量は登録された接種実績をもとに決まります。登録がなければ接種実績がないものと見なされます。">接種実績の報告</PageTitle>
      {page.due_since && (
        <div className="mb-4">
          <Banner kind="warning" title={`${slashDate(page.due_since)}にワクチンを受け取ってから、接種実績が登録されていません。`} />
        </div>
      )}
      {page.items.length === 0 ? (
        <Empty>納入されたワクチンはまだありません。</Empty>
      ) : (
        page.items.map((v) => (
          <ResultForm
            key={v.product}
            v={v}
            categories={page.categories}
            wasteRule={page.waste_rule}
            onSaved={(n) => setPage({ ...page, due_since: null, items: page.items.map((x) => (x.product === n.product ? n : x)) })}
          />
        ))
      )}
    </div>
  );
}

/** /result-reports: the area's results and the sites not reported. */
export function ResultReports() {
  const { me } = useSession();
  const national = me?.role === 'national';
  const areas = useAreas(national);
  const [pref, setPref] = useState(national ? '13' : '');
  const [items, setItems] = useState<ReportRow[] | null>(null);
  const [missing, setMissing] = useState<MissingRow[] | null>(null);
  const query = national ? { pref } : {};
  useEffect(() => {
    setItems(null);
    setMissing(null);
    call(api.GET('/result-reports', { params: { query } })).then((p) => setItems((p as ReportPage).items));
    call(api.GET('/result-reports/missing', { params: { query } })).then((p) => setMissing(p.items));
  }, [pref]);
  return (
    <div>
      <PageTitle sub="医療機関・接種会場ごとの接種実績・廃棄数と、ワクチンを受け取ってから接種実績を登録していない医療機関等。">接種実績</PageTitle>
      {national && (
        <div className="mb-6 w-64">
          <PrefectureSelect areas={areas} value={pref} onChange={setPref} />
        </div>
      )}
      <Section title="接種実績が未登録の医療機関・接種会場">
        {missing === null ? (
          <Loading />
        ) : missing.length === 0 ? (
          <Empty>未登録の医療機関・接種会場はありません。</Empty>
        ) : (
          <Table caption="接種実績が未登録の医療機関・接種会場" head={['市区町村', '医療機関・接種会場', '最後に受け取った日']}>
            {missing.map((m) => (
              <tr key={m.site_id}>
                <td className={td}>{m.muni_name}</td>
                <td className={td}>{m.site_name}</td>
                <td className={td}>{slashDate(m.since)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      <Section
        title="接種実績・廃棄数"
        actions={<Downloads href={`/result-reports${national ? `?pref=${pref}` : ''}`} what="接種実績・廃棄数" />}
      >
        {items === null ? (
          <Loading />
        ) : items.length === 0 ? (
          <Empty>接種実績はまだ登録されていません。</Empty>
        ) : (
          <Table caption="接種実績・廃棄数" head={['市区町村', '医療機関・接種会場', 'ワクチン', '報告日', '1回目', '2回目', '3回目', '合計', '使用バイアル', '廃棄', '廃棄率']}>
            {items.map((r) => (
              <tr key={`${r.site_id}-${r.product_name}`}>
                <td className={td}>{r.muni_name}</td>
                <td className={td}>{r.site_name}</td>
                <td className={td}>{r.product_name}</td>
                <td className={td}>{slashDate(r.as_of)}</td>
                <td className={td}>{num(r.dose1)}</td>
                <td className={td}>{num(r.dose2)}</td>
                <td className={td}>{num(r.dose3)}</td>
                <td className={`${td} text-std-16B-170`}>{num(r.total)}</td>
                <td className={td}>{num(r.used_vials)}</td>
                <td className={td}>{num(r.waste_vials)}</td>
                <td className={td}>{(r.waste_rate_permille / 10).toFixed(1)}%</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </div>
  );
}

type OpenRow = { date: string; prefecture_code: string; prefecture: string; dose1: number; dose2: number; dose3: number; total_cumulative: number };

/** 接種状況 on the public site: cumulative doses by day, as a chart and the same figures as a table. */
export function PublicStatistics() {
  const [data, setData] = useState<{ rows: OpenRow[]; updated_at: string } | null | 'none'>(null);
  const [pref, setPref] = useState('');
  useEffect(() => {
    fetch('/public/statistics')
      .then((r) => (r.ok ? r.json() : 'none'))
      .then(setData)
      .catch(() => setData('none'));
  }, []);
  if (data === null) return <Loading />;
  if (data === 'none') return <Empty>接種状況の統計はまだ公開されていません。</Empty>;
  const prefs = [...new Map(data.rows.map((r) => [r.prefecture_code, r.prefecture])).entries()];
  const mine = data.rows.filter((r) => !pref || r.prefecture_code === pref);
  const byDay = new Map<string, { d1: number; d2: number; d3: number }>();
  for (const r of mine) {
    const x = byDay.get(r.date) ?? { d1: 0, d2: 0, d3: 0 };
    byDay.set(r.date, { d1: x.d1 + r.dose1, d2: x.d2 + r.dose2, d3: x.d3 + r.dose3 });
  }
  let cum = 0;
  const days = [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, x]) => ({ date, ...x, cum: (cum += x.d1 + x.d2 + x.d3) }));
  const max = Math.max(1, ...days.map((d) => d.cum));
  const w = 640;
  const h = 200;
  const bar = days.length ? Math.max(2, Math.floor((w - 40) / days.length) - 2) : 0;
  const name = pref ? prefs.find(([c]) => c === pref)?.[1] : '全国';
  return (
    <Section title="接種状況（接種回数の累計）">
      <div className="mb-4 w-64">
        <Field label="地域" name="statistics_pref">
          {(p) => (
            <Select {...p} value={pref} onChange={(e) => setPref(e.target.value)}>
              <option value="">全国</option>
              {prefs.map(([c, n]) => (
                <option key={c} value={c}>
                  {n}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <div className="flex flex-col gap-6">
        <svg role="img" aria-label={`${name}の接種回数の累計（日別、グラフ）。同じ数値を右の表に示します。`} viewBox={`0 0 ${w} ${h + 24}`} className="w-full max-w-[40rem]">
          {days.map((d, i) => {
            const bh = Math.round((d.cum / max) * h);
            return (
              <g key={d.date}>
                <rect x={30 + i * (bar + 2)} y={h - bh} width={bar} height={bh} className="fill-key-900" />
                {(i === 0 || i === days.length - 1) && (
                  <text x={30 + i * (bar + 2)} y={h + 18} fontSize="12" className="fill-solid-gray-800">
                    {d.date.slice(5).replace('-', '/')}
                  </text>
                )}
              </g>
            );
          })}
          <line x1="28" y1={h} x2={w} y2={h} className="stroke-solid-gray-800" />
        </svg>
        <Table caption={`${name}の接種回数（日別）`} head={['日付', '1回目', '2回目', '3回目', '累計']} readOnly>
          {days.map((d) => (
            <tr key={d.date}>
              <td className={td}>{slashDate(d.date)}</td>
              <td className={td}>{num(d.d1)}</td>
              <td className={td}>{num(d.d2)}</td>
              <td className={td}>{num(d.d3)}</td>
              <td className={`${td} text-std-16B-170`}>{num(d.cum)}</td>
            </tr>
          ))}
        </Table>
      </div>
      <p className="mt-4 text-std-16N-170">
        {data.updated_at} 更新。オープンデータ（CC BY 4.0）:{' '}
        <a className="text-key-900 underline" href="/public/statistics?format=csv">
          CSV
        </a>{' '}
        ／{' '}
        <a className="text-key-900 underline" href="/public/statistics">
          JSON
        </a>
      </p>
    </Section>
  );
}
