// App-wide state and the screen router. Adding a screen is one entry in `screens`
// (App.svelte) plus, if needed, a name in `ScreenName`.

import { tick } from 'svelte';
import { translate, errorText, type Lang, type Params, type CodedError } from './i18n';
import type { Account, Registration, VaultStatus, AppError, Draft } from '../shared/bindings';
import type { FieldErrors } from './validate';

export type ScreenName =
  | 'loading'
  | 'welcome'
  | 'register'
  | 'confirm'
  | 'password'
  | 'signin'
  | 'home'
  | 'inbox'
  | 'calculator'
  | 'failed';

export const app = $state({
  lang: 'ru' as Lang,
  guest: false,
  demo: false,
  vault: null as VaultStatus | null,
  screen: 'loading' as ScreenName,
  /** Where "Back" from the demo inbox returns to. */
  previous: 'welcome' as ScreenName,
  account: null as Account | null,
  registration: null as Registration | null,
  startError: null as AppError | null,
  /** What the person typed, kept across screens so nothing is lost. */
  forms: {
    register: { surname: '', first_name: '', contact: '' } as Draft,
    code: '',
    login: '',
  },
});

export function t(key: string, params?: Params): string {
  return translate(app.lang, key, params);
}

export function errText(err: CodedError): string {
  return errorText(app.lang, err);
}

export async function go(screen: ScreenName): Promise<void> {
  if (screen === 'inbox' && app.screen !== 'inbox') app.previous = app.screen;
  app.screen = screen;
  // Move focus to the new page's heading so screen readers announce it.
  await tick();
  document.querySelector<HTMLElement>('main h1')?.focus();
}

/** Field errors from local validation or a portal error tied to a field. */
export function fieldText(errors: FieldErrors, id: string): string | undefined {
  const e = errors[id];
  return e ? t(e.key, e.params) : undefined;
}

/** Splits a portal error: tied to one of `fields` → field error; else a page error. */
export function placeError(err: AppError, fields: string[]): { fields: Record<string, string>; page?: string } {
  const text = errText(err);
  if (err.field && fields.includes(err.field)) return { fields: { [err.field]: text } };
  return { fields: {}, page: text };
}
