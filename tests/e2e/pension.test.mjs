// End to end: «Моя пенсия». A pensioner of the demo fund (Киселёва Екатерина, a
// citizen of crates/kabinet-portal/data/registries.json) registers, reaches the
// standard level, and opens «Моя пенсия» from Home: the insurance old-age pension,
// its amount, delivery by post, the next payment and the last 12 months paid. She
// changes the delivery to her bank account through the fund's service and, once
// the fund has decided, sees the change waiting for its day; then orders the
// certificate of her pension and saves the signed PDF; opens «Инвалидность и льготы»
// (group II, the programme, the EDV) and takes medicines as money from the next
// 1 January through the set-of-services application. Its own data folder.
// Run by tests/e2e/run.sh (Xvfb, tauri-driver, WEBDRIVER_URL, KABINET_BIN).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { App } from './webdriver.mjs';
import { ownDataLauncher } from './demo.mjs';

const { launcher, cleanup } = ownDataLauncher('pension');
// Where documents are saved: the XDG Downloads folder of this run.
const downloads = path.join(process.env.TMPDIR || '/tmp', 'pension-downloads');
fs.rmSync(downloads, { recursive: true, force: true });
fs.mkdirSync(downloads, { recursive: true });
if (process.env.XDG_CONFIG_HOME) {
  fs.mkdirSync(process.env.XDG_CONFIG_HOME, { recursive: true });
  fs.writeFileSync(path.join(process.env.XDG_CONFIG_HOME, 'user-dirs.dirs'), `XDG_DOWNLOAD_DIR="${downloads}"\n`);
}
after(cleanup);

const CONTACT = `kiseleva${Date.now() % 100000}@example.ru`;
const PASSWORD = 'липа снег и тёплый дом';
const PROFILE = {
  '#surname': 'Киселёва',
  '#first_name': 'Екатерина',
  '#patronymic': 'Александровна',
  '#birth_date': '02.09.1950',
  '#birth_place': 'с. Высокая Гора Татарской АССР',
  '#passport-series': '50 98',
  '#passport-number': '571019',
  '#passport-issued_on': '26.03.1998',
  '#passport-issuer': 'Октябрьским РОВД гор. Новосибирска',
  '#passport-division_code': '547-024',
  '#snils': '754-030-940 80',
};

async function register(app) {
  await app.waitScreen('welcome');
  await app.click('#start-register');
  await app.waitScreen('register');
  await app.type('#surname', 'Киселёва');
  await app.type('#first_name', 'Екатерина');
  await app.type('#contact', CONTACT);
  await app.click('#register-submit');
  await app.waitScreen('confirm');
  await app.click('#confirm-open-inbox');
  await app.waitScreen('inbox');
  const msg = await app.waitFor('[data-testid="outbox-message"]', { check: (t) => t.includes(CONTACT) });
  const code = (await app.textOf(msg)).match(/\b(\d{6})\b/)?.[1];
  assert.ok(code, 'a code in the demo inbox');
  await app.click('#inbox-back');
  await app.waitScreen('confirm');
  await app.type('#code', code);
  await app.click('#confirm-submit');
  await app.waitScreen('password');
  await app.type('#password', PASSWORD);
  await app.type('#password_repeat', PASSWORD);
  await app.click('#password-submit');
  await app.waitScreen('home');
}

test('a pensioner sees her pension and its year of payments, changes the delivery to her bank, orders a certificate, sees her disability record and takes medicines as money', async () => {
  const app = await App.launch(launcher);
  try {
    await register(app);
    assert.equal((await app.findAll('#open-pension')).length, 0, 'no pension page at the simplified level');
    await app.click('#profile-open');
    await app.waitScreen('profile');
    for (const [css, value] of Object.entries(PROFILE)) await app.type(css, value);
    await app.click('#sex-female');
    await app.click('#profile-submit');
    await app.waitScreen('home');
    await app.waitFor('[data-testid="account-level"][data-level="standard"]', { timeout: 60000 });

    await app.click('#open-pension');
    await app.waitScreen('pension');
    const amount = await app.waitFor('[data-testid="pension-amount"]', { timeout: 30000 });
    assert.equal(await app.attr('[data-testid="pension-amount"]', 'data-amount'), '27430.50');
    const said = await app.textOf(amount);
    assert.match(said, /Страховая пенсия по старости/);
    assert.match(said, /27\s430,50\s₽ в месяц/);
    assert.match(said, /Назначена с 2 сентября 2005/);
    assert.equal(await app.attr('[data-testid="pension-delivery"]', 'data-method'), 'post');
    assert.match(await app.text('[data-testid="pension-next"]'), /за [а-я]+ \d{4} г\.: 27\s430,50\s₽, \d{1,2} [а-я]+ \d{4}/);
    // The last 12 months, newest first, each with its day and sum.
    const rows = await app.script(
      'return [...document.querySelectorAll("[data-testid=pension-payments] tbody tr")].map((r) => r.dataset.month)',
    );
    assert.equal(rows.length, 12, rows.join(' '));
    assert.deepEqual([...rows].sort().reverse(), rows, 'newest first');
    assert.match(await app.text('[data-testid="pension-total"]'), /Всего за эти месяцы: [\d\s]+,\d\d\s₽/);

    // «Изменить способ доставки»: the fund's service, its form filled from the profile.
    await app.click('#pension-change-delivery');
    await app.waitScreen('services');
    assert.match(await app.text('[data-testid="service-heading"]'), /доставк/i);
    await app.click('#apply');
    await app.waitFor('[data-testid="form-prefilled"]');
    assert.equal(await app.script('return document.querySelector("#form-applicant-surname").value'), 'Киселёва');
    await app.click('#form-payment-method-bank');
    await app.type('#form-payment-bank-bik', '044525225');
    await app.type('#form-payment-bank-account', '40817810099910004312');
    await app.click('#form-consent');
    await app.click('#form-submit');
    await app.waitFor('[data-testid="application-sent"]');
    await app.click('#open-applications');
    await app.waitScreen('applications');
    await app.waitFor('[data-testid="application"][data-state="ready"]', { timeout: 60000 });

    // Back on «Моя пенсия»: the bank account from tomorrow, named by its last digits.
    await app.click('#applications-back');
    await app.waitScreen('home');
    await app.click('#open-pension');
    await app.waitScreen('pension');
    const change = await app.waitFor('[data-testid="pension-change"]', { timeout: 20000 });
    assert.equal(await app.attr('[data-testid="pension-change"]', 'data-method'), 'bank');
    assert.match(await app.textOf(change), /На счёт в банке ••••4312/);
    assert.ok(!(await app.text('main')).includes('40817810099910004312'), 'never the whole account number');

    // The certificate of the pension, ordered online: a PDF the portal signed,
    // checked by the app and saved with its signature.
    await app.click('#open-services');
    await app.waitScreen('services');
    await app.type('#services-query', 'справка о пенсии');
    await app.click('[data-testid="services-results"] [data-service="sfr-pension-certificate"]');
    await app.click('#apply');
    await app.waitFor('[data-testid="form-prefilled"]');
    await app.click('#form-consent');
    await app.click('#form-submit');
    await app.waitFor('[data-testid="application-sent"]');
    await app.click('#open-applications');
    await app.waitScreen('applications');
    const certificate = '[data-testid="application"][data-service="sfr-pension-certificate"]';
    await app.waitFor(`${certificate} [data-testid="result-document"]`, { timeout: 60000 });
    assert.match(await app.text(`${certificate} [data-testid="result-document"]`), /Справка о назначенной пенсии/);
    await app.click(`${certificate} [data-testid="result-save"]`);
    const saved = await app.text(`${certificate} [data-testid="result-saved"]`);
    const file = fs.readdirSync(downloads).find((f) => f.startsWith('Справка') && f.endsWith('.pdf'));
    assert.ok(file, `the certificate in Downloads (${saved})`);
    assert.ok(saved.includes(file), `the screen says where: ${saved}`);
    assert.equal(fs.readFileSync(path.join(downloads, file)).subarray(0, 5).toString(), '%PDF-');
    assert.ok(fs.existsSync(path.join(downloads, `${file}.sig`)), 'the signature beside it');

    // «Инвалидность и льготы»: group II without a term, the programme's progress,
    // the EDV assigned from the register, the set of social services in kind.
    await app.click('#applications-back');
    await app.waitScreen('home');
    await app.click('#open-disability');
    await app.waitScreen('disability');
    const group = await app.waitFor('[data-testid="disability-group"]', { timeout: 30000 });
    assert.equal(await app.attr('[data-testid="disability-group"]', 'data-group'), 'second');
    assert.match(await app.textOf(group), /II группа инвалидности[\s\S]*общее заболевание[\s\S]*15 марта 2019 г\. бессрочно/);
    assert.equal(await app.attr('[data-testid="ipra-progress"]', 'data-done'), '2');
    assert.equal(await app.attr('[data-testid="ipra-progress"]', 'data-total'), '5');
    assert.match(await app.text('[data-benefit="edv"]'), /Предоставляется с 15 марта 2019/);
    // Her profile has no address: the region's measures wait for it.
    assert.equal((await app.findAll('[data-testid="benefits-regional"]')).length, 0);
    assert.match(await app.text('[data-testid="benefits-no-region"]'), /Укажите адрес в профиле/);
    assert.equal(await app.attr('[data-testid="nsu"] [data-part="medicines"]', 'data-now'), 'kind');

    // Medicines as money: the fund's service, decided, waiting for its 1 January.
    await app.click('#nsu-change');
    await app.waitScreen('services');
    await app.click('#apply');
    await app.waitFor('[data-testid="form-prefilled"]');
    await app.click('#form-medicines-money');
    await app.click('#form-sanatorium-kind');
    await app.click('#form-travel-kind');
    await app.click('#form-consent');
    await app.click('#form-submit');
    await app.waitFor('[data-testid="application-sent"]');
    await app.click('#open-applications');
    await app.waitScreen('applications');
    await app.waitFor('[data-testid="application"][data-service="sfr-nsu"][data-state="ready"]', { timeout: 60000 });
    await app.click('#applications-back');
    await app.waitScreen('home');
    await app.click('#open-disability');
    await app.waitScreen('disability');
    await app.waitFor('[data-testid="nsu"] [data-part="medicines"][data-then="money"]', { timeout: 20000 });
    assert.equal(await app.attr('[data-testid="nsu"] [data-part="travel"]', 'data-then'), '');
    assert.match(await app.text('[data-testid="nsu"] thead'), /С 1 января 20\d\d/);
  } finally {
    await app.quit();
  }
});
