import { describe, expect, it } from 'vitest';
import type { CheckStatus, Profile, RegistryCheckView, CheckFailure } from '../shared/bindings';
import { advice, latestAnswer, sentText, shouldPoll, standardStatus, steps, CHECK_FAILURES } from './tasks';
import { dictionaries } from '../shared/i18n';
import '../app/i18n';

const check = (kind: 'passport' | 'snils', status: CheckStatus, failure: CheckFailure | null = null): RegistryCheckView => ({
  kind, status, failure, updated_at: '2026-12-02T10:00:00Z',
});
const profile = (checks: RegistryCheckView[], level: Profile['level'] = 'simplified'): Profile => ({
  submitted: null, submitted_at: checks.length ? '2026-12-02T10:00:00Z' : null, checks, inn: null, level,
});

describe('the task list on Home', () => {
  it('says where the standard level stands', () => {
    expect(standardStatus('simplified', null)).toBe('not_started');
    expect(standardStatus('simplified', profile([]))).toBe('not_started');
    expect(standardStatus('simplified', profile([check('passport', 'waiting'), check('snils', 'in_progress')]))).toBe('in_progress');
    expect(standardStatus('simplified', profile([check('passport', 'done'), check('snils', 'failed', 'snils_other_person')]))).toBe('action_needed');
    expect(standardStatus('simplified', profile([check('passport', 'done'), check('snils', 'done')]))).toBe('in_progress');
    expect(standardStatus('simplified', profile([check('passport', 'done'), check('snils', 'done')], 'standard'))).toBe('done');
    expect(standardStatus('standard', null)).toBe('done');
  });

  it('lists the three levels, verified only after standard', () => {
    expect(steps('simplified', null).map((s) => s.status)).toEqual(['done', 'not_started', 'cannot_start']);
    expect(steps('standard', null).map((s) => s.status)).toEqual(['done', 'done', 'not_started']);
    expect(steps('verified', null).map((s) => s.status)).toEqual(['done', 'done', 'done']);
  });

  it('polls while a check waits or runs, and stops when they end', () => {
    expect(shouldPoll(null)).toBe(false);
    expect(shouldPoll(profile([]))).toBe(false);
    expect(shouldPoll(profile([check('passport', 'waiting'), check('snils', 'done')]))).toBe(true);
    expect(shouldPoll(profile([check('passport', 'in_progress'), check('snils', 'failed', 'not_found')]))).toBe(true);
    expect(shouldPoll(profile([check('passport', 'done'), check('snils', 'failed', 'not_found')]))).toBe(false);
    // Both done, the level not yet raised: one more look.
    expect(shouldPoll(profile([check('passport', 'done'), check('snils', 'done')]))).toBe(true);
    expect(shouldPoll(profile([check('passport', 'done'), check('snils', 'done')], 'standard'))).toBe(false);
  });

  it('advises on every failure in both languages, with a way on', () => {
    expect(advice(check('passport', 'done'))).toBeNull();
    expect(advice(check('passport', 'failed', 'passport_replaced'))).toEqual({ key: 'check.failure.passport.passport_replaced', action: 'edit' });
    expect(advice(check('snils', 'failed', 'registry_unavailable'))?.action).toBe('resend');
    for (const kind of ['passport', 'snils'] as const) {
      for (const f of CHECK_FAILURES) {
        const key = advice(check(kind, 'failed', f))?.key ?? '';
        expect(dictionaries.ru[key], key).toBeTruthy();
        expect(dictionaries.en[key], key).toBeTruthy();
      }
    }
    expect(dictionaries.ru['check.failure.passport.passport_replaced']).toBe('Паспорт заменён на новый — укажите данные нового паспорта');
  });

  it('says when the answer comes at the latest: five days after sending', () => {
    expect(latestAnswer('2026-12-02T10:00:00Z')).toBe('2026-12-07T10:00:00.000Z');
    expect(latestAnswer(null)).toBeNull();
  });
});

describe('times in words', () => {
  it('says the day and the minute something was sent', () => {
    expect(sentText('ru', '2026-12-02T10:52:19Z', 'UTC')).toBe('2 декабря в 10:52');
    expect(sentText('en', '2026-12-02T10:52:19Z', 'UTC')).toBe('on 2 December at 10:52');
  });
});
