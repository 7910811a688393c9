// End to end: a standard citizen applies for a service; while the demo agency moves
// the application (submitted, registered, in progress, a decision), the header's
// badge counts the live events, and the «Уведомления» inbox lists them newest
// first, with the decision on top; opening it reads them (the badge goes).
// Its own data folder. Run by tests/e2e/run.sh.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { App } from './webdriver.mjs';
import { demoCitizenToStandard, ownDataLauncher } from './demo.mjs';

const { launcher, cleanup } = ownDataLauncher('notifications');
after(cleanup);

test('the inbox fills as the demo agency moves an application, with an unread badge', async () => {
  const app = await App.launch(launcher);
  try {
    await demoCitizenToStandard(app);
    await app.click('#home-services');
    await app.waitScreen('services');
    await app.type('#services-query', 'доставка пенсии');
    await app.click('[data-testid="services-results"] [data-service="sfr-pension-delivery"]');
    await app.click('#apply');
    await app.waitFor('[data-testid="form-prefilled"]');
    await app.click('#form-payment-method-post');
    await app.click('#form-consent');
    await app.click('#form-submit');
    const sent = await app.text('[data-testid="application-sent"]');
    const number = sent.match(/ЗЛ-\d{4}-\d{8}/)?.[0];
    assert.ok(number, sent);

    // Four events, counted live in the header: submitted … decision.
    await app.waitFor('[data-testid="unread-badge"]', { timeout: 60000, check: (t) => Number(t) >= 4 });
    await app.click('#open-notifications');
    await app.waitScreen('notifications');
    await app.waitFor('[data-testid="notification"]');
    const items = await app.findAll('[data-testid="notification"]');
    assert.ok(items.length >= 4, `${items.length} notifications`);
    const top = await app.attr('[data-testid="notification"]', 'data-state');
    assert.ok(top === 'ready' || top === 'refused', top);
    assert.ok((await app.text('[data-testid="notification"]')).includes(number));
    // Read on opening: back home, the link is there without a badge.
    await app.click('#notifications-back');
    await app.waitScreen('home');
    await app.waitFor('#open-notifications');
    const end = Date.now() + 10000;
    while ((await app.findAll('[data-testid="unread-badge"]')).length > 0) {
      assert.ok(Date.now() < end, 'the badge goes once the inbox is read');
      await new Promise((r) => setTimeout(r, 150));
    }
  } finally {
    await app.quit();
  }
});
