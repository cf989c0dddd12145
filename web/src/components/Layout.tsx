// Every page: the skip link, the header with the signed-in organisation and
// the sign-out button, the training stage's yellow banner, the maintenance
// banner (writes are disabled during a window), the role's menu.
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { Link, NavLink, useNavigate } from 'react-router-dom';
import { api, call } from '../api/client';
import { ROLE_LABEL, useSession } from '../lib/session';
import { shortJst } from '../lib/time';
import { Banner } from './ui';

type MenuItem = { to: string; label: string };

/** Municipalities and prefectures do the same work, each for its own area. */
const LOCAL_OFFICE: MenuItem[] = [
  { to: '/', label: 'ホーム' },
  { to: '/facilities', label: '医療機関・接種会場' },
  { to: '/delegations', label: '委任状の受領' },
  { to: '/registrations', label: '希望量の登録状況' },
  { to: '/allocation', label: 'ワクチン分配' },
  { to: '/delivery-reports', label: '納入・配送状況' },
  { to: '/result-reports', label: '接種実績' },
  { to: '/billing-invoices', label: '請求の確認' },
  { to: '/call-centre-requests', label: 'コールセンター' },
  { to: '/code-applications', label: '新規コード付番' },
  { to: '/notices', label: 'お知らせ' },
];

/** Where every role finds help (seed 000 「困ったときには」): the FAQ and manuals, then the inquiry form. */
const HELP: MenuItem[] = [
  { to: '/knowledge', label: 'ナレッジ' },
  { to: '/inquiries', label: '問い合わせ' },
];

/** A municipality's mass-vaccination venues, kept by it or its call centre. */
const RESERVATIONS: MenuItem[] = [
  { to: '/reservations', label: '接種予約' },
  { to: '/bookings', label: '予約者一覧' },
  { to: '/reservation-slots', label: '予約枠の設定' },
];

const MENUS: Record<string, MenuItem[]> = {
  site: [
    { to: '/', label: 'ホーム' },
    { to: '/facility', label: '医療機関・接種会場' },
    { to: '/demand', label: 'ワクチン希望量等の報告' },
    { to: '/plans', label: 'ワクチン接種計画' },
    { to: '/allocations', label: 'ワクチンの分配量' },
    { to: '/stock', label: '入庫・在庫' },
    { to: '/results', label: '接種実績の報告' },
    { to: '/billing', label: '請求' },
    { to: '/delegations', label: '委任状' },
    { to: '/site-type', label: '基本型・サテライト型' },
    { to: '/screening-forms', label: '予診票の出力' },
    ...HELP,
  ],
  workplace: [
    { to: '/', label: 'ホーム' },
    { to: '/facility', label: '医療機関・接種会場' },
    { to: '/demand', label: 'ワクチン希望量等の報告' },
    { to: '/allocations', label: 'ワクチンの分配量' },
    { to: '/stock', label: '入庫・在庫' },
    { to: '/results', label: '接種実績の報告' },
    { to: '/billing', label: '請求' },
    { to: '/screening-forms', label: '予診票の出力' },
    ...HELP,
  ],
  municipality: [...LOCAL_OFFICE, ...RESERVATIONS, { to: '/resident-requests', label: '住民からの申請' }, ...HELP],
  call_centre: [{ to: '/', label: 'ホーム' }, ...RESERVATIONS, ...HELP],
  prefecture: [...LOCAL_OFFICE, ...HELP],
  aggregator: [
    { to: '/', label: 'ホーム' },
    { to: '/delegations', label: '委任状の受領' },
    ...HELP,
  ],
  national: [
    { to: '/', label: 'ホーム' },
    { to: '/accounts', label: 'アカウント発行' },
    { to: '/plan-reviews', label: '接種計画の確認' },
    { to: '/registrations', label: '希望量の登録状況' },
    { to: '/allocation', label: 'ワクチン分配' },
    { to: '/facilities', label: '医療機関・接種会場' },
    { to: '/code-applications', label: '新規コード付番' },
    { to: '/contact-changes', label: '担当者の変更' },
    { to: '/mail-failures', label: '未送信メール' },
    { to: '/vaccines', label: 'ワクチンマスタ' },
    { to: '/cools', label: 'クール' },
    { to: '/plan-calendar', label: 'スケジュール' },
    { to: '/maintenance', label: 'メンテナンス' },
    { to: '/facility-codes', label: 'コードマスタ' },
    { to: '/wholesalers', label: '卸マスタ' },
    { to: '/delivery-reports', label: '納入・配送状況' },
    { to: '/result-reports', label: '接種実績' },
    { to: '/lots', label: 'ロット' },
    { to: '/billing-invoices', label: '請求の確認' },
    { to: '/billing-prices', label: '単価マスタ' },
    { to: '/notices', label: 'お知らせの承認' },
    { to: '/inquiries', label: 'お問い合わせ対応' },
    { to: '/knowledge', label: 'ナレッジ' },
  ],
  wholesaler: [
    { to: '/', label: 'ホーム' },
    { to: '/deliveries', label: '納入予定日の登録' },
    { to: '/lots', label: 'ロット' },
    { to: '/delivery-area', label: '配送エリア' },
    ...HELP,
  ],
};

type Status = { now: string; stage: string; training: boolean; maintenance?: { from: string; until: string; reason?: string | null } | null };

/** The stage and the maintenance window under way, for every page (signed
 * in or not), read again every minute. */
function useStatus() {
  const [status, setStatus] = useState<Status | null>(null);
  useEffect(() => {
    const read = () =>
      // Past the browser's cache (a CDN may still hold it up to a minute).
      call(api.GET('/public/status', { cache: 'no-cache' }))
        .then(setStatus)
        .catch(() => undefined);
    void read();
    const t = window.setInterval(read, 60_000);
    return () => window.clearInterval(t);
  }, []);
  return status;
}

const WritesBlocked = createContext(false);
const ServerNow = createContext<string | null>(null);

/** Today in Japan by the server's clock ("2021-05-24"), once known. */
export function useServerToday(): string | null {
  const now = useContext(ServerNow);
  return now ? now.slice(0, 10) : null;
}

/** True during a maintenance window: every save button is disabled. */
export function useWritesBlocked() {
  return useContext(WritesBlocked);
}

export function Layout({ children }: { children: ReactNode }) {
  const { me, signedOut } = useSession();
  const navigate = useNavigate();
  const status = useStatus();
  const maintenance = status?.maintenance ?? null;
  const training = status?.training ?? me?.training ?? false;
  useEffect(() => {
    document.body.classList.toggle('training', training);
  }, [training]);
  const signOut = async () => {
    try {
      await call(api.POST('/auth/sign-out'));
    } catch {
      /* the session is gone either way */
    }
    signedOut();
    navigate('/sign-in');
  };
  const menu = me ? (MENUS[me.role] ?? [{ to: '/', label: 'ホーム' }]) : [];
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:bg-yellow-300 focus:p-2">
        本文へ移動
      </a>
      {training && (
        <div role="note" className="bg-yellow-400 px-4 py-2 text-center text-std-16B-170 text-solid-gray-900">
          研修環境です。ここで登録した内容は本番環境には反映されません。
        </div>
      )}
      <header className="border-b border-solid-gray-420 bg-white">
        <div className="mx-auto flex max-w-[80rem] flex-wrap items-center justify-between gap-2 px-4 py-3">
          <Link to="/" className="text-std-20B-150 text-solid-gray-900 no-underline">
            V-SYS <span className="text-std-16N-170 text-solid-gray-600">ワクチン接種円滑化システム</span>
          </Link>
          {me && (
            <div className="flex flex-wrap items-center gap-3 text-std-16N-170">
              <span>
                {me.organisation_name}（{ROLE_LABEL[me.role] ?? me.role}）
              </span>
              <Link to="/account" className="text-key-900 underline">
                アカウント
              </Link>
              <button type="button" onClick={signOut} className="rounded-6 border border-key-900 px-3 py-1 text-key-900 hover:bg-key-50">
                ログアウト
              </button>
            </div>
          )}
        </div>
        {menu.length > 0 && (
          <nav aria-label="メニュー" className="mx-auto max-w-[80rem] overflow-x-auto px-4">
            <ul className="flex gap-4 whitespace-nowrap">
              {menu.map((m) => (
                <li key={m.to}>
                  <NavLink
                    to={m.to}
                    end={m.to === '/'}
                    className={({ isActive }) =>
                      `inline-block border-b-4 px-1 py-2 text-std-16B-170 ${isActive ? 'border-key-900 text-key-900' : 'border-transparent text-solid-gray-800 hover:text-key-900'}`
                    }
                  >
                    {m.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" className="mx-auto max-w-[80rem] px-4 py-6">
        {maintenance && (
          <div className="mb-6">
            <Banner kind="warning" title="メンテナンス中のため、登録・変更はできません">
              {shortJst(maintenance.until)} までお待ちください。{maintenance.reason ?? ''}
            </Banner>
          </div>
        )}
        <ServerNow.Provider value={status?.now ?? null}>
          <WritesBlocked.Provider value={maintenance !== null}>{children}</WritesBlocked.Provider>
        </ServerNow.Provider>
      </main>
    </div>
  );
}
