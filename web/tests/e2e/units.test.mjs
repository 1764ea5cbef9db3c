// The hierarchy browser: diacritic-insensitive search, the as-of date, a
// unit's history, and a commune officer not seeing another commune.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, screenshot, signIn, startForFile } from './harness.mjs';

const env = startForFile();

test('search without accents finds Trùng Khánh; the district shows its end in 2025', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.tinh');
  await page.goto(env.url + '/units?asOf=2024-06-30');
  await page.locator('#unit-search').fill('trung khanh');
  const results = page.getByTestId('unit-results');
  await results.waitFor();
  const names = await results.getByRole('link').allInnerTexts();
  assert.ok(names.includes('Huyện Trùng Khánh'), names.join());
  assert.ok(names.includes('Thị trấn Trùng Khánh'), names.join());
  await results.getByRole('link', { name: 'Huyện Trùng Khánh' }).click();
  const detail = page.getByTestId('unit-detail');
  await detail.waitFor();
  assert.match(await detail.innerText(), /30\/06\/2025/);
  assert.match(await page.getByTestId('unit-events').innerText(), /Kết thúc hoạt động ngày 01\/07\/2025/);
  await screenshot(page, 'units');
  await page.context().close();
});

test('a merged commune links to the commune it became, seen on the day of the merge', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.tinh');
  await page.goto(env.url + '/units?asOf=2024-06-30');
  await page.locator('#unit-search').fill('tra linh');
  await page.getByTestId('unit-results').getByRole('link', { name: 'Thị trấn Trà Lĩnh' }).click();
  const events = page.getByTestId('unit-events');
  await events.waitFor();
  assert.match(await events.innerText(), /Sáp nhập ngày 01\/07\/2025: Thành đơn vị 01447/);
  await events.getByRole('link', { name: '01447' }).click();
  await page.getByRole('heading', { name: 'Xã Trà Lĩnh' }).waitFor();
  assert.match(page.url(), /asOf=2025-07-01/);
  assert.match(await page.getByTestId('unit-events').innerText(), /Hình thành từ 01447, 01471, 01474/);
  await page.context().close();
});

test('the tree opens level by level as of the chosen date', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.admin');
  await page.goto(env.url + '/units?asOf=2024-06-30');
  await page.getByRole('button', { name: 'Mở Tỉnh Cao Bằng' }).click();
  await page.getByRole('link', { name: 'Huyện Trùng Khánh' }).waitFor();
  // After 1/7/2025 there are no districts: the province holds the communes.
  await page.locator('#units-asof').fill('01/07/2025');
  await page.locator('#units-asof').press('Enter');
  await page.waitForURL(/asOf=2025-07-01/);
  await page.getByRole('link', { name: 'Xã Trà Lĩnh' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Huyện Trùng Khánh' }).count(), 0);
  await page.context().close();
});

test('a date that is not in the calendar is refused in the field, in Vietnamese', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.tinh');
  await page.goto(env.url + '/units?asOf=2024-06-30');
  await page.locator('#units-asof').fill('31/02/2024');
  await page.locator('#units-asof').press('Enter');
  await page.locator('#units-asof-error').waitFor();
  assert.match(await page.locator('#units-asof-error').innerText(), /dd\/mm\/yyyy/);
  assert.equal(await page.locator('#units-asof').getAttribute('aria-invalid'), 'true');
  assert.match(page.url(), /asOf=2024-06-30/);
  await page.context().close();
});

test('a commune officer does not see another commune, by search or by address', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.xa'); // Thị trấn Trà Lĩnh
  await page.goto(env.url + '/units?asOf=2024-06-30');
  await page.locator('#unit-search').fill('trung khanh');
  await page.getByText(/Kết quả tìm kiếm/).waitFor();
  // The district above their commune is on their path; the district town is not theirs.
  const names = await page.getByTestId('unit-results').getByRole('link').allInnerTexts().catch(() => []);
  assert.ok(!names.includes('Thị trấn Trùng Khánh'), names.join());
  // Another commune's page by its id (known from the province officer's view).
  const admin = await newPage(env);
  await signIn(admin, env, 'demo.tinh');
  const other = await admin.evaluate(async () => {
    const r = await fetch('/api/orgUnits?q=trung%20khanh&asOf=2024-06-30&level=commune');
    return (await r.json()).orgUnits.find((u) => u.fullName === 'Thị trấn Trùng Khánh').id;
  });
  await admin.context().close();
  await page.goto(`${env.url}/units/${other}?asOf=2024-06-30`);
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /nằm ngoài phạm vi được giao cho bạn/);
  await page.context().close();
});
