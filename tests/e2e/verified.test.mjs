// End to end: the verified level in person. The demo citizen reaches the standard
// level (the profile filled by the demo button, the demo registries answer by
// themselves), signs out; at the same terminal a service-centre operator opens
// operator mode, signs in at the demo office with the demo operator's password
// and current authenticator code, finds the citizen by SNILS, must tick every
// item before confirming, confirms; the citizen signs in again and Home says the
// account is verified, by whom and where. Its own data folder.
// Run by tests/e2e/run.sh (Xvfb, tauri-driver, WEBDRIVER_URL, KABINET_BIN).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from './webdriver.mjs';

const BIN = process.env.KABINET_BIN;
assert.ok(BIN && BIN.startsWith('/'), 'KABINET_BIN must be an absolute path');

const DEMO_LOGIN = '+79990000000';
const DEMO_PASSWORD = 'тихая река под старым мостом';
const DEMO_SNILS = '485-370-789 32';

let dir;
let launcher;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kabinet-verified-e2e-'));
  launcher = join(dir, 'kabinet-verified');
  writeFileSync(launcher, `#!/bin/sh\nexport KABINET_DATA_DIR='${join(dir, 'data')}'\nexec '${BIN}' "$@"\n`);
  chmodSync(launcher, 0o755);
});

after(() => {
  if (dir && process.env.KABINET_E2E_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
});

async function signIn(app) {
  await app.type('#login', DEMO_LOGIN);
  await app.type('#password', DEMO_PASSWORD);
  await app.click('#sign-in-submit');
  await app.waitScreen('home');
}

test('an operator confirms the demo citizen in person; the citizen sees who and where', async () => {
  const app = await App.launch(launcher);
  try {
    await app.waitScreen('welcome');
    await app.click('#start-sign-in');
    await app.waitScreen('signin');
    await signIn(app);
    await app.click('#profile-open');
    await app.waitScreen('profile');
    await app.click('#profile-demo-fill');
    await app.click('#profile-submit');
    await app.waitScreen('home');
    await app.waitFor('[data-testid="account-level"][data-level="standard"]', { timeout: 60000 });
    await app.click('#sign-out');
    await app.waitScreen('signin');
    await app.click('.back-link');
    await app.waitScreen('welcome');

    // Operator mode at the same terminal.
    await app.click('#start-operator');
    await app.waitScreen('operator');
    await app.click('#operator-demo-fill');
    for (let i = 0; i < 100 && (await app.script('return document.getElementById("operator-code").value.length')) !== 6; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await app.click('#operator-sign-in-submit');
    await app.waitFor('[data-testid="operator-who"]');
    assert.match(await app.text('[data-testid="operator-who"]'), /Оператор Д\. О\./);
    await app.type('#operator-query', DEMO_SNILS);
    await app.click('#operator-search-submit');
    await app.waitFor('[data-testid="operator-record"]');
    assert.match(await app.text('[data-testid="operator-record"]'), /Демонстрационный Пользователь/);
    assert.match(await app.text('[data-testid="record-passport"]'), /175058/);
    // Not everything ticked: refused here, every item still to tick named by count.
    await app.click('#compare-photo');
    await app.click('#operator-confirm');
    await app.waitFor('#operator-missing');
    assert.match(await app.text('#operator-missing'), /4/);
    for (const item of ['full_name', 'birth_date', 'passport_number', 'passport_issue']) {
      await app.click(`#compare-${item}`);
    }
    await app.click('#operator-confirm');
    await app.waitFor('[data-testid="operator-confirmed"]');
    await app.click('#operator-sign-out');
    await app.waitFor('#operator-sign-in');
    await app.click('#operator-back');
    await app.waitScreen('welcome');

    // The citizen again.
    await app.click('#start-sign-in');
    await app.waitScreen('signin');
    await signIn(app);
    await app.waitFor('[data-testid="account-level"][data-level="verified"]');
    assert.equal(await app.attr('[data-testid="task-verified"]', 'data-status'), 'done');
    const by = await app.text('[data-testid="verified-by"]');
    assert.match(by, /Мои документы/);
    assert.match(by, /Оператор Д\. О\./);
  } finally {
    await app.quit();
  }
});
