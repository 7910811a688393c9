import { describe, expect, it } from 'vitest';
import { fieldPaths, focusTarget, idOf, labelOf, shaped, shown, toAnswers, toTyped, type Node } from './form';

const schema: Node = {
  type: 'object',
  properties: {
    applicant: {
      type: 'object',
      properties: { surname: { type: 'string' }, birth_date: { type: 'string', format: 'past-date' } },
    },
    payment: {
      type: 'object',
      properties: {
        method: { type: 'string', enum: ['bank', 'post'] },
        bank: { type: 'object', 'x-show-if': { field: 'method', equals: 'bank' }, properties: { bik: { type: 'string' } } },
      },
    },
    amount: { type: 'number' },
    work: { type: 'array', items: { type: 'object', properties: { from: { type: 'string', format: 'date' } } } },
    consent: { type: 'boolean' },
  },
};

describe('application form', () => {
  it('sends ISO dates and numbers, and shows them back as typed', () => {
    const typed = { applicant: { surname: 'Иванова', birth_date: '5.3.1961' }, amount: '1 200,50', work: [{ from: '01.09.2015' }], consent: true };
    const sent = toAnswers(schema, typed);
    expect(sent).toEqual({ applicant: { surname: 'Иванова', birth_date: '1961-03-05' }, amount: 1200.5, work: [{ from: '2015-09-01' }], consent: true });
    expect(toTyped(schema, sent)).toEqual({ ...typed, applicant: { surname: 'Иванова', birth_date: '05.03.1961' }, amount: '1200,5' });
  });

  it('keeps what is not a date or a number as typed, for the check to name', () => {
    expect(toAnswers(schema, { amount: 'сто', applicant: { birth_date: '31 февраля' } })).toEqual({ amount: 'сто', applicant: { birth_date: '31 февраля' } });
  });

  it('asks a field only when its condition holds', () => {
    const bank = schema.properties?.payment?.properties?.bank ?? {};
    expect([shown(bank, { method: 'bank' }), shown(bank, { method: 'post' }), shown(bank, {})]).toEqual([true, false, false]);
    expect(shown({ 'x-show-if': { field: 'r', not: 'age_14' } }, { r: 'age_20' })).toBe(true);
    expect(shown({ 'x-show-if': { field: 'r', not: 'age_14' } }, { r: 'age_14' })).toBe(false);
  });

  it('lists fields in reading order, hidden ones left out, items by place', () => {
    const typed = shaped(schema, { payment: { method: 'post' }, work: [{}, {}] });
    expect(fieldPaths(schema, typed)).toEqual([
      'form.applicant', 'form.applicant.surname', 'form.applicant.birth_date',
      'form.payment', 'form.payment.method', 'form.amount',
      'form.work', 'form.work.0', 'form.work.0.from', 'form.work.1', 'form.work.1.from', 'form.consent',
    ]);
  });

  it('gives every group an object to bind to, and a summary link an input to land in', () => {
    expect(shaped(schema, {})).toEqual({ applicant: {}, payment: { bank: {} }, work: [] });
    expect(focusTarget(schema, 'form.applicant')).toBe('form-applicant-surname');
    expect(focusTarget(schema, 'form.consent')).toBe('form-consent');
    expect(idOf('form.work.0.from')).toBe('form-work-0-from');
  });

  it('names a field with the groups it is in, for the error summary', () => {
    const titled: Node = {
      type: 'object',
      properties: {
        child: { type: 'object', 'x-title': { ru: 'Ребёнок', en: 'Child' }, properties: { surname: { type: 'string', 'x-title': { ru: 'Фамилия', en: 'Surname' } } } },
        gardens: { type: 'array', 'x-title': { ru: 'Сады', en: 'Kindergartens' }, items: { type: 'string' } },
        work: { type: 'array', 'x-title': { ru: 'Работа', en: 'Work' }, items: { type: 'object', 'x-title': { ru: 'Место', en: 'Place' }, properties: { from: { type: 'string', 'x-title': { ru: 'С', en: 'From' } } } } },
      },
    };
    const ru = (x?: { ru: string }) => x?.ru ?? '';
    expect(labelOf(titled, 'form.child.surname', ru)).toBe('Ребёнок — Фамилия');
    expect(labelOf(titled, 'form.gardens.1', ru)).toBe('Сады — 2');
    expect(labelOf(titled, 'form.work.0.from', (x) => (x as { en: string } | undefined)?.en ?? '')).toBe('Work — Place 1 — From');
  });
});
