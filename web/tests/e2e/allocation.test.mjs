// The allocation table laid out like the plan's appendix: Cao Bằng's Phụ lục I
// with its province/district split, totals first, and the Excel download;
// then edited like a spreadsheet, with a finding appearing and disappearing
// as the figures are typed, a block pasted from Excel, and the save.
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

// The input of a cell (row and column as the table lays them out).
const cell = (page, r, c) => page.locator(`input[data-r="${r}"][data-c="${c}"]`);

// How many cells of the province's own rows (total, levels) are marked.
async function markedProvinceCells(page) {
  return page.locator('[data-testid="allocation-table"] tr[data-unit="04"] td.cell-finding').count();
}

async function waitForMarks(page, predicate, before) {
  await page.waitForFunction(
    ([want, base]) => {
      const n = document.querySelectorAll('[data-testid="allocation-table"] tr[data-unit="04"] td.cell-finding').length;
      return want === 'more' ? n > base : n === base;
    },
    [predicate, before],
  );
}

test('the province officer edits Phụ lục I like a spreadsheet: findings follow the typing, a pasted block is saved', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.tinh');
  await page.goto(env.url + '/plans/CB-288-2024/allocation');
  await page.getByTestId('allocation-table').waitFor();
  const before = await markedProvinceCells(page);
  await page.getByTestId('allocation-edit').click();
  // Quảng Hòa (row 2), communication teams at province level (column 2): 11.
  const teams = cell(page, 2, 2);
  assert.equal(await teams.inputValue(), '11');
  await teams.fill('12');
  // The districts' province-level teams now make 30 against 29: the
  // province's cells of that measure are marked, and the finding listed.
  await waitForMarks(page, 'more', before);
  assert.match(await page.getByTestId('allocation-findings').innerText(), /cấp tỉnh, chỉ tiêu P8_TTCD_TO: 9 phần phân bổ cộng lại là 30, không bằng chỉ tiêu 29/);
  assert.match(await page.getByTestId('allocation-save').innerText(), /1 ô/);
  // Back to 11: the finding goes, and nothing is left to save.
  await teams.fill('11');
  await waitForMarks(page, 'same', before);
  assert.equal(await page.getByTestId('allocation-save').isDisabled(), true);

  // Keys move like a spreadsheet: down to Trùng Khánh, right to the
  // district-level column, Enter down again.
  await teams.focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.r + ':' + document.activeElement.dataset.c), '3:2');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.r + ':' + document.activeElement.dataset.c), '3:3');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.r + ':' + document.activeElement.dataset.c), '4:3');

  // A block copied from Excel (12 at province level, 10 at district level)
  // lands on Quảng Hòa's two cells.
  await teams.evaluate((el) => {
    const data = new DataTransfer();
    data.setData('text/plain', '12\t10\r\n');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await page.getByText('Đã dán 2 ô.').waitFor();
  assert.equal(await cell(page, 2, 3).inputValue(), '10');
  await waitForMarks(page, 'more', before);
  // The province's level split follows: 30 and 27, still 57 in all.
  await cell(page, 1, 2).fill('30');
  await cell(page, 1, 3).fill('27');
  await waitForMarks(page, 'same', before);
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'allocation-editor');
  await page.getByTestId('allocation-save').click();
  await page.getByText('Đã lưu 4 ô.').waitFor();

  // Stored: a fresh page shows the new figures.
  await page.reload();
  const row = await page.locator('[data-testid="allocation-table"] tbody tr[data-unit="049"]').innerText();
  assert.match(row, /^1\tQuảng Hòa\t14\t129\t12\t10\t/);
  await page.context().close();
});

test('a district officer may not change another district’s row, and a word is not a number', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.huyen');
  await page.goto(env.url + '/plans/CB-288-2024/allocation');
  await page.getByTestId('allocation-edit').click();
  await cell(page, 2, 4).fill('10');
  const problem = page.getByTestId('allocation-problem');
  await problem.waitFor();
  assert.match(await problem.innerText(), /Quảng Hòa.*không thuộc phạm vi nhập liệu/);
  await cell(page, 2, 4).press('Escape');
  await problem.waitFor({ state: 'detached' });
  // Trùng Khánh's own row (row 3) is theirs; a word is refused in place.
  await cell(page, 3, 4).fill('mười');
  await page.getByText('Hãy gõ một số không âm').waitFor();
  assert.equal(await page.getByTestId('allocation-save').isDisabled(), false);
  await page.getByTestId('allocation-save').click();
  assert.equal(await cell(page, 3, 4).getAttribute('aria-invalid'), 'true');
  await cell(page, 3, 4).fill('11');
  await page.getByText('Đã kiểm tra bảng như đang gõ').waitFor();
  await page.getByTestId('allocation-save').click();
  await page.getByText('Đã lưu 1 ô.').waitFor();
  await page.context().close();
});

test('a cell changed by someone else meanwhile is a conflict to reload, never overwritten', async () => {
  const mine = await newPage(env);
  await signIn(mine, env, 'demo.tinh');
  await mine.goto(env.url + '/plans/CB-288-2024/allocation');
  await mine.getByTestId('allocation-edit').click();
  // Hạ Lang (row 4), savings groups at province level (column 4): 7.
  const cell4 = cell(mine, 4, 4);
  assert.equal(await cell4.inputValue(), '7');

  // Meanwhile the province's administrator changes it to 8.
  const theirs = await newPage(env);
  await signIn(theirs, env, 'demo.admin');
  await theirs.goto(env.url + '/plans/CB-288-2024/allocation');
  await theirs.getByTestId('allocation-edit').click();
  await cell(theirs, 4, 4).fill('8');
  await theirs.getByText('Đã kiểm tra bảng như đang gõ').waitFor();
  await theirs.getByTestId('allocation-save').click();
  await theirs.getByText('Đã lưu 1 ô.').waitFor();

  await cell4.fill('9');
  const problem = mine.getByTestId('allocation-problem');
  await problem.waitFor();
  assert.match(await problem.innerText(), /Hạ Lang.*vừa được người khác sửa/);
  await mine.getByRole('button', { name: 'Tải lại bảng' }).click();
  await mine.waitForFunction(() => document.querySelector('input[data-r="4"][data-c="4"]')?.value === '8');
  await mine.context().close();
  await theirs.context().close();
});
