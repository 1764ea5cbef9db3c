// Import from a file: a CSV with a bad cell previewed with the error on its
// row and cell and nothing written; the corrected file imported.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, screenshot, seriousViolations, signIn, startForFile } from './harness.mjs';

const env = startForFile();

const header = 'dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\n';
const TRA_LINH = 'nxGqEvZi8Mh';

function file(name, text) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') };
}

async function value(page) {
  return page.evaluate(async (ou) => {
    const r = await fetch(`/api/dataValues?de=P8_HT_DCTC&pe=2024&ou=${ou}`, { cache: 'no-store' });
    return r.status === 200 ? (await r.json()).value : null;
  }, TRA_LINH);
}

test('a bad cell is shown on its row and cell before anything is written; the corrected file imports', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.huyen');
  await page.getByRole('link', { name: 'Nhập tệp' }).click();
  await page.getByRole('heading', { name: 'Nhập số liệu từ tệp' }).waitFor();

  const bad = `${header}P8_HT_DCTC,2024,${TRA_LINH},,,3\nP8_HT_DCTC,2023,${TRA_LINH},,,mười\nNOPE,2024,${TRA_LINH},,,1\n`;
  await page.locator('#import-file').setInputFiles(file('so-lieu.csv', bad));
  const preview = page.getByTestId('import-preview');
  await preview.waitFor();
  assert.match(await page.getByRole('alert').innerText(), /Có 2 lỗi: chưa ghi gì/);
  const conflicts = await page.getByTestId('import-conflicts').locator('tbody tr').allInnerTexts();
  assert.equal(conflicts.length, 2);
  assert.match(conflicts[0], /^3\tvalue\tmười\tGiá trị "mười" không đúng kiểu của chỉ tiêu P8_HT_DCTC\./);
  assert.match(conflicts[1], /^4\tdataElement\tNOPE\tKhông có chỉ tiêu \(phần tử dữ liệu\) "NOPE"\./);
  // The file's rows, the bad ones marked, the bad cells outlined.
  const rows = page.getByTestId('import-rows');
  assert.equal(await rows.locator('tr.row-bad').count(), 2);
  assert.equal(await rows.locator('tr[data-line="3"] td.cell-finding').innerText(), 'mười');
  assert.equal(await rows.locator('tr[data-line="4"] td.cell-finding').innerText(), 'NOPE');
  assert.equal(await page.getByRole('button', { name: 'Nhập', exact: true }).isDisabled(), true);
  assert.equal(await value(page), null); // nothing written
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'import');

  const good = `${header}P8_HT_DCTC,2024,${TRA_LINH},,,3\n`;
  await page.locator('#import-file').setInputFiles(file('so-lieu.csv', good));
  await preview.getByText('Không có lỗi.').waitFor();
  assert.match(await preview.innerText(), /Sẽ thêm 1, cập nhật 0, bỏ qua 0 giá trị\./);
  assert.equal(await value(page), null); // still a dry run
  await page.getByRole('button', { name: 'Nhập', exact: true }).click();
  await page.getByTestId('import-done').waitFor();
  assert.match(await page.getByTestId('import-done').innerText(), /Đã thêm 1, cập nhật 0, bỏ qua 0 giá trị\./);
  assert.equal(await value(page), '3');
  await page.context().close();
});

test('an Excel file or an unknown file says what to do instead', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.huyen');
  await page.goto(env.url + '/import');
  await page.locator('#import-file').setInputFiles({ name: 'bao-cao.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK') });
  await page.getByText(/lưu trang tính thành CSV/).waitFor();
  await page.locator('#import-file').setInputFiles({ name: 'ghi-chu.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
  await page.getByText(/Không nhận ra loại tệp "ghi-chu.txt"/).waitFor();
  await page.context().close();
});

test('a commune officer without the import authority has no import in the menu', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.xa');
  const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
  await nav.getByRole('link', { name: 'Nhập số liệu' }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Nhập tệp' }).count(), 0);
  await page.context().close();
});
