import { test, expect } from '@playwright/test';
import { open, setPrefs, PAGES } from './support';

test.describe('on a 360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  for (const text of ['standard', 'large']) {
    test(`no page scrolls sideways (${text} text)`, async ({ page, context }, info) => {
      await setPrefs(context, { text });
      for (const path of PAGES) {
        await open(page, path, info);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${path} is wider than the screen`).toBeLessThanOrEqual(0);
      }
    });
  }
});

test.describe('on a portrait kiosk', () => {
  test.use({ viewport: { width: 1080, height: 1920 } });

  test('every control is at least 60 px tall and the services stack in one column', async ({ page }, info) => {
    await open(page, '/', info);
    const controls = page.locator('header button:visible, header a:visible, .area-card, .hotline-number, footer a');
    const count = await controls.count();
    expect(count).toBeGreaterThan(8);
    for (let i = 0; i < count; i++) {
      const box = await controls.nth(i).boundingBox();
      expect(box, `control ${i} is visible`).not.toBeNull();
      expect(box!.height, `control ${i} height`).toBeGreaterThanOrEqual(60);
    }
    const cards = page.locator('.area-card');
    const first = await cards.nth(0).boundingBox();
    const second = await cards.nth(1).boundingBox();
    expect(second!.y).toBeGreaterThan(first!.y + first!.height - 1);
  });
});

test.describe('on a desktop', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('the services sit two by two', async ({ page }, info) => {
    await open(page, '/', info);
    const cards = page.locator('.area-card');
    const first = await cards.nth(0).boundingBox();
    const second = await cards.nth(1).boundingBox();
    expect(Math.abs(first!.y - second!.y)).toBeLessThan(2);
  });
});

test('printing leaves out the controls', async ({ page }, info) => {
  await open(page, '/', info);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.settings')).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('in high contrast an unchecked box or radio has a white edge on black, a checked one yellow', async ({ page, context }, info) => {
  await setPrefs(context, { contrast: 'high' });
  await open(page, '/eligibility/check', info);
  await expect(page.locator('html')).toHaveClass(/contrast-high/);
  const radio = page.locator('input[type="radio"][name="region"]').first();
  const edge = () => radio.evaluate((el) => getComputedStyle(el).borderTopColor);
  expect(await edge()).toBe('rgb(255, 255, 255)');
  await radio.check();
  expect(await edge()).toBe('rgb(255, 235, 59)');
});
