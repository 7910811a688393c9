// A zero-dependency W3C WebDriver client (Node 20 fetch) for tauri-driver.

const BASE = process.env.WEBDRIVER_URL ?? 'http://127.0.0.1:4444';
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

async function wd(method, path, body, base = BASE) {
  const res = await fetch(base + path, {
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
  constructor(id, base = BASE) {
    this.id = id;
    this.base = base;
  }

  /** Launches the app binary (a new process) through tauri-driver (at `base`). */
  static async launch(application, args = [], base = BASE) {
    const value = await wd(
      'POST',
      '/session',
      { capabilities: { alwaysMatch: { 'tauri:options': { application, args } } } },
      base,
    );
    return new App(value.sessionId, base);
  }

  /** Ends the session, which quits the app. */
  async quit() {
    await wd('DELETE', `/session/${this.id}`, undefined, this.base).catch(() => {});
  }

  s(path) {
    return `/session/${this.id}${path}`;
  }

  async find(css) {
    const v = await wd('POST', this.s('/element'), { using: 'css selector', value: css }, this.base);
    return v[ELEMENT];
  }

  async findAll(css) {
    const v = await wd('POST', this.s('/elements'), { using: 'css selector', value: css }, this.base);
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
    return wd('GET', this.s(`/element/${id}/text`), undefined, this.base);
  }

  async text(css) {
    return this.textOf(await this.waitFor(css));
  }

  async attr(css, name) {
    return wd('GET', this.s(`/element/${await this.waitFor(css)}/attribute/${name}`), undefined, this.base);
  }

  async click(css) {
    const id = await this.waitFor(css);
    await wd('POST', this.s(`/element/${id}/click`), {}, this.base);
  }

  async type(css, text) {
    const id = await this.waitFor(css);
    await wd('POST', this.s(`/element/${id}/clear`), {}, this.base);
    await wd('POST', this.s(`/element/${id}/value`), { text }, this.base);
  }

  /**
   * Presses keys, one after another, through the W3C actions API: the webview gets
   * real key events (focus moves, :focus-visible applies). Use the KEY constants or
   * single characters.
   */
  async keys(...keys) {
    const actions = keys.flatMap((k) => [
      { type: 'keyDown', value: k },
      { type: 'keyUp', value: k },
    ]);
    await wd('POST', this.s('/actions'), { actions: [{ type: 'key', id: 'keyboard', actions }] }, this.base);
  }

  /** Runs an async script; it reports through its last argument (a callback). */
  async scriptAsync(body, args = []) {
    return wd('POST', this.s('/execute/async'), { script: body, args }, this.base);
  }

  async script(body, args = []) {
    return wd('POST', this.s('/execute/sync'), { script: body, args }, this.base);
  }
}

/** WebDriver key codes. */
export const KEY = { tab: '\uE004', enter: '\uE007', space: '\uE00D' };

/** Starts another tauri-driver with its own environment (e.g. no D-Bus session). */
export async function startDriver(env) {
  const { spawn } = await import('node:child_process');
  const net = await import('node:net');
  const freePort = () =>
    new Promise((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address();
        srv.close(() => resolve(port));
      });
    });
  const port = await freePort();
  const nativePort = await freePort();
  const driver = process.env.TAURI_DRIVER ?? 'tauri-driver';
  // Its own process group: WebKitWebDriver and the app it launches are in it too,
  // so stopping kills them all. (Killing only tauri-driver orphaned an app that kept
  // this stderr pipe open, and node never exited.)
  const child = spawn(driver, ['--port', String(port), '--native-port', String(nativePort)], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const stop = () => {
    killGroup('SIGTERM');
    setTimeout(() => killGroup('SIGKILL'), 2000).unref();
    child.stderr.destroy();
    child.unref();
  };
  let log = '';
  child.stderr.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const end = Date.now() + 15000;
  while (Date.now() < end) {
    const ok = await fetch(base + '/status').then((r) => r.ok, () => false);
    if (ok) return { base, log: () => log, stop };
    await sleep(200);
  }
  stop();
  throw new Error(`tauri-driver did not start: ${log}`);
}
