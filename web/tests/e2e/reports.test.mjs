// Kon Tum city's annual report KT-BC-NAM for 2024 in the browser, on a fake
// clock (gemis serve --fake-now; docs/api.md "Testing clock"). The last day
// is Monday 11/11/2024 ("before 10/11", the 9th a Saturday, rolled to the
// next working day). On 05/11 three communes send it; the city returns one
// with a reason for one measure; the clock moves to 12/11; the returned one
// is sent again and stays on time (timeliness counts the first submission);
// a fourth is sent late; the city waives the other two of the six communes
// its plan names, approves all, sends its own (late); the province
// approves it and downloads its PDF. The
// completeness map's numbers and colours are checked against the API.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { addUser, apiAs, newPage, run, screenshot, seriousViolations, setClock, signIn, startForFile } from './harness.mjs';

const env = startForFile({ fakeNow: '2024-11-05T09:00' });
const TYPE = 'KT-BC-NAM';
const CITY = '608'; // Thành phố Kon Tum, district of province 62
const ON_TIME = { '23296': 'xa.ngomay', '23338': 'xa.hoabinh', '23314': 'xa.kroong' };
const LATE = { '23323': 'xa.dakbla' }; // Đắk Blà
const RETURNED = '23338'; // Hòa Bình
const WAIVED_ON_SCREEN = '23335'; // Đắk Rơ Wa
const MEASURE = 'P8_TTCD_TO_MOI';

function card(page) {
  return page.locator(`[data-testid=report-card][data-type="${TYPE}"][data-period="2024"]`);
}

async function openMyReports(page, { withCard = true } = {}) {
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Báo cáo', exact: true }).click();
  await page.getByRole('heading', { name: 'Báo cáo của tôi' }).waitFor();
  if (withCard) await card(page).waitFor();
}

// The city's list as the API gives it to the district officer.
async function cityList(as = 'tp.kontum') {
  const api = await apiAs(env, as);
  return api.call('GET', `/api/reports?type=${TYPE}&period=2024&unit=${CITY}`);
}

test('the officers and the communes’ figures', () => {
  const values = [];
  for (const [code, user] of Object.entries({ ...ON_TIME, ...LATE })) {
    addUser(env, user, 'commune_officer', code, { entry: true });
    values.push({ dataElement: MEASURE, period: '2024', orgUnit: code, value: '2' }, { dataElement: 'P8_DCTC_MOI', period: '2024', orgUnit: code, value: '1' });
  }
  addUser(env, 'tp.kontum', 'district_officer', CITY, { entry: true });
  addUser(env, 'tinh.kontum', 'province_officer', '62', { entry: true });
  const file = join(env.dir, 'values.json');
  writeFileSync(file, JSON.stringify({ dataValues: values }));
  run(['import', 'datavalues', file, '--db', env.db]);
});

test('on 05/11 three communes send their report on time from “Báo cáo của tôi”', async () => {
  for (const [code, user] of Object.entries(ON_TIME)) {
    const phone = code === '23296';
    const page = await newPage(env, phone ? { width: 360, height: 780 } : {});
    page.on('dialog', (d) => d.accept());
    await signIn(page, env, user);
    await openMyReports(page);
    assert.match(await page.getByTestId('reports-today').innerText(), /05\/11\/2024/);
    const c = card(page);
    const before = await c.innerText();
    assert.match(before, /Báo cáo năm Dự án 8 tỉnh Kon Tum — Cả năm 2024/);
    assert.match(before, /11\/11\/2024/);
    assert.match(before, /Đang soạn/); // its figures are in: a draft
    assert.match(before, /Chưa đến hạn/);
    assert.match(before, /Còn 6 ngày/);
    if (phone) {
      assert.deepEqual(await seriousViolations(page), []);
      await screenshot(page, 'reports-phone');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `the page is ${width} px wide at 360 px`);
    }
    await c.getByRole('button', { name: /Nộp báo cáo/ }).click();
    await page.getByText(/Đã thực hiện "Nộp báo cáo".*nay Đã nộp/).waitFor();
    await card(page).getByText('Đã nộp', { exact: true }).waitFor();
    const after = await card(page).innerText();
    assert.match(after, /Đã nộp/);
    assert.match(after, /Đúng hạn/);
    if (code === '23314') {
      await card(page).scrollIntoViewIfNeeded();
      assert.deepEqual(await seriousViolations(page), []);
      await screenshot(page, 'reports-mine');
    }
    await page.context().close();
  }
});

test('the city returns Hòa Bình’s report with a reason for one measure; the commune reads it', async () => {
  const page = await newPage(env);
  page.on('dialog', (d) => d.accept());
  await signIn(page, env, 'tp.kontum');
  await openMyReports(page);
  const inbox = page.getByTestId('inbox');
  await inbox.waitFor();
  for (const code of Object.keys(ON_TIME)) assert.equal(await inbox.locator(`tr[data-unit="${code}"]`).count(), 1, code);
  await inbox.locator(`tr[data-unit="${RETURNED}"] a`).click();
  await page.getByTestId('report-unit').getByText('Xã Hòa Bình').waitFor();
  assert.match(await page.getByTestId('figures').innerText(), /Tổ truyền thông.*2/s);
  await page.getByRole('button', { name: 'Trả lại', exact: true }).click();
  const form = page.getByTestId('action-form');
  // Without a comment the server refuses, and the form says what to do.
  await form.getByRole('button', { name: 'Xác nhận: Trả lại' }).click();
  await form.getByText('Cần ghi lý do để đơn vị biết phải làm gì').waitFor();
  await form.getByLabel('Lý do, ghi chú gửi đơn vị').fill('Số tổ truyền thông chưa khớp kế hoạch, đề nghị rà soát');
  await form.getByRole('button', { name: 'Thêm lý do cho một chỉ tiêu' }).click();
  await form.getByLabel('Chỉ tiêu cần sửa').selectOption(MEASURE);
  await form.getByLabel('Lý do', { exact: true }).fill('Kế hoạch giao 3 tổ, báo cáo 2 tổ');
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'report-return');
  await form.getByRole('button', { name: 'Xác nhận: Trả lại' }).click();
  await page.getByText(/Đã thực hiện "Trả lại".*nay Bị trả lại/).waitFor();
  await page.locator('[data-testid=report-state][data-state=returned]').waitFor();
  await page.locator('[data-testid=history] tr[data-action=return]').waitFor();
  assert.match(await page.getByTestId('history').innerText(), /tp\.kontum.*Trả lại.*Số tổ truyền thông chưa khớp.*Kế hoạch giao 3 tổ/s);
  await page.context().close();

  const commune = await newPage(env);
  await signIn(commune, env, ON_TIME[RETURNED]);
  await openMyReports(commune);
  const box = card(commune).getByTestId('returned');
  await box.waitFor();
  const text = await box.innerText();
  assert.match(text, /Cấp trên trả lại.*tp\.kontum.*Số tổ truyền thông chưa khớp kế hoạch/s);
  assert.match(text, /Tổ truyền thông.*Kế hoạch giao 3 tổ, báo cáo 2 tổ/s);
  assert.deepEqual(await seriousViolations(commune), []);
  await card(commune).scrollIntoViewIfNeeded();
  await screenshot(commune, 'reports-returned');
  await commune.context().close();
});

test('on 12/11, past the last day: Hòa Bình resubmits and stays on time, Đắk Blà is late', async () => {
  const moved = await setClock(env, '2024-11-12T09:00');
  assert.equal(moved.today, '2024-11-12');
  // The sessions of 05/11 are past their lifetime now: everyone signs in again.
  const page = await newPage(env);
  page.on('dialog', (d) => d.accept());
  await signIn(page, env, ON_TIME[RETURNED]);
  await openMyReports(page);
  assert.match(await card(page).innerText(), /Bị trả lại/);
  await card(page).getByRole('button', { name: /Nộp báo cáo/ }).click();
  await page.getByText(/nay Đã nộp lại/).waitFor();
  await card(page).getByText('Đã nộp lại', { exact: true }).waitFor();
  const again = await card(page).innerText();
  assert.match(again, /Đã nộp lại/);
  assert.match(again, /Đúng hạn/);
  await page.context().close();

  const late = await newPage(env);
  late.on('dialog', (d) => d.accept());
  await signIn(late, env, LATE['23323']);
  await openMyReports(late);
  const before = await card(late).innerText();
  assert.match(before, /Quá hạn chưa nộp/);
  assert.match(before, /Quá hạn 1 ngày/);
  await card(late).getByRole('button', { name: /Nộp báo cáo/ }).click();
  await late.getByText(/nay Đã nộp/).waitFor();
  await card(late).getByText('Nộp muộn', { exact: true }).waitFor();
  const after = await card(late).innerText();
  assert.match(after, /Nộp muộn/);
  assert.match(after, /Nộp sau hạn 1 ngày/);
  await late.context().close();

  const list = await cityList();
  const row = (code) => list.reports.find((r) => r.unit.code === code);
  assert.equal(row(RETURNED).state, 'resubmitted');
  assert.equal(row(RETURNED).timeliness, 'onTime');
  assert.equal(row('23323').timeliness, 'late');
});

test('the city waives the other communes, approves all, sends its own; the province approves', async () => {
  // One waived through the API, the other on screen.
  const district = await apiAs(env, 'tp.kontum');
  const sent = new Set([...Object.keys(ON_TIME), ...Object.keys(LATE)]);
  const others = (await cityList()).reports.filter((r) => r.level === 'commune' && !sent.has(r.unit.code) && r.unit.code !== WAIVED_ON_SCREEN);
  assert.equal(others.length, 1); // Chư Hreng: the city names six communes
  for (const r of others) await district.call('POST', `/api/reports/${TYPE}/2024/${r.unit.uid}`, { action: 'waive', comment: 'Không triển khai Dự án 8 năm 2024' });

  const page = await newPage(env);
  page.on('dialog', (d) => d.accept());
  await signIn(page, env, 'tp.kontum');
  await openMyReports(page);
  // The city's own report, from its card, then Đắk Rơ Wa's among those sent to it.
  await card(page).getByRole('link').click();
  const children = page.getByTestId('children');
  await children.waitFor();
  await children.locator(`tr[data-unit="${WAIVED_ON_SCREEN}"] a`).click();
  await page.getByTestId('report-unit').getByText('Xã Đắk Rơ Wa').waitFor();
  await page.getByRole('button', { name: 'Miễn nộp', exact: true }).click();
  await page.getByLabel('Lý do, ghi chú gửi đơn vị').fill('Sáp nhập tổ dân phố, không có hoạt động trong năm');
  await page.getByRole('button', { name: 'Xác nhận: Miễn nộp' }).click();
  await page.getByText(/nay Được miễn/).waitFor();
  await page.getByRole('link', { name: /↑ Báo cáo của Thành phố Kon Tum/ }).click();

  await page.getByRole('button', { name: 'Duyệt tất cả báo cáo đủ điều kiện' }).click();
  const outcome = page.getByTestId('approve-all-outcome');
  await outcome.waitFor();
  assert.match(await outcome.innerText(), /Đã duyệt 4 báo cáo/);
  for (const name of ['Phường Ngô Mây', 'Xã Hòa Bình', 'Xã Kroong', 'Xã Đắk Blà']) assert.match(await outcome.innerText(), new RegExp(name));
  await page.getByTestId('report-actions').getByRole('button', { name: 'Nộp báo cáo' }).click();
  await page.getByText(/nay Đã nộp/).waitFor();
  await page.locator('[data-testid=report-timeliness][data-timeliness=late]').waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'report-detail');
  await page.context().close();

  const province = await newPage(env);
  province.on('dialog', (d) => d.accept());
  await signIn(province, env, 'tinh.kontum');
  await openMyReports(province, { withCard: false }); // provinces send no KT-BC-NAM
  const inbox = province.getByTestId('inbox');
  await inbox.waitFor();
  await inbox.locator(`tr[data-unit="${CITY}"] a`).click();
  await province.getByTestId('report-unit').getByText('Thành phố Kon Tum').waitFor();
  await province.getByTestId('report-actions').getByRole('button', { name: 'Duyệt', exact: true }).click();
  await province.getByText(/nay Đã duyệt/).waitFor();
  await province.locator('[data-testid=report-state][data-state=approved]').waitFor();
  // The city's report downloads as its official document.
  const [download] = await Promise.all([province.waitForEvent('download'), province.getByTestId('download-pdf').click()]);
  assert.equal(download.suggestedFilename(), `${TYPE}-2024-${CITY}.pdf`);
  // The province's own document: its summary of the reports it received,
  // as the PDF it signs, read back with pdftotext (poppler-utils).
  const top = await (await province.request.get(`${env.url}/api/reports?type=${TYPE}&period=2024`)).json();
  const res = await province.request.get(`${env.url}/api/reports/${TYPE}/2024/${top.units[0].uid}/document?format=pdf&signer=${encodeURIComponent('Y Ngọc')}`);
  assert.equal(res.status(), 200);
  assert.equal(res.headers()['content-type'], 'application/pdf');
  const pdf = join(env.dir, 'province.pdf');
  writeFileSync(pdf, await res.body());
  const text = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  assert.equal(text.status, 0, `pdftotext (poppler-utils): ${text.stderr}`);
  for (const expected of ['HỘI LIÊN HIỆP', 'KON TUM', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Kon Tum, ngày 12 tháng 11 năm 2024', 'BÁO CÁO', 'Thành phố Kon Tum', 'đã duyệt', 'Nơi nhận:', 'Y Ngọc']) {
    assert.ok(text.stdout.includes(expected), `${expected} in the province's PDF:\n${text.stdout.slice(0, 2000)}`);
  }
  // Four communes' 2 new communication teams each, summed up to the province.
  assert.match(text.stdout, /thành lập mới\s+8\b/);
  await province.context().close();

  const list = await cityList('tinh.kontum');
  const states = Object.fromEntries(list.reports.map((r) => [r.unit.code, r.state]));
  assert.equal(states[CITY], 'approved');
  for (const code of sent) assert.equal(states[code], 'locked', code); // locked by the city's approval
  assert.equal(states[WAIVED_ON_SCREEN], 'waived');
});

test('the completeness map shows what the API counts, coloured by rate, with drill-down', async () => {
  const page = await newPage(env);
  await signIn(page, env, 'tinh.kontum');
  await page.goto(`${env.url}/reports/completeness?type=${TYPE}&period=2024`);
  const table = page.getByTestId('completeness');
  await table.waitFor();
  const province = await (await apiAs(env, 'tinh.kontum')).call('GET', `/api/reports?type=${TYPE}&period=2024`);
  const expectedClass = (rate, expected) => (rate === null || expected === 0 ? 'none' : rate >= 90 ? 'good' : rate >= 60 ? 'warn' : 'bad');
  const check = async (list) => {
    for (const c of list.completeness) {
      const tr = table.locator(`tr[data-unit="${c.unit.code}"]`);
      for (const col of ['expected', 'received', 'onTime', 'late', 'missing', 'pending', 'waived']) {
        assert.equal(await tr.locator(`td[data-col="${col}"]`).innerText(), String(c[col]), `${c.unit.code} ${col}`);
      }
      assert.equal(await tr.locator('td[data-col="rate"] .rate').getAttribute('data-rate'), expectedClass(c.rate, c.expected), `${c.unit.code} rate`);
      assert.equal(await tr.locator('td[data-col="onTimeRate"] .rate').getAttribute('data-rate'), expectedClass(c.onTimeRate, c.expected), `${c.unit.code} on time`);
    }
  };
  await check(province);
  const city = province.completeness.find((c) => c.unit.code === CITY);
  assert.deepEqual([city.expected, city.received, city.onTime, city.late, city.missing, city.waived], [5, 5, 3, 2, 0, 2]);
  // The type names the city alone among Kon Tum's districts: no other
  // district is expected, so nothing is overdue.
  assert.equal(await table.locator('tr[data-unit="614"]').count(), 0);
  assert.match(await page.getByTestId('missing-units').innerText(), /Không có đơn vị nào quá hạn chưa nộp/);
  assert.equal(await table.locator(`tr[data-unit="${CITY}"] td[data-col="rate"] .rate`).getAttribute('data-rate'), 'good');
  assert.deepEqual(await seriousViolations(page), []);

  // Down to the city: its communes, Đắk Blà late, the waived grey; back up.
  await table.locator(`tr[data-unit="${CITY}"] a`).click();
  await page.getByTestId('completeness-heading').getByText(/Thành phố Kon Tum/).waitFor();
  await table.locator('tr[data-unit="23296"]').waitFor();
  await check(await cityList('tinh.kontum'));
  assert.equal(await table.locator(`tr[data-unit="${CITY}"] td[data-col="onTimeRate"] .rate`).getAttribute('data-rate'), 'warn'); // 3 of 5
  assert.equal(await table.locator(`tr[data-unit="${WAIVED_ON_SCREEN}"] td[data-col="rate"] .rate`).getAttribute('data-rate'), 'none');
  assert.match(await page.getByTestId('late-units').innerText(), /Xã Đắk Blà/);
  assert.match(await page.getByTestId('missing-units').innerText(), /Không có đơn vị nào quá hạn chưa nộp/);
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'completeness');
  await page.getByRole('navigation', { name: 'Đường dẫn đơn vị' }).getByRole('link', { name: 'Tỉnh Kon Tum' }).click();
  await table.locator(`tr[data-unit="${CITY}"] a`).waitFor();
  await page.context().close();
});

test('the city asks its six communes for an ad-hoc report; a commune has it to send', async () => {
  // The clock stands at 12/11/2024 (moved above).
  const page = await newPage(env);
  await signIn(page, env, 'tp.kontum');
  await page.goto(`${env.url}/reports/completeness?type=KT-DOT-XUAT&period=2024`);
  const box = page.getByTestId('request-reports');
  await box.waitFor();
  assert.match(await box.innerText(), /chưa được yêu cầu/);
  // A day already past is refused, in words.
  await page.locator('#r-due').fill('01/11/2024');
  await page.locator('#r-due').press('Tab');
  await page.locator('#r-note').fill('Theo Công văn số 12/HLHPN về số liệu đội truyền thông');
  await box.getByRole('button', { name: 'Gửi yêu cầu' }).click();
  await box.getByRole('alert').getByText(/chưa qua/).waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  await page.locator('#r-due').fill('29/11/2024');
  await page.locator('#r-due').press('Tab');
  await box.getByRole('button', { name: 'Gửi yêu cầu' }).click();
  // The map of the request: the six communes expected, none due yet.
  const table = page.getByTestId('completeness');
  await table.locator(`tr[data-unit="${CITY}"]`).waitFor();
  assert.equal(await table.locator(`tr[data-unit="${CITY}"] td[data-col="expected"]`).innerText(), '6');
  assert.equal(await table.locator(`tr[data-unit="${CITY}"] td[data-col="pending"]`).innerText(), '6');
  const requests = await (await apiAs(env, 'tp.kontum')).call('GET', '/api/reportRequests?type=KT-DOT-XUAT');
  assert.equal(requests.requests.length, 1);
  assert.equal(requests.requests[0].due, '2024-11-29');
  assert.equal(requests.requests[0].requestedBy, 'tp.kontum');
  await page.context().close();

  // Ngô Mây's officer finds it among her reports, due before 29/11.
  const commune = await newPage(env);
  await signIn(commune, env, 'xa.ngomay');
  await openMyReports(commune, { withCard: false });
  const adhoc = commune.locator('[data-testid=report-card][data-type="KT-DOT-XUAT"][data-period="2024"]');
  await adhoc.waitFor();
  assert.match(await adhoc.innerText(), /28\/11\/2024/); // the day before the 29th
  await commune.context().close();
});
