// A zero-dependency W3C WebDriver client (Node 20 fetch) for tauri-driver.

const BASE = process.env.WEBDRIVER_URL ?? 'http://127.0.0.1:4444';
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

async function wd(method, path, body) {
  const res = await fetch(BASE + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const v = json.value ?? {};
    const err = new Error(`${method} ${path}: ${res.status} ${v.error ?? ''} ${v.message ?? ''}`);
    err.webdriver = v.error;
    throw err;
  }
  return json.value;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class App {
  constructor(id) {
    this.id = id;
  }

  /** Launches the app binary (a new process) through tauri-driver. */
  static async launch(application, args = []) {
    const value = await wd('POST', '/session', {
      capabilities: { alwaysMatch: { 'tauri:options': { application, args } } },
    });
    return new App(value.sessionId);
  }

  /** Ends the session, which quits the app. */
  async quit() {
    await wd('DELETE', `/session/${this.id}`).catch(() => {});
  }

  s(path) {
    return `/session/${this.id}${path}`;
  }

  async find(css) {
    const v = await wd('POST', this.s('/element'), { using: 'css selector', value: css });
    return v[ELEMENT];
  }

  async findAll(css) {
    const v = await wd('POST', this.s('/elements'), { using: 'css selector', value: css });
    return v.map((e) => e[ELEMENT]);
  }

  /** Waits until `css` matches an element (and, if given, `check(text)` holds). */
  async waitFor(css, { timeout = 20000, check } = {}) {
    const end = Date.now() + timeout;
    let last;
    while (Date.now() < end) {
      try {
        const id = await this.find(css);
        if (!check) return id;
        last = await this.textOf(id);
        if (check(last)) return id;
      } catch (e) {
        if (e.webdriver !== 'no such element' && e.webdriver !== 'stale element reference') throw e;
      }
      await sleep(150);
    }
    throw new Error(`timed out waiting for ${css}${last !== undefined ? ` (last text: ${JSON.stringify(last)})` : ''}`);
  }

  async waitScreen(name, timeout = 30000) {
    return this.waitFor(`main[data-screen="${name}"]`, { timeout });
  }

  async textOf(id) {
    return wd('GET', this.s(`/element/${id}/text`));
  }

  async text(css) {
    return this.textOf(await this.waitFor(css));
  }

  async attr(css, name) {
    return wd('GET', this.s(`/element/${await this.waitFor(css)}/attribute/${name}`));
  }

  async click(css) {
    const id = await this.waitFor(css);
    await wd('POST', this.s(`/element/${id}/click`), {});
  }

  async type(css, text) {
    const id = await this.waitFor(css);
    await wd('POST', this.s(`/element/${id}/clear`), {});
    await wd('POST', this.s(`/element/${id}/value`), { text });
  }

  async script(body, args = []) {
    return wd('POST', this.s('/execute/sync'), { script: body, args });
  }
}
