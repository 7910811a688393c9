import { describe, expect, it } from 'vitest';
import { idlePhase, secondsLeft, GUEST_WARN_MS, GUEST_END_MS } from './idle';

describe('guest idle timeout', () => {
  it.each([
    [0, 'active'],
    [GUEST_WARN_MS - 1, 'active'],
    [GUEST_WARN_MS, 'warning'],
    [GUEST_END_MS - 1, 'warning'],
    [GUEST_END_MS, 'expired'],
  ])('%d ms idle → %s', (ms, phase) => {
    expect(idlePhase(ms)).toBe(phase);
  });
  it('counts down to the end', () => {
    expect(secondsLeft(GUEST_WARN_MS)).toBe(60);
    expect(secondsLeft(GUEST_END_MS + 5000)).toBe(0);
  });
});
