import { test, expect, type Page } from '@playwright/test';
import { APP_SCRIPTS, hydrated, open, setPrefs, PAGES } from './support';

test('the home page shows the four services and the hotline in Chinese', async ({ page }, info) => {
  const response = await open(page, '/', info);
  expect(response?.status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('民政服务，一站办理');
  const services = page.getByRole('navigation', { name: '主要服务' }).getByRole('link');
  await expect(services).toHaveCount(4);
  await expect(services.nth(0)).toContainText('救助资格预查');
  await expect(services.nth(1)).toContainText('婚姻登记预约');
  await expect(services.nth(2)).toContainText('殡葬服务');
  await expect(services.nth(3)).toContainText('志愿服务站');
  await expect(page.locator('a[href="tel:12345"]').first()).toBeVisible();
  await expect(page.getByRole('contentinfo').getByRole('link', { name: '隐私说明' })).toBeVisible();
});

test('each service entry leads to its page', async ({ page }, info) => {
  await open(page, '/', info);
  await page.getByRole('link', { name: /婚姻登记预约/ }).click();
  await expect(page).toHaveURL(/\/marriage$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('婚姻登记预约');
});

test('the language switch changes the page to English and the choice is remembered', async ({ page }, info) => {
  await open(page, '/help', info);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/help$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Help');
  await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');

  await open(page, '/', info);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Civil-affairs services in one place');

  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('民政服务，一站办理');
});

test('the text-size switch makes text larger and the choice is remembered', async ({ page }, info) => {
  await open(page, '/', info);
  const size = () => page.locator('h1').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const before = await size();
  if (hydrated(info)) {
    // With JavaScript the switch works in place: the page is not reloaded.
    await page.evaluate(() => ((window as any).__stayed = true));
  }
  await page.getByRole('button', { name: '大字' }).click();
  await expect(page.locator('html')).toHaveClass(/text-large/);
  await expect(page.getByRole('button', { name: '大字' })).toHaveAttribute('aria-pressed', 'true');
  expect(await size()).toBeGreaterThan(before * 1.2);
  if (hydrated(info)) {
    expect(await page.evaluate(() => (window as any).__stayed)).toBe(true);
  }

  await open(page, '/privacy', info);
  await expect(page.locator('html')).toHaveClass(/text-large/);
  await page.getByRole('button', { name: '标准字' }).click();
  await expect(page.locator('html')).toHaveClass(/text-standard/);
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/text-standard/);
});

test('on a phone the display switches fold behind one control, and the language stays one tap away', async ({ page }, info) => {
  await page.setViewportSize({ width: 360, height: 780 });
  await open(page, '/', info);
  const header = page.locator('header.site-header');
  const height = async () => Math.round((await header.boundingBox())!.height);
  await expect(page.getByRole('button', { name: 'English' })).toBeVisible();
  await expect(page.getByRole('button', { name: '大字' })).toBeHidden();
  await expect(page.getByRole('button', { name: '高对比' })).toBeHidden();
  const standard = await height();
  await page.locator('summary', { hasText: '显示设置' }).click();
  await page.getByRole('button', { name: '大字' }).click();
  await expect(page.locator('html')).toHaveClass(/text-large/);
  // With JavaScript the switch works in place and the panel stays open: fold it to measure.
  if (await page.locator('details.display-settings[open]').count()) {
    await page.locator('summary', { hasText: '显示设置' }).click();
  }
  await expect(page.getByRole('button', { name: '大字' })).toBeHidden();
  const large = await height();
  // Every switch showing, the header took 341 px of 780 (454 px in large text).
  console.log(`phone header (360 × 780): ${standard} px standard text, ${large} px large text; with every switch showing it was 341 and 454`);
  expect(standard).toBeLessThanOrEqual(160);
  expect(large).toBeLessThanOrEqual(210);
  // A wide screen shows the switches without the extra tap.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.getByRole('button', { name: '标准字' })).toBeVisible();
  await expect(page.locator('summary', { hasText: '显示设置' })).toBeHidden();
});

test('only the pre-check loads WebAssembly; every other page does its few things with page.js', async ({ page }, info) => {
  const loaded: string[] = [];
  page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
  for (const path of PAGES.filter((p) => p !== '/eligibility/check')) {
    loaded.length = 0;
    await open(page, path, info);
    expect(loaded.filter((p) => p.startsWith('/pkg/') && /\.(js|wasm)$/.test(p)), path).toEqual([]);
  }
  loaded.length = 0;
  await open(page, '/eligibility/check', info);
  if (hydrated(info)) {
    expect(loaded.some((p) => /\.wasm$/.test(p)), 'the pre-check island loads its WebAssembly').toBe(true);
  }
});

/** The browser's speech synthesis, recorded: each utterance stays "spoken" until cancelled. */
async function fakeSpeech(page: Page) {
  await page.addInitScript(() => {
    const spoken: string[] = [];
    (window as any).__spoken = spoken;
    class Utterance extends EventTarget {
      text: string; lang = ''; voice: unknown = null;
      constructor(text: string) { super(); this.text = text; }
    }
    const synth = {
      speaking: false, pending: false,
      speak(u: Utterance) { spoken.push(u.text); this.speaking = true; },
      cancel() { this.speaking = false; (window as any).__cancelled = true; },
      getVoices() { return []; },
    };
    Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
    Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
  });
}

test('read aloud loads its WebAssembly on the first press, reads the page and stops on the second', async ({ page }, info) => {
  await fakeSpeech(page);
  const scripts: string[] = [];
  page.on('request', (r) => scripts.push(new URL(r.url()).pathname));
  await open(page, '/help', info);
  const button = page.locator('#read-aloud');
  if (!hydrated(info)) {
    // Without JavaScript nothing can speak, so the button is not offered.
    await expect(button).toBeHidden();
    return;
  }
  await expect(button).toBeVisible();
  const wasm = () => scripts.filter((p) => /^\/pkg\/.*\.wasm$/.test(p));
  expect(wasm(), 'nothing loaded before the press').toEqual([]);
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await expect(button).toHaveText('停止朗读');
  expect(wasm().length, 'the press loaded the app and its read-aloud part').toBeGreaterThan(0);
  const spoken: string[] = await page.evaluate(() => (window as any).__spoken);
  const heading = (await page.locator('main h1').innerText()).trim();
  expect(spoken[0]).toContain(heading);
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'false');
  await expect(button).toHaveText('朗读本页');
  expect(await page.evaluate(() => (window as any).__cancelled)).toBe(true);
});

test('on a page that wakes other islands, read aloud still waits for its first press to load its part', async ({ page }, info) => {
  test.skip(!hydrated(info), 'the page wakes its islands with JavaScript');
  await fakeSpeech(page);
  const loaded: string[] = [];
  page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
  await open(page, '/eligibility/check', info);
  await expect(page.locator('form.precheck[data-enhanced="true"]')).toBeAttached();
  await page.waitForLoadState('networkidle');
  const readAloud = () => loaded.filter((p) => /^\/pkg\/split_read_aloud.*\.wasm$/.test(p));
  expect(loaded.some((p) => /^\/pkg\/split_precheck.*\.wasm$/.test(p)), 'the pre-check woke').toBe(true);
  expect(readAloud(), 'read-aloud is not fetched with the pre-check').toEqual([]);
  const button = page.locator('#read-aloud');
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await expect(button).toHaveText('停止朗读');
  await expect(button).toBeFocused();
  expect(readAloud().length, 'the press loaded read-aloud').toBe(1);
  const spoken: string[] = await page.evaluate(() => (window as any).__spoken);
  expect(spoken.join(' ')).toContain((await page.locator('main h1').innerText()).trim());
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'false');
});

test('an unknown address shows the 404 page in the site style', async ({ page }, info) => {
  const response = await open(page, '/no-such-page', info);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('找不到这个页面');
  await expect(page.getByRole('link', { name: '返回首页' })).toBeVisible();
});

test('pages keep to their content security policy', async ({ page }, info) => {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
  });
  for (const path of PAGES) {
    await open(page, path, info);
  }
  expect(violations).toEqual([]);
});

for (const [label, prefs] of [
  ['Chinese', {}],
  ['English', { lang: 'en' }],
  ['large text', { text: 'large' }],
] as const) {
  test(`every page passes an axe scan (${label})`, async ({ page, browser }, info) => {
    const { default: AxeBuilder } = await import('@axe-core/playwright');
    // axe runs as a script in the page, so the no-JS project scans in a context where the app's
    // own scripts and WASM are blocked: the page stays exactly as a browser without JS shows it.
    const context = hydrated(info) ? page.context() : await browser.newContext({ javaScriptEnabled: true });
    if (!hydrated(info)) {
      await context.route(APP_SCRIPTS, (route) => route.abort());
    }
    await setPrefs(context, prefs);
    const scanPage = hydrated(info) ? page : await context.newPage();
    for (const path of PAGES) {
      await open(scanPage, path, info);
      const results = await new AxeBuilder({ page: scanPage })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
        .analyze();
      const summary = results.violations.map((v) => `${path}: ${v.id} (${v.nodes.map((n) => n.target).join(', ')})`);
      expect(summary).toEqual([]);
      expect(results.passes.length, 'axe evaluated rules on the page').toBeGreaterThan(15);
      if (!hydrated(info)) {
        await expect(scanPage.locator('form[data-enhanced="true"]')).toHaveCount(0);
      }
    }
    if (!hydrated(info)) await context.close();
  });
}
