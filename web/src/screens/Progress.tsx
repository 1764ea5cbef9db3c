// The progress dashboard of a plan for one unit at a date: target against
// actual per measure with its status, a chart per content area, drill-down to
// the units below, and the same table as an Excel workbook.
import { useLocation, useRoute } from 'preact-iso';
import { useMemo, useState } from 'preact/hooks';
import { call, query, seg } from '../api';
import { BarChart, type Bar } from '../components/BarChart';
import { DateField } from '../components/DateField';
import { TableWrap } from '../components/TableWrap';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { RecordsBehind } from '../components/RecordsBehind';
import { StatusBadge } from '../components/StatusBadge';
import { formatDate, formatNumber, formatPercent, todayInVietnam } from '../format';
import { useAsync, useLang } from '../hooks';
import { t } from '../messages';
import { unitCode, type Plan, type ProgressReport, type ProgressRow } from '../plans';
import { levelText } from './Units';

const COLOURS: Record<string, string> = {
  achieved: '#1e7b3c',
  on_track: '#1f5fb3',
  behind: '#b3261e',
  not_started: '#8a6d00',
};

// A row below a measure's first is one implementing level's share of it.
function implementedBy(level: string): string {
  const key = ({ province: 'implementedByProvince', district: 'implementedByDistrict', commune: 'implementedByCommune' } as const)[level as 'province'];
  return key ? t(key) : levelText(level);
}

function targetText(r: ProgressRow): string {
  if (!r.target) return '';
  const n = Number(r.target);
  const v = Number.isFinite(n) ? formatNumber(n) : r.target;
  return r.unitLabel ? `${v} ${r.unitLabel}` : v;
}

export function Progress() {
  const lang = useLang();
  const { params } = useRoute();
  const location = useLocation();
  const ou = (location.query.ou as string | undefined) ?? '';
  const at = (location.query.at as string | undefined) ?? '';
  const go = (next: { ou?: string; at?: string }) =>
    location.route(`/plans/${seg(params.plan)}/progress${query({ ou: next.ou ?? ou, at: next.at ?? at })}`);

  const plan = useAsync((signal) => call<Plan>(`/api/plans/${seg(params.plan)}`, { signal }), [params.plan]);
  const [open, setOpen] = useState<number | null>(null);
  const report = useAsync(
    (signal) => call<ProgressReport>(`/api/plans/${seg(params.plan)}/progress${query({ ou, at })}`, { signal }),
    [params.plan, ou, at],
  );

  // content area of each target id → for the charts
  const areaOfTarget = useMemo(() => {
    const m = new Map<number, string>();
    for (const x of plan.data?.targets ?? []) m.set(x.id, x.contentArea);
    return m;
  }, [plan.data]);

  const charts = useMemo(() => {
    if (!report.data || !plan.data) return [];
    const top = report.data.rows.filter((r) => r.depth === 0 && r.percent !== null);
    const groups = [...plan.data.contentAreas.map((a) => ({ code: a.code, title: `${t('areaNumber', { number: a.number })}` })), { code: '', title: t('planOtherArea') }];
    return groups
      .map((g) => {
        const bars: Bar[] = top
          .filter((r) => (areaOfTarget.get(r.targetIds[0]) ?? '') === g.code)
          .map((r) => ({ label: r.measureName, value: Math.round((r.percent ?? 0) * 10) / 10, colour: COLOURS[r.status] ?? '#5b6672' }));
        return { ...g, bars };
      })
      .filter((g) => g.bars.length > 0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [report.data, plan.data, areaOfTarget, lang]);

  if (report.loading && !report.data) return <Loading />;
  if (report.error !== undefined) return <ErrorBox error={report.error} onRetry={report.reload} />;
  const r = report.data!;
  const top = r.rows.find((x) => x.depth === 0);
  const unitLabel = top ? top.orgUnitName : ou;
  const counts = { achieved: 0, onTrack: 0, behind: 0 };
  for (const row of r.rows) {
    if (row.status === 'achieved') counts.achieved++;
    else if (row.status === 'on_track') counts.onTrack++;
    else if (row.status === 'behind') counts.behind++;
  }
  const issuerCode = plan.data ? unitCode(plan.data.issuerUnit) : '';
  const xlsx = `/api/plans/${seg(params.plan)}/progress${query({ ou, at, format: 'xlsx' })}`;
  const noTarget = r.rows.length > 0 && r.rows.every((x) => x.status === 'no_target');

  return (
    <>
      <p>
        <a href={`/plans/${seg(params.plan)}`}>{t('progressBackToPlan', { plan: r.plan || r.planCode })}</a>
        {ou && ou !== issuerCode && (
          <>
            {' · '}
            <a href={`/plans/${seg(params.plan)}/progress${query({ at })}`}>{t('progressUp', { unit: plan.data ? plan.data.issuerUnit.replace(/^\S+ /, '') : '' })}</a>
          </>
        )}
      </p>
      <h1>{t('progressTitle')}</h1>
      <p data-testid="progress-heading">
        <strong>{t('progressOfUnit', { unit: unitLabel, date: formatDate(r.at) })}</strong>
        <br />
        <span class="hint">{r.title}</span>
      </p>
      <div class="toolbar">
        <DateField id="progress-at" label={t('progressAt')} value={r.at || todayInVietnam()} onChange={(d) => go({ at: d })} />
        <a class="button" href={xlsx} download data-testid="progress-xlsx">
          {t('progressExcel')}
        </a>
      </div>
      {r.rows.length === 0 && <p>{t('progressNone')}</p>}
      {noTarget && <p class="notice">{t('progressNoTargetNote')}</p>}
      {r.rows.length > 0 && !noTarget && (
        <p data-testid="progress-summary">
          {t('progressSummary', { achieved: counts.achieved, onTrack: counts.onTrack, behind: counts.behind, total: r.rows.length })}
          {top?.elapsed != null && <> · {t('progressElapsed', { percent: formatPercent(top.elapsed * 100, lang) })}</>}
        </p>
      )}
      {charts.map((g) => (
        <section key={g.code} aria-label={t('progressChart', { area: g.title })}>
          <h2>{t('progressChart', { area: g.title })}</h2>
          <BarChart label={t('progressChart', { area: g.title })} bars={g.bars} max={100} format={(v) => formatPercent(v, lang)} />
        </section>
      ))}
      {r.rows.length > 0 && (
        <TableWrap label={t('progressTitle')} exportName={`tien-do-${r.planCode}`}>
          <table data-testid="progress-table">
            <caption class="hint">{t('progressOfUnit', { unit: unitLabel, date: formatDate(r.at) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('targetMeasure')}</th>
                <th scope="col">{t('progressUnit')}</th>
                <th scope="col" class="num">
                  {t('progressTarget')}
                </th>
                <th scope="col" class="num">
                  {t('progressActual')}
                </th>
                <th scope="col" class="num">
                  {t('progressPercent')}
                </th>
                <th scope="col">{t('progressStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {r.rows.map((row) => {
                const drill = row.depth > 0 && row.orgUnit !== (top?.orgUnit ?? '');
                const canExplain = row.measureKind === 'dataElement' && row.actual !== null && row.actual !== 0;
                return (
                  <>
                    <tr key={row.row} class={`depth-${Math.min(row.depth, 2)}`} data-measure={row.measure} data-unit={row.orgUnit} data-level={row.level}>
                      <td>{row.depth === 0 ? row.measureName : <span class="hint">{implementedBy(row.level)}</span>}</td>
                      <td>
                        {drill ? (
                          <a href={`/plans/${seg(params.plan)}/progress${query({ ou: row.orgUnit, at })}`} title={t('progressDrill')}>
                            {row.orgUnitName}
                          </a>
                        ) : (
                          row.orgUnitName
                        )}
                      </td>
                      <td class="num">{targetText(row)}</td>
                      <td class="num">
                        {row.actual === null ? '' : formatNumber(row.actual, lang)}
                        {canExplain && (
                          <>
                            {' '}
                            <button
                              type="button"
                              class="small"
                              aria-expanded={open === row.row}
                              aria-label={t('recordsShowLabel', { measure: row.measureName, unit: row.orgUnitName })}
                              onClick={() => setOpen(open === row.row ? null : row.row)}
                            >
                              {t('recordsShow')}
                            </button>
                          </>
                        )}
                      </td>
                      <td class="num">{formatPercent(row.percent, lang)}</td>
                      <td>
                        <StatusBadge status={row.status} />
                      </td>
                    </tr>
                    {open === row.row && (
                      <tr key={`${row.row}-records`} class="records-row">
                        <td colSpan={6}>
                          <RecordsBehind row={row} onClose={() => setOpen(null)} />
                        </td>
                      </tr>
                    )}
                  </>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
