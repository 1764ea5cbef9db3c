// A plan's budget by year: a summary by kind (allocated, carried over, spent,
// settled, …) and level, then every line with its parts, and the mismatches
// validation found shown on the line they concern (Cao Bằng 2024: the parts of
// the province's allocation add up to 260 đ more than its stated total).
import { useRoute } from 'preact-iso';
import { call, seg } from '../api';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { Findings } from '../components/Findings';
import { TableWrap } from '../components/TableWrap';
import { formatMoney } from '../format';
import { useAsync, useLang } from '../hooks';
import { t, type MessageKey } from '../messages';
import { budgetTree, unitCode, unitName, type BudgetLine, type Finding, type Plan, type Validation } from '../plans';
import { levelText } from './Units';

const KINDS: Record<string, MessageKey> = {
  available: 'kindAvailable',
  allocated: 'kindAllocated',
  carried_over: 'kindCarriedOver',
  estimated: 'kindEstimated',
  spent: 'kindSpent',
  settled: 'kindSettled',
};
const KIND_ORDER = Object.keys(KINDS);

function kindText(kind: string): string {
  return KINDS[kind] ? t(KINDS[kind]) : kind;
}

// Budget findings name their line by its key in `measure`.
function findingsOf(line: BudgetLine, findings: Finding[]): Finding[] {
  return findings.filter(
    (f) => f.rule.startsWith('budget') && f.measure === line.key && (!f.period || f.period === line.period) && unitCode(f.orgUnit) === unitCode(line.orgUnit),
  );
}

function Difference({ f }: { f: Finding }) {
  const expected = Number(f.expected);
  const found = Number(f.found);
  if (!f.expected || !f.found || !Number.isFinite(expected) || !Number.isFinite(found)) return <span>{f.message}</span>;
  return (
    <span>
      {t('budgetDifference', { amount: formatMoney(Math.abs(found - expected)), found: formatMoney(found), expected: formatMoney(expected) })}
    </span>
  );
}

function Year({ year, lines, findings }: { year: string; lines: BudgetLine[]; findings: Finding[] }) {
  const levels = [...new Set(lines.map((l) => l.level))];
  const top = lines.filter((l) => !l.parent);
  const kinds = KIND_ORDER.filter((k) => top.some((l) => l.kind === k)).concat([...new Set(top.map((l) => l.kind))].filter((k) => !KINDS[k]));
  // By agency: the lines that name one (the parts of a stated total, usually).
  const agencies = [...new Set(lines.map((l) => l.agency).filter(Boolean))];
  const byAgency = (agency: string, kind: string) => lines.filter((l) => l.agency === agency && l.kind === kind).reduce((a, l) => a + l.amount, 0);
  const sum = (kind: string, level?: string) => top.filter((l) => l.kind === kind && (!level || l.level === level)).reduce((a, l) => a + l.amount, 0);
  return (
    <section aria-labelledby={`budget-${year}`}>
      <h2 id={`budget-${year}`}>{t('budgetYear', { year })}</h2>
      <h3>{t('budgetSummary')}</h3>
      <TableWrap label={t('budgetSummary')} exportName={`kinh-phi-${year}-tong-hop`}>
        <table data-testid={`budget-summary-${year}`}>
          <thead>
            <tr>
              <th scope="col">{t('budgetKind')}</th>
              {levels.map((lv) => (
                <th scope="col" class="num" key={lv}>
                  {levelText(lv)}
                </th>
              ))}
              {levels.length > 1 && (
                <th scope="col" class="num">
                  {t('budgetTotal')}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {kinds.map((k) => (
              <tr key={k}>
                <th scope="row">{kindText(k)}</th>
                {levels.map((lv) => (
                  <td class="num" key={lv}>
                    {formatMoney(sum(k, lv))}
                  </td>
                ))}
                {levels.length > 1 && <td class="num">{formatMoney(sum(k))}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {agencies.length > 0 && (
        <>
          <h3>{t('budgetByAgency')}</h3>
          <TableWrap label={t('budgetByAgency')} exportName={`kinh-phi-${year}-co-quan`}>
            <table data-testid={`budget-agencies-${year}`}>
              <thead>
                <tr>
                  <th scope="col">{t('budgetAgency')}</th>
                  {kinds.map((k) => (
                    <th scope="col" class="num" key={k}>
                      {kindText(k)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {agencies.map((ag) => (
                  <tr key={ag}>
                    <th scope="row">{ag}</th>
                    {kinds.map((k) => (
                      <td class="num" key={k}>
                        {formatMoney(byAgency(ag, k))}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
      <h3>{t('budgetLine')}</h3>
      <TableWrap label={t('budgetLine')} exportName={`kinh-phi-${year}`}>
        <table data-testid={`budget-lines-${year}`}>
          <thead>
            <tr>
              <th scope="col">{t('budgetLine')}</th>
              <th scope="col">{t('budgetKind')}</th>
              <th scope="col">{t('budgetLevel')}</th>
              <th scope="col">{t('budgetAgency')}</th>
              <th scope="col" class="num">
                {t('budgetAmount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {budgetTree(lines).map(({ line, depth }) => {
              const own = findingsOf(line, findings);
              return (
                <>
                  <tr key={line.key} class={`depth-${Math.min(depth, 2)}${own.length ? ' has-finding' : ''}`} data-key={line.key}>
                    <td>
                      {line.label}
                      {line.carriedFrom && <span class="hint"> ({t('budgetCarriedFrom', { years: line.carriedFrom })})</span>}
                    </td>
                    <td>{kindText(line.kind)}</td>
                    <td>{levelText(line.level)}</td>
                    <td>{line.agency || unitName(line.orgUnit)}</td>
                    <td class="num">{formatMoney(line.amount)}</td>
                  </tr>
                  {own.map((f, i) => (
                    <tr key={`${line.key}-f${i}`} class="finding-row" data-finding={f.rule}>
                      <td colSpan={5}>
                        <strong>{t(f.severity === 'error' ? 'findingError' : 'findingWarning')}:</strong> <Difference f={f} />
                      </td>
                    </tr>
                  ))}
                </>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

export function Budget() {
  useLang();
  const { params } = useRoute();
  const plan = useAsync((signal) => call<Plan & { budget: BudgetLine[] }>(`/api/plans/${seg(params.plan)}`, { signal }), [params.plan]);
  const validation = useAsync((signal) => call<Validation>(`/api/plans/${seg(params.plan)}/validation`, { signal }), [params.plan]);
  if (plan.loading && !plan.data) return <Loading />;
  if (plan.error !== undefined) return <ErrorBox error={plan.error} onRetry={plan.reload} />;
  const p = plan.data!;
  const findings = validation.data?.findings ?? [];
  const years = [...new Set(p.budget.map((l) => l.period))].sort();
  return (
    <>
      <p>
        <a href={`/plans/${seg(p.code)}`}>{t('progressBackToPlan', { plan: p.number || p.code })}</a>
      </p>
      <h1>{t('budgetTitle')}</h1>
      <p class="hint">{p.title}</p>
      {validation.error !== undefined && <ErrorBox error={validation.error} onRetry={validation.reload} />}
      {validation.data && <Findings findings={findings.filter((f) => f.rule.startsWith('budget'))} testId="budget-findings" />}
      {years.length === 0 && <p>{t('budgetNone')}</p>}
      {years.map((y) => (
        <Year key={y} year={y} lines={p.budget.filter((l) => l.period === y)} findings={findings} />
      ))}
    </>
  );
}
