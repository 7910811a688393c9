// End to end: the verified level in person. The demo citizen reaches the standard
// level (the profile filled by the demo button, the demo registries answer by
// themselves), signs out; at the same terminal a service-centre operator opens
// operator mode, signs in at the demo office with the demo operator's password
// and current authenticator code, finds the citizen by SNILS, must tick every
// item before confirming, confirms; the citizen signs in again and Home says the
// account is verified, by whom and where. Its own data folder.
// Run by tests/e2e/run.sh (Xvfb, tauri-driver, WEBDRIVER_URL, KABINET_BIN).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { App } from './webdriver.mjs';
import { demoCitizenToStandard, ownDataLauncher, signInDemo } from './demo.mjs';

const { launcher, cleanup } = ownDataLauncher('verified');
after(cleanup);

const DEMO_SNILS = '485-370-789 32';

test('an operator confirms the demo citizen in person; the citizen sees who and where', async () => {
  const app = await App.launch(launcher);
  try {
    await demoCitizenToStandard(app);
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
    await signInDemo(app);
    await app.waitFor('[data-testid="account-level"][data-level="verified"]');
    assert.equal(await app.attr('[data-testid="task-verified"]', 'data-status'), 'done');
    const by = await app.text('[data-testid="verified-by"]');
    assert.match(by, /Мои документы/);
    assert.match(by, /Оператор Д\. О\./);
  } finally {
    await app.quit();
  }
});
