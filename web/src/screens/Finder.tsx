// コロナワクチンナビ: the public site finder, without sign-in, by prefecture,
// municipality, keyword and vaccine; long lists page on.
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, call, isApiError } from '../api/client';
import type { paths } from '../api/schema';
import { Banner, Button, Empty, Field, Input, Loading, PageTitle, Select } from '../components/ui';
import { PublicStatistics } from './Results';

type Area = paths['/public/areas']['get']['responses'][200]['content']['application/json']['items'][number];
type Site = paths['/public/sites']['get']['responses'][200]['content']['application/json']['items'][number];
type Notice = paths['/public/notices']['get']['responses'][200]['content']['application/json']['items'][number];

/** The notices of the chosen prefecture and municipality (お知らせ), in
 * Japanese or in English as the reader picks. */
function AreaNotices({ pref, muni }: { pref: string; muni: string }) {
  const [lang, setLang] = useState<'ja' | 'en'>('ja');
  const [notices, setNotices] = useState<Notice[] | null>(null);
  useEffect(() => {
    setNotices(null);
    call(api.GET('/public/notices', { params: { query: { prefecture_code: pref, ...(muni ? { municipality_code: muni } : {}), lang } } }))
      .then((p) => setNotices(p.items))
      .catch(() => setNotices([]));
  }, [pref, muni, lang]);
  if (!notices || notices.length === 0) return null;
  return (
    <section aria-labelledby="finder-notices" className="mb-6 rounded-12 border border-solid-gray-420 bg-white p-4" lang={lang}>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id="finder-notices" className="text-std-20B-150">
          {lang === 'ja' ? 'お知らせ' : 'Notices'}
        </h2>
        <Button type="button" size="sm" variant="outline" onClick={() => setLang(lang === 'ja' ? 'en' : 'ja')} lang={lang === 'ja' ? 'en' : 'ja'}>
          {lang === 'ja' ? 'English' : '日本語'}
        </Button>
      </div>
      <ul className="grid gap-4">
        {notices.map((n) => (
          <li key={n.id}>
            <h3 className="text-std-17B-170">{n.title}</h3>
            <p className="text-std-16N-170 text-solid-gray-700">
              {n.publish_from.replaceAll('-', '/')}・{n.author_name}
            </p>
            <p className="whitespace-pre-wrap">{n.body}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Finder() {
  const [areas, setAreas] = useState<Area[] | null>(null);
  const [pref, setPref] = useState('13');
  const [muni, setMuni] = useState('');
  const [keyword, setKeyword] = useState('');
  const [sites, setSites] = useState<Site[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<{ field?: string | null; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call(api.GET('/public/areas')).then((a) => setAreas(a.items));
  }, []);

  const search = async (more: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const page = await call(
        api.GET('/public/sites', {
          params: {
            query: {
              prefecture_code: pref,
              ...(muni ? { municipality_code: muni } : {}),
              ...(keyword ? { keyword } : {}),
              ...(more && cursor ? { cursor } : {}),
            },
          },
        }),
      );
      setSites(more ? [...(sites ?? []), ...page.items] : page.items);
      setCursor(page.next_cursor ?? null);
    } catch (e) {
      setError(isApiError(e) ? e : { message: 'エラーが発生しました。' });
    } finally {
      setBusy(false);
    }
  };

  const munis = areas?.find((a) => a.code === pref)?.municipalities ?? [];
  return (
    <div>
      <PageTitle sub="新型コロナワクチンの接種を受けられる医療機関・接種会場を探す">コロナワクチンナビ</PageTitle>
      <form
        className="mb-6 grid gap-4 rounded-12 bg-white p-6 desktop:grid-cols-[1fr_1fr_1fr_auto] desktop:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          void search(false);
        }}
        noValidate
      >
        <Field label="都道府県" name="prefecture_code" required error={error?.field === 'prefecture_code' ? error.message : undefined}>
          {(p) => (
            <Select {...p} value={pref} onChange={(e) => { setPref(e.target.value); setMuni(''); }}>
              {(areas ?? []).map((a) => (
                <option key={a.code} value={a.code}>
                  {a.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="市区町村" name="municipality_code" error={error?.field === 'municipality_code' ? error.message : undefined}>
          {(p) => (
            <Select {...p} value={muni} onChange={(e) => setMuni(e.target.value)}>
              <option value="">すべて</option>
              {munis.map((m) => (
                <option key={m.code} value={m.code}>
                  {m.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="キーワード（名称・住所）" name="keyword" error={error?.field === 'keyword' ? error.message : undefined}>
          {(p) => <Input {...p} value={keyword} onChange={(e) => setKeyword(e.target.value)} />}
        </Field>
        <Button type="submit" disabled={busy || !areas}>
          検索
        </Button>
      </form>
      <AreaNotices pref={pref} muni={muni} />
      {error && !error.field && <Banner kind="error" title={error.message} />}
      {busy && !sites && <Loading />}
      {sites &&
        (sites.length === 0 ? (
          <Empty>条件に合う医療機関・接種会場はありません。</Empty>
        ) : (
          <>
            <p className="mb-3" role="status">
              {sites.length}件{cursor ? '（続きがあります）' : ''}
            </p>
            <ul className="flex flex-col gap-4">
              {sites.map((s) => (
                <li key={s.site_id} className="rounded-12 border border-solid-gray-420 bg-white p-4">
                  <h2 className="text-std-20B-150">{s.name}</h2>
                  <p className="text-std-16N-170 text-solid-gray-700">
                    {s.classification_label}・{s.municipality_name}
                  </p>
                  <p>
                    〒{s.postal_code} {s.address}
                  </p>
                  <p>電話 {s.phone}</p>
                  {s.vaccine && <p>ワクチン: {s.vaccine}</p>}
                  <p className="mt-2 text-std-17B-170">
                    予約: {s.reservation_status_label}
                    {s.reservation_updated_at && <span className="ml-2 text-std-16N-170 text-solid-gray-700">（{s.reservation_updated_at} 更新）</span>}
                  </p>
                </li>
              ))}
            </ul>
            {cursor && (
              <div className="mt-4">
                <Button type="button" variant="outline" onClick={() => search(true)} disabled={busy}>
                  さらに表示
                </Button>
              </div>
            )}
          </>
        ))}
      <section aria-labelledby="finder-residents" className="mt-10 rounded-12 bg-white p-6">
        <h2 id="finder-residents" className="text-std-20B-150">
          住民の方の申請
        </h2>
        <p className="mt-2 flex flex-wrap gap-6">
          <Link to="/residents/out-of-area" className="text-key-900 underline">
            住所地外接種の届出
          </Link>
          <Link to="/residents/coupon-reissue" className="text-key-900 underline">
            接種券（クーポン券）の再発行申請
          </Link>
        </p>
      </section>
      <div className="mt-10">
        <PublicStatistics />
      </div>
    </div>
  );
}
