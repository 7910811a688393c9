// The services screen's logic: the catalogue grouped by category for browsing, the
// services a search found in its order, and what the citizen's account level means
// for applying.

import type { AccountLevel, CatalogueView, Service } from '../shared/bindings';

const ORDER: AccountLevel[] = ['simplified', 'standard', 'verified'];

/** What stands between this account and applying: nothing, signing in, or a higher level. */
export function access(needs: AccountLevel, has: AccountLevel | null): 'ok' | 'sign_in' | 'raise' {
  if (has === null) return 'sign_in';
  return ORDER.indexOf(has) >= ORDER.indexOf(needs) ? 'ok' : 'raise';
}

/** Offered in `region` (federal services everywhere); no region: all. */
export function offeredIn(s: Pick<Service, 'regions'>, region: string | null): boolean {
  const list = s.regions ?? [];
  return !region || list.length === 0 || list.includes(region);
}

/** The categories in catalogue order, each with its services offered in `region`; empty ones left out. */
export function byCategory(c: CatalogueView, region: string | null): { id: string; name: CatalogueView['categories'][number]['name']; services: Service[] }[] {
  return c.categories
    .map((cat) => ({ id: cat.id, name: cat.name, services: c.services.filter((s) => s.category === cat.id && offeredIn(s, region)) }))
    .filter((g) => g.services.length > 0);
}

/** The services for `ids`, in that order (ids the catalogue lacks are skipped). */
export function inOrder(c: CatalogueView, ids: string[]): Service[] {
  const by = new Map(c.services.map((s) => [s.id, s]));
  return ids.map((id) => by.get(id)).filter((s): s is Service => !!s);
}

/** Every region some service or authority names, sorted. */
export function regions(c: CatalogueView): string[] {
  const all = new Set<string>();
  for (const s of c.services) for (const r of s.regions ?? []) all.add(r);
  for (const a of c.authorities) if (a.region) all.add(a.region);
  return [...all].sort((a, b) => a.localeCompare(b, 'ru'));
}

/** Services whose answer the app shows on a screen of its own, at once: the
 * screen, for a signed-in account that may apply. */
const SHOWN_IN_APP: Record<string, 'disability' | 'record'> = {
  'sfr-disability-register': 'disability',
  'sfr-ils-statement': 'record',
};

export function shownInApp(serviceId: string): 'disability' | 'record' | null {
  return SHOWN_IN_APP[serviceId] ?? null;
}
