// ナレッジ (seed 000/002 「困ったときには」): first the FAQ — a question typed
// as one would ask it, answered with the closest entries and 「この中にない」
// leading to the inquiry form — then the manuals of the user's audience,
// latest version first with the earlier ones. The national office uploads
// each audience's PDF (straight to storage by a presigned PUT) and keeps
// the FAQ.
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, call, type Schemas } from '../api/client';
import { useWritesBlocked } from '../components/Layout';
import { Banner, Button, Empty, Field, FormError, Input, Loading, PageTitle, Section, Select, Textarea } from '../components/ui';
import { useForm } from '../lib/form';
import { num, slashDate } from '../lib/format';
import { useSession } from '../lib/session';

type Entry = Schemas['FaqEntry'];
type Manual = Schemas['Manual'];

function FaqSearch() {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Entry[] | null>(null);
  const { errors, busy, submit } = useForm();
  const search = () => submit(async () => setFound((await call(api.GET('/faq', { params: { query: { q } } }))).items));
  return (
    <Section title="よくある質問（チャットボット）">
      <form
        className="flex flex-wrap items-end gap-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <div className="min-w-64 flex-1">
          <Field label="質問を入力" name="q" error={errors.fields.q} support="例：3回目接種はいつ開始しますか">
            {(p) => <Input {...p} className="w-full" value={q} onChange={(e) => setQ(e.target.value)} />}
          </Field>
        </div>
        <Button type="submit" disabled={busy || !q.trim()}>
          質問する
        </Button>
      </form>
      <FormError message={errors.top} className="mt-4" />
      {found && (
        <div className="mt-6" aria-live="polite">
          <p className="mb-4 text-std-16N-170">
            {found.length > 0 ? 'お問い合わせ内容と近いものを選んでください。' : '近い質問が見つかりませんでした。言葉を変えて質問するか、問い合わせフォームからお問い合わせください。'}
          </p>
          <ul className="grid gap-2">
            {found.map((e) => (
              <li key={e.id}>
                <details className="rounded-8 border border-solid-gray-420 p-4">
                  <summary className="cursor-pointer text-std-17B-170">{e.question}</summary>
                  <p className="mt-2 whitespace-pre-wrap">{e.answer}</p>
                </details>
              </li>
            ))}
            <li>
              <Link to="/inquiries/new" className="text-oln-16B-100 text-key-900 underline">
                この中にない（問い合わせフォームへ）
              </Link>
            </li>
          </ul>
        </div>
      )}
    </Section>
  );
}

function Manuals({ manuals }: { manuals: Manual[] }) {
  const [error, setError] = useState<string | null>(null);
  const open = async (m: Manual, version: number) => {
    setError(null);
    try {
      const link = await call(api.GET('/manuals/{audience}/versions/{version}', { params: { path: { audience: m.audience, version: String(version) } } }));
      window.location.assign(link.url);
    } catch (e) {
      setError((e as { message?: string }).message ?? 'ダウンロードできませんでした。');
    }
  };
  return (
    <Section title="マニュアル">
      <FormError message={error} className="mb-4" />
      <ul className="grid gap-6">
        {manuals.map((m) => (
          <li key={m.audience}>
            <h3 className="text-std-17B-170">{m.name}</h3>
            {m.versions.length === 0 ? (
              <Empty>まだ公開されていません。</Empty>
            ) : (
              <ul className="mt-2 grid gap-2">
                {m.versions.map((v, i) => (
                  <li key={v.version} className="flex flex-wrap items-center gap-4">
                    <Button size="sm" variant={i === 0 ? 'solid' : 'outline'} onClick={() => void open(m, v.version)} aria-label={`${m.name} ${v.label}をダウンロード`}>
                      {v.label}
                    </Button>
                    <span>
                      {v.title}・最終公開日 {slashDate(v.published_on)}・{num(Math.ceil(v.bytes / 1024))} KB{i === 0 ? '（最新）' : ''}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

/** The nation publishes a new version of an audience's manual. */
function ManualUpload({ manuals, onDone }: { manuals: Manual[]; onDone: () => void }) {
  const blocked = useWritesBlocked();
  const { errors, busy, submit, setErrors } = useForm();
  const [audience, setAudience] = useState<Manual['audience']>('site');
  const [title, setTitle] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const upload = () =>
    submit(async () => {
      setDone(null);
      const f = file.current?.files?.[0];
      if (!f) {
        setErrors({ fields: { file: 'PDFファイルを選んでください。' }, top: null });
        return;
      }
      const target = await call(api.POST('/manual-uploads', { body: { audience, filename: f.name, content_type: (f.type || 'application/octet-stream') as 'application/pdf', bytes: f.size } }));
      const put = await fetch(target.url, { method: 'PUT', headers: { 'Content-Type': target.content_type }, body: f }).catch(() => null);
      if (!put?.ok) throw { error: 'upload', message: 'ファイルをアップロードできませんでした。もう一度お試しください。', status: put?.status ?? 0 };
      const v = await call(api.POST('/manuals/{audience}/versions', { params: { path: { audience } }, body: { upload_id: target.upload_id, title } }));
      setDone(`${manuals.find((m) => m.audience === audience)?.name ?? ''} ${v.label}を公開しました。`);
      setTitle('');
      if (file.current) file.current.value = '';
      onDone();
    });
  return (
    <Section title="マニュアルの公開（国）">
      {done && (
        <div className="mb-4">
          <Banner kind="success" title={done} />
        </div>
      )}
      <form
        className="grid gap-4 desktop:grid-cols-3 desktop:items-end"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void upload();
        }}
      >
        <FormError message={errors.top} className="desktop:col-span-3" />
        <Field label="対象者" name="audience" required error={errors.fields.audience}>
          {(p) => (
            <Select {...p} value={audience} onChange={(e) => setAudience(e.target.value as Manual['audience'])}>
              {manuals.map((m) => (
                <option key={m.audience} value={m.audience}>
                  {m.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="タイトル" name="title" required error={errors.fields.title}>
          {(p) => <Input {...p} value={title} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <Field label="PDFファイル" name="file" required error={errors.fields.file ?? errors.fields.upload_id}>
          {(p) => <input {...p} ref={file} type="file" accept="application/pdf,.pdf" className="py-3" />}
        </Field>
        <div>
          <Button type="submit" disabled={busy || blocked}>
            公開
          </Button>
        </div>
      </form>
    </Section>
  );
}

/** The nation adds an FAQ entry. */
function FaqAdd() {
  const blocked = useWritesBlocked();
  const { errors, busy, submit } = useForm();
  const [question, setQuestion] = useState('');
  const [answer, setAnswer] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const add = () =>
    submit(async () => {
      await call(api.POST('/faq', { body: { question, answer } }));
      setDone(`「${question}」を追加しました。`);
      setQuestion('');
      setAnswer('');
    });
  return (
    <Section title="よくある質問の追加（国）">
      {done && (
        <div className="mb-4">
          <Banner kind="success" title={done} />
        </div>
      )}
      <form
        className="grid gap-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <FormError message={errors.top} />
        <Field label="質問" name="question" required error={errors.fields.question}>
          {(p) => <Input {...p} value={question} onChange={(e) => setQuestion(e.target.value)} />}
        </Field>
        <Field label="回答" name="answer" required error={errors.fields.answer}>
          {(p) => <Textarea {...p} rows={4} value={answer} onChange={(e) => setAnswer(e.target.value)} />}
        </Field>
        <div>
          <Button type="submit" disabled={busy || blocked}>
            追加
          </Button>
        </div>
      </form>
    </Section>
  );
}

/** /knowledge */
export function Knowledge() {
  const { me } = useSession();
  const [manuals, setManuals] = useState<Manual[] | null>(null);
  const load = () => call(api.GET('/manuals')).then((p) => setManuals(p.items));
  useEffect(() => {
    void load();
  }, []);
  return (
    <div>
      <PageTitle sub="操作方法でわからないことがあった場合は、まずよくある質問とマニュアルをご確認ください。">ナレッジ</PageTitle>
      <FaqSearch />
      {!manuals ? <Loading /> : <Manuals manuals={manuals} />}
      {me?.role === 'national' && manuals && <ManualUpload manuals={manuals} onDone={() => void load()} />}
      {me?.role === 'national' && <FaqAdd />}
      <p>
        解決しない場合は
        <Link to="/inquiries/new" className="text-key-900 underline">
          問い合わせフォーム
        </Link>
        からお問い合わせください。
      </p>
    </div>
  );
}
