import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: string[] = [];
let stored = [{ id: 1, name: 'До выхода', data: '{}', saved_at: '2026-03-10T11:00:00Z' }];
vi.mock('../shared/bindings', () => ({
  commands: {
    signOut: async () => (calls.push('signOut'), { status: 'ok', data: null }),
    registrationAbandon: async () => (calls.push('registrationAbandon'), { status: 'ok', data: null }),
    guestSessionEnd: async () => (calls.push('guestSessionEnd'), { status: 'ok', data: null }),
    pensionScenarios: async () => (calls.push('pensionScenarios'), { status: 'ok', data: stored }),
  },
}));

const { app } = await import('../app/state.svelte');
const { calc } = await import('../pension/state.svelte');
const { defaultForm } = await import('../pension/calculator');
const { endGuestSession } = await import('./session');

describe('the end of a guest session (idle timeout)', () => {
  beforeEach(() => {
    calls.length = 0;
  });

  it('signs out, drops the registration and everything typed, resets the calculator and reloads its saved list', async () => {
    app.account = { surname: 'Иванова', first_name: 'Мария', level: 'simplified', contact_masked: 'm***@example.ru', next_level: null, verification: null, remembered: false };
    app.registration = { step: 'awaiting_code', surname: 'И', first_name: 'М', channel: 'email', contact_masked: 'm***@example.ru', code_expires_at: '', resend_available_at: '' };
    app.codeBlock = { until: null };
    app.forms.register = { surname: 'Иванова', first_name: 'Мария', contact: 'maria@example.ru' };
    app.forms.code = '123456';
    app.forms.login = 'maria@example.ru';
    app.forms.recoveryCode = '654321';
    calc.form.salary = '250000';
    calc.form.wages.push({ year: '2030', salary: '0' });
    calc.saved = stored;
    stored = []; // the store was wiped

    await endGuestSession();

    expect(calls).toEqual(['guestSessionEnd', 'pensionScenarios']);
    expect(app.account).toBeNull();
    expect(app.registration).toBeNull();
    expect(app.codeBlock).toBeNull();
    expect(app.forms).toEqual({ register: { surname: '', first_name: '', contact: '' }, code: '', login: '', recoveryCode: '' });
    expect(app.recovery).toBeNull();
    expect(calc.form).toEqual(defaultForm());
    expect(calc.saved).toEqual([]);
    expect(app.screen).toBe('welcome');
  });

  it('wipes the store even when no one was signed in (the Rust side skips the portal)', async () => {
    await endGuestSession();
    expect(calls).toEqual(['guestSessionEnd', 'pensionScenarios']);
  });
});
