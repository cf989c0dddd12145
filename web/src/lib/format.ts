// Numbers and dates as the screens write them.

/** 3000 → "3,000". */
export const num = (n: number) => n.toLocaleString('ja-JP');

/** "2021-07-19" → "2021/07/19"; empty when absent. */
export const slashDate = (d?: string | null) => (d ? d.replaceAll('-', '/') : '');
