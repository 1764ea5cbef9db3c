// The reporting workflow in the UI (docs/reporting.md, docs/api.md
// "Reports"): the shapes of /api/reports…, the words of states, timeliness
// and actions, the days left or late, the colour of a rate, and the server's
// refusals — English under a Vietnamese prefix, naming a field — said in the
// UI's language with what to do. The server's own words go beneath.
import { ApiError } from './api';
import { errorText } from './components/ErrorBox';
import { t, type MessageKey } from './messages';

export interface ReportUnit {
  uid: string;
  code: string;
  name: string;
  level: string;
}

export type ReportState = 'notStarted' | 'draft' | 'submitted' | 'returned' | 'resubmitted' | 'approved' | 'locked' | 'waived';
export type Timeliness = 'onTime' | 'late' | 'missing' | 'pending' | 'waived';
export type ReportAction = 'submit' | 'return' | 'approve' | 'waive' | 'unlock';

export interface ReportRow {
  type: string;
  period: string;
  unit: ReportUnit;
  level: string;
  recipient: ReportUnit | null;
  due: string;
  lastDay: string;
  state: ReportState;
  timeliness: Timeliness;
  firstSubmitted: string | null;
  submittedBy: string | null;
  actions: ReportAction[];
  typeName?: string;
}

export interface MeasureReturn {
  dataElement: string;
  name: string | null;
  reason: string;
}

export interface ReportEvent {
  action: string;
  from: ReportState;
  to: ReportState;
  by: string;
  at: string;
  comment: string;
  returns: MeasureReturn[];
}

export interface ReportDetail extends ReportRow {
  events: ReportEvent[];
  dataElements: { code: string; name: string }[];
  values: { dataElement: string; period: string; categoryOptionCombo: string; value: string }[];
  children: ReportRow[];
  typeName: string;
}

export interface MyReports {
  today: string;
  submit: ReportRow[];
  review: ReportRow[];
}

export interface ReportType {
  code: string;
  name: string;
  nameEn: string;
  dataSet: string;
  dataSetName: string | null;
  periodType: string;
  cadence: string;
  area: ReportUnit | null;
  deadlines: { level: string; kind: string; text: string }[];
  active: boolean;
  note: string;
}

export interface CompletenessRow {
  unit: ReportUnit;
  parent: string | null;
  expected: number;
  received: number;
  onTime: number;
  late: number;
  missing: number;
  pending: number;
  waived: number;
  rate: number | null;
  onTimeRate: number | null;
}

export interface ReportList {
  type: ReportType;
  period: string;
  referenceDay: string;
  units: ReportUnit[];
  reports: ReportRow[];
  completeness: CompletenessRow[];
}

const STATES: Record<ReportState, MessageKey> = {
  notStarted: 'reportStateNotStarted',
  draft: 'reportStateDraft',
  submitted: 'reportStateSubmitted',
  returned: 'reportStateReturned',
  resubmitted: 'reportStateResubmitted',
  approved: 'reportStateApproved',
  locked: 'reportStateLocked',
  waived: 'reportStateWaived',
};

const TIMELINESS: Record<Timeliness, MessageKey> = {
  onTime: 'reportOnTime',
  late: 'reportLate',
  missing: 'reportMissing',
  pending: 'reportPending',
  waived: 'reportWaivedTimeliness',
};

const ACTIONS: Record<string, MessageKey> = {
  submit: 'reportActSubmit',
  return: 'reportActReturn',
  approve: 'reportActApprove',
  waive: 'reportActWaive',
  unlock: 'reportActUnlock',
  lock: 'reportActLock',
  release: 'reportActRelease',
};

export function stateText(state: string): string {
  const key = STATES[state as ReportState];
  return key ? t(key) : state;
}

export function timelinessText(timeliness: string): string {
  const key = TIMELINESS[timeliness as Timeliness];
  return key ? t(key) : timeliness;
}

export function actionText(action: string): string {
  const key = ACTIONS[action];
  return key ? t(key) : action;
}

// The days from civil date `from` to `to` ("YYYY-MM-DD"), negative when `to`
// comes first; no time zone is involved.
export function daysBetween(from: string, to: string): number {
  const day = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Math.round((day(to) - day(from)) / 86400000);
}

// The Vietnamese day of an instant "2024-11-05T02:00:00.000Z".
export function vietnamDay(instant: string): string {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? instant.slice(0, 10) : new Date(ms + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

// "Còn 4 ngày", "Hạn chót hôm nay", "Quá hạn 2 ngày" for a report not yet
// sent; "Nộp muộn 3 ngày" for one first sent after its last day; "" else.
export function dueText(row: Pick<ReportRow, 'lastDay' | 'state' | 'timeliness' | 'firstSubmitted'>, today: string): string {
  if (row.state === 'waived') return '';
  if (row.firstSubmitted) {
    const late = daysBetween(row.lastDay, vietnamDay(row.firstSubmitted));
    return late > 0 ? t('reportSentLateBy', { n: late }) : '';
  }
  const left = daysBetween(today, row.lastDay);
  if (left > 0) return t('reportDaysLeft', { n: left });
  if (left === 0) return t('reportDueToday');
  return t('reportOverdueBy', { n: -left });
}

// The colour of a rate (percent): good ≥ 90, warn 60–90, bad < 60, none when
// nothing is expected.
export function rateClass(rate: number | null, expected: number): 'good' | 'warn' | 'bad' | 'none' {
  if (rate === null || expected === 0) return 'none';
  if (rate >= 90) return 'good';
  if (rate >= 60) return 'warn';
  return 'bad';
}

// The last return of a report, the one its unit must act on.
export function lastReturn(events: ReportEvent[]): ReportEvent | null {
  for (let i = events.length - 1; i >= 0; i--) if (events[i].action === 'return') return events[i];
  return null;
}

// The periods to offer for a period type around `year`: the newest first.
export function periodsAround(periodType: string, year: number): string[] {
  const out: string[] = [];
  for (let y = year + 1; y >= year - 3; y--) {
    if (periodType === 'SixMonthly') out.push(`${y}S2`, `${y}S1`);
    else if (periodType === 'Quarterly') out.push(`${y}Q4`, `${y}Q3`, `${y}Q2`, `${y}Q1`);
    else if (periodType === 'Monthly') for (let m = 12; m >= 1; m--) out.push(`${y}${String(m).padStart(2, '0')}`);
    else out.push(String(y));
  }
  return out;
}

// The newest period of a period type begun by `today` ("YYYY-MM-DD"): the
// completeness map's first choice.
export function currentPeriod(periodType: string, today: string): string {
  const y = today.slice(0, 4);
  const m = Number(today.slice(5, 7));
  if (periodType === 'SixMonthly') return `${y}S${m >= 7 ? 2 : 1}`;
  if (periodType === 'Quarterly') return `${y}Q${Math.ceil(m / 3)}`;
  if (periodType === 'Monthly') return today.slice(0, 4) + today.slice(5, 7);
  return y;
}

// "2024" → "Năm 2024", "2024S1" → "6 tháng đầu năm 2024", …
export function periodText(period: string): string {
  let m = /^(\d{4})$/.exec(period);
  if (m) return t('periodYear', { year: m[1] });
  m = /^(\d{4})S([12])$/.exec(period);
  if (m) return t(m[2] === '1' ? 'periodHalf1' : 'periodHalf2', { year: m[1] });
  m = /^(\d{4})Q([1-4])$/.exec(period);
  if (m) return t('periodQuarter', { year: m[1], q: m[2] });
  return period;
}

export interface ReportProblem {
  text: string; // what is wrong and what to do, in the UI's language
  field: string | null; // 'comment', 'returns/0', … (the form marks it)
  detail: string | null; // the server's words
}

// Why the server refused an action on a report, by the field it names.
export function reportProblem(error: unknown, action?: string): ReportProblem {
  if (!(error instanceof ApiError) || error.status >= 500 || error.status === 0) return { text: errorText(error), field: null, detail: null };
  const detail = error.message || null;
  const field = error.field ?? '';
  const measure = /^returns[/[](\d+)\]?(?:\/(dataElement|reason))?/.exec(field);
  if (error.status === 400 && measure) {
    const n = Number(measure[1]) + 1;
    const key: MessageKey = measure[2] === 'dataElement' ? 'reportProblemMeasure' : 'reportProblemReason';
    return { text: t(key, { n }), field: `returns/${measure[1]}`, detail };
  }
  const what = action ? actionText(action) : '';
  const byField: Record<string, MessageKey> = {
    '400:comment': 'reportProblemComment',
    '400:returns': 'reportProblemReturns',
    '400:action': /locked/.test(error.message) ? 'reportProblemLocked' : 'reportProblemAction',
    '400:unit': 'reportProblemUnit',
    '400:period': 'reportProblemPeriod',
    '403:authority': action === 'submit' ? 'reportProblemNoEntry' : 'reportProblemNoApprove',
    '403:scope': 'reportProblemScope',
    '409:state': /locked/.test(error.message) ? 'reportProblemLocked' : 'reportProblemState',
    '409:approver': 'reportProblemOwn',
    '409:children': 'reportProblemChildren',
    '409:above': 'reportProblemAbove',
    '404:type': 'reportProblemType',
    '404:unit': 'reportProblemUnit',
  };
  let key = byField[`${error.status}:${field}`];
  if (!key && error.code === 'E_SCOPE') key = 'reportProblemScope';
  if (!key && error.code === 'E_FORBIDDEN') key = action === 'submit' ? 'reportProblemNoEntry' : 'reportProblemNoApprove';
  if (!key) return { text: errorText(error), field: field || null, detail };
  return { text: t(key, { action: what }), field: field || null, detail };
}

// A refusal of POST /api/reportRequests in words.
export function requestProblem(error: unknown): ReportProblem {
  if (error instanceof ApiError && error.status < 500 && error.status !== 0) {
    const byField: Record<string, MessageKey> = {
      '400:due': 'requestProblemDue',
      '409:period': 'requestProblemTwice',
      '403:scope': 'requestProblemScope',
      '403:authority': 'requestProblemNoApprove',
    };
    let key = byField[`${error.status}:${error.field ?? ''}`];
    if (!key && error.code === 'E_SCOPE') key = 'requestProblemScope';
    if (!key && error.code === 'E_FORBIDDEN') key = 'requestProblemNoApprove';
    if (key) return { text: t(key), field: error.field ?? null, detail: error.message || null };
  }
  return reportProblem(error);
}

// Whether a list answer's error says the reports were not requested (a
// requested type's period without a request).
export function notRequested(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && error.field === 'period';
}

// Why approveAll left a report out ({reason, field} from the server).
export function skippedText(field: string, reason: string): string {
  return reportProblem(new ApiError(/scope|authority/.test(field) ? 403 : 409, 'E_CONFLICT', reason, field), 'approve').text;
}
