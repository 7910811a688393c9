// End to end: the service-centre finder, without signing in. From Welcome, the list
// of every centre (with "open now" markers), a region filter and a town search in
// lower case. Its own data folder. Run by tests/e2e/run.sh.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from './webdriver.mjs';

const BIN = process.env.KABINET_BIN;
assert.ok(BIN && BIN.startsWith('/'), 'KABINET_BIN must be an absolute path');

let dir;
let launcher;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kabinet-centres-e2e-'));
  launcher = join(dir, 'kabinet-centres');
  writeFileSync(launcher, `#!/bin/sh\nexport KABINET_DATA_DIR='${join(dir, 'data')}'\nexec '${BIN}' "$@"\n`);
  chmodSync(launcher, 0o755);
});

after(() => {
  if (dir && process.env.KABINET_E2E_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until `ok` holds of its answer (10 s at most); returns the answer. */
async function until(probe, ok) {
  const end = Date.now() + 10000;
  let last;
  while (Date.now() < end) {
    last = await probe();
    if (ok(last)) return last;
    await sleep(150);
  }
  throw new Error(`timed out; last: ${JSON.stringify(last)}`);
}

const towns = (app) =>
  app.script(`return [...document.querySelectorAll('[data-testid="centre"] .centre__address')].map((p) => p.textContent);`);

test('anyone finds service centres by region and town', async () => {
  const app = await App.launch(launcher);
  try {
    await app.waitScreen('welcome');
    await app.click('#start-centres');
    await app.waitScreen('centres');
    await app.waitFor('[data-testid="centre"]');
    const all = await towns(app);
    assert.ok(all.length >= 30, `${all.length} centres`);
    const markers = await app.script(
      `return [...document.querySelectorAll('[data-testid="centre-open"]')].map((s) => s.textContent.trim());`,
    );
    assert.ok(markers.every((m) => m === 'Открыто сейчас' || m === 'Сейчас закрыто'), markers.join());

    await app.type('#centres-town', 'екатерин');
    await app.click('#centres-search');
    const found = await until(() => towns(app), (t) => t.length < all.length);
    assert.ok(found.length > 0 && found.every((a) => a.startsWith('Екатеринбург')), found.join(' | '));

    await app.type('#centres-town', 'Атлантида');
    await app.click('#centres-search');
    await app.waitFor('[data-testid="centres-count"]', { check: (text) => text.endsWith(': 0') });
  } finally {
    await app.quit();
  }
});
