import { describe, expect, it } from 'vitest';
import { budgetTree, citationText, unitCode, unitName } from './plans';

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

describe('budgetTree', () => {
  const line = (key: string, parent = '', amount = 0) =>
    ({ key, parent, amount, orgUnit: '04 Tỉnh Cao Bằng', agency: '', level: 'province', funding: 'unspecified', period: '2024', kind: 'allocated', carriedFrom: '', label: key, source: { document: '', section: '', text: '' } });
  it('puts each part under the line it is part of, in the plan’s order', () => {
    const tree = budgetTree([line('tinh-cap'), line('huyen-cap'), line('tinh-cap-hlhpn', 'tinh-cap'), line('tinh-cap-sldtbxh', 'tinh-cap')]);
    expect(tree.map((n) => `${n.depth}:${n.line.key}`)).toEqual(['0:tinh-cap', '1:tinh-cap-hlhpn', '1:tinh-cap-sldtbxh', '0:huyen-cap']);
  });
  it('keeps a line whose parent is missing or in a cycle at the top', () => {
    const tree = budgetTree([line('a', 'nowhere'), line('b', 'c'), line('c', 'b')]);
    expect(tree.map((n) => n.line.key).sort()).toEqual(['a', 'b', 'c']);
    expect(tree.length).toBe(3);
  });
});
