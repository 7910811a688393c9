// End to end: the citizen screens by keyboard alone, in the real webview. Tab order
// follows the page, every stop shows a visible focus ring, a new screen puts focus
// on its heading, an empty submit puts it on the error summary whose links lead to
// the fields — and a registration can be started without touching the mouse.
// Own data folder, so it shares no state with the other tests. Run by tests/e2e/run.sh.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, KEY } from './webdriver.mjs';

const BIN = process.env.KABINET_BIN;
assert.ok(BIN && BIN.startsWith('/'), 'KABINET_BIN must be an absolute path');

let dir;
let launcher;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kabinet-keyboard-e2e-'));
  launcher = join(dir, 'kabinet-keyboard');
  writeFileSync(launcher, `#!/bin/sh\nexport KABINET_DATA_DIR='${join(dir, 'data')}'\nexec '${BIN}' "$@"\n`);
  chmodSync(launcher, 0o755);
});
after(() => {
  if (dir && process.env.KABINET_E2E_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
});

// The focused element: a name for it, and whether a focus ring can be seen.
const FOCUSED = `
  const a = document.activeElement;
  if (!a || a === document.body) return null;
  const cs = getComputedStyle(a);
  const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none';
  const name = a.id ? '#' + a.id : a.tagName.toLowerCase() + (a.classList[0] ? '.' + a.classList[0] : '');
  return { name, ring, tag: a.tagName.toLowerCase(), text: (a.textContent || '').trim().slice(0, 40) };`;

// Every element Tab should reach, in document order (visible, enabled, not tabindex=-1).
const TABBABLE = `
  const sel = 'a[href], button, input, select, textarea, summary, [tabindex]';
  return [...document.querySelectorAll(sel)].filter((e) => {
    if (e.disabled || e.getAttribute('tabindex') === '-1') return false;
    const r = e.getBoundingClientRect();
    const hiddenUntilFocus = e.classList.contains('skip-link');
    return hiddenUntilFocus || (r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden');
  }).map((e) => e.id ? '#' + e.id : e.tagName.toLowerCase() + (e.classList[0] ? '.' + e.classList[0] : ''));`;

/** Tabs from the top of the page until focus comes back round; returns the stops. */
async function tabStops(app) {
  await app.script(`document.activeElement?.blur(); window.getSelection()?.removeAllRanges(); return null;`);
  const stops = [];
  for (let i = 0; i < 40; i++) {
    await app.keys(KEY.tab);
    const f = await app.script(FOCUSED);
    if (f === null || (stops.length > 0 && f.name === stops[0].name)) break;
    stops.push(f);
  }
  return stops;
}

/** Presses Tab until the element named `name` has focus. */
async function tabTo(app, name) {
  for (let i = 0; i < 40; i++) {
    const f = await app.script(FOCUSED);
    if (f?.name === name) return;
    await app.keys(KEY.tab);
  }
  assert.fail(`Tab never reached ${name}`);
}

async function focusedName(app) {
  return (await app.script(FOCUSED))?.name ?? null;
}

/** Waits until the focused element is `name` (focus moves after a render tick). */
async function focusOn(app, name) {
  const deadline = Date.now() + 5000;
  let now = null;
  while (Date.now() < deadline) {
    now = await focusedName(app);
    if (now === name) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(now, name, 'focus');
}

/** Types text into the focused field, key by key. */
async function typeKeys(app, text) {
  await app.keys(...text);
}

test('by keyboard alone: tab order, visible focus, headings, error summary, registration', async () => {
  const app = await App.launch(launcher);
  try {
    await app.waitScreen('welcome');
    await app.waitFor('[data-testid="demo-banner"]');

    // Welcome: Tab visits every control, in page order, each with a visible ring.
    const expected = await app.script(TABBABLE);
    const stops = await tabStops(app);
    assert.deepEqual(stops.map((s) => s.name), expected, 'Tab order is the page order');
    for (const name of ['a.skip-link', '#lang-switch', '#start-register', '#start-sign-in', '#start-calculator']) {
      assert.ok(stops.some((s) => s.name === name), `Tab reaches ${name}`);
    }
    assert.equal(stops[0]?.name, 'a.skip-link', 'the skip link comes first');
    const unringed = stops.filter((s) => !s.ring).map((s) => s.name);
    assert.deepEqual(unringed, [], 'every Tab stop shows a focus ring');

    // The skip link takes focus to the page's heading.
    await app.script(`document.activeElement?.blur(); return null;`);
    await app.keys(KEY.tab);
    assert.equal(await focusedName(app), 'a.skip-link');
    await app.keys(KEY.enter);
    await focusOn(app, 'h1');

    // Enter on "Register" opens the form with focus on its heading.
    await tabTo(app, '#start-register');
    await app.keys(KEY.enter);
    await app.waitScreen('register');
    await focusOn(app, 'h1');
    const registerStops = await tabStops(app);
    const fields = registerStops.map((s) => s.name).filter((n) => ['#surname', '#first_name', '#contact', '#register-submit'].includes(n));
    assert.deepEqual(fields, ['#surname', '#first_name', '#contact', '#register-submit'], 'form fields in order');

    // An empty submit: focus goes to the error summary; its first link to the field.
    await tabTo(app, '#register-submit');
    await app.keys(KEY.enter);
    await app.waitFor('[data-testid="error-summary"]');
    await focusOn(app, 'div.error-summary');
    await app.keys(KEY.tab);
    assert.equal((await app.script(FOCUSED))?.tag, 'a', 'Tab from the summary reaches its first link');
    await app.keys(KEY.enter);
    await focusOn(app, '#surname');
    assert.equal(await app.attr('#surname', 'aria-invalid'), 'true');

    // Fill the form by typing and submit with Enter: the code step opens.
    const tag = Math.random().toString(36).slice(2, 8);
    await typeKeys(app, 'Petrova');
    await app.keys(KEY.tab);
    await focusOn(app, '#first_name');
    await typeKeys(app, 'Anna');
    await tabTo(app, '#contact');
    await typeKeys(app, `kb.${tag}@example.ru`);
    await app.keys(KEY.enter);
    await app.waitScreen('confirm');
    await focusOn(app, 'h1');
    // The address is shown masked (k***@example.ru): the screen may be seen by others.
    assert.match(await app.text('[data-testid="sent-to"]'), /k\*\*\*@example\.ru/);
  } finally {
    await app.quit();
  }
});
