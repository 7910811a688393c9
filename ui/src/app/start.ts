// Start-up: paint at once in the saved language, then wait for the portal and the
// keyring and open the right screen (home, a registration in progress, or welcome).

import { app, go, type ScreenName } from './state.svelte';
import { language } from '../shared/language.svelte';
import { commands } from '../shared/bindings';

/** Opens `screen` once started, unless the person opened the calculator meanwhile
 * (it needs neither the portal nor an account): then its Back leads there. */
async function land(screen: ScreenName): Promise<void> {
  if (app.screen === 'calculator') app.previous = screen;
  else await go(screen);
}

export async function start(): Promise<void> {
  const shell = await commands.shell();
  language.current = shell.language;
  app.guest = shell.guest;
  document.documentElement.lang = language.current;
  await go('loading');
  const r = await commands.startup();
  if (r.status === 'error') {
    app.startError = r.error;
    await land('failed');
    return;
  }
  app.demo = r.data.demo;
  app.vault = r.data.vault;
  const resume = r.data.resume;
  switch (resume.screen) {
    case 'home':
      app.account = resume.account;
      await land('home');
      break;
    case 'registration':
      app.registration = resume.registration;
      Object.assign(app.forms.register, resume.draft);
      await land(resume.registration.step === 'awaiting_password' ? 'password' : 'confirm');
      break;
    default:
      await land('welcome');
  }
}
