// ログインユーザ初期設定 / パスワードの再設定: the mailed link → the code
// mailed on opening it → a new password (its three rules checked as one
// types) and the security question (chosen on activation, answered on a
// reset). Seed 000 「初回のログイン方法」.
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, call, isApiError, type ApiError } from '../api/client';
import type { paths } from '../api/schema';
import { Banner, Button, Field, Input, Loading, PageTitle, Select, FormError } from '../components/ui';
import { useForm } from '../lib/form';
import { takeToken } from '../lib/link-token';

const QUESTIONS = ['出生地は?', '最初に飼ったペットの名前は?', '母親の旧姓は?', '卒業した小学校の名前は?'];

/** The password rules as seed 000 lists them, each checked as one types. */
export function passwordRules(pw: string) {
  return [
    { label: '8文字以上', ok: [...pw].length >= 8 },
    { label: '1個以上の文字', ok: /\p{L}/u.test(pw) },
    { label: '1個以上の数値', ok: /[0-9]/.test(pw) },
  ];
}

export function PasswordRules({ password }: { password: string }) {
  return (
    <ul aria-label="パスワードの条件" className="flex flex-col gap-1 text-std-16N-170">
      {passwordRules(password).map((r) => (
        <li key={r.label} className={r.ok ? 'text-success-2' : 'text-solid-gray-700'}>
          <span aria-hidden="true">{r.ok ? '✓ ' : '・'}</span>
          {r.label}
          <span className="sr-only">{r.ok ? '（満たしています）' : '（まだ満たしていません）'}</span>
        </li>
      ))}
    </ul>
  );
}

type Opened = paths['/auth/links/open']['post']['responses'][200]['content']['application/json'];

export function LinkSetup({ purpose }: { purpose: 'activate' | 'reset' }) {
  const navigate = useNavigate();
  const [opened, setOpened] = useState<Opened | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [code, setCode] = useState('');
  const [pw, setPw] = useState('');
  const [pw2, setPw2] = useState('');
  const [question, setQuestion] = useState(QUESTIONS[0]);
  const [answer, setAnswer] = useState('');
  const { errors, busy, submit, setErrors } = useForm();
  const token = useRef<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    token.current = takeToken();
    if (!token.current) {
      setFailure({ error: 'link_invalid', message: 'リンクが正しくありません。メールに記載されたリンクを開き直してください。', status: 400 });
      return;
    }
    call(api.POST('/auth/links/open', { body: { token: token.current } }))
      .then(setOpened)
      .catch((e) => setFailure(isApiError(e) ? e : null));
  }, []);

  const title = purpose === 'activate' ? 'ログインユーザ初期設定' : 'パスワードの再設定';
  if (failure)
    return (
      <div className="mx-auto max-w-[40rem]">
        <PageTitle>{title}</PageTitle>
        <Banner kind="error" title={failure.message} />
      </div>
    );
  if (!opened) return <Loading label="確認コードを送信しています…" />;

  const reset = opened.purpose === 'reset';
  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    if (pw !== pw2) {
      setErrors({ fields: { new_password_confirm: '新しいパスワードと確認用のパスワードが一致しません。' }, top: null });
      return;
    }
    void submit(async () => {
      const body = reset
        ? { token: token.current!, code, new_password: pw, security_answer: answer }
        : { token: token.current!, code, new_password: pw, security_question: question, security_answer: answer };
      const done = await call(api.POST('/auth/links/complete', { body }));
      navigate(`/sign-in?id=${encodeURIComponent(done.vsys_id)}&message=${encodeURIComponent(done.message)}`, { replace: true });
    });
  };

  return (
    <div className="mx-auto max-w-[40rem]">
      <PageTitle sub={`V-SYS ID: ${opened.vsys_id}`}>{title}</PageTitle>
      <FormError message={errors.top} className="mb-6" />
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-6 rounded-12 bg-white p-6">
        <Banner kind="info" title="確認コードを送信しました">
          {opened.sent_to} に届いた確認コードを {opened.code_valid_until} までに入力してください。
        </Banner>
        <Field label="検証コード" name="code" required error={errors.fields.code}>
          {(p) => <Input {...p} value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" autoComplete="one-time-code" maxLength={6} />}
        </Field>
        <h2 className="text-std-20B-150">パスワードを変更する</h2>
        <Field label="新しいパスワード" name="new_password" required error={errors.fields.new_password} support="少なくとも次のものを含めてください:">
          {(p) => (
            <>
              <PasswordRules password={pw} />
              <Input {...p} type="password" value={pw} onChange={(e) => setPw(e.target.value)} autoComplete="new-password" />
            </>
          )}
        </Field>
        <Field label="新しいパスワードの確認" name="new_password_confirm" required error={errors.fields.new_password_confirm}>
          {(p) => (
            <>
              <Input {...p} type="password" value={pw2} onChange={(e) => setPw2(e.target.value)} autoComplete="new-password" />
              {pw2 && <p className={pw === pw2 ? 'text-success-2' : 'text-error-2'}>{pw === pw2 ? '一致' : '一致しません'}</p>}
            </>
          )}
        </Field>
        {reset ? (
          <p className="text-std-17B-170">セキュリティの質問: {opened.security_question}</p>
        ) : (
          <Field label="セキュリティの質問" name="security_question" required error={errors.fields.security_question}>
            {(p) => (
              <Select {...p} value={question} onChange={(e) => setQuestion(e.target.value)}>
                {QUESTIONS.map((q) => (
                  <option key={q}>{q}</option>
                ))}
              </Select>
            )}
          </Field>
        )}
        <Field label="回答" name="security_answer" required error={errors.fields.security_answer}>
          {(p) => <Input {...p} value={answer} onChange={(e) => setAnswer(e.target.value)} autoComplete="off" />}
        </Field>
        <Button type="submit" disabled={busy}>
          パスワードを変更
        </Button>
      </form>
    </div>
  );
}
