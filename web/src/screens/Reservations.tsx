// 予約枠の設定・接種予約 (seeds 001, 003): a municipality or its call centre
// plans the slots of a venue in bulk (previewed before anything is
// created), searches the places left per day and slot (seed 001's grid),
// books a person into a slot (and the next dose from the first, 「2回目以降
// の接種申込」), and keeps the venue's day for the reception desk: the
// list with its CSV and Excel, 接種済 / 来場なし, change and cancel.
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { api, call, type Schemas } from '../api/client';
import type { paths } from '../api/schema';
import { useServerToday, useWritesBlocked } from '../components/Layout';
import { Banner, Button, Downloads, Empty, Field, FormError, InlineError, Input, Loading, PageTitle, Section, Select, Table, td } from '../components/ui';
import { VaccineSelect, useVaccines } from '../components/vaccines';
import { useForm } from '../lib/form';
import { num, slashDate } from '../lib/format';

type Venue = paths['/reservation-venues']['get']['responses'][200]['content']['application/json']['items'][number];
type Slot = Schemas['ReservationSlot'];
type Booking = Schemas['Booking'];
type PlanBody = paths['/reservation-slots']['post']['requestBody']['content']['application/json'];
type PlanAnswer = paths['/reservation-slots']['post']['responses'][200]['content']['application/json'];
type BookingBody = paths['/bookings']['post']['requestBody']['content']['application/json'];
type VenueDay = Extract<paths['/bookings']['get']['responses'][200]['content']['application/json'], { items: unknown }>;
type Weekday = PlanBody['weekdays'][number];
type Category = BookingBody['category'];

const WEEKDAYS: [Weekday, string][] = [
  ['mon', '月'],
  ['tue', '火'],
  ['wed', '水'],
  ['thu', '木'],
  ['fri', '金'],
  ['sat', '土'],
  ['sun', '日'],
];

/** 接種対象者分類, as the results count them. */
const CATEGORIES: [Category, string][] = [
  ['medical_workers', '医療従事者'],
  ['elderly_facility_workers', '高齢者施設等従事者'],
  ['elderly', '高齢者'],
  ['underlying_conditions', '基礎疾患保有者'],
  ['others', 'その他'],
];

const DAY_NAMES = ['日', '月', '火', '水', '木', '金', '土'];

/** "2021-03-15" → "3/15(月)". */
function dayLabel(d: string): string {
  const [y, m, day] = d.split('-').map(Number);
  return `${m}/${day}(${DAY_NAMES[new Date(Date.UTC(y, m - 1, day)).getUTCDay()]})`;
}

function addDays(d: string, n: number): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

function useVenues() {
  const [venues, setVenues] = useState<Venue[] | null>(null);
  useEffect(() => {
    void call(api.GET('/reservation-venues')).then((v) => setVenues(v.items));
  }, []);
  return venues;
}

function VenueSelect({ venues, value, onChange, any, id, ...rest }: { venues: Venue[]; value: string; onChange: (v: string) => void; any?: boolean; id?: string; name?: string }) {
  return (
    <Select id={id} {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      {any ? <option value="">すべての会場</option> : <option value="">選択してください</option>}
      {venues.map((v) => (
        <option key={v.venue_id} value={v.venue_id}>
          {v.name}（{v.code}）
        </option>
      ))}
    </Select>
  );
}

/** One slot of a venue: its places (never below what is booked), closed or
 * not, and deletion while nobody has booked it. */
function SlotRow({ slot, onChanged }: { slot: Slot; onChanged: () => void }) {
  const blocked = useWritesBlocked();
  const [places, setPlaces] = useState(String(slot.places));
  const [closed, setClosed] = useState(slot.closed);
  const { errors, busy, submit } = useForm();
  const path = { venue: slot.venue_id, date: slot.date, start: slot.start.replace(':', '') };
  const label = `${dayLabel(slot.date)} ${slot.start}`;
  return (
    <tr>
      <th scope="row" className={`${td} text-left text-std-16B-170`}>
        {label}〜{slot.end}
      </th>
      <td className={td}>{num(slot.booked)}</td>
      <td className={td} data-field="places">
        <Input aria-label={`${label} 人数`} inputMode="numeric" value={places} onChange={(e) => setPlaces(e.target.value)} aria-invalid={errors.fields.places ? true : undefined} className="w-24" />
        <InlineError message={errors.fields.places} />
      </td>
      <td className={td}>
        <label className="flex items-center gap-2">
          <input type="checkbox" className="size-5" checked={closed} onChange={(e) => setClosed(e.target.checked)} aria-label={`${label} 受付停止`} />
          受付停止
        </label>
      </td>
      <td className={td}>
        <div className="flex flex-wrap gap-2">
          <Button size="sm" disabled={busy || blocked} aria-label={`${label} 保存`} onClick={() => void submit(async () => {
            await call(api.PUT('/reservation-slots/{venue}/{date}/{start}', { params: { path }, body: { places: Number(places), closed, version: slot.version } }));
            onChanged();
          })}>
            保存
          </Button>
          <Button size="sm" variant="text" disabled={busy || blocked} aria-label={`${label} 削除`} onClick={() => window.confirm(`${label}の枠を削除しますか。`) && void submit(async () => {
            await call(api.DELETE('/reservation-slots/{venue}/{date}/{start}', { params: { path } }));
            onChanged();
          })}>
            削除
          </Button>
        </div>
        <InlineError message={errors.top} className="mt-1" />
      </td>
    </tr>
  );
}

/** The slots of a venue for 14 days from a date, each editable. */
function VenueSlots({ venues, today }: { venues: Venue[]; today: string | null }) {
  const [venue, setVenue] = useState('');
  const [from, setFrom] = useState('');
  const [slots, setSlots] = useState<Slot[] | null>(null);
  useEffect(() => {
    if (today && !from) setFrom(today);
  }, [today]);
  const load = () => {
    if (!venue || !from) return;
    void call(api.GET('/reservation-slots', { params: { query: { venue_id: venue, from } } })).then((v) => setSlots(v.items));
  };
  useEffect(load, [venue, from]);
  return (
    <Section title="作成済みの予約枠（人数の変更・受付停止・削除）">
      <div className="mb-4 grid items-end gap-4 desktop:grid-cols-3">
        <Field label="表示する会場" name="venue">
          {(p) => <VenueSelect {...p} venues={venues} value={venue} onChange={setVenue} />}
        </Field>
        <Field label="表示する開始日（2週間分）" name="from">
          {(p) => <Input {...p} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />}
        </Field>
      </div>
      {!venue ? (
        <Empty>会場を選んでください。</Empty>
      ) : !slots ? (
        <Loading />
      ) : slots.length === 0 ? (
        <Empty>この期間の予約枠はありません。</Empty>
      ) : (
        <Table caption="作成済みの予約枠" head={['日時', '予約数', '人数', '受付', '操作']}>
          {slots.map((s) => (
            <SlotRow key={`${s.date}${s.start}${s.version}`} slot={s} onChanged={load} />
          ))}
        </Table>
      )}
    </Section>
  );
}

/** /reservation-slots: 予約枠の設定 — the bulk plan, its preview, then creation. */
export function SlotPlan() {
  const venues = useVenues();
  const vaccines = useVaccines();
  const blocked = useWritesBlocked();
  const today = useServerToday();
  const [plan, setPlan] = useState({
    venue_id: '',
    product: '',
    first_date: '',
    last_date: '',
    weekdays: [] as Weekday[],
    start: '09:00',
    end: '17:00',
    slot_minutes: '60',
    one_per_day: false,
    people_per_slot: '4',
    breaks: [] as { start: string; end: string }[],
    include_holidays: false,
  });
  const [preview, setPreview] = useState<PlanAnswer | null>(null);
  const [created, setCreated] = useState<PlanAnswer | null>(null);
  const { errors, busy, submit } = useForm();
  useEffect(() => {
    if (today && !plan.first_date) setPlan((p) => ({ ...p, first_date: today, last_date: addDays(today, 13) }));
  }, [today]);
  const set = (change: Partial<typeof plan>) => {
    setPlan({ ...plan, ...change });
    setPreview(null);
  };
  const body = (asPreview: boolean): PlanBody => ({
    venue_id: plan.venue_id,
    product: plan.product,
    first_date: plan.first_date,
    last_date: plan.last_date,
    weekdays: plan.weekdays,
    start: plan.start,
    end: plan.end,
    slot_minutes: plan.one_per_day ? null : Number(plan.slot_minutes),
    people_per_slot: Number(plan.people_per_slot),
    breaks: plan.breaks,
    include_holidays: plan.include_holidays,
    preview: asPreview,
  });
  const run = (asPreview: boolean) => (e?: React.FormEvent) => {
    e?.preventDefault();
    setCreated(null);
    void submit(async () => {
      const answer = await call(api.POST('/reservation-slots', { body: body(asPreview) }));
      if (asPreview) setPreview(answer);
      else {
        setCreated(answer);
        setPreview(null);
      }
    });
  };
  // Errors of a list's members ("weekdays[0]", "breaks[1].end") are shown at the list.
  const errorOf = (prefix: string) => Object.entries(errors.fields).find(([k]) => k === prefix || k.startsWith(`${prefix}[`))?.[1];
  if (!venues) return <Loading />;
  return (
    <div>
      <PageTitle sub="会場・ワクチン・期間・曜日・時間帯・1枠の時間と人数を入力し、プレビューで確認してから作成します。祝日は「祝日も作成する」を選んだときだけ作成されます。">予約枠の設定</PageTitle>
      {created && (
        <div className="mb-4">
          <Banner kind="success" title={`予約枠を作成しました（${num(created.days)}日・${num(created.slots)}枠・${num(created.places)}人分）。`} />
        </div>
      )}
      <Section title="予約枠の一括作成">
        <form onSubmit={run(true)} noValidate className="flex flex-col gap-6">
          <FormError message={errors.top} />
          <div className="grid gap-6 desktop:grid-cols-2">
            <Field label="会場" name="venue_id" required error={errors.fields.venue_id}>
              {(p) => <VenueSelect {...p} venues={venues} value={plan.venue_id} onChange={(v) => set({ venue_id: v })} />}
            </Field>
            <Field label="ワクチン" name="product" required error={errors.fields.product}>
              {(p) => <VaccineSelect {...p} vaccines={vaccines} first="選択してください" value={plan.product} onChange={(v) => set({ product: v })} />}
            </Field>
            <Field label="開始日" name="first_date" required error={errors.fields.first_date}>
              {(p) => <Input {...p} type="date" value={plan.first_date} onChange={(e) => set({ first_date: e.target.value })} />}
            </Field>
            <Field label="終了日" name="last_date" required error={errors.fields.last_date}>
              {(p) => <Input {...p} type="date" value={plan.last_date} onChange={(e) => set({ last_date: e.target.value })} />}
            </Field>
          </div>
          <fieldset data-field="weekdays" className="flex flex-col gap-2">
            <legend className="text-std-17B-170 text-solid-gray-800">
              曜日 <span className="ml-2 text-oln-16N-100 text-red-800">※必須</span>
            </legend>
            <div className="flex flex-wrap gap-4">
              {WEEKDAYS.map(([k, label]) => (
                <label key={k} className="flex items-center gap-2 text-std-16N-170">
                  <input
                    type="checkbox"
                    className="size-5"
                    checked={plan.weekdays.includes(k)}
                    onChange={(e) => set({ weekdays: e.target.checked ? [...plan.weekdays, k] : plan.weekdays.filter((w) => w !== k) })}
                  />
                  {label}
                </label>
              ))}
              <label className="flex items-center gap-2 text-std-16N-170">
                <input type="checkbox" className="size-5" checked={plan.include_holidays} onChange={(e) => set({ include_holidays: e.target.checked })} />
                祝日も作成する
              </label>
            </div>
            <InlineError message={errorOf('weekdays')} />
          </fieldset>
          <div className="grid gap-6 desktop:grid-cols-4">
            <Field label="開始時刻" name="start" required error={errors.fields.start}>
              {(p) => <Input {...p} type="time" value={plan.start} onChange={(e) => set({ start: e.target.value })} />}
            </Field>
            <Field label="終了時刻" name="end" required error={errors.fields.end}>
              {(p) => <Input {...p} type="time" value={plan.end} onChange={(e) => set({ end: e.target.value })} />}
            </Field>
            <Field label="1枠の時間（分）" name="slot_minutes" error={errors.fields.slot_minutes} support="「1日1枠」のときは不要です。">
              {(p) => <Input {...p} inputMode="numeric" value={plan.slot_minutes} readOnly={plan.one_per_day} onChange={(e) => set({ slot_minutes: e.target.value })} />}
            </Field>
            <Field label="1枠の人数" name="people_per_slot" required error={errors.fields.people_per_slot}>
              {(p) => <Input {...p} inputMode="numeric" value={plan.people_per_slot} onChange={(e) => set({ people_per_slot: e.target.value })} />}
            </Field>
          </div>
          <label className="flex items-center gap-2 text-std-16N-170">
            <input type="checkbox" className="size-5" checked={plan.one_per_day} onChange={(e) => set({ one_per_day: e.target.checked })} />
            1日1枠（開始時刻から終了時刻までを1つの枠にする）
          </label>
          <fieldset className="flex flex-col gap-4">
            <legend className="text-std-17B-170 text-solid-gray-800">
              休憩時間 <span className="ml-2 text-oln-16N-100 text-solid-gray-800">任意</span>
            </legend>
            {plan.breaks.map((b, i) => (
              <div key={i} className="flex flex-wrap items-end gap-4">
                <Field label={`休憩${i + 1} 開始`} name={`breaks[${i}].start`} error={errors.fields[`breaks[${i}].start`]}>
                  {(p) => <Input {...p} type="time" value={b.start} onChange={(e) => set({ breaks: plan.breaks.map((x, j) => (j === i ? { ...x, start: e.target.value } : x)) })} />}
                </Field>
                <Field label={`休憩${i + 1} 終了`} name={`breaks[${i}].end`} error={errors.fields[`breaks[${i}].end`]}>
                  {(p) => <Input {...p} type="time" value={b.end} onChange={(e) => set({ breaks: plan.breaks.map((x, j) => (j === i ? { ...x, end: e.target.value } : x)) })} />}
                </Field>
                <Button type="button" variant="text" size="sm" onClick={() => set({ breaks: plan.breaks.filter((_, j) => j !== i) })}>
                  休憩{i + 1}を削除
                </Button>
              </div>
            ))}
            <div>
              <Button type="button" variant="outline" size="sm" onClick={() => set({ breaks: [...plan.breaks, { start: '12:00', end: '13:00' }] })}>
                休憩時間を追加
              </Button>
            </div>
          </fieldset>
          <div className="flex gap-4">
            <Button type="submit" variant="outline" disabled={busy}>
              プレビュー
            </Button>
          </div>
        </form>
      </Section>
      {preview && (
        <Section title="作成される予約枠（プレビュー）">
          <p className="mb-4 text-std-17B-170" data-testid="plan-summary">
            {num(preview.days)}日・{num(preview.slots)}枠・{num(preview.places)}人分
          </p>
          <Table caption="作成される予約枠" head={['日付', '時間', '人数']} readOnly>
            {preview.items.slice(0, 200).map((s) => (
              <tr key={`${s.date}${s.start}`}>
                <td className={td}>{dayLabel(s.date)}</td>
                <td className={td}>
                  {s.start}〜{s.end}
                </td>
                <td className={td}>{num(s.places)}</td>
              </tr>
            ))}
          </Table>
          <div className="mt-4">
            <Button type="button" disabled={busy || blocked} onClick={() => run(false)()}>
              この内容で作成
            </Button>
          </div>
        </Section>
      )}
      <VenueSlots key={created ? `${created.slots}${created.places}` : 'slots'} venues={venues} today={today} />
    </div>
  );
}

type Person = Omit<BookingBody, 'venue_id' | 'date' | 'start'>;

const blankPerson: Person = { booker_kana: '', booker_phone: '', name: '', name_kana: '', birth_date: '', category: 'elderly', dose: 1, coupon: '' };

function personOf(b: Booking, dose: number): Person {
  return {
    booker_kana: b.booker_kana,
    booker_phone: b.booker_phone,
    name: b.name,
    name_kana: b.name_kana,
    birth_date: b.birth_date,
    category: b.category as Category,
    dose,
    coupon: b.coupon,
  };
}

/** The places left of the slots found, a table per venue: a row per day, a column per start time. */
function Grid({ slots, onPick }: { slots: Slot[]; onPick: (s: Slot) => void }) {
  const venues = [...new Set(slots.map((s) => s.venue_id))];
  return (
    <>
      {venues.map((v) => {
        const mine = slots.filter((s) => s.venue_id === v);
        const times = [...new Set(mine.map((s) => s.start))].sort();
        const days = [...new Set(mine.map((s) => s.date))].sort();
        return (
          <div key={v} className="mb-6">
            <h3 className="mb-2 text-std-18B-160">
              {mine[0].venue_name}（{mine[0].product_name}）
            </h3>
            <Table caption={`${mine[0].venue_name}の空き状況`} head={['日付', ...times]}>
              {days.map((d) => (
                <tr key={d}>
                  <th scope="row" className={`${td} text-left text-std-16B-170`}>
                    {dayLabel(d)}
                  </th>
                  {times.map((t) => {
                    const s = mine.find((x) => x.date === d && x.start === t);
                    return (
                      <td key={t} className={td}>
                        {!s ? (
                          '－'
                        ) : s.left === 0 ? (
                          <span aria-label={`${dayLabel(d)} ${t} ${s.closed ? '受付停止' : '満員'}`}>{s.closed ? '停止' : '満'}</span>
                        ) : (
                          <Button type="button" variant="outline" size="sm" aria-label={`${dayLabel(d)} ${t} 残り${s.left}`} onClick={() => onPick(s)}>
                            {s.left}
                          </Button>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </Table>
          </div>
        );
      })}
    </>
  );
}

/** /reservations: 接種予約 — search the places left, pick a slot, book. */
export function Reservations() {
  const venues = useVenues();
  const vaccines = useVaccines();
  const today = useServerToday();
  const blocked = useWritesBlocked();
  const location = useLocation();
  const navigate = useNavigate();
  // From the venue's day list: the next dose of a booked person (seed 003 7.7).
  const carried = (location.state as { person?: Person; venue_id?: string } | null) ?? null;
  const [query, setQuery] = useState({ venue_id: carried?.venue_id ?? '', keyword: '', from: '', product: '' });
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [picked, setPicked] = useState<Slot | null>(null);
  const [person, setPerson] = useState<Person>(carried?.person ?? blankPerson);
  const [booked, setBooked] = useState<Booking | null>(null);
  const { errors, busy, submit } = useForm();
  const search = async (q = query) => {
    if (!q.from) return;
    const params = { from: q.from, ...(q.venue_id ? { venue_id: q.venue_id } : {}), ...(q.keyword ? { keyword: q.keyword } : {}), ...(q.product ? { product: q.product } : {}) };
    setSlots((await call(api.GET('/reservation-slots', { params: { query: params } }))).items);
  };
  useEffect(() => {
    if (today && !query.from) {
      const q = { ...query, from: today };
      setQuery(q);
      void search(q);
    }
  }, [today]);
  const set = (change: Partial<Person>) => setPerson({ ...person, ...change });
  const book = (e: React.FormEvent) => {
    e.preventDefault();
    if (!picked) return;
    void submit(async () => {
      const b = await call(api.POST('/bookings', { body: { venue_id: picked.venue_id, date: picked.date, start: picked.start, ...person, dose: Number(person.dose) } }));
      setBooked(b);
      setPicked(null);
      await search();
    });
  };
  if (!venues) return <Loading />;
  return (
    <div>
      <PageTitle sub="会場・日付で空き状況を検索し、数字（残りの人数）を選んで予約します。">接種予約</PageTitle>
      {carried?.person && !booked && (
        <div className="mb-4">
          <Banner kind="info" title={`${carried.person.name}さんの${carried.person.dose}回目の接種予約です。接種者の情報は前回の予約から入力されています。`} />
        </div>
      )}
      {booked && (
        <div className="mb-4">
          <Banner kind="success" title={`予約しました。予約番号: ${booked.reference}`}>
            {slashDate(booked.date)} {booked.start}〜 {booked.name}さん（{booked.dose}回目）
            {booked.dose < 3 && (
              <div className="mt-2">
                <Button type="button" variant="outline" size="sm" onClick={() => { setPerson(personOf(booked, booked.dose + 1)); setBooked(null); }}>
                  {booked.dose + 1}回目の接種申込
                </Button>
              </div>
            )}
          </Banner>
        </div>
      )}
      <Section title="空き状況の検索">
        <form
          className="grid items-end gap-4 desktop:grid-cols-5"
          onSubmit={(e) => {
            e.preventDefault();
            void search();
          }}
        >
          <Field label="会場" name="venue_id">
            {(p) => <VenueSelect {...p} any venues={venues} value={query.venue_id} onChange={(v) => setQuery({ ...query, venue_id: v })} />}
          </Field>
          <Field label="キーワード（会場名）" name="keyword">
            {(p) => <Input {...p} value={query.keyword} onChange={(e) => setQuery({ ...query, keyword: e.target.value })} />}
          </Field>
          <Field label="日付（2週間分）" name="from">
            {(p) => <Input {...p} type="date" value={query.from} onChange={(e) => setQuery({ ...query, from: e.target.value })} />}
          </Field>
          <Field label="ワクチン" name="product">
            {(p) => <VaccineSelect {...p} vaccines={vaccines} first="すべて" value={query.product} onChange={(v) => setQuery({ ...query, product: v })} />}
          </Field>
          <div>
            <Button type="submit">検索</Button>
          </div>
        </form>
        <div className="mt-6">{!slots ? <Loading /> : slots.length === 0 ? <Empty>この条件の予約枠はありません。</Empty> : <Grid slots={slots} onPick={(s) => { setPicked(s); setBooked(null); }} />}</div>
      </Section>
      {picked && (
        <Section title={`予約内容の入力: ${picked.venue_name} ${dayLabel(picked.date)} ${picked.start}〜${picked.end}（残り${picked.left}）`}>
          <form onSubmit={book} noValidate className="flex flex-col gap-6">
            <FormError message={errors.top} />
            {/* The slot's own refusals (e.g. a second dose too early) belong to the slot picked. */}
            {(errors.fields.date ?? errors.fields.start ?? errors.fields.venue_id) && (
              <div data-field="date">
                <Banner kind="error" title={(errors.fields.date ?? errors.fields.start ?? errors.fields.venue_id)!} />
              </div>
            )}
            <div className="grid gap-6 desktop:grid-cols-2">
              <Field label="予約者氏名（カナ）" name="booker_kana" required error={errors.fields.booker_kana}>
                {(p) => <Input {...p} value={person.booker_kana} onChange={(e) => set({ booker_kana: e.target.value })} />}
              </Field>
              <Field label="予約者電話番号" name="booker_phone" required error={errors.fields.booker_phone}>
                {(p) => <Input {...p} type="tel" value={person.booker_phone} onChange={(e) => set({ booker_phone: e.target.value })} />}
              </Field>
              <Field label="接種者氏名（漢字）" name="name" required error={errors.fields.name}>
                {(p) => <Input {...p} value={person.name} onChange={(e) => set({ name: e.target.value })} />}
              </Field>
              <Field label="接種者氏名（カナ）" name="name_kana" required error={errors.fields.name_kana}>
                {(p) => <Input {...p} value={person.name_kana} onChange={(e) => set({ name_kana: e.target.value })} />}
              </Field>
              <Field label="生年月日" name="birth_date" required error={errors.fields.birth_date}>
                {(p) => <Input {...p} type="date" value={person.birth_date} onChange={(e) => set({ birth_date: e.target.value })} />}
              </Field>
              <Field label="接種対象者分類" name="category" required error={errors.fields.category}>
                {(p) => (
                  <Select {...p} value={person.category} onChange={(e) => set({ category: e.target.value as Category })}>
                    {CATEGORIES.map(([k, label]) => (
                      <option key={k} value={k}>
                        {label}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              <Field label="接種回数" name="dose" required error={errors.fields.dose}>
                {(p) => (
                  <Select {...p} value={String(person.dose)} onChange={(e) => set({ dose: Number(e.target.value) })}>
                    {[1, 2, 3].map((d) => (
                      <option key={d} value={d}>
                        {d}回目
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              <Field label="クーポン券番号（10桁）" name="coupon" required error={errors.fields.coupon}>
                {(p) => <Input {...p} inputMode="numeric" value={person.coupon} onChange={(e) => set({ coupon: e.target.value })} />}
              </Field>
            </div>
            <div className="flex gap-4">
              <Button type="submit" disabled={busy || blocked}>
                予約する
              </Button>
              <Button type="button" variant="text" onClick={() => setPicked(null)}>
                枠を選び直す
              </Button>
            </div>
          </form>
        </Section>
      )}
      {booked && (
        <p>
          <Button type="button" variant="text" onClick={() => navigate(`/bookings?venue_id=${booked.venue_id}&date=${booked.date}`)}>
            この日の予約者一覧へ
          </Button>
        </p>
      )}
    </div>
  );
}

/** One booking's row: its actions on the day, a change of slot, cancel, the next dose. */
function BookingRow({ b, today, onChanged }: { b: Booking; today: string | null; onChanged: () => void }) {
  const navigate = useNavigate();
  const blocked = useWritesBlocked();
  const [moving, setMoving] = useState(false);
  const [to, setTo] = useState({ date: b.date, start: b.start });
  const { errors, busy, submit } = useForm();
  const path = { venue: b.venue_id, booking: b.reference };
  const act = (run: () => Promise<unknown>) => void submit(async () => {
    await run();
    onChanged();
  });
  const live = b.status === 'booked';
  return (
    <tr>
      <td className={td}>{b.start}</td>
      <td className={td}>
        {b.name}
        <br />
        <span className="text-solid-gray-600">{b.name_kana}</span>
      </td>
      <td className={td}>{slashDate(b.birth_date)}</td>
      <td className={td}>{b.category_label}</td>
      <td className={td}>{b.dose}回目</td>
      <td className={td}>{b.coupon}</td>
      <td className={td}>
        {b.booker_kana}
        <br />
        {b.booker_phone}
      </td>
      <td className={td}>{b.status_label}</td>
      <td className={td}>
        <div className="flex flex-wrap gap-2">
          {live && today !== null && b.date <= today && (
            <>
              <Button size="sm" disabled={busy || blocked} aria-label={`${b.name} 接種済`} onClick={() => act(() => call(api.PUT('/bookings/{venue}/{booking}/status', { params: { path }, body: { status: 'vaccinated', version: b.version } })))}>
                接種済
              </Button>
              <Button size="sm" variant="outline" disabled={busy || blocked} aria-label={`${b.name} 来場なし`} onClick={() => act(() => call(api.PUT('/bookings/{venue}/{booking}/status', { params: { path }, body: { status: 'no_show', version: b.version } })))}>
                来場なし
              </Button>
            </>
          )}
          {live && (
            <>
              <Button size="sm" variant="outline" disabled={blocked} aria-label={`${b.name} 変更`} onClick={() => setMoving(!moving)}>
                変更
              </Button>
              <Button size="sm" variant="text" disabled={busy || blocked} aria-label={`${b.name} キャンセル`} onClick={() => window.confirm(`${b.name}さんの予約をキャンセルしますか。`) && act(() => call(api.POST('/bookings/{venue}/{booking}/cancel', { params: { path }, body: { version: b.version } })))}>
                キャンセル
              </Button>
            </>
          )}
          {b.status !== 'no_show' && b.dose < 3 && (
            <Button size="sm" variant="text" aria-label={`${b.name} ${b.dose + 1}回目の接種申込`} onClick={() => navigate('/reservations', { state: { person: personOf(b, b.dose + 1), venue_id: b.venue_id } })}>
              {b.dose + 1}回目の接種申込
            </Button>
          )}
        </div>
        {moving && (
          <form
            className="mt-2 flex flex-wrap items-end gap-2"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              act(() => call(api.PUT('/bookings/{venue}/{booking}/slot', { params: { path }, body: { date: to.date, start: to.start, version: b.version } })));
            }}
          >
            <Field label="変更後の日付" name="date" error={errors.fields.date}>
              {(p) => <Input {...p} type="date" value={to.date} onChange={(e) => setTo({ ...to, date: e.target.value })} />}
            </Field>
            <Field label="変更後の時刻" name="start" error={errors.fields.start}>
              {(p) => <Input {...p} type="time" value={to.start} onChange={(e) => setTo({ ...to, start: e.target.value })} />}
            </Field>
            <Button type="submit" size="sm" disabled={busy || blocked}>
              変更する
            </Button>
          </form>
        )}
        <InlineError message={errors.top} className="mt-1" />
      </td>
    </tr>
  );
}

/** /bookings: 予約者一覧 — a venue's day for the reception desk. */
export function VenueBookings() {
  const venues = useVenues();
  const today = useServerToday();
  const [params, setParams] = useSearchParams();
  const venue = params.get('venue_id') ?? '';
  const date = params.get('date') ?? today ?? '';
  const [page, setPage] = useState<{ name: string; items: Booking[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    if (!venue || !date) return;
    setError(null);
    call(api.GET('/bookings', { params: { query: { venue_id: venue, date } } }))
      .then((v) => {
        const day = v as VenueDay;
        setPage({ name: day.context.venue_name, items: day.items });
      })
      .catch((e) => setError(e.message));
  };
  useEffect(() => {
    setPage(null);
    load();
  }, [venue, date]);
  if (!venues) return <Loading />;
  const counts = page && {
    booked: page.items.filter((b) => b.status === 'booked').length,
    done: page.items.filter((b) => b.status === 'vaccinated').length,
    none: page.items.filter((b) => b.status === 'no_show').length,
  };
  return (
    <div>
      <PageTitle sub="当日の受付に使う予約者の一覧です。接種済にすると、会場の接種実績に自動で計上されます（接種実績の入力は不要です）。この画面の表示と出力は記録されます。">予約者一覧</PageTitle>
      <div className="mb-6 grid items-end gap-4 desktop:grid-cols-3">
        <Field label="会場" name="venue_id">
          {(p) => <VenueSelect {...p} venues={venues} value={venue} onChange={(v) => setParams({ venue_id: v, date })} />}
        </Field>
        <Field label="接種日" name="date">
          {(p) => <Input {...p} type="date" value={date} onChange={(e) => setParams({ venue_id: venue, date: e.target.value })} />}
        </Field>
      </div>
      {error && <Banner kind="error" title={error} />}
      {!venue ? (
        <Empty>会場を選んでください。</Empty>
      ) : !page ? (
        !error && <Loading />
      ) : (
        <Section title={`${page.name} ${slashDate(date)}`} actions={<Downloads href={`/bookings?venue_id=${encodeURIComponent(venue)}&date=${date}`} what="予約者一覧" />}>
          <p className="mb-4 text-std-16N-170" data-testid="booking-counts">
            予約 {num(page.items.length)}件（予約済 {num(counts!.booked)}・接種済 {num(counts!.done)}・来場なし {num(counts!.none)}）
          </p>
          {page.items.length === 0 ? (
            <Empty>この日の予約はありません。</Empty>
          ) : (
            <Table caption={`${page.name} ${slashDate(date)} の予約者`} head={['時間', '接種者氏名', '生年月日', '接種対象者分類', '接種回数', 'クーポン券番号', '予約者', '状態', '操作']}>
              {page.items.map((b) => (
                <BookingRow key={`${b.reference}${b.version}`} b={b} today={today} onChanged={load} />
              ))}
            </Table>
          )}
        </Section>
      )}
    </div>
  );
}

/** The home screen's summary for a municipality and its call centre: today's
 * venues with their places booked and left. */
export function ReservationsToday() {
  const today = useServerToday();
  const [slots, setSlots] = useState<Slot[] | null>(null);
  useEffect(() => {
    if (today) void call(api.GET('/reservation-slots', { params: { query: { from: today, to: today } } })).then((v) => setSlots(v.items));
  }, [today]);
  const venues = [...new Set((slots ?? []).map((s) => s.venue_id))];
  return (
    <Section title={`本日の集団接種会場${today ? `（${slashDate(today)}）` : ''}`}>
      {!slots ? (
        <Loading />
      ) : venues.length === 0 ? (
        <Empty>本日の予約枠はありません。</Empty>
      ) : (
        <Table caption="本日の会場と予約数" head={['会場', '予約数', '残り', '']} readOnly>
          {venues.map((v) => {
            const mine = slots.filter((s) => s.venue_id === v);
            return (
              <tr key={v}>
                <td className={td}>{mine[0].venue_name}</td>
                <td className={td}>{num(mine.reduce((a, s) => a + s.booked, 0))}</td>
                <td className={td}>{num(mine.reduce((a, s) => a + s.left, 0))}</td>
                <td className={td}>
                  <Link className="text-key-900 underline" to={`/bookings?venue_id=${encodeURIComponent(v)}&date=${today}`} aria-label={`${mine[0].venue_name}の予約者一覧`}>
                    予約者一覧
                  </Link>
                </td>
              </tr>
            );
          })}
        </Table>
      )}
    </Section>
  );
}
