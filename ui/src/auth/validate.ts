// Checks done before anything is sent, so obvious slips get a clear message at once.
// The portal checks everything again; its errors are shown the same way.

export const PASSWORD_MIN = 8; // kabinet_core::password::MIN_CHARS
export const PASSWORD_MAX = 128; // kabinet_core::password::MAX_CHARS
export const NAME_MAX = 60; // kabinet_core::account::NAME_MAX_CHARS

import type { FieldErrors } from '../shared/form.svelte';

export function validateRegistration(f: { surname: string; first_name: string; contact: string }): FieldErrors {
  const e: FieldErrors = {};
  if (!f.surname.trim()) e.surname = { key: 'validation.surname_required' };
  else if (f.surname.trim().length > NAME_MAX) e.surname = { key: 'validation.name_too_long' };
  if (!f.first_name.trim()) e.first_name = { key: 'validation.first_name_required' };
  else if (f.first_name.trim().length > NAME_MAX) e.first_name = { key: 'validation.name_too_long' };
  if (!f.contact.trim()) e.contact = { key: 'validation.contact_required' };
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
