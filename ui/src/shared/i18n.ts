// The translation machinery: every string on screen comes from the features' message
// tables (`<feature>/messages.ts`, Russian and English side by side), merged here.
// Russian is the default; English must be complete (a test checks every table).

import { locale, whenParts } from './format';

export type Lang = 'ru' | 'en';
export const LANGS: readonly Lang[] = ['ru', 'en'];

export type Params = Record<string, string | number>;

/** One feature's strings: the same keys in both languages. */
export interface Messages {
  ru: Record<string, string>;
  en: Record<string, string>;
}

export type Dictionaries = Record<Lang, Record<string, string>>;

/** The merged tables, filled once by `useMessages` (app/i18n.ts) before the first paint. */
export const dictionaries: Dictionaries = { ru: {}, en: {} };

/** Merges the features' tables; a key defined by two features is a mistake. */
export function mergeMessages(tables: Record<string, Messages>): Dictionaries {
  const out: Dictionaries = { ru: {}, en: {} };
  const owner = new Map<string, string>();
  for (const [feature, table] of Object.entries(tables)) {
    for (const lang of LANGS) {
      for (const [key, text] of Object.entries(table[lang])) {
        const held = owner.get(`${lang}:${key}`);
        if (held) throw new Error(`message ${key} is defined by both ${held} and ${feature}`);
        owner.set(`${lang}:${key}`, feature);
        out[lang][key] = text;
      }
    }
  }
  return out;
}

export function useMessages(tables: Record<string, Messages>): void {
  const merged = mergeMessages(tables);
  for (const lang of LANGS) Object.assign(dictionaries[lang], merged[lang]);
}

/** Looks `key` up in `lang`, then Russian, then shows the key itself (never blank). */
export function translate(lang: Lang, key: string, params: Params = {}): string {
  const text = dictionaries[lang][key] ?? dictionaries.ru[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function isLang(s: unknown): s is Lang {
  return s === 'ru' || s === 'en';
}

/** The shape of the app's boundary error (see bindings `AppError`). */
export interface CodedError {
  code: string;
  attempts_left?: number | null;
  retry_at?: string | null;
}

export interface ErrorTextOptions {
  /** Code → message key for this screen, e.g. `rate_limited` → `signin.rate_limited`
   * (the same code means different things on different screens). */
  overrides?: Record<string, string>;
  now?: number;
  /** For tests; the local time zone otherwise. */
  timeZone?: string;
}

/** "в 14:32" / "at 14:32" (another day: "15 июня в 14:32" / "on 15 June at 14:32"). */
export function whenText(lang: Lang, iso: string, now: number = Date.now(), timeZone?: string): string | null {
  const w = whenParts(lang, iso, now, timeZone);
  if (!w) return null;
  if (w.past) return translate(lang, 'time.now');
  return w.date === null ? translate(lang, 'time.at', { time: w.time }) : translate(lang, 'time.on_at', { date: w.date, time: w.time });
}

/**
 * The translated text for an error code; unknown codes get a generic message. When the
 * error says when to try again (`retry_at`) and the message has an `_at` form, that
 * form says until when.
 */
export function errorText(lang: Lang, err: CodedError, opts: ErrorTextOptions = {}): string {
  let code = err.code;
  if (code === 'code_wrong' && typeof err.attempts_left === 'number') {
    // No attempts left is not "wrong, 0 left": the code is blocked.
    if (err.attempts_left > 0) return translate(lang, 'code.code_wrong_left', { n: err.attempts_left });
    code = 'code_attempts_exhausted';
  }
  const key = opts.overrides?.[code] ?? `code.${code}`;
  if (!(key in dictionaries.ru)) return translate(lang, 'code.unknown');
  const when = err.retry_at ? whenText(lang, err.retry_at, opts.now, opts.timeZone) : null;
  if (when !== null && `${key}_at` in dictionaries.ru) return translate(lang, `${key}_at`, { when });
  return translate(lang, key);
}

const pluralRules = new Map<Lang, Intl.PluralRules>();

/**
 * The word form for `n` from "one|few|many|other" (Russian: "год|года|лет|года";
 * English: "year|years|years|years"), by the language's plural rules. The one plural
 * function of the UI: every count in words goes through it.
 */
export function pluralForm(lang: Lang, n: number, forms: string): string {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(locale(lang));
    pluralRules.set(lang, rules);
  }
  const [one = '', few = one, many = few, other = many] = forms.split('|');
  const cat = rules.select(n);
  return cat === 'one' ? one : cat === 'few' ? few : cat === 'many' ? many : other;
}
