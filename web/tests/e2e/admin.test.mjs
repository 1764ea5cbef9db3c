// Administration: the province officer adds a commune officer within their
// own scope, who can then sign in and sees their commune; a grant beyond the
// administrator's own rights is refused with the reason; the audit log shows it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, screenshot, seriousViolations, signIn, startForFile } from './harness.mjs';

const env = startForFile();

async function pickUnit(page, picker, search, name) {
  await page.locator(`#${picker}-search`).fill(search);
  await page.locator('.unit-picker').filter({ has: page.locator(`#${picker}-search`) }).getByRole('button', { name: new RegExp(`^${name}`) }).click();
}

test('a province officer adds a commune officer, who signs in to their commune', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.tinh');
  await page.getByRole('link', { name: 'Quản trị' }).click();
  const users = page.getByTestId('users');
  await users.waitFor();
  assert.match(await users.innerText(), /demo\.xa/);
  await page.getByRole('link', { name: 'Thêm người dùng' }).click();
  await page.locator('#u-username').fill('lan.hth');
  await page.locator('#u-name').fill('Hoàng Thị Lan');
  await page.getByLabel('Cán bộ cấp xã').check();
  await pickUnit(page, 'u-entry', 'quang han', 'Xã Quang Hán');
  await pickUnit(page, 'u-view', 'quang han', 'Xã Quang Hán');
  await page.locator('#u-password').fill('Mật-khẩu-đủ-dài-2024');
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'admin-user');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Đã tạo người dùng lan.hth.').waitFor();

  const lan = await newPage(env);
  await lan.goto(env.url + '/');
  await lan.locator('#username').fill('lan.hth');
  await lan.locator('#password').fill('Mật-khẩu-đủ-dài-2024');
  await lan.locator('form button[type=submit]').click();
  await lan.getByTestId('who').getByText('Hoàng Thị Lan').waitFor();
  assert.match(await lan.getByTestId('entry-units').innerText(), /Xã Quang Hán/);
  await lan.context().close();

  // The audit log names who created whom.
  await page.getByRole('link', { name: 'Nhật ký' }).click();
  await page.locator('#audit-objectType').fill('user');
  await page.getByRole('button', { name: 'Lọc' }).click();
  const row = page.getByTestId('audit').locator('tbody tr').filter({ hasText: 'lan.hth' }).first();
  await row.waitFor();
  assert.match(await row.innerText(), /demo\.tinh/);
  await screenshot(page, 'audit');
  await page.context().close();
});

test('a grant beyond the administrator’s own rights is refused with the reason', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.huyen');
  await page.goto(env.url + '/admin/users/new');
  await page.locator('#u-username').fill('ngoai.pham.vi');
  await page.locator('#u-name').fill('Ngoài Phạm Vi');
  // The central administrator's role holds rights a district officer does not.
  await page.getByLabel('Quản trị trung ương').check();
  await page.locator('#u-password').fill('Mật-khẩu-đủ-dài-2024');
  await page.getByRole('button', { name: 'Lưu' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /không thể cấp vai trò hoặc đơn vị vượt quá quyền của chính mình/);
  const status = await page.evaluate(async () => (await fetch('/api/users/ngoai.pham.vi')).status);
  assert.equal(status, 404);
  await page.context().close();
});

test('a district officer finds the communes of their district as of a day before the 2025 reform', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.huyen');
  await page.goto(env.url + '/admin/users/new');
  await page.locator('#u-username').fill('can.bo.xa.tk');
  await page.locator('#u-name').fill('Cán bộ xã Trùng Khánh');
  await page.getByLabel('Cán bộ cấp xã').check();
  await page.locator('#u-asof').fill('30/06/2024');
  await page.locator('#u-asof').press('Tab');
  await pickUnit(page, 'u-entry', 'trung khanh', 'Thị trấn Trùng Khánh');
  await pickUnit(page, 'u-view', 'trung khanh', 'Thị trấn Trùng Khánh');
  await page.locator('#u-password').fill('Mật-khẩu-đủ-dài-2024');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Đã tạo người dùng can.bo.xa.tk.').waitFor();
  await page.context().close();
});

test('a province officer adds a role of their own authorities and a user limited to one content area', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.tinh');
  await page.goto(env.url + '/admin/users');
  await page.getByRole('link', { name: 'Vai trò' }).click();
  const roles = page.getByTestId('roles');
  await roles.waitFor();
  assert.match(await roles.locator('tr[data-code="viewer"]').innerText(), /Xem nhật ký thay đổi/);
  // What the officer does not hold cannot be ticked.
  assert.equal(await page.getByLabel('Xem hồ sơ vụ việc mật (nhạy cảm)').isDisabled(), true);
  assert.equal(await page.getByLabel('Quản lý đơn vị hành chính').isDisabled(), true);
  await page.locator('#r-code').fill('can_bo_thong_ke');
  await page.locator('#r-name').fill('Cán bộ thống kê');
  await page.getByLabel('Xem số liệu, tiến độ, kết quả kiểm tra').check();
  await page.getByLabel('Xuất số liệu, tải Excel').check();
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'admin-roles');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Đã thêm vai trò “Cán bộ thống kê”').waitFor();
  assert.match(await roles.locator('tr[data-code="can_bo_thong_ke"]').innerText(), /Xem số liệu.*; Xuất số liệu, tải Excel/);

  // The new role is offered at once, and content areas by name.
  await page.goto(env.url + '/admin/users/new');
  await page.locator('#u-username').fill('tk.nd1');
  await page.locator('#u-name').fill('Lương Thị Thu');
  await page.getByLabel('Cán bộ thống kê').check();
  await pickUnit(page, 'u-view', 'cao bang', 'Tỉnh Cao Bằng');
  await page.getByTestId('user-areas').getByLabel(/\(CT1719\.DA8\.ND1\)$/).check();
  await page.locator('#u-password').fill('Mật-khẩu-đủ-dài-2024');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText(/tk\.nd1/).first().waitFor();
  const stored = await page.evaluate(async () => (await fetch('/api/users/tk.nd1')).json());
  assert.deepEqual(stored.roles, ['can_bo_thong_ke']);
  assert.deepEqual(stored.contentAreas, ['CT1719.DA8.ND1']);
  await page.context().close();
});
