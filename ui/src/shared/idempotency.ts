// One idempotency key per logical action. A retry of the same action with the same
// input (a double click, a retry after a network error) reuses the key, so the portal
// does it once; new input or a finished action gets a fresh key.

export function newKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export class ActionKeys {
  private keys = new Map<string, { payload: string; key: string }>();
  constructor(private readonly make: () => string = newKey) {}

  /** The key for `action` with this `payload` (compared by its JSON). */
  keyFor(action: string, payload: unknown = null): string {
    const p = JSON.stringify(payload);
    const held = this.keys.get(action);
    if (held && held.payload === p) return held.key;
    const key = this.make();
    this.keys.set(action, { payload: p, key });
    return key;
  }

  /** The action succeeded (or got a definite answer): the next one is a new action. */
  done(action: string): void {
    this.keys.delete(action);
  }
}

export const actionKeys = new ActionKeys();

/** Errors after which the portal may or may not have acted: a retry must reuse the key. */
const UNCERTAIN = new Set(['network_unreachable', 'unavailable', 'internal', 'unexpected_response']);

/** Settles the key after an answer: keep it only when the outcome is uncertain. */
export function settle(keys: ActionKeys, action: string, errorCode: string | null): void {
  if (errorCode === null || !UNCERTAIN.has(errorCode)) keys.done(action);
}
