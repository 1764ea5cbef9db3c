// The DuckDB side of gemis's analytics benchmark (docs/bench.md), started by
// build/bench/analytics_bench:  node run.mjs SPEC.json OUT.json
//
// SPEC: {database, runs, load: [sql], queries: [{id, sql}],
//        fresh: {id, sql, batches: [sql]}}
// OUT:  {version, node, threads, loadSeconds, rssBytes, pssBytes, diskBytes,
//        queries: [{id, ms: [..], results: [rows]}], fresh: {id, ms, results}}
// Rows are arrays of numbers: the key columns, then the value.
//
// Timed, as for the other engines: from issuing the query to holding every
// result row as JS values (runAndReadAll + getRows). Load: from opening the
// file-backed database to the end of the load statements (CHECKPOINT last).
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

const [specPath, outPath] = process.argv.slice(2);
if (!specPath || !outPath) {
  console.error('usage: node run.mjs SPEC.json OUT.json');
  process.exit(2);
}
const spec = JSON.parse(readFileSync(specPath, 'utf8'));

function fileSize(path) {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

// Proportional set size from /proc (0 where there is no smaps_rollup).
function pssBytes() {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync('/proc/self/smaps_rollup', 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const asNumbers = (rows) => rows.map((row) => row.map((cell) => Number(cell)));

async function timed(conn, sql) {
  const start = performance.now();
  const reader = await conn.runAndReadAll(sql);
  const rows = reader.getRows();
  return { ms: performance.now() - start, rows };
}

async function scalar(conn, sql) {
  const reader = await conn.runAndReadAll(sql);
  return String(reader.getRows()[0][0]);
}

async function runQuery(conn, query, runs) {
  await timed(conn, query.sql); // warm-up
  const out = { id: query.id, ms: [], results: [] };
  for (let run = 0; run < runs; run++) {
    const { ms, rows } = await timed(conn, query.sql);
    out.ms.push(ms);
    if (run === 0) out.results.push(asNumbers(rows));
  }
  return out;
}

// Q5: per batch, the INSERT commits (auto-commit), then the query is timed.
async function runFresh(conn, fresh) {
  const out = { id: fresh.id, ms: [], results: [] };
  for (const batch of fresh.batches) {
    await conn.run(batch);
    const { ms, rows } = await timed(conn, fresh.sql);
    out.ms.push(ms);
    out.results.push(asNumbers(rows));
  }
  return out;
}

async function main() {
  for (const suffix of ['', '.wal']) rmSync(spec.database + suffix, { force: true });
  const loadStart = performance.now();
  const instance = await DuckDBInstance.create(spec.database);
  const conn = await instance.connect();
  for (const sql of spec.load) await conn.run(sql);
  const out = { loadSeconds: (performance.now() - loadStart) / 1000 };
  out.version = await scalar(conn, 'SELECT version()');
  out.threads = await scalar(conn, "SELECT current_setting('threads')");
  out.node = process.version;
  out.diskBytes = fileSize(spec.database) + fileSize(spec.database + '.wal');
  console.error(`[duckdb] ${out.version} load: ${out.loadSeconds.toFixed(2)} s`);
  out.queries = [];
  for (const query of spec.queries) out.queries.push(await runQuery(conn, query, spec.runs));
  out.rssBytes = process.memoryUsage().rss;
  out.pssBytes = pssBytes();
  out.fresh = await runFresh(conn, spec.fresh);
  conn.closeSync();
  instance.closeSync();
  writeFileSync(outPath, JSON.stringify(out));
}

main().catch((error) => {
  console.error(`[duckdb] ${error.stack || error}`);
  process.exit(1);
});
