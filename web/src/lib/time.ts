// Deadlines as the screens state them. What is left is counted by the
// server's clock (the API's minutes_left), never by the PC's.
export function remaining(minutesLeft: number | null | undefined): string {
  if (minutesLeft == null || minutesLeft <= 0) return '締切を過ぎました';
  const h = Math.floor(minutesLeft / 60);
  const m = minutesLeft % 60;
  if (h >= 48) return `締切まであと${Math.floor(h / 24)}日`;
  return `締切まであと${h}時間${m}分`;
}

/** "2021-07-06T15:00:00+09:00" → "2021-07-06 15:00" (already Japan time). */
export function shortJst(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16);
}

/** Today in Japan as the API writes a date ("2021-07-20"), by the PC's clock. */
export function todayJst(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
}

/** A datetime-local value ("2022-02-08T15:00", Japan time) as the API takes it. */
export function fromLocalJst(local: string): string {
  return local ? `${local}:00+09:00` : '';
}

/** The API's "2022-02-08T15:00:00+09:00" as a datetime-local value. */
export function toLocalJst(iso: string): string {
  return iso.slice(0, 16);
}
