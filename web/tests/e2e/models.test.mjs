// The model registers: the list by kind, and a trusted address added by a
// commune officer — a bad fact refused on its row with nothing saved, the
// equipment norm flagged, a consolidation added later, then deleted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, screenshot, seriousViolations, signIn, startForFile } from './harness.mjs';

const env = startForFile();

test('the register lists the models of a kind with their dates and facts', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.tinh');
  await page.getByRole('link', { name: 'Mô hình' }).click();
  const table = page.getByTestId('models');
  await table.waitFor();
  await page.locator('#model-kind').selectOption('leaders_club');
  await page.waitForURL(/kind=leaders_club/);
  await page.waitForFunction(() => {
    const kinds = [...document.querySelectorAll('[data-testid=models] tbody tr td:nth-child(3)')].map((td) => td.textContent);
    return kinds.length > 0 && kinds.every((k) => k === 'Câu lạc bộ "Thủ lĩnh của sự thay đổi"');
  });
  const facts = await table.locator('tbody tr').first().locator('td').nth(7).innerText();
  assert.match(facts, /Nơi tổ chức CLB: (Trường học|Cộng đồng)/);
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'models');
  await page.context().close();
});

test('a commune officer adds a trusted address: a bad fact is refused on its row, the norm is flagged', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.xa');
  await page.goto(env.url + '/models');
  await page.getByRole('link', { name: 'Thêm mô hình' }).click();
  await page.locator('#m-kind').selectOption('trusted_address');
  await page.locator('#m-code').fill('TL-DCTC-01');
  await page.locator('#m-name').fill('Địa chỉ tin cậy thị trấn Trà Lĩnh');
  await page.locator('#m-established').fill('15/05/2024');
  await page.locator('#m-established').press('Tab');
  await page.locator('#m-unit-search').fill('tra linh');
  await page.getByRole('button', { name: /^Thị trấn Trà Lĩnh/ }).click();
  await page.locator('#m-level').selectOption('commune');
  await page.getByRole('button', { name: 'Thêm thông tin' }).click();
  const first = page.locator('.participant-row[data-row="0"]');
  await first.locator('select').selectOption('equipment_support');
  await first.getByRole('textbox', { name: /^Giá trị/ }).fill('16.000.000');
  await page.getByRole('button', { name: 'Thêm thông tin' }).click();
  const second = page.locator('.participant-row[data-row="1"]');
  await second.locator('select').selectOption('board_members');
  await second.getByRole('textbox', { name: /^Giá trị/ }).fill('mười');
  await page.getByRole('button', { name: 'Thêm thông tin' }).click();
  const third = page.locator('.participant-row[data-row="2"]');
  await third.locator('select').selectOption('owner_trained');
  await third.getByLabel('Có').check();
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'model-new');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Dòng thông tin 2 chưa đúng').waitFor();
  assert.equal(await second.getAttribute('class'), 'participant-row row-wrong');
  // Nothing was saved, and nothing typed is lost.
  const missing = await page.evaluate(async () => (await fetch('/api/models/TL-DCTC-01')).status);
  assert.equal(missing, 404);
  assert.equal(await page.locator('#m-name').inputValue(), 'Địa chỉ tin cậy thị trấn Trà Lĩnh');

  await second.getByRole('textbox', { name: /^Giá trị/ }).fill('5');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Đã lưu mô hình TL-DCTC-01; số liệu đã được tính lại.').waitFor();
  const row = page.getByTestId('models').locator('tr[data-code="TL-DCTC-01"]');
  await row.waitFor(); // the list loads after the notice
  const cells = await row.locator('td').allInnerTexts();
  assert.match(cells[1], /16\.000\.000/); // over the equipment norm (15.000.000 đ)
  assert.equal(cells[4], '15/05/2024');
  assert.match(cells[7], /Chủ địa chỉ đã được tập huấn: Có/);

  // A year later it is consolidated.
  await row.getByRole('link', { name: 'TL-DCTC-01' }).click();
  await page.getByRole('button', { name: 'Thêm lần củng cố' }).click();
  await page.locator('#m-cons-0').fill('01/03/2025');
  await page.locator('#m-cons-0').press('Tab');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Đã lưu mô hình TL-DCTC-01').waitFor();
  await page.getByTestId('models').locator('tr[data-code="TL-DCTC-01"]').waitFor();
  const again = await page.getByTestId('models').locator('tr[data-code="TL-DCTC-01"] td').allInnerTexts();
  assert.equal(again[5], '01/03/2025');

  // And deleted, after a confirmation.
  await page.getByTestId('models').locator('tr[data-code="TL-DCTC-01"]').getByRole('link', { name: 'TL-DCTC-01' }).click();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Xóa mô hình' }).click();
  await page.getByText('Đã xóa mô hình TL-DCTC-01').waitFor();
  assert.equal(await page.getByTestId('models').locator('tr[data-code="TL-DCTC-01"]').count(), 0);
  await page.context().close();
});
