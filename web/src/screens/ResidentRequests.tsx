// Residents' requests (seed 001 「住所地外接種の申請、クーポン券再発行依頼」).
// For residents, without sign-in: the two forms, and the page the mailed
// link opens (confirm the request, follow it, download the 届出済証). For
// municipalities: the queues by kind and status, the residents' own
// notifications accepted elsewhere, and a request with its decisions.
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, call, isApiError, type Schemas } from '../api/client';
import { type Area, useAreas } from '../components/areas';
import { useWritesBlocked } from '../components/Layout';
import { Banner, Button, Empty, Field, FormError, InlineError, Input, Loading, PageTitle, Section, Select, Table, Textarea, td } from '../components/ui';
import { slashDate } from '../lib/format';
import { useForm } from '../lib/form';
import { takeToken } from '../lib/link-token';
import { More, usePaged } from '../lib/paged';

type Request = Schemas['ResidentRequest'];
type Row = Schemas['ResidentRequestRow'];
type Kind = 'out_of_area' | 'reissue';

const OUT_OF_AREA_REASONS = [
  ['hospital', '入院・入所中'],
  ['treatment', '基礎疾患のため主治医のもとで接種'],
  ['maternity', '里帰り出産'],
  ['work', '単身赴任'],
  ['study', '遠隔地へ下宿している学生'],
  ['protection', 'ＤＶ・ストーカー行為等の被害者'],
  ['other', 'その他やむを得ない事情'],
] as const;
const REISSUE_REASONS = [
  ['lost', '紛失'],
  ['damaged', '破損・汚損'],
  ['other', 'その他'],
] as const;

const TITLE: Record<Kind, string> = { out_of_area: '住所地外接種の届出', reissue: '接種券（クーポン券）の再発行申請' };

/** Saves a PDF answer under `name`. */
function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** A prefecture and one of its municipalities; the error is the municipality's field's. */
function MunicipalityPicker({ areas, label, name, value, onChange, error }: { areas: Area[]; label: string; name: string; value: string; onChange: (m: string) => void; error?: string }) {
  const [pref, setPref] = useState(value.slice(0, 2));
  const munis = areas.find((a) => a.code === pref)?.municipalities ?? [];
  return (
    <div className="grid gap-4 desktop:grid-cols-2">
      <Field label={`${label}（都道府県）`} name={`${name}_pref`} required>
        {(p) => (
          <Select {...p} value={pref} onChange={(e) => { setPref(e.target.value); onChange(''); }}>
            <option value="">選択してください</option>
            {areas.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label={`${label}（市区町村）`} name={name} required error={error}>
        {(p) => (
          <Select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
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
  );
}

/** /residents — which request a resident can make. */
export function ResidentServices() {
  return (
    <div className="mx-auto max-w-[48rem]">
      <PageTitle sub="新型コロナワクチン接種に関する住民の方の申請です。ログインは不要です。">住民の方の申請</PageTitle>
      <ul className="grid gap-4">
        <li className="rounded-12 bg-white p-6">
          <h2 className="text-std-20B-150">
            <Link to="/residents/out-of-area" className="text-key-900 underline">
              {TITLE.out_of_area}
            </Link>
          </h2>
          <p className="mt-2 text-std-16N-170">入院・入所、単身赴任、下宿、里帰り出産などのため、住民票のある市区町村以外で接種を受ける方が、接種を受ける市区町村に届け出ます。受理されると届出済証をダウンロードできます。</p>
        </li>
        <li className="rounded-12 bg-white p-6">
          <h2 className="text-std-20B-150">
            <Link to="/residents/coupon-reissue" className="text-key-900 underline">
              {TITLE.reissue}
            </Link>
          </h2>
          <p className="mt-2 text-std-16N-170">接種券をなくしたり汚したりした方が、住民票のある市区町村に再発行を申請します。再発行されると、前の券番号は使えなくなります。</p>
        </li>
      </ul>
    </div>
  );
}

/** /residents/out-of-area and /residents/coupon-reissue — the public forms. */
export function ResidentForm({ kind }: { kind: Kind }) {
  const areas = useAreas();
  const { errors, busy, submit } = useForm();
  const [sent, setSent] = useState<string | null>(null);
  const [f, setF] = useState({ name: '', kana: '', birth_date: '', address: '', home_muni: '', coupon: '', phone: '', email: '', reason: '', reason_detail: '', muni: '', stay_place: '', stay_from: '', stay_to: '' });
  const [doses, setDoses] = useState<number[]>([]);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const err = (k: string) => errors.fields[k];
  const reasons = kind === 'out_of_area' ? OUT_OF_AREA_REASONS : REISSUE_REASONS;
  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    void submit(async () => {
      const common = {
        kind,
        name: f.name,
        kana: f.kana,
        birth_date: f.birth_date,
        address: f.address,
        home_muni: f.home_muni,
        coupon: f.coupon,
        phone: f.phone,
        email: f.email,
        reason: f.reason,
        ...(f.reason_detail.trim() ? { reason_detail: f.reason_detail } : {}),
      };
      const body =
        kind === 'out_of_area'
          ? { ...common, muni: f.muni, stay_place: f.stay_place, ...(f.stay_from ? { stay_from: f.stay_from } : {}), ...(f.stay_to ? { stay_to: f.stay_to } : {}) }
          : { ...common, doses_received: doses };
      const r = await call(api.POST('/public/resident-requests', { body }));
      setSent(r.message);
      window.scrollTo(0, 0);
    });
  };
  const text = (k: keyof typeof f, label: string, opts: { support?: string; type?: string; autoComplete?: string; inputMode?: 'numeric' | 'tel' | 'email' } = {}) => (
    <Field label={label} name={k} required support={opts.support} error={err(k)}>
      {(p) => <Input {...p} type={opts.type ?? 'text'} value={f[k]} onChange={set(k)} autoComplete={opts.autoComplete} inputMode={opts.inputMode} />}
    </Field>
  );
  if (sent)
    return (
      <div className="mx-auto max-w-[48rem]">
        <PageTitle>{TITLE[kind]}</PageTitle>
        <Banner kind="success" title="確認のメールを送信しました">
          {sent}
        </Banner>
      </div>
    );
  return (
    <div className="mx-auto max-w-[48rem]">
      <PageTitle sub={kind === 'out_of_area' ? '接種を受ける市区町村に届け出ます。送信後、確認のメールのリンクを開くと届出が確定します。' : '住民票のある市区町村に申請します。送信後、確認のメールのリンクを開くと申請が確定します。'}>
        {TITLE[kind]}
      </PageTitle>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-6 rounded-12 bg-white p-6">
        <FormError message={errors.top} />
        <fieldset className="grid gap-4">
          <legend className="mb-2 text-std-20B-150">接種を受ける方</legend>
          {text('name', '氏名', { autoComplete: 'name' })}
          {text('kana', 'フリガナ', { support: '全角カタカナで入力してください（例: ヤマダ タロウ）。' })}
          {text('birth_date', '生年月日', { support: '例: 1960/04/01', autoComplete: 'bday' })}
          <MunicipalityPicker areas={areas} label="住民票のある市区町村" name="home_muni" value={f.home_muni} onChange={(m) => setF({ ...f, home_muni: m })} error={err('home_muni')} />
          {text('address', '住民票の住所', { autoComplete: 'street-address' })}
          {text('coupon', '接種券の券番号', { support: '接種券に記載の10桁の数字です。', inputMode: 'numeric' })}
        </fieldset>
        <fieldset className="grid gap-4">
          <legend className="mb-2 text-std-20B-150">{kind === 'out_of_area' ? '接種を受ける場所と期間' : '再発行の理由'}</legend>
          {kind === 'out_of_area' && (
            <>
              <MunicipalityPicker areas={areas} label="接種を受ける市区町村" name="muni" value={f.muni} onChange={(m) => setF({ ...f, muni: m })} error={err('muni')} />
              {text('stay_place', '滞在先', { support: '病院・施設の名称、単身赴任先や下宿の住所など' })}
              <div className="grid gap-4 desktop:grid-cols-2">
                {text('stay_from', '滞在期間（開始日）', { type: 'date' })}
                {text('stay_to', '滞在期間（終了日）', { type: 'date' })}
              </div>
            </>
          )}
          <Field label={kind === 'out_of_area' ? '届出の理由' : '再発行の理由'} name="reason" required error={err('reason')}>
            {(p) => (
              <Select {...p} value={f.reason} onChange={set('reason')}>
                <option value="">選択してください</option>
                {reasons.map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          {f.reason === 'other' && (
            <Field label="理由の詳細" name="reason_detail" required error={err('reason_detail')}>
              {(p) => <Textarea {...p} rows={3} value={f.reason_detail} onChange={set('reason_detail')} />}
            </Field>
          )}
          {kind === 'reissue' && (
            <fieldset data-field="doses_received" className="grid gap-2">
              <legend className="text-std-17B-170">接種済みの回数</legend>
              <div className="flex flex-wrap gap-4">
                {[1, 2, 3, 4, 5, 6, 7].map((n) => (
                  <label key={n} className="flex items-center gap-2">
                    <input type="checkbox" checked={doses.includes(n)} onChange={(e) => setDoses(e.target.checked ? [...doses, n].sort() : doses.filter((d) => d !== n))} />
                    {n}回目
                  </label>
                ))}
              </div>
              <InlineError message={err('doses_received')} />
            </fieldset>
          )}
        </fieldset>
        <fieldset className="grid gap-4">
          <legend className="mb-2 text-std-20B-150">連絡先</legend>
          {text('phone', '電話番号', { autoComplete: 'tel', inputMode: 'tel' })}
          {text('email', 'メールアドレス', { support: '確認のメールと処理結果をお送りします。', autoComplete: 'email', inputMode: 'email' })}
        </fieldset>
        <div>
          <Button type="submit" disabled={busy}>
            確認のメールを送信
          </Button>
        </div>
      </form>
    </div>
  );
}

/** The particulars of a request, for the resident and for the municipality. */
function Particulars({ r }: { r: Request }) {
  const rows: [string, ReactNode][] = [
    ['受付番号', r.id],
    ['申請の種類', r.kind_label],
    ['状況', r.status_label],
    ['申請先', r.muni_name],
    ['氏名', r.name],
    ['フリガナ', r.kana],
    ['生年月日', slashDate(r.birth_date)],
    ['住民票のある市区町村', r.home_muni_name],
    ['住民票の住所', r.address],
    ['券番号', r.coupon],
    ['電話番号', r.phone],
    ['メールアドレス', r.email],
    ['理由', r.reason_label + (r.reason_detail ? `（${r.reason_detail}）` : '')],
  ];
  if (r.kind === 'out_of_area') {
    rows.push(['滞在先', r.stay_place ?? ''], ['滞在期間', `${slashDate(r.stay_from)} 〜 ${slashDate(r.stay_to)}`]);
  } else {
    rows.push(['接種済みの回数', r.doses_received.length ? r.doses_received.map((d) => `${d}回目`).join('、') : 'なし']);
  }
  if (r.filed_at) rows.push(['受付日時', r.filed_at]);
  if (r.decided_at) rows.push(['処理日時', r.decided_at]);
  if (r.refusal_reason) rows.push(['不受理の理由', r.refusal_reason]);
  if (r.new_coupon) rows.push(['新しい券番号', r.new_coupon]);
  return (
    <dl className="grid gap-x-6 gap-y-2 desktop:grid-cols-[14rem_1fr]">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-std-16B-170 text-solid-gray-700">{k}</dt>
          <dd className="whitespace-pre-wrap text-std-16N-170">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** /resident-request — the page the mailed link opens. */
export function ResidentRequestPage() {
  const token = useRef<string | null>(null);
  const started = useRef(false);
  const [r, setR] = useState<Request | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    token.current = takeToken();
    if (!token.current) {
      setFailure('リンクが正しくありません。メールに記載されたリンクを開き直してください。');
      return;
    }
    call(api.POST('/public/resident-requests/view', { body: { token: token.current } }))
      .then(setR)
      .catch((e) => setFailure(isApiError(e) ? e.message : 'エラーが発生しました。'));
  }, []);
  const confirm = () =>
    void submit(async () => {
      setR(await call(api.POST('/public/resident-requests/confirm', { body: { token: token.current! } })));
      setDone('申請を確定しました。市区町村の処理結果はメールでお知らせします。');
    });
  const download = () =>
    void submit(async () => {
      const pdf = await call(api.POST('/public/resident-requests/certificate', { body: { token: token.current! }, parseAs: 'blob' }));
      save(pdf as Blob, `todokede-${r!.id}.pdf`);
    });
  return (
    <div className="mx-auto max-w-[48rem]">
      <PageTitle>{r ? r.kind_label : '住民の方の申請'}</PageTitle>
      {failure && <Banner kind="error" title={failure} />}
      {!failure && !r && <Loading />}
      {r && (
        <div className="flex flex-col gap-6">
          {done && <Banner kind="success" title={done} />}
          {r.status === 'unconfirmed' && (
            <Banner kind="warning" title="申請はまだ確定していません">
              内容を確認して「申請を確定する」を押してください。押すまで、申請は{r.muni_name}に届きません。
            </Banner>
          )}
          {r.status === 'refused' && <Banner kind="error" title="申請は受理されませんでした" />}
          {r.status === 'accepted' && <Banner kind="success" title="届出は受理されました">届出済証をダウンロードし、接種の際に接種券・本人確認書類とあわせてお持ちください。</Banner>}
          {r.status === 'reissued' && <Banner kind="success" title="接種券を再発行しました">新しい接種券は郵送でお届けします。前の券番号は使えません。</Banner>}
          <Section title="申請の内容">
            <Particulars r={r} />
          </Section>
          <FormError message={errors.top} />
          <div className="flex flex-wrap gap-4">
            {r.status === 'unconfirmed' && (
              <Button type="button" onClick={confirm} disabled={busy}>
                申請を確定する
              </Button>
            )}
            {r.certificate && (
              <Button type="button" onClick={download} disabled={busy}>
                届出済証をダウンロード（PDF）
              </Button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

type Tab = { key: string; label: string; query: { view?: 'received' | 'residents'; kind?: Kind; status?: 'new' | 'accepted' | 'reissued' | 'refused' } };

const TABS: Tab[] = [
  { key: 'out-new', label: '住所地外接種の届出（受付中）', query: { kind: 'out_of_area', status: 'new' } },
  { key: 'out-accepted', label: '住所地外接種の届出（受理）', query: { kind: 'out_of_area', status: 'accepted' } },
  { key: 'out-refused', label: '住所地外接種の届出（不受理）', query: { kind: 'out_of_area', status: 'refused' } },
  { key: 'reissue-new', label: '接種券の再発行申請（受付中）', query: { kind: 'reissue', status: 'new' } },
  { key: 'reissue-done', label: '接種券の再発行申請（再発行済）', query: { kind: 'reissue', status: 'reissued' } },
  { key: 'reissue-refused', label: '接種券の再発行申請（不受理）', query: { kind: 'reissue', status: 'refused' } },
  { key: 'residents', label: '住民の住所地外接種（他市区町村で受理）', query: { view: 'residents' } },
];

/** /resident-requests — a municipality's queues. */
export function ResidentRequestQueue() {
  const [tab, setTab] = useState(TABS[0]);
  const list = usePaged<Row>((cursor) => call(api.GET('/resident-requests', { params: { query: { ...tab.query, ...(cursor ? { cursor } : {}) } } })), [tab.key]);
  const residents = tab.key === 'residents';
  return (
    <div>
      <PageTitle sub="住民の方からの住所地外接種の届出と接種券の再発行申請を処理します。閲覧は記録されます。">住民からの申請</PageTitle>
      <div className="mb-6 max-w-[32rem]">
        <Field label="表示する申請" name="tab">
          {(p) => (
            <Select {...p} value={tab.key} onChange={(e) => setTab(TABS.find((t) => t.key === e.target.value)!)}>
              {TABS.map((t) => (
                <option key={t.key} value={t.key}>
                  {t.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <Section title={tab.label}>
        {!list.items ? (
          <Loading />
        ) : list.items.length === 0 ? (
          <Empty>該当する申請はありません。</Empty>
        ) : (
          <Table caption={tab.label} head={['受付番号', '氏名', '理由', residents ? '接種を受ける市区町村' : '住民票のある市区町村', '滞在期間', '受付日時', '状況']} readOnly>
            {list.items.map((r) => (
              <tr key={r.id}>
                <td className={td}>
                  <Link to={`/resident-requests/${r.id}`} className="text-key-900 underline">
                    {r.id}
                  </Link>
                </td>
                <td className={td}>{r.name}</td>
                <td className={td}>{r.reason_label}</td>
                <td className={td}>{residents ? r.muni_name : r.home_muni_name}</td>
                <td className={td}>{r.stay_from ? `${slashDate(r.stay_from)} 〜 ${slashDate(r.stay_to)}` : ''}</td>
                <td className={td}>{r.filed_at}</td>
                <td className={td}>{r.status_label}</td>
              </tr>
            ))}
          </Table>
        )}
        <More cursor={list.cursor} more={list.more} />
      </Section>
    </div>
  );
}

/** /resident-requests/:id — a request in full, and its decisions. */
export function ResidentRequestDetail() {
  const { id = '' } = useParams();
  const blocked = useWritesBlocked();
  const navigate = useNavigate();
  const [r, setR] = useState<Request | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [newCoupon, setNewCoupon] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  useEffect(() => {
    call(api.GET('/resident-requests/{id}', { params: { path: { id } } }))
      .then(setR)
      .catch((e) => setFailure(isApiError(e) ? e.message : 'エラーが発生しました。'));
  }, [id]);
  const decide = (what: 'accept' | 'reissue' | 'refuse') =>
    void submit(async () => {
      const path = { params: { path: { id } } };
      const version = r!.version;
      const next =
        what === 'accept'
          ? await call(api.POST('/resident-requests/{id}/accept', { ...path, body: { version } }))
          : what === 'reissue'
            ? await call(api.POST('/resident-requests/{id}/reissue', { ...path, body: { version, new_coupon: newCoupon } }))
            : await call(api.POST('/resident-requests/{id}/refuse', { ...path, body: { version, reason } }));
      setR(next);
      setDone(what === 'accept' ? '受理しました。申請者に届出済証のリンクをメールで送りました。' : what === 'reissue' ? '再発行を登録しました。前の券番号は無効になりました。申請者にメールで知らせました。' : '不受理にしました。申請者に理由をメールで知らせました。');
    });
  const download = () =>
    void submit(async () => {
      const pdf = await call(api.GET('/resident-requests/{id}/certificate', { params: { path: { id } }, parseAs: 'blob' }));
      save(pdf as Blob, `todokede-${id}.pdf`);
    });
  if (failure) return <Banner kind="error" title={failure} />;
  if (!r) return <Loading />;
  return (
    <div className="flex flex-col gap-6">
      <PageTitle sub={r.can_decide ? undefined : '閲覧のみ'}>{r.kind_label}</PageTitle>
      {done && <Banner kind="success" title={done} />}
      <Section title="申請の内容">
        <Particulars r={r} />
      </Section>
      <FormError message={errors.top} />
      {r.certificate && (
        <div>
          <Button type="button" variant="outline" onClick={download} disabled={busy}>
            届出済証を出力（PDF）
          </Button>
        </div>
      )}
      {r.can_decide && (
        <Section title="処理">
          <div className="flex flex-col gap-6">
            {r.kind === 'out_of_area' ? (
              <div>
                <Button type="button" onClick={() => decide('accept')} disabled={busy || blocked}>
                  受理して届出済証を発行
                </Button>
              </div>
            ) : (
              <div className="flex flex-wrap items-end gap-4">
                <Field label="新しい券番号" name="new_coupon" required support="再発行した接種券の10桁の券番号" error={errors.fields.new_coupon}>
                  {(p) => <Input {...p} value={newCoupon} onChange={(e) => setNewCoupon(e.target.value)} inputMode="numeric" />}
                </Field>
                <Button type="button" onClick={() => decide('reissue')} disabled={busy || blocked}>
                  再発行を登録
                </Button>
              </div>
            )}
            <div className="flex flex-col gap-4">
              <Field label="不受理の理由" name="reason" support="申請者にメールで伝わります。" error={errors.fields.reason}>
                {(p) => <Textarea {...p} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
              </Field>
              <div>
                <Button type="button" variant="outline" onClick={() => decide('refuse')} disabled={busy || blocked}>
                  不受理にする
                </Button>
              </div>
            </div>
          </div>
        </Section>
      )}
      <p>
        <button type="button" className="text-key-900 underline" onClick={() => navigate('/resident-requests')}>
          申請の一覧へ戻る
        </button>
      </p>
    </div>
  );
}
