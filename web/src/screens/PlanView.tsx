// One plan: what it is (number, issuer, date, period, signer), what it is
// based on, and its targets by content area, each with the words of the
// document it came from; a link to its progress.
import { useRoute } from 'preact-iso';
import { call, seg } from '../api';
import { TableWrap } from '../components/TableWrap';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { formatDate } from '../format';
import { useAsync, useLang } from '../hooks';
import { t } from '../messages';
import { citationText, loadMeasureNames, unitName, type Plan, type Target } from '../plans';
import { levelText } from './Units';

function TargetTable({ targets, names }: { targets: Target[]; names: Map<string, string> }) {
  return (
    <TableWrap label={t('planTargets')} exportName={'chi-tieu'}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('targetMeasure')}</th>
            <th scope="col">{t('targetUnit')}</th>
            <th scope="col">{t('targetLevel')}</th>
            <th scope="col" class="num">
              {t('targetValue')}
            </th>
            <th scope="col">{t('targetStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {targets.map((x) => (
            <tr key={x.id}>
              <td>
                {names.get(x.measure) ?? x.measure}
                <p class="hint" title={x.source.text}>
                  {x.measure}
                  {x.source.section ? ` · ${t('planSource', { section: x.source.section })}` : ''}
                </p>
              </td>
              <td>{unitName(x.orgUnit)}</td>
              <td>{levelText(x.level)}</td>
              <td class="num">
                {x.value} {x.unitLabel}
              </td>
              <td>{x.status === 'active' ? '' : x.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function PlanView() {
  const lang = useLang();
  const { params } = useRoute();
  const plan = useAsync((signal) => call<Plan>(`/api/plans/${seg(params.plan)}`, { signal }), [params.plan]);
  const names = useAsync(() => loadMeasureNames(), []);
  if (plan.loading && !plan.data) return <Loading />;
  if (plan.error !== undefined) return <ErrorBox error={plan.error} onRetry={plan.reload} />;
  const p = plan.data!;
  const nameMap = names.data ?? new Map<string, string>();
  const groups = [...p.contentAreas.map((a) => ({ key: a.code, title: `${t('areaNumber', { number: a.number })}: ${lang === 'en' && a.nameEn ? a.nameEn : a.name}` })), { key: '', title: t('planOtherArea') }]
    .map((g) => ({ ...g, targets: p.targets.filter((x) => x.contentArea === g.key) }))
    .filter((g) => g.targets.length > 0);
  return (
    <>
      <p>
        <a href="/plans">{t('planBack')}</a>
      </p>
      <h1>
        {p.number ? `${p.number} — ` : ''}
        {p.title}
      </h1>
      <p class="actions">
        <a class="button primary" href={`/plans/${seg(p.code)}/progress`}>
          {t('planProgress')}
        </a>
        <a class="button" href={`/plans/${seg(p.code)}/allocation`}>
          {t('planAllocation')}
        </a>
        <a class="button" href={`/plans/${seg(p.code)}/budget`}>
          {t('planBudget')}
        </a>
      </p>
      <dl class="facts">
        <dt>{t('planIssuer')}</dt>
        <dd>{p.issuerAgencyName || unitName(p.issuerUnit)}</dd>
        <dt>{t('planIssued')}</dt>
        <dd>{[p.place, formatDate(p.date)].filter(Boolean).join(', ')}</dd>
        <dt>{t('planPeriod')}</dt>
        <dd>{p.periodText || p.period}</dd>
        {p.signer && (
          <>
            <dt>{t('planSigner')}</dt>
            <dd>
              {p.signer}
              {p.signerTitle ? ` (${p.signerTitle})` : ''}
            </dd>
          </>
        )}
      </dl>
      {p.citations.length > 0 && (
        <>
          <h2>{t('planCitations')}</h2>
          <ul data-testid="citations">
            {p.citations.map((c, i) => (
              <li key={i}>{citationText(c)}</li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('planTargets')}</h2>
      {groups.length === 0 && <p>{t('none')}</p>}
      {groups.map((g, i) => (
        <details key={g.key} open={i === 0}>
          <summary>
            <strong>{g.title}</strong> <span class="hint">({t('planTargetsCount', { count: g.targets.length })})</span>
          </summary>
          <TargetTable targets={g.targets} names={nameMap} />
        </details>
      ))}
    </>
  );
}
