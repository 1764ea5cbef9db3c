// The women cadres register: the list with the day each was trained, and a
// cadre added by a commune officer — an impossible end refused with the
// form kept, then saved, changed and removed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, screenshot, seriousViolations, signIn, startForFile } from './harness.mjs';

const env = startForFile();

test('the register lists the cadres with their group and the day each was trained', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.tinh');
  await page.getByRole('link', { name: 'Cán bộ nữ' }).click();
  const table = page.getByTestId('cadres');
  await table.waitFor();
  const cells = await table.locator('tr[data-code="CB-CBN-0001"] td').allInnerTexts();
  assert.equal(cells[1], 'Triệu Thị Hằng');
  assert.equal(cells[5], 'Mới bổ nhiệm');
  assert.equal(cells[6], '09/02/2024');
  assert.equal(cells[7], '18/06/2024');
  await table.locator('tr[data-code="CB-CBN-0001"]').getByRole('link').click();
  await page.getByRole('heading', { name: 'Các lớp tập huấn của dự án đã dự' }).waitFor();
  assert.match(await page.locator('main').innerText(), /18\/06\/2024 — /);
  assert.deepEqual(await seriousViolations(page), []);
  await page.context().close();
});

test('a commune officer adds a cadre; an end before the start is refused and nothing typed is lost', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.xa');
  await page.goto(env.url + '/cadres/new');
  await page.locator('#c-code').fill('TL-CBN-01');
  await page.locator('#c-name').fill('Nông Thị Hoa');
  await page.locator('#c-since').fill('10/04/2024');
  await page.locator('#c-since').press('Tab');
  await page.locator('#c-unit-search').fill('tra linh');
  await page.getByRole('button', { name: /^Thị trấn Trà Lĩnh/ }).click();
  await page.locator('#c-position').fill('Phó Chủ tịch Hội LHPN thị trấn');
  await page.locator('#c-ethnicity').selectOption('ETHNIC_02');
  await page.locator('#c-group').selectOption('newly_elected');
  await page.locator('#c-until').fill('01/01/2024');
  await page.locator('#c-until').press('Tab');
  await page.getByRole('button', { name: 'Thêm khóa học' }).click();
  await page.locator('#c-other-0-day').fill('05/06/2024');
  await page.locator('#c-other-0-day').press('Tab');
  await page.getByRole('textbox', { name: 'Lớp, khóa học' }).fill('Trường Chính trị tỉnh');
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'cadre-new');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByRole('alert').waitFor();
  assert.equal(await page.locator('#c-name').inputValue(), 'Nông Thị Hoa');
  await page.locator('#c-until').fill('');
  await page.locator('#c-until').press('Tab');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Đã lưu cán bộ TL-CBN-01; số liệu đã được tính lại.').waitFor();
  const row = page.getByTestId('cadres').locator('tr[data-code="TL-CBN-01"]');
  await row.waitFor(); // the list loads after the notice
  const cells = await row.locator('td').allInnerTexts();
  assert.equal(cells[5], 'Mới trúng cử lần đầu');
  assert.equal(cells[7], '05/06/2024'); // trained elsewhere counts too
  // She leaves the group at the end of 2025, then is removed altogether.
  await row.getByRole('link').click();
  await page.locator('#c-until').fill('31/12/2025');
  await page.locator('#c-until').press('Tab');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Đã lưu cán bộ TL-CBN-01').waitFor();
  assert.equal(await page.getByTestId('cadres').locator('tr[data-code="TL-CBN-01"] td').nth(6).innerText(), '10/04/2024–31/12/2025');
  await page.getByTestId('cadres').locator('tr[data-code="TL-CBN-01"]').getByRole('link').click();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Xóa khỏi sổ' }).click();
  await page.getByText('Đã xóa cán bộ TL-CBN-01').waitFor();
  await page.context().close();
});
