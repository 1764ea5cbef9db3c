import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { caseProblem, grantProblem } from './cases';
import { setLang } from './messages';

beforeEach(() => setLang('vi'));

describe('caseProblem', () => {
  it('names a service given without consent, by its row, in Vietnamese', () => {
    const p = caseProblem(new ApiError(409, 'E_CONFLICT', 'no consent for services on 2026-03-02: record her consent', 'services[1]'));
    expect(p.entry).toBe('services/1');
    expect(p.text).toContain('Dịch vụ dòng 2');
    expect(p.detail).toContain('no consent for services');
  });

  it('reads the JSON pointer of a malformed body as the same entry', () => {
    const p = caseProblem(new ApiError(400, 'E_INVALID', 'not a date', '/consents/0/day'));
    expect(p.entry).toBe('consents/0');
    expect(p.text).toContain('"Sự đồng ý của người được hỗ trợ", dòng 1,');
  });

  it('explains a referral sheet refused for want of consent', () => {
    const p = caseProblem(new ApiError(409, 'E_CONFLICT', 'case K-1: no consent for referral', 'consents'));
    expect(p.entry).toBe('consents');
    expect(p.text).toContain('chưa đồng ý chuyển gửi');
  });

  it('names a plain field by its label', () => {
    const p = caseProblem(new ApiError(400, 'E_INVALID', 'an age is 0 to 120', 'age'));
    expect(p.entry).toBe('age');
    expect(p.text).toContain('"Tuổi"');
  });

  it('leaves other errors to the general texts', () => {
    const p = caseProblem(new ApiError(404, 'E_NOT_FOUND', 'not found', 'code'));
    expect(p.text).toContain('Mã ca');
    const offline = caseProblem(new ApiError(0, 'E_OFFLINE', ''));
    expect(offline.entry).toBeNull();
    expect(offline.text).toContain('Không kết nối');
    expect(caseProblem(new Error('x')).text).toContain('Đã xảy ra lỗi');
  });
});

describe('grantProblem', () => {
  it('says what to do for each refusal of a case-team grant', () => {
    const refuse = (m: string) => grantProblem(new ApiError(409, 'E_CONFLICT', m, 'user'));
    expect(refuse('nobody gives themselves access to confidential cases')).toContain('Không ai tự đưa mình');
    expect(refuse('user ca.xa does not hold read_confidential: give them a role that carries it first')).toContain('Vai trò');
    expect(refuse('user ca.xa is disabled')).toContain('khoá');
    expect(refuse('the address X is outside the view scope of ca.xa')).toContain('phạm vi xem của người dùng');
    expect(refuse('the address X is outside your view scope')).toContain('phạm vi của bạn');
    expect(refuse('something else')).toBeNull();
    expect(grantProblem(new ApiError(403, 'E_FORBIDDEN', 'no'))).toBeNull();
  });
});
