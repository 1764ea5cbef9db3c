// Signing in per role, a wrong password, keyboard-only sign-in, the language
// switch and signing out, in Chromium against the real server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, screenshot, signIn, startForFile } from './harness.mjs';

const env = startForFile();

const roles = [
  ['demo.admin', 'Quản trị trung ương', 'Việt Nam'],
  ['demo.tinh', 'Cán bộ cấp tỉnh', 'Tỉnh Cao Bằng'],
  ['demo.huyen', 'Cán bộ cấp huyện', 'Huyện Trùng Khánh'],
  ['demo.xa', 'Cán bộ cấp xã', 'Trà Lĩnh'],
];

for (const [username, roleName, unit] of roles) {
  test(`${username} signs in and sees their role and units`, async () => {
    const page = await newPage(env);
    await signIn(page, env, username);
    await page.getByTestId('roles').waitFor();
    assert.equal(await page.getByTestId('roles').innerText(), roleName);
    assert.match(await page.getByTestId('entry-units').innerText(), new RegExp(unit));
    assert.match(await page.getByTestId('view-units').innerText(), new RegExp(unit));
    if (username === 'demo.huyen') await screenshot(page, 'home');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('a wrong password is refused with what to do next, and the form keeps the username', async () => {
  const page = await newPage(env);
  await page.goto(env.url + '/');
  await page.locator('#username').fill('demo.xa');
  await page.locator('#password').fill('not-the-password');
  await page.locator('form button[type=submit]').click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /không đúng.*thử lại/);
  assert.equal(await page.locator('#username').inputValue(), 'demo.xa');
  assert.equal(await page.getByTestId('who').count(), 0);
  await screenshot(page, 'sign-in-error');
  await page.context().close();
});

test('signing in works with the keyboard alone', async () => {
  const page = await newPage(env);
  await page.goto(env.url + '/');
  await page.locator('#username').waitFor();
  // From the top of the page: the skip link, the home link, the language
  // switch, then the form.
  const order = [];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent));
  }
  assert.deepEqual(order, ['Chuyển đến nội dung chính', 'gemis', 'English', 'username']);
  await page.keyboard.type(env.users['demo.tinh'].username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(env.users['demo.tinh'].password);
  await page.keyboard.press('Enter');
  await page.getByTestId('who').waitFor();
  assert.match(await page.getByTestId('who').innerText(), /Cao Bằng/);
  await page.context().close();
});

test('the language switch turns the UI to English and back, and is remembered', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.tinh');
  assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Plans' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.reload();
  await page.getByRole('heading', { name: /^Hello/ }).waitFor();
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await page.getByRole('heading', { name: /^Xin chào/ }).waitFor();
  await page.context().close();
});

test('signing out returns to the sign-in form and the session is gone', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.xa');
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.locator('#username').waitFor();
  const status = await page.evaluate(async () => (await fetch('/api/me')).status);
  assert.equal(status, 401);
  await page.context().close();
});
