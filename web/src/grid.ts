// A spreadsheet's habits for the allocation editor: what a typed cell holds,
// where the arrow keys go, and how a block copied from Excel lands.
import { checkValue } from './entry';
import type { Lang, MessageKey } from './messages';

// What a typed target cell sends: "" clears it; in Vietnamese "1.234" is
// 1234 and "12,5" is 12.5, in English "1,234" and "12.5"; null with a
// message when it is not a number.
export function parseCell(typed: string, lang: Lang = 'vi'): { value: string | null; error?: MessageKey } {
  let value: string | null;
  if (lang === 'en') {
    const text = typed.trim().replace(/,(?=\d{3}(\D|$))/g, '');
    value = text === '' ? '' : /^\d+(\.\d+)?$/.test(text) ? String(Number(text)) : null;
  } else {
    value = checkValue('NUMBER', typed).value;
  }
  if (value === null || (value !== '' && Number(value) < 0)) return { value: null, error: 'allocationNeedNumber' };
  return { value };
}

// Excel puts a copied block on the clipboard as tab-separated lines; a cell
// holding a tab, a line break or a quote is quoted ("…", quotes doubled).
// The last line break is not a row.
export function parseClipboard(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"' && cell === '') {
      quoted = true;
    } else if (ch === '\t') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

// Whether a paste is a block (several cells) rather than one value typed in.
export function isBlock(text: string): boolean {
  return /[\t\n\r]/.test(text.replace(/[\r\n]+$/, ''));
}

// The next editable cell from (row, col) in the direction (dr, dc), skipping
// cells that cannot be edited; null at the edge.
export function step(editable: boolean[][], row: number, col: number, dr: number, dc: number): [number, number] | null {
  let r = row + dr;
  let c = col + dc;
  while (r >= 0 && r < editable.length && c >= 0 && c < (editable[r]?.length ?? 0)) {
    if (editable[r][c]) return [r, c];
    r += dr;
    c += dc;
  }
  return null;
}

// Where a pasted block lands from (row, col): one cell per pasted value,
// right and down, over the table's rows and columns as laid out. Values
// falling on a cell that cannot be edited, or outside the table, are
// counted as skipped.
export function placeBlock(
  editable: boolean[][],
  row: number,
  col: number,
  block: string[][],
): { cells: { row: number; col: number; text: string }[]; skipped: number } {
  const cells: { row: number; col: number; text: string }[] = [];
  let skipped = 0;
  block.forEach((values, i) =>
    values.forEach((text, j) => {
      const r = row + i;
      const c = col + j;
      if (editable[r]?.[c]) cells.push({ row: r, col: c, text: text.trim() });
      else skipped++;
    }),
  );
  return { cells, skipped };
}
