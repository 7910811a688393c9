// End to end: «Забыли пароль?». The demo citizen at the standard level recovers
// access by SNILS: a wrong code is named at its field, the code from the demo inbox
// moves on, a common password is refused, a new one signs in; after signing out the
// old password no longer works and the new one does; «Входы в учётную запись»
// lists this computer alone, and «Выйти на всех устройствах» ends it. Its own data folder.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { App } from './webdriver.mjs';
import { DEMO_LOGIN, DEMO_PASSWORD, demoCitizenToStandard, ownDataLauncher } from './demo.mjs';

const { launcher, cleanup } = ownDataLauncher('recovery');
after(cleanup);

const NEW_PASSWORD = 'сирень цветёт у старой школы';

test('forgot the password: recover by SNILS, a new password, signed in', async () => {
  const app = await App.launch(launcher);
  try {
    await demoCitizenToStandard(app);
    await app.click('#sign-out');
    await app.waitScreen('signin');
    await app.click('#sign-in-forgot');
    await app.waitScreen('recovery');
    // Not a login at all: said at the field.
    await app.type('#login', 'кто-то');
    await app.click('#recovery-start');
    await app.waitFor('#login-error', { check: (t) => /СНИЛС/.test(t) });
    await app.type('#login', '485-370-789 32');
    await app.click('#recovery-start');
    await app.waitFor('[data-testid="recovery-sent"]');
    // A wrong code is named at its field; the right one comes from the demo inbox.
    await app.type('#code', '000000');
    await app.click('#recovery-confirm');
    await app.waitFor('#code-error');
    await app.click('#open-inbox');
    await app.waitScreen('inbox');
    const msg = await app.waitFor('[data-testid="outbox-message"]', { check: (t) => /восстановления доступа/.test(t) });
    const code = (await app.textOf(msg)).match(/\b(\d{6})\b/)?.[1];
    assert.ok(code, 'a code in the message');
    await app.click('#inbox-back');
    await app.waitScreen('recovery');
    await app.type('#code', code);
    await app.click('#recovery-confirm');
    await app.waitFor('#recovery-password-submit');
    // The registration's policy: a common password is refused at its field.
    await app.type('#password', 'password123');
    await app.type('#password_repeat', 'password123');
    await app.click('#recovery-password-submit');
    await app.waitFor('#password-error');
    await app.type('#password', NEW_PASSWORD);
    await app.type('#password_repeat', NEW_PASSWORD);
    await app.click('#recovery-password-submit');
    await app.waitScreen('home');
    assert.equal(await app.attr('[data-testid="account-level"]', 'data-level'), 'standard');

    // Signed out: the old password no longer signs in, the new one does.
    await app.click('#sign-out');
    await app.waitScreen('signin');
    await app.type('#login', DEMO_LOGIN);
    await app.type('#password', DEMO_PASSWORD);
    await app.click('#sign-in-submit');
    await app.waitFor('[data-testid="error-summary"]');
    await app.type('#password', NEW_PASSWORD);
    await app.click('#sign-in-submit');
    await app.waitScreen('home');

    // «Входы в учётную запись»: the one left is this computer, its network coarse;
    // «Выйти на всех устройствах» ends it too.
    await app.click('#home-sessions');
    await app.waitScreen('sessions');
    await app.waitFor('[data-testid="session"]');
    const sessions = await app.findAll('[data-testid="session"]');
    assert.equal(sessions.length, 1, 'the sessions before the recovery and the sign-out are over');
    assert.equal(await app.attr('[data-testid="session"]', 'data-current'), 'true');
    const text = await app.text('[data-testid="session"]');
    assert.match(text, /Кабинет для компьютера \S+ linux — этот компьютер/, text);
    assert.match(text, /сеть 127\.0\.0\.0\/24/, text);
    assert.doesNotMatch(text, /127\.0\.0\.1/, text);
    await app.click('#sign-out-everywhere');
    await app.waitScreen('signin');
  } finally {
    await app.quit();
  }
});
