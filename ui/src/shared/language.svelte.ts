// The language on screen, and `t()` / `errText()` that read it (so every string
// follows a switch at once).

import { translate, errorText, type CodedError, type ErrorTextOptions, type Lang, type Params } from './i18n';

export const language = $state({ current: 'ru' as Lang });

export function t(key: string, params?: Params): string {
  return translate(language.current, key, params);
}

/** The codes of the last errors shown (newest last): what a support ticket's
 * technical details may carry — codes only, never a text. */
export const recentErrors: string[] = [];

export function errText(err: CodedError, opts?: ErrorTextOptions): string {
  recentErrors.push(String(err.code));
  if (recentErrors.length > 10) recentErrors.splice(0, recentErrors.length - 10);
  return errorText(language.current, err, opts);
}
