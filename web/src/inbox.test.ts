import { describe, expect, it } from 'vitest';
import { badge, bodyIn, inboxPath, safeLink } from './inbox';

describe('the inbox', () => {
  it('shows the body in the chosen language', () => {
    const body = 'Báo cáo đã quá hạn.\n\nThe report is overdue.';
    expect(bodyIn(body, 'vi')).toBe('Báo cáo đã quá hạn.');
    expect(bodyIn(body, 'en')).toBe('The report is overdue.');
    expect(bodyIn('Chỉ tiếng Việt', 'en')).toBe('Chỉ tiếng Việt');
  });
  it('counts the unread ones on the bell', () => {
    expect(badge(0)).toBe('');
    expect(badge(-1)).toBe('');
    expect(badge(Number.NaN)).toBe('');
    expect(badge(7)).toBe('7');
    expect(badge(99)).toBe('99');
    expect(badge(100)).toBe('99+');
  });
  it('follows only links of this UI', () => {
    expect(safeLink('/reports/KT-BC-NAM/2024/abc')).toBe('/reports/KT-BC-NAM/2024/abc');
    expect(safeLink('/reports/completeness?type=KT-BC-NAM&period=2024&unit=x')).toBe('/reports/completeness?type=KT-BC-NAM&period=2024&unit=x');
    expect(safeLink('')).toBeNull();
    expect(safeLink('//evil.example/x')).toBeNull();
    expect(safeLink('https://evil.example/')).toBeNull();
    expect(safeLink('javascript:alert(1)')).toBeNull();
    expect(safeLink('/\\evil.example')).toBeNull();
  });
  it('asks for a page', () => {
    expect(inboxPath(2)).toBe('/api/inbox?page=2&pageSize=20');
    expect(inboxPath(0, 1)).toBe('/api/inbox?page=1&pageSize=1');
  });
});
