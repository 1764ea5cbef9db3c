import { describe, expect, it } from 'vitest';
import { citationText, unitCode, unitName } from './plans';

describe('unit labels', () => {
  it('splits the API label "code full name"', () => {
    expect(unitName('04 Tỉnh Cao Bằng')).toBe('Tỉnh Cao Bằng');
    expect(unitCode('04 Tỉnh Cao Bằng')).toBe('04');
    expect(unitName('VN Việt Nam')).toBe('Việt Nam');
  });
  it('leaves a label without a code as it is', () => {
    expect(unitName('Cao Bằng')).toBe('Cao Bằng');
    expect(unitName('')).toBe('');
  });
});

describe('citationText', () => {
  it('cites the way a Vietnamese document does', () => {
    expect(
      citationText({
        relation: 'thực hiện',
        kind: 'kế hoạch',
        number: '75/KH-BTV',
        issuer: 'Ban Thường vụ Hội LHPN tỉnh Cao Bằng',
        date: '2022-09-13',
        title: 'về triển khai Dự án 8',
      }),
    ).toBe('Kế hoạch số 75/KH-BTV ngày 13/09/2022 của Ban Thường vụ Hội LHPN tỉnh Cao Bằng về triển khai Dự án 8');
  });
  it('leaves out what the document did not state', () => {
    expect(citationText({ relation: '', kind: 'quyết định', number: 'QĐ 861', issuer: '', date: '', title: '' })).toBe(
      'Quyết định số QĐ 861',
    );
  });
});
