import { describe, expect, it } from 'vitest';
import { SHEET_FIELDS, columnLetter, guessColumn } from './sheet';

describe('columnLetter', () => {
  it('names columns as Excel does', () => {
    expect(columnLetter(1)).toBe('A');
    expect(columnLetter(26)).toBe('Z');
    expect(columnLetter(27)).toBe('AA');
    expect(columnLetter(52)).toBe('AZ');
    expect(columnLetter(703)).toBe('AAA');
  });
});

describe('guessColumn', () => {
  const words = (field: string) => SHEET_FIELDS.find((f) => f.field === field)!.words;
  const headers = ['STT', 'Mã chỉ tiêu', 'NĂM', ' Mã đơn vị ', 'Số liệu', 'Ghi chú'];
  it('finds a field by its header, accents and case ignored', () => {
    expect(guessColumn(headers, words('dataElement'))).toBe(2);
    expect(guessColumn(headers, words('period'))).toBe(3);
    expect(guessColumn(headers, words('orgUnit'))).toBe(4);
    expect(guessColumn(headers, words('value'))).toBe(5);
    expect(guessColumn(headers, words('comment'))).toBe(6);
  });
  it('is 0 when no header names it', () => {
    expect(guessColumn(headers, words('categoryOptionCombo'))).toBe(0);
    expect(guessColumn([], words('value'))).toBe(0);
  });
});
