// Start-up: paint at once in the saved language, then wait for the portal and the
// keyring and open the right screen (home, a registration in progress, or welcome).

import { app, go } from './app.svelte';
import { commands } from './bindings';

export async function start(): Promise<void> {
  const shell = await commands.shell();
  app.lang = shell.language;
  app.guest = shell.guest;
  document.documentElement.lang = app.lang;
  await go('loading');
  const r = await commands.startup();
  if (r.status === 'error') {
    app.startError = r.error;
    await go('failed');
    return;
  }
  app.demo = r.data.demo;
  app.vault = r.data.vault;
  const resume = r.data.resume;
  switch (resume.screen) {
    case 'home':
      app.account = resume.account;
      await go('home');
      break;
    case 'registration':
      app.registration = resume.registration;
      Object.assign(app.forms.register, resume.draft);
      await go(resume.registration.step === 'awaiting_password' ? 'password' : 'confirm');
      break;
    default:
      await go('welcome');
  }
}
