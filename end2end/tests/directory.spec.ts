import { test, expect } from '@playwright/test';
import { open, hydrated, scanPage, expectAxeClean } from './support';

for (const [device, viewport] of [
  ['phone', { width: 360, height: 740 }],
  ['kiosk', { width: 1080, height: 1920 }],
] as const) {
  test.describe(`on a ${device}`, () => {
    test.use({ viewport });

    test('the nearest volunteer station to a street comes first, and "open now" lists only open ones', async ({ page, browser }, info) => {
      await open(page, '/volunteer', info);
      await page.getByRole('link', { name: '查找最近的志愿服务站' }).click();
      await expect(page.getByRole('heading', { name: '查找服务场所' })).toBeVisible();
      // Every station listed with "open now" says it is open (how many depends on the hour).
      const statuses = await page.locator('.place-status').allTextContents();
      for (const s of statuses) expect(s).toMatch(/^(正在开放|24 小时开放)/);
      if (statuses.length === 0) await expect(page.getByText('没有符合条件的场所')).toBeVisible();

      await page.getByLabel('现在开放').uncheck();
      await page.getByLabel('我在哪个街道（按距离排序）').selectOption({ label: '先锋街道' });
      await page.getByRole('button', { name: '查找' }).click();
      await expect(page.getByText('按离竞秀区 先锋街道的距离排列。')).toBeVisible();
      const first = page.locator('.place-card').first();
      await expect(first.getByRole('heading')).toContainText('龙泉社区志愿服务站');
      await expect(first).toContainText('距离约');
      await expect(first.getByRole('link', { name: '高德地图导航' })).toHaveAttribute('href', /uri\.amap\.com/);
      await expect(first.getByRole('link', { name: /^拨打/ })).toHaveAttribute('href', /^tel:/);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const scan = await scanPage(page, browser, info);
      if (scan !== page) await scan.goto(page.url());
      await expectAxeClean(scan, `${device} station list`);
      if (scan !== page) await scan.context().close();
    });
  });
}

test('a search lands on its results under a one-line summary; streets are grouped; a street keeps to its region', async ({ page }, info) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, '/places', info);
  const from = page.getByLabel('我在哪个街道（按距离排序）');
  const groups = await from.locator('optgroup').evaluateAll((gs) => gs.map((g) => g.getAttribute('label')));
  expect(groups).toContain('保定市 · 竞秀区');
  expect(groups).toContain('安宁市');
  const options = (await from.locator('option').allTextContents()).map((o) => o.trim());
  expect(options.filter((o) => o === '' || o.includes('·'))).toEqual([]);
  await page.getByLabel('场所类型').selectOption({ label: '志愿服务站' });
  await from.selectOption({ label: '韩村北路街道' });
  await page.getByRole('button', { name: '查找' }).click();
  // The results, not the top of the page: their heading is on screen with the focus (the browser
  // gives it when it scrolls there, with or without JavaScript), the search in one line under it.
  const heading = page.locator('#results-heading');
  await expect(heading).toBeInViewport();
  await expect(heading).toBeFocused();
  const summary = page.locator('.filters-summary');
  await expect(summary).toContainText('查找条件：志愿服务站 · 竞秀区 韩村北路街道');
  await expect(summary).toBeInViewport();
  await expect(summary.getByRole('link', { name: '修改条件' })).toHaveAttribute('href', '#f-kind');
  const first = page.locator('.place-card').first();
  await expect(first).toContainText('韩村北路街道社区志愿服务站');
  await expect(first).toContainText('就在附近（不到 50 米）');
  await expect(page.locator('.place-card').nth(1)).toContainText('距离约');
  // Only Baoding's stations, until the other regions are asked for.
  await expect(page.getByText('只列出保定市的场所。')).toBeVisible();
  const found = async () => Number((await heading.textContent())!.match(/\d+/)![0]);
  const inBaoding = await found();
  await page.getByRole('link', { name: '也列出其他地区的场所' }).click();
  await expect(heading).toBeInViewport();
  await expect(page.getByText('只列出保定市的场所。')).toHaveCount(0);
  expect(await found()).toBeGreaterThan(inBaoding);
});

test('a cemetery with tree burial under a price ceiling, then its price list', async ({ page }, info) => {
  await open(page, '/places', info);
  await page.getByLabel('地区').selectOption({ label: '安宁市' });
  await page.getByLabel('节地生态安葬方式').selectOption({ label: '树葬' });
  await page.getByLabel('最高价格（元）').fill('3000');
  await page.getByRole('button', { name: '查找' }).click();
  const cards = page.locator('.place-card');
  await expect(cards.first()).toBeVisible();
  await cards.filter({ hasText: '凤凰山公墓' }).getByRole('link', { name: /凤凰山公墓/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('凤凰山公墓');
  const prices = page.getByRole('table');
  await expect(prices.getByRole('row', { name: /树葬/ }).first()).toBeVisible();
  await expect(page.getByText('示例场所')).toBeVisible();
});

test('typing pinyin initials finds a cemetery, and a bad price is named at its field', async ({ page }, info) => {
  await open(page, '/places', info);
  await page.getByLabel('名称或地址（可输入拼音首字母，如 fhs）').fill('fhs');
  await page.getByRole('button', { name: '查找' }).click();
  await expect(page.locator('.place-card').first()).toContainText('凤凰山公墓');

  await page.getByLabel('最高价格（元）').fill('很多');
  await page.getByRole('button', { name: '查找' }).click();
  await expect(page.getByRole('alert')).toContainText('请填写不小于 0 的金额');
  await expect(page.locator('#f-max_yuan')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.place-card')).toHaveCount(0);
});

test('the after-death guide and what would be free for a dibao household', async ({ page }, info) => {
  await open(page, '/funeral', info);
  await page.getByRole('link', { name: '身后事办理指引' }).first().click();
  await expect(page.getByRole('heading', { name: '身后事办理指引' })).toBeVisible();
  await expect(page.locator('.guide-steps > li')).toHaveCount(8);
  await expect(page.getByRole('heading', { name: '5. 注销户口' })).toBeVisible();
  await page.getByLabel('殡仪馆', { exact: true }).selectOption({ label: '保定市殡仪馆（示例）' });
  await page.getByRole('group', { name: '逝者是这个地区的户籍居民吗？' }).getByLabel('是').check();
  await page.getByLabel('低保家庭').check();
  // The step that says to call the funeral home gives the numbers, and the group question
  // links the pre-check by its name.
  const call = page.locator('#step-call');
  await expect(call.getByRole('link', { name: '24 小时电话 0312-0000100' })).toHaveAttribute('href', 'tel:03120000100');
  await expect(page.getByRole('link', { name: '救助资格预查' })).toHaveAttribute('href', '/eligibility/check');
  await page.getByRole('button', { name: '计算' }).click();
  const result = page.locator('.calculator-result');
  // The answer is where the page lands, and prices say what they are per.
  await expect(result).toBeInViewport();
  await expect(result.getByRole('row', { name: /遗体冷藏/ })).toContainText('每天');
  await expect(result).toContainText('需支付 ¥0');
  await expect(result).toContainText('共减免');
  await expect(result.getByRole('row').nth(1)).toContainText('低保家庭');

  // Not a resident of the region: nothing is free.
  await page.getByRole('group', { name: '逝者是这个地区的户籍居民吗？' }).getByLabel('否').check();
  await page.getByRole('button', { name: '计算' }).click();
  await expect(page.locator('.calculator-result')).toContainText('共减免 ¥0');
});

test('the map shows a marker for each place listed, or says it cannot load; the list works either way', async ({ page }, info) => {
  await open(page, '/places?kind=volunteer_station&region=qufu', info);
  const cards = page.locator('.place-card');
  await expect(cards).toHaveCount(4);
  const map = page.locator('#place-map');
  if (!hydrated(info)) {
    await expect(map).toBeHidden();
    return;
  }
  await expect(map).toBeVisible();
  await expect(page.locator('.leaflet-marker-icon')).toHaveCount(4);
  // Offline the tiles fail and the map says so; with a network they load.
  await expect
    .poll(async () => (await page.locator('.leaflet-tile-loaded').count()) > 0
      || (await page.locator('#place-map-status').textContent())!.includes('地图暂时无法加载'), { timeout: 15000 })
    .toBe(true);
  await page.locator('.leaflet-marker-icon').first().click();
  await expect(page.locator('.place-card.is-selected')).toHaveCount(1);
  await expectAxeClean(page, 'places with map');
});

test.describe('near me', () => {
  // A phone standing at Qufu's Shuyuan Street, allowed to share where it is.
  test.use({ geolocation: { latitude: 35.6110, longitude: 117.0080 }, permissions: ['geolocation'] });

  test('"near me" sorts stations from the phone\'s position, asked only when tapped', async ({ page }, info) => {
    await open(page, '/places?kind=volunteer_station', info);
    const nearMe = page.getByRole('button', { name: '在我附近' });
    if (!hydrated(info)) {
      await expect(nearMe).toBeHidden();
      return;
    }
    await nearMe.click();
    await expect(page.getByText('按离您当前位置的距离排列。')).toBeVisible();
    await expect(page.locator('.place-card').first().getByRole('heading')).toContainText('书院街道');
  });
});
