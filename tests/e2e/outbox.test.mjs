// End to end: an application submitted while the portal is down. The app talks to
// a standalone portal process (demo mode, its own SQLite and TLS files); the test
// stops it, submits, closes the app, starts the portal again on the same port and
// files, opens the app: the application arrives — once — and follows its course.
// Run by tests/e2e/run.sh (KABINET_PORTAL_BIN: the portal binary).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, chmodSync, rmSync, existsSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { App } from './webdriver.mjs';
import { demoCitizenToStandard } from './demo.mjs';

const BIN = process.env.KABINET_BIN;
const PORTAL = process.env.KABINET_PORTAL_BIN || join(dirname(BIN || '/'), 'kabinet-portal');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let dir;
let launcher;
let port;
let portal = null;
let portalEnv;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = s.address();
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

function listening() {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1', () => { c.destroy(); resolve(true); });
    c.on('error', () => resolve(false));
  });
}

async function startPortal() {
  portal = spawn(PORTAL, ['serve'], { env: portalEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  const end = Date.now() + 60000;
  while (!(await listening())) {
    if (portal.exitCode !== null) throw new Error(`the portal exited with ${portal.exitCode}`);
    if (Date.now() > end) throw new Error('the portal did not start listening');
    await sleep(200);
  }
}

async function stopPortal() {
  if (!portal) return;
  const p = portal;
  portal = null;
  if (p.exitCode === null) {
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    await exited;
  }
  assert.equal(await listening(), false, 'the portal is down');
}

before(async () => {
  assert.ok(BIN && BIN.startsWith('/'), 'KABINET_BIN must be an absolute path');
  assert.ok(existsSync(PORTAL), `no portal binary at ${PORTAL} (set KABINET_PORTAL_BIN)`);
  dir = mkdtempSync(join(tmpdir(), 'kabinet-outbox-e2e-'));
  // A CA the app pins and a server certificate it issued for this machine.
  const ssl = (...args) => execFileSync('openssl', args, { stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  ssl('req', '-x509', ...ec, '-days', '1', '-subj', '/CN=Kabinet e2e CA', '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.pem'));
  ssl('req', ...ec, '-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'server.csr'));
  writeFileSync(join(dir, 'server.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n');
  ssl('x509', '-req', '-in', join(dir, 'server.csr'), '-CA', join(dir, 'ca.pem'), '-CAkey', join(dir, 'ca.key'),
    '-CAcreateserial', '-days', '1', '-extfile', join(dir, 'server.ext'), '-out', join(dir, 'cert.pem'));
  port = await freePort();
  portalEnv = {
    PATH: process.env.PATH,
    RUST_LOG: 'error',
    KABINET_PORTAL_BIND: `127.0.0.1:${port}`,
    KABINET_PORTAL_DATABASE_URL: `sqlite://${join(dir, 'portal.sqlite3')}?mode=rwc`,
    KABINET_PORTAL_SECRET_KEY_FILE: join(dir, 'portal.key'),
    KABINET_PORTAL_DEMO: 'true',
    KABINET_PORTAL_TLS_CERT: join(dir, 'cert.pem'),
    KABINET_PORTAL_TLS_KEY: join(dir, 'key.pem'),
    KABINET_PORTAL_REGISTRY_DELAY_SECS: '2',
    KABINET_PORTAL_AGENCY_DELAY_SECS: '3',
  };
  launcher = join(dir, 'kabinet-outbox');
  writeFileSync(
    launcher,
    `#!/bin/sh\nexport KABINET_PORTAL_URL=https://127.0.0.1:${port}/ KABINET_PORTAL_CA='${join(dir, 'ca.pem')}' KABINET_DATA_DIR='${join(dir, 'data')}'\nexec '${BIN}' "$@"\n`,
  );
  chmodSync(launcher, 0o755);
  await startPortal();
});

after(async () => {
  await stopPortal().catch(() => {});
  if (dir && process.env.KABINET_E2E_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
});

const CERTIFICATE = '[data-testid="application"][data-service="sfr-pension-certificate"]';

test('submitted with the portal down: kept through a restart of the app, sent once when the portal is back', async () => {
  let app = await App.launch(launcher);
  try {
    await demoCitizenToStandard(app);
    await app.click('#home-services');
    await app.waitScreen('services');
    await app.type('#services-query', 'справка о пенсии');
    await app.click('[data-testid="services-results"] [data-service="sfr-pension-certificate"]');
    await app.click('#apply');
    await app.waitFor('[data-testid="form-prefilled"]');
    await app.click('#form-consent');

    // The portal goes away while the citizen is on the form.
    await stopPortal();
    await app.click('#form-submit');
    await app.waitFor('[data-testid="application-queued"]', { timeout: 30000 });
    await app.click('#open-applications');
    await app.waitScreen('applications');
    await app.waitFor('[data-testid="queued"]');
    await app.waitFor('[data-testid="applications-offline"]', { check: (t) => /нет связи с порталом/.test(t) });
    assert.match(await app.text('[data-testid="outbox"]'), /Справка о назначенной пенсии/);
    assert.equal((await app.findAll('[data-testid="queued"]')).length, 1);
    assert.equal((await app.findAll(CERTIFICATE)).length, 0);
    // «Отправить сейчас» with the portal still down: it stays, said plainly.
    await app.click('#outbox-send');
    await app.waitFor('[data-testid="outbox-still-waiting"]', { check: (t) => /Связи с порталом пока нет/.test(t) });
    assert.equal((await app.findAll('[data-testid="queued"]')).length, 1, 'still waiting');
  } finally {
    await app.quit();
  }

  // The app is closed; the portal comes back; the app is opened again.
  await startPortal();
  app = await App.launch(launcher);
  try {
    // The account is remembered on this computer.
    await app.waitScreen('home');
    await app.click('#home-applications');
    await app.waitScreen('applications');
    // Sent by the app's own background task (no button pressed): one application.
    await app.waitFor(CERTIFICATE, { timeout: 60000 });
    await app.waitFor(`${CERTIFICATE}[data-state="ready"]`, { timeout: 60000 });
    assert.equal((await app.findAll('[data-testid="queued"]')).length, 0, 'nothing left waiting');
    assert.equal((await app.findAll(CERTIFICATE)).length, 1, 'sent once');
  } finally {
    await app.quit();
  }
});
