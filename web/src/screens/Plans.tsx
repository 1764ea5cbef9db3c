// The plans the user may see, newest first.
import { call, seg } from '../api';
import { TableWrap } from '../components/TableWrap';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { formatDate } from '../format';
import { useAsync, useLang } from '../hooks';
import { t } from '../messages';
import { unitName, type PlanHeader } from '../plans';

export function Plans() {
  useLang();
  const plans = useAsync((signal) => call<{ plans: PlanHeader[] }>('/api/plans', { signal }), []);
  return (
    <>
      <h1>{t('plansTitle')}</h1>
      {plans.loading && !plans.data && <Loading />}
      {plans.error !== undefined && <ErrorBox error={plans.error} onRetry={plans.reload} />}
      {plans.data && plans.data.plans.length === 0 && <p>{t('planNone')}</p>}
      {plans.data && plans.data.plans.length > 0 && (
        <TableWrap label={t('plansTitle')} exportName={'ke-hoach'}>
          <table data-testid="plans">
            <thead>
              <tr>
                <th scope="col">{t('planNumber')}</th>
                <th scope="col">{t('planTitle')}</th>
                <th scope="col">{t('planIssuer')}</th>
                <th scope="col">{t('planIssued')}</th>
                <th scope="col">{t('planPeriod')}</th>
              </tr>
            </thead>
            <tbody>
              {[...plans.data.plans]
                .sort((a, b) => (b.date || '').localeCompare(a.date || ''))
                .map((p) => (
                  <tr key={p.code}>
                    <td>
                      <a href={`/plans/${seg(p.code)}`}>{p.number || p.code}</a>
                    </td>
                    <td>{p.title}</td>
                    <td>{p.issuerAgencyName || unitName(p.issuerUnit)}</td>
                    <td>{formatDate(p.date)}</td>
                    <td>{p.periodText || p.period}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
