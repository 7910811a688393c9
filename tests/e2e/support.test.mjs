// End to end: «Служба поддержки». The demo citizen opens it from Home, sends it
// empty and sees both problems named, then writes about a payment with a
// screenshot and the technical details (shown before sending, nothing personal in
// them), gets a request number, and sees the support desk's answer arrive.
// Its own data folder. Run by tests/e2e/run.sh.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { App } from './webdriver.mjs';
import { ownDataLauncher, signInDemo } from './demo.mjs';

const { launcher, cleanup } = ownDataLauncher('support');
after(cleanup);

// A 1×1 PNG (what a screenshot starts with is what the app checks).
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

test('a request to support with a screenshot is numbered and answered', async () => {
  const app = await App.launch(launcher);
  try {
    await app.waitScreen('welcome');
    await app.click('#start-sign-in');
    await app.waitScreen('signin');
    await signInDemo(app);
    await app.click('#home-support');
    await app.waitScreen('support');

    // Sent empty: both problems at once, each linked to its field.
    await app.click('#support-submit');
    await app.waitFor('[data-testid="error-summary"]');
    const links = await app.script(`return [...document.querySelectorAll('[data-testid="error-summary"] a')].map((a) => a.getAttribute('href'));`);
    assert.deepEqual(links, ['#support-topic-sign_in', '#support-message']);

    // The technical details, as they will be sent: codes and versions only.
    const details = await app.text('[data-testid="support-details"]');
    assert.match(details, /home/);
    assert.match(details, /embedded/);
    for (const personal of ['Демонстрационный', '+7999', '485-370']) assert.ok(!details.includes(personal), details);

    await app.click('#support-topic-pension');
    await app.type('#support-message', 'Не вижу выплату за ноябрь');
    await app.script(`
      const input = document.querySelector('#support-screenshot');
      const bytes = Uint8Array.from(atob(${JSON.stringify(PNG)}), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'экран.png', { type: 'image/png' }));
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return null;`);
    await app.waitFor('[data-testid="attachment-file"]', { check: (t) => /экран\.png/.test(t) });
    assert.equal(await app.script('return document.querySelector("#support-message").value'), 'Не вижу выплату за ноябрь');
    await app.click('#support-submit');
    const sent = await app.text('[data-testid="support-sent"]');
    const number = sent.match(/ОБ-\d{4}-\d{8}/)?.[0];
    assert.ok(number, sent);

    // The desk answers within seconds in the demo; the request shows it.
    const ticket = await app.waitFor('[data-testid="ticket"][data-status="answered"]', { timeout: 60000 });
    const text = await app.textOf(ticket);
    assert.ok(text.includes(number), text);
    assert.match(text, /со снимком экрана, с техническими сведениями/);
    assert.match(await app.text('[data-testid="ticket-answer"]'), /Ответ службы поддержки/);
  } finally {
    await app.quit();
  }
});
