// The safe-birth register: the mothers' names only for roles that may read
// personal data; a birth added by a commune officer with its payments, the
// eligibility rules with their reasons, and a payment over its norm flagged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addUser, newPage, screenshot, seriousViolations, signIn, startForFile } from './harness.mjs';

const env = startForFile();

test('a viewer sees the register without the mothers’ names', async () => {
  const page = await newPage(env);
  addUser(env, 'kiem.tra', 'viewer', 'VN');
  await signIn(page, env, 'kiem.tra');
  await page.getByRole('link', { name: 'Sinh đẻ an toàn' }).click();
  const table = page.getByTestId('births');
  await table.waitFor();
  const header = await table.locator('thead th').allInnerTexts();
  assert.ok(!header.includes('Họ tên người mẹ'), header.join());
  const cells = await table.locator('tr[data-code="KT-SDAT-0001"] td').allInnerTexts();
  assert.equal(cells[2], '01/01/2024');
  assert.equal(cells[3], 'Có');
  assert.equal(cells[5], '950.000 đ');
  assert.doesNotMatch(await page.locator('main').innerText(), /Y Kơ Rin/);
  await table.locator('tr[data-code="KT-SDAT-0001"]').getByRole('link').click();
  await page.getByTestId('birth-eligibility').waitFor();
  assert.match(await page.getByTestId('birth-eligibility').innerText(), /Đủ điều kiện hưởng hỗ trợ/);
  assert.equal(await page.locator('#b-mother').count(), 0);
  await page.context().close();
});

test('a commune officer records a birth and its payments; the meals over the norm are flagged', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.xa');
  await page.goto(env.url + '/beneficiaries/new');
  await page.locator('#b-code').fill('TL-SDAT-01');
  await page.locator('#b-mother').fill('Hoàng Thị Mai');
  await page.locator('#b-mother-born').fill('02/03/1998');
  await page.locator('#b-mother-born').press('Tab');
  await page.locator('#b-ethnicity').selectOption('ETHNIC_02');
  await page.locator('#b-born').fill('02/08/2024');
  await page.locator('#b-born').press('Tab');
  await page.locator('#b-commune-search').fill('tra linh');
  await page.getByRole('button', { name: /^Thị trấn Trà Lĩnh/ }).click();
  await page.locator('#b-facility-yes').selectOption('true');
  await page.locator('#b-facility').fill('Trạm Y tế thị trấn Trà Lĩnh');
  await page.locator('#b-policy').selectOption('true');
  await page.getByRole('button', { name: 'Thêm khoản chi' }).click();
  const travel = page.locator('.participant-row[data-row="0"]');
  await travel.getByRole('textbox', { name: 'Số tiền (đ)' }).fill('200.000');
  await travel.getByRole('textbox', { name: 'Số người' }).fill('2');
  await page.getByRole('button', { name: 'Thêm khoản chi' }).click();
  const meals = page.locator('.participant-row[data-row="1"]');
  await meals.locator('select').selectOption('meals');
  await meals.getByRole('textbox', { name: 'Số tiền (đ)' }).fill('400.000');
  await meals.getByRole('textbox', { name: 'Số người' }).fill('2');
  await meals.getByRole('textbox', { name: 'Số ngày' }).fill('3');
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'birth-new');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Đã lưu ca sinh TL-SDAT-01').waitFor();
  const row = page.getByTestId('births').locator('tr[data-code="TL-SDAT-01"]');
  await row.waitFor(); // the list loads after the notice
  const cells = await row.locator('td').allInnerTexts();
  assert.equal(cells[1], 'Hoàng Thị Mai');
  // Tày, 18 or more, at a health facility, within the policy — but Trà Lĩnh
  // is on no list of extremely difficult places: not eligible, and the meals
  // are over their norm of 2 people × 3 days × 50.000 đ.
  assert.match(cells[4], /^Không\n/);
  assert.match(cells[4], /400000 đ, over the norm of 300000 đ/);
  assert.equal(cells[5], 'Hỗ trợ đi lại, Tiền ăn');
  assert.equal(cells[6], '600.000 đ');
  await row.getByRole('link').click();
  const rules = await page.getByTestId('birth-eligibility').innerText();
  assert.match(rules, /Đạt: /);
  assert.equal(await page.locator('#b-mother').inputValue(), 'Hoàng Thị Mai');
  await page.context().close();
});
