import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { setLang } from './messages';
import { currentPeriod, daysBetween, dueText, lastReturn, notRequested, periodText, periodsAround, rateClass, reportProblem, requestProblem, skippedText, stateText, timelinessText, vietnamDay, type ReportEvent } from './reports';

beforeEach(() => setLang('vi'));

// The server's refusals as api_reports.cc and the submission rules send them.
const refusal = (status: number, code: string, message: string, field?: string) => new ApiError(status, code, `Dữ liệu không hợp lệ: ${message}`, field);

describe('reportProblem', () => {
  it('asks for a comment when a return, waiver or unlock has none', () => {
    const p = reportProblem(refusal(400, 'E_INVALID', 'say why (return needs a comment the unit will read)', 'comment'), 'return');
    expect(p.field).toBe('comment');
    expect(p.text).toContain('Cần ghi lý do');
    expect(p.text).toContain('"Lý do, ghi chú gửi đơn vị"');
    expect(p.detail).toContain('say why');
  });

  it('names the reason row of a measure outside the report, counting from 1', () => {
    const p = reportProblem(refusal(400, 'E_INVALID', 'P8_X is not a measure of KT-BC-NAM', 'returns/1/dataElement'), 'return');
    expect(p.field).toBe('returns/1');
    expect(p.text).toContain('lý do dòng 2');
    expect(p.text).toContain('không thuộc báo cáo này');
  });

  it('names an empty reason by its row', () => {
    const p = reportProblem(refusal(400, 'E_INVALID', 'a returned measure needs its code and a reason', 'returns[0]'), 'return');
    expect(p.field).toBe('returns/0');
    expect(p.text).toContain('Lý do dòng 1 còn trống');
  });

  it('tells a submitter without enter_data and an approver without approve apart', () => {
    const submit = reportProblem(new ApiError(403, 'E_FORBIDDEN', 'submitting a report needs the enter_data authority', 'authority'), 'submit');
    expect(submit.text).toContain('không được nộp báo cáo');
    const approve = reportProblem(new ApiError(403, 'E_FORBIDDEN', 'approve needs the approve authority (the level above)', 'authority'), 'approve');
    expect(approve.text).toContain('Chỉ cán bộ cấp trên');
    expect(approve.text).toContain('"Duyệt"');
    const route = reportProblem(new ApiError(403, 'E_FORBIDDEN', 'forbidden'), 'return');
    expect(route.text).toContain('"Trả lại"');
  });

  it('says a unit outside the scope is not the user’s', () => {
    expect(reportProblem(new ApiError(403, 'E_SCOPE', 'outside your entry scope'), 'submit').text).toContain('ngoài phạm vi');
    expect(reportProblem(new ApiError(403, 'E_SCOPE', 'outside your entry scope', 'scope'), 'waive').text).toContain('ngoài phạm vi');
  });

  it('explains each conflict of the workflow with what to do', () => {
    const c = (m: string, f: string) => reportProblem(refusal(409, 'E_CONFLICT', m, f), 'approve').text;
    expect(c('nobody approves their own submission: another officer of the level above approves it', 'approver')).toContain('không thể tự duyệt');
    expect(c('2 report(s) sent to this unit are not approved or waived yet: approve or waive them first', 'children')).toContain('Duyệt hoặc miễn');
    expect(c('the report above is still approved', 'above')).toContain('Mở khoá báo cáo cấp trên trước');
    expect(c('cannot approve a report that is approved', 'state')).toContain('Tải lại trang');
    expect(c('the report is locked: its data is locked; ask the approver to unlock it first', 'state')).toContain('đã bị khoá');
  });

  it('explains a bad period, type or unit', () => {
    expect(reportProblem(refusal(400, 'E_INVALID', 'bad period', 'period')).text).toContain('Kỳ báo cáo không đúng');
    expect(reportProblem(new ApiError(404, 'E_NOT_FOUND', "no report type 'X'", 'type')).text).toContain('Không có loại báo cáo');
    expect(reportProblem(new ApiError(404, 'E_NOT_FOUND', 'this unit does not report', 'unit')).text).toContain('không phải nộp báo cáo này');
    expect(reportProblem(refusal(400, 'E_INVALID', 'a report is locked by the approval of the report above it', 'action'), 'submit').text).toContain('đã bị khoá');
  });

  it('speaks English when the UI does', () => {
    setLang('en');
    expect(reportProblem(refusal(400, 'E_INVALID', 'x', 'comment'), 'waive').text).toContain('Say why');
  });

  it('leaves other errors to the general texts, without a field', () => {
    const offline = reportProblem(new ApiError(0, 'E_OFFLINE', ''));
    expect(offline.text).toContain('Không kết nối');
    expect(offline.field).toBeNull();
    expect(reportProblem(new ApiError(500, 'E_INTERNAL', 'boom')).text).toContain('Đã xảy ra lỗi');
    expect(reportProblem(new Error('x')).text).toContain('Đã xảy ra lỗi');
  });

  it('gives approveAll’s left-out reports their reason', () => {
    expect(skippedText('approver', 'nobody approves their own submission')).toContain('không thể tự duyệt');
    expect(skippedText('children', '1 report(s) sent to this unit are not approved')).toContain('Duyệt hoặc miễn');
  });
});

describe('deadlines', () => {
  it('counts civil days without a time zone', () => {
    expect(daysBetween('2024-11-05', '2024-11-11')).toBe(6);
    expect(daysBetween('2024-11-12', '2024-11-11')).toBe(-1);
    expect(daysBetween('2024-12-31', '2025-01-01')).toBe(1);
  });

  it('reads an instant as a day in Vietnam', () => {
    expect(vietnamDay('2024-11-11T16:30:00.000Z')).toBe('2024-11-11');
    expect(vietnamDay('2024-11-11T17:30:00.000Z')).toBe('2024-11-12');
  });

  it('says the days left, the last day, or the days overdue', () => {
    const open = { lastDay: '2024-11-11', state: 'draft' as const, timeliness: 'pending' as const, firstSubmitted: null };
    expect(dueText(open, '2024-11-05')).toBe('Còn 6 ngày');
    expect(dueText(open, '2024-11-11')).toBe('Hôm nay là hạn chót');
    expect(dueText(open, '2024-11-13')).toBe('Quá hạn 2 ngày');
  });

  it('counts a late report by its first submission, in Vietnam time', () => {
    const late = { lastDay: '2024-11-11', state: 'submitted' as const, timeliness: 'late' as const, firstSubmitted: '2024-11-12T02:00:00.000Z' };
    expect(dueText(late, '2024-11-20')).toBe('Nộp sau hạn 1 ngày');
    expect(dueText({ ...late, firstSubmitted: '2024-11-11T16:00:00.000Z' }, '2024-11-20')).toBe('');
    expect(dueText({ ...late, state: 'waived', firstSubmitted: null }, '2024-11-20')).toBe('');
  });
});

describe('rates', () => {
  it('colours green from 90, amber from 60, red below, grey with nothing expected', () => {
    expect(rateClass(100, 4)).toBe('good');
    expect(rateClass(90, 10)).toBe('good');
    expect(rateClass(89.9, 10)).toBe('warn');
    expect(rateClass(60, 10)).toBe('warn');
    expect(rateClass(59.9, 10)).toBe('bad');
    expect(rateClass(0, 3)).toBe('bad');
    expect(rateClass(null, 0)).toBe('none');
    expect(rateClass(100, 0)).toBe('none');
  });
});

describe('words', () => {
  it('names states, timeliness and periods in Vietnamese', () => {
    expect(stateText('returned')).toBe('Bị trả lại');
    expect(stateText('odd')).toBe('odd');
    expect(timelinessText('late')).toBe('Nộp muộn');
    expect(periodText('2024')).toBe('Cả năm 2024');
    expect(periodText('2024S1')).toBe('6 tháng đầu năm 2024');
    expect(periodText('2024Q3')).toBe('Quý 3 năm 2024');
    expect(periodText('202407')).toBe('202407');
  });

  it('offers the periods of a type around a year, newest first', () => {
    expect(periodsAround('Yearly', 2024)).toEqual(['2025', '2024', '2023', '2022', '2021']);
    expect(periodsAround('SixMonthly', 2024).slice(0, 3)).toEqual(['2025S2', '2025S1', '2024S2']);
  });

  it('chooses the newest period begun by today', () => {
    expect(currentPeriod('Yearly', '2024-11-05')).toBe('2024');
    expect(currentPeriod('SixMonthly', '2024-11-05')).toBe('2024S2');
    expect(currentPeriod('SixMonthly', '2024-06-30')).toBe('2024S1');
    expect(currentPeriod('Quarterly', '2024-11-05')).toBe('2024Q4');
    expect(currentPeriod('Monthly', '2024-11-05')).toBe('202411');
  });

  it('finds the last return among the events', () => {
    const e = (action: string, comment: string): ReportEvent => ({ action, from: 'submitted', to: 'returned', by: 'x', at: '', comment, returns: [] });
    expect(lastReturn([e('submit', ''), e('return', 'một'), e('submit', ''), e('return', 'hai')])?.comment).toBe('hai');
    expect(lastReturn([e('submit', '')])).toBeNull();
  });
});

describe('ad-hoc requests', () => {
  it('says each refusal of a request in Vietnamese', () => {
    expect(requestProblem(new ApiError(400, 'E_INVALID', 'the due day has passed', 'due')).text).toContain('chưa qua');
    expect(requestProblem(new ApiError(409, 'E_EXISTS', 'requested already', 'period')).text).toContain('đã được yêu cầu');
    expect(requestProblem(new ApiError(403, 'E_SCOPE', 'outside your entry scope')).text).toContain('đơn vị mình phụ trách');
    expect(requestProblem(new ApiError(403, 'E_FORBIDDEN', 'needs approve', 'authority')).text).toContain('quyền duyệt');
    // Anything else as a report's refusal.
    expect(requestProblem(new ApiError(404, 'E_NOT_FOUND', 'no report type', 'type')).field).toBe('type');
  });
  it('tells a period not requested from other errors', () => {
    expect(notRequested(new ApiError(404, 'E_NOT_FOUND', 'no request for P8-DOT-XUAT 2026', 'period'))).toBe(true);
    expect(notRequested(new ApiError(404, 'E_NOT_FOUND', 'no report type', 'type'))).toBe(false);
    expect(notRequested(new Error('x'))).toBe(false);
  });
});
