// The reporting workflow (docs/reporting.md, "On screen"): "my reports" —
// the reports the user's units must send, with their last day, state and
// timeliness, the reasons of a return, and the submit action; the inbox of
// reports waiting for the user's review — and one report's page with its
// figures, its history, the reports sent to its unit and the actions the
// server offers the caller (submit, return with reasons per measure,
// approve, waive, unlock, approve all). "Today" is the server's (its clock
// decides deadlines), not the device's.
import { useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { call, seg } from '../api';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { TableWrap } from '../components/TableWrap';
import { formatDate, formatTimestamp } from '../format';
import { useAsync } from '../hooks';
import { t } from '../messages';
import {
  actionText,
  dueText,
  lastReturn,
  periodText,
  reportProblem,
  skippedText,
  stateText,
  timelinessText,
  type MyReports,
  type ReportAction,
  type ReportDetail,
  type ReportEvent,
  type ReportProblem,
  type ReportRow,
  type ReportUnit,
} from '../reports';
import { can, useSession } from '../session';

export function reportPath(r: { type: string; period: string; unit: { uid: string } }): string {
  return `/reports/${seg(r.type)}/${seg(r.period)}/${seg(r.unit.uid)}`;
}

// The API's address of the same report.
function apiPath(r: { type: string; period: string; unit: { uid: string } }): string {
  return `/api${reportPath(r)}`;
}

export function StateBadge({ state }: { state: string }) {
  return <span class={`badge report-state-${state.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`}>{stateText(state)}</span>;
}

export function TimelinessBadge({ timeliness }: { timeliness: string }) {
  return <span class={`badge report-time-${timeliness.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`}>{timelinessText(timeliness)}</span>;
}

function DueNote({ row, today }: { row: ReportRow; today: string }) {
  const text = dueText(row, today);
  if (!text) return null;
  const overdue = !row.firstSubmitted && row.lastDay < today;
  return <span class={overdue ? 'due-overdue' : 'hint'}>{text}</span>;
}

// The comment and the reasons per measure of the last return.
function ReturnedBox({ event }: { event: ReportEvent }) {
  return (
    <div class="returned-box" role="note" data-testid="returned">
      <p>
        <strong>{t('reportReturnedBy', { date: formatTimestamp(event.at), by: event.by, comment: event.comment })}</strong>
      </p>
      {event.returns.length > 0 && (
        <>
          <p>{t('reportReturnedWhat')}</p>
          <ul>
            {event.returns.map((m) => (
              <li key={m.dataElement} data-measure={m.dataElement}>
                <strong>{m.name ?? m.dataElement}</strong>: {m.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function ProblemBox({ problem }: { problem: ReportProblem }) {
  return (
    <div class="error" role="alert">
      <p>{problem.text}</p>
      {problem.detail && <p class="hint">{t('reportServerSaid', { detail: problem.detail })}</p>}
    </div>
  );
}

async function act(row: { type: string; period: string; unit: { uid: string } }, body: Record<string, unknown>) {
  return call<{ state: string; unit: ReportUnit }>(apiPath(row), { method: 'POST', body });
}

function submitConfirmText(row: ReportRow, typeName: string): string {
  return t('reportConfirmSubmit', { type: typeName, period: periodText(row.period), unit: row.unit.name, recipient: row.recipient?.name ?? '' });
}

// One report to send, as a card: what, when, where it stands, what to do.
function SubmitCard({ row, today, onDone }: { row: ReportRow; today: string; onDone: (text: string) => void }) {
  const returned = row.state === 'returned';
  const detail = useAsync((signal) => (returned ? call<ReportDetail>(apiPath(row), { signal }) : Promise.resolve(null)), [returned, row.type, row.period, row.unit.uid]);
  const [problem, setProblem] = useState<ReportProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const typeName = row.typeName ?? row.type;
  const submit = async () => {
    if (!window.confirm(submitConfirmText(row, typeName))) return;
    setBusy(true);
    setProblem(null);
    try {
      const done = await act(row, { action: 'submit' });
      onDone(t('reportDone', { action: actionText('submit'), unit: row.unit.name, state: stateText(done.state) }));
    } catch (e) {
      setProblem(reportProblem(e, 'submit'));
    }
    setBusy(false);
  };
  const back = detail.data ? lastReturn(detail.data.events) : null;
  return (
    <article class={`card report-card${returned ? ' returned' : ''}`} data-testid="report-card" data-type={row.type} data-unit={row.unit.code} data-period={row.period}>
      <h3>
        <a href={reportPath(row)}>
          {typeName} — {periodText(row.period)}
        </a>
      </h3>
      <p class="hint">
        {row.unit.name}
        {row.recipient && ` → ${row.recipient.name}`}
      </p>
      <div class="badges">
        <span>
          {t('reportLastDay')}: <strong>{formatDate(row.lastDay)}</strong>
        </span>
        <StateBadge state={row.state} />
        <TimelinessBadge timeliness={row.timeliness} />
        <DueNote row={row} today={today} />
      </div>
      {back && <ReturnedBox event={back} />}
      {problem && <ProblemBox problem={problem} />}
      {row.actions.includes('submit') && (
        <p class="actions-row">
          <button type="button" class="primary" disabled={busy} onClick={submit} aria-label={`${actionText('submit')}: ${typeName} ${periodText(row.period)}, ${row.unit.name}`}>
            {actionText('submit')}
          </button>
        </p>
      )}
    </article>
  );
}

// Returned reports first (they wait on the user), then those not sent yet
// by their last day, then the rest.
function sortForAction(rows: ReportRow[]): ReportRow[] {
  const rank = (r: ReportRow) => (r.state === 'returned' ? 0 : r.state === 'notStarted' || r.state === 'draft' ? 1 : 2);
  return [...rows].sort((a, b) => rank(a) - rank(b) || a.lastDay.localeCompare(b.lastDay));
}

export function Reports() {
  const { me } = useSession();
  const mine = useAsync((signal) => call<MyReports>('/api/reports/mine', { signal }), []);
  const [notice, setNotice] = useState('');
  const done = (text: string) => {
    setNotice(text);
    mine.reload();
  };
  return (
    <>
      <h1>{t('reportsTitle')}</h1>
      <p class="hint">{t('reportsIntro')}</p>
      <p>
        <a href="/reports/completeness">{t('completenessTitle')}</a>
      </p>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {mine.error !== undefined && <ErrorBox error={mine.error} onRetry={mine.reload} />}
      {mine.loading && !mine.data && <Loading />}
      {mine.data && (
        <>
          <p data-testid="reports-today">{t('reportsToday', { date: formatDate(mine.data.today) })}</p>
          <section aria-labelledby="to-submit">
            <h2 id="to-submit">{t('reportsToSubmit')}</h2>
            {mine.data.submit.length === 0 && <p>{t('reportsNoneToSubmit')}</p>}
            {sortForAction(mine.data.submit).map((row) => (
              <SubmitCard key={`${row.type}/${row.period}/${row.unit.uid}`} row={row} today={mine.data!.today} onDone={done} />
            ))}
          </section>
          {can(me, 'approve') && (
            <section aria-labelledby="inbox">
              <h2 id="inbox">{t('reportsInbox')}</h2>
              {mine.data.review.length === 0 ? <p>{t('reportsInboxNone')}</p> : <ReportTable rows={mine.data.review} today={mine.data.today} label={t('reportsInbox')} testId="inbox" withType />}
            </section>
          )}
        </>
      )}
    </>
  );
}

// Reports as a table: unit, (type and period), state, timeliness, first
// sent, each linking to its page.
export function ReportTable({ rows, today, label, testId, withType }: { rows: ReportRow[]; today?: string; label: string; testId: string; withType?: boolean }) {
  return (
    <TableWrap label={label}>
      <table data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('reportUnit')}</th>
            {withType && <th scope="col">{t('reportType')}</th>}
            <th scope="col">{t('reportLastDay')}</th>
            <th scope="col">{t('reportStateLabel')}</th>
            <th scope="col">{t('reportTimeliness')}</th>
            <th scope="col">{t('reportFirstSubmitted')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.type}/${r.period}/${r.unit.uid}`} data-unit={r.unit.code} data-state={r.state} data-timeliness={r.timeliness}>
              <td>
                <a href={reportPath(r)}>{r.unit.name}</a>
              </td>
              {withType && (
                <td>
                  {r.typeName ?? r.type} — {periodText(r.period)}
                </td>
              )}
              <td>{formatDate(r.lastDay)}</td>
              <td>
                <StateBadge state={r.state} />
              </td>
              <td>
                <TimelinessBadge timeliness={r.timeliness} />
                {today && (
                  <>
                    {' '}
                    <DueNote row={r} today={today} />
                  </>
                )}
              </td>
              <td>
                {r.firstSubmitted ? formatTimestamp(r.firstSubmitted) : ''}
                {r.submittedBy && <span class="hint"> ({r.submittedBy})</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

// ------------------------------------------------------------ one report

interface Reason {
  dataElement: string;
  reason: string;
}

// The form of an action that needs words: a comment (return, waive,
// unlock) and, for a return, reasons per measure chosen from the data set.
function ActionForm({ action, detail, onCancel, onDone }: { action: ReportAction; detail: ReportDetail; onCancel: () => void; onDone: (state: string) => void }) {
  const [comment, setComment] = useState('');
  const [reasons, setReasons] = useState<Reason[]>([]);
  const [problem, setProblem] = useState<ReportProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const setReason = (i: number, patch: Partial<Reason>) => setReasons(reasons.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const body: Record<string, unknown> = { action, comment };
      if (action === 'return' && reasons.length > 0) body.returns = reasons;
      const done = await act(detail, body);
      onDone(done.state);
    } catch (err) {
      setProblem(reportProblem(err, action));
      setBusy(false);
    }
  };
  const wrongRow = (i: number) => problem?.field === `returns/${i}`;
  return (
    <form class="report-form card" onSubmit={send} data-testid="action-form" aria-labelledby="action-form-title">
      <h3 id="action-form-title">{actionText(action)}</h3>
      {problem && <ProblemBox problem={problem} />}
      <div class="field">
        <label for="r-comment">{t('reportCommentFor')}</label>
        <textarea
          id="r-comment"
          rows={3}
          aria-required="true"
          value={comment}
          aria-describedby="r-comment-hint"
          aria-invalid={problem?.field === 'comment' || undefined}
          onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)}
        />
        <p class="hint" id="r-comment-hint">
          {t('reportCommentHint')}
        </p>
      </div>
      {action === 'return' && (
        <fieldset class="plain">
          <legend>{t('reportReasons')}</legend>
          {reasons.map((r, i) => (
            <div key={i} class={`reason-row${wrongRow(i) ? ' row-wrong' : ''}`} data-row={i} role="group" aria-label={t('reportReasonRow', { n: i + 1 })}>
              <div class="field">
                <label for={`r-measure-${i}`}>{t('reportReasonMeasure')}</label>
                <select id={`r-measure-${i}`} value={r.dataElement} onChange={(e) => setReason(i, { dataElement: (e.target as HTMLSelectElement).value })}>
                  {detail.dataElements.map((d) => (
                    <option key={d.code} value={d.code}>
                      {d.name}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for={`r-reason-${i}`}>{t('reportReasonText')}</label>
                <input id={`r-reason-${i}`} value={r.reason} onInput={(e) => setReason(i, { reason: (e.target as HTMLInputElement).value })} />
              </div>
              <button type="button" class="small" onClick={() => setReasons(reasons.filter((_, k) => k !== i))} aria-label={`${t('reportRemoveReason')} (${i + 1})`}>
                {t('reportRemoveReason')}
              </button>
            </div>
          ))}
          <p>
            <button type="button" class="small" onClick={() => setReasons([...reasons, { dataElement: detail.dataElements[0]?.code ?? '', reason: '' }])}>
              {t('reportAddReason')}
            </button>
          </p>
        </fieldset>
      )}
      <p class="actions-row">
        <button type="submit" class="primary" disabled={busy}>
          {t('reportConfirmAction', { action: actionText(action) })}
        </button>
        <button type="button" onClick={onCancel}>
          {t('reportCancel')}
        </button>
      </p>
    </form>
  );
}

interface BulkOutcome {
  approved: ReportUnit[];
  skipped: { unit: ReportUnit; reason: string; field: string }[];
}

function ApproveAll({ detail, onDone }: { detail: ReportDetail; onDone: () => void }) {
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  const [problem, setProblem] = useState<ReportProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    if (!window.confirm(t('reportApproveAllConfirm', { unit: detail.unit.name }))) return;
    setBusy(true);
    setProblem(null);
    try {
      setOutcome(await call<BulkOutcome>(`${apiPath(detail)}/approveAll`, { method: 'POST', body: {} }));
      onDone();
    } catch (e) {
      setProblem(reportProblem(e, 'approve'));
    }
    setBusy(false);
  };
  return (
    <div data-testid="approve-all">
      <p>
        <button type="button" disabled={busy} onClick={run}>
          {t('reportApproveAll')}
        </button>
      </p>
      {problem && <ProblemBox problem={problem} />}
      {outcome && (
        <div class="notice" role="status" data-testid="approve-all-outcome">
          <p>{t('reportApprovedList', { n: outcome.approved.length })}</p>
          {outcome.approved.length > 0 && (
            <ul>
              {outcome.approved.map((u) => (
                <li key={u.uid}>{u.name}</li>
              ))}
            </ul>
          )}
          {outcome.skipped.length > 0 && (
            <>
              <p>{t('reportSkippedList', { n: outcome.skipped.length })}</p>
              <ul data-testid="approve-all-skipped">
                {outcome.skipped.map((s) => (
                  <li key={s.unit.uid} data-unit={s.unit.code}>
                    <strong>{s.unit.name}</strong>: {skippedText(s.field, s.reason)} <span class="hint">({s.reason})</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}

// The figures of the report: each measure of the data set with its values
// (one per breakdown and period), or a dash.
function Figures({ detail }: { detail: ReportDetail }) {
  if (detail.values.length === 0) return <p>{t('reportFiguresNone')}</p>;
  type Value = ReportDetail['values'][number];
  const rows = detail.dataElements.flatMap((d): { d: { code: string; name: string }; v: Value | null }[] => {
    const vs = detail.values.filter((v) => v.dataElement === d.code);
    if (vs.length === 0) return [{ d, v: null }];
    return vs.map((v) => ({ d, v }));
  });
  return (
    <TableWrap label={t('reportFigures')} exportName={`bao-cao-${detail.type}-${detail.period}-${detail.unit.code}`}>
      <table data-testid="figures">
        <thead>
          <tr>
            <th scope="col">{t('reportMeasure')}</th>
            <th scope="col">{t('reportBreakdown')}</th>
            <th scope="col">{t('reportPeriod')}</th>
            <th scope="col" class="num">
              {t('reportValue')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ d, v }, i) => (
            <tr key={i} data-measure={d.code}>
              <td>{d.name}</td>
              <td>{v?.categoryOptionCombo === 'default' ? '' : (v?.categoryOptionCombo ?? '')}</td>
              <td>{v ? periodText(v.period) : ''}</td>
              <td class="num">{v ? v.value : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function History({ events }: { events: ReportEvent[] }) {
  if (events.length === 0) return <p>{t('reportHistoryNone')}</p>;
  return (
    <TableWrap label={t('reportHistory')}>
      <table data-testid="history">
        <thead>
          <tr>
            <th scope="col">{t('reportWhen')}</th>
            <th scope="col">{t('reportWho')}</th>
            <th scope="col">{t('reportWhat')}</th>
            <th scope="col">{t('reportComment')}</th>
            <th scope="col">{t('reportReasons')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e, i) => (
            <tr key={i} data-action={e.action}>
              <td>{formatTimestamp(e.at)}</td>
              <td>{e.by}</td>
              <td>
                {actionText(e.action)}
                <br />
                <span class="hint">
                  {stateText(e.from)} → {stateText(e.to)}
                </span>
              </td>
              <td>{e.comment}</td>
              <td>
                {e.returns.length > 0 && (
                  <ul class="plain">
                    {e.returns.map((m) => (
                      <li key={m.dataElement}>
                        <strong>{m.name ?? m.dataElement}</strong>: {m.reason}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function ReportDetailScreen() {
  const { params } = useRoute();
  const path = `/api/reports/${seg(params.type)}/${seg(params.period)}/${seg(params.unit)}`;
  // Another report, another page: no form, notice or refusal carried over.
  return <ReportPage key={path} path={path} />;
}

function ReportPage({ path }: { path: string }) {
  const { me } = useSession();
  const report = useAsync((signal) => call<ReportDetail>(path, { signal }), [path]);
  const today = useAsync((signal) => call<MyReports>('/api/reports/mine', { signal }).then((m) => m.today), []);
  const [mode, setMode] = useState<ReportAction | null>(null);
  const [notice, setNotice] = useState('');
  const [problem, setProblem] = useState<ReportProblem | null>(null);

  if (report.loading && !report.data) return <Loading />;
  if (report.error !== undefined) {
    const p = reportProblem(report.error);
    return (
      <>
        <p>
          <a href="/reports">{t('reportDetailBack')}</a>
        </p>
        <ProblemBox problem={p} />
      </>
    );
  }
  const d = report.data!;
  const finished = (action: ReportAction) => (state: string) => {
    setMode(null);
    setNotice(t('reportDone', { action: actionText(action), unit: d.unit.name, state: stateText(state) }));
    report.reload();
  };
  // Submit and approve need no words: a confirmation, then the call.
  const quick = async (action: 'submit' | 'approve') => {
    const text = action === 'submit' ? submitConfirmText(d, d.typeName) : t('reportConfirmApprove', { unit: d.unit.name });
    if (!window.confirm(text)) return;
    setProblem(null);
    try {
      const done = await act(d, { action });
      finished(action)(done.state);
    } catch (e) {
      setProblem(reportProblem(e, action));
    }
  };
  const back = d.state === 'returned' ? lastReturn(d.events) : null;
  const doc = (format: string) => `/api/reports/${seg(d.type)}/${seg(d.period)}/${seg(d.unit.uid)}/document?format=${format}`;
  const approver = can(me, 'approve') && d.children.length > 0;
  return (
    <>
      <p>
        <a href="/reports">{t('reportDetailBack')}</a>
        {d.recipient && (
          <>
            {' · '}
            <a href={reportPath({ type: d.type, period: d.period, unit: d.recipient })}>{t('reportDetailUp', { unit: d.recipient.name })}</a>
          </>
        )}
        {' · '}
        <a href={`/reports/completeness?type=${seg(d.type)}&period=${seg(d.period)}&unit=${seg(d.unit.uid)}`}>{t('completenessTitle')}</a>
      </p>
      <h1>
        {d.typeName} — {periodText(d.period)}
      </h1>
      <p data-testid="report-unit">
        <strong>{d.unit.name}</strong>
      </p>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <dl class="facts" data-testid="report-facts">
        <dt>{t('reportRecipient')}</dt>
        <dd>{d.recipient?.name ?? '—'}</dd>
        <dt>{t('reportLastDay')}</dt>
        <dd>{formatDate(d.lastDay)}</dd>
        <dt>{t('reportStateLabel')}</dt>
        <dd data-testid="report-state" data-state={d.state}>
          <StateBadge state={d.state} />
        </dd>
        <dt>{t('reportTimeliness')}</dt>
        <dd data-testid="report-timeliness" data-timeliness={d.timeliness}>
          <TimelinessBadge timeliness={d.timeliness} /> {today.data && <DueNote row={d} today={today.data} />}
        </dd>
        <dt>{t('reportFirstSubmitted')}</dt>
        <dd>{d.firstSubmitted ? formatTimestamp(d.firstSubmitted) : '—'}</dd>
        <dt>{t('reportSubmittedBy')}</dt>
        <dd>{d.submittedBy ?? '—'}</dd>
        <dt>{t('reportDownload')}</dt>
        <dd>
          <a href={doc('pdf')} download data-testid="download-pdf">
            {t('reportDownloadPdf')}
          </a>
          {' · '}
          <a href={doc('xlsx')} download data-testid="download-xlsx">
            {t('reportDownloadXlsx')}
          </a>
        </dd>
      </dl>
      {back && <ReturnedBox event={back} />}

      <section aria-labelledby="r-actions">
        <h2 id="r-actions">{t('reportActions')}</h2>
        {problem && <ProblemBox problem={problem} />}
        {d.actions.length === 0 && <p>{t('reportNoActions')}</p>}
        {d.actions.length > 0 && (
          <p class="actions-row" data-testid="report-actions">
            {d.actions.map((a) => (
              <button
                key={a}
                type="button"
                class={a === 'submit' || a === 'approve' ? 'primary' : ''}
                aria-expanded={a === 'submit' || a === 'approve' ? undefined : mode === a}
                onClick={() => (a === 'submit' || a === 'approve' ? quick(a) : setMode(mode === a ? null : a))}
              >
                {actionText(a)}
              </button>
            ))}
          </p>
        )}
        {mode && <ActionForm key={mode} action={mode} detail={d} onCancel={() => setMode(null)} onDone={finished(mode)} />}
        {approver && <ApproveAll detail={d} onDone={report.reload} />}
      </section>

      <section aria-labelledby="r-figures">
        <h2 id="r-figures">{t('reportFigures')}</h2>
        <Figures detail={d} />
      </section>

      <section aria-labelledby="r-children">
        <h2 id="r-children">{t('reportChildren')}</h2>
        {d.children.length === 0 ? <p>{t('reportChildrenNone')}</p> : <ReportTable rows={d.children} today={today.data} label={t('reportChildren')} testId="children" />}
      </section>

      <section aria-labelledby="r-history">
        <h2 id="r-history">{t('reportHistory')}</h2>
        <History events={d.events} />
      </section>
    </>
  );
}
