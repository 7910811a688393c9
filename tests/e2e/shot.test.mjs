import { test, after } from 'node:test';
import { execSync } from 'node:child_process';
import { App } from './webdriver.mjs';
import { demoCitizenToStandard, ownDataLauncher } from './demo.mjs';
const { launcher, cleanup } = ownDataLauncher('shot');
after(cleanup);
const shot = (n) => execSync(`import -window root /tmp/shots/${n}.png`);
test('shots', async () => {
  const app = await App.launch(launcher);
  try {
    await app.script('window.resizeTo && window.resizeTo(1024, 860)');
    await demoCitizenToStandard(app);
    await app.click('#open-record');
    await app.waitScreen('record');
    await app.waitFor('[data-testid="record-total"]', { timeout: 30000 });
    await new Promise(r => setTimeout(r, 800));
    const scroller = `const el = document.scrollingElement; return el.scrollHeight;`;
    const h = await app.script(scroller);
    for (let i = 0, y = 0; y < h && i < 8; i++, y += 760) {
      await app.script(`document.scrollingElement.scrollTo(0, ${y}); document.querySelector('main')?.scrollTo?.(0, ${y});`);
      await new Promise(r => setTimeout(r, 300));
      shot(`ru-${i}`);
    }
    await app.click('[data-testid="discrepancy"][data-year="2021"] [data-testid="doc-employer_request"]');
    await app.waitFor('[data-testid="ready-text"]');
    await new Promise(r => setTimeout(r, 300));
    shot('ru-doc');
    await app.click('#lang-switch');
    await new Promise(r => setTimeout(r, 500));
    await app.script(`document.scrollingElement.scrollTo(0, 0)`);
    shot('en-0');
  } finally {
    await app.quit();
  }
});
