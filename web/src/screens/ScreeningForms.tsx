// 予診票の出力 (seed 001 「医療従事者個人向け予診票の出力」): a venue doing
// priority vaccination uploads the list of its medical workers and gets one
// PDF with a pre-filled screening form per worker. The list is not kept:
// the PDF comes straight back and is saved by the browser.
import { useState } from 'react';
import { api, call, isApiError, type RowProblem } from '../api/client';
import { useWritesBlocked } from '../components/Layout';
import { Banner, Button, FormError, PageTitle, RowProblems, Section } from '../components/ui';
import { useForm } from '../lib/form';

const COLUMNS = '氏名,フリガナ,生年月日,性別,住所,勤務先';

export function ScreeningForms() {
  const blocked = useWritesBlocked();
  const [text, setText] = useState('');
  const [rows, setRows] = useState<RowProblem[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  const print = (e: React.FormEvent) => {
    e.preventDefault();
    setRows([]);
    setDone(null);
    void submit(async () => {
      try {
        const pdf = await call(
          api.POST('/screening-forms', {
            body: text,
            bodySerializer: (b: string) => b,
            headers: { 'Content-Type': 'text/csv' },
            parseAs: 'blob',
          }),
        );
        const url = URL.createObjectURL(pdf as Blob);
        const a = document.createElement('a');
        a.href = url;
        a.download = 'yoshinhyo.pdf';
        a.click();
        URL.revokeObjectURL(url);
        setDone(`予診票（${text.trim().split('\n').length - 1}名分）を出力しました。`);
      } catch (err) {
        if (isApiError(err) && err.rows) setRows(err.rows);
        throw err;
      }
    });
  };
  return (
    <div>
      <PageTitle sub="優先接種の対象となる医療従事者の予診票を、氏名などを印字して出力します。">予診票の出力（医療従事者用）</PageTitle>
      {done && (
        <div className="mb-4">
          <Banner kind="success" title={done} />
        </div>
      )}
      <Section title="医療従事者の名簿（CSV）">
        <form onSubmit={print} noValidate className="flex flex-col gap-4">
          <p className="text-std-16N-170">
            1行目を見出し「{COLUMNS}」とし、1人1行で入力してください（フリガナは全角カタカナ、生年月日は 1960/04/01、性別は 男／女）。1回に500名まで。誤りのある行が1行でもあると出力しません。名簿はV-SYSに保存されません。
          </p>
          <div className="flex flex-col gap-2">
            <label htmlFor="workers-file" className="text-std-17B-170">
              名簿のCSVファイル
            </label>
            <input id="workers-file" type="file" accept=".csv,text/csv" onChange={async (e) => setText((await e.target.files?.[0]?.text()) ?? '')} />
          </div>
          <div>
            <Button type="submit" disabled={busy || blocked || !text}>
              予診票を出力（PDF）
            </Button>
          </div>
          <FormError message={errors.top ?? Object.values(errors.fields)[0] ?? null} />
          <RowProblems rows={rows} />
        </form>
      </Section>
    </div>
  );
}
