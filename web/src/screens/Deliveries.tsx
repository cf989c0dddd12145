// Delivery and stock (SPEC §7, seeds 000, 001, 003): the wholesaler's list
// of the final allocations of its area with the deadline, the scheduled
// date one by one or by CSV, the actual delivery with its lots; one
// delivery as the site opens it from its mail; the lot master; the reports
// 納入予定日の確認 and 配送状況の確認; the site's stock by lot.
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, call, isApiError, type RowProblem, type Schemas } from '../api/client';
import { useWritesBlocked } from '../components/Layout';
import { Banner, Button, Downloads, Empty, Field, FormError, Input, Loading, PageTitle, RowProblems, Section, Table, td } from '../components/ui';
import { num, slashDate } from '../lib/format';
import { useForm } from '../lib/form';
import { useSession } from '../lib/session';
import { VaccineSelect, useVaccines } from '../components/vaccines';

type Delivery = Schemas['Delivery'];
function Status({ d }: { d: Delivery }) {
  return (
    <span className={d.late ? 'text-std-16B-170 text-error-2' : ''}>
      {d.status_label}
      {d.late && '（遅延）'}
    </span>
  );
}

/** /deliveries: the cools, for the wholesaler to pick one. */
export function DeliveryCools() {
  const [cools, setCools] = useState<Schemas['Cool'][] | null>(null);
  useEffect(() => {
    call(api.GET('/cools')).then((p) => setCools(p.items));
  }, []);
  return (
    <div>
      <PageTitle sub="クールを選ぶと、配送エリア内の確定した分配量と納入予定日の登録期日が表示されます。">納入予定日の登録</PageTitle>
      {cools === null ? (
        <Loading />
      ) : cools.length === 0 ? (
        <Empty>クールはまだありません。</Empty>
      ) : (
        <ul className="flex flex-col gap-3">
          {cools.map((c) => (
            <li key={c.cool_id}>
              <Link to={`/deliveries/${c.cool_id}`} className="block rounded-8 border border-solid-gray-420 bg-white p-4 hover:bg-key-50">
                <span className="text-std-17B-170 text-key-900 underline">{c.label}</span>
                <span className="ml-1 text-std-17B-170 text-key-900 underline">（{c.channel_label}）</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** One row of the wholesaler's list: the scheduled date entered on the spot. */
function ScheduleRow({ d, onSaved }: { d: Delivery; onSaved: (d: Delivery) => void }) {
  const blocked = useWritesBlocked();
  const [date, setDate] = useState(d.scheduled_date ?? '');
  const { errors, busy, submit } = useForm();
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    void submit(async () => {
      const next = await call(
        api.PUT('/deliveries/{cool_id}/{site_id}/schedule', {
          params: { path: { cool_id: d.cool_id, site_id: d.site_id } },
          body: { scheduled_date: date, version: d.version },
        }),
      );
      onSaved(next);
    });
  };
  const error = errors.fields.scheduled_date ?? errors.top ?? undefined;
  return (
    <tr>
      <td className={td}>
        <Link to={`/deliveries/${d.cool_id}/${d.site_id}`} className="text-key-900 underline">
          {d.site_name}
        </Link>
        <div className="text-std-16N-170 text-solid-gray-600">{d.site_id}</div>
      </td>
      <td className={td}>{d.muni_name}</td>
      <td className={td}>
        {num(d.boxes.vaccine)}箱（{num(d.vials)}バイアル）／針 {num(d.boxes.needles)}箱／シリンジ {num(d.boxes.syringes)}箱
      </td>
      <td className={td}>
        {d.status === 'delivered' ? (
          slashDate(d.scheduled_date)
        ) : (
          <form onSubmit={save} noValidate className="flex flex-wrap items-start gap-2" data-field="scheduled_date">
            <Input
              type="date"
              aria-label={`${d.site_name} 納入予定日`}
              value={date}
              onChange={(e) => setDate(e.target.value)}
              aria-invalid={error ? true : undefined}
              className="w-44"
            />
            <Button size="sm" type="submit" disabled={busy || blocked || !date}>
              登録
            </Button>
            {error && (
              <p role="alert" className="w-full text-std-16N-170 text-error-2">
                ＊{error}
              </p>
            )}
          </form>
        )}
      </td>
      <td className={td}>{slashDate(d.delivered_on)}</td>
      <td className={td}>
        <Status d={d} />
      </td>
    </tr>
  );
}

/** /deliveries/:coolId: the wholesaler's list for one cool. */
export function DeliveryList() {
  const { coolId = '' } = useParams();
  const blocked = useWritesBlocked();
  const [page, setPage] = useState<Awaited<ReturnType<typeof load>> | null>(null);
  const [text, setText] = useState('');
  const [rows, setRows] = useState<RowProblem[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  async function load() {
    return call(api.GET('/deliveries', { params: { query: { cool_id: coolId } } }));
  }
  useEffect(() => {
    void load().then(setPage);
  }, [coolId]);
  const upload = (e: React.FormEvent) => {
    e.preventDefault();
    setRows([]);
    setDone(null);
    void submit(async () => {
      try {
        const r = await call(
          api.POST('/deliveries/schedule-upload', {
            params: { query: { cool_id: coolId } },
            body: text,
            bodySerializer: (b: string) => b,
            headers: { 'Content-Type': 'text/csv' },
          }),
        );
        setDone(`${num(r.updated)}件の納入予定日を登録しました（変更なし ${num(r.unchanged)}件）。医療機関等にメールで通知します。`);
        setPage(await load());
      } catch (err) {
        if (isApiError(err) && err.rows) setRows(err.rows);
        throw err;
      }
    });
  };
  if (!page) return <Loading />;
  // The row shows its new state at once; the counts come with the list read again.
  const saved = (d: Delivery) => {
    setPage({ ...page, items: page.items.map((x) => (x.site_id === d.site_id ? d : x)) });
    setDone(`${d.site_name}の納入予定日を${slashDate(d.scheduled_date)}で登録しました。`);
    void load().then(setPage);
  };
  const c = page.counts;
  return (
    <div>
      <PageTitle sub={`配送週 ${slashDate(page.delivery_week)}〜（月〜金、祝日を除く）`}>{page.cool_label} 納入予定日の登録</PageTitle>
      <div className="mb-4 flex flex-col gap-3">
        <Banner kind={c.late > 0 ? 'warning' : 'info'} title={`納入予定日の登録期日: ${slashDate(page.schedule_deadline)}`}>
          未登録 {num(c.unscheduled)}件／納入予定 {num(c.scheduled)}件／納入済 {num(c.delivered)}件
          {c.late > 0 && `（遅延 ${num(c.late)}件）`}
        </Banner>
        {done && <Banner kind="success" title={done} />}
      </div>
      <Section title="CSVで一括登録" actions={<Downloads href={`/deliveries/export?cool_id=${coolId}`} what="配送エリア内の分配量" />}>
        <form onSubmit={upload} noValidate className="flex flex-col gap-4">
          <p className="text-std-16N-170">
            CSVを出力し、「納入予定日」の列に日付（例: 2021/07/19）を入力してアップロードしてください。誤りのある行が1行でもあると、どの行も登録しません。
          </p>
          <div className="flex flex-col gap-2">
            <label htmlFor="schedule-file" className="text-std-17B-170">
              納入予定日のCSVファイル
            </label>
            <input id="schedule-file" type="file" accept=".csv,text/csv" onChange={async (e) => setText((await e.target.files?.[0]?.text()) ?? '')} />
          </div>
          <div>
            <Button type="submit" disabled={busy || blocked || !text}>
              アップロード
            </Button>
          </div>
          <FormError message={errors.top ?? Object.values(errors.fields)[0] ?? null} />
          <RowProblems rows={rows} />
        </form>
      </Section>
      <Section title="医療機関・接種会場ごとの納入予定">
        {page.items.length === 0 ? (
          <Empty>配送エリア内に確定した分配量はまだありません。</Empty>
        ) : (
          <Table caption="医療機関・接種会場ごとの納入予定" head={['医療機関・接種会場', '市区町村', '分配量', '納入予定日', '納入実績日', '状況']}>
            {page.items.map((d) => (
              <ScheduleRow key={d.site_id} d={d} onSaved={saved} />
            ))}
          </Table>
        )}
      </Section>
    </div>
  );
}

type LotLine = { lot_number: string; vials: string };

/** The wholesaler's entry of the actual delivery and its lots. */
function ActualForm({ d, onSaved }: { d: Delivery; onSaved: (d: Delivery) => void }) {
  const blocked = useWritesBlocked();
  const [on, setOn] = useState(d.delivered_on ?? d.scheduled_date ?? '');
  const [lines, setLines] = useState<LotLine[]>(d.lots.length ? d.lots.map((l) => ({ lot_number: l.lot_number, vials: String(l.vials) })) : [{ lot_number: '', vials: '' }]);
  const [lots, setLots] = useState<Schemas['Lot'][]>([]);
  const { errors, busy, submit } = useForm();
  useEffect(() => {
    call(api.GET('/lots')).then((p) => setLots(p.items));
  }, []);
  const set = (i: number, k: keyof LotLine, v: string) => setLines(lines.map((l, j) => (j === i ? { ...l, [k]: v } : l)));
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    void submit(async () => {
      const next = await call(
        api.PUT('/deliveries/{cool_id}/{site_id}/actual', {
          params: { path: { cool_id: d.cool_id, site_id: d.site_id } },
          body: { delivered_on: on, lots: lines.map((l) => ({ lot_number: l.lot_number.trim(), vials: Number(l.vials) })), version: d.version },
        }),
      );
      onSaved(next);
    });
  };
  return (
    <Section title="納入実績の登録">
      <form onSubmit={save} noValidate className="flex flex-col gap-6">
        <FormError message={errors.top ?? errors.fields.lots ?? null} />
        <Field label="納入実績日" name="delivered_on" required error={errors.fields.delivered_on}>
          {(p) => <Input {...p} type="date" value={on} onChange={(e) => setOn(e.target.value)} className="w-48" />}
        </Field>
        <datalist id="lot-numbers">
          {lots.map((l) => (
            <option key={l.lot_number} value={l.lot_number}>{`${l.product_name} 有効期限 ${slashDate(l.expiry_date)}`}</option>
          ))}
        </datalist>
        {lines.map((l, i) => (
          <div key={i} className="flex flex-wrap items-start gap-4">
            <Field label={`ロット番号（${i + 1}）`} name={`lots[${i}].lot_number`} required error={errors.fields[`lots[${i}].lot_number`]}>
              {(p) => <Input {...p} list="lot-numbers" value={l.lot_number} onChange={(e) => set(i, 'lot_number', e.target.value)} className="w-56" />}
            </Field>
            <Field label={`バイアル数（${i + 1}）`} name={`lots[${i}].vials`} required error={errors.fields[`lots[${i}].vials`]}>
              {(p) => <Input {...p} inputMode="numeric" value={l.vials} onChange={(e) => set(i, 'vials', e.target.value)} className="w-32" />}
            </Field>
          </div>
        ))}
        <div className="flex flex-wrap gap-3">
          <Button type="button" variant="outline" onClick={() => setLines([...lines, { lot_number: '', vials: '' }])}>
            ロットを追加
          </Button>
          <Button type="submit" disabled={busy || blocked}>
            納入実績を登録
          </Button>
        </div>
        <p className="text-std-16N-170 text-solid-gray-600">
          ロットマスタにないロットは、先に<Link to="/lots" className="text-key-900 underline">ロットの登録</Link>をしてください。
        </p>
      </form>
    </Section>
  );
}

/** /deliveries/:coolId/:siteId: one delivery (the mail's link). */
export function DeliveryDetail() {
  const { coolId = '', siteId = '' } = useParams();
  const { me } = useSession();
  const [d, setD] = useState<Delivery | null>(null);
  const [missing, setMissing] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    call(api.GET('/deliveries/{cool_id}/{site_id}', { params: { path: { cool_id: coolId, site_id: siteId } } }))
      .then(setD)
      .catch(() => setMissing(true));
  }, [coolId, siteId]);
  if (missing) return <Empty>この納入予定は見つかりません。</Empty>;
  if (!d) return <Loading />;
  const wholesaler = me?.role === 'wholesaler';
  return (
    <div>
      <PageTitle sub={d.cool_label}>納入予定の確認（{d.site_name}）</PageTitle>
      {done && (
        <div className="mb-4">
          <Banner kind="success" title={done} />
        </div>
      )}
      <Section title="分配量と納入予定">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-std-16N-170">
          <dt className="text-std-16B-170">医療機関・接種会場</dt>
          <dd>
            {d.site_name}（{d.pref_name}{d.muni_name}）
          </dd>
          <dt className="text-std-16B-170">分配量</dt>
          <dd>
            ワクチン {num(d.boxes.vaccine)}箱（{num(d.vials)}バイアル）／針 {num(d.boxes.needles)}箱／シリンジ {num(d.boxes.syringes)}箱
          </dd>
          <dt className="text-std-16B-170">納入予定日</dt>
          <dd>{d.scheduled_date ? slashDate(d.scheduled_date) : '未定（卸業者の登録をお待ちください）'}</dd>
          <dt className="text-std-16B-170">納入実績日</dt>
          <dd>{slashDate(d.delivered_on) || '未納入'}</dd>
          <dt className="text-std-16B-170">状況</dt>
          <dd>
            <Status d={d} />
          </dd>
          {d.lots.length > 0 && (
            <>
              <dt className="text-std-16B-170">ロット</dt>
              <dd>{d.lots.map((l) => `${l.lot_number}（${num(l.vials)}バイアル）`).join('、')}</dd>
            </>
          )}
        </dl>
      </Section>
      {wholesaler && d.scheduled_date && (
        <ActualForm
          d={d}
          onSaved={(n) => {
            setD(n);
            setDone('納入実績を登録しました。');
          }}
        />
      )}
      {wholesaler && !d.scheduled_date && <Empty>納入予定日を登録してから納入実績を登録してください。</Empty>}
    </div>
  );
}

/** /lots: the lot master. */
export function Lots() {
  const { me } = useSession();
  const blocked = useWritesBlocked();
  const [items, setItems] = useState<Schemas['Lot'][] | null>(null);
  const vaccines = useVaccines();
  const [number, setNumber] = useState('');
  const [product, setProduct] = useState('');
  const [expiry, setExpiry] = useState('');
  const [version, setVersion] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  const load = () => call(api.GET('/lots')).then((p) => setItems(p.items));
  useEffect(() => {
    void load();
  }, []);
  const national = me?.role === 'national';
  const canWrite = national || me?.role === 'wholesaler';
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    void submit(async () => {
      const l =
        version === 0
          ? await call(api.POST('/lots', { body: { lot_number: number, product, expiry_date: expiry } }))
          : await call(api.PUT('/lots/{lot_number}', { params: { path: { lot_number: number } }, body: { product, expiry_date: expiry, version } }));
      setDone(`ロット ${l.lot_number} を${version === 0 ? '登録' : '変更'}しました。`);
      setNumber('');
      setExpiry('');
      setVersion(0);
      await load();
    });
  };
  if (!items) return <Loading />;
  return (
    <div>
      <PageTitle sub="納入するワクチンのロット番号・製品・有効期限。有効期限まで30日以内のロットには印が付きます。">ロット</PageTitle>
      <div className="mb-4 flex flex-col gap-3">{done && <Banner kind="success" title={done} />}</div>
      {canWrite && (
        <Section title={version === 0 ? 'ロットの登録' : `ロットの変更（${number}）`}>
          <form onSubmit={save} noValidate className="flex flex-col gap-6">
            <FormError message={errors.top} />
            <Field label="ロット番号" name="lot_number" required error={errors.fields.lot_number} support="半角英数字とハイフン30文字以内">
              {(p) => <Input {...p} value={number} onChange={(e) => setNumber(e.target.value)} readOnly={version > 0} className="w-64" />}
            </Field>
            <Field label="製品" name="product" required error={errors.fields.product}>
              {(p) => <VaccineSelect {...p} vaccines={vaccines} first="選択してください" value={product} onChange={setProduct} className="w-96" />}
            </Field>
            <Field label="有効期限" name="expiry_date" required error={errors.fields.expiry_date}>
              {(p) => <Input {...p} type="date" value={expiry} onChange={(e) => setExpiry(e.target.value)} className="w-48" />}
            </Field>
            <div>
              <Button type="submit" disabled={busy || blocked}>
                {version === 0 ? '登録' : '変更を保存'}
              </Button>
            </div>
          </form>
        </Section>
      )}
      {items.length === 0 ? (
        <Empty>ロットはまだ登録されていません。</Empty>
      ) : (
        <Table caption="ロット一覧" head={['ロット番号', '製品', '有効期限', '', ...(national ? [''] : [])]}>
          {items.map((l) => (
            <tr key={l.lot_number}>
              <td className={td}>{l.lot_number}</td>
              <td className={td}>{l.product_name}</td>
              <td className={td}>{slashDate(l.expiry_date)}</td>
              <td className={td}>{l.expiring && <span className="text-std-16B-170 text-error-2">期限間近</span>}</td>
              {national && (
                <td className={td}>
                  <Button
                    size="sm"
                    variant="outline"
                    aria-label={`${l.lot_number}を変更`}
                    onClick={() => {
                      setNumber(l.lot_number);
                      setProduct(l.product);
                      setExpiry(l.expiry_date);
                      setVersion(l.version);
                      setDone(null);
                    }}
                  >
                    変更
                  </Button>
                </td>
              )}
            </tr>
          ))}
        </Table>
      )}
    </div>
  );
}

const REPORTS = [
  { key: 'unscheduled', label: '納入予定日の確認' },
  { key: 'undelivered', label: '配送状況の確認' },
] as const;

/** /delivery-reports: seed 001's two reports for the nation, a prefecture or a municipality. */
export function DeliveryReports() {
  const [report, setReport] = useState<'unscheduled' | 'undelivered'>('unscheduled');
  const [page, setPage] = useState<Awaited<ReturnType<typeof load>> | null>(null);
  async function load(r: 'unscheduled' | 'undelivered') {
    return call(api.GET('/delivery-reports/{report}', { params: { path: { report: r }, query: {} } })) as Promise<{
      items: Delivery[];
      title: string;
      total: number;
      late: number;
    }>;
  }
  useEffect(() => {
    setPage(null);
    void load(report).then(setPage);
  }, [report]);
  return (
    <div>
      <PageTitle sub="納入予定日が登録されていない分配（登録期日つき）と、納入予定日を過ぎて納入実績が登録されていない分配。">納入・配送状況</PageTitle>
      <div className="mb-6 flex flex-wrap gap-3" role="group" aria-label="レポート">
        {REPORTS.map((r) => (
          <Button key={r.key} variant={report === r.key ? 'solid' : 'outline'} aria-pressed={report === r.key} onClick={() => setReport(r.key)}>
            {r.label}
          </Button>
        ))}
      </div>
      {!page ? (
        <Loading />
      ) : (
        <Section title={page.title} actions={<Downloads href={`/delivery-reports/${report}`} what={REPORTS.find((r) => r.key === report)!.label} />}>
          <p className="mb-4 text-std-16N-170">
            {num(page.total)}件{report === 'unscheduled' && `（うち登録期日を過ぎたもの ${num(page.late)}件）`}
          </p>
          {page.items.length === 0 ? (
            <Empty>該当する分配はありません。</Empty>
          ) : (
            <Table caption={page.title} head={['クール', '市区町村', '医療機関・接種会場', '分配量', '納入予定日の登録期日', '納入予定日', '状況']}>
              {page.items.map((d) => (
                <tr key={`${d.cool_id}-${d.site_id}`}>
                  <td className={td}>{d.cool_label}</td>
                  <td className={td}>
                    {d.pref_name}
                    {d.muni_name}
                  </td>
                  <td className={td}>
                    <Link to={`/deliveries/${d.cool_id}/${d.site_id}`} className="text-key-900 underline">
                      {d.site_name}
                    </Link>
                  </td>
                  <td className={td}>{num(d.boxes.vaccine)}箱</td>
                  <td className={td}>{slashDate(d.schedule_deadline)}</td>
                  <td className={td}>{slashDate(d.scheduled_date) || '未登録'}</td>
                  <td className={td}>
                    <Status d={d} />
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </Section>
      )}
    </div>
  );
}

/** /stock: the site's stock by lot. */
export function Stock() {
  const [page, setPage] = useState<Awaited<ReturnType<typeof load>> | null>(null);
  async function load() {
    return call(api.GET('/stock'));
  }
  useEffect(() => {
    void load().then(setPage);
  }, []);
  if (!page) return <Loading />;
  return (
    <div>
      <PageTitle sub="在庫 = 入庫 + 融通で受け取った数 − 融通した数 − 使用 − 廃棄（バイアル）">入庫・在庫</PageTitle>
      {page.expiring > 0 && (
        <div className="mb-4">
          <Banner kind="warning" title={`有効期限まで${page.warning_days}日以内のロットが${page.expiring}件あります。`} />
        </div>
      )}
      {page.items.length === 0 ? (
        <Empty>入庫したワクチンはまだありません。</Empty>
      ) : (
        <>
          <Section title="ロット別の在庫">
            <Table caption="ロット別の在庫" head={['ロット番号', '製品', '有効期限', '入庫', '融通受入', '融通', '使用', '廃棄', '在庫']}>
              {page.items.map((s) => (
                <tr key={s.lot_number}>
                  <td className={td}>{s.lot_number}</td>
                  <td className={td}>{s.product_name}</td>
                  <td className={td}>
                    {slashDate(s.expiry_date)}
                    {s.expiring && <span className="ml-2 text-std-16B-170 text-error-2">期限間近</span>}
                  </td>
                  <td className={td}>{num(s.received)}</td>
                  <td className={td}>{num(s.transferred_in)}</td>
                  <td className={td}>{num(s.transferred_out)}</td>
                  <td className={td}>{num(s.used)}</td>
                  <td className={td}>{num(s.wasted)}</td>
                  <td className={`${td} text-std-16B-170`}>{num(s.on_hand)}</td>
                </tr>
              ))}
            </Table>
          </Section>
          <Section title="使える接種回数の見込み">
            <Table caption="使える接種回数の見込み" head={['製品', '在庫（バイアル）', '在庫（回接種分）', '2回目接種のために確保', '使える見込み（回）']}>
              {page.estimates.map((e) => (
                <tr key={e.product}>
                  <td className={td}>{e.product_name}</td>
                  <td className={td}>{num(e.on_hand_vials)}</td>
                  <td className={td}>{num(e.on_hand_doses)}</td>
                  <td className={td}>{num(e.held_for_second_doses)}</td>
                  <td className={`${td} text-std-16B-170`}>{num(e.available_doses)}</td>
                </tr>
              ))}
            </Table>
          </Section>
        </>
      )}
    </div>
  );
}

/** The board of lots near expiry, on the municipality's and prefecture's home. */
export function ExpiringLots() {
  const [items, setItems] = useState<Schemas['ExpiringStock'][] | null>(null);
  useEffect(() => {
    call(api.GET('/stock/expiring', { params: { query: {} } }))
      .then((p) => setItems(p.items))
      .catch(() => setItems([]));
  }, []);
  if (!items || items.length === 0) return null;
  return (
    <Section title="有効期限が近いロットの在庫">
      <Table caption="有効期限が近いロットの在庫" head={['市区町村', '医療機関・接種会場', 'ロット番号', '製品', '有効期限', '在庫（バイアル）']}>
        {items.map((s) => (
          <tr key={`${s.site_id}-${s.lot_number}`}>
            <td className={td}>{s.muni_name}</td>
            <td className={td}>{s.site_name}</td>
            <td className={td}>{s.lot_number}</td>
            <td className={td}>{s.product_name}</td>
            <td className={`${td} text-std-16B-170 text-error-2`}>{slashDate(s.expiry_date)}</td>
            <td className={td}>{num(s.on_hand)}</td>
          </tr>
        ))}
      </Table>
    </Section>
  );
}
