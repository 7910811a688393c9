// End to end: the service catalogue without an account. «загран» finds the foreign
// passport (a short form), «пасспорт» with a typo the internal one; the service's
// page says the level it needs and the state fee, that one must sign in to apply,
// and for disposing of maternity capital by which date the originals are due.
// Its own data folder. Run by tests/e2e/run.sh.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { App } from './webdriver.mjs';
import { demoCitizenToStandard, ownDataLauncher } from './demo.mjs';

const { launcher, cleanup } = ownDataLauncher('services');
after(cleanup);

test('the catalogue: search by a short form and a typo, a service page without an account', async () => {
  const app = await App.launch(launcher);
  try {
    await app.waitScreen('welcome');
    await app.click('#open-services');
    await app.waitScreen('services');
    await app.waitFor('[data-category]');

    await app.type('#services-query', 'загран');
    await app.waitFor('[data-testid="services-results"] li:first-child [data-service]');
    assert.match(await app.attr('[data-testid="services-results"] li:first-child [data-service]', 'data-service'), /^mvd-foreign-passport/);
    await app.click('[data-testid="services-results"] li:first-child [data-service]');
    await app.waitFor('[data-testid="service-heading"]');
    assert.match(await app.text('[data-testid="service-heading"]'), /[Зз]агран/);
    assert.ok((await app.text('[data-testid="service-fee"]')).includes('₽'));
    assert.equal(await app.attr('[data-testid="service-access"]', 'data-access'), 'sign_in');

    await app.click('#services-back');
    await app.waitFor('#services-query');
    await app.type('#services-query', 'пасспорт 45');
    await app.waitFor('[data-testid="services-results"] li:first-child [data-service="mvd-passport-20-45"]');

    // Disposing of maternity capital: the originals within 5 working days — by which date.
    await app.type('#services-query', 'распоряжение маткапиталом');
    await app.click('[data-testid="services-results"] [data-service="sfr-maternity-capital-disposal"]');
    const visit = await app.text('[data-testid="service-visit"]');
    assert.match(visit, /5 рабочих дней/);
    assert.match(visit, /до \d{1,2} [а-я]+ \d{4}/, visit);
  } finally {
    await app.quit();
  }
});

test('a standard citizen applies and follows the application to its decision', async () => {
  const app = await App.launch(launcher);
  try {
    await demoCitizenToStandard(app);
    await app.click('#home-services');
    await app.waitScreen('services');
    await app.type('#services-query', 'доставка пенсии');
    await app.click('[data-testid="services-results"] [data-service="sfr-pension-delivery"]');
    assert.equal(await app.attr('[data-testid="service-access"]', 'data-access'), 'ok');
    await app.click('#apply');
    // The form opens filled from the confirmed profile.
    await app.waitFor('[data-testid="form-prefilled"]');
    assert.equal(await app.script('return document.querySelector("#form-applicant-surname").value'), 'Демонстрационный');
    // Sent as it is: every missing answer is named at once, nothing is sent.
    await app.click('#form-submit');
    let summary = await app.text('[data-testid="error-summary"]');
    assert.match(summary, /Как получать выплату: Заполните это поле/, summary);
    assert.match(summary, /Подтверждаю.*: Поставьте отметку/, summary);
    // To a bank account with a short BIC: the BIC is named, the account kept.
    await app.click('#form-payment-method-bank');
    await app.type('#form-payment-bank-bik', '04452');
    await app.type('#form-payment-bank-account', '40817810099910004312');
    await app.click('#form-consent');
    await app.click('#form-submit');
    await app.waitFor('#form-payment-bank-bik[aria-invalid="true"]');
    summary = await app.text('[data-testid="error-summary"]');
    assert.match(summary, /не подходит/, summary);
    assert.doesNotMatch(summary, /Заполните|Поставьте/, summary);
    assert.equal(await app.script('return document.querySelector("#form-payment-bank-account").value'), '40817810099910004312');
    // The draft is kept as typed.
    await app.waitFor('[data-testid="form-saved"]', { check: (el) => /сохранён/.test(el) });
    await app.type('#form-payment-bank-bik', '044525225');
    await app.click('#form-submit');
    const sent = await app.text('[data-testid="application-sent"]');
    const number = sent.match(/ЗЛ-\d{4}-\d{8}/)?.[0];
    assert.ok(number, sent);
    await app.click('#open-applications');
    await app.waitScreen('applications');
    // The demo agency takes a step every few seconds: registered, in progress, a decision.
    await app.waitFor('[data-testid="application"][data-state="ready"], [data-testid="application"][data-state="refused"]', { timeout: 60000 });
    assert.ok((await app.text('[data-testid="application"]')).includes(number));
    // The SNILS was asked of the pension fund by the portal itself.
    await app.waitFor('[data-testid="exchange"] li[data-state="received"]', { timeout: 30000 });
    assert.match(await app.text('[data-testid="exchange"]'), /Запрошено в СФР: СНИЛС — получено/);
    // A paper application made at the office is added by its receipt number.
    await app.type('#paper-receipt', 'МФЦ-2026-000999');
    await app.click('#paper-add');
    await app.waitFor('#paper-receipt-error', { check: (t) => /не найдено/.test(t) });
    await app.type('#paper-receipt', 'МФЦ-2026-000417');
    await app.click('#paper-add');
    const all = () => app.script('return [...document.querySelectorAll("[data-testid=application]")].map((e) => e.textContent)');
    const end = Date.now() + 20000;
    let texts = await all();
    while (!texts.some((t) => t.includes('Запись в детский сад')) && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 200));
      texts = await all();
    }
    assert.equal(texts.length, 2, texts.join(' | '));
    assert.ok(texts.some((t) => t.includes('Запись в детский сад') && t.includes('МФЦ-2026-000417')), texts.join(' | '));
    // The kindergarten queue: the child's place, moving up as the agency gives it.
    const place = async () => Number((await app.text('[data-testid="queue-position"]')).match(/\d+/)?.[0]);
    await app.waitFor('[data-testid="queue-position"]', { timeout: 30000 });
    const first = await place();
    await app.waitFor('[data-testid="queue-position"]', { timeout: 30000, check: (t) => Number(t.match(/\d+/)?.[0]) < first });
    assert.match(await app.text('[data-testid="queue-position"]'), /Место в очереди: \d+/);

    // A file for the kindergarten form: a text file named .pdf is refused by its
    // content, a real PDF is attached; the form keeps what was typed meanwhile.
    await app.click('#open-services');
    await app.waitScreen('services');
    await app.type('#services-query', 'детский сад');
    await app.click('[data-testid="services-results"] [data-service="mos-kindergarten-queue"]');
    await app.click('#apply');
    await app.waitFor('[data-testid="form-prefilled"]');
    await app.type('#form-child-surname', 'Демонстрационная');
    await app.click('#form-benefit-large_family');
    await app.waitFor('#form-benefit_document');
    const pick = (name, text) => app.script(`
      const input = document.querySelector('#form-benefit_document');
      const dt = new DataTransfer();
      dt.items.add(new File([${JSON.stringify(text)}], ${JSON.stringify(name)}));
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return null;`);
    await pick('справка.pdf', 'just some text');
    await app.waitFor('[data-testid="attachment-error"]', { check: (t) => /PDF, JPEG и PNG/.test(t) });
    await pick('справка.pdf', '%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n');
    await app.waitFor('[data-testid="attachment-file"]', { check: (t) => /Приложен файл: справка\.pdf \(PDF, 1 КБ\)/.test(t) });
    assert.equal(await app.script('return document.querySelector("#form-child-surname").value'), 'Демонстрационная');
  } finally {
    await app.quit();
  }
});

test('the monthly cash payment by application: the certificate checked by the fund, the payment assigned', async () => {
  // The same data folder: the demo citizen is still signed in at the standard level.
  const app = await App.launch(launcher);
  try {
    await app.waitScreen('home');
    await app.click('#home-services');
    await app.waitScreen('services');
    await app.type('#services-query', 'едв ветеран');
    await app.click('[data-testid="services-results"] [data-service="sfr-edv"]');
    await app.click('#apply');
    await app.waitFor('[data-testid="form-prefilled"]');
    await app.click('#form-category-combat_veteran');
    await app.type('#form-certificate-series', 'РМ1');
    await app.type('#form-certificate-number', '417205');
    await app.type('#form-certificate-issued_on', '08.05.2019');
    await app.click('#form-consent');
    await app.click('#form-submit');
    // A series with a digit is named at its field; the rest is kept.
    await app.waitFor('#form-certificate-series[aria-invalid="true"]');
    assert.equal(await app.script('return document.querySelector("#form-certificate-number").value'), '417205');
    await app.type('#form-certificate-series', 'РМ');
    await app.click('#form-submit');
    await app.waitFor('[data-testid="application-sent"]');
    await app.click('#open-applications');
    await app.waitScreen('applications');
    const edv = '[data-testid="application"][data-service="sfr-edv"]';
    await app.waitFor(`${edv}[data-state="ready"]`, { timeout: 60000 });
  } finally {
    await app.quit();
  }
});
