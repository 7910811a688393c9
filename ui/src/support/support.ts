// The support form's logic: which field a problem belongs to, in the form's order.

import type { FieldProblem } from '../shared/bindings';

/** The form's fields in reading order, each with the id its error links to. */
export const FIELDS: { field: string; id: string; label: string }[] = [
  { field: 'topic', id: 'support-topic-sign_in', label: 'support.topic' },
  { field: 'message', id: 'support-message', label: 'support.message' },
  { field: 'attachment_id', id: 'support-screenshot', label: 'support.screenshot' },
  { field: 'diagnostics', id: 'support-diagnostics', label: 'support.diagnostics' },
];

/** The fields of the request to the fund, in reading order. */
export const FUND_FIELDS: { field: string; id: string; label: string }[] = [
  { field: 'surname', id: 'fund-surname', label: 'fund.surname' },
  { field: 'first_name', id: 'fund-first_name', label: 'fund.first_name' },
  { field: 'patronymic', id: 'fund-patronymic', label: 'fund.patronymic' },
  { field: 'contact', id: 'fund-contact', label: 'fund.contact' },
  { field: 'snils', id: 'fund-snils', label: 'fund.snils' },
  { field: 'topic', id: 'fund-topic-pension', label: 'fund.topic' },
  { field: 'question', id: 'fund-question', label: 'fund.question' },
];

/** The problems by field, in the form's order; a field not on the form is dropped. */
export function byField(
  problems: FieldProblem[],
  fields: { field: string; id: string; label: string }[] = FIELDS,
): { field: string; id: string; label: string; code: string }[] {
  const out = [];
  for (const f of fields) {
    const p = problems.find((x) => x.field === f.field);
    if (p) out.push({ ...f, code: String(p.code) });
  }
  return out;
}

/** What is left of the description's limit (never below 0). */
export function charsLeft(text: string, max: number): number {
  return Math.max(0, max - [...text.trim()].length);
}
