// Deadlines as the screens state them: in Japan time, with what is left.
export function remaining(deadline: string, now: Date = new Date()): string {
  const ms = new Date(deadline).getTime() - now.getTime();
  if (Number.isNaN(ms)) return '';
  if (ms <= 0) return '締切を過ぎました';
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  if (h >= 48) return `締切まであと${Math.floor(h / 24)}日`;
  return `締切まであと${h}時間${m}分`;
}

export function jst(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('ja-JP', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}
