// 委任状: a site's own delegations (PDF download; the reminder at sign-in
// stops after the first one), and the receiver's lists (seed 001 委任状受領):
// 未受領一覧 / 受領済一覧, select several → 受領 / 未受領に戻す → メール送信,
// after which the records are locked.
import { useEffect, useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { useWritesBlocked } from '../components/Layout';
import { Banner, Button, Empty, Loading, PageTitle, Section, Table, td, FormError } from '../components/ui';
import { useForm } from '../lib/form';
import { More, usePaged } from '../lib/paged';
import { useSession } from '../lib/session';
import { RegisterDelegation } from './SiteExtras';

type Delegation = Schemas['Delegation'];
type View = 'unreceived' | 'received';

async function openPdf(number: string) {
  const link = await call(api.GET('/delegations/{number}/pdf', { params: { path: { number } } }));
  window.location.assign(link.url);
}

function OwnDelegations() {
  const [items, setItems] = useState<Delegation[] | null>(null);
  const { errors, submit } = useForm();
  const load = () => call(api.GET('/delegations', { params: { query: {} } })).then((p) => setItems(p.items));
  useEffect(() => {
    void load();
  }, []);
  if (!items) return <Loading />;
  return (
    <>
    <RegisterDelegation onDone={() => void load()} />
    <Section title="登録した委任状">
      {errors.top && <Banner kind="error" title={errors.top} />}
      {items.length === 0 ? (
        <Empty>登録した委任状はありません。</Empty>
      ) : (
        <Table caption="登録した委任状" head={['委任状番号', '委任先', '状態', '']}>
          {items.map((d) => (
            <tr key={d.number}>
              <td className={td}>{d.number}</td>
              <td className={td}>
                {d.delegate_name}（{d.delegate_kind_label}）
              </td>
              <td className={td}>
                {d.state_label}
                {!d.downloaded && <span className="ml-2 text-error-2">未ダウンロード</span>}
              </td>
              <td className={td}>
                <Button type="button" size="sm" variant="outline" onClick={() => void submit(() => openPdf(d.number))}>
                  委任状（PDF）をダウンロード
                </Button>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </Section>
    </>
  );
}

function ReceiverDelegations() {
  const blocked = useWritesBlocked();
  const [view, setView] = useState<View>('unreceived');
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  const { items, cursor, more, reload } = usePaged(
    (c) => call(api.GET('/delegations', { params: { query: { view, ...(c ? { cursor: c } : {}) } } })),
    [view],
  );
  useEffect(() => setPicked(new Set()), [view]);

  const act = (path: '/delegations/receive' | '/delegations/unreceive' | '/delegations/notify', label: string) =>
    void submit(async () => {
      const r = await call(api.POST(path, { body: { numbers: [...picked] } }));
      setDone(`${r.count}件を${label}しました。`);
      setPicked(new Set());
      await reload();
    });
  const toggle = (n: string) => {
    const next = new Set(picked);
    if (next.has(n)) next.delete(n);
    else next.add(n);
    setPicked(next);
  };
  const tabs: [View, string][] = [
    ['unreceived', '未受領一覧'],
    ['received', '受領済一覧'],
  ];
  return (
    <>
      <div role="tablist" aria-label="委任状の一覧" className="mb-4 flex gap-2">
        {tabs.map(([v, label]) => (
          <button
            key={v}
            role="tab"
            aria-selected={view === v}
            type="button"
            onClick={() => setView(v)}
            className={`rounded-t-8 border-b-4 px-4 py-2 text-std-16B-170 ${view === v ? 'border-key-900 text-key-900' : 'border-transparent text-solid-gray-800'}`}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="mb-4 flex flex-col gap-3">
        {done && <Banner kind="success" title={done} />}
        <FormError message={errors.top} />
      </div>
      <Section
        title={view === 'unreceived' ? '未受領の委任状' : '受領済の委任状'}
        actions={
          <div className="flex flex-wrap gap-2">
            {view === 'unreceived' ? (
              <Button type="button" onClick={() => act('/delegations/receive', '受領')} disabled={busy || blocked || picked.size === 0}>
                受領
              </Button>
            ) : (
              <>
                <Button type="button" variant="outline" onClick={() => act('/delegations/unreceive', '未受領に')} disabled={busy || blocked || picked.size === 0}>
                  未受領に戻す
                </Button>
                <Button type="button" onClick={() => act('/delegations/notify', 'メール送信')} disabled={busy || blocked || picked.size === 0}>
                  メール送信
                </Button>
              </>
            )}
          </div>
        }
      >
        {items === null ? (
          <Loading />
        ) : items.length === 0 ? (
          <Empty>{view === 'unreceived' ? '未受領の委任状はありません。' : '受領済の委任状はありません。'}</Empty>
        ) : (
          <>
            <p className="mb-2 text-std-16N-170" aria-live="polite">
              {picked.size}件選択中
            </p>
            <Table caption="委任状" head={['選択', '委任状番号', '医療機関・接種会場', 'コード', '状態', 'PDF']}>
              {items.map((d) => (
                <tr key={d.number}>
                  <td className={td}>
                    <input
                      type="checkbox"
                      className="size-6"
                      checked={picked.has(d.number)}
                      onChange={() => toggle(d.number)}
                      disabled={d.locked}
                      aria-label={`${d.facility_name}（${d.number}）を選択`}
                    />
                  </td>
                  <td className={td}>{d.number}</td>
                  <td className={td}>{d.facility_name}</td>
                  <td className={td}>{d.code}</td>
                  <td className={td}>{d.state_label}</td>
                  <td className={td}>
                    <Button type="button" size="sm" variant="text" onClick={() => void submit(() => openPdf(d.number))} aria-label={`${d.number}のPDF`}>
                      PDF
                    </Button>
                  </td>
                </tr>
              ))}
            </Table>
            <More cursor={cursor} more={more} />
          </>
        )}
      </Section>
    </>
  );
}

export function Delegations() {
  const { me } = useSession();
  if (!me) return <Loading />;
  const receiver = me.role !== 'site' && me.role !== 'workplace';
  return (
    <div>
      <PageTitle>{receiver ? '委任状の受領' : '委任状'}</PageTitle>
      {receiver ? <ReceiverDelegations /> : <OwnDelegations />}
    </div>
  );
}
