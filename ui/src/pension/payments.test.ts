import { describe, expect, it } from 'vitest';
import type { PensionPaymentView } from '../shared/bindings';
import { changedWay, deliveryKey, kopecks, total } from './payments';

const paid = (amount: string, method: 'bank' | 'post', tail?: string): PensionPaymentView => ({
  month: '2026-11',
  paid_on: '2026-11-17',
  amount,
  delivery: tail ? { method, bik: '044525225', account_tail: tail } : { method },
});

describe('amounts', () => {
  it.each([
    ['27430.50', 2743050n],
    ['25493.7', 2549370n],
    ['0', 0n],
    ['100', 10000n],
    ['1.234', null],
    ['-5', null],
    ['', null],
  ])('%s ₽ is %s kopecks', (text, want) => {
    expect(kopecks(text)).toBe(want);
  });

  it('sums a year to the kopeck, without floating-point drift', () => {
    const year = Array.from({ length: 11 }, () => paid('27430.50', 'post'));
    year.push(paid('25493.71', 'post'));
    expect(total(year)).toBe('327229.21');
    expect(total([paid('0.10', 'post'), paid('0.20', 'post')])).toBe('0.30');
    expect(total([])).toBe('0.00');
  });
});

describe('the way a payment goes', () => {
  it('names the bank account by its last digits only, or the post', () => {
    expect(deliveryKey(paid('1', 'bank', '4312').delivery)).toEqual({
      key: 'pension.delivery.bank',
      values: { tail: '4312', bik: '044525225' },
    });
    expect(deliveryKey({ method: 'bank' }).key).toBe('pension.delivery.bank_plain');
    expect(deliveryKey({ method: 'post' }).key).toBe('pension.delivery.post');
  });

  it('marks the first payment that went a new way', () => {
    const list = [paid('1', 'bank', '4312'), paid('1', 'bank', '4312'), paid('1', 'post'), paid('1', 'post')];
    expect(list.map((_, i) => changedWay(list, i))).toEqual([false, true, false, false]);
    const other = [paid('1', 'bank', '9999'), paid('1', 'bank', '4312')];
    expect(changedWay(other, 0)).toBe(true);
  });
});
