// The wholesaler master (卸マスタ): the national office keeps each
// wholesaler's name and delivery area (prefectures and municipalities by
// code); a wholesaler sees its own area.
import { useEffect, useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { useWritesBlocked } from '../components/Layout';
import { Banner, Button, Empty, Field, FormError, Input, Loading, PageTitle, Section, Table, Textarea, td } from '../components/ui';
import { useForm } from '../lib/form';

type Wholesaler = Schemas['Wholesaler'];

const areaText = (w: Wholesaler) => w.areas.map((a) => `${a.name}（${a.code}）`).join('、');

/** "13, 271004\n312011" → ["13", "271004", "312011"] */
const codesOf = (s: string) => s.split(/[\s,、，]+/).filter(Boolean);

export function Wholesalers() {
  const blocked = useWritesBlocked();
  const [items, setItems] = useState<Wholesaler[] | null>(null);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [areas, setAreas] = useState('');
  const [version, setVersion] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  const load = () => call(api.GET('/wholesalers')).then((p) => setItems(p.items));
  useEffect(() => {
    void load();
  }, []);
  const edit = (w: Wholesaler) => {
    setCode(w.code);
    setName(w.name);
    setAreas(w.areas.map((a) => a.code).join(', '));
    setVersion(w.version);
    setDone(null);
  };
  // An entry's error (areas[2]) is shown under the list it belongs to.
  const areasError = errors.fields.areas ?? Object.entries(errors.fields).find(([k]) => k.startsWith('areas['))?.[1];
  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    void submit(async () => {
      const w = await call(api.PUT('/wholesalers/{code}', { params: { path: { code } }, body: { name, areas: codesOf(areas), version } }));
      setDone(`${w.name}（${w.code}）を保存しました。`);
      setVersion(w.version);
      await load();
    });
  };
  if (!items) return <Loading />;
  return (
    <div>
      <PageTitle sub="卸業者ごとの配送エリア（都道府県・市区町村）を登録します。">卸マスタ</PageTitle>
      <div className="mb-4 flex flex-col gap-3">
        {done && <Banner kind="success" title={done} />}
        <FormError message={errors.top} />
      </div>
      <Section title={version === 0 ? '卸業者の追加' : `卸業者の変更（${code}）`}>
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-6">
          <Field label="組織コード" name="code" required error={errors.fields.code} support="アカウント発行時の組織コード（半角英数字3〜20文字）">
            {(p) => <Input {...p} value={code} onChange={(e) => setCode(e.target.value)} readOnly={version > 0} className="w-64" />}
          </Field>
          <Field label="卸業者名" name="name" required error={errors.fields.name}>
            {(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} className="w-full max-w-[32rem]" />}
          </Field>
          <Field label="配送エリア" name="areas" required error={areasError} support="都道府県コード（2桁）または市区町村コード（6桁）を、カンマか改行で区切って入力してください。">
            {(p) => <Textarea {...p} rows={3} value={areas} onChange={(e) => setAreas(e.target.value)} className="w-full max-w-[32rem]" />}
          </Field>
          <div className="flex gap-3">
            <Button type="submit" disabled={busy || blocked}>
              保存
            </Button>
            {version > 0 && (
              <Button type="button" variant="outline" onClick={() => { setCode(''); setName(''); setAreas(''); setVersion(0); }}>
                新しく追加する
              </Button>
            )}
          </div>
        </form>
      </Section>
      <Section title="登録済みの卸業者">
        {items.length === 0 ? (
          <Empty>卸業者はまだ登録されていません。</Empty>
        ) : (
          <Table caption="登録済みの卸業者" head={['組織コード', '卸業者名', '配送エリア', '更新日時', '']}>
            {items.map((w) => (
              <tr key={w.code}>
                <td className={td}>{w.code}</td>
                <td className={td}>{w.name}</td>
                <td className={td}>{areaText(w)}</td>
                <td className={td}>{w.updated_at}</td>
                <td className={td}>
                  <Button type="button" size="sm" variant="outline" onClick={() => edit(w)} aria-label={`${w.name}を変更`}>
                    変更
                  </Button>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </div>
  );
}

/** A wholesaler's own delivery area. */
export function OwnArea() {
  const [w, setW] = useState<Wholesaler | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  useEffect(() => {
    call(api.GET('/wholesaler'))
      .then(setW)
      .catch((e: { message?: string }) => setMissing(e.message ?? '配送エリアを読めませんでした。'));
  }, []);
  if (missing) return <Banner kind="warning" title={missing} />;
  if (!w) return <Loading />;
  return (
    <div>
      <PageTitle>配送エリア</PageTitle>
      <Section title={w.name}>
        <ul className="flex flex-wrap gap-2">
          {w.areas.map((a) => (
            <li key={a.code} className="rounded-6 border border-solid-gray-420 px-3 py-1">
              {a.name}（{a.code}）
            </li>
          ))}
        </ul>
      </Section>
    </div>
  );
}
