// The allocation table laid out like the plan's appendix: Cao Bằng's Phụ lục I
// with its province/district split, totals first, and the Excel download.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, screenshot, seriousViolations, signIn, startForFile } from './harness.mjs';

const env = startForFile();

test('Phụ lục I of 288/KH-BCĐ reads like the appendix: units down, measures and levels across', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.tinh');
  await page.goto(env.url + '/plans/CB-288-2024');
  await page.getByRole('link', { name: 'Phân bổ chỉ tiêu' }).click();
  const table = page.getByTestId('allocation-table');
  await table.waitFor();
  await page.getByRole('heading', { name: 'Phân bổ chỉ tiêu: Phụ lục I' }).waitFor();
  const header = await table.locator('thead tr').first().locator('th').allInnerTexts();
  assert.equal(header[0], 'STT');
  assert.equal(header[1], 'Đơn vị');
  assert.equal(header[4], 'Tổ truyền thông cộng đồng được thành lập và duy trì (tổ)');
  const levels = await table.locator('thead tr').nth(1).locator('th').allInnerTexts();
  assert.deepEqual(levels.slice(0, 2), ['Cấp tỉnh', 'Cấp huyện']);
  const rows = await table.locator('tbody tr').allInnerTexts();
  assert.match(rows[0], /^\tTổng chỉ tiêu\t124\t996\t57\t/);
  assert.match(rows[1], /^\tPhân cấp thực hiện\t\t\t29\t28\t/);
  assert.match(rows[2], /^1\tQuảng Hòa\t14\t129\t11\t11\t/);
  assert.equal(await table.locator('tbody tr[data-unit="049"]').count(), 1);
  // The seed's own typing errors are listed, folded, not marked on cells.
  assert.match(await page.getByTestId('allocation-findings').innerText(), /Lỗi trong văn bản nguồn \(10\)/);
  const href = await page.getByTestId('allocation-xlsx').getAttribute('href');
  const magic = await page.evaluate(async (url) => {
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    return String.fromCharCode(bytes[0], bytes[1]);
  }, href);
  assert.equal(magic, 'PK');
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'allocation');
  await page.context().close();
});
