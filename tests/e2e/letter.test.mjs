// End to end: verified by registered letter. The demo citizen reaches the standard
// level, orders a letter on Home, watches its tracking move by itself (the
// embedded demo's post moves it every 5 s) to "arrived", reads the letter with its
// code in the demo inbox, enters a wrong code (told so), then the right one: Home
// says the account is verified, by letter. Its own data folder.
// Run by tests/e2e/run.sh (Xvfb, tauri-driver, WEBDRIVER_URL, KABINET_BIN).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { App } from './webdriver.mjs';
import { demoCitizenToStandard, ownDataLauncher } from './demo.mjs';

const { launcher, cleanup } = ownDataLauncher('letter');
after(cleanup);

test('standard → verified by the code of a registered letter read from the demo inbox', async () => {
  const app = await App.launch(launcher);
  try {
    await demoCitizenToStandard(app);

    await app.click('#letter-request');
    await app.waitFor('[data-testid="letter-tracking"] li[data-status="accepted"]');
    assert.match(await app.text('[data-testid="letter"]'), /Поляны/);
    await app.waitFor('[data-testid="letter-tracking"] li[data-status="arrived"]', { timeout: 60000 });

    await app.click('#open-inbox');
    await app.waitScreen('inbox');
    const msg = await app.waitFor('[data-testid="outbox-message"][data-channel="post"]');
    const text = await app.textOf(msg);
    const code = text.match(/\b([0-9A-Z]{5}-[0-9A-Z]{5})\b/)?.[1];
    assert.ok(code, `no letter code in the demo inbox: ${text}`);
    await app.click('#inbox-back');
    await app.waitScreen('home');

    await app.waitFor('#letter-code');
    await app.type('#letter-code', 'AAAAA-AAAAA');
    await app.click('#letter-confirm');
    await app.waitFor('#letter-error');
    assert.match(await app.text('#letter-error'), /Код не подходит/);
    await app.script('const i = document.getElementById("letter-code"); i.value = ""; i.dispatchEvent(new Event("input")); return null;');
    await app.type('#letter-code', code.toLowerCase());
    await app.click('#letter-confirm');
    await app.waitFor('[data-testid="account-level"][data-level="verified"]');
    assert.match(await app.text('[data-testid="verified-by"]'), /заказного письма/);

    // Now verified, the citizen applies to dispose of maternity capital; the
    // contract is brought in person within 5 working days: by which date, and where.
    await app.click('#home-services');
    await app.waitScreen('services');
    await app.type('#services-query', 'распоряжение маткапиталом');
    await app.click('[data-testid="services-results"] [data-service="sfr-maternity-capital-disposal"]');
    await app.click('#apply');
    await app.waitFor('[data-testid="form-prefilled"]');
    await app.click('#form-purpose-mortgage');
    await app.type('#form-amount', '450000');
    await app.type('#form-recipient', 'ПАО «Банк», кредитный договор № 17');
    await app.click('#form-consent');
    await app.click('#form-submit');
    await app.waitFor('[data-testid="application-sent"]');
    await app.click('#open-applications');
    await app.waitScreen('applications');
    await app.waitFor('[data-testid="visit-by"]');
    const due = await app.text('[data-testid="visit-by"]');
    assert.match(due, /до \d{1,2} [а-я]+ \d{4} г?\.? ?включительно \(5 рабочих дней/, due);
    assert.match(due, /клиентская служба СФР/, due);
    assert.match(due, /Договор по выбранному направлению/, due);
  } finally {
    await app.quit();
  }
});
