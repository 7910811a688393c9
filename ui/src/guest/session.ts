// The end of a guest session at the idle timeout: the next person at this computer
// finds nothing — no session, no registration, nothing typed, no calculation.

import { app, go } from '../app/state.svelte';
import { commands } from '../shared/bindings';
import { reloadScenarios, resetCalculator } from '../pension/state.svelte';

export async function endGuestSession(): Promise<void> {
  // Signs out on the portal and wipes the in-memory store (registration, scenarios).
  await commands.guestSessionEnd();
  app.account = null;
  app.profile = null;
  app.registration = null;
  app.codeBlock = null;
  app.forms.register = { surname: '', first_name: '', contact: '' };
  app.forms.code = '';
  app.forms.login = '';
  app.recovery = null;
  app.forms.recoveryCode = '';
  resetCalculator();
  await reloadScenarios();
  await go('welcome');
}
