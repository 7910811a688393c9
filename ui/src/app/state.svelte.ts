// App-wide state and the screen router. Adding a screen is one entry in `screens`
// (App.svelte) plus, if needed, a name in `ScreenName`.

import { tick } from 'svelte';
import type { Account, Registration, Recovery, VaultStatus, AppError, Draft, Profile } from '../shared/bindings';
import { enterScreen } from './screen';

export type ScreenName =
  | 'loading'
  | 'welcome'
  | 'register'
  | 'confirm'
  | 'password'
  | 'signin'
  | 'recovery'
  | 'sessions'
  | 'home'
  | 'profile'
  | 'inbox'
  | 'calculator'
  | 'record'
  | 'pension'
  | 'disability'
  | 'services'
  | 'applications'
  | 'notifications'
  | 'support'
  | 'fund'
  | 'centres'
  | 'operator'
  | 'failed';

export const app = $state({
  guest: false,
  demo: false,
  vault: null as VaultStatus | null,
  screen: 'loading' as ScreenName,
  /** Where "Back" from the demo inbox returns to. */
  previous: 'welcome' as ScreenName,
  account: null as Account | null,
  /** The personal data and its registry checks, as the portal last said. */
  profile: null as Profile | null,
  registration: null as Registration | null,
  /** A recovery of access in progress (its id stays in Rust): kept across screens,
   * so a visit to the demo inbox loses nothing. */
  recovery: null as Recovery | null,
  /** The code is blocked after too many wrong entries; `until`: when a new one may be
   * asked for, when the portal said. Cleared when a new code is sent. */
  codeBlock: null as { until: string | null } | null,
  startError: null as AppError | null,
  /** A service another screen sends the citizen to (its page opens in «Услуги»). */
  serviceToOpen: null as string | null,
  /** The screen «Служба поддержки» was opened from (its technical details name it). */
  supportFrom: 'home' as ScreenName,
  /** What the person typed, kept across screens so nothing is lost. */
  forms: {
    register: { surname: '', first_name: '', contact: '' } as Draft,
    code: '',
    login: '',
    recoveryCode: '',
  },
});

/** Opens the page of the catalogue's service `id` (its form one button away). */
export async function openService(id: string): Promise<void> {
  app.serviceToOpen = id;
  await go('services');
}

/** Opens «Служба поддержки», remembering the screen it was opened from. */
export async function openSupport(): Promise<void> {
  app.supportFrom = app.screen;
  await go('support');
}

export async function go(screen: ScreenName): Promise<void> {
  if (screen === 'inbox' && app.screen !== 'inbox') app.previous = app.screen;
  app.screen = screen;
  await tick();
  // A new page opens at its top (header and banners in view) with focus on its
  // heading, so screen readers announce it.
  if (typeof window !== 'undefined') enterScreen(window, document);
}
