// The reminders in the browser (docs/reporting.md "Reminders"), on a fake
// clock (gemis serve --fake-now; docs/api.md "Testing clock"): Kon Tum
// city's annual report KT-BC-NAM for 2024 is due by Monday 11/11/2024. On
// 05/11 nothing is due yet; the clock moves to 12/11 and the server's
// reminder pass (run by the clock's move) puts the overdue reminder in the
// commune officer's inbox: the bell counts it, the inbox shows it with the
// link to the report, and it is marked read; the city's officer finds the
// summary of the communes that have not sent it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addUser, newPage, screenshot, seriousViolations, setClock, signIn, startForFile } from './harness.mjs';

const env = startForFile({ fakeNow: '2024-11-05T09:00' });
const COMMUNE = '23296'; // Phường Ngô Mây
const CITY = '608'; // Thành phố Kon Tum

function item(page, kind, subject) {
  return page.locator(`[data-testid=inbox-item][data-kind="${kind}"]`).filter({ hasText: subject });
}

test('the officers', () => {
  addUser(env, 'xa.ngomay', 'commune_officer', COMMUNE, { entry: true });
  addUser(env, 'tp.kontum', 'district_officer', CITY, { entry: true });
});

test('on 05/11 nothing is due yet: no KT-BC-NAM reminder', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'xa.ngomay');
  await page.getByTestId('inbox-bell').click();
  await page.getByRole('heading', { name: 'Thông báo', level: 1 }).waitFor();
  assert.equal(await item(page, 'overdue', 'KT-BC-NAM').count(), 0);
  assert.equal(await item(page, 'dueSoon', 'KT-BC-NAM').count(), 0);
  assert.deepEqual(page.errors, []);
});

test('on 12/11 the commune officer finds the overdue reminder in the inbox', async () => {
  const moved = await setClock(env, '2024-11-12T09:00');
  assert.equal(moved.today, '2024-11-12');
  assert.ok(moved.reminders > 0, `the pass sent ${moved.reminders}`);

  const page = await newPage(env);
  await signIn(page, env, 'xa.ngomay');
  const bell = page.getByTestId('inbox-unread');
  await bell.waitFor();
  const unread = Number(await bell.innerText());
  assert.ok(unread >= 1, `the bell shows ${unread}`);
  await page.getByTestId('inbox-bell').click();
  await page.getByRole('heading', { name: 'Thông báo', level: 1 }).waitFor();
  const overdue = item(page, 'overdue', 'Quá hạn nộp báo cáo KT-BC-NAM 2024');
  await overdue.waitFor();
  const text = await overdue.innerText();
  assert.match(text, /Chưa đọc/);
  assert.match(text, /Quá hạn/);
  assert.match(text, /Ngô Mây/);
  assert.match(text, /hạn cuối ngày 11\/11\/2024/);
  assert.doesNotMatch(text, /The report/); // the English paragraph is for English screens
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'inbox');

  // Its link opens the report.
  await overdue.getByTestId('inbox-link').click();
  await page.waitForURL(/\/reports\/KT-BC-NAM\/2024\/[A-Za-z0-9]{11}$/);
  await page.goBack();
  await page.getByRole('heading', { name: 'Thông báo', level: 1 }).waitFor();

  // Marked read: the bell counts one fewer.
  await item(page, 'overdue', 'KT-BC-NAM').getByRole('button', { name: 'Đánh dấu đã đọc' }).click();
  await page.waitForFunction(
    (n) => {
      const b = document.querySelector('[data-testid=inbox-unread]');
      return (b ? Number(b.textContent) : 0) === n;
    },
    unread - 1,
  );
  assert.doesNotMatch(await item(page, 'overdue', 'KT-BC-NAM').innerText(), /Chưa đọc/);
  if (unread > 1) {
    await page.getByRole('button', { name: 'Đánh dấu tất cả là đã đọc' }).click();
    await page.getByTestId('inbox-unread').waitFor({ state: 'detached' });
  }
  assert.match(await page.getByTestId('inbox-count').innerText(), /^0 thông báo chưa đọc/);
  assert.deepEqual(page.errors, []);
});

test('in English the same reminder reads in English', async () => {
  const page = await newPage(env, { lang: 'en' });
  await signIn(page, env, 'xa.ngomay');
  await page.getByTestId('inbox-bell').click();
  await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
  const text = await item(page, 'overdue', 'KT-BC-NAM 2024').innerText();
  assert.match(text, /Overdue/);
  assert.match(text, /was due by 11\/11\/2024 and has not been sent/);
});

test('the city officer finds the summary of the communes that have not sent it', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'tp.kontum');
  await page.getByTestId('inbox-bell').click();
  const summary = item(page, 'missingSummary', 'đơn vị chưa gửi báo cáo KT-BC-NAM 2024');
  await summary.waitFor();
  assert.match(await summary.innerText(), /Phường Ngô Mây/);
  await summary.getByTestId('inbox-link').click();
  await page.waitForURL(/\/reports\/completeness\?type=KT-BC-NAM&period=2024&unit=/);
  assert.deepEqual(page.errors, []);
});
