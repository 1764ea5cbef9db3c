// The confidential cases (docs/confidentiality.md, "Confidential cases"):
// survivors of violence sheltered and supported at trusted addresses, victims
// of trafficking in livelihood models. Only the case team of an address reads
// its cases (GET /api/cases answers the caller's places on teams with the
// cases); caseworkers change them, supervisors read. Every answer holding a
// case is audited as a view on the server. The list shows no name: a screen
// seen over a shoulder identifies no one; the name is in the case's form.
// A referral sheet (POST /api/cases/{code}/referral) passes on only what the
// receiving organisation needs, and only with her consent for referral.
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { call, query, seg } from '../api';
import { caseProblem } from '../cases';
import { Choice, type ChoiceOption } from '../components/Choice';
import { DateField } from '../components/DateField';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { TableWrap } from '../components/TableWrap';
import { TextField } from '../components/TextField';
import { formatDate, todayInVietnam } from '../format';
import { useAsync } from '../hooks';
import { t, type MessageKey } from '../messages';
import { ListStatus, SavedNotice, useCategories, useRecordSave, useStoredRecord } from '../registers';

export interface CaseAddress {
  code: string;
  name: string;
  kind: string;
  orgUnitName: string | null;
  role?: 'caseworker' | 'supervisor';
}

interface Consent {
  purpose: string;
  given: boolean;
  day: string;
  recordedBy?: string;
}
interface Service {
  service: string;
  day: string;
  note: string;
}
interface Referral {
  day: string;
  organisation: string;
  service: string;
  note: string;
}
interface Case {
  code: string;
  kind: string;
  address: string;
  opened: string;
  closed: string | null;
  survivorName: string | null;
  contact: string | null;
  narrative: string | null;
  identityErased: string | null;
  sex: string;
  age: number | null;
  ageBand: string;
  ethnicity: string;
  incidents: string[];
  consents: Consent[];
  services: Service[];
  referrals: Referral[];
  consentNow: Record<string, boolean>;
  orgUnitName: string | null;
}

const KINDS: [string, MessageKey][] = [
  ['violence', 'caseKindViolence'],
  ['trafficking', 'caseKindTrafficking'],
];
// In the catalogue's order: the server wants them so.
const INCIDENTS: [string, MessageKey][] = [
  ['rape', 'caseIncidentRape'],
  ['sexual_assault', 'caseIncidentSexualAssault'],
  ['physical_assault', 'caseIncidentPhysical'],
  ['forced_marriage', 'caseIncidentForcedMarriage'],
  ['denial_of_resources', 'caseIncidentResources'],
  ['psychological_abuse', 'caseIncidentPsychological'],
  ['trafficking', 'caseIncidentTrafficking'],
];
const SEXES: [string, MessageKey][] = [
  ['female', 'caseSexFemale'],
  ['male', 'caseSexMale'],
  ['unknown', 'caseSexUnknown'],
];
const PURPOSES: [string, MessageKey][] = [
  ['services', 'casePurposeServices'],
  ['referral', 'casePurposeReferral'],
  ['reporting', 'casePurposeReporting'],
];
const SERVICES: [string, MessageKey][] = [
  ['safety', 'caseServiceSafety'],
  ['health', 'caseServiceHealth'],
  ['psychosocial', 'caseServicePsychosocial'],
  ['legal', 'caseServiceLegal'],
  ['livelihood', 'caseServiceLivelihood'],
  ['reintegration', 'caseServiceReintegration'],
  ['other', 'caseServiceOther'],
];

const options = (list: [string, MessageKey][]): ChoiceOption[] => list.map(([value, key]) => ({ value, text: t(key) }));
const named = (list: [string, MessageKey][], code: string) => {
  const found = list.find(([c]) => c === code);
  return found ? t(found[1]) : code;
};
const addressText = (a: CaseAddress) => (a.orgUnitName ? `${a.name} (${a.orgUnitName})` : a.name);

function CaseError({ error }: { error: unknown }) {
  const p = caseProblem(error);
  return (
    <div class="error" role="alert">
      <p>{p.text}</p>
      {p.detail && (
        <p class="hint" lang="en">
          {p.detail}
        </p>
      )}
    </div>
  );
}

// The caller's places on case teams (reading them audits nothing).
function usePlaces() {
  return useAsync(async (signal) => (await call<{ addresses: CaseAddress[] }>('/api/caseAddresses', { signal })).addresses, []);
}

export function Cases() {
  const location = useLocation();
  const q = location.query as Record<string, string | undefined>;
  const [address, setAddress] = useState(q.address ?? '');
  const places = usePlaces();
  const list = useAsync((signal) => call<{ cases: Case[] }>(`/api/cases${query({ address: address || undefined })}`, { signal }), [address]);
  const addresses = places.data ?? [];
  const byCode = new Map(addresses.map((a) => [a.code, a]));
  const canOpen = addresses.some((a) => a.role === 'caseworker');
  return (
    <>
      <h1>{t('casesTitle')}</h1>
      <p class="hint">{t('casesIntro')}</p>
      <SavedNotice saved={q.saved} deleted={q.deleted} savedKey="caseSaved" deletedKey="caseDeleted" />
      {places.error !== undefined && <ErrorBox error={places.error} onRetry={places.reload} />}
      {places.data && addresses.length === 0 && <p>{t('casesNoTeam')}</p>}
      {addresses.length > 0 && (
        <div class="toolbar">
          <label>
            {t('caseAddress')}{' '}
            <Choice value={address} first={[{ value: '', text: t('casesAllAddresses') }]} options={addresses.map((a) => ({ value: a.code, text: `${addressText(a)} — ${t(a.role === 'supervisor' ? 'caseRoleSupervisor' : 'caseRoleCaseworker')}` }))} onChange={setAddress} />
          </label>
          {canOpen && (
            <a class="button primary" href={`/cases/new${query({ address: address || undefined })}`}>
              {t('casesNew')}
            </a>
          )}
        </div>
      )}
      <ListStatus list={list} count={addresses.length > 0 ? list.data?.cases.length : undefined} none="casesNone" />
      {list.data && list.data.cases.length > 0 && (
        <TableWrap label={t('casesTitle')} exportName="ca-ho-tro">
          <table data-testid="cases">
            <thead>
              <tr>
                <th scope="col">{t('caseCode')}</th>
                <th scope="col">{t('caseKind')}</th>
                <th scope="col">{t('caseAddress')}</th>
                <th scope="col">{t('caseOpened')}</th>
                <th scope="col">{t('caseClosed')}</th>
                <th scope="col">{t('caseServices')}</th>
                <th scope="col">{t('caseReportingConsent')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.cases.map((c) => (
                <tr key={c.code} data-code={c.code}>
                  <td>
                    <a href={`/cases/${seg(c.code)}`}>{c.code}</a>
                  </td>
                  <td>{named(KINDS, c.kind)}</td>
                  <td>{byCode.get(c.address)?.name ?? c.address}</td>
                  <td>{formatDate(c.opened)}</td>
                  <td>{c.closed ? formatDate(c.closed) : t('caseOpen')}</td>
                  <td>{c.services.length}</td>
                  <td>{c.consentNow.reporting ? t('yes') : t('no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}

// The form: a new case at /cases/new (?address=), a stored one at
// /cases/{code}. Read-only for a supervisor.
export function CaseForm() {
  const location = useLocation();
  const categories = useCategories();
  const teams = usePlaces();
  const { stored, key } = useStoredRecord<Case>('/api/cases');
  const error = categories.error ?? teams.error ?? stored.error;
  if (error) return <ErrorBox error={error} />;
  if (!categories.data || !teams.data || stored.loading) return <Loading />;
  const ethnic = (categories.data.get('ETHNICITY') ?? []).map((o) => ({ value: o.code, text: o.name }));
  const addresses = teams.data;
  const at = addresses.find((a) => a.code === (stored.data?.address ?? (location.query as Record<string, string>).address));
  const canEdit = stored.data ? at?.role === 'caseworker' : addresses.some((a) => a.role === 'caseworker');
  return <CaseEditor key={key} ethnic={ethnic} addresses={addresses.filter((a) => a.role === 'caseworker')} address={at} stored={stored.data ?? null} canEdit={canEdit} />;
}

function byDay<T extends { day: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

function CaseEditor({ ethnic, addresses, address, stored, canEdit }: { ethnic: ChoiceOption[]; addresses: CaseAddress[]; address?: CaseAddress; stored: Case | null; canEdit: boolean }) {
  const today = todayInVietnam();
  const [c, setC] = useState({
    code: stored?.code ?? '',
    kind: stored?.kind ?? 'violence',
    address: stored?.address ?? address?.code ?? addresses[0]?.code ?? '',
    opened: stored?.opened ?? today,
    closed: stored?.closed ?? '',
    survivorName: stored?.survivorName ?? '',
    contact: stored?.contact ?? '',
    narrative: stored?.narrative ?? '',
    sex: stored?.sex ?? 'female',
    age: stored?.age != null ? String(stored.age) : '',
    ethnicity: stored?.ethnicity ?? '',
  });
  const [incidents, setIncidents] = useState<string[]>(stored?.incidents ?? []);
  const [consents, setConsents] = useState<Consent[]>(stored?.consents ?? [{ purpose: 'services', given: true, day: today }]);
  const [services, setServices] = useState<Service[]>(stored?.services ?? []);
  const [referrals, setReferrals] = useState<Referral[]>(stored?.referrals ?? []);
  const { error, busy, save, remove } = useRecordSave('/api/cases', '/cases');
  const set = (patch: Partial<typeof c>) => setC({ ...c, ...patch });
  const problem = error !== null ? caseProblem(error) : null;
  const invalid = (entry: string) => (problem?.entry === entry ? { 'aria-invalid': true, class: 'participant-row row-wrong' } : { class: 'participant-row' });

  const submit = (e: Event) => {
    e.preventDefault();
    const age = c.age.trim() === '' ? null : Number(c.age);
    // Each list goes by day, as the register keeps it; their rows are shown
    // in that order again when the case is opened.
    save(stored?.code ?? null, {
      ...c,
      code: c.code.trim(),
      survivorName: c.survivorName.trim().normalize('NFC'),
      contact: c.contact.trim().normalize('NFC'),
      narrative: c.narrative.trim().normalize('NFC'),
      closed: c.closed || null,
      age: age !== null && Number.isFinite(age) ? age : c.age,
      incidents: INCIDENTS.map(([code]) => code).filter((code) => incidents.includes(code)),
      consents: byDay(consents),
      services: byDay(services),
      referrals: byDay(referrals.filter((r) => r.organisation.trim() !== '')).map((r) => ({ ...r, organisation: r.organisation.trim().normalize('NFC') })),
    }, c.address ? { address: c.address } : {});
  };

  const title = stored ? `${stored.code} — ${named(KINDS, stored.kind)}` : t('casesNew');
  return (
    <>
      <p>
        <a href="/cases">← {t('casesTitle')}</a>
      </p>
      <h1>{title}</h1>
      <p class="hint">{t('caseFormIntro')}</p>
      {error !== null && <CaseError error={error} />}
      <form class="user-form" onSubmit={submit} data-testid="case-form">
        <fieldset disabled={!canEdit} class="plain">
          {!stored && <TextField id="k-code" label={t('caseCode')} hint={t('caseCodeHint')} required value={c.code} onValue={(v) => set({ code: v })} />}
          <div class="field">
            <label for="k-kind">{t('caseKind')}</label>
            <Choice id="k-kind" value={c.kind} options={options(KINDS)} onChange={(v) => set({ kind: v })} />
          </div>
          <div class="field">
            <label for="k-address">{t('caseAddress')}</label>
            {stored || addresses.length === 0 ? (
              <input id="k-address" readOnly value={address ? addressText(address) : c.address} />
            ) : (
              <Choice id="k-address" value={c.address} options={addresses.map((a) => ({ value: a.code, text: addressText(a) }))} onChange={(v) => set({ address: v })} />
            )}
          </div>
          <DateField id="k-opened" label={t('caseOpened')} value={c.opened} onChange={(d) => set({ opened: d })} />
          <DateField optional id="k-closed" label={t('caseClosed')} value={c.closed} onChange={(d) => set({ closed: d })} />
          <fieldset>
            <legend>{t('caseIdentity')}</legend>
            <p class="hint">{stored?.identityErased ? t('caseIdentityErased', { day: formatDate(stored.identityErased) }) : t('caseIdentityHint')}</p>
            <TextField id="k-name" label={t('caseSurvivorName')} autoComplete="off" value={c.survivorName} onValue={(v) => set({ survivorName: v })} />
            <TextField id="k-contact" label={t('caseContact')} hint={t('caseContactHint')} autoComplete="off" value={c.contact} onValue={(v) => set({ contact: v })} />
            <div class="field">
              <label for="k-narrative">{t('caseNarrative')}</label>
              <textarea id="k-narrative" rows={4} maxLength={4000} value={c.narrative} onInput={(e) => set({ narrative: (e.target as HTMLTextAreaElement).value })} />
            </div>
          </fieldset>
          <div class="field">
            <label for="k-sex">{t('caseSex')}</label>
            <Choice id="k-sex" value={c.sex} options={options(SEXES)} onChange={(v) => set({ sex: v })} />
          </div>
          <TextField id="k-age" label={t('caseAge')} hint={t('caseAgeHint')} inputMode="numeric" size={4} value={c.age} onValue={(v) => set({ age: v })} />
          <div class="field">
            <label for="k-ethnicity">{t('activityEthnicity')}</label>
            <Choice id="k-ethnicity" value={c.ethnicity} first={[{ value: '', text: t('caseUnknown') }]} options={ethnic} onChange={(v) => set({ ethnicity: v })} />
          </div>
          <fieldset class="choices" aria-invalid={problem?.entry?.startsWith('incidents') || undefined}>
            <legend>{t('caseIncidents')}</legend>
            {INCIDENTS.map(([code, key]) => (
              <label key={code}>
                <input type="checkbox" checked={incidents.includes(code)} onChange={(e) => setIncidents((e.target as HTMLInputElement).checked ? [...incidents, code] : incidents.filter((x) => x !== code))} /> {t(key)}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('caseConsents')}</legend>
            <p class="hint">{t('caseConsentsHint')}</p>
            {consents.map((k, i) => (
              <div key={i} data-row={i} {...invalid(`consents/${i}`)}>
                <label>
                  {t('casePurpose')}
                  <Choice value={k.purpose} options={options(PURPOSES)} onChange={(v) => setConsents(consents.map((x, j) => (j === i ? { ...x, purpose: v } : x)))} />
                </label>
                <label>
                  {t('caseGiven')}
                  <Choice value={k.given ? 'yes' : 'no'} options={[{ value: 'yes', text: t('caseConsentGiven') }, { value: 'no', text: t('caseConsentWithdrawn') }]} onChange={(v) => setConsents(consents.map((x, j) => (j === i ? { ...x, given: v === 'yes' } : x)))} />
                </label>
                <DateField id={`k-consent-${i}-day`} label={t('caseDay')} value={k.day} onChange={(d) => setConsents(consents.map((x, j) => (j === i ? { ...x, day: d } : x)))} />
                <button type="button" class="small" aria-label={t('caseRemoveConsent', { n: i + 1 })} onClick={() => setConsents(consents.filter((_, j) => j !== i))}>
                  ×
                </button>
              </div>
            ))}
            <button type="button" onClick={() => setConsents([...consents, { purpose: 'reporting', given: true, day: today }])}>
              {t('caseAddConsent')}
            </button>
          </fieldset>
          <fieldset>
            <legend>{t('caseServices')}</legend>
            {services.map((s, i) => (
              <div key={i} data-row={i} {...invalid(`services/${i}`)}>
                <label>
                  {t('caseService')}
                  <Choice value={s.service} options={options(SERVICES)} onChange={(v) => setServices(services.map((x, j) => (j === i ? { ...x, service: v } : x)))} />
                </label>
                <DateField id={`k-service-${i}-day`} label={t('caseDay')} value={s.day} onChange={(d) => setServices(services.map((x, j) => (j === i ? { ...x, day: d } : x)))} />
                <label>
                  {t('caseNote')}
                  <input size={24} value={s.note} onInput={(e) => setServices(services.map((x, j) => (j === i ? { ...x, note: (e.target as HTMLInputElement).value } : x)))} />
                </label>
                <button type="button" class="small" aria-label={t('caseRemoveService', { n: i + 1 })} onClick={() => setServices(services.filter((_, j) => j !== i))}>
                  ×
                </button>
              </div>
            ))}
            <button type="button" onClick={() => setServices([...services, { service: 'safety', day: today, note: '' }])}>
              {t('caseAddService')}
            </button>
          </fieldset>
          <fieldset>
            <legend>{t('caseReferrals')}</legend>
            {referrals.map((r, i) => (
              <div key={i} data-row={i} {...invalid(`referrals/${i}`)}>
                <DateField id={`k-referral-${i}-day`} label={t('caseDay')} value={r.day} onChange={(d) => setReferrals(referrals.map((x, j) => (j === i ? { ...x, day: d } : x)))} />
                <label>
                  {t('caseOrganisation')}
                  <input size={24} value={r.organisation} onInput={(e) => setReferrals(referrals.map((x, j) => (j === i ? { ...x, organisation: (e.target as HTMLInputElement).value } : x)))} />
                </label>
                <label>
                  {t('caseService')}
                  <Choice value={r.service} options={options(SERVICES)} onChange={(v) => setReferrals(referrals.map((x, j) => (j === i ? { ...x, service: v } : x)))} />
                </label>
                <button type="button" class="small" aria-label={t('caseRemoveReferral', { n: i + 1 })} onClick={() => setReferrals(referrals.filter((_, j) => j !== i))}>
                  ×
                </button>
              </div>
            ))}
            <button type="button" onClick={() => setReferrals([...referrals, { day: today, organisation: '', service: 'health', note: '' }])}>
              {t('caseAddReferral')}
            </button>
          </fieldset>
        </fieldset>
        {canEdit && (
          <div class="toolbar">
            <button type="submit" class="primary" disabled={busy}>
              {t('userSave')}
            </button>
            {stored && (
              <button type="button" disabled={busy} onClick={() => remove(stored.code, t('caseDeleteConfirm', { code: stored.code }))}>
                {t('caseDelete')}
              </button>
            )}
          </div>
        )}
      </form>
      {stored && canEdit && <ReferralSheet code={stored.code} />}
    </>
  );
}

interface Sheet {
  code: string;
  kind: string;
  sex: string;
  age: number | null;
  ageBand: string;
  incidents: string[];
  survivorName: string | null;
  contact: string | null;
  referredTo: string;
}

// "Phiếu chuyển gửi": what the receiving organisation is told, made on the
// server (audited as a referral) and printed from the browser.
function ReferralSheet({ code }: { code: string }) {
  const [organisation, setOrganisation] = useState('');
  const [sheet, setSheet] = useState<Sheet | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const make = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setSheet(null);
    setBusy(true);
    try {
      setSheet(await call<Sheet>(`/api/cases/${seg(code)}/referral`, { method: 'POST', body: { organisation: organisation.trim().normalize('NFC') } }));
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  return (
    <section class="referral">
      <h2>{t('caseReferralSheet')}</h2>
      <p class="hint">{t('caseReferralHint')}</p>
      {error !== null && <CaseError error={error} />}
      <form class="toolbar" onSubmit={make}>
        <TextField id="k-refer-to" label={t('caseOrganisation')} required value={organisation} onValue={setOrganisation} />
        <button type="submit" disabled={busy || organisation.trim() === ''}>
          {t('caseMakeSheet')}
        </button>
      </form>
      {sheet && (
        <div class="sheet" data-testid="referral-sheet">
          <h3>{t('caseReferralSheet')}</h3>
          <dl>
            <dt>{t('caseReferredTo')}</dt>
            <dd>{sheet.referredTo}</dd>
            <dt>{t('caseCode')}</dt>
            <dd>{sheet.code}</dd>
            <dt>{t('caseKind')}</dt>
            <dd>{named(KINDS, sheet.kind)}</dd>
            <dt>{t('caseSurvivorName')}</dt>
            <dd>{sheet.survivorName ?? ''}</dd>
            <dt>{t('caseContact')}</dt>
            <dd>{sheet.contact ?? ''}</dd>
            <dt>{t('caseSex')}</dt>
            <dd>{named(SEXES, sheet.sex)}</dd>
            <dt>{t('caseAge')}</dt>
            <dd>{sheet.age ?? t('caseUnknown')}</dd>
            <dt>{t('caseIncidents')}</dt>
            <dd>{sheet.incidents.map((i) => named(INCIDENTS, i)).join(', ')}</dd>
            <dt>{t('caseDay')}</dt>
            <dd>{formatDate(todayInVietnam())}</dd>
          </dl>
          <button type="button" onClick={() => window.print()}>
            {t('casePrint')}
          </button>
        </div>
      )}
    </section>
  );
}
