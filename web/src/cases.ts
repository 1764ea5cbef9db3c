// Refusals of the confidential cases' routes in the UI's language. The
// server's checks of a case (records/case.cc) and of a case-team grant
// (program/case_service.cc) answer in English naming the field or entry;
// these say in Vietnamese what is wrong and what to do, and the screens show
// the server's words beneath.
import { ApiError } from './api';
import { errorText } from './components/ErrorBox';
import { t, type MessageKey } from './messages';

// The form's fields by the name the server gives them.
const FIELDS: Record<string, MessageKey> = {
  code: 'caseCode',
  kind: 'caseKind',
  address: 'caseAddress',
  opened: 'caseOpened',
  closed: 'caseClosed',
  survivorName: 'caseSurvivorName',
  contact: 'caseContact',
  narrative: 'caseNarrative',
  sex: 'caseSex',
  age: 'caseAge',
  ethnicity: 'activityEthnicity',
  organisation: 'caseOrganisation',
};

// What went wrong with a case, in the UI's language, and the entry it names
// ("services/1"): the server's words (English for these checks) go beneath.
export function caseProblem(error: unknown): { text: string; entry: string | null; detail: string | null } {
  if (!(error instanceof ApiError) || !error.field) return { text: errorText(error), entry: null, detail: null };
  const m = /^\/?(?:cases\/\d+\/)?(consents|services|referrals|incidents)[[/]?(\d+)?/.exec(error.field);
  const detail = error.message || null;
  if (!m) {
    const field = FIELDS[error.field.replace(/^\//, '')];
    if (!field || error.status >= 500) return { text: errorText(error), entry: null, detail: null };
    return { text: t('caseFieldWrong', { what: t(field) }), entry: error.field, detail };
  }
  const [, list, index] = m;
  const n = index !== undefined ? Number(index) + 1 : 0;
  const entry = index !== undefined ? `${list}/${index}` : list;
  if (error.status === 409 && list === 'services') return { text: t('caseNoServiceConsent', { n }), entry, detail };
  if (error.status === 409 && list === 'referrals') return { text: t('caseNoReferralConsent', { n }), entry, detail };
  if (error.status === 409 && list === 'consents') return { text: t('caseReferralNeedsConsent'), entry, detail };
  const what: Record<string, MessageKey> = { consents: 'caseConsents', services: 'caseServices', referrals: 'caseReferrals', incidents: 'caseIncidents' };
  return { text: n ? t('caseEntryWrong', { what: t(what[list]), n }) : t('caseFieldWrong', { what: t(what[list]) }), entry, detail };
}

// Why a grant was refused, in the UI's language: the server's reasons
// (CheckCaseGrant) are matched by their words; its text goes beneath.
export function grantProblem(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const m = error.message;
  if (/themselves/.test(m)) return t('teamNotYourself');
  if (/read_confidential/.test(m)) return t('teamNeedsRole');
  if (/disabled/.test(m)) return t('teamDisabled');
  if (/outside the view scope/.test(m)) return t('teamOutsideTheirScope');
  if (/outside your view scope/.test(m)) return t('teamOutsideYourScope');
  return null;
}

