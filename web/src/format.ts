// Vietnamese formats for numbers, money, percentages and dates (docs/ui.md,
// "Formats"): 22.991.000.000 đ, 89,6%, dd/mm/yyyy. Dates arrive from the API
// as civil dates "YYYY-MM-DD" and are never passed through a Date object, so
// the browser's time zone cannot shift them by a day.
import type { Lang } from './messages';

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: Lang, digits: number): Intl.NumberFormat {
  const key = `${lang}:${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
      maximumFractionDigits: digits,
      minimumFractionDigits: 0,
    });
    numberFormats.set(key, f);
  }
  return f;
}

// 22991000000 → "22.991.000.000" (vi) or "22,991,000,000" (en); null → "".
export function formatNumber(v: number | null | undefined, lang: Lang = 'vi', digits = 2): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '';
  return numberFormat(lang, digits).format(v);
}

// Money is whole đồng: 22991000000 → "22.991.000.000 đ".
export function formatMoney(v: number | null | undefined, lang: Lang = 'vi'): string {
  if (v === null || v === undefined) return '';
  return `${formatNumber(Math.round(v), lang, 0)} đ`;
}

// 89.64 → "89,6%" (one decimal, none when whole).
export function formatPercent(v: number | null | undefined, lang: Lang = 'vi'): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '';
  return `${formatNumber(Math.round(v * 10) / 10, lang, 1)}%`;
}

// "2024-11-10" → "10/11/2024"; anything else is returned as it came.
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

// "10/11/2024" or "10/11/2024" typed with - or . → "2024-11-10"; null when it
// is not a real day of the calendar.
export function parseDate(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const d = Number(m[1]);
  const mo = Number(m[2]);
  const y = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  if (d > days) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// Folds text for diacritic-insensitive search: "Trùng Khánh" and "trung khanh"
// fold alike, and so do "Đông" and "dong".
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

// An instant as Vietnam's clock shows it (Asia/Ho_Chi_Minh, UTC+7 all year),
// "YYYY-MM-DDTHH:MM:SS".
function inVietnam(instant: Date): string {
  return new Date(instant.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 19);
}

// Today as a civil date in Vietnam, which is the date every deadline and
// as-of date of gemis is counted in.
export function todayInVietnam(now: Date = new Date()): string {
  return inVietnam(now).slice(0, 10);
}

// "2026-11-24T00:22:44.587Z" → "24/11/2026 07:22:44" (Vietnam time); text
// that is not a time is returned as it came.
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const v = inVietnam(d);
  return `${formatDate(v)} ${v.slice(11, 19)}`;
}

// The civil day before "YYYY-MM-DD".
export function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
