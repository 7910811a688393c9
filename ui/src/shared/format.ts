// How numbers, money, dates, times and countdowns are written, in one place: the same
// locale rules on every screen. Dates from the core and the portal are parsed one way
// (`YYYY-MM-DD` as a calendar day, RFC 3339 instants with `Date.parse`).

import type { Lang } from './i18n';

export const locale = (lang: Lang): string => (lang === 'ru' ? 'ru-RU' : 'en-GB');

// ---------- numbers typed by people

/**
 * "80 000,50" / "80,000.50" / "80000.5" → 80000.5; null when not a number.
 * `decimalComma`: a comma is always the decimal sign ("128,944" is 128.944, as a
 * Russian writes points), for quantities too small to be written with thousands
 * separators; otherwise "80,000" reads as eighty thousand.
 */
export function parseNumber(text: string, decimalComma = false): number | null {
  const s = text.replace(/[\s\u00a0\u202f_]/g, '').replace(/₽|руб\.?|rub/gi, '');
  if (s === '') return null;
  let t = s;
  if (t.includes(',') && t.includes('.')) t = t.replace(/,/g, '');
  else if (!decimalComma && /^-?\d{1,3}(,\d{3})+$/.test(t)) t = t.replace(/,/g, '');
  else t = t.replace(',', '.');
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

// ---------- numbers and money

// Building an Intl formatter costs far more than using one, and a repaint formats
// a hundred numbers: keep one per language and options.
const formatters = new Map<string, Intl.NumberFormat>();
export function numberFormat(lang: Lang, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = lang + JSON.stringify(opts);
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale(lang), opts);
    formatters.set(key, f);
  }
  return f;
}

/** "23 456,78 ₽" / "RUB 23,456.78". Shown in an element with `white-space: nowrap`
 * (class `amount`), so a sum never breaks across lines. */
export function formatMoney(lang: Lang, value: string | number): string {
  const n = typeof value === 'number' ? value : Number(value);
  const s = numberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
  return lang === 'ru' ? `${s} ₽` : `RUB ${s}`;
}

/** Whole roubles for slider values and chart labels: "80 000 ₽", joined by no-break
 * spaces (it sits inside running text, where CSS cannot keep it together). */
export function formatRoubles(lang: Lang, value: number): string {
  const s = numberFormat(lang, { maximumFractionDigits: 0 }).format(value);
  return lang === 'ru' ? `${s}\u00a0₽` : `RUB\u00a0${s}`;
}

/** Points and years: up to 3 decimals, local separators. */
export function formatNumber(lang: Lang, value: string | number, maxDp = 3): string {
  const n = typeof value === 'number' ? value : Number(value);
  return numberFormat(lang, { maximumFractionDigits: maxDp }).format(n);
}

// ---------- dates and times

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
function dateFormat(lang: Lang, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = lang + JSON.stringify(opts);
  let f = dateFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale(lang), opts);
    dateFormatters.set(key, f);
  }
  return f;
}

/** `YYYY-MM-DD` → "15 июня 2050 г." / "15 June 2050". */
export function formatDate(lang: Lang, iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return dateFormat(lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** `YYYY-MM` → "Декабрь 2026 г." / "December 2026" (capitalised: it starts a row). */
export function formatMonth(lang: Lang, ym: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(ym);
  if (!m) return ym;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  const text = dateFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An RFC 3339 instant as a short local date and time (the demo inbox). */
export function formatDateTime(lang: Lang, iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return dateFormat(lang, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(t));
}

/**
 * When an instant comes, as a clock time ("14:32") and, if it is not today, the day
 * ("15 июня" / "15 June"). Rounded up to the minute, so that trying again at the time
 * shown works. `past` when it has already come. Null for a bad instant.
 */
export function whenParts(
  lang: Lang,
  iso: string,
  now: number = Date.now(),
  timeZone?: string,
): { time: string; date: string | null; past: boolean } | null {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const at = new Date(Math.ceil(t / 60_000) * 60_000);
  const zone = timeZone ? { timeZone } : {};
  const time = dateFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...zone }).format(at);
  const day = dateFormat(lang, { day: 'numeric', month: 'long', ...zone });
  const sameDay = dateFormat(lang, { year: 'numeric', month: 'numeric', day: 'numeric', ...zone });
  const date = sameDay.format(at) === sameDay.format(new Date(now)) ? null : day.format(at);
  return { time, date, past: t <= now };
}

// ---------- countdowns: time left until an instant, shown as m:ss (or h:mm:ss)

/** Whole seconds from `now` until `iso` (never negative; 0 for a bad date). */
export function secondsUntil(iso: string, now: number = Date.now()): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 0;
  return Math.max(0, Math.ceil((t - now) / 1000));
}

export function formatCountdown(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** `14.06.1972` (as people write it; also `/` or `-`) → `1972-06-14`; anything else
 * as typed, for the core to name the problem. */
export function isoDate(typed: string): string {
  const s = typed.trim();
  const m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(s);
  if (!m) return s;
  const [, day = '', month = '', year = ''] = m;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** `1972-06-14` → `14.06.1972` (how the form shows a date). */
export function typedDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}
