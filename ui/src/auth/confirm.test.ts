import { describe, expect, it } from 'vitest';
import { blockFrom, confirmView } from './confirm';

const now = Date.parse('2026-03-10T11:20:00Z');
const reg = { code_expires_at: '2026-03-10T11:29:51Z', resend_available_at: '2026-03-10T11:21:00Z' };

describe('the code screen', () => {
  it('shows the code, its expiry and the resend wait while the code can be entered', () => {
    expect(confirmView(reg, null, now)).toEqual({ kind: 'code', expiresIn: 591, resendIn: 60 });
  });

  it('after too many wrong codes shows only the block and when a new code may be asked for', () => {
    const block = blockFrom({ code: 'code_attempts_exhausted', retry_at: '2026-03-10T11:35:00Z' });
    expect(block).toEqual({ until: '2026-03-10T11:35:00Z' });
    expect(confirmView(reg, block, now)).toEqual({ kind: 'blocked', resendAt: '2026-03-10T11:35:00Z' });
    // Once that time has come, the one action is to ask for a new code.
    expect(confirmView(reg, block, Date.parse('2026-03-10T11:35:00Z'))).toEqual({ kind: 'blocked', resendAt: null });
  });

  it('treats "wrong, 0 attempts left" as blocked, and takes the later of the block and the resend wait', () => {
    const block = blockFrom({ code: 'code_wrong', attempts_left: 0, retry_at: null });
    expect(block).toEqual({ until: null });
    expect(confirmView(reg, block, now)).toEqual({ kind: 'blocked', resendAt: '2026-03-10T11:21:00Z' });
    const later = { ...reg, resend_available_at: '2026-03-10T11:40:00Z' };
    expect(confirmView(later, { until: '2026-03-10T11:35:00Z' }, now)).toEqual({ kind: 'blocked', resendAt: '2026-03-10T11:40:00Z' });
    expect(confirmView(reg, { until: 'garbage' }, Date.parse('2026-03-10T11:22:00Z'))).toEqual({ kind: 'blocked', resendAt: null });
  });

  it('does not block on other errors', () => {
    expect(blockFrom({ code: 'code_wrong', attempts_left: 2 })).toBeNull();
    expect(blockFrom({ code: 'code_expired' })).toBeNull();
    expect(blockFrom({ code: 'resend_too_soon', retry_at: '2026-03-10T11:21:00Z' })).toBeNull();
  });
});
