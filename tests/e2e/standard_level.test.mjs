// End to end: the standard level. Sign in with the demo account, open «Личные данные»,
// send a wrong form and see every problem in the error summary, each linked to its
// field; close the app and find the half-filled form restored; then send the demo citizen's data (the first citizen of
// crates/kabinet-portal/data/registries.json) and watch Home: both registry checks
// turn to done and the level to standard by themselves (the embedded demo's
// registries answer after 3 s). axe-core on the form with errors and on Home with
// the checks. Its own data folder, so it shares no state with the other tests.
// Run by tests/e2e/run.sh (Xvfb, tauri-driver, WEBDRIVER_URL, KABINET_BIN).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from './webdriver.mjs';

const BIN = process.env.KABINET_BIN;
assert.ok(BIN && BIN.startsWith('/'), 'KABINET_BIN must be an absolute path');

const DEMO_LOGIN = '+79990000000';
const DEMO_PASSWORD = 'тихая река под старым мостом';

const require = createRequire(new URL('../../ui/package.json', import.meta.url));
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let dir;
let launcher;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kabinet-standard-e2e-'));
  launcher = join(dir, 'kabinet-standard');
  writeFileSync(launcher, `#!/bin/sh\nexport KABINET_DATA_DIR='${join(dir, 'data')}'\nexec '${BIN}' "$@"\n`);
  chmodSync(launcher, 0o755);
});

after(() => {
  if (dir && process.env.KABINET_E2E_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
});

/** Serious or critical WCAG A/AA violations on the current page (none expected). */
async function serious(app) {
  await new Promise((r) => setTimeout(r, 150));
  if (!(await app.script('return typeof window.axe === "object"'))) {
    await app.script(`${AXE}\n;if (!window.axe && typeof axe !== 'undefined') window.axe = axe; return null;`);
  }
  const r = await app.scriptAsync(
    `const done = arguments[arguments.length - 1];
     window.axe.run(document, { runOnly: { type: 'tag', values: arguments[0] } }).then(
       (r) => done(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
         .map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }))),
       (e) => done([{ id: 'axe failed', nodes: [String(e)] }]));`,
    [TAGS],
  );
  return r;
}

const summaryLinks = (app) =>
  app.script(`return [...document.querySelectorAll('[data-testid="error-summary"] a')].map((a) => a.getAttribute('href'));`);

const DEMO_CITIZEN = {
  '#surname': 'Демонстрационный',
  '#first_name': 'Пользователь',
  '#patronymic': 'Петрович',
  '#birth_date': '14.06.1972',
  '#birth_place': 'гор. Москва',
  '#passport-series': '45 17',
  '#passport-number': '175058',
  '#passport-issued_on': '21.07.2017',
  '#passport-issuer': 'ГУ МВД России по г. Москве',
  '#passport-division_code': '770-101',
  '#snils': '485-370-789 32',
};

test('a wrong form lists every problem; the demo citizen reaches the standard level by itself', async () => {
  let app = await App.launch(launcher);
  try {
    await app.waitScreen('welcome');
    await app.click('#start-sign-in');
    await app.waitScreen('signin');
    await app.type('#login', DEMO_LOGIN);
    await app.type('#password', DEMO_PASSWORD);
    await app.click('#sign-in-submit');
    await app.waitScreen('home');
    assert.equal(await app.attr('[data-testid="account-level"]', 'data-level'), 'simplified');
    assert.equal(await app.attr('[data-testid="task-standard"]', 'data-status'), 'not_started');
    assert.equal(await app.attr('[data-testid="task-verified"]', 'data-status'), 'cannot_start');
    // The verified step says what comes next; its one button finds a service centre.
    assert.deepEqual(
      await app.script(`return [...document.querySelectorAll('[data-testid="task-verified"] button')].map((b) => b.id);`),
      ['tasks-centres'],
    );

    await app.click('#profile-open');
    await app.waitScreen('profile');

    // 1. A wrong form: every problem at once, in form order, each linked to its field.
    await app.type('#surname', 'Ivanov');
    await app.type('#snils', '485-370-789 33');
    await app.type('#passport-division_code', '77-101');
    await app.type('#passport-series', '45');
    await app.click('#profile-submit');
    await app.waitFor('[data-testid="error-summary"]');
    const links = await summaryLinks(app);
    assert.deepEqual(links, [
      '#surname', '#first_name', '#sex', '#birth_date', '#birth_place', '#passport-series',
      '#passport-number', '#passport-issued_on', '#passport-issuer', '#passport-division_code', '#snils',
    ]);
    const summary = await app.text('[data-testid="error-summary"]');
    assert.match(summary, /Фамилия: Напишите русскими буквами/);
    assert.match(summary, /СНИЛС: В СНИЛС ошибка/);
    for (const id of ['#surname', '#snils', '#passport-division_code']) {
      assert.equal(await app.attr(id, 'aria-invalid'), 'true', id);
    }
    // Nothing typed is lost.
    assert.equal(await app.script('return document.getElementById("surname").value'), 'Ivanov');
    assert.deepEqual(await serious(app), [], 'axe on the form with errors');

    // 2. Closing the app keeps the half-filled form; it is restored on opening.
    await new Promise((r) => setTimeout(r, 1000)); // the draft is saved 0.6 s after typing
    await app.quit();
    app = await App.launch(launcher);
    await app.waitScreen('home');
    await app.click('#profile-open');
    await app.waitScreen('profile');
    await app.waitFor('[data-testid="draft-restored"]');
    assert.equal(await app.script('return document.getElementById("surname").value'), 'Ivanov');
    assert.equal(await app.script('return document.getElementById("snils").value'), '485-370-789 33');

    // 3. The demo citizen's data.
    for (const [css, value] of Object.entries(DEMO_CITIZEN)) await app.type(css, value);
    await app.click('#sex');
    await app.click('#profile-submit');
    await app.waitScreen('home');

    // 4. Home follows the checks by itself: both done, the level standard, the INN found.
    await app.waitFor('[data-testid="check-passport"][data-status="done"]', { timeout: 60000 });
    await app.waitFor('[data-testid="check-snils"][data-status="done"]', { timeout: 60000 });
    await app.waitFor('[data-testid="account-level"][data-level="standard"]', { timeout: 30000 });
    assert.equal(await app.text('[data-testid="account-level"]'), 'Стандартная');
    assert.equal(await app.attr('[data-testid="task-standard"]', 'data-status'), 'done');
    assert.match(await app.text('[data-testid="inn"]'), /773784300073/);
    assert.equal(await app.attr('[data-testid="task-verified"]', 'data-status'), 'not_started');
    assert.deepEqual(await serious(app), [], 'axe on Home with the checks');

    await app.click('#sign-out');
    await app.waitScreen('signin');
  } finally {
    await app.quit();
  }
});
