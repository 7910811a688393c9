// End to end: a request to the Social Fund without an account. From the welcome
// screen, sent empty: every problem named at once; a wrong e-mail is named while
// the rest stays typed; then sent: a number and the day the answer is due; the
// status by number and contact shows the fund's answer once the development desk
// has given it. Its own data folder. Run by tests/e2e/run.sh.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { App } from './webdriver.mjs';
import { ownDataLauncher } from './demo.mjs';

const { launcher, cleanup } = ownDataLauncher('fund');
after(cleanup);

test('a request to the fund without an account is numbered and answered', async () => {
  const app = await App.launch(launcher);
  try {
    await app.waitScreen('welcome');
    await app.click('#start-fund');
    await app.waitScreen('fund');

    await app.click('#fund-submit');
    await app.waitFor('[data-testid="error-summary"]');
    const links = await app.script(
      'return [...document.querySelectorAll("[data-testid=error-summary] a")].map((a) => a.getAttribute("href"))',
    );
    assert.deepEqual(links, ['#fund-surname', '#fund-first_name', '#fund-contact', '#fund-topic-pension', '#fund-question']);

    await app.type('#fund-surname', 'Иванова');
    await app.type('#fund-first_name', 'Мария');
    await app.type('#fund-contact', 'maria@');
    await app.click('#fund-topic-payments');
    await app.type('#fund-question', 'Когда придёт пенсия за декабрь?');
    await app.click('#fund-submit');
    await app.waitFor('#fund-contact-error');
    assert.match(await app.text('#fund-contact-error'), /name@example\.ru/);
    assert.equal(await app.script('return document.querySelector("#fund-question").value'), 'Когда придёт пенсия за декабрь?');

    const contact = `maria${Date.now() % 100000}@example.ru`;
    await app.script(`document.querySelector("#fund-contact").value = ""`);
    await app.type('#fund-contact', contact);
    await app.click('#fund-submit');
    const sent = await app.waitFor('[data-testid="fund-sent"]');
    const number = await app.attr('[data-testid="fund-sent"]', 'data-number');
    assert.match(number, /^СФР-\d{4}-\d{8}$/);
    assert.match(await app.textOf(sent), new RegExp(`${number} зарегистрировано. Ответ придёт не позже \\d{1,2} [а-я]+ \\d{4}`));

    // The status: the number and contact are filled in from the request.
    const until = Date.now() + 60000;
    while ((await app.findAll('[data-testid="fund-status"][data-status="answered"]')).length === 0) {
      assert.ok(Date.now() < until, 'the fund answers within a minute');
      await app.click('#fund-check-submit');
      await new Promise((r) => setTimeout(r, 1000));
    }
    assert.match(await app.text('[data-testid="fund-status"]'), new RegExp(`Фонд ответил на обращение ${number}`));

    // Another contact learns nothing.
    await app.script(`document.querySelector("#fund-check-contact").value = ""`);
    await app.type('#fund-check-contact', 'someone@example.ru');
    await app.click('#fund-check-submit');
    assert.match(await app.text('[data-testid="fund-check-error"]'), /Обращения с таким номером/);
  } finally {
    await app.quit();
  }
});
