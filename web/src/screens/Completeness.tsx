// The completeness map of a report type and period (docs/reporting.md,
// "Completeness and timeliness"): the focus unit and each unit directly
// below it with the reports expected, received, on time, late, missing and
// not yet due, the rates as coloured bars with their number, drill-down by
// unit (?unit=) with the path back up, and the units of the focus unit that
// sent late or are overdue.
import { useLocation } from 'preact-iso';
import { call, query, seg } from '../api';
import { useState } from 'preact/hooks';
import { DateField } from '../components/DateField';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { TableWrap } from '../components/TableWrap';
import { formatDate, formatPercent, todayInVietnam } from '../format';
import { useAsync, useLang } from '../hooks';
import { t } from '../messages';
import { currentPeriod, notRequested, periodText, periodsAround, rateClass, requestProblem, type CompletenessRow, type ReportList, type ReportType } from '../reports';
import { can, useSession } from '../session';
import { reportPath, TimelinessBadge } from './Reports';

function RateBar({ rate, expected }: { rate: number | null; expected: number }) {
  const lang = useLang();
  const kind = rateClass(rate, expected);
  const width = rate === null ? 0 : Math.max(0, Math.min(100, rate));
  return (
    <span class={`rate rate-${kind}`} data-rate={kind}>
      <span class="rate-bar" aria-hidden="true">
        <span class="rate-fill" style={{ width: `${width}%` }} />
      </span>
      <span class="rate-text">{kind === 'none' ? t('completenessNothing') : formatPercent(rate, lang)}</span>
    </span>
  );
}

interface Crumb {
  code: string;
  uid: string;
  name: string;
}

// The units from `unit` up to the root of the caller's view scope it is in
// (`roots`: uids), on `day`: the breadcrumb.
async function pathUp(unit: string, day: string, roots: Set<string>, signal: AbortSignal): Promise<Crumb[]> {
  const out: Crumb[] = [];
  let next: string | null = unit;
  for (let guard = 0; next && guard < 6; guard++) {
    let u: { uid: string; code: string; fullName: string; parent: string | null };
    try {
      u = await call(`/api/orgUnits/${seg(next)}${query({ asOf: day })}`, { signal });
    } catch {
      break;
    }
    out.unshift({ code: u.code, uid: u.uid, name: u.fullName });
    if (roots.has(u.uid)) break;
    next = u.parent;
  }
  return out;
}

export function Completeness() {
  const { me } = useSession();
  const location = useLocation();
  const q = location.query as Record<string, string | undefined>;
  // Periodic types, and ad-hoc ones (their periods are requested here).
  const types = useAsync(
    (signal) => call<{ reportTypes: ReportType[] }>('/api/reportTypes', { signal }).then((r) => r.reportTypes.filter((x) => x.active && x.cadence !== 'endOfActivity')),
    [],
  );
  // The national types (no area) first: every officer sends those.
  const type = q.type || (types.data?.find((x) => !x.area) ?? types.data?.[0])?.code || '';
  const current = types.data?.find((x) => x.code === type);
  const today = todayInVietnam();
  const year = Number(today.slice(0, 4));
  const period = q.period || (current ? currentPeriod(current.periodType, today) : '');
  const unit = q.unit ?? '';
  const go = (next: { type?: string; period?: string; unit?: string }) => {
    const nextType = next.type ?? type;
    // another type may have another period type: its own default then
    const nextPeriod = next.type && next.type !== type ? '' : (next.period ?? period);
    location.route(`/reports/completeness${query({ type: nextType, period: nextPeriod, unit: next.unit ?? unit })}`);
  };
  const list = useAsync(
    (signal) => (type && period ? call<ReportList>(`/api/reports${query({ type, period, unit })}`, { signal }) : Promise.resolve(null)),
    [type, period, unit],
  );
  const focus = list.data?.units.length === 1 ? list.data.units[0] : null;
  const crumbs = useAsync((signal) => (focus && list.data ? pathUp(focus.code, list.data.referenceDay, new Set(me.viewScope.map((u) => u.id)), signal) : Promise.resolve([])), [focus?.uid, list.data?.referenceDay]);

  const periods = current ? periodsAround(current.periodType, year) : [];
  if (period && !periods.includes(period)) periods.unshift(period);

  return (
    <>
      <p>
        <a href="/reports">{t('reportDetailBack')}</a>
      </p>
      <h1>{t('completenessTitle')}</h1>
      <p class="hint">{t('completenessIntro')}</p>
      {types.error !== undefined && <ErrorBox error={types.error} onRetry={types.reload} />}
      <div class="toolbar">
        <div class="field report-choice">
          <label for="c-type">{t('reportType')}</label>
          <select id="c-type" value={type} onChange={(e) => go({ type: (e.target as HTMLSelectElement).value, unit: '' })}>
            {(types.data ?? []).map((x) => (
              <option key={x.code} value={x.code}>
                {x.code} — {x.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field report-choice">
          <label for="c-period">{t('reportPeriod')}</label>
          <select id="c-period" value={period} onChange={(e) => go({ period: (e.target as HTMLSelectElement).value })}>
            {periods.map((p) => (
              <option key={p} value={p}>
                {periodText(p)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {list.error !== undefined && !(current?.cadence === 'requested' && notRequested(list.error)) && <ErrorBox error={list.error} onRetry={list.reload} />}
      {current?.cadence === 'requested' && notRequested(list.error) && (
        <RequestReports type={current} period={period} mayRequest={can(me, 'approve')} onDone={list.reload} />
      )}
      {list.loading && !list.data && <Loading />}
      {list.data && <CompletenessMap data={list.data} crumbs={crumbs.data ?? []} onUnit={(u) => go({ unit: u })} />}
    </>
  );
}

// No request yet for this ad-hoc type and period: say so, and let an
// approver ask the units below for it (POST /api/reportRequests).
function RequestReports({ type, period, mayRequest, onDone }: { type: ReportType; period: string; mayRequest: boolean; onDone: () => void }) {
  const [due, setDue] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await call('/api/reportRequests', { method: 'POST', body: { type: type.code, period, due, note } });
      onDone();
    } catch (err) {
      setProblem(requestProblem(err).text);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" data-testid="request-reports">
      <p class="notice">{t('requestNone', { type: type.name, period: periodText(period) })}</p>
      {mayRequest && (
        <form onSubmit={send}>
          <h2>{t('requestTitle')}</h2>
          <p class="hint">{t('requestHint')}</p>
          <DateField id="r-due" label={t('requestDue')} value={due} onChange={setDue} />
          <div class="field">
            <label for="r-note">{t('requestNote')}</label>
            <input id="r-note" type="text" value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
          </div>
          {problem && (
            <p class="error" role="alert">
              {problem}
            </p>
          )}
          <button type="submit" disabled={busy || due === ''}>
            {t('requestSend')}
          </button>
        </form>
      )}
    </section>
  );
}

function CompletenessMap({ data, crumbs, onUnit }: { data: ReportList; crumbs: Crumb[]; onUnit: (uid: string) => void }) {
  const focusIds = new Set(data.units.map((u) => u.uid));
  const rows = [...data.completeness].sort((a, b) => Number(focusIds.has(b.unit.uid)) - Number(focusIds.has(a.unit.uid)) || a.unit.code.localeCompare(b.unit.code));
  const href = (uid: string) => `/reports/completeness${query({ type: data.type.code, period: data.period, unit: uid })}`;
  const hasBelow = (r: CompletenessRow) => r.unit.level !== 'commune';
  const sentToFocus = data.reports.filter((r) => r.recipient && focusIds.has(r.recipient.uid));
  const late = sentToFocus.filter((r) => r.timeliness === 'late');
  const missing = sentToFocus.filter((r) => r.timeliness === 'missing');
  const focusName = data.units.map((u) => u.name).join(', ');
  return (
    <>
      {crumbs.length > 1 && (
        <nav class="breadcrumb" aria-label={t('completenessBreadcrumb')}>
          <ol>
            {crumbs.map((c, i) =>
              i === crumbs.length - 1 ? (
                <li key={c.uid} aria-current="page">
                  {c.name}
                </li>
              ) : (
                <li key={c.uid}>
                  <a
                    href={href(c.uid)}
                    onClick={(e) => {
                      e.preventDefault();
                      onUnit(c.uid);
                    }}
                  >
                    {c.name}
                  </a>
                </li>
              ),
            )}
          </ol>
        </nav>
      )}
      <p data-testid="completeness-heading">
        <strong>{t('completenessOf', { type: data.type.name, period: periodText(data.period), unit: focusName, date: formatDate(data.referenceDay) })}</strong>
      </p>
      {rows.length === 0 ? (
        <p>{t('completenessEmpty')}</p>
      ) : (
        <TableWrap label={t('completenessTitle')} exportName={`nop-bao-cao-${data.type.code}-${data.period}`}>
          <table data-testid="completeness">
            <caption class="hint">{t('completenessLegend')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reportUnit')}</th>
                <th scope="col" class="num">
                  {t('completenessExpected')}
                </th>
                <th scope="col" class="num">
                  {t('completenessReceived')}
                </th>
                <th scope="col" class="num">
                  {t('completenessOnTime')}
                </th>
                <th scope="col" class="num">
                  {t('completenessLate')}
                </th>
                <th scope="col" class="num">
                  {t('completenessMissing')}
                </th>
                <th scope="col" class="num">
                  {t('completenessPending')}
                </th>
                <th scope="col" class="num">
                  {t('completenessWaived')}
                </th>
                <th scope="col">{t('completenessRate')}</th>
                <th scope="col">{t('completenessOnTimeRate')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const isFocus = focusIds.has(r.unit.uid);
                return (
                  <tr key={r.unit.uid} class={isFocus ? 'focus-row' : undefined} data-unit={r.unit.code}>
                    <th scope="row" class="unit-col">
                      {!isFocus && hasBelow(r) ? (
                        <a href={href(r.unit.uid)} title={t('completenessDrill', { unit: r.unit.name })}>
                          {r.unit.name}
                        </a>
                      ) : !isFocus ? (
                        <a href={reportPath({ type: data.type.code, period: data.period, unit: r.unit })}>{r.unit.name}</a>
                      ) : (
                        r.unit.name
                      )}
                    </th>
                    <td class="num" data-col="expected">{r.expected}</td>
                    <td class="num" data-col="received">{r.received}</td>
                    <td class="num" data-col="onTime">{r.onTime}</td>
                    <td class="num" data-col="late">{r.late}</td>
                    <td class="num" data-col="missing">{r.missing}</td>
                    <td class="num" data-col="pending">{r.pending}</td>
                    <td class="num" data-col="waived">{r.waived}</td>
                    <td data-col="rate">
                      <RateBar rate={r.rate} expected={r.expected} />
                    </td>
                    <td data-col="onTimeRate">
                      <RateBar rate={r.onTimeRate} expected={r.expected} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
      <div class="split">
        <section aria-labelledby="c-late">
          <h2 id="c-late">{t('completenessLateUnits')}</h2>
          <UnitList rows={late} none={t('completenessNoneLate')} testId="late-units" />
        </section>
        <section aria-labelledby="c-missing">
          <h2 id="c-missing">{t('completenessMissingUnits')}</h2>
          <UnitList rows={missing} none={t('completenessNoneMissing')} testId="missing-units" />
        </section>
      </div>
    </>
  );
}

function UnitList({ rows, none, testId }: { rows: ReportList['reports']; none: string; testId: string }) {
  if (rows.length === 0) return <p data-testid={testId}>{none}</p>;
  return (
    <ul data-testid={testId}>
      {rows.map((r) => (
        <li key={r.unit.uid} data-unit={r.unit.code}>
          <a href={reportPath(r)}>{r.unit.name}</a> <TimelinessBadge timeliness={r.timeliness} /> <span class="hint">{formatDate(r.lastDay)}</span>
        </li>
      ))}
    </ul>
  );
}
