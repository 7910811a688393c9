// The language on screen, and `t()` / `errText()` that read it (so every string
// follows a switch at once).

import { translate, errorText, type CodedError, type ErrorTextOptions, type Lang, type Params } from './i18n';

export const language = $state({ current: 'ru' as Lang });

export function t(key: string, params?: Params): string {
  return translate(language.current, key, params);
}

export function errText(err: CodedError, opts?: ErrorTextOptions): string {
  return errorText(language.current, err, opts);
}
