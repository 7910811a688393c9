// What the code screen shows: one state at a time. Either the code can be entered
// (with its expiry and when a new one may be asked for), or it is blocked after too
// many wrong entries — then only that, until when, and the one thing to do.

import type { CodedError } from '../shared/i18n';
import { secondsUntil } from '../shared/format';

export interface CodeBlock {
  /** When a new code may be asked for, if the portal said (RFC 3339). */
  until: string | null;
}

export type ConfirmView =
  | { kind: 'code'; expiresIn: number; resendIn: number }
  /** `resendAt`: not before then (null: a new code may be asked for now). */
  | { kind: 'blocked'; resendAt: string | null };

/** The block an error means: too many wrong entries (also "wrong, 0 attempts left"). */
export function blockFrom(err: CodedError): CodeBlock | null {
  const exhausted = err.code === 'code_attempts_exhausted' || (err.code === 'code_wrong' && err.attempts_left === 0);
  return exhausted ? { until: err.retry_at ?? null } : null;
}

/** The later of some instants (bad or missing ones ignored). */
function latest(instants: (string | null | undefined)[]): string | null {
  let best: string | null = null;
  for (const i of instants) {
    if (!i || Number.isNaN(Date.parse(i))) continue;
    if (best === null || Date.parse(i) > Date.parse(best)) best = i;
  }
  return best;
}

export function confirmView(
  reg: { code_expires_at: string; resend_available_at: string },
  block: CodeBlock | null,
  now: number = Date.now(),
): ConfirmView {
  if (!block) {
    return { kind: 'code', expiresIn: secondsUntil(reg.code_expires_at, now), resendIn: secondsUntil(reg.resend_available_at, now) };
  }
  const at = latest([block.until, reg.resend_available_at]);
  return { kind: 'blocked', resendAt: at !== null && secondsUntil(at, now) > 0 ? at : null };
}
