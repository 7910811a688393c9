import { describe, expect, it } from 'vitest';
import { formatCountdown, secondsUntil } from './format';

describe('countdown', () => {
  it.each([
    [0, '0:00'],
    [5, '0:05'],
    [59, '0:59'],
    [60, '1:00'],
    [600, '10:00'],
    [3661, '1:01:01'],
    [-3, '0:00'],
    [59.9, '0:59'],
  ])('%d s → %s', (s, text) => {
    expect(formatCountdown(s)).toBe(text);
  });

  it('counts whole seconds up to an instant, never below zero', () => {
    const now = Date.parse('2026-01-01T10:00:00Z');
    expect(secondsUntil('2026-01-01T10:01:00Z', now)).toBe(60);
    expect(secondsUntil('2026-01-01T10:00:00.200Z', now)).toBe(1);
    expect(secondsUntil('2026-01-01T09:00:00Z', now)).toBe(0);
    expect(secondsUntil('not a date', now)).toBe(0);
  });
});
