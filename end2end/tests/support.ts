import { expect, type Browser, type BrowserContext, type Locator, type Page, type TestInfo } from '@playwright/test';
import { baseURL } from '../playwright.config';

/** Every page of the app, for scans that must cover them all. */
export const PAGES = ['/', '/eligibility', '/eligibility/check', '/marriage', '/marriage/book', '/marriage/booked', '/marriage/manage', '/funeral', '/funeral/after-a-death', '/volunteer', '/places', '/places/anning-fenghuangshan-cemetery', '/help', '/privacy', '/no-such-page'];

export const hydrated = (info: TestInfo) => info.project.name === 'hydrated';

/** Opens a page and, in the hydrated project, waits until its islands are interactive. */
export async function open(page: Page, path: string, info: TestInfo) {
  const response = await page.goto(path);
  if (hydrated(info)) {
    await expect(page.locator('form[data-enhanced="true"]').first()).toBeAttached();
    await expect(page.locator('leptos-island form:not([data-enhanced="true"])')).toHaveCount(0);
  }
  return response;
}

/** Sets the preference cookies a visitor would have after using the switches. */
export async function setPrefs(context: BrowserContext, prefs: { lang?: string; text?: string; contrast?: string }) {
  const url = new URL(baseURL);
  const cookies = [];
  if (prefs.lang) cookies.push({ name: 'bianmin_lang', value: prefs.lang, domain: url.hostname, path: '/' });
  if (prefs.text) cookies.push({ name: 'bianmin_text', value: prefs.text, domain: url.hostname, path: '/' });
  if (prefs.contrast) cookies.push({ name: 'bianmin_contrast', value: prefs.contrast, domain: url.hostname, path: '/' });
  await context.addCookies(cookies);
}

/** The app's own scripts and WebAssembly (public/*.js and pkg/), blocked where a test stands for
 * a browser without JavaScript but still runs axe, which is a script itself. */
export const APP_SCRIPTS = /\/[^/?#]+\.(js|wasm)(\?.*)?$/;

/**
 * A page to run axe on: the project's own, or for no-JS one in a context that blocks the app's
 * scripts and WASM (axe itself runs as a script). Close its context when done if it is not `page`.
 */
export async function scanPage(page: Page, browser: Browser, info: TestInfo) {
  if (hydrated(info)) return page;
  const context = await browser.newContext({ javaScriptEnabled: true, viewport: page.viewportSize() });
  await context.route(APP_SCRIPTS, (route) => route.abort());
  return context.newPage();
}

/** Fails with every WCAG 2.2 AA and best-practice violation axe finds on the page, named by `where`. */
export async function expectAxeClean(page: Page, where: string) {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(results.violations.map((v) => `${where}: ${v.id} (${v.nodes.map((n) => n.target).join(', ')})`)).toEqual([]);
}

/** A made-up client address, so each test counts against the per-address limits on its own
 * (`make test` starts the server with 127.0.0.1 as a trusted proxy). */
export function clientAddress(): string {
  const byte = () => Math.floor(Math.random() * 250) + 1;
  return `10.${byte()}.${byte()}.${byte()}`;
}

/** A mobile number nobody else in this run uses (one code a minute per phone). */
export function freshPhone(prefix = '138'): string {
  return prefix + String(Math.floor(Math.random() * 1e8)).padStart(8, '0');
}

/** `138****5678`: how pages and the outbox show a phone. */
export const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(7)}`;

/** The lines of the `file` sender's outbox.log in the server's data directory. */
export function outboxLines(): string[] {
  const dir = process.env.BIANMIN_E2E_DATA_DIR;
  if (!dir) throw new Error('BIANMIN_E2E_DATA_DIR is not set (make test sets it)');
  const { existsSync, readFileSync } = require('node:fs') as typeof import('node:fs');
  const file = `${dir}/outbox.log`;
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l) : [];
}

/** The code texted to `phone` after the outbox had `since` lines, read as its owner would. */
export async function textedCode(phone: string, since: number): Promise<string> {
  const to = masked(phone);
  for (let waited = 0; waited < 15_000; waited += 200) {
    const found = outboxLines().slice(since).reverse()
      .map((line) => line.split('\t'))
      .find(([, who, text]) => who === to && text?.includes('验证码 '));
    if (found) return found[2].split('验证码 ')[1].slice(0, 6);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no code was texted to ${to}`);
}

/** The six-digit code an authenticator app shows for a base32 `secret` at `unixSeconds` (RFC 6238). */
export function totp(secret: string, unixSeconds: number): string {
  const { createHmac } = require('node:crypto') as typeof import('node:crypto');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const at = mac[mac.length - 1] & 0xf;
  const value = ((mac[at] & 0x7f) << 24) | (mac[at + 1] << 16) | (mac[at + 2] << 8) | mac[at + 3];
  return String(value % 1_000_000).padStart(6, '0');
}

/**
 * Runs `work` with the second factor of `user` as its owner's phone keeps it: the secret set up
 * on the first sign-in and the last 30-second step whose code was used (each code is good once,
 * so a sign-in waits for a fresh one). Shared by the test workers through a file in the server's
 * data directory, one worker at a time.
 */
export async function withPhoneOf<T>(user: string, work: (phone: { secret?: string; freshCode: () => Promise<string>; keep: (secret: string, recovery: string[]) => void }) => Promise<T>): Promise<T> {
  const fs = require('node:fs') as typeof import('node:fs');
  const dir = process.env.BIANMIN_E2E_DATA_DIR;
  if (!dir) throw new Error('BIANMIN_E2E_DATA_DIR is not set (make test sets it)');
  const file = `${dir}/phone-${user}.json`;
  const lock = `${file}.lock`;
  for (let waited = 0; ; waited += 100) {
    try { fs.mkdirSync(lock); break; } catch {
      if (waited > 120_000) throw new Error(`the phone of ${user} stayed busy`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    const saved: { secret?: string; lastStep: number; recovery: string[] } = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { lastStep: 0, recovery: [] };
    const result = await work({
      secret: saved.secret,
      keep: (secret, recovery) => { saved.secret = secret; saved.recovery = recovery; },
      // The code of this step, or of the next one (a phone a little ahead, which the server
      // allows) when this step's code was used; when both were, a recovery code (as someone in
      // a hurry would); with none left, wait for a new step.
      freshCode: async () => {
        for (;;) {
          const now = Math.floor(Date.now() / 30_000);
          const step = Math.max(now, saved.lastStep + 1);
          if (step <= now + 1) {
            saved.lastStep = step;
            return totp(saved.secret ?? '', step * 30);
          }
          const recovery = saved.recovery.shift();
          if (recovery) return recovery;
          await new Promise((r) => setTimeout(r, 500));
        }
      },
    });
    fs.writeFileSync(file, JSON.stringify(saved));
    return result;
  } finally {
    fs.rmdirSync(lock);
  }
}

/**
 * Counts a journey as its user makes it: screens (pages the browser opens, the first included),
 * taps (a click, a check, a field tapped before typing; a select is two) and keystrokes (each
 * character typed, and keys such as Enter). `report` prints one line for the README's table.
 */
export class Journey {
  screens = 1;
  taps = 0;
  keystrokes = 0;

  constructor(private page: Page, private name: string) {
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.screens += 1;
    });
  }

  async tap(target: Locator) {
    this.taps += 1;
    await target.click();
  }

  async check(target: Locator) {
    this.taps += 1;
    await target.check();
  }

  async select(target: Locator, option: { label: string } | string) {
    this.taps += 2;
    await target.selectOption(option);
  }

  async type(target: Locator, text: string) {
    this.taps += 1;
    this.keystrokes += text.length;
    await target.fill(text);
  }

  async press(target: Locator, key: string) {
    this.keystrokes += 1;
    await target.press(key);
  }

  report(info: TestInfo) {
    const line = `journey · ${this.name} (${info.project.name}): ${this.screens} screens, ${this.taps} taps, ${this.keystrokes} keystrokes`;
    console.log(line);
    return line;
  }
}
