// Import from a file: a CSV with a bad cell previewed with the error on its
// row and cell and nothing written; the corrected file imported; an Excel
// sheet laid out for people, its columns mapped, checked and imported.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage, screenshot, seriousViolations, signIn, startForFile, xlsx } from './harness.mjs';

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

test('an Excel sheet laid out for people: its columns mapped, a bad cell named, then imported', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.huyen');
  await page.goto(env.url + '/import');
  const rows = [
    ['Báo cáo kết quả Dự án 8 năm 2024', '', '', '', ''],
    ['STT', 'Mã chỉ tiêu', 'Năm', 'Mã đơn vị', 'Số liệu'],
    ['1', 'P8_HT_DCTC', '2024', TRA_LINH, '4'],
    ['2', 'P8_HT_DCTC', '2023', TRA_LINH, 'bốn'],
  ];
  const sheet = (r) => ({ name: 'bao-cao.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx('Kết quả', r) });
  await page.locator('#import-file').setInputFiles(sheet(rows));
  const mapping = page.getByTestId('sheet-mapping');
  await mapping.waitFor();
  assert.match(await page.getByTestId('sheet-rows').innerText(), /Báo cáo kết quả Dự án 8 năm 2024/);
  // The titles are row 1: the headers are on row 2, and the columns are
  // guessed from them once it is chosen.
  await page.locator('#sheet-header').selectOption('2');
  assert.equal(await page.locator('#sheet-value').inputValue(), '5');
  assert.equal(await page.locator('#sheet-orgUnit').inputValue(), '4');
  await page.locator('#sheet-dataElement').selectOption('2');
  await page.locator('#sheet-period').selectOption('3');
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'import-excel');
  await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
  const preview = page.getByTestId('import-preview');
  await preview.waitFor();
  const conflicts = await page.getByTestId('import-conflicts').locator('tbody tr').allInnerTexts();
  assert.equal(conflicts.length, 1);
  assert.match(conflicts[0], /^4\tKết quả!E4\tvalue\tbốn\t/);
  assert.equal(await value(page), '3'); // as the CSV above left it: nothing written

  await page.locator('#import-file').setInputFiles(sheet(rows.slice(0, 3)));
  await mapping.waitFor();
  await page.locator('#sheet-header').selectOption('2');
  await page.locator('#sheet-dataElement').selectOption('2');
  await page.locator('#sheet-period').selectOption('3');
  await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
  await preview.getByText('Không có lỗi.').waitFor();
  await page.getByRole('button', { name: 'Nhập', exact: true }).click();
  await page.getByTestId('import-done').waitFor();
  assert.equal(await value(page), '4');
  await page.context().close();
});

test('an old Excel file or an unknown file says what to do instead', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'demo.huyen');
  await page.goto(env.url + '/import');
  await page.locator('#import-file').setInputFiles({ name: 'bao-cao.xls', mimeType: 'application/octet-stream', buffer: Buffer.from('PK') });
  await page.getByText(/lưu lại dạng \.xlsx/).waitFor();
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
