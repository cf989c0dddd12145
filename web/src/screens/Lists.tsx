// The offices' lists: facilities by view, the registrations of a cool,
// call-centre account requests, new-code applications, contact-change
// approvals and mails that could not be sent. Long lists page on.
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, call, type Schemas } from '../api/client';
import { useWritesBlocked } from '../components/Layout';
import { Banner, Button, Empty, Loading, PageTitle, Section, Select, Table, td } from '../components/ui';
import { useForm } from '../lib/form';
import { useSession } from '../lib/session';
import { FileCodeApplication } from './Filing';
import { More, usePaged } from '../lib/paged';

const PREFS = Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, '0'));

function PrefectureChoice({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <div className="flex flex-col gap-2">
      <label htmlFor="pref" className="text-std-17B-170">
        都道府県コード
      </label>
      <Select id="pref" value={value} onChange={(e) => onChange(e.target.value)} className="w-40">
        {PREFS.map((p) => (
          <option key={p}>{p}</option>
        ))}
      </Select>
    </div>
  );
}

const VIEWS = [
  ['all', 'すべて'],
  ['profile_missing', '基本情報が未登録'],
  ['without_doctor', '接種担当医師が未登録'],
  ['special_venues', '特設会場'],
  ['workplace_venues', '職域接種会場'],
  ['basic', '基本型'],
  ['satellite', 'サテライト型'],
] as const;

export function FacilityList() {
  const { me } = useSession();
  const [view, setView] = useState<string>('all');
  const [pref, setPref] = useState('13');
  const national = me?.role === 'national';
  const { items, cursor, more } = usePaged(
    (c) => call(api.GET('/facilities', { params: { query: { view: view as never, ...(national ? { prefecture_code: pref } : {}), ...(c ? { cursor: c } : {}) } } })),
    [view, pref],
  );
  return (
    <div>
      <PageTitle>医療機関・接種会場</PageTitle>
      <div className="mb-4 flex flex-wrap gap-4">
        {national && <PrefectureChoice value={pref} onChange={setPref} />}
        <div className="flex flex-col gap-2">
          <label htmlFor="view" className="text-std-17B-170">
            表示
          </label>
          <Select id="view" value={view} onChange={(e) => setView(e.target.value)}>
            {VIEWS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </Select>
        </div>
      </div>
      {items === null ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>該当する医療機関・接種会場はありません。</Empty>
      ) : (
        <>
          <Table caption="医療機関・接種会場" head={['名称', 'コード', '市区町村', '種類', '医師', '予約', '注意']}>
            {items.map((f) => (
              <tr key={f.organisation_id}>
                <td className={td}>
                  <Link to={`/facilities/${f.organisation_id}`} className="text-key-900 underline">
                    {f.name}
                  </Link>
                </td>
                <td className={td}>{f.code}</td>
                <td className={td}>{f.municipality_code}</td>
                <td className={td}>
                  {f.classification_label ?? '—'}・{f.site_type_label}
                </td>
                <td className={td}>{f.doctors}</td>
                <td className={td}>{f.reservation_status_label}</td>
                <td className={`${td} text-error-2`}>{f.flags.map((x) => x.label).join('、')}</td>
              </tr>
            ))}
          </Table>
          <More cursor={cursor} more={more} />
        </>
      )}
    </div>
  );
}

export function Registrations() {
  const [cools, setCools] = useState<Schemas['Cool'][] | null>(null);
  const [coolId, setCoolId] = useState('');
  useEffect(() => {
    call(api.GET('/cools')).then((p) => {
      setCools(p.items);
      const open = p.items.find((c) => c.state === 'open') ?? p.items[p.items.length - 1];
      if (open) setCoolId(open.cool_id);
    });
  }, []);
  const { items, cursor, more } = usePaged(
    (c) =>
      coolId
        ? call(api.GET('/cools/{cool_id}/registrations', { params: { path: { cool_id: coolId }, query: c ? { cursor: c } : {} } }))
        : Promise.resolve({ items: [] as Schemas['Registration'][], next_cursor: null }),
    [coolId],
  );
  if (!cools) return <Loading />;
  return (
    <div>
      <PageTitle>希望量の登録状況</PageTitle>
      <div className="mb-4 flex flex-col gap-2">
        <label htmlFor="cool" className="text-std-17B-170">
          クール
        </label>
        <Select id="cool" value={coolId} onChange={(e) => setCoolId(e.target.value)} className="max-w-[40rem]">
          {cools.map((c) => (
            <option key={c.cool_id} value={c.cool_id}>
              {c.label}（{c.state_label}）
            </option>
          ))}
        </Select>
      </div>
      {items === null ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>登録はまだありません。</Empty>
      ) : (
        <>
          <Table caption="希望量の登録" head={['医療機関・接種会場', '市区町村', '週当たり接種予定回数', '納入希望量', '注射針', 'シリンジ', '登録日時']}>
            {items.map((r) => (
              <tr key={r.site_id}>
                <td className={td}>{r.site_name}</td>
                <td className={td}>{r.municipality_code}</td>
                <td className={td}>{r.weekly_planned_doses ?? '—'}</td>
                <td className={td}>{r.packs_label ?? r.packs}</td>
                <td className={td}>{r.needle_boxes}箱</td>
                <td className={td}>{r.syringe_boxes}箱</td>
                <td className={td}>{r.updated_at}</td>
              </tr>
            ))}
          </Table>
          <More cursor={cursor} more={more} />
        </>
      )}
    </div>
  );
}

const KIND: Record<string, string> = { new: '発行', change: '変更', delete: '返納・削除' };
const CALL_CENTRE_FORM = `/inquiries/new?category=${encodeURIComponent('アカウント')}&detail=${encodeURIComponent('予約受付業者（コールセンター）のアカウントの発行・返納・削除')}`;
const STATUS: Record<string, string> = { open: '受付中', withdrawn: '取り下げ', done: '処理済', rejected: '処理できませんでした' };

export function CallCentreRequests() {
  const { me } = useSession();
  const blocked = useWritesBlocked();
  const [pref, setPref] = useState('13');
  const { errors, submit } = useForm();
  const national = me?.role === 'national';
  const { items, cursor, more, reload } = usePaged(
    (c) => call(api.GET('/call-centre-requests', { params: { query: { ...(national ? { prefecture: pref } : {}), ...(c ? { cursor: c } : {}) } } })),
    [pref],
  );
  const withdraw = (id: string) =>
    void submit(async () => {
      await call(api.POST('/call-centre-requests/{id}/withdraw', { params: { path: { id } } }));
      await reload();
    });
  return (
    <div>
      <PageTitle>コールセンターのアカウント申請</PageTitle>
      {national && (
        <div className="mb-4">
          <PrefectureChoice value={pref} onChange={setPref} />
        </div>
      )}
      {me?.role === 'municipality' && (
        // Seed 003: filed through the inquiry form (アカウント → 予約受付業者（コールセンター）のアカウントの発行・返納・削除).
        <p className="mb-6">
          <Link to={CALL_CENTRE_FORM} className="text-oln-16B-100 text-key-900 underline">
            問い合わせフォームから申請（発行・変更・返納・削除）
          </Link>
          <span className="ml-2 text-std-16N-170 text-solid-gray-600">毎週水曜17時締切、同週金曜にログイン用メールが送付されます。</span>
        </p>
      )}
      {errors.top && (
        <div className="mb-4">
          <Banner kind="error" title={errors.top} />
        </div>
      )}
      {items === null ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>申請はありません。</Empty>
      ) : (
        <>
          <Table caption="コールセンターのアカウント申請" head={['種別', '会社・氏名', '締切', '発行予定日', '状態', '']}>
            {items.map((r) => (
              <tr key={r.id}>
                <td className={td}>{KIND[r.kind] ?? r.kind}</td>
                <td className={td}>
                  {r.company ? `${r.company} ` : ''}
                  {r.name}
                </td>
                <td className={td}>{r.cutoff}</td>
                <td className={td}>{r.issuance_date}</td>
                <td className={td}>
                  {STATUS[r.status] ?? r.status}
                  {r.result_message && <p className="text-std-16N-170">{r.result_message}</p>}
                </td>
                <td className={td}>
                  {me?.role === 'municipality' && r.status === 'open' && (
                    <Button type="button" size="sm" variant="outline" onClick={() => withdraw(r.id)} disabled={blocked}>
                      取り下げ
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </Table>
          <More cursor={cursor} more={more} />
        </>
      )}
    </div>
  );
}

export function CodeApplications() {
  const { me } = useSession();
  const blocked = useWritesBlocked();
  const [status, setStatus] = useState<string>(me?.role === 'national' ? 'forwarded' : 'filed');
  const [done, setDone] = useState<string | null>(null);
  const { errors, submit } = useForm();
  const { items, reload } = usePaged(() => call(api.GET('/code-applications', { params: { query: { status: status as never } } })), [status]);
  const forward = () =>
    void submit(async () => {
      const r = await call(api.POST('/code-applications/forward'));
      setDone(`${r.forwarded}件をサービスデスクへ提出しました。`);
      await reload();
    });
  const assign = (a: Schemas['CodeApplication']) =>
    void submit(async () => {
      const r = await call(api.POST('/code-applications/{id}/assign', { params: { path: { id: a.id } }, body: { version: a.version } }));
      setDone(`${a.facility.name} にコード ${r.assigned_code} を付番しました。`);
      await reload();
    });
  return (
    <div>
      <PageTitle>新規コード付番の申請</PageTitle>
      <div className="mb-4 flex flex-wrap items-end gap-4">
        <div className="flex flex-col gap-2">
          <label htmlFor="status" className="text-std-17B-170">
            状態
          </label>
          <Select id="status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="filed">申請済</option>
            <option value="forwarded">提出済（サービスデスク）</option>
            <option value="assigned">付番済</option>
            <option value="notified">通知済</option>
          </Select>
        </div>
        {me?.role === 'prefecture' && status === 'filed' && (
          <Button type="button" onClick={forward} disabled={blocked || !items?.length}>
            とりまとめ結果を提出
          </Button>
        )}
      </div>
      <div className="mb-4 flex flex-col gap-2">
        {done && <Banner kind="success" title={done} />}
        {errors.top && <Banner kind="error" title={errors.top} />}
      </div>
      {(me?.role === 'municipality' || me?.role === 'prefecture') && <FileCodeApplication onFiled={() => void reload()} />}
      {items === null ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>該当する申請はありません。</Empty>
      ) : (
        <Table caption="新規コード付番の申請" head={['申請番号', '会場', '設置主体', '申請日時', '状態', '']}>
          {items.map((a) => (
            <tr key={a.id}>
              <td className={td}>{a.id}</td>
              <td className={td}>{a.facility.name}</td>
              <td className={td}>{a.founder_label}</td>
              <td className={td}>{a.filed_at}</td>
              <td className={td}>
                {a.status_label}
                {a.assigned_code && `（${a.assigned_code}）`}
              </td>
              <td className={td}>
                {me?.role === 'national' && a.status === 'forwarded' && (
                  <Button type="button" size="sm" onClick={() => assign(a)} disabled={blocked}>
                    付番
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </div>
  );
}

export function ContactChanges() {
  const blocked = useWritesBlocked();
  const [done, setDone] = useState<string | null>(null);
  const { errors, submit } = useForm();
  const { items, reload } = usePaged(() => call(api.GET('/contact-changes')), []);
  const decide = (c: Schemas['ContactChange'], decision: 'approve' | 'reject') =>
    void submit(async () => {
      const r = await call(api.POST('/contact-changes/{org_id}', { params: { path: { org_id: c.organisation_id } }, body: { decision, version: c.version } }));
      setDone(`${c.organisation_name}: ${r.status_label}`);
      await reload();
    });
  return (
    <div>
      <PageTitle>担当者メールアドレス変更の確認</PageTitle>
      <div className="mb-4 flex flex-col gap-2">
        {done && <Banner kind="success" title={done} />}
        {errors.top && <Banner kind="error" title={errors.top} />}
      </div>
      {items === null ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>確認待ちの変更はありません。</Empty>
      ) : (
        <Table caption="担当者メールアドレス変更" head={['職域接種会場', '変更前', '変更後', '期限', '']}>
          {items.map((c) => (
            <tr key={c.organisation_id}>
              <td className={td}>{c.organisation_name}</td>
              <td className={td}>{c.old_email}</td>
              <td className={td}>{c.new_contact.email}</td>
              <td className={`${td} ${c.overdue ? 'text-error-2' : ''}`}>
                {c.due}
                {c.overdue && '（期限超過）'}
              </td>
              <td className={td}>
                <div className="flex gap-2">
                  <Button type="button" size="sm" onClick={() => decide(c, 'approve')} disabled={blocked}>
                    承認
                  </Button>
                  <Button type="button" size="sm" variant="outline" onClick={() => decide(c, 'reject')} disabled={blocked}>
                    却下
                  </Button>
                </div>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </div>
  );
}

export function MailFailures() {
  const blocked = useWritesBlocked();
  const { errors, submit } = useForm();
  const { items, cursor, more, reload } = usePaged((c) => call(api.GET('/mail-failures', { params: { query: c ? { cursor: c } : {} } })), []);
  const retry = (id: string) =>
    void submit(async () => {
      await call(api.POST('/mail-failures/{id}/retry', { params: { path: { id } } }));
      await reload();
    });
  return (
    <div>
      <PageTitle>送信できなかったメール</PageTitle>
      {errors.top && (
        <div className="mb-4">
          <Banner kind="error" title={errors.top} />
        </div>
      )}
      {items === null ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>送信できなかったメールはありません。</Empty>
      ) : (
        <>
          <Section title="送信を諦めたメール">
            <Table caption="送信できなかったメール" head={['宛先', '件名', '試行', '最後のエラー', '']}>
              {items.map((m) => (
                <tr key={m.id}>
                  <td className={td}>{m.to}</td>
                  <td className={td}>{m.subject}</td>
                  <td className={td}>{m.attempts}</td>
                  <td className={td}>{m.last_error}</td>
                  <td className={td}>
                    <Button type="button" size="sm" variant="outline" onClick={() => retry(m.id)} disabled={blocked}>
                      再送
                    </Button>
                  </td>
                </tr>
              ))}
            </Table>
          </Section>
          <More cursor={cursor} more={more} />
        </>
      )}
    </div>
  );
}

/** この医療機関の情報を見る, as the municipality (or prefecture) sees a facility of its area. */
export function FacilityDetail() {
  const { orgId } = useParams();
  const [f, setF] = useState<Awaited<ReturnType<typeof loadDetail>> | null>(null);
  useEffect(() => {
    void loadDetail(orgId!).then(setF);
  }, [orgId]);
  if (!f) return <Loading />;
  const p = f.profile;
  const doctors = f.doctor_list ?? [];
  const rows: [string, string | number | null | undefined][] = [
    ['コード', f.code],
    ['施設分類', f.classification_label],
    ['設置主体', f.founder_label],
    ['所在地', p ? `〒${p.postal_code} ${p.address}` : null],
    ['代表電話番号', p?.phone],
    ['ディープフリーザー(-75°C)', p?.freezers_minus75],
    ['ディープフリーザー(-20°C)', p?.freezers_minus20],
    ['接種施設の種類', f.site_type_label],
    ['予約空き状況', f.reservation_status_label],
    ['コロナワクチンナビ', f.public_listing_label],
  ];
  return (
    <div>
      <PageTitle sub={f.flags.map((x) => x.label).join('、') || undefined}>{f.name}</PageTitle>
      <Section title="医療機関・接種会場の詳細">
        <dl className="grid grid-cols-[12rem_1fr] gap-2 text-std-16N-170">
          {rows.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-std-16B-170">{k}</dt>
              <dd>{v ?? '—'}</dd>
            </div>
          ))}
        </dl>
      </Section>
      <Section title={`接種担当医師の情報 [${doctors.length}]`}>
        {doctors.length === 0 ? (
          <Empty>接種担当医師が未登録です。</Empty>
        ) : (
          <Table caption="接種担当医師" head={['氏名', '氏名（かな）', 'ワクチン']}>
            {doctors.map((d) => (
              <tr key={d.doctor_id}>
                <td className={td}>{d.name}</td>
                <td className={td}>{d.kana}</td>
                <td className={td}>{d.vaccines.join('、')}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </div>
  );
}

function loadDetail(orgId: string) {
  return call(api.GET('/facilities/{org_id}', { params: { path: { org_id: orgId } } }));
}
