// The activities register: the list with its totals, and a new
// domestic-violence prevention event with too few men, stored and flagged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, screenshot, seriousViolations, signIn, startForFile } from './harness.mjs';

const env = startForFile();

test('the register lists activities with their participants; a filter by kind', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.tinh');
  await page.getByRole('link', { name: 'Hoạt động' }).click();
  const table = page.getByTestId('activities');
  await table.waitFor();
  const row = table.locator('tr[data-code="CB-TH-0001"]');
  const cells = await row.locator('td').allInnerTexts();
  assert.equal(cells[2], 'Tập huấn');
  assert.equal(cells[3], '27/03/2024–28/03/2024');
  assert.deepEqual(cells.slice(5), ['27', '20', '47', '32.700.000 đ']);
  await page.locator('#act-kind').selectOption('policy_dialogue');
  await page.waitForURL(/kind=policy_dialogue/);
  await page.waitForFunction(() => {
    const kinds = [...document.querySelectorAll('[data-testid=activities] tbody tr td:nth-child(3)')].map((td) => td.textContent);
    return kinds.length > 0 && kinds.every((k) => k === 'Đối thoại chính sách');
  });
  const kinds = await table.locator('tbody tr td:nth-child(3)').allInnerTexts();
  assert.ok(kinds.length > 0 && kinds.every((k) => k === 'Đối thoại chính sách'), kinds.join());
  assert.deepEqual(await seriousViolations(page), []);
  await page.context().close();
});

test('a DV-prevention event with men under 30% is saved and flagged', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.huyen');
  await page.goto(env.url + '/activities/new');
  await page.locator('#a-code').fill('TK-TT-2024-01');
  await page.locator('#a-title').fill('Truyền thông phòng, chống bạo lực gia đình tại Trà Lĩnh');
  await page.locator('#a-start').fill('12/10/2024');
  await page.locator('#a-start').press('Tab');
  await page.locator('#a-unit-search').fill('tra linh');
  await page.getByRole('button', { name: /^Thị trấn Trà Lĩnh/ }).click();
  await page.locator('#a-level').selectOption('commune');
  await page.locator('#a-plan').selectOption('CB-288-2024');
  await page.getByLabel('Phòng, chống bạo lực gia đình').check();
  await page.locator('#a-cost').fill('4.500.000');
  const first = page.locator('.participant-row[data-row="0"]');
  await first.getByLabel('Dân tộc').selectOption('ETHNIC_02');
  await first.getByLabel('Số người').fill('30');
  await page.getByRole('button', { name: 'Thêm dòng' }).click();
  const second = page.locator('.participant-row[data-row="1"]');
  await second.getByLabel('Số người').fill('5');
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'activity-new');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Đã lưu hoạt động TK-TT-2024-01; số liệu đã được tính lại.').waitFor();
  const row = page.getByTestId('activities').locator('tr[data-code="TK-TT-2024-01"]');
  await row.waitFor(); // the list loads after the notice
  const cells = await row.locator('td').allInnerTexts();
  assert.deepEqual(cells.slice(5), ['30', '5', '35', '4.500.000 đ']);
  assert.match(cells[1], /30%/); // the finding: men under 30% of the participants
  await page.context().close();
});

test('a duplicate code is refused with the reason and nothing else is lost', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.tinh');
  await page.goto(env.url + '/activities/new');
  await page.locator('#a-code').fill('CB-TH-0001');
  await page.locator('#a-title').fill('Trùng mã');
  await page.locator('#a-unit-search').fill('cao bang');
  await page.getByRole('button', { name: /^Tỉnh Cao Bằng/ }).click();
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByRole('alert').waitFor();
  assert.equal(await page.locator('#a-title').inputValue(), 'Trùng mã');
  await page.context().close();
});
