// ホーム: a site's one-click buttons and reminders; the work queues of the
// municipality, the prefecture and the national office, with counts.
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, call, type Schemas } from '../api/client';
import { useWritesBlocked } from '../components/Layout';
import { Banner, Button, Loading, PageTitle, Section, Select } from '../components/ui';
import { useSession } from '../lib/session';
import { ExpiringLots } from './Deliveries';
import { remaining, shortJst } from '../lib/time';
import { HomeNoticesSection } from './Notices';
import { ReservationsToday } from './Reservations';

type Cool = Schemas['Cool'];

const RESERVATION = [
  { value: 'available', label: '予約可能' },
  { value: 'few', label: '残り少数' },
  { value: 'closed', label: '予約受付不可' },
  { value: 'not_required', label: '予約不要' },
  { value: 'unregistered', label: '未登録' },
] as const;

function SiteHome() {
  const { me } = useSession();
  const blocked = useWritesBlocked();
  const [facility, setFacility] = useState<Schemas['Facility'] | null>(null);
  const [status, setStatus] = useState<string>('unregistered');
  const [cools, setCools] = useState<{ cool: Cool; registered: boolean }[] | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [plan, setPlan] = useState<Schemas['Plan'] | null>(null);
  const channel = me?.role === 'workplace' ? 'workplace' : 'general';

  useEffect(() => {
    call(api.GET('/facility')).then((f) => {
      setFacility(f);
      setStatus(f.reservation_status);
    });
    call(api.GET('/cools', { params: { query: { channel } } })).then(async (page) => {
      const open = page.items.filter((c) => c.state === 'open');
      const rows = await Promise.all(
        open.map(async (c) => {
          const d = await call(api.GET('/cools/{cool_id}/demand', { params: { path: { cool_id: c.cool_id } } }));
          return { cool: c, registered: d.status === 'registered' };
        }),
      );
      setCools(rows);
    });
    if (channel === 'general')
      call(api.GET('/plans'))
        .then(setPlan)
        .catch(() => setPlan(null));
  }, [channel]);

  const update = async () => {
    const r = await call(api.PUT('/facility/reservation-status', { body: { status: status as never } }));
    setSaved(`予約の受付情報を「${r.reservation_status_label}」に更新しました（${r.reservation_updated_at}）。`);
  };

  if (!facility) return <Loading />;
  return (
    <>
      {(me?.notices ?? []).map((n) => (
        <div key={n.delegation} className="mb-4">
          <Banner kind="warning" title="委任状のダウンロード">
            {n.message}{' '}
            <Link to="/delegations" className="text-key-900 underline">
              委任状を開く
            </Link>
          </Banner>
        </div>
      ))}
      {!facility.profile_entered && (
        <div className="mb-4">
          <Banner kind="warning" title="基本情報が未登録です">
            <Link to="/facility?first=1" className="text-key-900 underline">
              医療機関・接種会場の基本情報を入力してください
            </Link>
          </Banner>
        </div>
      )}
      <Section title="ワクチン希望量等の報告">
        {cools === null ? (
          <Loading />
        ) : cools.length === 0 ? (
          <p>受付中のクールはありません。</p>
        ) : (
          <ul className="flex flex-col gap-4">
            {cools.map(({ cool, registered }) => (
              <li key={cool.cool_id} className="flex flex-wrap items-center justify-between gap-3 rounded-8 border border-solid-gray-420 p-4">
                <div>
                  <p className="text-std-17B-170">{cool.label}</p>
                  <p className={registered ? 'text-success-2' : 'text-error-2'}>{registered ? '希望量登録済みです。' : '希望量が未登録です。'}</p>
                  <p className="text-std-16N-170 text-solid-gray-700">
                    締切 {shortJst(cool.registration_deadline)}（{remaining(cool.minutes_left)}）
                  </p>
                </div>
                <Link
                  to={`/demand/${cool.cool_id}`}
                  className="inline-flex min-h-12 items-center rounded-8 bg-key-900 px-4 text-oln-16B-100 text-white hover:bg-key-1000 hover:underline"
                >
                  ワクチン希望量等の報告
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Section>
      {plan && plan.cools.length > 0 && (
        <Section title="ワクチン接種計画の登録">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <div>
              <p className="text-std-17B-170">
                {plan.cools.filter((c) => c.plan).length} / {plan.cools.length} クール登録済み
                {plan.review && `（国の確認: ${plan.review.state_label}）`}
              </p>
              <p className="text-std-16N-170 text-solid-gray-700">
                {plan.phase ? `${plan.phase.label}: ${shortJst(plan.phase.until)} まで` : ''}
                {plan.refusal ? `（${plan.refusal.message}）` : ''}
              </p>
            </div>
            <Link
              to="/plans"
              className="inline-flex min-h-12 items-center rounded-8 bg-key-900 px-4 text-oln-16B-100 text-white hover:bg-key-1000 hover:underline"
            >
              ワクチン接種計画の登録
            </Link>
          </div>
        </Section>
      )}
      <Section title="予約の受付情報">
        <div className="flex flex-wrap items-end gap-3">
          <div className="flex flex-col gap-2">
            <label htmlFor="reservation" className="text-std-17B-170">
              予約空き状況
            </label>
            <Select id="reservation" value={status} onChange={(e) => setStatus(e.target.value)}>
              {RESERVATION.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </Select>
          </div>
          <Button type="button" onClick={update} disabled={blocked}>
            更新
          </Button>
        </div>
        <p className="mt-2 text-std-16N-170 text-solid-gray-700">
          現在: {facility.reservation_status_label}
          {facility.reservation_updated_at && `（更新日時 ${facility.reservation_updated_at}）`}
        </p>
        {saved && (
          <p role="status" className="mt-2 text-success-2">
            {saved}
          </p>
        )}
      </Section>
    </>
  );
}

type Queue = { label: string; count: number | null; to: string; more?: boolean };

function QueueList({ queues }: { queues: Queue[] }) {
  return (
    <Section title="作業一覧">
      <ul className="grid gap-4 desktop:grid-cols-2">
        {queues.map((q) => (
          <li key={q.label}>
            <Link to={q.to} className="flex items-center justify-between rounded-8 border border-solid-gray-420 bg-white p-4 hover:bg-key-50">
              <span className="text-std-17B-170 text-key-900 underline">{q.label}</span>
              <span className="text-std-24B-150" aria-label={`${q.count ?? '—'}件`}>
                {q.count ?? '—'}
                {q.more ? '+' : ''}
                <span className="text-std-16N-170">件</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </Section>
  );
}

async function count<T extends { items: unknown[]; next_cursor?: string | null }>(p: Promise<T>): Promise<[number, boolean]> {
  try {
    const page = await p;
    return [page.items.length, !!page.next_cursor];
  } catch {
    return [0, false];
  }
}

function OfficeHome() {
  const { me } = useSession();
  const [queues, setQueues] = useState<Queue[] | null>(null);
  useEffect(() => {
    if (!me) return;
    const run = async () => {
      const cools = await call(api.GET('/cools', { params: { query: { channel: 'general' } } }));
      const open = cools.items.find((c) => c.state === 'open');
      const regs = open
        ? await count(call(api.GET('/cools/{cool_id}/registrations', { params: { path: { cool_id: open.cool_id } } })))
        : ([0, false] as [number, boolean]);
      const q: Queue[] = [];
      if (me.role === 'national') {
        const [reviews, apps, changes, mails] = await Promise.all([
          count(call(api.GET('/plan-reviews'))),
          count(call(api.GET('/code-applications', { params: { query: { status: 'forwarded' } } }))),
          count(call(api.GET('/contact-changes'))),
          count(call(api.GET('/mail-failures'))),
        ]);
        q.push(
          { label: '接種計画の確認待ち', count: reviews[0], to: '/plan-reviews' },
          { label: '新規コード付番の申請', count: apps[0], to: '/code-applications' },
          { label: '担当者メールアドレス変更の確認', count: changes[0], to: '/contact-changes' },
          { label: '送信できなかったメール', count: mails[0], more: mails[1], to: '/mail-failures' },
        );
      } else if (me.role === 'aggregator') {
        const [delegations] = await Promise.all([count(call(api.GET('/delegations', { params: { query: { view: 'unreceived' } } })))]);
        q.push({ label: '受領待ちの委任状', count: delegations[0], more: delegations[1], to: '/delegations' });
        setQueues(q);
        return;
      } else {
        const [delegations, requests, apps] = await Promise.all([
          count(call(api.GET('/delegations', { params: { query: { view: 'unreceived' } } }))),
          count(call(api.GET('/call-centre-requests', { params: { query: {} } }))),
          count(call(api.GET('/code-applications', { params: { query: { status: 'filed' } } }))),
        ]);
        q.push(
          { label: '受領待ちの委任状', count: delegations[0], more: delegations[1], to: '/delegations' },
          { label: 'コールセンターのアカウント申請', count: requests[0], more: requests[1], to: '/call-centre-requests' },
          { label: '新規コード付番の申請', count: apps[0], to: '/code-applications' },
        );
      }
      q.push({ label: open ? `${open.label} の希望量登録` : '希望量の登録状況（受付中のクールなし）', count: regs[0], more: regs[1], to: '/registrations' });
      // Seed 001's 「納入予定日の確認」「配送状況の確認」 on the home screen.
      const report = (r: 'unscheduled' | 'undelivered') =>
        call(api.GET('/delivery-reports/{report}', { params: { path: { report: r }, query: {} } })) as Promise<{ total: number; late: number }>;
      const [unscheduled, undelivered, unreported] = await Promise.all([
        report('unscheduled'),
        report('undelivered'),
        call(api.GET('/result-reports/missing', { params: { query: {} } })),
      ]);
      q.push(
        { label: 'ワクチンを受け取ってから接種実績が未登録の医療機関等', count: unreported.items.length, to: '/result-reports' },
        { label: '納入予定日の登録期日を過ぎた分配（納入予定日の確認）', count: unscheduled.late, to: '/delivery-reports' },
        { label: '納入予定日を過ぎて未納入の分配（配送状況の確認）', count: undelivered.total, to: '/delivery-reports' },
      );
      setQueues(q);
    };
    void run();
  }, [me]);
  return queues ? <QueueList queues={queues} /> : <Loading />;
}

/** A site's lots near expiry and its results due, before anything else on its home. */
function StockWarning() {
  const [n, setN] = useState(0);
  const [due, setDue] = useState<string | null>(null);
  useEffect(() => {
    call(api.GET('/stock'))
      .then((p) => setN(p.expiring))
      .catch(() => setN(0));
    call(api.GET('/results'))
      .then((p) => setDue(p.due_since ?? null))
      .catch(() => setDue(null));
  }, []);
  return (
    <>
      {n > 0 && (
        <div className="mb-6">
          <Banner kind="warning" title={`有効期限まで30日以内のロットが${n}件あります。`}>
            <Link to="/stock" className="text-key-900 underline">
              入庫・在庫を確認する
            </Link>
          </Banner>
        </div>
      )}
      {due && (
        <div className="mb-6">
          <Banner kind="warning" title={`${due.replaceAll('-', '/')}にワクチンを受け取ってから、接種実績が登録されていません。`}>
            <Link to="/results" className="text-key-900 underline">
              接種実績を報告する
            </Link>
          </Banner>
        </div>
      )}
    </>
  );
}

export function Home() {
  const { me } = useSession();
  if (!me) return <Loading />;
  const site = me.role === 'site' || me.role === 'workplace';
  const office = ['national', 'prefecture', 'municipality', 'aggregator'].includes(me.role);
  return (
    <div>
      <PageTitle>ホーム</PageTitle>
      <HomeNoticesSection />
      {site ? (
        <>
          <StockWarning />
          <SiteHome />
        </>
      ) : office ? (
        <>
          <OfficeHome />
          {(me.role === 'prefecture' || me.role === 'municipality') && <ExpiringLots />}
          {me.role === 'municipality' && <ReservationsToday />}
        </>
      ) : me.role === 'call_centre' ? (
        <ReservationsToday />
      ) : (
        <Section title={me.organisation_name}>
          <p>
            V-SYS ID {me.vsys_id} でログインしています。アカウントの情報は
            <Link to="/account" className="text-key-900 underline">
              アカウント
            </Link>
            で確認・変更できます。
          </p>
        </Section>
      )}
      <HelpSection />
    </div>
  );
}

/** Seed 000's 「V-SYSの操作についてわからない方は以下よりお問い合わせください」. */
function HelpSection() {
  return (
    <Section title="V-SYSの操作についてわからない方は">
      <ol className="grid gap-2 desktop:grid-cols-3">
        <li>
          <Link to="/knowledge" className="text-oln-16B-100 text-key-900 underline">
            質問はこちらへ（よくある質問）
          </Link>
        </li>
        <li>
          <Link to="/knowledge" className="text-oln-16B-100 text-key-900 underline">
            マニュアルはこちら
          </Link>
        </li>
        <li>
          <Link to="/inquiries/new" className="text-oln-16B-100 text-key-900 underline">
            解決しない場合はこちらへ（問い合わせフォーム）
          </Link>
        </li>
      </ol>
    </Section>
  );
}
