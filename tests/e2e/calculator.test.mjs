// End to end: the pension calculator works with the portal unreachable and no
// account. The app is started through a wrapper that points it at a portal nobody
// listens on (https://127.0.0.1:9, trusting a throwaway certificate), so there is
// no embedded portal and no network. Prints the slider-to-repaint figures.
// Run by tests/e2e/run.sh (Xvfb, tauri-driver, WEBDRIVER_URL, KABINET_BIN).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from './webdriver.mjs';

const BIN = process.env.KABINET_BIN;
assert.ok(BIN && BIN.startsWith('/'), 'KABINET_BIN must be an absolute path');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let dir;
let offline; // the wrapper that starts the app with an unreachable portal
let dataDir;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kabinet-calc-e2e-'));
  dataDir = join(dir, 'data');
  const ca = join(dir, 'ca.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=nobody', '-keyout', join(dir, 'ca.key'), '-out', ca,
  ], { stdio: 'ignore' });
  offline = join(dir, 'kabinet-offline');
  writeFileSync(
    offline,
    `#!/bin/sh\nexport KABINET_PORTAL_URL=https://127.0.0.1:9 KABINET_PORTAL_CA='${ca}' KABINET_DATA_DIR='${dataDir}'\nexec '${BIN}' "$@"\n`,
  );
  chmodSync(offline, 0o755);
});

after(() => {
  if (dir && process.env.KABINET_E2E_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
});

async function openCalculator(app) {
  // The header link works from the first paint, before start-up has finished.
  await app.click('#open-calculator');
  await app.waitScreen('calculator');
  await app.waitFor('[data-testid="calc-result"]');
  return waitAmount(app, (a) => a !== '');
}

async function amount(app) {
  return app.script('return document.getElementById("calc-result").dataset.amount || ""');
}

async function waitAmount(app, check, timeout = 10000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await amount(app);
    if (check(last)) return last;
    await sleep(50);
  }
  throw new Error(`amount did not change as expected (last: ${JSON.stringify(last)})`);
}

/** Real keyboard: focus the slider, press ArrowRight (W3C Actions). */
async function pressArrowRight(app, sliderId) {
  await app.script(`document.getElementById(${JSON.stringify(sliderId)}).focus()`);
  const res = await fetch(`${process.env.WEBDRIVER_URL}/session/${app.id}/actions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      actions: [{ type: 'key', id: 'kbd', actions: [{ type: 'keyDown', value: '\uE014' }, { type: 'keyUp', value: '\uE014' }] }],
    }),
  });
  assert.ok(res.ok, `actions: ${res.status} ${await res.text()}`);
}

/** Drags a slider the way a pointer would: set the value, fire `input`. */
async function slide(app, sliderId, value) {
  await app.script(
    `const el = document.getElementById(arguments[0]); el.value = String(arguments[1]);
     el.dispatchEvent(new Event('input', { bubbles: true }));`,
    [sliderId, value],
  );
}

function figures(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { n: s.length, median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
}

// Guest mode (scenarios in memory only) is covered by the Rust test
// services::scenarios::guest_store_keeps_scenarios_only_in_memory: its incognito
// webview cannot be driven by WebKitWebDriver (no automation browsing context).
test('calculator: offline, no account; sliders recalculate within a frame; scenarios saved locally', async () => {
  const app = await App.launch(offline);
  try {
    const first = await openCalculator(app);
    assert.match(first, /^\d+\.\d{2}$/, 'the amount is a decimal in roubles');

    // What the figures rest on: the parameter table's date and "today's prices".
    // No portal answers: the table built into the app, and the line says so.
    const params = await app.text('[data-testid="params-as-of"]');
    assert.match(params, /^Параметры на \d{1,2} [а-я]+ \d{4} г\. — таблица, встроенная в приложение$/, `params line: ${params}`);
    assert.equal(await app.attr('[data-testid="params-as-of"]', 'data-source'), 'built_in');
    assert.match(await app.text('[data-testid="calc-todays-prices"]'), /сегодняшних ценах/);
    assert.match(await app.text('[data-testid="calc-eligibility"]'), /\S/);
    // The plain summary first; the step-by-step explanation folded under «Как посчитано»,
    // the law cited once at its end.
    assert.match(await app.text('[data-testid="calc-summary"]'), /₽ в месяц|права на страховую пенсию ещё нет/);
    await app.click('[data-testid="calc-how"] summary');
    const lines = await app.findAll('[data-testid="calc-explanation"] li');
    assert.ok(lines.length >= 5, `explanation has ${lines.length} lines`);
    assert.match(await app.text('[data-testid="calc-how"] [data-key="legal_basis"]'), /№ 400-ФЗ/);
    assert.ok(await app.find('[data-testid="points-chart"] svg[role="img"]'));
    assert.ok(await app.find('[data-testid="deferral-chart"] svg[role="img"]'));

    // The keyboard moves a slider and the amount follows.
    assert.equal(await app.script('return document.getElementById("calc-salary").value'), '80000');
    await pressArrowRight(app, 'calc-salary-range');
    const afterKey = await waitAmount(app, (a) => a !== first);
    assert.equal(await app.script('return document.getElementById("calc-salary").value'), '81000');
    assert.ok(Number(afterKey) > Number(first), `a higher salary pays more: ${first} → ${afterKey}`);
    assert.match(await app.attr('#calc-salary-range', 'aria-valuetext'), /81\s000/);

    // Claiming later pays more, and the claim-year slider says which year.
    await slide(app, 'calc-defer-range', 3);
    const deferred = await waitAmount(app, (a) => a !== afterKey);
    assert.ok(Number(deferred) > Number(afterKey), `deferral pays more: ${afterKey} → ${deferred}`);
    assert.match(await app.attr('#calc-defer-range', 'aria-valuetext'), /20\d\d/);
    await slide(app, 'calc-defer-range', 0);
    await waitAmount(app, (a) => a === afterKey);

    // Slider-to-repaint: drag the salary slider step by step, as a hand would.
    await app.script('window.__kabinetPerf.repaint.length = 0');
    let v = 81000;
    for (let i = 0; i < 60; i++) {
      v += i % 2 === 0 ? 3000 : -1000;
      await slide(app, 'calc-salary-range', v);
      await sleep(30);
    }
    await sleep(300);
    const samples = await app.script('return window.__kabinetPerf.repaint.slice()');
    const part = (k) => app.script(`return window.__kabinetPerf.${k}.slice(-arguments[0])`, [samples.length]);
    const ipc = await part('ipc');
    const render = figures(await part('render'));
    const wait = figures(await part('frameWait'));
    assert.ok(samples.length >= 30, `got ${samples.length} repaint samples`);
    const f = figures(samples);
    const c = figures(ipc);
    console.log(
      `slider-to-repaint (input event → rAF after the new result is rendered), n=${f.n}: ` +
        `median ${f.median.toFixed(2)} ms, p95 ${f.p95.toFixed(2)} ms, max ${f.max.toFixed(2)} ms (target < 16.7 ms); ` +
        `parts (median/p95): IPC round trip ${c.median.toFixed(1)}/${c.p95.toFixed(1)} ms, ` +
        `DOM update ${render.median.toFixed(1)}/${render.p95.toFixed(1)} ms, wait for the frame ${wait.median.toFixed(1)}/${wait.p95.toFixed(1)} ms`,
    );
    assert.match(await app.attr('#calc-result', 'data-repaint-ms'), /^\d+\.\d{2}$/);

    // Bad input: a message at the field, in the user's language; what was typed stays.
    await app.type('#calc-salary', 'много');
    await app.waitFor('#calc-salary-error', { check: (t) => /число/.test(t) });
    assert.equal(await app.attr('#calc-salary', 'aria-invalid'), 'true');
    assert.match(await app.attr('#calc-salary', 'aria-describedby'), /calc-salary-error/);
    assert.equal(await app.script('return document.getElementById("calc-salary").value'), 'много');
    assert.ok(await app.find('[data-testid="calc-fix"]'));
    await app.type('#calc-salary', '120000');
    const fixed = await waitAmount(app, (a) => a !== afterKey);
    assert.ok(Number(fixed) > Number(afterKey));

    // Saved scenarios: save, change, load back, delete.
    await app.type('#calc-scenario-name', 'Зарплата 120 тыс.');
    await app.click('#calc-save');
    await app.waitFor('[data-testid="calc-saved-list"]', { check: (t) => t.includes('Зарплата 120 тыс.') });
    await app.type('#calc-salary', '50000');
    await waitAmount(app, (a) => a !== fixed);
    await app.click('[data-testid="calc-saved-list"] tbody tr:first-child td button:first-child');
    await waitAmount(app, (a) => a === fixed);
    assert.equal(await app.script('return document.getElementById("calc-salary").value'), '120000');

    // English: the explanation comes from the core in the chosen language.
    await app.click('#lang-switch');
    await app.waitFor('h1', { check: (t) => t === 'Pension calculator' });
    await app.waitFor('[data-testid="calc-explanation"] li', { check: (t) => /[A-Za-z]{4}/.test(t) && !/[а-я]/.test(t) });
    assert.match(await app.text('[data-testid="params-as-of"]'), /^Parameters as of \d{1,2} [A-Z][a-z]+ \d{4} — the table built into the app$/);
    assert.match(await app.text('[data-testid="calc-summary"]'), /RUB a month|no right to an insurance pension/);
    await app.click('#lang-switch');
    await app.waitFor('h1', { check: (t) => t === 'Пенсионный калькулятор' });

  } finally {
    await app.quit();
  }

  // Saved scenarios stay on the computer: still there after a restart, and deletable.
  const again = await App.launch(offline);
  try {
    await openCalculator(again);
    await again.waitFor('[data-testid="calc-saved-list"]', { check: (t) => t.includes('Зарплата 120 тыс.') });
    await again.click('[data-testid="calc-saved-list"] tbody tr:first-child td button:last-child');
    await again.waitFor('[data-testid="calc-saved-note"]', { check: (t) => /удалён/.test(t) });
    assert.deepEqual(await again.findAll('[data-testid="calc-saved-list"]'), []);
  } finally {
    await again.quit();
  }
});

test('calculator: with the embedded portal, the table the portal signed and the app verified', async () => {
  const app = await App.launch(BIN);
  try {
    await app.click('#open-calculator');
    await app.waitScreen('calculator');
    await app.waitFor('[data-testid="calc-result"]');
    // The app asks the portal at start and when the calculator opens; the line follows.
    await app.waitFor('[data-testid="params-as-of"]', {
      timeout: 30000,
      check: (t) => /^Параметры на \d{1,2} [а-я]+ \d{4} г\. — таблица, подписанная порталом \(проверена \d{1,2} [а-я]+ \d{4} г\.\)$/.test(t),
    });
    assert.equal(await app.attr('[data-testid="params-as-of"]', 'data-source'), 'portal');
    await waitAmount(app, (a) => a !== '');
  } finally {
    await app.quit();
  }
});
