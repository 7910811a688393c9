// End to end: «Мои пенсионные права». The demo citizen reaches the standard level,
// opens the record from Home, sees the flagged years (2021: the employer paid
// nothing; 2023: three months without a report), opens the ready request to the
// employer and finds the employer's name in it; «Моя пенсия» says the fund pays
// this citizen nothing yet. Its own data folder.
// Run by tests/e2e/run.sh (Xvfb, tauri-driver, WEBDRIVER_URL, KABINET_BIN).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { App } from './webdriver.mjs';
import { demoCitizenToStandard, ownDataLauncher } from './demo.mjs';

const { launcher, cleanup } = ownDataLauncher('record');
// Where «Сохранить PDF» writes: the XDG Downloads folder of this run.
const downloads = path.join(process.env.TMPDIR || '/tmp', 'record-downloads');
fs.mkdirSync(downloads, { recursive: true });
if (process.env.XDG_CONFIG_HOME) {
  fs.mkdirSync(process.env.XDG_CONFIG_HOME, { recursive: true });
  fs.writeFileSync(path.join(process.env.XDG_CONFIG_HOME, 'user-dirs.dirs'), `XDG_DOWNLOAD_DIR="${downloads}"\n`);
}
after(cleanup);

test('standard → the pension record with its flagged years and a ready request naming the employer', async () => {
  const app = await App.launch(launcher);
  try {
    await demoCitizenToStandard(app);

    // «Моя пенсия» for someone the fund does not pay: said so, and where to go instead.
    await app.click('#open-pension');
    await app.waitScreen('pension');
    assert.match(await app.text('[data-testid="pension-none"]'), /не выплачивает вам пенсию/);
    await app.click('#pension-back');
    await app.waitScreen('home');

    await app.click('#open-record');
    await app.waitScreen('record');
    await app.waitFor('[data-testid="record-total"]', { timeout: 30000 });

    const d2021 = await app.waitFor('[data-testid="discrepancy"][data-year="2021"]');
    const employer = (await app.textOf(d2021)).split(',')[0].trim();
    assert.ok(employer.length > 2, `no employer name in: ${await app.textOf(d2021)}`);
    await app.waitFor('[data-testid="discrepancy"][data-year="2023"]');
    await app.waitFor('[data-testid="employer-year"][data-year="2021"][data-flagged="true"]');

    await app.click('[data-testid="discrepancy"][data-year="2021"] [data-testid="doc-employer_request"]');
    await app.waitFor('[data-testid="ready-text"]');
    assert.ok((await app.text('[data-testid="ready-text"]')).includes(employer), 'the request names the employer');

    await app.click('[data-testid="save-pdf"]');
    const saved = await app.text('[data-testid="pdf-saved"]');
    const file = fs.readdirSync(downloads).find((f) => f.endsWith('.pdf'));
    assert.ok(file, `a PDF in Downloads (${saved})`);
    assert.ok(saved.includes(file), `the screen says where: ${saved}`);
    assert.equal(fs.readFileSync(path.join(downloads, file)).subarray(0, 5).toString(), '%PDF-');

    // The statement: signed by the portal, verified by the app, saved with its signature.
    await app.click('[data-testid="statement-save"]');
    const said = await app.text('[data-testid="statement-saved"]');
    const statement = fs.readdirSync(downloads).find((f) => f.startsWith('Выписка') && f.endsWith('.pdf'));
    assert.ok(statement, `the statement in Downloads (${said})`);
    assert.ok(said.includes(statement), `the screen says where: ${said}`);
    assert.equal(fs.readFileSync(path.join(downloads, statement)).subarray(0, 5).toString(), '%PDF-');
    const sig = JSON.parse(fs.readFileSync(path.join(downloads, `${statement}.sig`), 'utf8'));
    assert.ok(sig.signature_base64 && sig.signer_chain_pem.length >= 1, 'the signature is kept beside it');

    // The calculator starts from the record: the same points as the rights page.
    const total = (await app.text('[data-testid="record-total"]')).match(/[\d\s\u00a0]+,\d+|\d+/)[0].trim();
    await app.click('#open-calculator');
    await app.waitScreen('calculator');
    const points = await app.text('[data-testid="calc-record-points"]');
    assert.equal(points.replace(/\s/g, ''), total.replace(/\s/g, ''), 'the calculator starts from the recorded points');
    await app.waitFor('[data-testid="calc-summary"]', { timeout: 20000 });
    assert.equal((await app.findAll('#calc-points')).length, 0, 'the points are not typed');
  } finally {
    await app.quit();
  }
});
