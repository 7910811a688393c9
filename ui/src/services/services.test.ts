import { describe, expect, it } from 'vitest';
import { access, byCategory, inOrder, offeredIn, regions, shownInApp } from './services';

const t = (ru: string) => ({ ru, en: ru });
const svc = (id: string, category: string, regionsList: string[] = []) =>
  ({ id, category, regions: regionsList, title: t(id) }) as never;
const catalogue = {
  version: 'v',
  categories: [{ id: 'docs', name: t('Документы') }, { id: 'family', name: t('Семья') }, { id: 'empty', name: t('Пусто') }],
  authorities: [{ id: 'dep', region: 'Москва' }],
  services: [svc('a', 'docs'), svc('b', 'family', ['Москва']), svc('c', 'family', ['Новосибирская область'])],
} as never;

describe('services', () => {
  it('says what stands between the account and applying', () => {
    const cases: [Parameters<typeof access>[0], Parameters<typeof access>[1], ReturnType<typeof access>][] = [
      ['simplified', null, 'sign_in'],
      ['standard', 'simplified', 'raise'],
      ['standard', 'standard', 'ok'],
      ['standard', 'verified', 'ok'],
      ['verified', 'standard', 'raise'],
      ['simplified', 'simplified', 'ok'],
    ];
    for (const [needs, has, want] of cases) expect(access(needs, has), `${needs}/${has}`).toBe(want);
  });
  it('offers federal services everywhere and regional ones where they are', () => {
    expect(offeredIn({ regions: [] }, 'Москва')).toBe(true);
    expect(offeredIn({ regions: ['Москва'] }, 'Москва')).toBe(true);
    expect(offeredIn({ regions: ['Москва'] }, 'Новосибирская область')).toBe(false);
    expect(offeredIn({ regions: ['Москва'] }, null)).toBe(true);
  });
  it('groups by category for the region, leaving out empty categories', () => {
    const groups = byCategory(catalogue, 'Москва');
    expect(groups.map((g) => [g.id, g.services.map((s) => s.id)])).toEqual([['docs', ['a']], ['family', ['b']]]);
    expect(byCategory(catalogue, null).find((g) => g.id === 'family')?.services.length).toBe(2);
  });
  it('keeps the search order and lists regions', () => {
    expect(inOrder(catalogue, ['c', 'missing', 'a']).map((s) => s.id)).toEqual(['c', 'a']);
    expect(regions(catalogue)).toEqual(['Москва', 'Новосибирская область']);
  });
});

describe('services the app answers itself', () => {
  it('opens the register and the record on their screens, nothing else', () => {
    expect(shownInApp('sfr-disability-register')).toBe('disability');
    expect(shownInApp('sfr-ils-statement')).toBe('record');
    expect(shownInApp('mvd-passport-20-45')).toBeNull();
  });
});
