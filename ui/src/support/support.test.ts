import { describe, expect, it } from 'vitest';
import type { FieldProblem } from '../shared/bindings';
import { FUND_FIELDS, byField, charsLeft } from './support';

const p = (field: string, code: string) => ({ field, code }) as unknown as FieldProblem;

describe('the support form', () => {
  it('names every problem at its field, in the form order', () => {
    const got = byField([p('diagnostics', 'value_invalid'), p('message', 'required'), p('topic', 'required'), p('x', 'required')]);
    expect(got.map((g) => [g.id, g.code])).toEqual([
      ['support-topic-sign_in', 'required'],
      ['support-message', 'required'],
      ['support-diagnostics', 'value_invalid'],
    ]);
    expect(byField([])).toEqual([]);
  });

  it('counts the characters left of the description, by letters not bytes', () => {
    expect(charsLeft('', 4000)).toBe(4000);
    expect(charsLeft('  Пенсия  ', 4000)).toBe(3994);
    expect(charsLeft('ё'.repeat(4001), 4000)).toBe(0);
  });
});

describe('the request to the fund', () => {
  it('puts every problem at its field in the form order, the topic at its first choice', () => {
    const got = byField(
      [
        { field: 'question', code: 'required' },
        { field: 'contact', code: 'email_invalid' },
        { field: 'surname', code: 'required' },
        { field: 'topic', code: 'required' },
        { field: 'message', code: 'required' },
      ] as FieldProblem[],
      FUND_FIELDS,
    );
    expect(got.map((p) => [p.field, p.id])).toEqual([
      ['surname', 'fund-surname'],
      ['contact', 'fund-contact'],
      ['topic', 'fund-topic-pension'],
      ['question', 'fund-question'],
    ]);
  });
});
