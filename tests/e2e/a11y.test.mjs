// End to end: axe-core (WCAG 2.0/2.1 A and AA rules) on every screen a citizen meets,
// in the real webview. Fails on "serious" or "critical" violations; prints the rest.
// The app runs with its embedded demo portal and its own data folder, so this test
// shares no state with the others; it signs out at the end, leaving the keyring as
// it found it. Run by tests/e2e/run.sh (Xvfb, tauri-driver, WEBDRIVER_URL, KABINET_BIN).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, startDriver } from './webdriver.mjs';

const BIN = process.env.KABINET_BIN;
assert.ok(BIN && BIN.startsWith('/'), 'KABINET_BIN must be an absolute path');

// axe-core is a devDependency of ui/ (installed by the usual `npm install` there).
const require = createRequire(new URL('../../ui/package.json', import.meta.url));
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// Best-practice rules (landmarks, heading order…) run too, but only ever as notes.
const RUN = [...TAGS, 'best-practice'];
const FAILING = new Set(['serious', 'critical']);

let dir;
let launcher; // starts the app with this test's own data folder

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kabinet-a11y-e2e-'));
  launcher = join(dir, 'kabinet-a11y');
  writeFileSync(launcher, `#!/bin/sh\nexport KABINET_DATA_DIR='${join(dir, 'data')}'\nexec '${BIN}' "$@"\n`);
  chmodSync(launcher, 0o755);
});

after(() => {
  if (dir && process.env.KABINET_E2E_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
});

const failures = []; // of the running test

/** Runs axe on the current page; records serious/critical violations, prints the rest. */
async function audit(app, label) {
  // Let transitions and focus moves settle before measuring colours.
  await new Promise((r) => setTimeout(r, 150));
  if (!(await app.script('return typeof window.axe === "object"'))) {
    await app.script(`${AXE}\n;if (!window.axe && typeof axe !== 'undefined') window.axe = axe; return null;`);
  }
  const result = await app.scriptAsync(
    `const done = arguments[arguments.length - 1];
     const brief = (list) => list.map((v) => ({
       id: v.id, impact: v.impact, help: v.help, tags: v.tags,
       nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
     }));
     window.axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations', 'incomplete'] }).then(
       (r) => done({ violations: brief(r.violations), incomplete: brief(r.incomplete), passed: r.passes.length }),
       (e) => done({ error: String(e && e.stack || e) }));`,
    [RUN],
  );
  assert.ok(Array.isArray(result?.violations), `axe did not run on ${label}: ${JSON.stringify(result)}`);
  assert.ok(result.passed >= 10, `axe checked next to nothing on ${label} (${result.passed} rules passed)`);
  const lines = [];
  for (const v of result.violations) {
    const wcag = v.tags.some((t) => TAGS.includes(t));
    const serious = wcag && FAILING.has(v.impact);
    const kind = serious ? 'FAIL' : wcag ? 'note' : 'best practice';
    lines.push(`${kind} [${label}] ${v.id} (${v.impact}): ${v.help}`);
    for (const n of v.nodes) lines.push(`    ${n.target}\n      ${(n.summary ?? '').replace(/\n/g, '\n      ')}`);
    if (serious) failures.push(`[${label}] ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target).join(', ')}`);
  }
  // What axe could not decide (e.g. contrast over an image) is for a person to check.
  for (const v of result.incomplete) {
    const shown = v.nodes.slice(0, 3).map((n) => n.target).join(', ');
    const more = v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : '';
    lines.push(`review [${label}] ${v.id}: ${v.help} — ${shown}${more}`);
  }
  console.log(lines.length ? lines.join('\n') : `axe [${label}]: no violations`);
}

async function readCodeFromInbox(app, contact) {
  await app.click('#confirm-open-inbox');
  await app.waitScreen('inbox');
  const msg = await app.waitFor('[data-testid="outbox-message"]', { check: (t) => t.includes(contact) });
  await audit(app, 'demo inbox');
  const code = (await app.textOf(msg)).match(/\b(\d{6})\b/)?.[1];
  assert.ok(code, 'a 6-digit code in the demo inbox');
  await app.click('#inbox-back');
  await app.waitScreen('confirm');
  return code;
}

test('axe-core finds no serious or critical WCAG 2.1 AA violations on the citizen screens', async () => {
  const tag = Math.random().toString(36).slice(2, 8);
  const email = `a11y.${tag}@example.ru`;
  const password = `amber harbour window ${tag} 17`;
  failures.length = 0;
  const app = await App.launch(launcher);
  let signedIn = false;
  try {
    // Welcome, in Russian and in English.
    await app.waitScreen('welcome');
    await app.waitFor('main h1', { check: (t) => t === 'Госуслуги в личном кабинете' });
    await audit(app, 'welcome (ru)');
    await app.click('#lang-switch');
    await app.waitFor('main h1', { check: (t) => t === 'Government services in your personal account' });
    await audit(app, 'welcome (en)');

    // The calculator (English), with both charts' tables and the wage years open,
    // then with an input error shown.
    await app.click('#open-calculator');
    await app.waitScreen('calculator');
    await app.waitFor('[data-testid="calc-result"]');
    await app.waitFor('[data-testid="calc-explanation"] li');
    await app.script(`for (const d of document.querySelectorAll('main details')) d.open = true; return null;`);
    await app.click('#calc-add-year');
    await app.waitFor('.calc-table table');
    await audit(app, 'calculator (en, tables open)');
    await app.click('#lang-switch');
    await app.waitFor('h1', { check: (t) => t === 'Пенсионный калькулятор' });
    await app.type('#calc-salary', 'много');
    await app.waitFor('#calc-salary-error');
    await app.type('#calc-scenario-name', 'Проверка');
    await app.click('#calc-save');
    await app.waitFor('[data-testid="calc-saved-list"]');
    await audit(app, 'calculator (ru, error shown, saved scenario)');
    await app.click('#calc-back');
    await app.waitScreen('welcome');

    // Register: empty, then with the errors of an empty submit.
    await app.click('#start-register');
    await app.waitScreen('register');
    await audit(app, 'register');
    await app.click('#register-submit');
    await app.waitFor('[data-testid="error-summary"]');
    await audit(app, 'register (errors)');
    await app.type('#surname', 'Петрова');
    await app.type('#first_name', 'Анна');
    await app.type('#contact', email);
    await app.click('#register-submit');

    // Confirm the code (and the demo inbox that shows it).
    await app.waitScreen('confirm');
    await audit(app, 'confirm code');
    await app.click('#confirm-submit');
    await app.waitFor('#code-error');
    await audit(app, 'confirm code (error)');
    const code = await readCodeFromInbox(app, email);
    await app.type('#code', code);
    await app.click('#confirm-submit');

    // Set a password: as shown, then with the portal's error at the field.
    await app.waitScreen('password');
    await audit(app, 'set password');
    await app.type('#password', '12345678');
    await app.type('#password_repeat', '12345678');
    await app.click('#password-submit');
    await app.waitFor('#password-error');
    await audit(app, 'set password (error)');
    await app.type('#password', password);
    await app.type('#password_repeat', password);
    await app.click('#password-submit');
    await app.waitScreen('home');
    signedIn = true;
    await audit(app, 'home');

    // Sign out → sign in (empty submit for the errors, then for real).
    await app.click('#sign-out');
    await app.waitScreen('signin');
    signedIn = false;
    await audit(app, 'sign in');
    await app.click('#sign-in-submit');
    await app.waitFor('[data-testid="error-summary"]');
    await audit(app, 'sign in (errors)');
    await app.type('#login', email);
    await app.type('#password', password);
    await app.click('#sign-in-submit');
    await app.waitScreen('home');
    signedIn = true;
    await app.click('#sign-out');
    await app.waitScreen('signin');
    signedIn = false;
  } finally {
    // Leave no remembered session in the shared keyring.
    if (signedIn) await app.click('#sign-out').catch(() => {});
    await app.quit();
  }
  assert.deepEqual(failures, [], `serious/critical accessibility violations:\n${failures.join('\n')}`);
});

test('axe-core: the welcome screen with the "keyring unavailable" warning', async () => {
  failures.length = 0;
  // A tauri-driver (and so an app) whose D-Bus session bus does not exist.
  const driver = await startDriver({ ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/kabinet-bus' });
  try {
    const app = await App.launch(launcher, [], driver.base);
    try {
      await app.waitScreen('welcome');
      await app.waitFor('[data-testid="keyring-banner"]');
      await audit(app, 'welcome (keyring unavailable)');
    } finally {
      await app.quit();
    }
  } finally {
    driver.stop();
  }
  assert.deepEqual(failures, [], `serious/critical accessibility violations:\n${failures.join('\n')}`);
});

test('axe-core: the screen shown when the app cannot start (its configured portal is unusable)', async () => {
  failures.length = 0;
  // A configured portal whose CA file is missing: the start fails and says why, with a retry.
  const unreachable = join(dir, 'kabinet-a11y-unreachable');
  writeFileSync(
    unreachable,
    `#!/bin/sh\nexport KABINET_DATA_DIR='${join(dir, 'data-unreachable')}'\n` +
      `export KABINET_PORTAL_URL='https://127.0.0.1:9' KABINET_PORTAL_CA='${join(dir, 'no-ca.pem')}'\nexec '${BIN}' "$@"\n`,
  );
  chmodSync(unreachable, 0o755);
  const app = await App.launch(unreachable);
  try {
    await app.waitScreen('failed');
    await app.waitFor('[data-testid="start-error"]', { check: (t) => t.length > 10 });
    await audit(app, 'start failed (ru)');
    await app.click('#lang-switch');
    await app.waitFor('main h1', { check: (t) => /[A-Za-z]/.test(t) && !/[а-я]/.test(t) });
    await audit(app, 'start failed (en)');
  } finally {
    await app.quit();
  }
  assert.deepEqual(failures, [], `serious/critical accessibility violations:\n${failures.join('\n')}`);
});
