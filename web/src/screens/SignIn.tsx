// ログイン: V-SYS ID and password; from a browser the account does not know
// yet, the code mailed to the registered address (seed 000 「2回目以降の
// ログイン方法」).
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, call } from '../api/client';
import { Banner, Button, Field, Input, PageTitle, FormError } from '../components/ui';
import { useForm } from '../lib/form';
import { useSession } from '../lib/session';

export function SignIn() {
  const [params] = useSearchParams();
  const [vsysId, setVsysId] = useState(params.get('id') ?? '');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<{ id: string; sentTo: string; until: string } | null>(null);
  const [code, setCode] = useState('');
  const { errors, busy, submit } = useForm();
  const { refresh } = useSession();
  const navigate = useNavigate();

  // Only a path of this app (never another site) is followed after sign-in.
  const next = params.get('next');
  const back = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
  const done = async () => {
    const me = await refresh();
    navigate(me && !me.privacy_consented ? '/consent' : back, { replace: true });
  };

  const signIn = (e: React.FormEvent) => {
    e.preventDefault();
    void submit(async () => {
      const { data, error, response } = await api.POST('/auth/sign-in', { body: { vsys_id: vsysId, password } });
      if (response.status === 202 && data && 'challenge_id' in data) {
        setChallenge({ id: data.challenge_id, sentTo: data.sent_to, until: data.code_valid_until });
        return;
      }
      await call(Promise.resolve({ data, error, response }));
      await done();
    });
  };

  const verify = (e: React.FormEvent) => {
    e.preventDefault();
    void submit(async () => {
      await call(api.POST('/auth/sign-in/verify', { body: { challenge_id: challenge!.id, code } }));
      await done();
    });
  };

  return (
    <div className="mx-auto max-w-[36rem]">
      <PageTitle>ログイン</PageTitle>
      {params.get('message') && (
        <div className="mb-6">
          <Banner kind="success" title={params.get('message')!} />
        </div>
      )}
      <FormError message={errors.top} className="mb-6" />
      {!challenge ? (
        <form onSubmit={signIn} noValidate className="flex flex-col gap-6 rounded-12 bg-white p-6">
          <Field label="V-SYS ID（ユーザ名）" name="vsys_id" required error={errors.fields.vsys_id}>
            {(p) => <Input {...p} value={vsysId} onChange={(e) => setVsysId(e.target.value)} autoComplete="username" required />}
          </Field>
          <Field label="パスワード" name="password" required error={errors.fields.password}>
            {(p) => (
              <Input {...p} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
            )}
          </Field>
          <Button type="submit" disabled={busy}>
            ログイン
          </Button>
          <p className="text-std-16N-170">
            <Link to="/forgot-password" className="text-key-900 underline">
              パスワードをお忘れの場合
            </Link>
          </p>
        </form>
      ) : (
        <form onSubmit={verify} noValidate className="flex flex-col gap-6 rounded-12 bg-white p-6">
          <Banner kind="info" title="このブラウザからのログインは初めてです">
            {challenge.sentTo} に確認コードを送信しました。{challenge.until} までに入力してください。
          </Banner>
          <Field label="確認コード" name="code" required error={errors.fields.code} support="メールに記載された6桁の数字">
            {(p) => (
              <Input {...p} value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" autoComplete="one-time-code" maxLength={6} required />
            )}
          </Field>
          <Button type="submit" disabled={busy}>
            検証
          </Button>
        </form>
      )}
    </div>
  );
}
