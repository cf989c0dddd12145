// お知らせ: a prefecture or municipality writes a notice in Japanese and in
// English (nothing is translated automatically) with its publication
// period and sends it for approval — a municipality's to its prefecture, a
// prefecture's to the nation —, corrects what is sent back, and withdraws;
// the approver approves or sends back with a comment. Published notices are
// shown on コロナワクチンナビ for their area and on the home screens of it.
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { api, call, type Schemas } from '../api/client';
import type { paths } from '../api/schema';
import { useServerToday, useWritesBlocked } from '../components/Layout';
import { Banner, Button, Empty, Field, FormError, Input, Loading, PageTitle, Section, Table, Textarea, td } from '../components/ui';
import { useForm } from '../lib/form';
import { slashDate } from '../lib/format';
import { More, usePaged } from '../lib/paged';
import { useSession } from '../lib/session';

type Notice = Schemas['Notice'];

const writes = (role?: string) => role === 'prefecture' || role === 'municipality';
const approves = (role?: string) => role === 'prefecture' || role === 'national';

function NoticeRows({ caption, items }: { caption: string; items: Notice[] }) {
  return (
    <Table caption={caption} head={['タイトル', '作成', '掲載期間', '状況']} readOnly>
      {items.map((n) => (
        <tr key={n.id}>
          <td className={td}>
            <Link to={`/notices/${n.id}`} className="text-key-900 underline">
              {n.title_ja}
            </Link>
          </td>
          <td className={td}>{n.author_name}</td>
          <td className={td}>
            {slashDate(n.publish_from)}〜{slashDate(n.publish_until)}
          </td>
          <td className={td}>{n.status_label}</td>
        </tr>
      ))}
    </Table>
  );
}

/** /notices — the organisation's own notices and those waiting for its approval. */
export function NoticeList() {
  const { me } = useSession();
  const blocked = useWritesBlocked();
  const mine = usePaged<Notice>((cursor) => (writes(me?.role) ? call(api.GET('/notices', { params: { query: { view: 'mine', ...(cursor ? { cursor } : {}) } } })) : Promise.resolve({ items: [] })), [me?.role]);
  const review = usePaged<Notice>((cursor) => (approves(me?.role) ? call(api.GET('/notices', { params: { query: { view: 'review', ...(cursor ? { cursor } : {}) } } })) : Promise.resolve({ items: [] })), [me?.role]);
  return (
    <div>
      <PageTitle sub={me?.role === 'national' ? '都道府県のお知らせを確認し、承認または差戻しします。' : '住民向けのお知らせ（日本語・英語）を作成し、承認を受けてコロナワクチンナビに掲載します。'}>お知らせ</PageTitle>
      {approves(me?.role) && (
        <Section title="承認待ちのお知らせ">
          {!review.items ? <Loading /> : review.items.length === 0 ? <Empty>承認待ちのお知らせはありません。</Empty> : <NoticeRows caption="承認待ちのお知らせ" items={review.items} />}
          <More cursor={review.cursor} more={review.more} />
        </Section>
      )}
      {writes(me?.role) && (
        <Section
          title="作成したお知らせ"
          actions={
            <Link to="/notices/new" aria-disabled={blocked || undefined} className="text-oln-16B-100 text-key-900 underline">
              お知らせを作成
            </Link>
          }
        >
          {!mine.items ? <Loading /> : mine.items.length === 0 ? <Empty>作成したお知らせはありません。</Empty> : <NoticeRows caption="作成したお知らせ" items={mine.items} />}
          <More cursor={mine.cursor} more={mine.more} />
        </Section>
      )}
    </div>
  );
}

type Draft = { title_ja: string; body_ja: string; title_en: string; body_en: string; publish_from: string; publish_until: string };

function NoticeForm({ notice, onSaved }: { notice?: Notice; onSaved: (n: Notice) => void }) {
  const today = useServerToday();
  const blocked = useWritesBlocked();
  const { errors, busy, submit } = useForm();
  const [d, setD] = useState<Draft>(() =>
    notice
      ? { title_ja: notice.title_ja, body_ja: notice.body_ja, title_en: notice.title_en, body_en: notice.body_en, publish_from: notice.publish_from, publish_until: notice.publish_until }
      : { title_ja: '', body_ja: '', title_en: '', body_en: '', publish_from: '', publish_until: '' },
  );
  useEffect(() => {
    if (!notice && today) setD((x) => (x.publish_from ? x : { ...x, publish_from: today }));
  }, [notice, today]);
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setD({ ...d, [k]: e.target.value });
  const save = () =>
    submit(async () => {
      const n = notice
        ? await call(api.PUT('/notices/{id}', { params: { path: { id: notice.id } }, body: { ...d, version: notice.version } }))
        : await call(api.POST('/notices', { body: d }));
      onSaved(n);
    });
  return (
    <form
      className="grid gap-6"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <FormError message={errors.top} />
      <div className="grid gap-6 desktop:grid-cols-2">
        <Field label="タイトル（日本語）" name="title_ja" required error={errors.fields.title_ja}>
          {(p) => <Input {...p} value={d.title_ja} onChange={set('title_ja')} maxLength={100} />}
        </Field>
        <Field label="タイトル（英語）" name="title_en" required error={errors.fields.title_en} support="英語の本文は自動では翻訳されません。">
          {(p) => <Input {...p} lang="en" value={d.title_en} onChange={set('title_en')} maxLength={100} />}
        </Field>
        <Field label="本文（日本語）" name="body_ja" required error={errors.fields.body_ja}>
          {(p) => <Textarea {...p} rows={8} value={d.body_ja} onChange={set('body_ja')} />}
        </Field>
        <Field label="本文（英語）" name="body_en" required error={errors.fields.body_en}>
          {(p) => <Textarea {...p} lang="en" rows={8} value={d.body_en} onChange={set('body_en')} />}
        </Field>
        <Field label="掲載開始日" name="publish_from" required error={errors.fields.publish_from}>
          {(p) => <Input {...p} type="date" value={d.publish_from} onChange={set('publish_from')} />}
        </Field>
        <Field label="掲載終了日" name="publish_until" required error={errors.fields.publish_until}>
          {(p) => <Input {...p} type="date" value={d.publish_until} onChange={set('publish_until')} />}
        </Field>
      </div>
      <div>
        <Button type="submit" disabled={busy || blocked}>
          {notice ? '修正して再申請' : '承認を申請'}
        </Button>
      </div>
    </form>
  );
}

/** /notices/new */
export function NewNotice() {
  const navigate = useNavigate();
  return (
    <div>
      <PageTitle sub="市区町村のお知らせは都道府県が、都道府県のお知らせは国が承認すると掲載されます。">お知らせの作成</PageTitle>
      <Section title="お知らせの内容">
        <NoticeForm onSaved={(n) => navigate(`/notices/${n.id}`, { state: { saved: '承認を申請しました。' } })} />
      </Section>
    </div>
  );
}

function Text({ text, lang }: { text: string; lang?: string }) {
  return (
    <p lang={lang} className="whitespace-pre-wrap text-std-16N-170">
      {text}
    </p>
  );
}

/** /notices/:id — the notice, the author's correction, the approver's decision. */
export function NoticePage() {
  const { id = '' } = useParams();
  const { me } = useSession();
  const blocked = useWritesBlocked();
  const [notice, setNotice] = useState<Notice | null>(null);
  const location = useLocation();
  // What the form just saved (it navigated here).
  const [done, setDone] = useState<string | null>((location.state as { saved?: string } | null)?.saved ?? null);
  const [comment, setComment] = useState('');
  const { errors, busy, submit } = useForm();
  useEffect(() => {
    call(api.GET('/notices/{id}', { params: { path: { id } } })).then(setNotice);
  }, [id]);
  if (!notice) return <Loading />;
  const author = me?.organisation_id === notice.author_org;
  const approver = !author && approves(me?.role) && notice.status === 'pending';
  const decide = (what: 'approve' | 'send-back' | 'withdraw', message: string) =>
    submit(async () => {
      const body = { version: notice.version, ...(what === 'send-back' && comment.trim() ? { comment } : {}) };
      const path = { params: { path: { id } }, body };
      const n =
        what === 'approve'
          ? await call(api.POST('/notices/{id}/approve', path))
          : what === 'send-back'
            ? await call(api.POST('/notices/{id}/send-back', path))
            : await call(api.POST('/notices/{id}/withdraw', path));
      setNotice(n);
      setDone(message);
    });
  return (
    <div>
      <PageTitle sub={`${notice.author_name}・${notice.status_label}`}>{notice.title_ja}</PageTitle>
      {done && (
        <div className="mb-6">
          <Banner kind="success" title={done} />
        </div>
      )}
      {notice.status === 'sent_back' && notice.comment && (
        <div className="mb-6">
          <Banner kind="warning" title="差戻しされました。内容を修正して再申請してください。">
            <Text text={notice.comment} />
          </Banner>
        </div>
      )}
      <FormError message={errors.top} className="mb-6" />
      {author && (notice.status === 'pending' || notice.status === 'sent_back') ? (
        <Section title="お知らせの内容">
          <NoticeForm key={notice.version} notice={notice} onSaved={(n) => (setNotice(n), setDone('修正して再申請しました。'))} />
        </Section>
      ) : (
        <Section title="お知らせの内容">
          <dl className="grid gap-4">
            <div>
              <dt className="text-std-16B-170">掲載期間</dt>
              <dd>
                {slashDate(notice.publish_from)}〜{slashDate(notice.publish_until)}
              </dd>
            </div>
            <div>
              <dt className="text-std-16B-170">日本語</dt>
              <dd>
                <p className="text-std-17B-170">{notice.title_ja}</p>
                <Text text={notice.body_ja} />
              </dd>
            </div>
            <div>
              <dt className="text-std-16B-170">英語</dt>
              <dd lang="en">
                <p className="text-std-17B-170">{notice.title_en}</p>
                <Text text={notice.body_en} lang="en" />
              </dd>
            </div>
          </dl>
        </Section>
      )}
      {approver && (
        <Section title="承認・差戻し">
          <div className="grid gap-4">
            <Field label="差戻しの理由（コメント）" name="comment" error={errors.fields.comment} support="差戻しの場合は必須です。作成した団体にメールで通知されます。">
              {(p) => <Textarea {...p} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />}
            </Field>
            <div className="flex flex-wrap gap-4">
              <Button onClick={() => void decide('approve', '承認しました。掲載期間中、コロナワクチンナビに掲載されます。')} disabled={busy || blocked}>
                承認
              </Button>
              <Button variant="outline" onClick={() => void decide('send-back', '差戻ししました。')} disabled={busy || blocked}>
                差戻し
              </Button>
            </div>
          </div>
        </Section>
      )}
      {(author || approves(me?.role)) && (notice.status === 'approved' || (author && notice.status === 'pending')) && (
        <Button variant="outline" onClick={() => void decide('withdraw', '取下げしました。コロナワクチンナビには表示されません。')} disabled={busy || blocked}>
          取下げ
        </Button>
      )}
    </div>
  );
}

type HomeNotices = paths['/notices/home']['get']['responses'][200]['content']['application/json'];

/** The home screen's お知らせ: those in force in the caller's area, and what waits for its approval. */
export function HomeNoticesSection() {
  const [home, setHome] = useState<HomeNotices | null>(null);
  useEffect(() => {
    call(api.GET('/notices/home')).then(setHome);
  }, []);
  if (!home) return null;
  return (
    <Section title="お知らせ">
      {home.waiting_for_approval > 0 && (
        <p className="mb-4">
          <Link to="/notices" className="text-key-900 underline">
            承認待ちのお知らせが{home.waiting_for_approval}件あります。
          </Link>
        </p>
      )}
      {home.notices.length === 0 ? (
        <Empty>現在掲載中のお知らせはありません。</Empty>
      ) : (
        <ul className="grid gap-4">
          {home.notices.map((n) => (
            <li key={n.id} className="border-b border-solid-gray-420 pb-4">
              <p className="text-std-17B-170">{n.title}</p>
              <p className="text-std-16N-170 text-solid-gray-600">
                {slashDate(n.publish_from)}・{n.author_name}
              </p>
              <Text text={n.body} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
