import { describe, expect, it } from 'vitest';
import { todayHours } from './centres';

const week = [
  ...Array.from({ length: 5 }, () => ({ opens: '08:00', closes: '20:00' })),
  { opens: '09:00', closes: '18:00' },
  null,
];

describe('service centres', () => {
  it("reads today's hours in the centre's own time", () => {
    // 2026-12-05 is a Saturday; 20:00 UTC is already Sunday in Novosibirsk (+7).
    const cases: [string, number, unknown][] = [
      ['2026-12-02T10:00:00Z', 180, { opens: '08:00', closes: '20:00' }], // Wednesday
      ['2026-12-05T10:00:00Z', 180, { opens: '09:00', closes: '18:00' }], // Saturday
      ['2026-12-05T20:00:00Z', 420, null], // Sunday there: closed
      ['2026-12-06T22:30:00Z', 180, { opens: '08:00', closes: '20:00' }], // Monday 01:30 in Moscow
    ];
    for (const [at, offset, expected] of cases) {
      expect(todayHours(week, offset, new Date(at)), `${at} +${offset}`).toEqual(expected);
    }
  });
});
