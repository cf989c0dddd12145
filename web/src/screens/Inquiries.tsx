// 問い合わせ (seed 002 「お問い合わせ作成」): the form — e-mail (pre-filled),
// phone, お問い合わせ分類 and its 詳細, content — and, for a municipality's
// アカウント → 予約受付業者（コールセンター）のアカウントの発行・返納・削除, the
// call-centre account request of seed 003 in the same form; the asker's
// inquiries with the desk's answers; the national office's service desk
// by status and category, answering and closing.
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, call, type Schemas } from '../api/client';
import type { paths } from '../api/schema';
import { useWritesBlocked } from '../components/Layout';
import { Banner, Button, Empty, Field, FormError, Input, Loading, PageTitle, Section, Select, Table, Textarea, td } from '../components/ui';
import { useForm } from '../lib/form';
import { More, usePaged } from '../lib/paged';
import { useSession } from '../lib/session';

type Inquiry = Schemas['Inquiry'];
type Category = paths['/inquiry-categories']['get']['responses'][200]['content']['application/json']['items'][number];

const CALL_CENTRE = ['アカウント', '予約受付業者（コールセンター）のアカウントの発行・返納・削除'] as const;
const STATUSES = [
  ['open', '未対応'],
  ['answered', '回答済'],
  ['closed', '完了'],
] as const;

function useCategories() {
  const [categories, setCategories] = useState<Category[]>([]);
  useEffect(() => {
    call(api.GET('/inquiry-categories')).then((p) => setCategories(p.items));
  }, []);
  return categories;
}

/** /inquiries — the asker's own; the desk's queue by status and category. */
export function InquiryList() {
  const { me } = useSession();
  const desk = me?.role === 'national';
  const categories = useCategories();
  const [status, setStatus] = useState<'open' | 'answered' | 'closed'>('open');
  const [category, setCategory] = useState('');
  const list = usePaged<Inquiry>(
    (cursor) =>
      call(
        api.GET('/inquiries', {
          params: { query: { ...(desk ? { status } : {}), ...(category ? { category } : {}), ...(cursor ? { cursor } : {}) } },
        }),
      ),
    [desk, status, category],
  );
  return (
    <div>
      <PageTitle sub={desk ? '問い合わせに回答し、完了にします。回答は問い合わせた方にメールで送られます。' : 'マニュアルやよくある質問で解決しない場合は、問い合わせフォームからお問い合わせください。'}>
        {desk ? 'お問い合わせ対応' : '問い合わせ'}
      </PageTitle>
      {!desk && (
        <p className="mb-6 flex flex-wrap gap-4">
          <Link to="/inquiries/new" className="text-oln-16B-100 text-key-900 underline">
            問い合わせフォーム
          </Link>
          <Link to="/knowledge" className="text-oln-16B-100 text-key-900 underline">
            ナレッジ（マニュアル・よくある質問）
          </Link>
        </p>
      )}
      {desk && (
        <div className="mb-6 flex flex-wrap gap-4">
          <Field label="状況" name="status">
            {(p) => (
              <Select {...p} value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
                {STATUSES.map(([v, l]) => (
                  <option key={v} value={v}>
                    {l}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="お問い合わせ分類" name="category">
            {(p) => (
              <Select {...p} value={category} onChange={(e) => setCategory(e.target.value)}>
                <option value="">すべて</option>
                {categories.map((c) => (
                  <option key={c.category}>{c.category}</option>
                ))}
              </Select>
            )}
          </Field>
        </div>
      )}
      <Section title={desk ? '問い合わせ一覧' : 'これまでの問い合わせ'}>
        {!list.items ? (
          <Loading />
        ) : list.items.length === 0 ? (
          <Empty>問い合わせはありません。</Empty>
        ) : (
          <Table caption="問い合わせ一覧" head={['受付番号', ...(desk ? ['団体'] : []), 'お問い合わせ分類', 'お問い合わせ詳細', '状況', '受付日時']} readOnly>
            {list.items.map((i) => (
              <tr key={i.id}>
                <td className={td}>
                  <Link to={`/inquiries/${i.id}`} className="text-key-900 underline">
                    {i.id}
                  </Link>
                </td>
                {desk && <td className={td}>{i.org_name}</td>}
                <td className={td}>{i.category}</td>
                <td className={td}>{i.detail}</td>
                <td className={td}>{i.status_label}</td>
                <td className={td}>{i.created_at.slice(0, 16).replace('T', ' ')}</td>
              </tr>
            ))}
          </Table>
        )}
        <More cursor={list.cursor} more={list.more} />
      </Section>
    </div>
  );
}

type CcForm = { kind: 'new' | 'change' | 'delete'; company: string; name: string; email: string; phone: string; vsys_id: string; change_detail: string };

/** The call-centre account request (seed 003's three formats). */
function CallCentreFields({ cc, onChange, errors }: { cc: CcForm; onChange: (c: CcForm) => void; errors: Record<string, string> }) {
  const set = (k: keyof CcForm) => (e: { target: { value: string } }) => onChange({ ...cc, [k]: e.target.value });
  const f = (k: string) => `call_centre.${k}`;
  return (
    <fieldset className="grid gap-4 rounded-8 border border-solid-gray-420 p-4">
      <legend className="px-2 text-std-17B-170">予約受付業者（コールセンター）のアカウント</legend>
      <p className="text-std-16N-170 text-solid-gray-600">毎週水曜17時締切、同週金曜にログイン用メールが送付されます。複数名の場合は1人ずつ申請してください。</p>
      <Field label="申請の種類" name={f('kind')} required error={errors[f('kind')]}>
        {(p) => (
          <Select {...p} value={cc.kind} onChange={set('kind')}>
            <option value="new">新規発行</option>
            <option value="change">変更</option>
            <option value="delete">削除（返納）</option>
          </Select>
        )}
      </Field>
      {cc.kind === 'new' && (
        <Field label="会社名" name={f('company')} required error={errors[f('company')]}>
          {(p) => <Input {...p} value={cc.company} onChange={set('company')} />}
        </Field>
      )}
      {cc.kind !== 'new' && (
        <Field label="V-SYS ID" name={f('vsys_id')} required error={errors[f('vsys_id')]}>
          {(p) => <Input {...p} value={cc.vsys_id} onChange={set('vsys_id')} />}
        </Field>
      )}
      <Field label="氏名" name={f('name')} required error={errors[f('name')]}>
        {(p) => <Input {...p} value={cc.name} onChange={set('name')} />}
      </Field>
      <Field label="メールアドレス" name={f('email')} required error={errors[f('email')]}>
        {(p) => <Input {...p} type="email" value={cc.email} onChange={set('email')} />}
      </Field>
      {cc.kind === 'new' && (
        <Field label="電話番号" name={f('phone')} required error={errors[f('phone')]}>
          {(p) => <Input {...p} type="tel" value={cc.phone} onChange={set('phone')} />}
        </Field>
      )}
      {cc.kind === 'change' && (
        <Field label="変更内容" name={f('change_detail')} required error={errors[f('change_detail')]}>
          {(p) => <Input {...p} value={cc.change_detail} onChange={set('change_detail')} />}
        </Field>
      )}
    </fieldset>
  );
}

/** /inquiries/new — the form (?category=&detail= pre-selects, e.g. from the call-centre screen). */
export function NewInquiry() {
  const { me } = useSession();
  const navigate = useNavigate();
  const blocked = useWritesBlocked();
  const [params] = useSearchParams();
  const categories = useCategories();
  const { errors, busy, submit } = useForm();
  const [email, setEmail] = useState(me?.email ?? '');
  const [phone, setPhone] = useState(me?.phone ?? '');
  const [category, setCategory] = useState(params.get('category') ?? '');
  const [detail, setDetail] = useState(params.get('detail') ?? '');
  const [content, setContent] = useState('');
  const [cc, setCc] = useState<CcForm>({ kind: 'new', company: '', name: '', email: '', phone: '', vsys_id: '', change_detail: '' });
  const details = categories.find((c) => c.category === category)?.details ?? [];
  const callCentre = category === CALL_CENTRE[0] && detail === CALL_CENTRE[1];
  const send = () =>
    submit(async () => {
      const form = {
        kind: cc.kind,
        name: cc.name,
        email: cc.email,
        ...(cc.kind === 'new' ? { company: cc.company, phone: cc.phone } : { vsys_id: cc.vsys_id }),
        ...(cc.kind === 'change' ? { change_detail: cc.change_detail } : {}),
      };
      const filed = await call(api.POST('/inquiries', { body: { email, phone, category, detail, content, ...(callCentre ? { call_centre: form } : {}) } }));
      navigate(`/inquiries/${filed.id}`, { state: { saved: filed.message } });
    });
  return (
    <div>
      <PageTitle sub="電話番号を記入し、お問い合わせ分類と詳細を選んで、可能な範囲で具体的に内容を記載してください。">お問い合わせ作成</PageTitle>
      <Section title="お問い合わせ内容">
        <form
          className="grid gap-6"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <FormError message={errors.top} />
          <Field label="メールアドレス" name="email" required error={errors.fields.email} support="回答はこのアドレスに送られます。">
            {(p) => <Input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
          </Field>
          <Field label="電話番号" name="phone" required error={errors.fields.phone}>
            {(p) => <Input {...p} type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />}
          </Field>
          <Field label="お問い合わせ分類" name="category" required error={errors.fields.category}>
            {(p) => (
              <Select {...p} value={category} onChange={(e) => (setCategory(e.target.value), setDetail(''))}>
                <option value="">選択してください</option>
                {categories.map((c) => (
                  <option key={c.category}>{c.category}</option>
                ))}
              </Select>
            )}
          </Field>
          <Field label="お問い合わせ詳細" name="detail" required error={errors.fields.detail}>
            {(p) => (
              <Select {...p} value={detail} onChange={(e) => setDetail(e.target.value)} disabled={!category}>
                <option value="">選択してください</option>
                {details.map((d) => (
                  <option key={d}>{d}</option>
                ))}
              </Select>
            )}
          </Field>
          {callCentre && <CallCentreFields cc={cc} onChange={setCc} errors={errors.fields} />}
          {callCentre && errors.fields.call_centre && <Banner kind="error" title={errors.fields.call_centre} />}
          <Field label="内容" name="content" required error={errors.fields.content}>
            {(p) => <Textarea {...p} rows={8} value={content} onChange={(e) => setContent(e.target.value)} />}
          </Field>
          <div>
            <Button type="submit" disabled={busy || blocked}>
              送信
            </Button>
          </div>
        </form>
      </Section>
    </div>
  );
}

/** /inquiries/:id — the inquiry and its thread; the desk answers and closes, the asker writes back. */
export function InquiryPage() {
  const { id = '' } = useParams();
  const { me } = useSession();
  const desk = me?.role === 'national';
  const blocked = useWritesBlocked();
  const [inquiry, setInquiry] = useState<Inquiry | null>(null);
  const location = useLocation();
  // What the form just saved (it navigated here).
  const [done, setDone] = useState<string | null>((location.state as { saved?: string } | null)?.saved ?? null);
  const [text, setText] = useState('');
  const { errors, busy, submit } = useForm();
  useEffect(() => {
    call(api.GET('/inquiries/{id}', { params: { path: { id } } })).then(setInquiry);
  }, [id]);
  if (!inquiry) return <Loading />;
  const write = () =>
    submit(async () => {
      const i = await call(api.POST('/inquiries/{id}/messages', { params: { path: { id } }, body: { text, version: inquiry.version } }));
      setInquiry(i);
      setText('');
      setDone(desk ? '回答しました。問い合わせた方にメールで送りました。' : '送信しました。');
    });
  const close = () =>
    submit(async () => {
      setInquiry(await call(api.POST('/inquiries/{id}/close', { params: { path: { id } }, body: { version: inquiry.version } })));
      setDone('完了にしました。');
    });
  return (
    <div>
      <PageTitle sub={`受付番号 ${inquiry.id}・${inquiry.status_label}`}>
        {inquiry.category}／{inquiry.detail}
      </PageTitle>
      {done && (
        <div className="mb-6">
          <Banner kind="success" title={done} />
        </div>
      )}
      <Section title="お問い合わせ内容">
        <dl className="grid gap-2 desktop:grid-cols-[10rem_1fr]">
          <dt className="text-std-16B-170">団体</dt>
          <dd>{inquiry.org_name}</dd>
          <dt className="text-std-16B-170">メールアドレス</dt>
          <dd>{inquiry.email}</dd>
          <dt className="text-std-16B-170">電話番号</dt>
          <dd>{inquiry.phone}</dd>
          <dt className="text-std-16B-170">受付日時</dt>
          <dd>{inquiry.created_at.slice(0, 16).replace('T', ' ')}</dd>
          {inquiry.call_centre_request && (
            <>
              <dt className="text-std-16B-170">コールセンター申請</dt>
              <dd>
                <Link to="/call-centre-requests" className="text-key-900 underline">
                  {inquiry.call_centre_request}
                </Link>
              </dd>
            </>
          )}
        </dl>
        <p className="mt-4 whitespace-pre-wrap">{inquiry.content}</p>
      </Section>
      <Section title="回答・やりとり">
        {inquiry.messages.length === 0 ? (
          <Empty>まだ回答はありません。</Empty>
        ) : (
          <ol className="grid gap-4">
            {inquiry.messages.map((m, i) => (
              <li key={i} className={`rounded-8 p-4 ${m.from_desk ? 'bg-key-50' : 'bg-solid-gray-50'}`}>
                <p className="text-std-16B-170">
                  {m.from_desk ? 'V-SYS事務局' : inquiry.org_name}・{m.at.slice(0, 16).replace('T', ' ')}
                </p>
                <p className="whitespace-pre-wrap">{m.text}</p>
              </li>
            ))}
          </ol>
        )}
        {inquiry.status !== 'closed' && (
          <form
            className="mt-6 grid gap-4"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void write();
            }}
          >
            <FormError message={errors.top} />
            <Field label={desk ? '回答' : '返信'} name="text" required error={errors.fields.text}>
              {(p) => <Textarea {...p} rows={5} value={text} onChange={(e) => setText(e.target.value)} />}
            </Field>
            <div className="flex flex-wrap gap-4">
              <Button type="submit" disabled={busy || blocked}>
                {desk ? '回答を送信' : '返信を送信'}
              </Button>
              {desk && (
                <Button type="button" variant="outline" onClick={() => void close()} disabled={busy || blocked}>
                  完了にする
                </Button>
              )}
            </div>
          </form>
        )}
      </Section>
    </div>
  );
}
