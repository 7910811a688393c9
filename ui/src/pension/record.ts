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

export interface Span {
  /** Left edge and width, as fractions of the timeline (0..1). */
  x: number;
  w: number;
  from: string;
  to: string | null;
}

export interface TimelineRow {
  /** An employer's registration number, or the credited period's kind. */
  key: string;
  spans: Span[];
}

export interface Timeline {
  first: number;
  last: number;
  rows: TimelineRow[];
  /** Years to mark on the axis, with their position. */
  ticks: { year: number; x: number }[];
}

const DAY = 86_400_000;
const ms = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/**
 * Employers' periods and credited periods on one time axis, from the first year of
 * any period to `today` (an open period runs to today). Ticks every `every` years.
 */
export function timeline(
  record: Pick<PensionRecordView, 'employers' | 'credited'>,
  today: string,
  every = 1,
): Timeline | null {
  const starts = [
    ...record.employers.flatMap((e) => e.periods.map((p) => p.from)),
    ...record.credited.map((c) => c.from),
  ];
  if (!starts.length) return null;
  const first = Math.min(...starts.map((s) => Number(s.slice(0, 4))));
  const last = Number(today.slice(0, 4));
  const a = ms(`${first}-01-01`);
  const b = ms(`${last + 1}-01-01`);
  const at = (iso: string) => Math.min(1, Math.max(0, (ms(iso) - a) / (b - a)));
  const span = (from: string, to: string | null): Span => {
    const end = to ?? today;
    const x = at(from);
    return { x, w: Math.max(at(end) + DAY / (b - a) - x, 0.002), from, to };
  };
  const rows: TimelineRow[] = record.employers.map((e) => ({
    key: e.reg_number,
    spans: e.periods.map((p) => span(p.from, p.to ?? null)),
  }));
  for (const c of record.credited) {
    const row = rows.find((r) => r.key === c.kind);
    if (row) row.spans.push(span(c.from, c.to));
    else rows.push({ key: c.kind, spans: [span(c.from, c.to)] });
  }
  rows.sort((p, q) => Math.min(...p.spans.map((s) => s.x)) - Math.min(...q.spans.map((s) => s.x)));
  const ticks = [];
  for (let y = first; y <= last; y += Math.max(1, every)) ticks.push({ year: y, x: at(`${y}-01-01`) });
  return { first, last, rows, ticks };
}
