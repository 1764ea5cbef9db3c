// The confidential cases: the data-protection officer makes a role that
// reads them and names a caseworker on a trusted address's case team (never
// themselves, never a user without the role); the caseworker records a case,
// is told in Vietnamese that a referral needs her consent, and makes the
// referral sheet; the list shows no name; the administrator sees no case.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { addUser, newPage, run, screenshot, seriousViolations, signIn, startForFile } from './harness.mjs';

const env = startForFile();
const ADDRESS = 'TL-DCTC-01';
const SURVIVOR = 'Nông Thị Hạnh';

test('the data-protection officer makes a case role and names a caseworker on the team, not themselves', async () => {
  const file = join(env.dir, 'models.json');
  writeFileSync(
    file,
    JSON.stringify({
      format: 'gemis-models/1',
      synthetic: true,
      models: [{ code: ADDRESS, kind: 'trusted_address', name: 'Địa chỉ tin cậy tổ dân phố 2', orgUnit: '01447', level: 'commune', established: '2025-09-01' }],
    }),
  );
  run(['model', 'import', file, '--db', env.db]);
  addUser(env, 'bv.tinh', 'data_protection', '04');

  const page = await newPage(env);
  await signIn(page, env, 'bv.tinh');
  await page.goto(env.url + '/admin/roles');
  await page.getByTestId('roles').waitFor();
  await page.locator('#r-code').fill('quan_ly_ca');
  await page.locator('#r-name').fill('Người quản lý ca');
  await page.getByLabel('Xem danh mục, đơn vị, kế hoạch').check();
  await page.getByLabel('Xem hồ sơ vụ việc mật (nhạy cảm)').check();
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Đã thêm vai trò “Người quản lý ca”').waitFor();
  // The caseworker's account, with the new role, over her commune.
  addUser(env, 'ca.tl', 'quan_ly_ca', '01447');

  await page.getByRole('link', { name: 'Nhóm hỗ trợ ca' }).click();
  const form = page.getByTestId('team-form');
  await form.waitFor();
  await form.locator('select').first().selectOption(ADDRESS);
  const grant = async (user) => {
    await form.getByRole('combobox', { name: 'Tên đăng nhập' }).fill(user);
    await form.getByRole('button', { name: 'Đưa vào nhóm' }).click();
  };
  await grant('bv.tinh');
  await page.getByText('Không ai tự đưa mình vào nhóm hỗ trợ ca').waitFor();
  await grant('demo.xa');
  await page.getByText('Người dùng này chưa có vai trò mang quyền đọc thông tin mật').waitFor();
  await grant('ca.tl');
  await page.getByText('Đã đưa ca.tl vào nhóm hỗ trợ ca').waitFor();
  const row = page.getByTestId('case-teams').locator('tr[data-user="ca.tl"]');
  await row.waitFor();
  assert.match(await row.innerText(), /Người quản lý ca.*bv\.tinh/s);
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'case-teams');
  // The officer who names the team reads no case.
  assert.equal(await page.getByRole('link', { name: 'Ca hỗ trợ' }).count(), 0);
  await page.context().close();
});

test('the caseworker records a case; a referral needs her consent; the sheet holds what the receiver needs', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'ca.tl');
  await page.getByRole('link', { name: 'Ca hỗ trợ' }).click();
  await page.getByText('Chưa có ca nào.').waitFor();
  await page.getByRole('link', { name: 'Thêm ca' }).click();
  await page.locator('#k-code').fill('TL-CA-2026-01');
  await page.locator('#k-name').fill(SURVIVOR);
  await page.locator('#k-contact').fill('qua chị tổ trưởng tổ phụ nữ');
  await page.locator('#k-age').fill('31');
  await page.getByLabel('Bạo lực thể chất').check();
  await page.getByRole('button', { name: 'Thêm dịch vụ' }).click();
  await page.getByRole('button', { name: 'Thêm lần chuyển gửi' }).click();
  await page.getByRole('textbox', { name: 'Nơi nhận' }).first().fill('Trạm Y tế xã Trà Lĩnh');
  await page.getByRole('button', { name: 'Lưu' }).click();
  // No consent for referral yet: the referral row is named and marked.
  await page.getByText('Chuyển gửi dòng 1: chưa có sự đồng ý chuyển gửi').waitFor();
  const referral = page.getByRole('group', { name: 'Chuyển gửi' }).locator('.participant-row[data-row="0"]');
  assert.equal(await referral.getAttribute('aria-invalid'), 'true');
  await page.getByRole('button', { name: 'Thêm lần đồng ý' }).click();
  await page.getByRole('group', { name: 'Sự đồng ý của người được hỗ trợ' }).locator('.participant-row[data-row="1"] select').first().selectOption('referral');
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'case-form');
  await page.getByRole('button', { name: 'Lưu' }).click();
  await page.getByText('Đã lưu ca TL-CA-2026-01').waitFor();

  // The list shows the case but not her name.
  const row = page.getByTestId('cases').locator('tr[data-code="TL-CA-2026-01"]');
  await row.waitFor();
  assert.match(await row.innerText(), /Bạo lực giới.*Địa chỉ tin cậy tổ dân phố 2.*Đang hỗ trợ/s);
  assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(SURVIVOR));
  await screenshot(page, 'cases');

  // Her form, then the referral sheet.
  await row.getByRole('link').click();
  await page.getByTestId('case-form').waitFor();
  assert.equal(await page.locator('#k-name').inputValue(), SURVIVOR);
  await page.locator('#k-refer-to').fill('Hội Liên hiệp Phụ nữ huyện');
  await page.getByRole('button', { name: 'Lập phiếu' }).click();
  const sheet = page.getByTestId('referral-sheet');
  await sheet.waitFor();
  const text = await sheet.innerText();
  assert.match(text, /Hội Liên hiệp Phụ nữ huyện/);
  assert.match(text, new RegExp(SURVIVOR));
  assert.match(text, /Bạo lực thể chất/);
  assert.doesNotMatch(text, /Địa chỉ tin cậy/);
  await page.context().close();
});

test('the administrator reads no case', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.admin');
  assert.equal(await page.getByRole('link', { name: 'Ca hỗ trợ' }).count(), 0);
  await page.goto(env.url + '/cases');
  await page.getByText('Vai trò của bạn không có quyền này').first().waitFor();
  assert.doesNotMatch(await page.locator('main').innerText(), /TL-CA-2026-01/);
  await page.context().close();
});
