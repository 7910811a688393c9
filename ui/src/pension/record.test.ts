import { describe, expect, it } from 'vitest';
import { yearBars, flaggedYears, labelStep, showLabel, timeline } from './record';

describe('yearBars', () => {
  it('splits a year by employer with credited points last', () => {
    const bars = yearBars({
      years: [
        { year: 2021, wage: '0', counted_wage: '0', max_base: '0', cap: '10', wage_points: '3.5',
          by_employer: [{ employer: 'A', points: '2.5' }, { employer: 'B', points: '1' }, { employer: 'C', points: '0' }],
          credited_points: '1.8', length_days: 365 },
      ],
    });
    expect(bars[0]!.segments.map((s) => s.key)).toEqual(['A', 'B', 'credited']);
    expect(bars[0]!.total).toBeCloseTo(5.3);
  });
});

describe('flaggedYears', () => {
  it('collects flagged years of every employer', () => {
    const mk = (year: number, flagged: boolean) => ({ year, wage: '0', accrued: '0', paid: '0', due: '0', months: [], flagged });
    const set = flaggedYears({
      employers: [
        { reg_number: '1', inn: '1', name: 'A', periods: [], years: [mk(2021, true), mk(2022, false)] },
        { reg_number: '2', inn: '2', name: 'B', periods: [], years: [mk(2023, true)] },
      ],
    });
    expect([...set].sort()).toEqual([2021, 2023]);
  });
});

describe('label thinning', () => {
  it('shows every label when they fit, thins when they do not', () => {
    expect(labelStep(60, 40)).toBe(1);
    expect(labelStep(30, 80)).toBe(3);
    expect(labelStep(0, 80)).toBe(1);
  });
  it('keeps the first and the last', () => {
    const shown = Array.from({ length: 10 }, (_, i) => i).filter((i) => showLabel(i, 10, 3));
    expect(shown).toEqual([0, 3, 6, 9]);
  });
});

describe('timeline', () => {
  const employer = (reg: string, periods: { from: string; to: string | null }[]) =>
    ({ reg_number: reg, inn: '', name: reg, years: [], periods: periods.map((p) => ({ ...p, position: null })) });
  it('puts periods on one axis from the first year to today, earliest row first', () => {
    const t = timeline(
      {
        employers: [employer('B', [{ from: '2022-01-01', to: null }]), employer('A', [{ from: '2015-01-01', to: '2018-12-31' }])],
        credited: [{ kind: 'military_service', child: null, from: '2019-01-01', to: '2019-12-31', points: '1.8' }],
      } as never,
      '2026-12-31',
    )!;
    expect(t.first).toBe(2015);
    expect(t.last).toBe(2026);
    expect(t.rows.map((r) => r.key)).toEqual(['A', 'military_service', 'B']);
    const a = t.rows[0]!.spans[0]!;
    expect(a.x).toBe(0);
    expect(a.w).toBeCloseTo(4 / 12, 2);
    const open = t.rows[2]!.spans[0]!;
    expect(open.x).toBeCloseTo(7 / 12, 2);
    expect(open.x + open.w).toBeCloseTo(1, 2);
    expect(t.ticks.length).toBe(12);
    expect(timeline({ employers: [], credited: [] } as never, '2026-01-01')).toBeNull();
  });
  it('thins the ticks', () => {
    const t = timeline({ employers: [employer('A', [{ from: '2000-03-01', to: null }])], credited: [] } as never, '2026-06-01', 5)!;
    expect(t.ticks.map((x) => x.year)).toEqual([2000, 2005, 2010, 2015, 2020, 2025]);
  });
});
