// Operator mode's logic, kept apart from the screen for tests.

import type { ComparedItem } from '../shared/bindings';

/** Every item an operator must compare before confirming, in the order shown. */
export const COMPARED_ITEMS: ComparedItem[] = ['photo', 'full_name', 'birth_date', 'passport_number', 'passport_issue'];

/** The search request: one of SNILS or phone, trimmed; empty text searches nothing. */
export function searchQuery(by: 'snils' | 'phone', text: string): { snils: string | null; phone: string | null } {
  const v = text.trim();
  return by === 'snils' ? { snils: v || null, phone: null } : { snils: null, phone: v || null };
}
