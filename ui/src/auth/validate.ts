// Checks done before anything is sent, so obvious slips get a clear message at once —
// every field at fault at the same time (the portal stops at the first one it finds).
// The portal checks everything again; its errors are shown the same way. The name and
// contact rules follow kabinet_core::account::PersonName and kabinet_core::contact.

import type { FieldErrors } from '../shared/form.svelte';

export const PASSWORD_MIN = 8; // kabinet_core::password::MIN_CHARS
export const PASSWORD_MAX = 128; // kabinet_core::password::MAX_CHARS
export const NAME_MAX = 60; // kabinet_core::account::NAME_MAX_CHARS

const NAME_LETTER = /^[A-Za-zА-яЁё]$/;
const NAME_JOINER = /^[-'’ ]$/;

/** Letters (Cyrillic, Latin) with single hyphens, apostrophes or spaces between them. */
export function nameCharactersOk(name: string): boolean {
  let prevJoiner = true; // a name starts with a letter
  for (const c of name.split(/\s+/).filter(Boolean).join(' ')) {
    if (NAME_LETTER.test(c)) prevJoiner = false;
    else if (NAME_JOINER.test(c) && !prevJoiner) prevJoiner = true;
    else return false;
  }
  return !prevJoiner;
}

function checkName(value: string, required: string): { key: string } | undefined {
  const collapsed = value.split(/\s+/).filter(Boolean).join(' ');
  if (!collapsed) return { key: required };
  if (charCount(collapsed) > NAME_MAX) return { key: 'validation.name_too_long' };
  if (!nameCharactersOk(collapsed)) return { key: 'code.name_invalid' };
  return undefined;
}

const PHONE_SEPARATOR = /^[ \-().\u00a0\u2010-\u2015\u2212]$/;

/** A Russian mobile number as people type it (`8 (912) 345-67-89`, `+7 912 3456789`). */
export function phoneOk(input: string): boolean {
  let s = input.trim();
  const plus = s.startsWith('+');
  if (plus) s = s.slice(1);
  let digits = '';
  for (const c of s) {
    if (c >= '0' && c <= '9') digits += c;
    else if (!PHONE_SEPARATOR.test(c)) return false;
  }
  let national: string;
  if (digits.length === 11 && (digits.startsWith('7') || (!plus && digits.startsWith('8')))) national = digits.slice(1);
  else if (!plus && digits.length === 10) national = digits;
  else return false;
  return national.startsWith('9'); // mobile codes only: a landline cannot get an SMS
}

const EMAIL_LOCAL = /^[\p{Alphabetic}\p{N}!#$%&'*+/=?^_`{|}~.-]+$/u;
const EMAIL_LABEL = /^[\p{Alphabetic}\p{N}-]+$/u;

export function emailOk(input: string): boolean {
  const s = input.trim().toLowerCase();
  if (charCount(s) > 254) return false;
  const at = s.indexOf('@');
  if (at < 0) return false;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  const localOk =
    local !== '' && charCount(local) <= 64 && EMAIL_LOCAL.test(local) && !local.startsWith('.') && !local.endsWith('.') && !local.includes('..');
  if (!localOk || domain.length > 253) return false;
  const labels = domain.split('.');
  const tld = labels[labels.length - 1] ?? '';
  return (
    labels.length >= 2 &&
    labels.every((l) => l !== '' && charCount(l) <= 63 && !l.startsWith('-') && !l.endsWith('-') && EMAIL_LABEL.test(l)) &&
    charCount(tld) >= 2 &&
    (/^\p{Alphabetic}+$/u.test(tld) || tld.startsWith('xn--'))
  );
}

/**
 * The contact's problem, if it is plainly one: with an `@` it must be an e-mail
 * address, with digits a mobile number. Anything else is left to the portal.
 */
function checkContact(value: string): { key: string } | undefined {
  const s = value.trim();
  if (!s) return { key: 'validation.contact_required' };
  if (s.includes('@')) return emailOk(s) ? undefined : { key: 'code.email_invalid' };
  if (/\d/.test(s)) return phoneOk(s) ? undefined : { key: 'code.phone_invalid' };
  return undefined;
}

export function validateRegistration(f: { surname: string; first_name: string; contact: string }): FieldErrors {
  const e: FieldErrors = {};
  const surname = checkName(f.surname, 'validation.surname_required');
  if (surname) e.surname = surname;
  const firstName = checkName(f.first_name, 'validation.first_name_required');
  if (firstName) e.first_name = firstName;
  const contact = checkContact(f.contact);
  if (contact) e.contact = contact;
  return e;
}

/** Keeps digits only, so "123 456" or "123-456" pasted from a message still works. */
export function normaliseCode(s: string): string {
  return s.replace(/\D/g, '');
}

export function validateCode(code: string): FieldErrors {
  const c = normaliseCode(code);
  if (!code.trim()) return { code: { key: 'validation.code_required' } };
  if (!/^\d{6}$/.test(c)) return { code: { key: 'validation.code_format' } };
  return {};
}

/** Length in characters as people count them (code points), not UTF-16 units. */
export function charCount(s: string): number {
  return Array.from(s).length;
}

export function validatePassword(password: string, repeat: string): FieldErrors {
  const e: FieldErrors = {};
  const n = charCount(password);
  if (n === 0) e.password = { key: 'validation.password_required' };
  else if (n < PASSWORD_MIN) e.password = { key: 'validation.password_too_short', params: { min: PASSWORD_MIN } };
  else if (n > PASSWORD_MAX) e.password = { key: 'validation.password_too_long', params: { max: PASSWORD_MAX } };
  if (!repeat) e.password_repeat = { key: 'validation.repeat_required' };
  else if (!e.password && repeat !== password) e.password_repeat = { key: 'validation.password_mismatch' };
  return e;
}

export function validateSignIn(login: string, password: string): FieldErrors {
  const e: FieldErrors = {};
  if (!login.trim()) e.login = { key: 'validation.login_required' };
  if (!password) e.password = { key: 'validation.password_required' };
  return e;
}
