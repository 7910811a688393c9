// What several end-to-end tests do the same way: a launcher with its own data
// folder (no state shared with other tests), and the demo citizen taken from
// sign-in to the standard level (the demo fills the profile; the embedded demo's
// registries answer by themselves).

import { mkdtempSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DEMO_LOGIN = '+79990000000';
export const DEMO_PASSWORD = 'тихая река под старым мостом';

/** A launcher script for KABINET_BIN with its own data folder; `cleanup()` removes it. */
export function ownDataLauncher(name) {
  const bin = process.env.KABINET_BIN;
  if (!bin || !bin.startsWith('/')) throw new Error('KABINET_BIN must be an absolute path');
  const dir = mkdtempSync(join(tmpdir(), `kabinet-${name}-e2e-`));
  const launcher = join(dir, `kabinet-${name}`);
  writeFileSync(launcher, `#!/bin/sh\nexport KABINET_DATA_DIR='${join(dir, 'data')}'\nexec '${bin}' "$@"\n`);
  chmodSync(launcher, 0o755);
  const cleanup = () => {
    if (process.env.KABINET_E2E_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
  };
  return { launcher, cleanup };
}

/** From the sign-in screen: the demo account signed in, on Home. */
export async function signInDemo(app) {
  await app.type('#login', DEMO_LOGIN);
  await app.type('#password', DEMO_PASSWORD);
  await app.click('#sign-in-submit');
  await app.waitScreen('home');
}

/** From Welcome: signs in as the demo citizen and sends the demo profile; waits for standard. */
export async function demoCitizenToStandard(app) {
  await app.waitScreen('welcome');
  await app.click('#start-sign-in');
  await app.waitScreen('signin');
  await signInDemo(app);
  await app.click('#profile-open');
  await app.waitScreen('profile');
  await app.click('#profile-demo-fill');
  await app.click('#profile-submit');
  await app.waitScreen('home');
  await app.waitFor('[data-testid="account-level"][data-level="standard"]', { timeout: 60000 });
}
