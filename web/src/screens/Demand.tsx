// ワクチン希望量等の報告, as seed 000 draws it: 週当たり接種予定回数,
// 納入希望量 「100回接種分 × 30 = 3000 回接種分」, 保管管理, needles and
// syringes recomputed as one types (and editable), 登録 / キャンセル, the
// state 「希望量が未登録です」 / 「希望量登録済みです」 and last time's
// registration. After the cut-off (Tuesday 15:00) the form is read-only
// with the reason.
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, call, type Schemas } from '../api/client';
import { useWritesBlocked } from '../components/Layout';
import { Banner, Button, Empty, Field, Input, Loading, PageTitle, Section, Select, FormError } from '../components/ui';
import { useForm } from '../lib/form';
import { useSession } from '../lib/session';
import { remaining, shortJst } from '../lib/time';

type Demand = Schemas['Demand'];
type Product = Schemas['Product'];

const STORAGE = [
  { value: 'deep_freezer', label: 'ディープフリーザー（-75℃）' },
  { value: 'freezer', label: 'フリーザー（-20℃）' },
  { value: 'refrigerator', label: '冷蔵庫（2〜8℃）' },
] as const;

/** The master's rule (shared/src/domain/supply.rs boxes_for): whole boxes, rounded up. */
function boxesFor(doses: number, ratioMilli: number, perBox: number): number {
  return Math.ceil((doses * ratioMilli) / (perBox * 1000));
}

export function DemandList() {
  const { me } = useSession();
  const [cools, setCools] = useState<Schemas['Cool'][] | null>(null);
  const channel = me?.role === 'workplace' ? 'workplace' : 'general';
  useEffect(() => {
    call(api.GET('/cools', { params: { query: { channel } } })).then((p) => setCools(p.items.filter((c) => c.state !== 'upcoming')));
  }, [channel]);
  return (
    <div>
      <PageTitle>ワクチン希望量等の報告</PageTitle>
      {cools === null ? (
        <Loading />
      ) : cools.length === 0 ? (
        <Empty>報告できるクールはありません。</Empty>
      ) : (
        <ul className="flex flex-col gap-3">
          {cools.map((c) => (
            <li key={c.cool_id}>
              <Link to={`/demand/${c.cool_id}`} className="block rounded-8 border border-solid-gray-420 bg-white p-4 hover:bg-key-50">
                <span className="text-std-17B-170 text-key-900 underline">{c.label}</span>
                <span className="ml-3 text-std-16N-170">{c.state_label}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function DemandForm() {
  const { coolId } = useParams();
  const navigate = useNavigate();
  const blocked = useWritesBlocked();
  const [demand, setDemand] = useState<Demand | null>(null);
  const [product, setProduct] = useState<Product | null>(null);
  const [weekly, setWeekly] = useState('');
  const [packs, setPacks] = useState('');
  const [storage, setStorage] = useState<string>('deep_freezer');
  const [needles, setNeedles] = useState<string | null>(null);
  const [syringes, setSyringes] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();

  const load = async () => {
    const d = await call(api.GET('/cools/{cool_id}/demand', { params: { path: { cool_id: coolId! } } }));
    const products = await call(api.GET('/vaccines'));
    setDemand(d);
    setProduct(products.items.find((p) => p.code === d.cool.product) ?? null);
    const r = d.registration;
    setWeekly(r?.weekly_planned_doses != null ? String(r.weekly_planned_doses) : '');
    setPacks(r ? String(r.packs) : '');
    setStorage(r?.storage ?? 'deep_freezer');
    setNeedles(r ? String(r.needle_boxes) : null);
    setSyringes(r ? String(r.syringe_boxes) : null);
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [coolId]);

  const perPack = demand?.doses_per_pack ?? 0;
  const doses = (Number(packs) || 0) * perPack;
  const computed = useMemo(
    () =>
      product
        ? { needles: boxesFor(doses, product.needle_ratio_milli, product.needles_per_box), syringes: boxesFor(doses, product.syringe_ratio_milli, product.syringes_per_box) }
        : { needles: 0, syringes: 0 },
    [product, doses],
  );

  if (!demand) return <Loading />;
  const readOnly = !demand.writable || blocked;
  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    void submit(async () => {
      const r = await call(
        api.PUT('/cools/{cool_id}/demand', {
          params: { path: { cool_id: coolId! } },
          body: {
            weekly_planned_doses: Number(weekly || 0),
            packs: Number(packs || 0),
            storage: storage as never,
            needle_boxes: Number(needles ?? computed.needles),
            syringe_boxes: Number(syringes ?? computed.syringes),
            ...(demand.registration ? { version: demand.registration.version } : {}),
          },
        }),
      );
      setSaved(r.changed ? '希望量を登録しました。' : '登録内容に変更はありません。');
      await load();
    });
  };
  const prev = demand.previous;
  return (
    <div className="mx-auto max-w-[56rem]">
      <PageTitle sub={`締切 ${shortJst(demand.cool.registration_deadline)}（${remaining(demand.cool.minutes_left)}）`}>
        {demand.cool.label} ワクチン希望量等の報告
      </PageTitle>
      <div className="mb-6 flex flex-col gap-3">
        <Banner kind={demand.status === 'registered' ? 'success' : 'warning'} title={demand.status_label} />
        {demand.refusal && <Banner kind="info" title="この画面は参照のみです" role="status">{demand.refusal.message}</Banner>}
        {saved && <Banner kind="success" title={saved} />}
        {demand.suggestion && (
          <Banner kind="info" title={`予約の状況からの提案: 週当たり ${demand.suggestion.doses}回・${demand.suggestion.packs}箱`}>
            <p data-testid="demand-suggestion">{demand.suggestion.arithmetic}</p>
            {!readOnly && (
              <div className="mt-2">
                <Button type="button" variant="outline" size="sm" onClick={() => { setWeekly(String(demand.suggestion!.doses)); setPacks(String(demand.suggestion!.packs)); setNeedles(null); setSyringes(null); }}>
                  提案値を入力
                </Button>
              </div>
            )}
          </Banner>
        )}
        <FormError message={errors.top} />
      </div>
      <form onSubmit={onSubmit} noValidate>
        <Section title="希望量">
          <div className="flex flex-col gap-6">
            <Field label="週当たり接種予定回数" name="weekly_planned_doses" required error={errors.fields.weekly_planned_doses} support="3週目以降に1週間で接種する予定の回数">
              {(p) => <Input {...p} type="number" min={0} value={weekly} onChange={(e) => setWeekly(e.target.value)} readOnly={readOnly} className="w-48" />}
            </Field>
            <Field label="納入希望量（箱）" name="packs" required error={errors.fields.packs}>
              {(p) => (
                <div className="flex flex-wrap items-center gap-3">
                  <Input {...p} type="number" min={0} value={packs} onChange={(e) => { setPacks(e.target.value); setNeedles(null); setSyringes(null); }} readOnly={readOnly} className="w-48" />
                  <output aria-live="polite" className="text-std-17B-170" data-testid="packs-label">
                    {perPack}回接種分 × {Number(packs) || 0} = {doses} 回接種分
                  </output>
                </div>
              )}
            </Field>
            <Field label="保管管理" name="storage" required error={errors.fields.storage}>
              {(p) => (
                <Select {...p} value={storage} onChange={(e) => setStorage(e.target.value)} disabled={readOnly} className="w-80">
                  {STORAGE.map((s) => (
                    <option key={s.value} value={s.value}>
                      {s.label}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <div className="grid gap-6 desktop:grid-cols-2">
              <Field label="注射針（箱）" name="needle_boxes" required error={errors.fields.needle_boxes} support={product ? `${product.needles_per_box}本入り。希望量から計算しています（変更できます）。` : undefined}>
                {(p) => <Input {...p} type="number" min={0} value={needles ?? String(computed.needles)} onChange={(e) => setNeedles(e.target.value)} readOnly={readOnly} className="w-48" />}
              </Field>
              <Field label="シリンジ（箱）" name="syringe_boxes" required error={errors.fields.syringe_boxes} support={product ? `${product.syringes_per_box}本入り。希望量から計算しています（変更できます）。` : undefined}>
                {(p) => <Input {...p} type="number" min={0} value={syringes ?? String(computed.syringes)} onChange={(e) => setSyringes(e.target.value)} readOnly={readOnly} className="w-48" />}
              </Field>
            </div>
          </div>
        </Section>
        {!readOnly && (
          <div className="mb-8 flex gap-4">
            <Button type="submit" disabled={busy}>
              登録
            </Button>
            <Button type="button" variant="outline" onClick={() => navigate('/')}>
              キャンセル
            </Button>
          </div>
        )}
      </form>
      <Section title="前回の登録">
        {prev ? (
          <dl className="grid grid-cols-[12rem_1fr] gap-2 text-std-16N-170">
            <dt className="text-std-16B-170">クール</dt>
            <dd>{prev.cool_id}</dd>
            <dt className="text-std-16B-170">週当たり接種予定回数</dt>
            <dd>{prev.weekly_planned_doses ?? '—'}</dd>
            <dt className="text-std-16B-170">納入希望量</dt>
            <dd>{prev.packs_label ?? `${prev.packs}箱`}</dd>
            <dt className="text-std-16B-170">注射針</dt>
            <dd>{prev.needles_label ?? `${prev.needle_boxes}箱`}</dd>
            <dt className="text-std-16B-170">シリンジ</dt>
            <dd>{prev.syringes_label ?? `${prev.syringe_boxes}箱`}</dd>
          </dl>
        ) : (
          <Empty>前回の登録はありません。</Empty>
        )}
      </Section>
    </div>
  );
}
