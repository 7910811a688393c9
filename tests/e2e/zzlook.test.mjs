import { test } from 'node:test';
import { execSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from './webdriver.mjs';
const dir = mkdtempSync(join(tmpdir(), 'look-'));
const launcher = join(dir, 'k');
writeFileSync(launcher, `#!/bin/sh\nexport KABINET_DATA_DIR='${join(dir, 'data')}'\nexec '${process.env.KABINET_BIN}' "$@"\n`);
chmodSync(launcher, 0o755);
const shot = (n) => { execSync(`import -window root /tmp/look-${n}.png`); };
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
test('look', async () => {
  const app = await App.launch(launcher);
  try {
    await app.script('window.resizeTo && window.resizeTo(1024, 900); return null;');
    await app.waitScreen('welcome');
    await app.click('#start-operator');
    await app.waitScreen('operator');
    await app.click('#operator-demo-fill');
    await wait(800);
    shot('op-signin-ru');
    await app.click('#operator-sign-in-submit');
    await app.waitFor('[data-testid="operator-who"]');
    await app.type('#operator-query', '112-233-445 95');
    await app.click('#operator-search-submit');
    await wait(800);
    shot('op-notfound-ru');
    await app.click('#lang-switch');
    await wait(500);
    shot('op-notfound-en');
  } finally { await app.quit(); }
});
