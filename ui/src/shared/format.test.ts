import { describe, expect, it } from 'vitest';
import { formatDate, formatMonth, formatMoney, formatNumber, formatRoubles, parseNumber } from './format';

describe('numbers typed by people', () => {
  it('reads Russian and English separators', () => {
    expect(parseNumber('80 000')).toBe(80000);
    expect(parseNumber('80\u00a0000,50')).toBe(80000.5);
    expect(parseNumber('80,000.50')).toBe(80000.5);
    expect(parseNumber('1,5')).toBe(1.5);
    expect(parseNumber('120 000 ₽')).toBe(120000);
    expect(parseNumber('abc')).toBeNull();
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('1.2.3')).toBeNull();
  });
  it('reads a comma before three digits as grouping only where thousands are written', () => {
    expect(parseNumber('80,000')).toBe(80000);
    expect(parseNumber('128,944', true)).toBe(128.944);
    expect(parseNumber('1,5', true)).toBe(1.5);
    expect(parseNumber('80 000,50', true)).toBe(80000.5);
  });
});

describe('formatting', () => {
  it('formats money, numbers and dates in both languages', () => {
    expect(formatMoney('ru', '23456.78').replace(/\s/g, ' ')).toBe('23 456,78 ₽');
    expect(formatMoney('en', '23456.78')).toBe('RUB 23,456.78');
    expect(formatNumber('ru', '1.5')).toBe('1,5');
    expect(formatNumber('en', '12.3456')).toBe('12.346');
    expect(formatDate('en', '2050-06-15')).toBe('15 June 2050');
    expect(formatDate('ru', '2050-06-15')).toMatch(/^15 июня 2050/);
    expect(formatDate('ru', 'garbage')).toBe('garbage');
  });
});


describe('sums on one line', () => {
  it('joins the currency and the figures with no-break spaces in running text', () => {
    expect(formatRoubles('en', 80000)).toBe('RUB\u00a080,000');
    expect(formatRoubles('ru', 80000)).toMatch(/^80[\u00a0\u202f]000\u00a0₽$/);
    expect(formatRoubles('ru', 80000)).not.toMatch(/ /);
  });
});

describe('formatMonth', () => {
  it('names the month a payment is for, capitalised, in either language', () => {
    expect(formatMonth('en', '2026-12')).toBe('December 2026');
    expect(formatMonth('ru', '2026-12')).toMatch(/^Декабрь 2026/);
    expect(formatMonth('ru', '2027-01')).toMatch(/^Январь 2027/);
    expect(formatMonth('ru', '2026-13x')).toBe('2026-13x');
  });
});
