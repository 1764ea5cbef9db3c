// The column mapping of an Excel sheet in the web import (docs/ui.md,
// "Import"): the fields a data value's columns may hold, a column's letters,
// and the column a header names.
import { fold } from './format';
import type { MessageKey } from './messages';

// The fields of a data value a sheet's columns may hold; the first four are
// needed. Each with the words its header is recognised by (accents and case
// ignored).
export const SHEET_FIELDS: { field: string; label: MessageKey; required: boolean; words: string[] }[] = [
  { field: 'dataElement', label: 'sheetFieldElement', required: true, words: ['chi tieu', 'ma chi tieu', 'data element', 'dataelement', 'de'] },
  { field: 'period', label: 'sheetFieldPeriod', required: true, words: ['ky', 'ky bao cao', 'period', 'nam', 'pe'] },
  { field: 'orgUnit', label: 'sheetFieldUnit', required: true, words: ['don vi', 'ma don vi', 'org unit', 'orgunit', 'ma xa', 'ou'] },
  { field: 'value', label: 'sheetFieldValue', required: true, words: ['gia tri', 'so lieu', 'value', 'so'] },
  { field: 'categoryOptionCombo', label: 'sheetFieldCombo', required: false, words: ['phan to', 'categoryoptioncombo', 'nhom'] },
  { field: 'comment', label: 'sheetFieldComment', required: false, words: ['ghi chu', 'comment'] },
];

// "A", "B", …, "Z", "AA": a column's letters.
export function columnLetter(n: number): string {
  let out = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) out = String.fromCharCode(65 + ((k - 1) % 26)) + out;
  return out;
}

// The column (1-based; 0 = none) whose header names the field.
export function guessColumn(headers: string[], words: string[]): number {
  const i = headers.findIndex((h) => words.includes(fold(h).trim()));
  return i + 1;
}

