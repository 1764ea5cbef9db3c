// Import: drop a data value file (DHIS2 CSV, JSON or XML, or ADX), see what a
// dry run of the server's import finds — counts, and every error on its row
// and cell — and only then write it (the import is atomic: with an error,
// nothing is written).
import { useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { TableWrap } from '../components/TableWrap';
import { importContentType, parseCsv, type CsvRow } from '../csv';
import { useLang } from '../hooks';
import { t, type MessageKey } from '../messages';

interface Conflict {
  object: string;
  value: string;
  errorCode: string;
  property: string;
  line: number;
  message: string;
  cell?: string;
}
interface Summary {
  status: string;
  importCount: { imported: number; updated: number; ignored: number; deleted: number };
  conflicts: Conflict[];
  dryRun: boolean;
  description?: string;
}

const CODES: Record<string, MessageKey> = {
  E_DV_VALUE: 'dvValue',
  E_DV_ELEMENT: 'dvElement',
  E_DV_PERIOD: 'dvPeriod',
  E_DV_ORGUNIT: 'dvOrgUnit',
  E_DV_ORGUNIT_AMBIGUOUS: 'dvOrgUnitAmbiguous',
  E_DV_COC: 'dvCombo',
  E_DV_AOC: 'dvCombo',
  E_DV_ACCESS: 'dvAccess',
  E_DV_DERIVED: 'dvDerived',
  E_DV_COMMENT: 'dvComment',
  E_DV_FORMAT: 'dvFormat',
};

export function conflictText(c: Conflict): string {
  const key = CODES[c.errorCode];
  return key ? t(key, { object: c.object, value: c.value }) : c.message;
}

// A dry run or the import itself. A file with conflicts is answered 409 with
// an import summary (nothing written): that summary is the answer here too.
async function post(text: string, type: string, dryRun: boolean): Promise<Summary> {
  try {
    return await call<Summary>(`/api/dataValueSets?dryRun=${dryRun}`, { method: 'POST', raw: { text, type } });
  } catch (err) {
    const body = err instanceof ApiError ? (err.body as Summary | undefined) : undefined;
    if (body && (body as { responseType?: string }).responseType === 'ImportSummary') return body;
    throw err;
  }
}

type State =
  | { kind: 'idle'; note?: string }
  | { kind: 'checking'; name: string }
  | { kind: 'checked'; name: string; type: string; text: string; summary: Summary; rows: CsvRow[] | null }
  | { kind: 'done'; name: string; summary: Summary }
  | { kind: 'error'; error: unknown };

export function Import() {
  useLang();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [over, setOver] = useState(false);

  const check = async (file: File) => {
    const name = file.name;
    if (/\.xlsx?$/i.test(name)) {
      setState({ kind: 'idle', note: t('importExcel') });
      return;
    }
    const text = await file.text();
    const type = importContentType(name, text);
    if (!type) {
      setState({ kind: 'idle', note: t('importUnknownType', { name }) });
      return;
    }
    setState({ kind: 'checking', name });
    try {
      const summary = await post(text, type, true);
      setState({ kind: 'checked', name, type, text, summary, rows: type === 'application/csv' ? parseCsv(text) : null });
    } catch (error) {
      setState({ kind: 'error', error });
    }
  };

  const commit = async () => {
    if (state.kind !== 'checked') return;
    try {
      const summary = await post(state.text, state.type, false);
      if (summary.conflicts.length > 0) setState({ ...state, summary });
      else setState({ kind: 'done', name: state.name, summary });
    } catch (error) {
      setState({ kind: 'error', error });
    }
  };

  return (
    <>
      <h1>{t('importTitle')}</h1>
      <p class="hint">{t('importIntro')}</p>
      <div
        class={`dropzone${over ? ' over' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          const f = e.dataTransfer?.files[0];
          if (f) void check(f);
        }}
      >
        <span>{t('importDrop')}</span>{' '}
        <label class="button" for="import-file">
          {t('importChoose')}
        </label>
        <input
          id="import-file"
          class="sr-only"
          type="file"
          accept=".csv,.json,.xml,.adx,.xlsx"
          onChange={(e) => {
            const input = e.target as HTMLInputElement;
            const f = input.files?.[0];
            input.value = '';
            if (f) void check(f);
          }}
        />
      </div>
      {state.kind === 'idle' && state.note && (
        <p class="notice" role="status">
          {state.note}
        </p>
      )}
      {state.kind === 'checking' && <p role="status">{t('importChecking')}</p>}
      {state.kind === 'error' && <ErrorBox error={state.error} />}
      {state.kind === 'checked' && <Checked state={state} onCommit={commit} />}
      {state.kind === 'done' && (
        <section class="card" role="status" data-testid="import-done">
          <h2>{t('importDone')}</h2>
          <p>{t('importDoneCounts', state.summary.importCount)}</p>
          <button type="button" onClick={() => setState({ kind: 'idle' })}>
            {t('importAnother')}
          </button>
        </section>
      )}
    </>
  );
}

function Checked({ state, onCommit }: { state: Extract<State, { kind: 'checked' }>; onCommit: () => void }) {
  const { summary, rows } = state;
  const conflicts = summary.conflicts;
  const header = rows?.[0]?.cells.map((h) => h.trim().toLowerCase()) ?? [];
  const badCell = new Set(conflicts.map((c) => `${c.line}|${c.property.toLowerCase()}`));
  const badLine = new Set(conflicts.map((c) => c.line));
  const shown = rows ? rows.slice(1).filter((r, i) => i < 50 || badLine.has(r.line)) : [];
  return (
    <section aria-labelledby="import-result" data-testid="import-preview">
      <h2 id="import-result">{t('importFile', { name: state.name })}</h2>
      <p>{t('importCounts', summary.importCount)}</p>
      {conflicts.length > 0 ? (
        <p class="error" role="alert">
          {t('importHasErrors', { count: conflicts.length })}
        </p>
      ) : (
        <p class="notice">{t('importReady')}</p>
      )}
      {conflicts.length > 0 && (
        <>
          <h3>{t('importErrors')}</h3>
          <TableWrap label={t('importErrors')} exportName="loi-nhap-tep">
            <table data-testid="import-conflicts">
              <thead>
                <tr>
                  <th scope="col" class="num">
                    {t('importLine')}
                  </th>
                  <th scope="col">{t('importField')}</th>
                  <th scope="col">{t('importValue')}</th>
                  <th scope="col">{t('importError')}</th>
                </tr>
              </thead>
              <tbody>
                {conflicts.map((c, i) => (
                  <tr key={i}>
                    <td class="num">{c.line}</td>
                    <td>{c.property}</td>
                    <td>{c.property === 'value' ? c.value : c.object}</td>
                    <td>
                      {conflictText(c)}
                      <p class="hint" lang="en">
                        {c.message}
                      </p>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
      {rows && rows.length > 1 && (
        <>
          <h3>{t('importRows')}</h3>
          <TableWrap label={t('importRows')}>
            <table data-testid="import-rows">
              <thead>
                <tr>
                  <th scope="col" class="num">
                    {t('importLine')}
                  </th>
                  {rows[0].cells.map((h, i) => (
                    <th scope="col" key={i}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={r.line} class={badLine.has(r.line) ? 'row-bad' : undefined} data-line={r.line}>
                    <td class="num">{r.line}</td>
                    {r.cells.map((v, i) => (
                      <td key={i} class={badCell.has(`${r.line}|${header[i]}`) ? 'cell-finding' : undefined}>
                        {v}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {rows.length - 1 > shown.length && <p class="hint">{t('importMoreRows', { count: rows.length - 1 - shown.length })}</p>}
        </>
      )}
      <p class="actions">
        <button type="button" class="primary" disabled={conflicts.length > 0} onClick={onCommit}>
          {t('importCommit')}
        </button>
      </p>
    </section>
  );
}
