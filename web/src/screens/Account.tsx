// The account's own screens: privacy consent (個人情報同意画面), forgotten
// password, the e-mail change's confirmation link, and the account page
// (password and e-mail changes).
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, call, isApiError } from '../api/client';
import { Banner, Button, Field, InlineError, Input, Loading, PageTitle, Section } from '../components/ui';
import { useForm } from '../lib/form';
import { takeToken } from '../lib/link-token';
import { useSession } from '../lib/session';
import { PasswordRules } from './LinkSetup';

export function Consent() {
  const [agree, setAgree] = useState(false);
  const { errors, busy, submit } = useForm();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    void submit(async () => {
      await call(api.POST('/me/consent', { body: { agree } }));
      const me = await refresh();
      navigate(me && (me.role === 'site' || me.role === 'workplace') ? '/facility?first=1' : '/', { replace: true });
    });
  };
  return (
    <div className="mx-auto max-w-[48rem]">
      <PageTitle>個人情報同意画面</PageTitle>
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-6 rounded-12 bg-white p-6">
        <p>個人情報内容 本個人情報同意書は下記の通りです。ご確認ください。</p>
        <div className="max-h-64 overflow-y-auto rounded-8 border border-solid-gray-420 p-4 text-std-16N-170" tabIndex={0} aria-label="V-SYSにおける個人情報保護方針">
          <h2 className="text-std-17B-170">V-SYSにおける個人情報保護方針</h2>
          <p className="mt-2">
            V-SYSに登録された担当者の氏名・連絡先その他の個人情報は、新型コロナウイルス感染症に係るワクチンの分配、接種の実施及び関係機関との連絡調整のためにのみ利用し、法令に基づく場合を除き、目的外に利用し又は第三者に提供することはありません。
          </p>
          <p className="mt-2">個人情報は適切な安全管理措置を講じて取り扱い、不要となった個人情報は速やかに消去します。</p>
        </div>
        <div data-field="agree" className="flex flex-col gap-2">
          <label className="flex items-center gap-2 text-std-17B-170">
            <input type="checkbox" className="size-6" checked={agree} onChange={(e) => setAgree(e.target.checked)} aria-invalid={errors.fields.agree ? true : undefined} />
            同意する
          </label>
          <InlineError message={errors.fields.agree} />
        </div>
        {errors.top && <Banner kind="error" title={errors.top} />}
        <Button type="submit" disabled={busy}>
          次へ
        </Button>
      </form>
    </div>
  );
}

export function ForgotPassword() {
  const [vsysId, setVsysId] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    void submit(async () => {
      const r = await call(api.POST('/auth/password-reset', { body: { vsys_id: vsysId } }));
      setDone(r.message);
    });
  };
  return (
    <div className="mx-auto max-w-[36rem]">
      <PageTitle>パスワードをお忘れの場合</PageTitle>
      {done ? (
        <Banner kind="success" title={done} />
      ) : (
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-6 rounded-12 bg-white p-6">
          <Field label="V-SYS ID（ユーザ名）" name="vsys_id" required error={errors.fields.vsys_id} support="登録のメールアドレスにパスワード再設定のメールを送信します。">
            {(p) => <Input {...p} value={vsysId} onChange={(e) => setVsysId(e.target.value)} autoComplete="username" />}
          </Field>
          {errors.top && <Banner kind="error" title={errors.top} />}
          <Button type="submit" disabled={busy}>
            送信
          </Button>
        </form>
      )}
      <p className="mt-4">
        <Link to="/sign-in" className="text-key-900 underline">
          ログイン画面へ戻る
        </Link>
      </p>
    </div>
  );
}

export function ConfirmEmail() {
  const [state, setState] = useState<{ ok: boolean; message: string } | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = takeToken();
    if (!token) {
      setState({ ok: false, message: 'リンクが正しくありません。メールに記載されたリンクを開き直してください。' });
      return;
    }
    call(api.POST('/auth/links/confirm-email', { body: { token } }))
      .then((r) => setState({ ok: true, message: r.message }))
      .catch((e) => setState({ ok: false, message: isApiError(e) ? e.message : 'エラーが発生しました。' }));
  }, []);
  return (
    <div className="mx-auto max-w-[40rem]">
      <PageTitle>メールアドレスの変更</PageTitle>
      {state ? <Banner kind={state.ok ? 'success' : 'error'} title={state.message} /> : <Loading />}
    </div>
  );
}

export function AccountPage() {
  const { me } = useSession();
  const pwForm = useForm();
  const mailForm = useForm();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [mailPw, setMailPw] = useState('');
  const [email, setEmail] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  if (!me) return <Loading />;
  const changePassword = (e: React.FormEvent) => {
    e.preventDefault();
    void pwForm.submit(async () => {
      const r = await call(api.POST('/me/password', { body: { current_password: current, new_password: next } }));
      setNotice(r.message);
      setCurrent('');
      setNext('');
    });
  };
  const changeEmail = (e: React.FormEvent) => {
    e.preventDefault();
    void mailForm.submit(async () => {
      const r = await call(api.POST('/me/email', { body: { new_email: email, current_password: mailPw } }));
      setNotice(r.message);
      setMailPw('');
    });
  };
  return (
    <div className="mx-auto max-w-[48rem]">
      <PageTitle sub={`V-SYS ID: ${me.vsys_id}`}>アカウント</PageTitle>
      {notice && (
        <div className="mb-6">
          <Banner kind="success" title={notice} />
        </div>
      )}
      <Section title="登録内容">
        <dl className="grid grid-cols-[10rem_1fr] gap-2">
          <dt className="text-std-16B-170">組織</dt>
          <dd>{me.organisation_name}</dd>
          <dt className="text-std-16B-170">メールアドレス</dt>
          <dd>{me.email}</dd>
          <dt className="text-std-16B-170">最終ログイン</dt>
          <dd>{me.last_sign_in_at ?? '—'}</dd>
        </dl>
      </Section>
      <Section title="パスワードの変更">
        <form onSubmit={changePassword} noValidate className="flex flex-col gap-4">
          <Field label="現在のパスワード" name="current_password" required error={pwForm.errors.fields.current_password}>
            {(p) => <Input {...p} type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" />}
          </Field>
          <Field label="新しいパスワード" name="new_password" required error={pwForm.errors.fields.new_password}>
            {(p) => (
              <>
                <PasswordRules password={next} />
                <Input {...p} type="password" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" />
              </>
            )}
          </Field>
          {pwForm.errors.top && <Banner kind="error" title={pwForm.errors.top} />}
          <Button type="submit" disabled={pwForm.busy}>
            パスワードを変更
          </Button>
        </form>
      </Section>
      <Section title="メールアドレスの変更">
        <form onSubmit={changeEmail} noValidate className="flex flex-col gap-4">
          <Field label="新しいメールアドレス" name="new_email" required error={mailForm.errors.fields.new_email} support="現在のメールアドレスに確認メールを送ります。そのリンクを開くと変更が確定し、新しいメールアドレスにパスワード再設定のメールが届きます。">
            {(p) => <Input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" />}
          </Field>
          <Field label="現在のパスワード" name="current_password" required error={mailForm.errors.fields.current_password}>
            {(p) => <Input {...p} type="password" value={mailPw} onChange={(e) => setMailPw(e.target.value)} autoComplete="current-password" />}
          </Field>
          {mailForm.errors.top && <Banner kind="error" title={mailForm.errors.top} />}
          <Button type="submit" disabled={mailForm.busy}>
            確認メールを送信
          </Button>
        </form>
      </Section>
    </div>
  );
}
