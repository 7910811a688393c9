// «Моя пенсия»: sums and the way a payment goes, worked out from the portal's view.

import type { DeliveryView, PensionPaymentView } from '../shared/bindings';

/** A decimal amount ("27430.50") in kopecks; null for anything else. */
export function kopecks(amount: string): bigint | null {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) return null;
  return BigInt(m[1] ?? '0') * 100n + BigInt((m[2] ?? '').padEnd(2, '0') || '0');
}

/** The total of the payments as a decimal string, exact to the kopeck. */
export function total(payments: Pick<PensionPaymentView, 'amount'>[]): string {
  let sum = 0n;
  for (const p of payments) sum += kopecks(p.amount) ?? 0n;
  const rub = sum / 100n;
  const kop = (sum % 100n).toString().padStart(2, '0');
  return `${rub}.${kop}`;
}

/** The message key and values that say where a payment goes. */
export function deliveryKey(d: DeliveryView): { key: string; values: Record<string, string> } {
  if (d.method === 'bank') {
    return d.account_tail
      ? { key: 'pension.delivery.bank', values: { tail: d.account_tail, bik: d.bik ?? '' } }
      : { key: 'pension.delivery.bank_plain', values: {} };
  }
  return { key: 'pension.delivery.post', values: {} };
}

/** Whether the payment changed its way from the one before it (newest first). */
export function changedWay(payments: PensionPaymentView[], i: number): boolean {
  const older = payments[i + 1];
  const p = payments[i];
  if (!p || !older) return false;
  return p.delivery.method !== older.delivery.method || p.delivery.account_tail !== older.delivery.account_tail;
}
