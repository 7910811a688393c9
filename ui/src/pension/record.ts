// The pension record screen's logic: chart segments by year, flagged years, and
// which year labels to show so they do not overlap.

import type { PensionRecordView } from '../shared/bindings';

export interface Segment {
  /** An employer's registration number, or 'credited'. */
  key: string;
  points: number;
}

export interface YearBar {
  year: number;
  total: number;
  segments: Segment[];
}

/** One bar per year: the employers' shares, then credited points as their own segment. */
export function yearBars(record: Pick<PensionRecordView, 'years'>): YearBar[] {
  return record.years.map((y) => {
    const segments: Segment[] = y.by_employer
      .map((s) => ({ key: s.employer, points: Number(s.points) }))
      .filter((s) => s.points > 0);
    const credited = Number(y.credited_points);
    if (credited > 0) segments.push({ key: 'credited', points: credited });
    return { year: y.year, total: segments.reduce((a, s) => a + s.points, 0), segments };
  });
}

/** Years (of any employer) that some discrepancy concerns. */
export function flaggedYears(record: Pick<PensionRecordView, 'employers'>): Set<number> {
  const out = new Set<number>();
  for (const e of record.employers) for (const y of e.years) if (y.flagged) out.add(y.year);
  return out;
}

/**
 * Every n-th label shown so that labels of `labelWidth` px fit into bars `barWidth` px
 * apart (the first and the last always shown).
 */
export function labelStep(barWidth: number, labelWidth: number): number {
  if (barWidth <= 0) return 1;
  return Math.max(1, Math.ceil(labelWidth / barWidth));
}

export function showLabel(index: number, count: number, step: number): boolean {
  return index === 0 || index === count - 1 || (index % step === 0 && count - 1 - index >= step / 2);
}
