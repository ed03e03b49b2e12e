import { test, expect, type Page, type TestInfo } from '@playwright/test';
import { open, hydrated, scanPage, expectAxeClean, clientAddress, freshPhone, masked, outboxLines, textedCode, Journey } from './support';

test.beforeEach(async ({ context }) => {
  await context.setExtraHTTPHeaders({ 'x-forwarded-for': clientAddress() });
});

/** A valid resident ID number (GB 11643 check character) for someone born on `birth`. */
function idNumber(birth: string, sequence: number): string {
  const body = `130602${birth}${String(sequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** Two people nobody else in this run uses (one active booking per person and kind). */
function couple() {
  const n = Math.floor(Math.random() * 400) * 2 + 1;
  const year = 1970 + Math.floor(Math.random() * 30);
  return [
    { name: '王小明', id: idNumber(`${year}0101`, n), phone: freshPhone('138') },
    { name: '李小红', id: idNumber(`${year}0202`, n + 1), phone: freshPhone('139') },
  ];
}

/** On the details form: asks for a code to the first phone, types the code it received, confirms. */
async function confirmWithCode(page: Page, phone: string) {
  const since = outboxLines().length;
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText(`验证码将发送至 ${masked(phone)}`)).toBeVisible();
  // Before confirming, what will be booked is shown to check, the ID numbers in groups.
  const check = page.getByRole('region', { name: '确认前请核对' });
  await expect(check).toContainText(phone);
  await expect(check).toContainText(/\d{6} \d{8} \d{3}[\dX]/);
  await page.getByLabel('短信验证码（6 位数字）').fill(await textedCode(phone, since));
  await page.getByRole('button', { name: '确认预约' }).click();
}

/** Opens a booking on the manage page: its code, then the code texted to `phone`. */
async function openBooking(page: Page, info: TestInfo, code: string, phone: string) {
  await open(page, '/marriage/manage', info);
  await page.getByLabel('预约码（8 位）').fill(code.toLowerCase());
  const since = outboxLines().length;
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText('验证码将发送至预约时填写的手机号')).toBeVisible();
  await page.getByLabel('短信验证码（6 位数字）').fill(await textedCode(phone, since));
  await page.getByRole('button', { name: '打开预约' }).click();
  await expect(page.locator('.slip-code')).toHaveText(code);
}

/** Books a marriage at the Lianchi sample office on the first free time; returns code and people. */
async function book(page: Page, info: TestInfo) {
  await open(page, '/marriage', info);
  await page.getByRole('link', { name: '预约办理时间' }).click();
  await page.getByLabel('结婚登记').check();
  await page.getByLabel(/保定市莲池区婚姻登记处/).check();
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('heading', { name: '选择日期' })).toBeVisible();
  // The second bookable day: one on the first may be under 24 hours away (then it can no longer
  // be moved or cancelled), depending on the hour the tests run.
  await page.locator('.day-link').nth(1).click();
  await expect(page.getByRole('heading', { name: '选择时间' })).toBeVisible();
  await page.locator('.slot-choices input:not([disabled])').first().check();
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('heading', { name: '填写办理人信息' })).toBeVisible();
  const people = couple();
  for (const [i, who] of ['第一位当事人', '第二位当事人'].entries()) {
    const person = page.getByRole('group', { name: who });
    await person.getByLabel('姓名').fill(people[i].name);
    await person.getByLabel('身份证号（18 位）').fill(people[i].id);
    await person.getByLabel('手机号').fill(people[i].phone);
    // Phones get the phone keypad; the browser may fill in its own number for the first person
    // only. An ID number keeps the text keyboard (it may end in X), in capitals.
    await expect(person.getByLabel('手机号')).toHaveAttribute('inputmode', 'tel');
    await expect(person.getByLabel('手机号')).toHaveAttribute('autocomplete', i === 0 ? 'tel-national' : 'off');
    await expect(person.getByLabel('身份证号（18 位）')).toHaveAttribute('autocapitalize', 'characters');
  }
  await confirmWithCode(page, people[0].phone);
  await expect(page.getByRole('heading', { level: 1, name: '预约成功' })).toBeVisible();
  const code = (await page.locator('#slip-code').textContent())!.trim();
  expect(code).toMatch(/^[A-Z0-9]{8}$/);
  return { code, people };
}

for (const [device, viewport] of [
  ['phone', { width: 360, height: 740 }],
  ['kiosk', { width: 1080, height: 1920 }],
] as const) {
  test.describe(`on a ${device}`, () => {
    test.use({ viewport });

    test('a couple books a marriage registration and gets a slip with data masked', async ({ page }, info) => {
      const { code, people } = await book(page, info);
      const slip = page.locator('.slip');
      await expect(slip).toContainText('王*明');
      await expect(slip).toContainText(`130************${people[0].id.slice(15)}`);
      await expect(slip).not.toContainText(people[0].id.slice(14));
      await expect(slip).toContainText(masked(people[0].phone));
      await expect(slip).not.toContainText(people[0].id);
      await expect(page.getByRole('img', { name: '预约码二维码' })).toBeVisible();
      await expect(slip).toContainText('双方本人的居民身份证原件');
      const ics = await page.request.get(await page.getByRole('link', { name: '加入日历（.ics）' }).getAttribute('href') as string);
      expect(ics.headers()['content-type']).toContain('text/calendar');
      expect(await ics.text()).toContain(`预约码 ${code}`);
      const print = page.getByRole('button', { name: '打印' });
      if (hydrated(info)) await expect(print).toBeVisible();
      else await expect(print).toBeHidden();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  });
}

test('the day list shows rest days as 休息 rather than leaving them out, and every day has its year', async ({ page }, info) => {
  await open(page, '/marriage/book?service=marriage&office=baoding-lianchi', info);
  const closed = page.locator('.day-list .day-closed');
  // Fifteen days ahead always hold a weekend, where the sample offices rest.
  await expect(closed.first()).toContainText('休息');
  await expect(closed.first().locator('a')).toHaveCount(0);
  const year = new Date().getFullYear();
  await expect(page.locator('.day-list .day-name').first()).toContainText(/\d{4}年/);
  const names = await page.locator('.day-list .day-name').allTextContents();
  expect(names.every((n) => n.startsWith(String(year)) || n.startsWith(String(year + 1)))).toBe(true);
});

test('a marriage booking for two men is refused at the second ID before any code is sent', async ({ page }, info) => {
  await open(page, '/marriage/book?service=marriage&office=baoding-lianchi', info);
  await page.locator('.day-link').first().click();
  await page.locator('.slot-choices input:not([disabled])').first().check();
  await page.getByRole('button', { name: '继续' }).click();
  const people = couple();
  // Both sequence numbers odd: both men by the 17th digit.
  people[1].id = idNumber(people[1].id.slice(6, 14), Number(people[0].id.slice(14, 17)) + 2);
  for (const [i, who] of ['第一位当事人', '第二位当事人'].entries()) {
    const person = page.getByRole('group', { name: who });
    await person.getByLabel('姓名').fill(people[i].name);
    await person.getByLabel('身份证号（18 位）').fill(people[i].id);
    await person.getByLabel('手机号').fill(people[i].phone);
  }
  const since = outboxLines().length;
  await page.getByRole('button', { name: '获取验证码' }).click();
  const second = page.getByRole('group', { name: '第二位当事人' });
  await expect(second).toContainText('两个身份证号显示为同一性别');
  // The summary names whose field it is and has the focus.
  const summary = page.locator('#error-summary');
  await expect(summary).toContainText('第二位当事人：两个身份证号显示为同一性别');
  await expect(summary).toBeFocused();
  await expect(second.getByLabel('身份证号（18 位）')).toHaveAttribute('aria-invalid', 'true');
  expect(outboxLines().length, 'no code goes out').toBe(since);
});

test('a couple adds a certificate ceremony where the office has a hall', async ({ page }, info) => {
  await open(page, '/marriage/book?service=marriage&office=baoding-lianchi', info);
  await page.locator('.day-link').last().click();
  await expect(page.getByText('只有标明“可加仪式”的时间能加办仪式。')).toBeVisible();
  const withCeremony = page.locator('.slot-choices .choice', { hasText: '可加仪式' }).first();
  await withCeremony.locator('input').check();
  await page.getByRole('button', { name: '继续' }).click();
  const people = couple();
  for (const [i, who] of ['第一位当事人', '第二位当事人'].entries()) {
    const person = page.getByRole('group', { name: who });
    await person.getByLabel('姓名').fill(people[i].name);
    await person.getByLabel('身份证号（18 位）').fill(people[i].id);
    await person.getByLabel('手机号').fill(people[i].phone);
  }
  await page.getByLabel('加办颁证仪式（免费，在颁证大厅举行）').check();
  await confirmWithCode(page, people[0].phone);
  await expect(page.getByRole('heading', { name: '预约成功' })).toBeVisible();
  await expect(page.locator('.slip')).toContainText('已加办颁证仪式');
});

test('a booking is opened with its code and a code texted to its phone, moved, then cancelled', async ({ page }, info) => {
  const { code, people } = await book(page, info);
  const before = (await page.locator('.slip-time').textContent())!;
  await page.context().clearCookies();
  await openBooking(page, info, code, people[1].phone);

  await page.getByRole('button', { name: '改到其他时间' }).click();
  await page.locator('.day-buttons button').last().click();
  await page.locator('.slot-choices input:not([disabled])').first().check();
  await page.getByRole('button', { name: '改到其他时间' }).click();
  await expect(page.getByRole('status')).toHaveText('已改到新的时间。');
  await expect(page.locator('.slip-time')).not.toHaveText(before);

  await page.getByRole('button', { name: '取消预约' }).click();
  // It asks first, with the limit, and "no" keeps the booking.
  await expect(page.getByRole('heading', { name: '确定要取消这次预约吗？' })).toBeVisible();
  await expect(page.locator('.cancel-limit')).toContainText('180 天内取消 5 次');
  await page.getByRole('link', { name: '不取消，返回预约' }).click();
  await expect(page.locator('.slip-status')).toHaveText('已确认');
  await page.getByRole('button', { name: '取消预约' }).click();
  await page.getByRole('button', { name: '确认取消预约' }).click();
  await expect(page.getByRole('status')).toHaveText('预约已取消，名额已释放。');
  await expect(page.locator('.slip-status')).toHaveText('这次预约已取消');
  // Nothing to show at the desk or keep: no QR code, calendar file or print button.
  await expect(page.getByRole('img', { name: '预约码二维码' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: '加入日历（.ics）' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '打印' })).toHaveCount(0);
});

test('journey: a couple books a marriage on a phone, counted in screens, taps and keystrokes', async ({ page }, info) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, '/marriage', info);
  const journey = new Journey(page, 'phone booking');
  await journey.tap(page.getByRole('link', { name: '预约办理时间' }));
  await journey.check(page.getByLabel('结婚登记'));
  await journey.check(page.getByLabel(/保定市莲池区婚姻登记处/));
  await journey.tap(page.getByRole('button', { name: '继续' }));
  await journey.tap(page.locator('.day-link').first());
  await journey.check(page.locator('.slot-choices input:not([disabled])').first());
  await journey.tap(page.getByRole('button', { name: '继续' }));
  const people = couple();
  for (const [i, who] of ['第一位当事人', '第二位当事人'].entries()) {
    const person = page.getByRole('group', { name: who });
    await journey.type(person.getByLabel('姓名'), people[i].name);
    await journey.type(person.getByLabel('身份证号（18 位）'), people[i].id);
    await journey.type(person.getByLabel('手机号'), people[i].phone);
  }
  const since = outboxLines().length;
  await journey.tap(page.getByRole('button', { name: '获取验证码' }));
  await journey.type(page.getByLabel('短信验证码（6 位数字）'), await textedCode(people[0].phone, since));
  await journey.tap(page.getByRole('button', { name: '确认预约' }));
  await expect(page.getByRole('heading', { level: 1, name: '预约成功' })).toBeVisible();
  journey.report(info);
  // Names, two IDs, two phones and the code are the typing; everything else is a tap.
  expect(journey.keystrokes).toBe(people[0].name.length + people[1].name.length + 18 * 2 + 11 * 2 + 6);
});

test('a lost booking code comes back by text to the phone it was booked with, and opens the booking', async ({ page }, info) => {
  const { code, people } = await book(page, info);
  await page.context().clearCookies();
  await open(page, '/marriage/manage', info);
  await page.getByRole('link', { name: '忘记预约码？用预约时的手机号找回' }).click();
  await expect(page.getByRole('heading', { name: '用手机号找回预约码' })).toBeVisible();
  const since = outboxLines().length;
  const phone = page.getByLabel('手机号');
  await expect(phone).toHaveAttribute('inputmode', 'tel');
  await phone.fill(`${people[0].phone.slice(0, 3)} ${people[0].phone.slice(3, 7)} ${people[0].phone.slice(7)}`);
  await page.getByRole('button', { name: '发送预约码' }).click();
  // It says what will happen, not that anything was sent.
  await expect(page.getByRole('status')).toContainText('如果这个手机号有未办理的预约，预约码会在几分钟内用短信发到这个号码');
  let texted = '';
  for (let waited = 0; waited < 15_000 && !texted; waited += 200) {
    const line = outboxLines().slice(since).map((l) => l.split('\t')).find(([, to, text]) => to === masked(people[0].phone) && text?.includes('预约码 '));
    if (line) texted = line[2].split('预约码 ')[1].slice(0, 8);
    else await new Promise((r) => setTimeout(r, 200));
  }
  expect(texted).toBe(code);
  // Only to that phone: the other person's phone got nothing.
  expect(outboxLines().slice(since).filter((l) => l.includes(masked(people[1].phone)))).toEqual([]);
  await openBooking(page, info, texted, people[0].phone);
});

test('a wrong code texted opens nothing and says so at the field', async ({ page }, info) => {
  await open(page, '/marriage/manage', info);
  await expect(page.getByText('身份证号后四位')).toHaveCount(0);
  await page.getByLabel('预约码（8 位）').fill('ACDEFGHJ');
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByLabel('短信验证码（6 位数字）').fill('123456');
  await page.getByRole('button', { name: '打开预约' }).click();
  await expect(page.getByRole('alert')).toContainText('验证码');
  await expect(page.getByLabel('短信验证码（6 位数字）')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.slip')).toHaveCount(0);
});

test('a mistyped ID number is named at its field and nothing is booked', async ({ page }, info) => {
  await open(page, '/marriage/book?service=marriage&office=baoding-lianchi', info);
  await page.locator('.day-link').first().click();
  await page.locator('.slot-choices input:not([disabled])').first().check();
  await page.getByRole('button', { name: '继续' }).click();
  const people = couple();
  const wrong = people[1].id.slice(0, 17) + (people[1].id.endsWith('1') ? '2' : '1');
  const first = page.getByRole('group', { name: '第一位当事人' });
  await first.getByLabel('姓名').fill(people[0].name);
  await first.getByLabel('身份证号（18 位）').fill(people[0].id);
  await first.getByLabel('手机号').fill(people[0].phone);
  const second = page.getByRole('group', { name: '第二位当事人' });
  await second.getByLabel('姓名').fill(people[1].name);
  await second.getByLabel('身份证号（18 位）').fill(wrong);
  await second.getByLabel('手机号').fill('12345');
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByRole('alert')).toContainText('身份证号校验位不对');
  await expect(second.getByLabel('身份证号（18 位）')).toHaveAttribute('aria-invalid', 'true');
  await expect(second.getByLabel('身份证号（18 位）')).toHaveValue(wrong);
  await expect(second.locator('.field-error').last()).toContainText('请填写 11 位手机号码。');
  await expect(page.getByRole('heading', { name: '预约成功' })).toHaveCount(0);
});

test('axe finds no violations on the booking steps and the slip', async ({ page, browser }, info) => {
  const scan = await scanPage(page, browser, info);
  const expectClean = (where: string) => expectAxeClean(scan, where);
  await scan.goto('/marriage/book?service=marriage&office=baoding-lianchi');
  await expectClean('days');
  await scan.locator('.day-link').first().click();
  await expectClean('times');
  await scan.locator('.slot-choices input:not([disabled])').first().check();
  await scan.getByRole('button', { name: '继续' }).click();
  await scan.getByRole('button', { name: '获取验证码' }).click();
  await expect(scan.getByRole('alert')).toBeVisible();
  await expectClean('details with problems');
  await book(scan, info);
  await expectClean('slip');
  if (scan !== page) await scan.context().close();
});

/** Counts the form posts the page makes while `action` runs. */
async function postsDuring(page: Page, action: () => Promise<unknown>) {
  let posts = 0;
  const count = (request: { method(): string }) => { if (request.method() === 'POST') posts += 1; };
  page.on('request', count);
  await action();
  page.off('request', count);
  return posts;
}

test('after booking, moving and cancelling, a reload shows the result and posts nothing again', async ({ page }, info) => {
  const { code, people } = await book(page, info);
  await expect(page).toHaveURL(/\/marriage\/booked$/);
  expect(page.url()).not.toContain(people[0].id.slice(14));
  expect(await postsDuring(page, () => page.reload())).toBe(0);
  await expect(page.getByRole('heading', { name: '预约成功' })).toBeVisible();
  await expect(page.locator('#slip-code')).toHaveText(code);

  await page.context().clearCookies();
  await openBooking(page, info, code, people[0].phone);
  expect(page.url()).not.toContain(code);

  await page.getByRole('button', { name: '改到其他时间' }).click();
  await page.locator('.day-buttons button').last().click();
  await page.locator('.slot-choices input:not([disabled])').first().check();
  await page.getByRole('button', { name: '改到其他时间' }).click();
  await expect(page.getByRole('status')).toHaveText('已改到新的时间。');
  const moved = (await page.locator('.slip-time').textContent())!;
  expect(await postsDuring(page, () => page.reload())).toBe(0);
  await expect(page.locator('.slip-time')).toHaveText(moved);

  await page.getByRole('button', { name: '取消预约' }).click();
  await page.getByRole('button', { name: '确认取消预约' }).click();
  await expect(page.locator('.slip-status')).toHaveText('这次预约已取消');
  expect(await postsDuring(page, () => page.reload())).toBe(0);
  await expect(page.getByRole('status')).toHaveText('预约已取消，名额已释放。');
  await expect(page.locator('.slip-status')).toHaveText('这次预约已取消');
});
