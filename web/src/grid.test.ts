import { describe, expect, it } from 'vitest';
import { isBlock, parseCell, parseClipboard, placeBlock, step } from './grid';

describe('parseCell', () => {
  it('reads Vietnamese marks: dots group thousands, a comma is the decimal mark', () => {
    expect(parseCell('12')).toEqual({ value: '12' });
    expect(parseCell('1.234')).toEqual({ value: '1234' });
    expect(parseCell('12,5')).toEqual({ value: '12.5' });
    expect(parseCell(' 7 ')).toEqual({ value: '7' });
  });
  it('reads English marks when the screen is in English', () => {
    expect(parseCell('1,234', 'en')).toEqual({ value: '1234' });
    expect(parseCell('12.5', 'en')).toEqual({ value: '12.5' });
    expect(parseCell('12,5', 'en').value).toBeNull();
  });
  it('an empty cell clears; words and negatives are refused with a message', () => {
    expect(parseCell('')).toEqual({ value: '' });
    expect(parseCell('  ', 'en')).toEqual({ value: '' });
    expect(parseCell('mười')).toEqual({ value: null, error: 'allocationNeedNumber' });
    expect(parseCell('-3')).toEqual({ value: null, error: 'allocationNeedNumber' });
    expect(parseCell('-3', 'en').value).toBeNull();
  });
});

describe('parseClipboard', () => {
  it('splits Excel’s tab-separated lines, dropping the last line break', () => {
    expect(parseClipboard('11\t11\r\n8\t8\r\n')).toEqual([
      ['11', '11'],
      ['8', '8'],
    ]);
    expect(parseClipboard('5')).toEqual([['5']]);
    expect(parseClipboard('1\t\t3')).toEqual([['1', '', '3']]);
  });
  it('keeps quoted cells whole, with doubled quotes', () => {
    expect(parseClipboard('"a\tb"\t"say ""hi"""\n"two\nlines"\t4\n')).toEqual([
      ['a\tb', 'say "hi"'],
      ['two\nlines', '4'],
    ]);
  });
  it('tells a block from one value', () => {
    expect(isBlock('12\n')).toBe(false);
    expect(isBlock('12\t13')).toBe(true);
    expect(isBlock('12\n13')).toBe(true);
  });
});

// Two rows of four columns; the first column (a place count) and row 0's
// last cell cannot be edited.
const editable = [
  [false, true, true, false],
  [false, true, true, true],
];

describe('step', () => {
  it('moves to the next editable cell, skipping the others', () => {
    expect(step(editable, 0, 1, 0, 1)).toEqual([0, 2]);
    expect(step(editable, 0, 2, 0, 1)).toBeNull();
    expect(step(editable, 0, 2, 1, 0)).toEqual([1, 2]);
    expect(step(editable, 1, 1, 0, -1)).toBeNull();
    expect(step(editable, 1, 3, -1, 0)).toBeNull();
    expect(step([[true, false, true]], 0, 0, 0, 1)).toEqual([0, 2]);
  });
});

describe('placeBlock', () => {
  it('lands values right and down, skipping what cannot be edited or falls outside', () => {
    const { cells, skipped } = placeBlock(editable, 0, 1, [
      ['1', ' 2 ', '3'],
      ['4', '5', '6'],
      ['7', '8', '9'],
    ]);
    expect(cells).toEqual([
      { row: 0, col: 1, text: '1' },
      { row: 0, col: 2, text: '2' },
      { row: 1, col: 1, text: '4' },
      { row: 1, col: 2, text: '5' },
      { row: 1, col: 3, text: '6' },
    ]);
    expect(skipped).toBe(4);
  });
});
