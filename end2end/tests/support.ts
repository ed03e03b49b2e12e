import { expect, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { baseURL } from '../playwright.config';

/** Every page of the app, for scans that must cover them all. */
export const PAGES = ['/', '/eligibility', '/eligibility/check', '/marriage', '/marriage/book', '/marriage/manage', '/funeral', '/volunteer', '/help', '/privacy', '/no-such-page'];

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
export async function setPrefs(context: BrowserContext, prefs: { lang?: string; text?: string }) {
  const url = new URL(baseURL);
  const cookies = [];
  if (prefs.lang) cookies.push({ name: 'bianmin_lang', value: prefs.lang, domain: url.hostname, path: '/' });
  if (prefs.text) cookies.push({ name: 'bianmin_text', value: prefs.text, domain: url.hostname, path: '/' });
  await context.addCookies(cookies);
}
