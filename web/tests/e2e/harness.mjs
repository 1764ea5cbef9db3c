// The end-to-end harness: a fresh demo database with its demo users, the real
// `gemis serve` on a free loopback port serving the built UI (web/dist), and
// Debian's Chromium driven by playwright-core (no browser download).
//
// start({ fakeNow }) serves with `gemis serve --fake-now` (a fake clock that
// setClock moves; docs/api.md "Testing clock").
//
// Environment: GEMIS_BIN (the gemis binary; default build/gemis), GEMIS_WEB_ROOT
// (default web/dist), CHROMIUM (default /usr/bin/chromium), GEMIS_SCREENSHOTS
// (a directory: screenshots of the main screens are written there).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { after, before } from 'node:test';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const require = createRequire(import.meta.url);

export const gemisBin = process.env.GEMIS_BIN || join(repo, 'build/gemis');
export const webRoot = process.env.GEMIS_WEB_ROOT || join(repo, 'web/dist');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

// Runs the gemis command line (e.g. an import into env.db); its output.
export function run(args) {
  const r = spawnSync(gemisBin, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gemis ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

// Adds a user with one role over one unit (code) through the command line,
// for a role no demo user has; env.users gets it, so signIn(page, env, name)
// works.
// With { entry: true } the unit is the user's entry scope (they enter data
// and send its reports), else their view scope only.
export function addUser(env, username, role, unit, { entry = false } = {}) {
  const password = `Rung-Thong-Bac-Son-${username.length}2`;
  const r = spawnSync(gemisBin, ['user', 'add', username, '--db', env.db, '--role', role, entry ? '--entry' : '--view', unit, '--password-stdin'], {
    encoding: 'utf8',
    input: password + '\n',
  });
  if (r.status !== 0) throw new Error(`gemis user add ${username} failed (${r.status}): ${r.stderr}`);
  env.users[username] = { username, password, role, unit };
}

// Reads the table `gemis user demo` prints: username, password, role, unit.
function parseUsers(text) {
  const users = {};
  for (const line of text.split('\n')) {
    const m = /^(demo\.\w+)\s+(\S+)\s+(\S+)\s+(.+?)\s*$/.exec(line);
    if (m) users[m[1]] = { username: m[1], password: m[2], role: m[3], unit: m[4] };
  }
  return users;
}

// Starts everything; returns { url, users, browser, dir, stop() }.
export async function start({ fakeNow } = {}) {
  for (const [what, path] of [
    ['the gemis binary (make build)', gemisBin],
    ['the built UI (make build)', join(webRoot, 'index.html')],
    ['Chromium (scripts/install-deps --test)', chromiumPath],
  ]) {
    if (!existsSync(path)) throw new Error(`missing ${what}: ${path}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'gemis-ui-'));
  const db = join(dir, 'gemis.db');
  run(['demo', '--db', db]);
  const users = parseUsers(run(['user', 'demo', '--db', db]));
  if (Object.keys(users).length < 4) throw new Error('gemis user demo printed no users');

  const serveArgs = ['serve', '--db', db, '--listen', '127.0.0.1:0', '--web-root', webRoot, '--access-log', ''];
  if (fakeNow) serveArgs.push('--fake-now', fakeNow);
  const server = spawn(gemisBin, serveArgs, {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise((resolveUrl, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`gemis serve did not start: ${err}`)), 20000);
    server.stderr.on('data', (chunk) => {
      err += chunk.toString();
      const m = /(https?:\/\/[\d.]+:\d+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    });
    server.on('exit', (code) => reject(new Error(`gemis serve exited (${code}): ${err}`)));
  });

  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });

  return {
    url,
    users,
    browser,
    dir,
    db,
    async stop() {
      await browser.close().catch(() => {});
      server.kill('SIGTERM');
      await new Promise((r) => (server.exitCode !== null ? r() : server.on('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A new page (own cookies) at a phone or desktop size; page errors fail the test.
export async function newPage(env, { width = 1280, height = 900, lang } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height }, locale: 'vi-VN' });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  if (lang) {
    await page.goto(env.url + '/');
    await page.evaluate((l) => localStorage.setItem('gemis.lang', l), lang);
  }
  return page;
}

export async function signIn(page, env, username) {
  const user = env.users[username];
  if (!user) throw new Error(`no demo user ${username}`);
  await page.goto(env.url + '/');
  await page.locator('#username').fill(user.username);
  await page.locator('#password').fill(user.password);
  await page.locator('form button[type=submit]').click();
  await page.getByTestId('who').waitFor();
}

// A signed-in API client of `username` from Node (the session cookie and the
// CSRF token): { call(method, path, body) } answering the parsed JSON, or
// throwing with the server's error.
export async function apiAs(env, username) {
  const user = env.users[username];
  if (!user) throw new Error(`no user ${username}`);
  const login = await fetch(env.url + '/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  if (!login.ok) throw new Error(`sign-in of ${username} failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrfToken } = await login.json();
  return {
    async call(method, path, body) {
      const res = await fetch(env.url + path, {
        method,
        headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
  };
}

// Moves the fake clock of a server started with { fakeNow } (as demo.admin).
// Sessions older than their idle or absolute lifetime at the new time end:
// sign in again afterwards.
export async function setClock(env, now) {
  const admin = await apiAs(env, 'demo.admin');
  return admin.call('PUT', '/api/testing/clock', { now });
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// axe-core's WCAG 2.1 A/AA rules on the current page: the violations whose
// impact is serious or critical, as "rule: target" lines.
export async function seriousViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

export async function screenshot(page, name) {
  const dir = process.env.GEMIS_SCREENSHOTS;
  if (dir) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: false });
}

// One environment per test file: started before its first test, stopped after
// its last. The object is filled in when it starts.
export function startForFile(options = {}) {
  const env = {};
  before(async () => Object.assign(env, await start(options)));
  after(async () => env.stop?.());
  return env;
}

// A minimal .xlsx workbook of one sheet whose cells are the given texts
// (inline strings), zipped by hand (stored, not deflated): what an office's
// Excel file looks like to the importer, without a spreadsheet library.
export function xlsx(sheetName, rows) {
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const col = (i) => String.fromCharCode(65 + i);
  const sheet =
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
    rows
      .map((r, i) => `<row r="${i + 1}">` + r.map((v, j) => `<c r="${col(j)}${i + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('') + '</row>')
      .join('') +
    '</sheetData></worksheet>';
  const parts = [
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'],
    ['_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'],
    ['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${esc(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'],
    ['xl/worksheets/sheet1.xml', sheet],
  ];
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of parts) {
    const data = Buffer.from(text, 'utf8');
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}
