// Data entry, online and offline: a commune's figures typed into the form
// reach the server and move the district's progress; typed without a
// connection they survive a reload and are sent when it returns; a value
// changed on the server meanwhile is a conflict to settle, never overwritten.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, screenshot, seriousViolations, signIn, startForFile } from './harness.mjs';

const env = startForFile();

// Trà Lĩnh (01447), the commune of demo.xa, as of 2024; the communication
// teams' element, district-implemented.
const TRA_LINH = 'nxGqEvZi8Mh';
const FORM = `/entry?plan=CB-288-2024&pe=2024&ou=${TRA_LINH}`;
const teamsCell = (page) => page.locator('.entry-row[data-element="P8_TTCD_TO"]').getByLabel('Huyện thực hiện', { exact: true });

async function serverValue(page, element, combo) {
  return page.evaluate(
    async ([de, co, ou]) => {
      const r = await fetch(`/api/dataValues?de=${de}&pe=2024&ou=${ou}&co=${co}`, { cache: 'no-store' });
      return r.status === 200 ? (await r.json()).value : null;
    },
    [element, combo, TRA_LINH],
  );
}

async function districtTeams(page) {
  return page.evaluate(async () => {
    const r = await (await fetch('/api/plans/CB-288-2024/progress?ou=047&at=2024-12-31', { cache: 'no-store' })).json();
    const row = r.rows.find((x) => x.measure === 'P8_TTCD_TO' && x.level === 'district');
    return [row.actual, row.status];
  });
}

// Opens the form once the service worker controls the page, so that the form's
// reads are cached for use offline.
async function openFormReadyForOffline(page) {
  await page.goto(env.url + FORM);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await page.evaluate(() => navigator.serviceWorker.controller !== null).then((c) => assert.ok(c, 'service worker controls the page'));
  await teamsCell(page).waitFor();
}

test('a value is checked in its field before it is kept', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.xa');
  await page.goto(env.url + FORM);
  const input = teamsCell(page);
  await input.fill('-1');
  await input.press('Tab');
  const error = page.locator('.entry-row[data-element="P8_TTCD_TO"] .field-error');
  await error.waitFor();
  assert.equal(await error.innerText(), 'Cần một số nguyên từ 0 trở lên, ví dụ 12 (không có phần thập phân).');
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.match(await page.getByTestId('sync-status').innerText(), /Đã gửi hết/);
  assert.deepEqual(await seriousViolations(page), []);
  await page.context().close();
});

test('a commune’s figures typed offline survive a reload and are sent when the connection returns', async () => {
  // The district officer watches Trùng Khánh's progress.
  const district = await newPage(env);
  await signIn(district, env, 'demo.huyen');
  const [before, beforeStatus] = await districtTeams(district);
  const page = await newPage(env);
  await signIn(page, env, 'demo.xa');
  assert.equal(beforeStatus, 'behind');
  await openFormReadyForOffline(page);
  const combo = await teamsCell(page).evaluate((el) => el.id);

  await page.context().setOffline(true);
  await teamsCell(page).fill('1');
  await teamsCell(page).press('Tab');
  const status = page.getByTestId('sync-status');
  await status.getByText('Chờ gửi: 1').waitFor();
  assert.match(await status.innerText(), /Mất mạng/);
  await screenshot(page, 'entry-offline');

  // Reload without a connection: the app, the form and the typed value are all still there.
  await page.reload();
  await teamsCell(page).waitFor();
  assert.equal(await teamsCell(page).inputValue(), '1');
  await status.getByText('Chờ gửi: 1').waitFor();

  await page.context().setOffline(false);
  await status.getByText('Đã gửi hết lên máy chủ').waitFor();
  const de = await page.evaluate(async () => (await (await fetch('/api/dataElements')).json()).dataElements.find((e) => e.code === 'P8_TTCD_TO').id);
  const co = combo.split('-')[4];
  assert.equal(await serverValue(page, de, co), '1');
  const [after, afterStatus] = await districtTeams(district);
  assert.equal(after, before + 1);
  assert.equal(afterStatus, 'achieved');
  await district.context().close();
  await page.context().close();
});

test('a value changed on the server meanwhile is a conflict the user settles', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.xa');
  await openFormReadyForOffline(page);
  const cell = page.locator('.entry-row[data-element="P8_TTCD_TO"]').getByLabel('Tỉnh thực hiện', { exact: true });
  await page.context().setOffline(true);
  await cell.fill('4');
  await cell.press('Tab');
  await page.getByTestId('sync-status').getByText('Chờ gửi: 1').waitFor();

  // Meanwhile the district officer puts 2 in the same cell.
  const other = await newPage(env);
  await signIn(other, env, 'demo.huyen');
  const key = await cell.evaluate((el) => el.id.split('-'));
  const written = await other.evaluate(
    async ([de, co, ou, csrf]) => {
      const me = await (await fetch('/api/me')).json();
      const r = await fetch('/api/dataValues', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
        body: JSON.stringify({ dataElement: de, period: '2024', orgUnit: ou, categoryOptionCombo: co, value: '2' }),
      });
      return r.status;
    },
    [key[1], key[4], key[3]],
  );
  assert.ok(written === 200 || written === 201, `district officer's write: ${written}`);
  await other.context().close();

  await page.context().setOffline(false);
  const conflict = page.locator('.entry-row[data-element="P8_TTCD_TO"] .conflict');
  await conflict.waitFor();
  assert.match(await conflict.innerText(), /Trên máy chủ đã là 2 \(demo\.huyen\)\. Số của bạn: 4\./);
  assert.match(await page.getByTestId('sync-status').innerText(), /Cần xử lý: 1/);
  assert.equal(await serverValue(page, key[1], key[4]), '2'); // not overwritten
  await screenshot(page, 'entry-conflict');
  await conflict.getByRole('button', { name: 'Giữ số của tôi' }).click();
  await page.getByTestId('sync-status').getByText('Đã gửi hết lên máy chủ').waitFor();
  assert.equal(await serverValue(page, key[1], key[4]), '4');
  await page.context().close();
});

test('a comment is saved with its value', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.xa');
  await page.goto(env.url + FORM);
  const row = page.locator('.entry-row[data-element="P8_HT_DCTC"]');
  await row.getByLabel('Giá trị', { exact: true }).fill('2');
  await row.getByLabel('Giá trị', { exact: true }).press('Tab');
  await row.getByRole('button', { name: /^Ghi chú/ }).click();
  const note = row.locator('textarea');
  await note.fill('Hội thảo ngày 12/10/2024 tại xã');
  await note.press('Tab');
  // The comment follows the value (sent first) through the outbox.
  await page.waitForFunction(async (ou) => {
    const r = await fetch(`/api/dataValues?de=P8_HT_DCTC&pe=2024&ou=${ou}`, { cache: 'no-store' });
    return r.status === 200 && (await r.json()).comment === 'Hội thảo ngày 12/10/2024 tại xã';
  }, TRA_LINH);
  await page.getByTestId('sync-status').getByText('Đã gửi hết lên máy chủ').waitFor();
  const stored = await page.evaluate(async (ou) => {
    const r = await fetch(`/api/dataValues?de=P8_HT_DCTC&pe=2024&ou=${ou}`, { cache: 'no-store' });
    const v = await r.json();
    return [v.value, v.comment];
  }, TRA_LINH);
  assert.deepEqual(stored, ['2', 'Hội thảo ngày 12/10/2024 tại xã']);
  // Reopened, the form shows the comment is there.
  await page.reload();
  await row.getByRole('button', { name: /^Ghi chú ✓/ }).waitFor();
  await page.context().close();
});
