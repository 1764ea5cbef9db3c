// Plans and the progress dashboard: Cao Bằng's 288/KH-BCĐ from the plan list
// to its targets, its progress with status colours and charts, drill-down to a
// district, the as-at date and the Excel download; Phong Thổ's plan without
// numeric targets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, screenshot, seriousViolations, signIn, startForFile } from './harness.mjs';

const env = startForFile();

test('the province officer goes from the plan list to the plan and its targets by content area', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.tinh');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Kế hoạch' }).click();
  const plans = page.getByTestId('plans');
  await plans.waitFor();
  await screenshot(page, 'plans');
  await plans.getByRole('link', { name: '288/KH-BCĐ' }).click();
  await page.getByRole('heading', { level: 1, name: /288\/KH-BCĐ/ }).waitFor();
  assert.match(await page.getByTestId('citations').innerText(), /75\/KH-BTV/);
  const areas = await page.locator('details summary').allInnerTexts();
  assert.deepEqual(areas.map((a) => a.replace(/:.*$/s, '')), ['Nội dung 1', 'Nội dung 2', 'Nội dung 3', 'Nội dung 4']);
  // The first content area is open: the communication teams' target of 57.
  const first = page.locator('details').first();
  assert.match(await first.innerText(), /Tổ truyền thông cộng đồng được thành lập và duy trì/);
  assert.match(await first.innerText(), /57 tổ/);
  await screenshot(page, 'plan');
  await page.context().close();
});

test('the progress dashboard shows target against actual with its status, and a chart per content area', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.tinh');
  await page.goto(env.url + '/plans/CB-288-2024');
  await page.getByRole('link', { name: 'Tiến độ' }).click();
  const table = page.getByTestId('progress-table');
  await table.waitFor();
  const row = table.locator('tr[data-measure="P8_TTCD_TO"][data-unit="04"]').first();
  const cells = await row.locator('td').allInnerTexts();
  assert.deepEqual(cells, ['Tổ truyền thông cộng đồng được thành lập và duy trì', 'Cao Bằng', '57 tổ', '53 Hồ sơ', '93%', 'Chậm tiến độ']);
  assert.equal(await row.locator('.badge').getAttribute('class'), 'badge status-behind');
  assert.match(await page.getByTestId('progress-summary').innerText(), /119 đạt, 0 đúng tiến độ, 39 chậm trên 215 dòng/);
  assert.equal(await page.locator('.chart canvas').count(), 4);
  await screenshot(page, 'progress');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('drill-down to a district shows that district’s progress, and the way back', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.tinh');
  await page.goto(env.url + '/plans/CB-288-2024/progress');
  const table = page.getByTestId('progress-table');
  await table.waitFor();
  await table.locator('tr[data-measure="P8_TTCD_TO"][data-unit="049"] a').first().click();
  await page.waitForURL(/ou=049/);
  await page.getByTestId('progress-heading').getByText(/Tiến độ của Quảng Hòa/).waitFor();
  const row = page.getByTestId('progress-table').locator('tr[data-measure="P8_TTCD_TO"]').first();
  assert.deepEqual((await row.locator('td').allInnerTexts()).slice(1, 6), ['Quảng Hòa', '11 tổ', '11 Hồ sơ', '100%', 'Đạt']);
  await page.getByRole('link', { name: /Về Tỉnh Cao Bằng/ }).click();
  await page.getByTestId('progress-heading').getByText(/Tiến độ của Cao Bằng/).waitFor();
  await page.context().close();
});

test('the as-at date is typed dd/mm/yyyy and the Excel download is the same table as a workbook', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.tinh');
  await page.goto(env.url + '/plans/CB-288-2024/progress');
  await page.getByTestId('progress-table').waitFor();
  await page.locator('#progress-at').fill('30/06/2024');
  await page.locator('#progress-at').press('Enter');
  await page.waitForURL(/at=2024-06-30/);
  await page.getByTestId('progress-heading').getByText('Tiến độ của Cao Bằng tính đến 30/06/2024').waitFor();
  const href = await page.getByTestId('progress-xlsx').getAttribute('href');
  assert.match(href, /format=xlsx/);
  assert.match(href, /at=2024-06-30/);
  const download = await page.evaluate(async (url) => {
    const r = await fetch(url);
    const bytes = new Uint8Array(await r.arrayBuffer());
    return { status: r.status, type: r.headers.get('content-type'), magic: String.fromCharCode(bytes[0], bytes[1]) };
  }, href);
  assert.equal(download.status, 200);
  assert.match(download.type, /spreadsheetml/);
  assert.equal(download.magic, 'PK');
  await page.context().close();
});

test('a plan without numeric targets says so and lists what the records published', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.admin');
  await page.goto(env.url + '/plans/PT-117-2024/progress');
  await page.getByTestId('progress-table').waitFor();
  assert.match(await page.locator('.notice').innerText(), /không nêu chỉ tiêu định lượng/);
  const badges = await page.locator('.badge').allInnerTexts();
  assert.ok(badges.length > 0);
  assert.ok(badges.every((b) => b === 'Không có chỉ tiêu số'), badges.join());
  await page.context().close();
});

test('a plan outside the commune officer’s scope is not theirs to see', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.xa');
  await page.goto(env.url + '/plans/HN-257-2022');
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /Không tìm thấy hoặc bạn không được xem|ngoài phạm vi/);
  await page.context().close();
});

test('every table downloads as CSV for Excel, as it is shown', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.tinh');
  await page.goto(env.url + '/plans/CB-288-2024/progress?at=2024-12-31');
  await page.getByTestId('progress-table').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải CSV' }).click()]);
  assert.equal(download.suggestedFilename(), 'tien-do-CB-288-2024.csv');
  const chunks = [];
  for await (const c of await download.createReadStream()) chunks.push(c);
  const text = Buffer.concat(chunks).toString('utf8');
  assert.ok(text.startsWith('\ufeffChỉ tiêu,Đơn vị,Mục tiêu,Thực hiện,Tỷ lệ,Đánh giá\r\n'), text.slice(0, 80));
  assert.match(text, /\r\nTổ truyền thông cộng đồng được thành lập và duy trì,Cao Bằng,57 tổ,53,93%,Chậm tiến độ\r\n/);
  await page.context().close();
});

test('a figure opens onto the model records behind it', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.tinh');
  await page.goto(env.url + '/plans/CB-288-2024/progress?at=2024-12-31');
  const table = page.getByTestId('progress-table');
  await table.waitFor();
  const row = table.locator('tr[data-measure="P8_TTCD_TO"][data-unit="049"][data-level="district"]');
  await row.getByRole('button', { name: /Xem hồ sơ tạo nên số liệu Tổ truyền thông cộng đồng/ }).click();
  const panel = page.getByTestId('records-behind');
  await panel.waitFor();
  await panel.getByText(/hồ sơ mô hình tạo nên số liệu này \(tổng 11\)/).waitFor();
  const records = await panel.locator('ul.records li').allInnerTexts();
  assert.ok(records.length > 0);
  assert.ok(records.every((r) => /^CB-TTCD-\d+ Tổ truyền thông cộng đồng/.test(r)), records.join('\n'));
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'progress-records');
  await panel.getByRole('button', { name: 'Đóng' }).click();
  assert.equal(await page.getByTestId('records-behind').count(), 0);
  await page.context().close();
});
