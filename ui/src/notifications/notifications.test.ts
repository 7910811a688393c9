import { describe, expect, it } from 'vitest';
import { badge, merge, olderAfter } from './notifications';

describe('the inbox', () => {
  it('merges pages newest first, each event once', () => {
    const ids = (xs: { id: number }[]) => xs.map((x) => x.id);
    expect(ids(merge([{ id: 3 }, { id: 2 }], [{ id: 2 }, { id: 4 }, { id: 5 }]))).toEqual([5, 4, 3, 2]);
    expect(ids(merge([], []))).toEqual([]);
  });

  it('says how many are unread, briefly', () => {
    const cases: [number, string][] = [[0, ''], [-1, ''], [1, '1'], [99, '99'], [100, '99+']];
    for (const [n, text] of cases) expect(badge(n), String(n)).toBe(text);
  });

  it('asks for the page before the oldest held event', () => {
    expect(olderAfter([], 50)).toBeNull();
    expect(olderAfter([{ id: 1 }], 50)).toBeNull();
    expect(olderAfter([{ id: 80 }, { id: 60 }], 50)).toBe(9);
    expect(olderAfter([{ id: 30 }], 50)).toBe(0);
  });
});
