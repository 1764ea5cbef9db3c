// The model records behind a progress figure (GET /api/figures/explain): for
// a row of one implementing level, the figures of that level; for a row of
// all levels, each level's. Only the records the user may see are listed.
import { call, query } from '../api';
import { formatDate, formatNumber } from '../format';
import { useAsync } from '../hooks';
import { t } from '../messages';
import type { ProgressRow } from '../plans';
import { ErrorBox, Loading } from './ErrorBox';

interface Model {
  code: string;
  name: string;
  orgUnitName: string;
  established: string | null;
  consolidated: string[];
}
interface Explained {
  fromRecords: boolean;
  value: number;
  models: Model[];
}

const LEVEL_COMBOS: Record<string, string[]> = {
  province: ['IMPLEMENTING_LEVEL_PROVINCE'],
  district: ['IMPLEMENTING_LEVEL_DISTRICT'],
  commune: ['IMPLEMENTING_LEVEL_COMMUNE'],
  all: ['', 'IMPLEMENTING_LEVEL_PROVINCE', 'IMPLEMENTING_LEVEL_DISTRICT', 'IMPLEMENTING_LEVEL_COMMUNE'],
};

export async function explainRow(row: ProgressRow, signal?: AbortSignal): Promise<Explained> {
  const combos = LEVEL_COMBOS[row.level] ?? [''];
  const answers = await Promise.all(
    combos.map((coc) => call<Explained>(`/api/figures/explain${query({ dx: row.measure, pe: row.window, ou: row.orgUnit, coc })}`, { signal })),
  );
  const models = new Map<string, Model>();
  for (const a of answers) for (const m of a.models) models.set(m.code, m);
  return {
    fromRecords: answers.some((a) => a.fromRecords),
    value: answers.reduce((s, a) => s + a.value, 0),
    models: [...models.values()].sort((a, b) => a.code.localeCompare(b.code)),
  };
}

export function RecordsBehind({ row, onClose }: { row: ProgressRow; onClose: () => void }) {
  const explained = useAsync((signal) => explainRow(row, signal), [row.measure, row.window, row.orgUnit, row.level]);
  return (
    <div class="records-behind" data-testid="records-behind">
      <p>
        <strong>{t('progressRecordsOf', { measure: row.measureName })}</strong> — {row.orgUnitName}{' '}
        <button type="button" class="small" onClick={onClose}>
          {t('recordsClose')}
        </button>
      </p>
      {explained.loading && <Loading />}
      {explained.error !== undefined && <ErrorBox error={explained.error} onRetry={explained.reload} />}
      {explained.data && !explained.data.fromRecords && <p>{t('recordsNone')}</p>}
      {explained.data && explained.data.fromRecords && (
        <>
          <p>{t('recordsCount', { count: explained.data.models.length, value: formatNumber(explained.data.value) })}</p>
          {explained.data.models.length > 0 && (
            <ul class="records">
              {explained.data.models.map((m) => (
                <li key={m.code}>
                  <strong>{m.code}</strong> {m.name} — {m.orgUnitName}
                  {m.established && (
                    <span class="hint">
                      {' '}
                      · {t('recordEstablished')} {formatDate(m.established)}
                      {m.consolidated.length > 0 && ` · ${t('recordConsolidated')} ${m.consolidated.map(formatDate).join(', ')}`}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
