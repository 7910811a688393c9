import { describe, expect, it } from 'vitest';
import { dictionaries, translate, errorText, mergeMessages, pluralForm, whenText } from './i18n';
import { FEATURE_MESSAGES } from '../app/i18n';

// The portal's ErrorCode and the app's ClientCode (src-tauri/error.rs): every code
// the UI can receive must have a translated message in both languages.
const CODES = [
  'malformed_request', 'payload_too_large', 'idempotency_key_missing', 'idempotency_key_reused',
  'unsupported_media_type', 'not_found', 'value_invalid', 'paper_receipt_not_found', 'method_not_allowed', 'required', 'name_invalid',
  'contact_invalid', 'phone_invalid', 'email_invalid', 'code_wrong', 'code_expired',
  'code_attempts_exhausted', 'resend_too_soon', 'registration_wrong_step', 'registration_not_found',
  'password_too_short', 'password_too_long', 'password_mismatch', 'password_too_common',
  'password_contains_personal_data', 'invalid_credentials', 'unauthenticated', 'session_expired',
  'rate_limited', 'internal', 'unavailable',
  'network_unreachable', 'tls_untrusted', 'portal_start_failed', 'unexpected_response',
  'config_invalid', 'store_failed', 'keyring_failed', 'not_signed_in', 'no_registration',
  'bad_idempotency_key', 'not_demo', 'draft_invalid', 'guest_no_files',
  // identity documents and the standard level
  'validation_failed', 'too_long', 'name_not_cyrillic', 'date_invalid', 'date_in_future', 'snils_invalid',
  'snils_check_digits', 'passport_series_invalid', 'passport_number_invalid', 'passport_issued_before_age14',
  'division_code_invalid', 'document_number_invalid', 'postcode_invalid', 'snils_already_registered',
  'checks_in_progress', 'level_already_reached', 'standard_level_required', 'verified_level_required', 'address_required',
  'letter_not_found', 'letter_too_soon', 'letter_code_wrong', 'letter_code_expired',
  'operator_wrong_office', 'operator_own_account', 'transition_refused', 'file_too_large', 'file_type_not_allowed', 'attachment_unknown', 'request_timeout', 'sign_in_disabled',
  // kabinet_core::pension::PensionErrorCode (the calculator)
  'empty_input', 'invalid_json', 'unknown_field', 'missing_field', 'invalid_value', 'out_of_range',
  'conflict', 'claim_before_right', 'parameters_unavailable',
  // the portal's signed parameter table (src-tauri/pension/params.rs)
  'params_untrusted', 'params_invalid',
];

describe('i18n', () => {
  it.each(Object.entries(FEATURE_MESSAGES))('%s/messages.ts has the same keys in Russian and English', (_feature, table) => {
    const ru = Object.keys(table.ru).sort();
    const en = Object.keys(table.en).sort();
    expect(en.filter((k) => !ru.includes(k))).toEqual([]);
    expect(ru.filter((k) => !en.includes(k))).toEqual([]);
  });

  it('merges the feature tables and refuses a key defined twice', () => {
    const total = Object.values(FEATURE_MESSAGES).reduce((n, m) => n + Object.keys(m.ru).length, 0);
    expect(Object.keys(dictionaries.ru)).toHaveLength(total);
    expect(() => mergeMessages({ a: { ru: { x: '1' }, en: { x: '1' } }, b: { ru: { x: '2' }, en: { x: '2' } } })).toThrow(/x is defined by both a and b/);
  });

  it('has the same keys in Russian and English', () => {
    const ru = Object.keys(dictionaries.ru).sort();
    const en = Object.keys(dictionaries.en).sort();
    expect(en.filter((k) => !ru.includes(k))).toEqual([]);
    expect(ru.filter((k) => !en.includes(k))).toEqual([]);
  });

  it('has no empty strings and the same placeholders in both languages', () => {
    for (const [key, text] of Object.entries(dictionaries.ru)) {
      const other = dictionaries.en[key] ?? '';
      expect(text.trim(), key).not.toBe('');
      expect(other.trim(), key).not.toBe('');
      const params = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(params(other), key).toEqual(params(text));
    }
  });

  it('fills placeholders and falls back to the key', () => {
    expect(translate('ru', 'home.heading', { name: 'Мария Иванова' })).toBe('Здравствуйте, Мария Иванова');
    expect(translate('en', 'home.heading', { name: 'Maria' })).toBe('Hello, Maria');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });

  it('names every level and every service a level unlocks (kabinet_core::account)', () => {
    const keys = ['simplified', 'standard', 'verified'].map((l) => `level.${l}`).concat(
      ['pension_rights', 'fines_payment', 'tax_debts', 'certificates_online', 'pension_application',
        'documents_replacement', 'electronic_signature_services'].map((u) => `unlock.${u}`),
    );
    for (const k of keys) expect(Object.keys(dictionaries.ru)).toContain(k);
  });

  it('shows the simplified level as «Упрощённая»', () => {
    expect(translate('ru', 'level.simplified')).toBe('Упрощённая');
    expect(translate('en', 'level.simplified')).toBe('Simplified');
  });
});

describe('plurals', () => {
  it('picks the plural form by the language rules', () => {
    const ru = 'год|года|лет|года';
    expect([1, 2, 5, 11, 21, 22, 25, 1.5].map((n) => pluralForm('ru', n, ru))).toEqual(
      ['год', 'года', 'лет', 'лет', 'год', 'года', 'лет', 'года'],
    );
    expect([1, 2, 1.5].map((n) => pluralForm('en', n, 'year|years|years|years'))).toEqual(['year', 'years', 'years']);
  });
});

describe('error codes', () => {
  it('maps every known code to its own text in both languages', () => {
    for (const code of CODES) {
      for (const lang of ['ru', 'en'] as const) {
        const text = errorText(lang, { code });
        expect(text, `${lang}:${code}`).toBe(translate(lang, `code.${code}`));
        expect(text).not.toBe(translate(lang, 'code.unknown'));
      }
    }
  });

  it('says how many attempts are left for a wrong code', () => {
    expect(errorText('ru', { code: 'code_wrong', attempts_left: 2 })).toBe('Код неверный. Осталось попыток: 2');
    expect(errorText('en', { code: 'code_wrong', attempts_left: null })).toBe('The code is wrong');
  });

  it('says until when, from the error\'s retry_at, rounded up to the minute', () => {
    const now = Date.parse('2026-03-10T11:20:00Z'); // 14:20 in Moscow
    const tz = { now, timeZone: 'Europe/Moscow' };
    const resend = { code: 'resend_too_soon', retry_at: '2026-03-10T11:31:20Z' };
    expect(errorText('ru', resend, tz)).toBe('Новый код можно запросить в 14:32.');
    expect(errorText('en', resend, tz)).toBe('You can ask for a new code at 14:32.');
    const signIn = { code: 'rate_limited', retry_at: '2026-03-10T11:47:00Z' };
    const overrides = { rate_limited: 'signin.rate_limited' };
    expect(errorText('ru', signIn, { ...tz, overrides })).toBe('Слишком много неудачных попыток входа. Попробуйте снова в 14:47.');
    expect(errorText('en', signIn, { ...tz, overrides })).toBe('Too many failed sign-in attempts. Try again at 14:47.');
    expect(errorText('ru', signIn, tz)).toBe('Слишком много попыток подряд. Попробуйте снова в 14:47.');
    // Another day: the date too; already passed: now.
    expect(errorText('en', { ...resend, retry_at: '2026-03-11T06:05:00Z' }, tz)).toBe('You can ask for a new code on 11 March at 09:05.');
    expect(errorText('ru', { ...resend, retry_at: '2026-03-11T06:05:00Z' }, tz)).toBe('Новый код можно запросить 11 марта в 09:05.');
    expect(whenText('ru', '2026-03-10T11:00:00Z', now, 'Europe/Moscow')).toBe('сейчас');
    // No time given, or a bad one: still says why, without a time.
    expect(errorText('ru', { code: 'rate_limited', retry_at: 'soon' }, { overrides })).toBe(translate('ru', 'signin.rate_limited'));
    expect(errorText('en', { code: 'resend_too_soon', retry_at: null })).toBe(translate('en', 'code.resend_too_soon'));
  });

  it('calls a code with no attempts left blocked, not "0 attempts left"', () => {
    expect(errorText('ru', { code: 'code_wrong', attempts_left: 0 })).toBe(translate('ru', 'code.code_attempts_exhausted'));
    const now = Date.parse('2026-03-10T11:20:00Z');
    expect(errorText('en', { code: 'code_attempts_exhausted', retry_at: '2026-03-10T11:35:00Z' }, { now, timeZone: 'Europe/Moscow' })).toBe(
      'The code is blocked: it was entered wrongly too many times. You can ask for a new code at 14:35.',
    );
  });

  it('gives a generic message for an unknown code', () => {
    expect(errorText('en', { code: 'something_new' })).toBe('Something went wrong. Try again');
  });
});
