// Home's task list: the three account levels as steps with a status each, the
// registry checks' markers and advice, and whether Home should keep asking the
// portal (while a check is waiting or running).

import { locale } from '../shared/format';
import type { Lang } from '../shared/i18n';
import type { AccountLevel, CheckFailure, CheckStatus, Profile, RegistryCheckView } from '../shared/bindings';

export type TaskStatus = 'done' | 'in_progress' | 'not_started' | 'action_needed' | 'cannot_start';

export interface Step {
  level: AccountLevel;
  status: TaskStatus;
}

const RANK: Record<AccountLevel, number> = { simplified: 0, standard: 1, verified: 2 };
export const atLeast = (level: AccountLevel, wanted: AccountLevel): boolean => RANK[level] >= RANK[wanted];

const running = (s: CheckStatus): boolean => s === 'waiting' || s === 'in_progress';

/** Where the standard level stands, from the account's level and the profile (null:
 * not known yet). */
export function standardStatus(level: AccountLevel, profile: Profile | null): TaskStatus {
  if (atLeast(level, 'standard') || (profile && atLeast(profile.level, 'standard'))) return 'done';
  if (!profile || profile.checks.length === 0) return 'not_started';
  if (profile.checks.some((c) => c.status === 'failed')) return 'action_needed';
  // All done but the level not raised yet is the last moment of the same work.
  return 'in_progress';
}

export function steps(level: AccountLevel, profile: Profile | null): Step[] {
  const standard = standardStatus(level, profile);
  const verified: TaskStatus = atLeast(level, 'verified') ? 'done' : standard === 'done' ? 'not_started' : 'cannot_start';
  return [
    { level: 'simplified', status: 'done' },
    { level: 'standard', status: standard },
    { level: 'verified', status: verified },
  ];
}

/** Keep asking while a check is waiting or running (or all are done and the level is
 * about to change). */
export function shouldPoll(profile: Profile | null): boolean {
  if (!profile || profile.checks.length === 0) return false;
  if (profile.checks.some((c) => running(c.status))) return true;
  return profile.checks.every((c) => c.status === 'done') && !atLeast(profile.level, 'standard');
}

/** How often Home asks while checks run. */
export const POLL_MS = 2500;

/** The longest a registry check takes (PRODUCT.md: up to 5 days). */
export const CHECK_MAX_MS = 5 * 24 * 3600 * 1000;

/** When the citizen will have an answer at the latest: 5 days after sending. */
export function latestAnswer(submittedAt: string | null): string | null {
  if (!submittedAt) return null;
  const t = Date.parse(submittedAt);
  return Number.isNaN(t) ? null : new Date(t + CHECK_MAX_MS).toISOString();
}

/** The advice for a failed check: message key (by registry and reason) and the
 * button that moves it on. */
export function advice(check: RegistryCheckView): { key: string; action: 'edit' | 'resend' } | null {
  if (check.status !== 'failed') return null;
  const failure: CheckFailure = check.failure ?? 'registry_unavailable';
  const action = failure === 'registry_unavailable' ? 'resend' : 'edit';
  return { key: `check.failure.${check.kind}.${failure}`, action };
}

export const CHECK_FAILURES: CheckFailure[] = [
  'not_found', 'passport_invalid', 'passport_replaced', 'data_mismatch', 'snils_other_person', 'registry_unavailable',
];

/** When something happened, in words: "2 декабря в 14:52" / "2 December at 14:52". */
export function sentText(lang: Lang, iso: string, timeZone?: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const zone = timeZone ? { timeZone } : {};
  const d = new Date(t);
  const day = new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'long', ...zone }).format(d);
  const time = new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...zone }).format(d);
  return lang === 'ru' ? `${day} в ${time}` : `on ${day} at ${time}`;
}
