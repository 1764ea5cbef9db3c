// The budget view: Cao Bằng's 2024 budget by kind, level and agency, with the
// 260 đ mismatch validation finds shown on the line it concerns.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, screenshot, seriousViolations, signIn, startForFile } from './harness.mjs';

const env = startForFile();

test('the province officer finds the 260 đ mismatch in Cao Bằng’s 2024 budget', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.tinh');
  await page.goto(env.url + '/plans/CB-288-2024');
  await page.getByRole('link', { name: 'Kinh phí' }).click();
  const lines = page.getByTestId('budget-lines-2024');
  await lines.waitFor();
  // The summary: allocated and carried over, by level, in Vietnamese money format.
  const summary = await page.getByTestId('budget-summary-2024').locator('tbody tr').allInnerTexts();
  assert.deepEqual(summary.map((r) => r.split('\t')), [
    ['Được cấp', '22.991.000.000 đ', '21.830.000.000 đ', '44.821.000.000 đ'],
    ['Chuyển nguồn', '16.035.756.260 đ', '21.034.962.058 đ', '37.070.718.318 đ'],
  ]);
  const agencies = await page.getByTestId('budget-agencies-2024').locator('tbody tr').allInnerTexts();
  assert.deepEqual(agencies.map((r) => r.split('\t')), [
    ['CB-HLHPN', '19.542.000.000 đ', '13.804.304.000 đ'],
    ['CB-SLDTBXH', '3.449.000.260 đ', '2.231.452.260 đ'],
  ]);
  // The mismatch sits under the province's 2024 allocation, and nowhere else.
  const flagged = lines.locator('tr.has-finding');
  assert.equal(await flagged.count(), 1);
  assert.equal(await flagged.getAttribute('data-key'), 'tinh-cap');
  const finding = lines.locator('tr.finding-row');
  assert.equal(
    await finding.innerText(),
    'Lỗi: Chênh lệch 260 đ: các khoản thành phần cộng lại 22.991.000.260 đ, tổng đã nêu 22.991.000.000 đ.',
  );
  assert.match(await page.getByTestId('budget-findings').innerText(), /1 lỗi/);
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'budget');
  await page.context().close();
});

test('a plan without a budget says so', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.admin');
  await page.goto(env.url + '/plans/GV-BDG-2024/budget');
  await page.getByRole('heading', { name: 'Kinh phí', exact: true }).waitFor();
  await page.getByText('Kế hoạch này không nêu kinh phí.').waitFor();
  await page.context().close();
});
