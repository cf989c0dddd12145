// ワクチン接種計画の登録 as seed 002's table: every coming booster cool in one
// table, the phase banner (計画確認中 / 分配処理中) that makes every row
// read-only, closed (分配量確定済) rows locked, and the national office's
// review (確認済 / 要見直 with its comment). And the office's side: the
// plans waiting for review, answered 確認済 or 要見直.
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, call, type Schemas } from '../api/client';
import { useWritesBlocked } from '../components/Layout';
import { Banner, Button, Empty, Field, Input, Loading, PageTitle, Section, Select, Table, Textarea, td, FormError } from '../components/ui';
import { useForm } from '../lib/form';

type Plan = Schemas['Plan'];

export function Plans() {
  const blocked = useWritesBlocked();
  const [plan, setPlan] = useState<Plan | null>(null);
  const [packs, setPacks] = useState<Record<string, string>>({});
  const [storage, setStorage] = useState<string>('freezer');
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  const load = async () => {
    const p = await call(api.GET('/plans'));
    setPlan(p);
    setPacks(Object.fromEntries(p.cools.map((c) => [c.cool.cool_id, c.plan ? String(c.plan.packs) : ''])));
    const stored = p.cools.find((c) => c.plan?.storage)?.plan?.storage;
    if (stored) setStorage(stored);
  };
  useEffect(() => {
    void load();
  }, []);
  if (!plan) return <Loading />;
  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    const entries = plan.cools.filter((c) => c.writable && packs[c.cool.cool_id] !== '').map((c) => ({ cool_id: c.cool.cool_id, packs: Number(packs[c.cool.cool_id]) }));
    void submit(async () => {
      await call(api.PUT('/plans', { body: { entries, storage: storage as never } }));
      setSaved('接種計画を登録しました。国の確認をお待ちください。');
      await load();
    });
  };
  const review = plan.review;
  return (
    <div>
      <PageTitle>ワクチン接種計画の登録</PageTitle>
      <div className="mb-6 flex flex-col gap-3">
        {plan.phase && plan.phase.kind !== 'registration' && (
          <Banner kind="warning" title={`${plan.phase.kind_label}（${plan.phase.label}）`}>
            {plan.refusal?.message ?? `${plan.phase.until} まで計画は変更できません。`}
          </Banner>
        )}
        {review && (
          <Banner kind={review.state === 'needs_revision' ? 'error' : review.state === 'confirmed' ? 'success' : 'info'} title={`国の確認: ${review.state_label}`}>
            {review.comment && <p>コメント: {review.comment}</p>}
            {review.reviewed_at && <p>確認日時: {review.reviewed_at}</p>}
          </Banner>
        )}
        {saved && <Banner kind="success" title={saved} />}
        <FormError message={errors.top} />
      </div>
      <form onSubmit={onSubmit} noValidate>
        <Section title="クールごとの接種計画（納入希望量）">
          {plan.cools.length === 0 ? (
            <Empty>計画を登録できるクールはありません。</Empty>
          ) : (
            <Table caption="接種計画" head={['クール', '配送週', '状態', '納入希望量（箱）']}>
              {plan.cools.map((c, i) => (
                <tr key={c.cool.cool_id}>
                  <td className={td}>{c.cool.label}</td>
                  <td className={td}>{c.cool.delivery_week}</td>
                  <td className={td}>{c.state_label}</td>
                  <td className={td}>
                    <div data-field={`entries[${i}].packs`}>
                      <Input
                        type="number"
                        min={0}
                        aria-label={`${c.cool.label} の納入希望量`}
                        value={packs[c.cool.cool_id] ?? ''}
                        onChange={(e) => setPacks({ ...packs, [c.cool.cool_id]: e.target.value })}
                        readOnly={!c.writable || blocked}
                        className="w-32"
                      />
                      {c.plan?.packs_label && <p className="text-std-16N-170 text-solid-gray-700">{c.plan.packs_label}</p>}
                    </div>
                  </td>
                </tr>
              ))}
            </Table>
          )}
          <div className="mt-6 max-w-[24rem]">
            <Field label="保管管理" name="storage" required error={errors.fields.storage}>
              {(a) => (
                <Select {...a} value={storage} onChange={(e) => setStorage(e.target.value)} disabled={!plan.writable || blocked}>
                  <option value="deep_freezer">ディープフリーザー（-75℃）</option>
                  <option value="freezer">フリーザー（-20℃）</option>
                  <option value="refrigerator">冷蔵庫（2〜8℃）</option>
                </Select>
              )}
            </Field>
          </div>
          {Object.entries(errors.fields).filter(([f]) => f !== 'storage').map(([f, m]) => (
            <p key={f} role="alert" className="mt-2 text-error-2">
              ＊{m}
            </p>
          ))}
        </Section>
        {plan.writable && !blocked && (
          <Button type="submit" disabled={busy}>
            登録
          </Button>
        )}
      </form>
    </div>
  );
}

export function PlanReviews() {
  const [items, setItems] = useState<NonNullable<Plan['review']>[] | null>(null);
  useEffect(() => {
    call(api.GET('/plan-reviews')).then((p) => setItems(p.items as NonNullable<Plan['review']>[]));
  }, []);
  return (
    <div>
      <PageTitle>接種計画の確認</PageTitle>
      {items === null ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>確認待ちの接種計画はありません。</Empty>
      ) : (
        <Table caption="確認待ちの接種計画" head={['医療機関・接種会場', '市区町村', '変更日時', '']}>
          {items.map((r) => (
            <tr key={r.site_id}>
              <td className={td}>{r.site_name}</td>
              <td className={td}>{r.municipality_code}</td>
              <td className={td}>{r.changed_at}</td>
              <td className={td}>
                <Link to={`/plan-reviews/${r.site_id}`} className="text-key-900 underline">
                  確認する
                </Link>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </div>
  );
}

export function PlanReviewDetail() {
  const { siteId } = useParams();
  const [detail, setDetail] = useState<{ review: NonNullable<Plan['review']>; plan: Schemas['Registration'][] } | null>(null);
  const [comment, setComment] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  const load = async () => setDetail((await call(api.GET('/plan-reviews/{site_id}', { params: { path: { site_id: siteId! } } }))) as never);
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [siteId]);
  if (!detail) return <Loading />;
  const answer = (result: 'confirmed' | 'needs_revision') =>
    void submit(async () => {
      const r = await call(
        api.POST('/plan-reviews/{site_id}', {
          params: { path: { site_id: siteId! } },
          body: { result, version: detail.review.version, ...(comment ? { comment } : {}) },
        }),
      );
      setDone(`「${r.state_label}」で回答しました。医療機関にメールで通知しました。`);
      await load();
    });
  const pending = detail.review.state === 'pending';
  return (
    <div>
      <PageTitle sub={`状態: ${detail.review.state_label}`}>{detail.review.site_name} の接種計画</PageTitle>
      <div className="mb-6 flex flex-col gap-3">
        {done && <Banner kind="success" title={done} />}
        <FormError message={errors.top} />
      </div>
      <Section title="計画">
        <Table caption="計画" head={['クール', '納入希望量', '注射針', 'シリンジ']}>
          {detail.plan.map((r) => (
            <tr key={r.cool_id}>
              <td className={td}>{r.cool_id}</td>
              <td className={td}>{r.packs_label ?? `${r.packs}箱`}</td>
              <td className={td}>{r.needles_label ?? `${r.needle_boxes}箱`}</td>
              <td className={td}>{r.syringes_label ?? `${r.syringe_boxes}箱`}</td>
            </tr>
          ))}
        </Table>
      </Section>
      {pending && (
        <Section title="確認結果">
          <div className="flex flex-col gap-4">
            <Field label="コメント（要見直の場合は必須）" name="comment" error={errors.fields.comment}>
              {(p) => <Textarea {...p} rows={4} value={comment} onChange={(e) => setComment(e.target.value)} />}
            </Field>
            <div className="flex gap-3">
              <Button type="button" onClick={() => answer('confirmed')} disabled={busy}>
                確認済
              </Button>
              <Button type="button" variant="outline" onClick={() => answer('needs_revision')} disabled={busy}>
                要見直
              </Button>
            </div>
          </div>
        </Section>
      )}
    </div>
  );
}
