// The inbox's logic: pages from the portal merged into one list (each event once,
// newest first, as the inbox shows them) and the badge's count.

import type { EventView } from '../shared/bindings';

type Event = Pick<EventView, 'id'>;

/** `held` and `page` as one list, newest first, each id once (a page may overlap). */
export function merge<E extends Event>(held: E[], page: E[]): E[] {
  const by = new Map<number, E>();
  for (const e of held) by.set(e.id, e);
  for (const e of page) by.set(e.id, e);
  return [...by.values()].sort((a, b) => b.id - a.id);
}

/** The badge's text: nothing at 0, "99+" past 99. */
export function badge(unread: number): string {
  if (unread <= 0) return '';
  return unread > 99 ? '99+' : String(unread);
}

/** The `after` for the page of `size` older than the oldest held event (0: from the first). */
export function olderAfter(held: Event[], size: number): number | null {
  if (held.length === 0) return null;
  const oldest = Math.min(...held.map((e) => e.id));
  return oldest <= 1 ? null : Math.max(0, oldest - 1 - size);
}
