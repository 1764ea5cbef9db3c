import { describe, expect, it } from 'vitest';
import { dayBefore, fold, formatDate, formatMoney, formatNumber, formatPercent, formatTimestamp, parseDate, todayInVietnam } from './format';

describe('formatNumber', () => {
  it('groups thousands with dots and decimals with a comma in Vietnamese', () => {
    expect(formatNumber(22991000000)).toBe('22.991.000.000');
    expect(formatNumber(1234.5)).toBe('1.234,5');
    expect(formatNumber(0)).toBe('0');
  });
  it('groups with commas in English', () => {
    expect(formatNumber(22991000000, 'en')).toBe('22,991,000,000');
  });
  it('shows nothing for a missing value', () => {
    expect(formatNumber(null)).toBe('');
    expect(formatNumber(undefined)).toBe('');
    expect(formatNumber(Number.NaN)).toBe('');
  });
});

describe('formatMoney', () => {
  it('writes whole đồng with the đ sign', () => {
    expect(formatMoney(22991000000)).toBe('22.991.000.000 đ');
    expect(formatMoney(260)).toBe('260 đ');
    expect(formatMoney(-15000000)).toBe('-15.000.000 đ');
  });
});

describe('formatPercent', () => {
  it('keeps one decimal with a comma', () => {
    expect(formatPercent(89.64)).toBe('89,6%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(79.69, 'en')).toBe('79.7%');
  });
});

describe('formatDate and parseDate', () => {
  it('writes civil dates as dd/mm/yyyy', () => {
    expect(formatDate('2024-11-10')).toBe('10/11/2024');
    expect(formatDate('')).toBe('');
    expect(formatDate('2024')).toBe('2024');
  });
  it('reads dd/mm/yyyy with /, - or . and one-digit days', () => {
    expect(parseDate('10/11/2024')).toBe('2024-11-10');
    expect(parseDate('1-7-2025')).toBe('2025-07-01');
    expect(parseDate(' 29.02.2024 ')).toBe('2024-02-29');
  });
  it('refuses days that are not in the calendar', () => {
    expect(parseDate('29/02/2025')).toBeNull();
    expect(parseDate('31/04/2024')).toBeNull();
    expect(parseDate('00/01/2024')).toBeNull();
    expect(parseDate('12/13/2024')).toBeNull();
    expect(parseDate('2024-11-10')).toBeNull();
    expect(parseDate('')).toBeNull();
  });
});

describe('fold', () => {
  it('makes search insensitive to accents, đ and case', () => {
    expect(fold('Trùng Khánh')).toBe('trung khanh');
    expect(fold('ĐÔNG  Khê')).toBe('dong khe');
    expect(fold('Phong Thổ')).toBe(fold('phong tho'));
  });
  it('treats composed and decomposed Vietnamese alike', () => {
    expect(fold('Cao Bằng'.normalize('NFD'))).toBe(fold('Cao Bằng'.normalize('NFC')));
  });
});

describe('todayInVietnam', () => {
  it('counts the day in UTC+7', () => {
    expect(todayInVietnam(new Date('2024-11-09T17:30:00Z'))).toBe('2024-11-10');
    expect(todayInVietnam(new Date('2024-11-09T16:59:59Z'))).toBe('2024-11-09');
  });
});

describe('formatTimestamp', () => {
  it('shows an instant on Vietnam’s clock as dd/mm/yyyy hh:mm:ss', () => {
    expect(formatTimestamp('2026-11-24T00:22:44.587Z')).toBe('24/11/2026 07:22:44');
    expect(formatTimestamp('2024-12-31T17:00:00Z')).toBe('01/01/2025 00:00:00');
    expect(formatTimestamp('not a time')).toBe('not a time');
  });
});

describe('dayBefore', () => {
  it('steps back over months, years and leap days', () => {
    expect(dayBefore('2025-07-01')).toBe('2025-06-30');
    expect(dayBefore('2025-01-01')).toBe('2024-12-31');
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
  });
});
