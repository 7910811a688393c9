import { describe, expect, it } from 'vitest';
import { ActionKeys, newKey, settle } from './idempotency';

describe('idempotency keys', () => {
  it('are 128-bit hex and differ', () => {
    const a = newKey();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(newKey()).not.toBe(a);
  });

  it('reuse the key for the same action and input until it is settled', () => {
    let n = 0;
    const keys = new ActionKeys(() => `k${++n}`);
    const first = keys.keyFor('register', { a: 1 });
    expect(keys.keyFor('register', { a: 1 })).toBe(first); // double click / retry
    expect(keys.keyFor('confirm', '123456')).not.toBe(first); // another action
    const changed = keys.keyFor('register', { a: 2 }); // the person changed the input
    expect(changed).not.toBe(first);
    keys.done('register');
    expect(keys.keyFor('register', { a: 2 })).not.toBe(changed); // a new action
  });

  it('keep the key after an uncertain outcome, drop it after a definite one', () => {
    const keys = new ActionKeys();
    const k = keys.keyFor('resend');
    settle(keys, 'resend', 'network_unreachable');
    expect(keys.keyFor('resend')).toBe(k);
    settle(keys, 'resend', 'resend_too_soon');
    expect(keys.keyFor('resend')).not.toBe(k);
    const k2 = keys.keyFor('resend');
    settle(keys, 'resend', null);
    expect(keys.keyFor('resend')).not.toBe(k2);
  });
});
