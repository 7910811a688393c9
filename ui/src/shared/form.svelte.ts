import { t, errText } from './language.svelte';
import type { ErrorTextOptions } from './i18n';
import type { AppError } from './bindings';

/** Field id → dictionary key (with params) of its problem; one entry per field at fault. */
export type FieldErrors = Record<string, { key: string; params?: Record<string, string | number> }>;

/** Field errors from local validation or a portal error tied to a field. */
export function fieldText(errors: FieldErrors, id: string): string | undefined {
  const e = errors[id];
  return e ? t(e.key, e.params) : undefined;
}

/** Splits a portal error: tied to one of `fields` → field error; else a page error. */
export function placeError(
  err: AppError,
  fields: string[],
  opts?: ErrorTextOptions,
): { fields: Record<string, string>; page?: string } {
  const text = errText(err, opts);
  if (err.field && fields.includes(err.field)) return { fields: { [err.field]: text } };
  return { fields: {}, page: text };
}

/**
 * The error state every form screen keeps: its own checks (`local`, every field at
 * fault at once), the portal's answer tied to fields (`remote`), a page-level message,
 * and whether a submission is in flight (a second click while it is does nothing).
 */
export class FormState {
  local: FieldErrors = $state({});
  remote: Record<string, string> = $state({});
  page: string | undefined = $state();
  pending = $state(false);

  /** `texts`: how this screen words some codes (see `ErrorTextOptions.overrides`). */
  constructor(
    readonly fields: string[],
    readonly texts: Record<string, string> = {},
  ) {}

  /** The message to show under field `id`: the portal's, else our own check's. */
  errorOf = (id: string): string | undefined => this.remote[id] ?? fieldText(this.local, id);

  /** The error summary's items: fields in form order, then the page message. */
  summary = $derived.by(() => [
    ...this.fields.filter((id) => this.errorOf(id)).map((id) => ({ id, text: this.errorOf(id) ?? '' })),
    ...(this.page ? [{ text: this.page }] : []),
  ]);

  /**
   * Starts a submission: clears the last answer and applies the local checks.
   * Returns false (send nothing) when one is already in flight or a check fails.
   */
  begin(local: FieldErrors): boolean {
    if (this.pending) return false;
    this.remote = {};
    this.page = undefined;
    this.local = local;
    if (Object.keys(local).length > 0) return false;
    this.pending = true;
    return true;
  }

  /** Places a portal error next to its field, or on the page. */
  fail(err: AppError): void {
    const placed = placeError(err, this.fields, { overrides: this.texts });
    this.remote = placed.fields;
    this.page = placed.page;
  }
}
