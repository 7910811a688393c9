// Guest mode (a service-center PC): warn after 2 minutes without input, end the
// session after 3 (SECURITY.md), so the next visitor finds nothing.

export const GUEST_WARN_MS = 2 * 60 * 1000;
export const GUEST_END_MS = 3 * 60 * 1000;

export type IdlePhase = 'active' | 'warning' | 'expired';

export function idlePhase(idleMs: number): IdlePhase {
  if (idleMs >= GUEST_END_MS) return 'expired';
  if (idleMs >= GUEST_WARN_MS) return 'warning';
  return 'active';
}

/** Seconds left before the session ends. */
export function secondsLeft(idleMs: number): number {
  return Math.max(0, Math.ceil((GUEST_END_MS - idleMs) / 1000));
}
