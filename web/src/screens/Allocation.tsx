// A plan's allocation laid out like its appendix table: units down, measures
// across (split into province and district level where the plan splits them),
// the total and level rows first, with the validation findings marked on the
// cells they concern and listed above.
import { useLocation, useRoute } from 'preact-iso';
import { call, query, seg } from '../api';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { Findings } from '../components/Findings';
import { TableWrap } from '../components/TableWrap';
import { formatNumber } from '../format';
import { useAsync, useLang } from '../hooks';
import { t } from '../messages';
import { unitCode, type Allocation as AllocationTable, type AllocationColumn, type Finding, type Validation } from '../plans';

interface Group {
  label: string;
  span: number;
  split: boolean;
}

// Consecutive columns of one measure form a group headed by its label, with
// the levels beneath; a column of its own spans both header rows.
export function columnGroups(columns: AllocationColumn[]): Group[] {
  const groups: Group[] = [];
  for (let i = 0; i < columns.length; ) {
    const c = columns[i];
    let j = i + 1;
    if (c.kind === 'target' && c.measure) {
      while (j < columns.length && columns[j].kind === 'target' && columns[j].measure === c.measure && columns[j].window === c.window) j++;
    }
    groups.push({ label: c.label, span: j - i, split: j - i > 1 || !!c.levelLabel });
    i = j;
  }
  return groups;
}

function cellText(v: string | null, lang: 'vi' | 'en'): string {
  if (v === null || v === undefined) return '';
  const n = Number(v);
  return v !== '' && Number.isFinite(n) ? formatNumber(n, lang) : v;
}

function cellFindings(findings: Finding[], col: AllocationColumn, orgUnit: string): Finding[] {
  if (col.kind !== 'target' || !orgUnit) return [];
  return findings.filter((f) => f.rule !== 'source_defect' && f.measure === col.measure && unitCode(f.orgUnit) === orgUnit);
}

export function Allocation() {
  const lang = useLang();
  const { params } = useRoute();
  const location = useLocation();
  const table = (location.query.table as string | undefined) ?? '';
  const alloc = useAsync(
    (signal) => call<AllocationTable>(`/api/plans/${seg(params.plan)}/allocation${query({ table })}`, { signal }),
    [params.plan, table],
  );
  const validation = useAsync((signal) => call<Validation>(`/api/plans/${seg(params.plan)}/validation`, { signal }), [params.plan]);
  if (alloc.loading && !alloc.data) return <Loading />;
  if (alloc.error !== undefined) return <ErrorBox error={alloc.error} onRetry={alloc.reload} />;
  const a = alloc.data!;
  const findings = (validation.data?.findings ?? []).filter((f) => !f.rule.startsWith('budget'));
  const groups = columnGroups(a.columns);
  const anySplit = groups.some((g) => g.split);
  const others = a.otherTables.filter((x) => x && x !== a.table);
  const xlsx = `/api/plans/${seg(params.plan)}/allocation${query({ table, format: 'xlsx' })}`;
  return (
    <>
      <p>
        <a href={`/plans/${seg(params.plan)}`}>{t('progressBackToPlan', { plan: a.plan })}</a>
      </p>
      <h1>{t('allocationTitle', { table: a.table || a.plan })}</h1>
      <p class="hint">{a.title}</p>
      <div class="toolbar">
        <a class="button" href={xlsx} download data-testid="allocation-xlsx">
          {t('progressExcel')}
        </a>
        {others.length > 0 && (
          <p>
            {t('allocationOtherTables')}{' '}
            {others.map((o) => (
              <a key={o} href={`/plans/${seg(params.plan)}/allocation${query({ table: o })}`}>
                {o}
              </a>
            ))}
          </p>
        )}
      </div>
      {validation.data && <Findings findings={findings} testId="allocation-findings" />}
      {a.rows.length === 0 ? (
        <p>{t('allocationNone')}</p>
      ) : (
        <TableWrap label={t('allocationTitle', { table: a.table || a.plan })} exportName={`phan-bo-${params.plan}`}>
          <table class="grid" data-testid="allocation-table">
            <thead>
              <tr>
                <th scope="col" rowSpan={anySplit ? 2 : 1}>
                  {t('allocationStt')}
                </th>
                <th scope="col" rowSpan={anySplit ? 2 : 1}>
                  {t('allocationUnit')}
                </th>
                {groups.map((g, i) =>
                  g.split ? (
                    <th scope="colgroup" colSpan={g.span} key={i}>
                      {g.label}
                    </th>
                  ) : (
                    <th scope="col" rowSpan={anySplit ? 2 : 1} key={i}>
                      {g.label}
                    </th>
                  ),
                )}
              </tr>
              {anySplit && (
                <tr>
                  {a.columns.map((c, i) =>
                    isSplit(groups, i) ? (
                      <th scope="col" key={i} class="num">
                        {c.levelLabel ?? ''}
                      </th>
                    ) : null,
                  )}
                </tr>
              )}
            </thead>
            <tbody>
              {a.rows.map((r, ri) => (
                <tr key={ri} class={`row-${r.kind}`} data-unit={r.orgUnit}>
                  <td>{r.stt}</td>
                  <th scope="row">{r.label}</th>
                  {r.cells.map((v, ci) => {
                    const own = r.kind === 'unit' ? cellFindings(findings, a.columns[ci], r.orgUnit) : [];
                    return (
                      <td key={ci} class={`num${own.length ? ' cell-finding' : ''}`} title={own.length ? t('findingInCell', { message: own[0].message }) : undefined}>
                        {cellText(v, lang)}
                        {own.length > 0 && <span class="sr-only"> {t('findingInCell', { message: own[0].message })}</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}

// Whether column i belongs to a group shown with its levels beneath.
function isSplit(groups: Group[], i: number): boolean {
  let at = 0;
  for (const g of groups) {
    if (i < at + g.span) return g.split;
    at += g.span;
  }
  return false;
}
