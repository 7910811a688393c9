import { describe, expect, it } from 'vitest';
import { COMPARED_ITEMS, searchQuery } from './operator';

describe('operator search', () => {
  it.each([
    ['snils', ' 112-233-445 95 ', { snils: '112-233-445 95', phone: null }],
    ['phone', '+7 916 000-30-07', { snils: null, phone: '+7 916 000-30-07' }],
    ['snils', '   ', { snils: null, phone: null }],
  ] as const)('%s %j', (by, text, expected) => {
    expect(searchQuery(by, text)).toEqual(expected);
  });

  it('asks for every item the portal requires', () => {
    expect([...COMPARED_ITEMS].sort()).toEqual(['birth_date', 'full_name', 'passport_issue', 'passport_number', 'photo']);
  });
});
