// «Инвалидность и льготы»: what the register's record says, put in the order a
// person reads it — the programme's progress, the set of social services part by
// part, the benefits federal first.

import type { BenefitView, NsuChoice, NsuWay, RehabMeasure } from '../shared/bindings';

/** How many measures of the programme are done, of those that count (a measure
 * not carried out still counts: it was in the programme). */
export function progress(measures: Pick<RehabMeasure, 'state'>[]): { done: number; total: number } {
  return { done: measures.filter((m) => m.state === 'done').length, total: measures.length };
}

export const NSU_PARTS = ['medicines', 'sanatorium', 'travel'] as const;
export type NsuPart = (typeof NSU_PARTS)[number];

/** Each part of the set with its way now and, when a change waits, its way then
 * (null: unchanged). */
export function nsuRows(
  current: NsuChoice,
  change: NsuChoice | null | undefined,
): { part: NsuPart; now: NsuWay; then: NsuWay | null }[] {
  return NSU_PARTS.map((part) => {
    const then = change ? change[part] : null;
    return { part, now: current[part], then: then && then !== current[part] ? then : null };
  });
}

/** The benefits split into federal and regional, each in the portal's order. */
export function byLevel<B extends Pick<BenefitView, 'level'>>(benefits: B[]): { federal: B[]; regional: B[] } {
  return {
    federal: benefits.filter((b) => b.level === 'federal'),
    regional: benefits.filter((b) => b.level === 'regional'),
  };
}

/** The group's message key. */
export function groupKey(group: string): string {
  return `disability.group.${group}`;
}
