import { describe, expect, it } from 'vitest';
import { importContentType, parseCsv, toCsv } from './csv';

describe('parseCsv', () => {
  it('reads rows with the line each starts on', () => {
    expect(parseCsv('a,b\n1,2\r\n3,4')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
      { line: 3, cells: ['3', '4'] },
    ]);
  });
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const rows = parseCsv('x,"Trà Lĩnh, Cao Bằng","say ""có"""\n"two\nlines",b\nlast,row\n');
    expect(rows[0]).toEqual({ line: 1, cells: ['x', 'Trà Lĩnh, Cao Bằng', 'say "có"'] });
    expect(rows[1]).toEqual({ line: 2, cells: ['two\nlines', 'b'] });
    expect(rows[2].line).toBe(4);
  });
  it('skips a BOM and blank lines, keeps empty cells', () => {
    expect(parseCsv('\ufeffa,,c\n\n1,,\n')).toEqual([
      { line: 1, cells: ['a', '', 'c'] },
      { line: 3, cells: ['1', '', ''] },
    ]);
  });
});

describe('importContentType', () => {
  it('names the API content type by extension, ADX by its namespace', () => {
    expect(importContentType('so-lieu.CSV', '')).toBe('application/csv');
    expect(importContentType('a.json', '')).toBe('application/json');
    expect(importContentType('a.xml', '<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0">')).toBe('application/xml');
    expect(importContentType('a.xml', '<adx xmlns="urn:ihe:qrph:adx:2015">')).toBe('application/adx+xml');
    expect(importContentType('a.adx', '')).toBe('application/adx+xml');
    expect(importContentType('a.xlsx', '')).toBeNull();
  });
});

describe('toCsv', () => {
  it('writes what parseCsv reads back, with a BOM for Excel', () => {
    const rows = [['Đơn vị', 'Giá trị'], ['Trà Lĩnh, Cao Bằng', '22.991.000.000 đ'], ['say "có"', 'two\nlines']];
    const text = toCsv(rows);
    expect(text.startsWith('\ufeffĐơn vị,Giá trị\r\n')).toBe(true);
    expect(parseCsv(text).map((r) => r.cells)).toEqual(rows);
  });
});
