import { describe, expect, it } from 'vitest';
import { validateRegistration, validateCode, validatePassword, validateSignIn, normaliseCode, charCount, nameCharactersOk, phoneOk, emailOk } from './validate';

const keys = (e: Record<string, { key: string }>) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v.key]));

describe('registration form', () => {
  it('asks for each missing field', () => {
    expect(keys(validateRegistration({ surname: ' ', first_name: '', contact: '' }))).toEqual({
      surname: 'validation.surname_required',
      first_name: 'validation.first_name_required',
      contact: 'validation.contact_required',
    });
  });
  it('accepts a complete form and limits name length', () => {
    expect(validateRegistration({ surname: 'Иванова', first_name: 'Мария', contact: '+79123456789' })).toEqual({});
    expect(keys(validateRegistration({ surname: 'я'.repeat(61), first_name: 'М', contact: 'x' }))).toEqual({
      surname: 'validation.name_too_long',
    });
  });
});

describe('confirmation code', () => {
  it.each([
    ['', 'validation.code_required'],
    ['12345', 'validation.code_format'],
    ['12a456', 'validation.code_format'],
  ])('%j → %s', (code, key) => {
    expect(keys(validateCode(code))).toEqual({ code: key });
  });
  it('accepts 6 digits with spaces or dashes', () => {
    expect(validateCode('123 456')).toEqual({});
    expect(normaliseCode(' 123-456 ')).toBe('123456');
  });
});

describe('password', () => {
  it('checks length in characters and the repeat', () => {
    expect(keys(validatePassword('', ''))).toEqual({
      password: 'validation.password_required',
      password_repeat: 'validation.repeat_required',
    });
    expect(keys(validatePassword('short', 'short'))).toEqual({ password: 'validation.password_too_short' });
    expect(keys(validatePassword('x'.repeat(129), 'x'))).toEqual({ password: 'validation.password_too_long' });
    expect(keys(validatePassword('correct horse', 'correct horsE'))).toEqual({
      password_repeat: 'validation.password_mismatch',
    });
    expect(validatePassword('correct horse', 'correct horse')).toEqual({});
  });
  it('counts emoji and Cyrillic as one character each', () => {
    expect(charCount('пароль🙂')).toBe(7);
  });
});

describe('sign-in', () => {
  it('needs both fields', () => {
    expect(keys(validateSignIn('', ''))).toEqual({
      login: 'validation.login_required',
      password: 'validation.password_required',
    });
    expect(validateSignIn('a@b.ru', 'p')).toEqual({});
  });
});

describe('every mistake at once', () => {
  it('names the surname and the phone together (the portal would stop at the first)', () => {
    expect(keys(validateRegistration({ surname: 'Смирнов1', first_name: 'Иван', contact: '8-912-ABC-67-89' }))).toEqual({
      surname: 'code.name_invalid',
      contact: 'code.phone_invalid',
    });
  });

  it('follows the core name rules', () => {
    for (const ok of ['Петров-Водкин', "O'Neil", 'Мария  Луиза', 'Ёлкина', 'д’Артаньян']) expect(nameCharactersOk(ok), ok).toBe(true);
    for (const bad of ['Смирнов1', '-Петров', 'Петров-', 'Иван--ов', 'Smith_', 'Ivan!']) expect(nameCharactersOk(bad), bad).toBe(false);
    expect(keys(validateRegistration({ surname: 'Иванова', first_name: '-', contact: 'a@b.ru' }))).toEqual({ first_name: 'code.name_invalid' });
  });

  it('follows the core phone and e-mail rules', () => {
    for (const ok of ['+7 912 345-67-89', '8 (912) 345-67-89', '89123456789', '7-912-345-67-89', '912 345 67 89']) expect(phoneOk(ok), ok).toBe(true);
    for (const bad of ['8-912-ABC-67-89', '+8 912 345 67 89', '8 495 123-45-67', '12345', '+7 912 345 67 8']) expect(phoneOk(bad), bad).toBe(false);
    for (const ok of ['ivanova@example.ru', 'Maria.Ivanova+tag@Example.RU', 'иван@почта.рф']) expect(emailOk(ok), ok).toBe(true);
    for (const bad of ['ivanova@', '@example.ru', 'a..b@example.ru', 'a@example', 'a@-x.ru', 'a@example.r']) expect(emailOk(bad), bad).toBe(false);
    expect(keys(validateRegistration({ surname: 'Иванова', first_name: 'Мария', contact: 'maria@example' }))).toEqual({ contact: 'code.email_invalid' });
  });
});
