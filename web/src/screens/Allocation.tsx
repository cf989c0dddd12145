// Allocation (分配), as seed 001 draws it: the nation decides each
// prefecture's boxes (ワクチン分配量の決定), each prefecture and municipality
// confirms what it was given, splits it (「ワクチン分配作業完了用」 with the
// distribution simulation pre-filled), marks 分配完了, and the level above
// data-locks (「ワクチン分配量確定用」 with the ○/× checks). A site sees its
// final allocations.
import { type ReactNode, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, call, type Schemas } from '../api/client';
import { useWritesBlocked } from '../components/Layout';
import { Banner, Button, Downloads, Empty, FormError, InlineError, Input, Loading, PageTitle, Section, Select, Table, td } from '../components/ui';
import { num, slashDate } from '../lib/format';
import { type FormErrors, useForm } from '../lib/form';
import { useSession } from '../lib/session';

type Boxes = Schemas['Boxes'];
type Basis = Schemas['AllocationBasis'];
type Explanation = Schemas['AllocationExplanation'];
type Preview = Schemas['SplitPreview'];
type Status = Schemas['AllocationStatus'];

const BASES: { value: Basis; label: string }[] = [
  { value: 'population', label: '人口比' },
  { value: 'population65', label: '65歳以上人口比' },
  { value: 'registered_demand', label: '希望量（登録された接種回数）比' },
  { value: 'one_per_municipality', label: '1市町村1箱' },
];

const KINDS = [
  { key: 'vaccine', label: 'ワクチン（箱）' },
  { key: 'needles', label: '針（箱）' },
  { key: 'syringes', label: 'シリンジ（箱）' },
] as const;
type Kind = (typeof KINDS)[number]['key'];

/** Editable rows: the recipient's code and its three quantities as typed. */
type Draft = Record<string, Record<Kind, string>>;

const boxesText = (b: Boxes) => `ワクチン ${num(b.vaccine)}箱／針 ${num(b.needles)}箱／シリンジ ${num(b.syringes)}箱`;

function draftOf(rows: { code: string; vaccine: number; needles: number; syringes: number }[]): Draft {
  return Object.fromEntries(rows.map((r) => [r.code, { vaccine: String(r.vaccine), needles: String(r.needles), syringes: String(r.syringes) }]));
}

function rowsOf(codes: string[], d: Draft) {
  return codes.map((code) => ({
    code,
    vaccine: Number(d[code]?.vaccine || 0),
    needles: Number(d[code]?.needles || 0),
    syringes: Number(d[code]?.syringes || 0),
  }));
}

function sumOf(codes: string[], d: Draft): Boxes {
  return rowsOf(codes, d).reduce((a, r) => ({ vaccine: a.vaccine + r.vaccine, needles: a.needles + r.needles, syringes: a.syringes + r.syringes }), { vaccine: 0, needles: 0, syringes: 0 });
}

function StatusBadge({ status, label }: { status: Status; label: string }) {
  const look: Record<Status, string> = {
    unpublished: 'bg-solid-gray-100 text-solid-gray-800',
    unconfirmed: 'bg-yellow-100 text-solid-gray-900',
    confirmed: 'bg-key-100 text-key-1000',
    complete: 'bg-green-100 text-green-1000',
    locked: 'bg-solid-gray-800 text-white',
  };
  return <span className={`inline-block rounded-6 px-2 py-0.5 text-std-16B-170 ${look[status]}`}>{label}</span>;
}

function Counts({ counts }: { counts: Schemas['AllocationStatusCount'][] }) {
  return (
    <ul className="mb-4 flex flex-wrap gap-3" aria-label="状況別の件数">
      {counts.map((c) => (
        <li key={c.status} className="rounded-8 border border-solid-gray-420 bg-white px-3 py-2">
          <StatusBadge status={c.status} label={c.label} /> <span className="ml-1 text-std-17B-170">{c.count}</span>
        </li>
      ))}
    </ul>
  );
}

function Why({ e }: { e: Explanation | null | undefined }) {
  if (!e) return <>—</>;
  return (
    <span className="text-std-16N-170 text-solid-gray-700">
      基準値 {num(e.basis_value)}／按分 {e.quota}／切捨て {e.floor}／端数順位 {e.remainder_rank}
      {e.extra ? '（端数分 +1）' : ''}
    </span>
  );
}

/** One quantity's input in a split table, with its error next to it. */
function Cell({ row, index, kind, name, draft, setDraft, errors, readOnly }: {
  row: string; index: number; kind: Kind; name: string; draft: Draft; setDraft: (d: Draft) => void; errors: FormErrors; readOnly: boolean;
}) {
  const field = `rows[${index}].${kind}`;
  const error = errors.fields[field];
  const label = KINDS.find((k) => k.key === kind)!.label;
  if (readOnly) return <span className="tabular-nums">{num(Number(draft[row]?.[kind] ?? 0))}</span>;
  return (
    <div data-field={field} className="flex flex-col gap-1">
      <Input
        type="number"
        min={0}
        aria-label={`${name} ${label}`}
        aria-invalid={error ? true : undefined}
        value={draft[row]?.[kind] ?? '0'}
        readOnly={readOnly}
        onChange={(e) => setDraft({ ...draft, [row]: { ...draft[row], [kind]: e.target.value } })}
        className="w-28"
      />
      <InlineError message={error} />
    </div>
  );
}

/** The supply's three inputs (the nation's split, the workplace channel). */
function SupplyInputs({ supply, setSupply, errors, readOnly }: {
  supply: Record<Kind, string>; setSupply: (s: Record<Kind, string>) => void; errors: FormErrors; readOnly: boolean;
}) {
  return (
    <>
      {KINDS.map((k) => (
        <div key={k.key} className="flex flex-col gap-1" data-field={`supply.${k.key}`}>
          <label htmlFor={`supply-${k.key}`} className="text-std-17B-170">
            {k.label}
          </label>
          <Input id={`supply-${k.key}`} type="number" min={0} value={supply[k.key]} readOnly={readOnly} onChange={(e) => setSupply({ ...supply, [k.key]: e.target.value })} className="w-40" />
          <InlineError message={errors.fields[`supply.${k.key}`]} />
        </div>
      ))}
    </>
  );
}

function Totals({ allocated, sum }: { allocated: Boxes; sum: Boxes }) {
  return (
    <dl className="my-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-std-16N-170" aria-live="polite">
      <dt className="text-std-16B-170">割当量</dt>
      <dd>{boxesText(allocated)}</dd>
      <dt className="text-std-16B-170">分配量の合計</dt>
      <dd>{boxesText(sum)}</dd>
      <dt className="text-std-16B-170">残り</dt>
      <dd>{boxesText({ vaccine: allocated.vaccine - sum.vaccine, needles: allocated.needles - sum.needles, syringes: allocated.syringes - sum.syringes })}</dd>
    </dl>
  );
}

export function AllocationCools() {
  const { me } = useSession();
  const [cools, setCools] = useState<Schemas['Cool'][] | null>(null);
  // Workplace cools are the nation's alone: it allocates their venues directly.
  const national = me?.role === 'national';
  useEffect(() => {
    call(api.GET('/cools')).then((p) => setCools(p.items.filter((c) => national || c.channel !== 'workplace')));
  }, [national]);
  return (
    <div>
      <PageTitle>ワクチン分配</PageTitle>
      {cools === null ? (
        <Loading />
      ) : cools.length === 0 ? (
        <Empty>クールはまだありません。</Empty>
      ) : (
        <ul className="flex flex-col gap-3">
          {cools.map((c) => (
            <li key={c.cool_id}>
              <Link to={c.channel === 'workplace' ? `/allocation/${c.cool_id}/workplace` : `/allocation/${c.cool_id}`} className="block rounded-8 border border-solid-gray-420 bg-white p-4 hover:bg-key-50">
                <span className="text-std-17B-170 text-key-900 underline">{c.label}</span>
                <span className="ml-3 text-std-16N-170">{c.state_label}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** /allocation/:coolId: the caller's own level. */
export function AllocationScreen() {
  const { coolId } = useParams();
  const { me } = useSession();
  if (!me || !coolId) return <Loading />;
  if (me.role === 'national') return <NationAllocation coolId={coolId} />;
  if (me.role === 'prefecture' && me.prefecture_code) return <PrefectureAllocation coolId={coolId} code={me.prefecture_code} />;
  if (me.role === 'municipality' && me.municipality_code) return <MunicipalityAllocation coolId={coolId} code={me.municipality_code} />;
  return <Empty>この画面は国・都道府県・市区町村の担当者が使います。</Empty>;
}

export function PrefectureAllocationPage() {
  const { coolId, pref } = useParams();
  return coolId && pref ? <PrefectureAllocation coolId={coolId} code={pref} /> : <Loading />;
}

export function MunicipalityAllocationPage() {
  const { coolId, muni } = useParams();
  return coolId && muni ? <MunicipalityAllocation coolId={coolId} code={muni} /> : <Loading />;
}

function PreviewTable({ preview, caption }: { preview: Preview; caption: string }) {
  return (
    <div className="mt-4">
      <p className="mb-2 text-std-16B-170" role="status">
        試算結果（{preview.basis_label}、保存していません）: 合計 {boxesText(preview.total)}
      </p>
      <Table caption={caption} head={['', 'ワクチン', '針', 'シリンジ', '根拠']}>
        {preview.rows.map((r) => (
          <tr key={r.code}>
            <td className={td}>{r.name}</td>
            <td className={td}>{num(r.vaccine)}</td>
            <td className={td}>{num(r.needles)}</td>
            <td className={td}>{num(r.syringes)}</td>
            <td className={td}><Why e={r.explanation} /></td>
          </tr>
        ))}
      </Table>
    </div>
  );
}

function NationAllocation({ coolId }: { coolId: string }) {
  const blocked = useWritesBlocked();
  const [board, setBoard] = useState<Schemas['NationAllocation'] | null>(null);
  const [supply, setSupply] = useState<Record<Kind, string>>({ vaccine: '', needles: '', syringes: '' });
  const [basis, setBasis] = useState<Basis>('population');
  const [draft, setDraft] = useState<Draft>({});
  const [preview, setPreview] = useState<Preview | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  const path = { params: { path: { cool_id: coolId } } };
  const show = (b: Schemas['NationAllocation']) => {
    setBoard(b);
    setDraft(draftOf(b.rows.map((r) => ({ code: r.code, ...r.allocated }))));
    if (b.supply) setSupply({ vaccine: String(b.supply.vaccine), needles: String(b.supply.needles), syringes: String(b.supply.syringes) });
    if (b.basis) setBasis(b.basis);
  };
  useEffect(() => {
    call(api.GET('/cools/{cool_id}/allocation', path)).then(show);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [coolId]);
  if (!board) return <Loading />;
  const supplyBody = { vaccine: Number(supply.vaccine || 0), needles: Number(supply.needles || 0), syringes: Number(supply.syringes || 0) };
  const codes = board.rows.map((r) => r.code);
  const run = (what: string, f: () => Promise<Schemas['NationAllocation']>) =>
    submit(async () => {
      show(await f());
      setPreview(null);
      setDone(what);
    });
  const editable = (s: Status) => s === 'unpublished' || s === 'unconfirmed';
  return (
    <div>
      <PageTitle sub="都道府県別のワクチン・針・シリンジの分配量を決定し、都道府県に公開します。">{board.cool.label} ワクチン分配量の決定</PageTitle>
      <div className="mb-4 flex flex-col gap-3">
        {done && <Banner kind="success" title={done} />}
        <FormError message={errors.top} />
      </div>
      <Section title="供給量">
        <div className="flex flex-wrap items-end gap-4">
          <SupplyInputs supply={supply} setSupply={setSupply} errors={errors} readOnly={false} />
          <div className="flex flex-col gap-1" data-field="basis">
            <label htmlFor="basis" className="text-std-17B-170">
              配分の基準
            </label>
            <Select id="basis" value={basis} onChange={(e) => setBasis(e.target.value as Basis)}>
              {BASES.map((b) => (
                <option key={b.value} value={b.value}>
                  {b.label}
                </option>
              ))}
            </Select>
            <InlineError message={errors.fields.basis} />
          </div>
        </div>
        <div className="mt-4 flex flex-wrap gap-3">
          <Button type="button" variant="outline" disabled={busy} onClick={() => void submit(async () => setPreview(await call(api.POST('/cools/{cool_id}/allocation/preview', { ...path, body: { supply: supplyBody, basis } }))))}>
            試算する（保存しない）
          </Button>
          <Button type="button" disabled={busy || blocked} onClick={() => void run('基準に沿って分配量を計算し、保存しました。', () => call(api.PUT('/cools/{cool_id}/allocation', { ...path, body: { supply: supplyBody, basis, version: board.version } })))}>
            基準で計算して保存
          </Button>
        </div>
        {preview && <PreviewTable preview={preview} caption="都道府県別の試算" />}
      </Section>
      <Section
        title="都道府県別の分配量"
        actions={
          <div className="flex flex-wrap gap-2">
            <Downloads href={`/cools/${coolId}/allocation/export`} what="都道府県別の分配量" />
            <Button type="button" variant="outline" disabled={busy || blocked || board.version === 0} onClick={() => void run('表の分配量を保存しました。', () => call(api.PUT('/cools/{cool_id}/allocation', { ...path, body: { supply: supplyBody, basis, rows: rowsOf(codes, draft), version: board.version } })))}>
              表の内容で保存
            </Button>
            <Button type="button" disabled={busy || blocked || board.counts[0]?.count === 0 || board.version === 0} onClick={() => void run('都道府県に公開しました。', () => call(api.POST('/cools/{cool_id}/allocation/publish', { ...path, body: { version: board.version } })))}>
              都道府県に公開
            </Button>
          </div>
        }
      >
        <Counts counts={board.counts} />
        <Totals allocated={board.supply ?? { vaccine: 0, needles: 0, syringes: 0 }} sum={sumOf(codes, draft)} />
        <Table caption="都道府県別の分配量" head={['都道府県', 'ワクチン', '針', 'シリンジ', '根拠', '状況', '']}>
          {board.rows.map((r, i) => (
            <tr key={r.code}>
              <td className={td}>{r.name}</td>
              {KINDS.map((k) => (
                <td key={k.key} className={td}>
                  <Cell row={r.code} index={i} kind={k.key} name={r.name} draft={draft} setDraft={setDraft} errors={errors} readOnly={!editable(r.status)} />
                </td>
              ))}
              <td className={td}><Why e={r.explanation} /></td>
              <td className={td}>
                <StatusBadge status={r.status} label={r.status_label} />
              </td>
              <td className={td}>
                <div className="flex flex-col gap-2">
                  {r.status === 'complete' && (
                    <Button type="button" size="sm" disabled={busy || blocked} onClick={() => void submit(async () => {
                      await call(api.POST('/cools/{cool_id}/allocation/prefectures/{pref}/lock', { params: { path: { cool_id: coolId, pref: r.code } }, body: { version: r.version } }));
                      show(await call(api.GET('/cools/{cool_id}/allocation', path)));
                      setDone(`${r.name}をデータロックしました。`);
                    })}>
                      データロック
                    </Button>
                  )}
                  {r.status !== 'unpublished' && (
                    <Link to={`/allocation/${coolId}/prefectures/${r.code}`} className="text-key-900 underline">
                      市町村別
                    </Link>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </Table>
      </Section>
    </div>
  );
}

/** The table's downloads (the same rows as the screen). */
function Steps({ children }: { children: ReactNode }) {
  return <div className="my-4 flex flex-wrap gap-3">{children}</div>;
}

function PrefectureAllocation({ coolId, code }: { coolId: string; code: string }) {
  const { me } = useSession();
  const blocked = useWritesBlocked();
  const [v, setV] = useState<Schemas['PrefectureAllocation'] | null>(null);
  const [draft, setDraft] = useState<Draft>({});
  const [basis, setBasis] = useState<Basis>('population');
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  const mine = me?.role === 'prefecture' && me.prefecture_code === code;
  const path = { params: { path: { cool_id: coolId, pref: code } } };
  const show = (x: Schemas['PrefectureAllocation']) => {
    setV(x);
    setDraft(draftOf(x.rows));
    setBasis(x.basis);
  };
  useEffect(() => {
    call(api.GET('/cools/{cool_id}/allocation/prefectures/{pref}', path)).then(show);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [coolId, code]);
  if (!v) return <Loading />;
  const codes = v.rows.map((r) => r.code);
  const step = (what: string, f: () => Promise<Schemas['PrefectureAllocation']>) =>
    void submit(async () => {
      show(await f());
      setDone(what);
    });
  const version = { version: v.version };
  const canWrite = mine && !blocked && !busy;
  const passedDown = v.status === 'locked';
  return (
    <div>
      <PageTitle sub={`状況: ${v.status_label}`}>
        {v.cool.label} ワクチン分配作業（{v.name}）
      </PageTitle>
      <div className="mb-4 flex flex-col gap-3">
        {v.status === 'unpublished' && <Banner kind="info" title="国からの分配量はまだ割り当てられていません。" />}
        {v.status === 'unconfirmed' && mine && <Banner kind="warning" title="割り当てられた分配量を確認し、「確認済」にしてください。" />}
        {v.municipalities_locked && !done && <Banner kind="success" title="市町村の分配量をデータロックしました。医療機関等への分配量は確定しています。" />}
        {done && <Banner kind="success" title={done} />}
        <FormError message={errors.top} />
      </div>
      <Section title="割り当てられた分配量">
        <p className="text-std-17B-170" data-testid="allocated">{boxesText(v.allocated)}</p>
        {v.explanation && (
          <p className="mt-1">
            <Why e={v.explanation} />
          </p>
        )}
        <Steps>
          {mine && v.status === 'unconfirmed' && (
            <Button type="button" disabled={!canWrite} onClick={() => step('状況を「確認済」にしました。市町村別の分配量を登録してください。', () => call(api.POST('/cools/{cool_id}/allocation/prefectures/{pref}/confirm', { ...path, body: version })))}>
              確認済
            </Button>
          )}
          {mine && v.status === 'confirmed' && (
            <Button type="button" disabled={!canWrite || !v.saved} onClick={() => step('分配完了にしました。国のデータロックをお待ちください。', () => call(api.POST('/cools/{cool_id}/allocation/prefectures/{pref}/complete', { ...path, body: version })))}>
              分配完了
            </Button>
          )}
        </Steps>
      </Section>
      <Section
        title="市町村別の分配量"
        actions={
          mine && v.status === 'confirmed' ? (
            <div className="flex flex-wrap items-end gap-2">
              <label htmlFor="split-basis" className="sr-only">
                分配シミュレーションの基準
              </label>
              <Select id="split-basis" value={basis} onChange={(e) => setBasis(e.target.value as Basis)}>
                {BASES.map((b) => (
                  <option key={b.value} value={b.value}>
                    {b.label}
                  </option>
                ))}
              </Select>
              <Button type="button" variant="outline" disabled={!canWrite} onClick={() => void submit(async () => {
                const p = await call(api.POST('/cools/{cool_id}/allocation/prefectures/{pref}/preview', { ...path, body: { basis } }));
                setDraft(draftOf(p.rows));
                setDone(`分配シミュレーション（${p.basis_label}）の結果を表に入れました。登録するまで保存されません。`);
              })}>
                分配シミュレーション
              </Button>
              <Button type="button" disabled={!canWrite} onClick={() => step('市町村別の分配量を登録しました。', () => call(api.PUT('/cools/{cool_id}/allocation/prefectures/{pref}/split', { ...path, body: { basis, rows: rowsOf(codes, draft), version: v.version } })))}>
                登録
              </Button>
            </div>
          ) : undefined
        }
      >
        <div className="mb-2 flex justify-end">
          <Downloads href={`/cools/${coolId}/allocation/prefectures/${code}/export`} what="市町村別の分配量" />
        </div>
        {!v.saved && v.status !== 'unpublished' && <p className="mb-2 text-std-16N-170">人口等に応じた分配量が自動入力されています（{v.basis_label}）。必要があれば修正して登録してください。</p>}
        {passedDown && <Counts counts={v.counts} />}
        <Totals allocated={v.allocated} sum={sumOf(codes, draft)} />
        {passedDown && mine && !v.municipalities_locked && (
          <Steps>
            <Button type="button" variant="outline" disabled={!canWrite || v.incomplete === 0} onClick={() => step('分配作業が未完了の市町村に督促メールを送りました。', () => call(api.POST('/cools/{cool_id}/allocation/prefectures/{pref}/remind', { ...path, body: {} })))}>
              未完了の市町村に督促（{v.incomplete}）
            </Button>
            <Button type="button" disabled={!canWrite || v.incomplete > 0} onClick={() => step('データロックしました。医療機関等への分配量が確定しました。', () => call(api.POST('/cools/{cool_id}/allocation/prefectures/{pref}/lock-municipalities', { ...path, body: version })))}>
              データロック
            </Button>
          </Steps>
        )}
        <Table caption="市町村別の分配量" head={passedDown ? ['市町村', 'ワクチン', '針', 'シリンジ', '分配の状況', 'ワクチン分配量チェック', '針分配量チェック', 'シリンジ分配量チェック'] : ['市町村', 'ワクチン', '針', 'シリンジ', '根拠']}>
          {v.rows.map((r, i) => (
            <tr key={r.code}>
              <td className={td}>
                {passedDown ? (
                  <Link to={`/allocation/${coolId}/municipalities/${r.code}`} className="text-key-900 underline">
                    {r.name}
                  </Link>
                ) : (
                  r.name
                )}
              </td>
              {KINDS.map((k) => (
                <td key={k.key} className={td}>
                  <Cell row={r.code} index={i} kind={k.key} name={r.name} draft={draft} setDraft={setDraft} errors={errors} readOnly={!mine || v.status !== 'confirmed'} />
                </td>
              ))}
              {passedDown ? (
                <>
                  <td className={td}>{r.progress && <StatusBadge status={r.progress.status} label={r.progress.status_label} />}</td>
                  <td className={`${td} text-center`}>{r.progress?.checks.vaccine}</td>
                  <td className={`${td} text-center`}>{r.progress?.checks.needles}</td>
                  <td className={`${td} text-center`}>{r.progress?.checks.syringes}</td>
                </>
              ) : (
                <td className={td}><Why e={r.explanation} /></td>
              )}
            </tr>
          ))}
        </Table>
      </Section>
    </div>
  );
}

function MunicipalityAllocation({ coolId, code }: { coolId: string; code: string }) {
  const { me } = useSession();
  const blocked = useWritesBlocked();
  const [v, setV] = useState<Schemas['MunicipalityAllocation'] | null>(null);
  const [draft, setDraft] = useState<Draft>({});
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  const mine = me?.role === 'municipality' && me.municipality_code === code;
  const path = { params: { path: { cool_id: coolId, muni: code } } };
  const show = (x: Schemas['MunicipalityAllocation']) => {
    setV(x);
    setDraft(draftOf(x.rows));
  };
  useEffect(() => {
    call(api.GET('/cools/{cool_id}/allocation/municipalities/{muni}', path)).then(show);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [coolId, code]);
  if (!v) return <Loading />;
  const codes = v.rows.map((r) => r.code);
  const step = (what: string, f: () => Promise<Schemas['MunicipalityAllocation']>) =>
    void submit(async () => {
      show(await f());
      setDone(what);
    });
  const canWrite = mine && !blocked && !busy;
  const allocated = v.allocated ?? { vaccine: 0, needles: 0, syringes: 0 };
  return (
    <div>
      <PageTitle sub={`状況: ${v.status_label}`}>
        {v.cool.label} ワクチン分配作業（{v.name}）
      </PageTitle>
      <div className="mb-4 flex flex-col gap-3">
        {!v.allocated && <Banner kind="info" title="都道府県が決定した分配量は、国によるデータロックの後に表示されます。" />}
        {v.status === 'locked' && <Banner kind="success" title="都道府県がデータロックしました。医療機関等への分配量は確定しています。" />}
        {done && <Banner kind="success" title={done} />}
        <FormError message={errors.top} />
      </div>
      <Section title="割り当てられた分配量">
        <p className="text-std-17B-170" data-testid="allocated">{boxesText(allocated)}</p>
        <Steps>
          {mine && v.allocated && v.status === 'unconfirmed' && (
            <Button type="button" disabled={!canWrite} onClick={() => step('状況を「確認済」にしました。医療機関・接種会場別の分配量を登録してください。', () => call(api.POST('/cools/{cool_id}/allocation/municipalities/{muni}/confirm', { ...path, body: { version: v.version } })))}>
              確認済
            </Button>
          )}
          {mine && v.status === 'confirmed' && (
            <Button type="button" disabled={!canWrite || !v.saved} onClick={() => step('分配完了にしました。都道府県のデータロックをお待ちください。', () => call(api.POST('/cools/{cool_id}/allocation/municipalities/{muni}/complete', { ...path, body: { version: v.version } })))}>
              分配完了
            </Button>
          )}
        </Steps>
      </Section>
      <Section
        title="医療機関・接種会場別の分配量"
        actions={
          mine && v.status === 'confirmed' ? (
            <Button type="button" disabled={!canWrite} onClick={() => step('医療機関・接種会場別の分配量を登録しました。', () => call(api.PUT('/cools/{cool_id}/allocation/municipalities/{muni}/split', { ...path, body: { rows: rowsOf(codes, draft), version: v.version } })))}>
              登録
            </Button>
          ) : undefined
        }
      >
        <div className="mb-2 flex justify-end">
          <Downloads href={`/cools/${coolId}/allocation/municipalities/${code}/export`} what="医療機関・接種会場別の分配量" />
        </div>
        {!v.saved && v.rows.length > 0 && <p className="mb-2 text-std-16N-170">登録された希望量が自動入力されています。必要があれば修正して登録してください。</p>}
        <Totals allocated={allocated} sum={sumOf(codes, draft)} />
        {v.rows.length === 0 ? (
          <Empty>このクールの希望量を登録した基本型接種施設・接種会場はありません（登録がない施設には配送されません）。</Empty>
        ) : (
          <Table caption="医療機関・接種会場別の分配量" head={['医療機関・接種会場', '希望量', '配送上限', 'ワクチン', '針', 'シリンジ']}>
            {v.rows.map((r, i) => (
              <tr key={r.code}>
                <td className={td}>{r.name}</td>
                <td className={td}>{boxesText(r.requested)}</td>
                <td className={td}>{r.cap_doses != null ? `${num(r.cap_doses)}回（配送${r.delivery_round}回目）` : '—'}</td>
                {KINDS.map((k) => (
                  <td key={k.key} className={td}>
                    <Cell row={r.code} index={i} kind={k.key} name={r.name} draft={draft} setDraft={setDraft} errors={errors} readOnly={!mine || v.status !== 'confirmed'} />
                  </td>
                ))}
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </div>
  );
}

/** The nation's direct allocation of a workplace cool to its venues. */
export function WorkplaceAllocation() {
  const { coolId } = useParams();
  const blocked = useWritesBlocked();
  const [v, setV] = useState<Schemas['WorkplaceAllocation'] | null>(null);
  const [supply, setSupply] = useState<Record<Kind, string>>({ vaccine: '', needles: '', syringes: '' });
  const [draft, setDraft] = useState<Draft>({});
  const [done, setDone] = useState<string | null>(null);
  const { errors, busy, submit } = useForm();
  const path = { params: { path: { cool_id: coolId! } } };
  const show = (x: Schemas['WorkplaceAllocation']) => {
    setV(x);
    setDraft(draftOf(x.rows));
    if (x.supply) setSupply({ vaccine: String(x.supply.vaccine), needles: String(x.supply.needles), syringes: String(x.supply.syringes) });
  };
  useEffect(() => {
    call(api.GET('/cools/{cool_id}/allocation/workplace', path)).then(show);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [coolId]);
  if (!v) return <Loading />;
  const codes = v.rows.map((r) => r.code);
  const supplyBody = { vaccine: Number(supply.vaccine || 0), needles: Number(supply.needles || 0), syringes: Number(supply.syringes || 0) };
  const open = v.status !== 'locked';
  const step = (what: string, f: () => Promise<Schemas['WorkplaceAllocation']>) =>
    void submit(async () => {
      show(await f());
      setDone(what);
    });
  return (
    <div>
      <PageTitle sub={`状況: ${v.status_label}`}>{v.cool.label} 職域接種会場への分配</PageTitle>
      <div className="mb-4 flex flex-col gap-3">
        {done && <Banner kind="success" title={done} />}
        <FormError message={errors.top} />
      </div>
      <Section title="供給量">
        <div className="flex flex-wrap items-end gap-4">
          <SupplyInputs supply={supply} setSupply={setSupply} errors={errors} readOnly={!open} />
        </div>
        {open && (
          <Steps>
            <Button type="button" variant="outline" disabled={busy || blocked} onClick={() => step('希望量に沿って分配量を計算し、保存しました。', () => call(api.PUT('/cools/{cool_id}/allocation/workplace', { ...path, body: { supply: supplyBody, version: v.version } })))}>
              希望量に沿って計算して保存
            </Button>
            <Button type="button" disabled={busy || blocked} onClick={() => step('表の分配量を保存しました。', () => call(api.PUT('/cools/{cool_id}/allocation/workplace', { ...path, body: { supply: supplyBody, rows: rowsOf(codes, draft), version: v.version } })))}>
              表の内容で保存
            </Button>
            <Button type="button" variant="outline" disabled={busy || blocked || !v.saved} onClick={() => step('データロックしました。職域接種会場への分配量が確定しました。', () => call(api.POST('/cools/{cool_id}/allocation/workplace/lock', { ...path, body: { version: v.version } })))}>
              データロック
            </Button>
          </Steps>
        )}
      </Section>
      <Section title="職域接種会場別の分配量">
        <Totals allocated={v.supply ?? { vaccine: 0, needles: 0, syringes: 0 }} sum={sumOf(codes, draft)} />
        {v.rows.length === 0 ? (
          <Empty>このクールの希望量を登録した職域接種会場はありません。</Empty>
        ) : (
          <Table caption="職域接種会場別の分配量" head={['職域接種会場', '希望量', 'ワクチン', '針', 'シリンジ']}>
            {v.rows.map((r, i) => (
              <tr key={r.code}>
                <td className={td}>{r.name}</td>
                <td className={td}>{boxesText(r.requested)}</td>
                {KINDS.map((k) => (
                  <td key={k.key} className={td}>
                    <Cell row={r.code} index={i} kind={k.key} name={r.name} draft={draft} setDraft={setDraft} errors={errors} readOnly={!open} />
                  </td>
                ))}
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </div>
  );
}

export function SiteAllocations() {
  const { me } = useSession();
  const [items, setItems] = useState<Schemas['SiteAllocation'][] | null>(null);
  useEffect(() => {
    call(api.GET('/allocations')).then((p) => setItems(p.items));
  }, []);
  return (
    <div>
      <PageTitle>ワクチンの分配量</PageTitle>
      {items === null ? (
        <Loading />
      ) : items.length === 0 ? (
        <Empty>確定した分配量はまだありません。</Empty>
      ) : (
        <Table caption="確定した分配量" head={['ワクチン・クール', '箱', 'バイアル', '回接種分', '針', 'シリンジ', '納入予定日']}>
          {items.map((a) => (
            <tr key={a.cool_id}>
              <td className={td}>{a.label}</td>
              <td className={td}>{num(a.packs)}箱</td>
              <td className={td}>{num(a.vials)}</td>
              <td className={td}>{num(a.doses)}</td>
              <td className={td}>
                {num(a.needle_boxes)}箱 = {num(a.needles)}本
              </td>
              <td className={td}>
                {num(a.syringe_boxes)}箱 = {num(a.syringes)}本
              </td>
              <td className={td}>
                <Link to={`/deliveries/${a.cool_id}/${me?.organisation_id}`} className="text-key-900 underline">
                  {a.delivered_on ? `納入済（${slashDate(a.delivered_on)}）` : slashDate(a.delivery_date) || '未定'}
                </Link>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </div>
  );
}
