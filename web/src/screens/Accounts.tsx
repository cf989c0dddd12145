// アカウント発行 (national office): one account, or a CSV file of many with
// a progress bar while it uploads and each row's outcome — or the error of
// the row that refused the file — shown against its line.
import { useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import type { paths } from '../api/schema';
import { useWritesBlocked } from '../components/Layout';
import { Banner, Button, Field, Input, PageTitle, Section, Select, Table, td, FormError } from '../components/ui';
import { useForm } from '../lib/form';
import { ROLE_LABEL } from '../lib/session';

type Bulk = paths['/accounts/bulk']['post']['responses'][200]['content']['application/json'];
type BulkRow = Bulk['rows'][number];

const OUTCOME: Record<BulkRow['outcome'], string> = { issued: '発行しました', already_issued: '発行済み（変更なし）', failed: '発行できませんでした' };

/** POST /accounts/bulk through XMLHttpRequest: fetch cannot report upload progress. */
function upload(csv: string, onProgress: (fraction: number) => void): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', '/accounts/bulk');
    x.setRequestHeader('Content-Type', 'text/csv');
    x.setRequestHeader('X-VSYS-Client', 'web');
    x.withCredentials = true;
    x.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    x.onload = () => resolve({ status: x.status, body: x.responseText ? JSON.parse(x.responseText) : null });
    x.onerror = () => reject(new Error('network'));
    x.send(csv);
  });
}

function BulkIssue() {
  const blocked = useWritesBlocked();
  const [lines, setLines] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<Bulk | null>(null);
  const [refusal, setRefusal] = useState<{ line: number | null; message: string } | null>(null);

  const pick = async (f: File | undefined) => {
    setResult(null);
    setRefusal(null);
    setProgress(null);
    const t = f ? await f.text() : '';
    setText(t);
    setLines(t.split(/\r?\n/).filter((l, i, all) => l !== '' || i < all.length - 1));
  };
  const send = async () => {
    setProgress(0);
    setResult(null);
    setRefusal(null);
    try {
      const r = await upload(text, setProgress);
      setProgress(1);
      if (r.status === 200) setResult(r.body as Bulk);
      else {
        const e = r.body as { message: string };
        const line = /^(\d+)行目/.exec(e.message);
        setRefusal({ line: line ? Number(line[1]) : null, message: e.message });
      }
    } catch {
      setRefusal({ line: null, message: '通信できませんでした。もう一度お試しください。' });
    }
  };
  const outcomeOf = (line: number) => result?.rows.find((r) => r.row === line);
  return (
    <Section title="CSVで一括発行">
      <p className="mb-4 text-std-16N-170">
        1行目は見出し（organisation_code,role,email[,contact_name,phone,company,organisation_name,municipality_code,prefecture_code]）です。1つでも誤りのある行があると、ファイル全体を発行しません。
      </p>
      <div className="flex flex-wrap items-end gap-4">
        <div className="flex flex-col gap-2">
          <label htmlFor="bulk-file" className="text-std-17B-170">
            CSVファイル
          </label>
          <input id="bulk-file" type="file" accept=".csv,text/csv" onChange={(e) => void pick(e.target.files?.[0])} className="text-std-16N-170" />
        </div>
        <Button type="button" onClick={() => void send()} disabled={!text || blocked || (progress !== null && progress < 1)}>
          アップロードして発行
        </Button>
      </div>
      {progress !== null && (
        <div className="mt-4">
          <label htmlFor="bulk-progress" className="text-std-16N-170">
            {progress < 1 ? 'アップロード中…' : '完了'}
          </label>
          <progress id="bulk-progress" className="block h-4 w-full" max={1} value={progress} />
        </div>
      )}
      {result && (
        <div className="mt-4">
          <Banner kind={result.failed ? 'warning' : 'success'} title={`発行 ${result.issued}件、発行済み ${result.already_issued}件、失敗 ${result.failed}件`} />
        </div>
      )}
      {refusal && (
        <div className="mt-4" id="form-error" tabIndex={-1}>
          <Banner kind="error" title="ファイルを発行できませんでした">
            {refusal.message}
          </Banner>
        </div>
      )}
      {lines.length > 1 && (
        <div className="mt-6">
          <Table caption="アップロードするファイル" head={['行', '内容', '結果']}>
            {lines.map((l, i) => {
              const line = i + 1;
              const out = outcomeOf(line);
              const bad = refusal?.line === line;
              return (
                <tr key={line} className={bad || out?.outcome === 'failed' ? 'bg-red-50' : ''} data-line={line}>
                  <td className={td}>{line}</td>
                  <td className={`${td} break-all font-mono text-std-16N-170`}>{l}</td>
                  <td className={td}>
                    {line === 1 && '見出し'}
                    {bad && (
                      <span role="alert" className="text-error-2">
                        ＊{refusal!.message}
                      </span>
                    )}
                    {out && (
                      <span className={out.outcome === 'failed' ? 'text-error-2' : 'text-success-2'}>
                        {OUTCOME[out.outcome]}
                        {out.vsys_id && `（${out.vsys_id}）`}
                        {out.message && `: ${out.message}`}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </Table>
        </div>
      )}
    </Section>
  );
}

function IssueOne() {
  const blocked = useWritesBlocked();
  const [f, setF] = useState({ role: 'municipality', organisation_code: '', email: '', contact_name: '', organisation_name: '', municipality_code: '' });
  const [issued, setIssued] = useState<Schemas['Issued'] | null>(null);
  const { errors, busy, submit } = useForm();
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setF({ ...f, [k]: e.target.value });
  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    const body = Object.fromEntries(Object.entries(f).filter(([, v]) => v !== '')) as never;
    void submit(async () => setIssued(await call(api.POST('/accounts', { body }))));
  };
  return (
    <Section title="1件ずつ発行">
      {issued && (
        <div className="mb-4">
          <Banner kind="success" title={issued.outcome === 'issued' ? `V-SYS ID ${issued.vsys_id} を発行し、ログイン用のメールを送信しました。` : `この組織のこのメールアドレスには発行済みです（${issued.vsys_id}）。`} />
        </div>
      )}
      <FormError message={errors.top} className="mb-4" />
      <form onSubmit={onSubmit} noValidate className="grid gap-4 desktop:grid-cols-2">
        <Field label="役割" name="role" required error={errors.fields.role}>
          {(a) => (
            <Select {...a} value={f.role} onChange={set('role')}>
              {Object.entries(ROLE_LABEL).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="組織のコード" name="organisation_code" required error={errors.fields.organisation_code} support="都道府県・市区町村コード、または医療機関等コード（10桁）">
          {(a) => <Input {...a} value={f.organisation_code} onChange={set('organisation_code')} />}
        </Field>
        <Field label="メールアドレス" name="email" required error={errors.fields.email}>
          {(a) => <Input {...a} type="email" value={f.email} onChange={set('email')} />}
        </Field>
        <Field label="担当者名" name="contact_name" error={errors.fields.contact_name}>
          {(a) => <Input {...a} value={f.contact_name} onChange={set('contact_name')} />}
        </Field>
        <Field label="組織名（医療機関・会社等）" name="organisation_name" error={errors.fields.organisation_name}>
          {(a) => <Input {...a} value={f.organisation_name} onChange={set('organisation_name')} />}
        </Field>
        <Field label="所在の市区町村コード" name="municipality_code" error={errors.fields.municipality_code}>
          {(a) => <Input {...a} value={f.municipality_code} onChange={set('municipality_code')} inputMode="numeric" />}
        </Field>
        <div>
          <Button type="submit" disabled={busy || blocked}>
            発行
          </Button>
        </div>
      </form>
    </Section>
  );
}

export function Accounts() {
  return (
    <div>
      <PageTitle>アカウント発行</PageTitle>
      <IssueOne />
      <BulkIssue />
    </div>
  );
}
