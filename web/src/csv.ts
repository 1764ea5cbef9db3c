// A small CSV reader for the import preview (RFC 4180: quoted fields with
// doubled quotes and line breaks inside quotes; a UTF-8 BOM is skipped). Each
// row keeps the line of the file it starts on, so the server's conflicts
// ("line 3") can be shown on their row.
export interface CsvRow {
  line: number; // 1-based line of the file where the row starts
  cells: string[];
}

export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let row: string[] = [];
  let cell = '';
  let rowLine = 1;
  let quoted = false;
  let any = false;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      any = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
      any = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (any || cell !== '') {
        row.push(cell);
        rows.push({ line: rowLine, cells: row });
      }
      row = [];
      cell = '';
      any = false;
      line++;
      rowLine = line;
    } else {
      cell += ch;
      any = true;
    }
  }
  if (any || cell !== '') {
    row.push(cell);
    rows.push({ line: rowLine, cells: row });
  }
  return rows;
}

// The content type the API expects for a file, from its name and, for XML,
// its namespace (ADX or DHIS2's dataValueSet).
export function importContentType(name: string, text: string): string | null {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'csv') return 'application/csv';
  if (ext === 'json') return 'application/json';
  if (ext === 'adx') return 'application/adx+xml';
  if (ext === 'xml') return text.includes('urn:ihe:qrph:adx') ? 'application/adx+xml' : 'application/xml';
  return null;
}

// Rows as CSV for Excel: a UTF-8 BOM (so Excel reads Vietnamese right), CRLF
// line ends, fields quoted when they hold a comma, quote or line break.
export function toCsv(rows: string[][]): string {
  const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `\ufeff${rows.map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}
