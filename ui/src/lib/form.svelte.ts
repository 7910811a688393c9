import { fieldText, placeError } from './app.svelte';
import type { AppError } from '../shared/bindings';
import type { FieldErrors } from './validate';

/**
 * The error state every form screen keeps: its own checks (`local`), the portal's
 * answer tied to fields (`remote`), a page-level message, and whether a submission
 * is in flight (a second click while it is does nothing).
 */
export class FormState {
  local: FieldErrors = $state({});
  remote: Record<string, string> = $state({});
  page: string | undefined = $state();
  pending = $state(false);

  constructor(readonly fields: string[]) {}

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
    const placed = placeError(err, this.fields);
    this.remote = placed.fields;
    this.page = placed.page;
  }
}
