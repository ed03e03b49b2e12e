import { test, expect, type Page } from '@playwright/test';
import { open, hydrated, setPrefs, scanPage, expectAxeClean } from './support';

const CHECK = '/eligibility/check';

/** Presses the screen's main button and waits for the next screen. */
async function next(page: Page, label = '继续') {
  const before = await page.locator('form.precheck input[name="step"]').getAttribute('value');
  await page.getByRole('button', { name: label, exact: true }).click();
  await expect(page.locator('form.precheck input[name="step"]')).not.toHaveAttribute('value', before!);
}

/**
 * Answers every question for a couple with a child of 10 living on ¥1,500 a month in Baoding,
 * ending on the check page. On Baoding's 2020 figures (still in force) this household is worked
 * out by hand as: dibao likely, top-up 666 × 3 − 1,500 = ¥498 a month.
 */
async function answerCoupleWithChild(page: Page) {
  await page.getByLabel('保定市').check();
  await next(page);
  await page.getByLabel('城镇户口').check();
  await next(page);
  await page.getByLabel('人数').fill('3');
  await next(page);
  await expect(page.getByRole('heading', { name: '您的年龄' })).toBeVisible();
  await page.getByLabel('年龄（周岁）').fill('40');
  await next(page);
  await next(page); // nothing applies to the person answering
  await page.getByLabel('年龄（周岁）').fill('38');
  await page.getByLabel('配偶').check();
  await next(page);
  await next(page);
  await page.getByLabel('年龄（周岁）').fill('10');
  await page.getByLabel('子女', { exact: true }).check();
  await next(page);
  await page.getByLabel('父母能够抚养').check();
  await page.getByLabel('在校学生').check();
  await next(page);
  await page.getByLabel('每月收入（元）').fill('1500');
  await next(page);
  await next(page); // no savings, cars or homes: left blank
  await next(page); // no medical or schooling costs
  await page.getByLabel('否', { exact: true }).check();
  await next(page);
  await page.getByLabel('是', { exact: true }).check();
  await next(page);
  await expect(page.getByRole('heading', { name: '核对您的回答' })).toBeVisible();
}

async function expectDibaoLikely(page: Page, amount: string, perPerson = '¥500') {
  const likely = page.locator('.group-likely');
  const dibao = likely.locator('.program', { has: page.getByRole('heading', { name: '最低生活保障（低保）' }) });
  await expect(dibao).toBeVisible();
  await expect(dibao.locator('.program-amount')).toHaveText(`约每月 ${amount}`);
  await expect(dibao).toContainText(`家庭人均月收入 ${perPerson}；低保标准为每人每月 ¥666。`);
}

/** Records POST requests, to show that the hydrated check sends no answers anywhere. */
function recordPosts(page: Page) {
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') posts.push(new URL(r.url()).pathname);
  });
  return posts;
}

for (const [device, viewport] of [
  ['phone', { width: 360, height: 740 }],
  ['kiosk', { width: 1080, height: 1920 }],
] as const) {
  test.describe(`on a ${device}`, () => {
    test.use({ viewport });

    test('the questions lead to the hand-worked result: dibao likely with a ¥498 top-up', async ({ page }, info) => {
      const posts = recordPosts(page);
      await open(page, CHECK, info);
      await expect(page.getByText('第 1 题，共 10 题')).toBeVisible();
      await answerCoupleWithChild(page);
      await next(page, '查看结果');
      await expect(page.getByRole('heading', { name: '预查结果' })).toBeVisible();
      await expectDibaoLikely(page, '¥498');
      await expect(page.getByText('这只是预查，不是审批结果', { exact: false })).toBeVisible();
      // It opens with what the family most likely gets, and lists the papers once.
      await expect(page.locator('.summary-lead')).toHaveText('最可能符合的是最低生活保障（低保），约每月 ¥498。');
      await expect(page.getByRole('region', { name: '申请时带上这些材料' })).toContainText('全体家庭成员的身份证和户口簿');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, 'the result is wider than the screen').toBeLessThanOrEqual(0);
      // In the browser the answers never leave the device; without JavaScript each screen posts.
      if (hydrated(info)) expect(posts).toEqual([]);
      else expect(posts.length).toBeGreaterThan(10);
    });
  });
}

test('the kiosk gets 60 px answers and buttons', async ({ page }, info) => {
  await page.setViewportSize({ width: 1080, height: 1920 });
  await open(page, CHECK, info);
  for (const locator of [page.locator('.choice').first(), page.getByRole('button', { name: '继续' })]) {
    const box = await locator.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(60);
  }
});

test('a bad answer is named at its field and in a summary, and the screen stays', async ({ page }, info) => {
  await open(page, CHECK, info);
  await page.getByLabel('保定市').check();
  await next(page);
  await page.getByLabel('城镇户口').check();
  await next(page);
  await page.getByLabel('人数').fill('abc');
  await page.getByRole('button', { name: '继续' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toContainText('请填写 1 到 30 之间的人数。');
  await expect(page.getByLabel('人数')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-size-error')).toContainText('请填写 1 到 30 之间的人数。');
  await expect(page.getByLabel('人数')).toHaveValue('abc');
  await expect(page).toHaveTitle(/^错误：/);
  // Back keeps earlier answers.
  await page.getByRole('button', { name: '上一步' }).click();
  await expect(page.getByLabel('城镇户口')).toBeChecked();
});

test('problems are worded in English for English visitors', async ({ page, context }, info) => {
  await setPrefs(context, { lang: 'en' });
  await open(page, CHECK, info);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('Choose a region.');
  await expect(page.getByRole('heading', { name: 'Where is your household registered?' })).toBeVisible();
});

test('a change from the check page returns to it, and what-if shows what a new income would change', async ({ page }, info) => {
  await open(page, CHECK, info);
  await answerCoupleWithChild(page);
  await page.getByRole('button', { name: '修改：全家每月总收入大约多少？' }).click();
  await expect(page.getByLabel('每月收入（元）')).toHaveValue('1500');
  await page.getByLabel('每月收入（元）').fill('1200');
  await next(page);
  await expect(page.getByRole('heading', { name: '核对您的回答' })).toBeVisible();
  await expect(page.locator('.summary-list')).toContainText('¥1,200');
  await next(page, '查看结果');
  await expectDibaoLikely(page, '¥798', '¥400');

  await page.getByLabel('如果全家每月收入是（元）').fill('2500');
  await page.getByRole('button', { name: '看看结果' }).click();
  const answer = page.locator('.what-if-answer');
  await expect(answer).toContainText('如果全家每月收入是 ¥2,500：');
  await expect(answer).toContainText('最低生活保障（低保）：很可能符合 · 约每月 ¥798 → 不太可能符合');
  await expect(answer).toContainText('低保边缘家庭：不太可能符合 → 很可能符合');
});

test('the result names the street office chosen and answers a what-if on another date', async ({ page, browser }, info) => {
  const scan = await scanPage(page, browser, info);
  await scan.setViewportSize({ width: 1080, height: 1920 });
  await open(scan, CHECK, info);
  await answerCoupleWithChild(scan);
  await next(scan, '查看结果');
  const where = scan.getByRole('region', { name: '到哪里申请' });
  await expect(where).toContainText('户籍所在地的街道办事处或乡镇人民政府社会救助窗口');
  await scan.getByLabel('您的户口在哪个街道或乡镇？').selectOption('baoding-xianfeng-street-office');
  await scan.getByRole('button', { name: '显示申请地点' }).click();
  await expect(where).toContainText('到先锋街道办事处（示例）的社会救助窗口申请');
  await expect(where).toContainText('保定市竞秀区先锋街道示例路 10 号');
  await expect(where.getByRole('link', { name: '查看地图和交通' })).toHaveAttribute('href', '/places/baoding-xianfeng-street-office');
  // The dibao card names it too.
  await expect(scan.locator('.program[data-program="Dibao"]')).toContainText('到先锋街道办事处（示例）');
  // On 2016-06-01 the urban standard was ¥450: 3 × ¥450 = ¥1,350 is below the ¥1,500 income.
  await scan.getByLabel('如果在这一天申请（年-月-日）').fill('2016-06-01');
  await scan.getByRole('button', { name: '看看结果' }).click();
  const answer = scan.locator('.what-if-answer');
  await expect(answer).toContainText('如果在 2016-06-01 申请：');
  await expect(answer).toContainText('最低生活保障（低保）：很可能符合 · 约每月 ¥498 → 不太可能符合');
  await expect(where).toContainText('到先锋街道办事处（示例）', { timeout: 1000 });
  await expectAxeClean(scan, 'result with a street office and a what-if on a kiosk');
  if (scan !== page) await scan.context().close();
});

test('an amount typed and a range chosen are not reduced to one in silence', async ({ page }, info) => {
  await open(page, CHECK, info);
  await answerCoupleWithChild(page);
  await page.getByRole('button', { name: '修改：全家每月总收入大约多少？' }).click();
  await expect(page.getByLabel('每月收入（元）')).toHaveValue('1500');
  await page.getByLabel('¥1,000 到 ¥2,000').check();
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('alert')).toContainText('您填写了金额，又选了一个范围');
  await expect(page.getByLabel('每月收入（元）')).toHaveAttribute('aria-invalid', 'true');
  // Clearing the amount keeps the range.
  await page.getByLabel('每月收入（元）').fill('');
  await next(page);
  await expect(page.getByRole('heading', { name: '核对您的回答' })).toBeVisible();
  await expect(page.locator('.summary-list')).toContainText('¥1,000 到 ¥2,000');
});

test('switching language or contrast mid-way keeps every answer and the screen', async ({ page }, info) => {
  await open(page, CHECK, info);
  await page.getByLabel('保定市').check();
  await next(page);
  await page.getByLabel('城镇户口').check();
  await next(page);
  await expect(page.getByLabel('人数')).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByLabel('Number of people')).toBeVisible();
  await page.getByRole('button', { name: 'High contrast' }).click();
  await expect(page.locator('html')).toHaveClass(/contrast-high/);
  await expect(page.getByLabel('Number of people')).toBeVisible();
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(page.getByLabel('Urban', { exact: true })).toBeChecked();
});

test('the result can be taken away: a QR code and a link whose fragment reopens it', async ({ page, context }, info) => {
  await open(page, CHECK, info);
  await answerCoupleWithChild(page);
  await next(page, '查看结果');
  await expect(page.getByRole('img', { name: '打开本结果的二维码' })).toBeVisible();
  const href = await page.getByRole('link', { name: '在手机上打开结果' }).getAttribute('href');
  const link = new URL(href!);
  expect(link.pathname).toBe(CHECK);
  expect(link.search).toBe('');
  expect(link.hash).toContain('income=1500');
  if (hydrated(info)) {
    await expect(page.getByRole('button', { name: '打印' })).toBeVisible();
    const phone = await context.newPage();
    await phone.goto(href!);
    await expectDibaoLikely(phone, '¥498');
    // Once read, the answers leave the address bar.
    await expect.poll(() => new URL(phone.url()).hash).toBe('');
  } else {
    await expect(page.getByRole('button', { name: '打印' })).toBeHidden();
  }
});

test('on a phone the result leads with keeping the page, not a code to scan with the same phone', async ({ page }, info) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, CHECK, info);
  await answerCoupleWithChild(page);
  await next(page, '查看结果');
  const keep = page.getByRole('region', { name: '保存结果' });
  await expect(keep).toContainText('把本页加入书签');
  await expect(page.getByRole('img', { name: '打开本结果的二维码' })).toBeHidden();
  await expect(keep.getByRole('link', { name: '在手机上打开结果' })).toBeVisible();
  // A kiosk's screen keeps the code.
  await page.setViewportSize({ width: 1080, height: 1920 });
  await expect(page.getByRole('img', { name: '打开本结果的二维码' })).toBeVisible();
  await expect(keep.getByText('把本页加入书签')).toBeHidden();
});

test('the browser back button returns to the previous question, and reload and forward keep the screen', async ({ page }, info) => {
  await open(page, CHECK, info);
  await page.getByLabel('安宁市').check();
  await next(page);
  await page.getByLabel('农村户口').check();
  await next(page);
  await expect(page.getByLabel('人数')).toBeVisible();
  // Without JavaScript every screen has its own address (the answers wait in a sealed cookie).
  if (!hydrated(info)) await expect(page).toHaveURL(/\/eligibility\/check\?step=size$/);
  await page.goBack();
  await expect(page.getByLabel('农村户口')).toBeChecked();
  if (hydrated(info)) {
    await expect(page.getByRole('heading', { name: '您家是城镇户口还是农村户口？' })).toBeFocused();
    return;
  }
  await expect(page).toHaveURL(/\?step=hukou$/);
  await page.reload();
  await expect(page.getByLabel('农村户口')).toBeChecked();
  await page.goBack();
  await expect(page.getByLabel('安宁市')).toBeChecked();
  await page.goForward();
  await page.goForward();
  await expect(page.getByLabel('人数')).toBeVisible();
  await expect(page.locator('.error-summary')).toHaveCount(0);
});

test('axe finds no violations on a question with a problem, the check page and the result', async ({ page, browser }, info) => {
  const scan = await scanPage(page, browser, info);
  const expectClean = (where: string) => expectAxeClean(scan, where);
  await scan.setViewportSize({ width: 360, height: 740 });
  await open(scan, CHECK, info);
  await scan.getByRole('button', { name: '继续' }).click();
  await expect(scan.getByRole('alert')).toBeVisible();
  await expectClean('region with a problem');
  await answerCoupleWithChild(scan);
  await expectClean('check your answers');
  await next(scan, '查看结果');
  await scan.locator('.group-unlikely summary').click();
  await expectClean('result');
  await scan.setViewportSize({ width: 1080, height: 1920 });
  await expectClean('result on a kiosk');
  if (scan !== page) await scan.context().close();
});
