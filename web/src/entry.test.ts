import { describe, expect, it } from 'vitest';
import { checkValue } from './entry';

describe('checkValue', () => {
  it('reads whole numbers with Vietnamese thousands', () => {
    expect(checkValue('INTEGER_ZERO_OR_POSITIVE', '12')).toEqual({ value: '12' });
    expect(checkValue('INTEGER_ZERO_OR_POSITIVE', '1.000')).toEqual({ value: '1000' });
    expect(checkValue('INTEGER_ZERO_OR_POSITIVE', ' 0 ')).toEqual({ value: '0' });
    expect(checkValue('INTEGER', '-5')).toEqual({ value: '-5' });
  });
  it('refuses what a whole number cannot be, naming the rule', () => {
    expect(checkValue('INTEGER_ZERO_OR_POSITIVE', '-1').error).toBe('entryNeedZeroOrPositive');
    expect(checkValue('INTEGER_ZERO_OR_POSITIVE', '1,5').error).toBe('entryNeedZeroOrPositive');
    expect(checkValue('INTEGER_ZERO_OR_POSITIVE', 'mười').error).toBe('entryNeedZeroOrPositive');
    expect(checkValue('INTEGER_POSITIVE', '0').error).toBe('entryNeedPositive');
    expect(checkValue('INTEGER_NEGATIVE', '3').error).toBe('entryNeedNegative');
    expect(checkValue('INTEGER', '12.34').error).toBe('entryNeedInteger');
  });
  it('reads decimals with a comma and checks percentages', () => {
    expect(checkValue('NUMBER', '1,5')).toEqual({ value: '1.5' });
    expect(checkValue('NUMBER', '1.234,5')).toEqual({ value: '1234.5' });
    expect(checkValue('NUMBER', '2.5')).toEqual({ value: '2.5' });
    expect(checkValue('PERCENTAGE', '89,6')).toEqual({ value: '89.6' });
    expect(checkValue('PERCENTAGE', '120').error).toBe('entryNeedPercent');
    expect(checkValue('NUMBER', 'abc').error).toBe('entryNeedNumber');
  });
  it('reads yes and no as offices write them', () => {
    expect(checkValue('BOOLEAN', 'Có')).toEqual({ value: 'true' });
    expect(checkValue('BOOLEAN', 'không')).toEqual({ value: 'false' });
    expect(checkValue('TRUE_ONLY', 'x')).toEqual({ value: 'true' });
    expect(checkValue('TRUE_ONLY', 'không').error).toBe('entryNeedYesNo');
  });
  it('clears a cell left empty and keeps text in NFC', () => {
    expect(checkValue('INTEGER', '  ')).toEqual({ value: '' });
    expect(checkValue('TEXT', 'Trà Lĩnh'.normalize('NFD'))).toEqual({ value: 'Trà Lĩnh'.normalize('NFC') });
  });
});
