// End to end: the real debug binary with its embedded demo portal, driven through
// tauri-driver. Run by tests/e2e/run.sh (which provides Xvfb, a private keyring,
// KABINET_DATA_DIR and WEBDRIVER_URL).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App, startDriver } from './webdriver.mjs';

const BIN = process.env.KABINET_BIN;
const DATA = process.env.KABINET_DATA_DIR;
const SERVICE = 'org.kabinet.desktop';
assert.ok(BIN && BIN.startsWith('/'), 'KABINET_BIN must be an absolute path');
assert.ok(DATA, 'KABINET_DATA_DIR must be set');

const tag = Math.random().toString(36).slice(2, 8);
const person = { surname: 'Иванова', first: 'Мария', email: `maria.${tag}@example.ru` };
const password = `quiet lantern river ${tag} 42`;

function keyringSecrets() {
  let out = '';
  try {
    out = execFileSync('secret-tool', ['search', '--all', 'service', SERVICE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = String(e.stdout ?? '');
  }
  return [...out.matchAll(/^secret = (.+)$/gm)].map((m) => m[1].trim());
}

function filesUnder(dir) {
  const files = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) files.push(...filesUnder(p));
    else if (st.isFile()) files.push(p);
  }
  return files;
}

async function readCodeFromInbox(app) {
  await app.click('#confirm-open-inbox');
  await app.waitScreen('inbox');
  const msg = await app.waitFor('[data-testid="outbox-message"]', { check: (t) => t.includes(person.email) });
  const text = await app.textOf(msg);
  const code = text.match(/\b(\d{6})\b/)?.[1];
  assert.ok(code, `no 6-digit code in the demo inbox message: ${text}`);
  await app.click('#inbox-back');
  await app.waitScreen('confirm');
  return code;
}

test('register, resume after a restart, confirm, set a password, sign out and in', async () => {
  // 1. First launch: welcome → register → the code is sent.
  let app = await App.launch(BIN);
  try {
    await app.waitScreen('welcome');
    assert.match(await app.text('[data-testid="demo-banner"]'), /ДЕМО/);
    // The language switch: everything in English, then back to Russian.
    await app.click('#lang-switch');
    await app.waitFor('main h1', { check: (t) => t === 'Government services in your personal account' });
    assert.match(await app.text('[data-testid="demo-banner"]'), /DEMO/);
    await app.click('#lang-switch');
    await app.waitFor('main h1', { check: (t) => t === 'Госуслуги в личном кабинете' });
    await app.click('#start-register');
    await app.waitScreen('register');

    // Bad input shows errors tied to fields and loses nothing already typed.
    await app.type('#surname', person.surname);
    await app.click('#register-submit');
    await app.waitFor('[data-testid="error-summary"]');
    assert.equal(await app.attr('#first_name', 'aria-invalid'), 'true');
    assert.match(await app.attr('#first_name', 'aria-describedby'), /first_name-error/);
    assert.equal(await app.script('return document.getElementById("surname").value'), person.surname);

    await app.type('#first_name', person.first);
    await app.type('#contact', person.email);
    await app.click('#register-submit');
    await app.waitScreen('confirm');
    assert.match(await app.text('[data-testid="sent-to"]'), /@example\.ru/);
  } finally {
    await app.quit();
  }

  // 2. Relaunch: the registration resumes at the code step.
  app = await App.launch(BIN);
  try {
    await app.waitScreen('confirm');
    const code = await readCodeFromInbox(app);

    await app.type('#code', code);
    await app.click('#confirm-submit');
    await app.waitScreen('password');

    // The server's specific reason is shown at the field.
    await app.type('#password', '12345678');
    await app.type('#password_repeat', '12345678');
    await app.click('#password-submit');
    await app.waitFor('#password-error');
    assert.equal(await app.attr('#password', 'aria-invalid'), 'true');

    await app.type('#password', password);
    await app.type('#password_repeat', password);
    await app.click('#password-submit');
    await app.waitScreen('home');
    assert.equal(await app.attr('[data-testid="account-level"]', 'data-level'), 'simplified');
    assert.equal(await app.text('[data-testid="account-level"]'), 'Упрощённая');
    assert.match(await app.text('[data-testid="home-heading"]'), /Мария Иванова/);

    // Sign out → sign in again.
    await app.click('#sign-out');
    await app.waitScreen('signin');
    assert.deepEqual(keyringSecrets(), [], 'sign-out must delete the keyring entry');
    await app.type('#login', person.email);
    await app.type('#password', password);
    await app.click('#sign-in-submit');
    await app.waitScreen('home');
    assert.equal(await app.attr('[data-testid="account-level"]', 'data-level'), 'simplified');

    // The webview may call the app's own commands only: a core API is refused …
    const invoke = await app.scriptAsync(`const done = arguments[arguments.length - 1];
      window.__TAURI_INTERNALS__.invoke('plugin:app|version').then(
        () => done('allowed'), (e) => done('denied: ' + e));`);
    console.log('invoke of a core API: ' + invoke);
    assert.match(invoke, /^denied: .*not allowed/i, 'core:app is not granted');
    // … and it cannot navigate to another origin.
    await app.script('window.location.href = "https://example.com/"; return null;');
    await new Promise((r) => setTimeout(r, 1000));
    const href = await app.script('return window.location.href');
    assert.ok(!href.startsWith('https://example.com'), `navigated away to ${href}`);
  } finally {
    await app.quit();
  }

  // 3. The refresh token is in the OS keyring and in no file of the data folder.
  const secrets = keyringSecrets();
  assert.equal(secrets.length, 1, `expected one keyring entry for ${SERVICE}, got ${secrets.length}`);
  const token = secrets[0];
  assert.ok(token.length >= 32, 'the keyring holds a token');
  const files = filesUnder(DATA);
  assert.ok(files.some((f) => f.endsWith('kabinet.sqlite3')), 'the local store is in the data folder');
  for (const f of files) {
    assert.ok(!readFileSync(f).includes(Buffer.from(token)), `refresh token found in ${f}`);
  }

  // 4. A new start with the remembered session opens home directly.
  app = await App.launch(BIN);
  try {
    await app.waitScreen('home');
  } finally {
    await app.quit();
  }
});

test('without a working keyring the app says so and does not remember the sign-in', async () => {
  const remembered = keyringSecrets();
  // A tauri-driver (and so an app) whose D-Bus session bus does not exist.
  const driver = await startDriver({ ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/kabinet-bus' });
  try {
    let app = await App.launch(BIN, [], driver.base);
    try {
      await app.waitScreen('welcome'); // the session kept in the real keyring is out of reach
      await app.waitFor('[data-testid="keyring-banner"]');
      await app.click('#start-sign-in');
      await app.type('#login', person.email);
      await app.type('#password', password);
      await app.click('#sign-in-submit');
      await app.waitScreen('home');
      await app.waitFor('[data-testid="not-remembered"]');
    } finally {
      await app.quit();
    }
    app = await App.launch(BIN, [], driver.base);
    try {
      await app.waitScreen('welcome'); // nothing was remembered
    } finally {
      await app.quit();
    }
  } finally {
    driver.stop();
  }
  assert.deepEqual(keyringSecrets(), remembered, 'the real keyring is unchanged');
  for (const f of filesUnder(DATA)) {
    for (const t of remembered) assert.ok(!readFileSync(f).includes(Buffer.from(t)), `token found in ${f}`);
  }
});

function snapshot(dirs) {
  const out = new Map();
  for (const d of dirs) {
    let files = [];
    try {
      files = filesUnder(d);
    } catch {
      files = [];
    }
    for (const f of files) out.set(f, statSync(f).size);
  }
  return out;
}

// WebKitGTK does not allow automation of an ephemeral (incognito) web context, which
// is what guest mode uses, so this test runs the binary directly instead of through
// WebDriver; the guest flow itself is covered by the Rust flow tests.
test('guest mode (--guest) starts without writing files or touching the keyring', async () => {
  const dirs = [DATA, process.env.XDG_DATA_HOME, process.env.XDG_CONFIG_HOME].filter(Boolean);
  const before = snapshot(dirs);
  const keyringBefore = keyringSecrets();
  // A TMPDIR of its own, to see the session's files appear and go.
  const tmp = mkdtempSync(join(process.env.TMPDIR ?? '/tmp', 'guest-'));
  const child = spawn(BIN, ['--guest'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TMPDIR: tmp } });
  let log = '';
  child.stderr.on('data', (d) => (log += d));
  const deadline = Date.now() + 20000;
  while (!log.includes('embedded portal started') && Date.now() < deadline && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 1500)); // let the window load its page
  const running = child.exitCode === null;
  const duringSession = readdirSync(tmp);
  // Killed the way a logout or `kill` ends it: it must still exit cleanly and wipe.
  child.kill('SIGTERM');
  const [code, signal] = await new Promise((r) => child.once('exit', (c, s) => r([c, s])));
  assert.ok(running, `the app exited early:\n${log}`);
  assert.ok(duringSession.length > 0, 'the guest session kept its files in its temp dir');
  assert.deepEqual([code, signal], [0, null], `SIGTERM ends the app normally:\n${log}`);
  assert.deepEqual(readdirSync(tmp), [], 'the guest session\'s temp dir is wiped on SIGTERM');
  assert.match(log.replace(/\x1b\[[0-9;]*m/g, ''), /guest=true/);
  const after = snapshot(dirs);
  const added = [...after.keys()].filter((f) => !before.has(f));
  assert.deepEqual(added, [], 'guest mode created files');
  for (const [f, size] of before) {
    if (f.endsWith('-wal') || f.endsWith('-shm')) continue;
    assert.equal(after.get(f), size, `guest mode changed ${f}`);
  }
  assert.deepEqual(keyringSecrets(), keyringBefore, 'guest mode touched the keyring');
});
