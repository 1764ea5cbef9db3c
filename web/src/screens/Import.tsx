// Import: drop a data value file (DHIS2 CSV, JSON or XML, or ADX, or an
// Excel workbook laid out for people), see what a dry run of the server's
// import finds — counts, and every error on its row and cell — and only then
// write it (the import is atomic: with an error, nothing is written). An
// Excel file first shows its first rows, and the user says which column
// holds which field (a column mapping, docs/formats/sheet-mapping.md; the
// columns are guessed from their headers).
import { useState } from 'preact/hooks';
import { ApiError, call } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { TableWrap } from '../components/TableWrap';
import { importContentType, parseCsv, type CsvRow } from '../csv';
import { useLang } from '../hooks';
import { Choice } from '../components/Choice';
import { t, type MessageKey } from '../messages';
import { SHEET_FIELDS, columnLetter, guessColumn } from '../sheet';

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

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// A dry run or the import itself (`extra`: the mapping of an Excel file). A
// file with conflicts is answered 409 with an import summary (nothing
// written): that summary is the answer here too.
async function post(body: string | ArrayBuffer, type: string, dryRun: boolean, extra = ''): Promise<Summary> {
  try {
    return await call<Summary>(`/api/dataValueSets?dryRun=${dryRun}${extra}`, { method: 'POST', raw: { body, type } });
  } catch (err) {
    const body = err instanceof ApiError ? (err.body as Summary | undefined) : undefined;
    if (body && (body as { responseType?: string }).responseType === 'ImportSummary') return body;
    throw err;
  }
}

interface SheetPreview {
  sheets: string[];
  sheet: string;
  rowCount: number;
  columnCount: number;
  rows: string[][];
}

type State =
  | { kind: 'idle'; note?: string }
  | { kind: 'checking'; name: string }
  | { kind: 'mapping'; name: string; bytes: ArrayBuffer; preview: SheetPreview; headerRow: number; columns: Record<string, number>; missing?: boolean }
  | { kind: 'checked'; name: string; type: string; body: string | ArrayBuffer; extra: string; summary: Summary; rows: CsvRow[] | null }
  | { kind: 'done'; name: string; summary: Summary }
  | { kind: 'error'; error: unknown };

export function Import() {
  useLang();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [over, setOver] = useState(false);

  // An Excel file: its first rows, and the columns guessed from row 1.
  const preview = async (name: string, bytes: ArrayBuffer, sheet = '') => {
    setState({ kind: 'checking', name });
    try {
      const p = await call<SheetPreview>(`/api/dataValueSets/sheetPreview${sheet ? `?sheet=${encodeURIComponent(sheet)}` : ''}`, {
        method: 'POST',
        raw: { body: bytes, type: XLSX },
      });
      const headers = p.rows[0] ?? [];
      const columns: Record<string, number> = {};
      for (const f of SHEET_FIELDS) columns[f.field] = guessColumn(headers, f.words);
      setState({ kind: 'mapping', name, bytes, preview: p, headerRow: 1, columns });
    } catch (error) {
      setState({ kind: 'error', error });
    }
  };

  const checkSheet = async (m: Extract<State, { kind: 'mapping' }>) => {
    if (SHEET_FIELDS.some((f) => f.required && !m.columns[f.field])) {
      setState({ ...m, missing: true });
      return;
    }
    const fields: Record<string, string> = {};
    for (const f of SHEET_FIELDS) if (m.columns[f.field]) fields[f.field] = `column:${columnLetter(m.columns[f.field])}`;
    const mapping = { format: 'gemis-mapping/1', kind: 'datavalues', sheet: m.preview.sheet, headerRows: String(m.headerRow), fields };
    const extra = `&mapping=${encodeURIComponent(JSON.stringify(mapping))}`;
    setState({ kind: 'checking', name: m.name });
    try {
      const summary = await post(m.bytes, XLSX, true, extra);
      setState({ kind: 'checked', name: m.name, type: XLSX, body: m.bytes, extra, summary, rows: null });
    } catch (error) {
      setState({ kind: 'error', error });
    }
  };

  const check = async (file: File) => {
    const name = file.name;
    if (/\.xls$/i.test(name)) {
      setState({ kind: 'idle', note: t('importOldExcel') });
      return;
    }
    if (/\.xlsx$/i.test(name)) {
      await preview(name, await file.arrayBuffer());
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
      setState({ kind: 'checked', name, type, body: text, extra: '', summary, rows: type === 'application/csv' ? parseCsv(text) : null });
    } catch (error) {
      setState({ kind: 'error', error });
    }
  };

  const commit = async () => {
    if (state.kind !== 'checked') return;
    try {
      const summary = await post(state.body, state.type, false, state.extra);
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
      {state.kind === 'mapping' && <SheetMapping state={state} onChange={setState} onSheet={(sheet) => preview(state.name, state.bytes, sheet)} onCheck={checkSheet} />}
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
                  {conflicts.some((c) => c.cell) && <th scope="col">{t('importCell')}</th>}
                  <th scope="col">{t('importField')}</th>
                  <th scope="col">{t('importValue')}</th>
                  <th scope="col">{t('importError')}</th>
                </tr>
              </thead>
              <tbody>
                {conflicts.map((c, i) => (
                  <tr key={i}>
                    <td class="num">{c.line}</td>
                    {conflicts.some((x) => x.cell) && <td>{c.cell ?? ''}</td>}
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

// An Excel file's first rows, with a choice of column for each field.
function SheetMapping({
  state,
  onChange,
  onSheet,
  onCheck,
}: {
  state: Extract<State, { kind: 'mapping' }>;
  onChange: (s: State) => void;
  onSheet: (sheet: string) => void;
  onCheck: (s: Extract<State, { kind: 'mapping' }>) => void;
}) {
  const { preview } = state;
  const width = Math.max(0, ...preview.rows.map((r) => r.length));
  const headers = preview.rows[state.headerRow - 1] ?? [];
  const options = Array.from({ length: width }, (_, i) => ({ value: String(i + 1), text: `${columnLetter(i + 1)} — ${headers[i] ?? ''}` }));
  return (
    <section aria-labelledby="sheet-h" data-testid="sheet-mapping">
      <h2 id="sheet-h">{t('importFile', { name: state.name })}</h2>
      <p class="hint">{t('sheetMappingHint')}</p>
      <div class="toolbar">
        {preview.sheets.length > 1 && (
          <div class="field">
            <label for="sheet-name">{t('sheetName')}</label>
            <Choice id="sheet-name" value={preview.sheet} options={preview.sheets.map((n) => ({ value: n, text: n }))} onChange={onSheet} />
          </div>
        )}
        <div class="field">
          <label for="sheet-header">{t('sheetHeaderRow')}</label>
          <Choice
            id="sheet-header"
            value={String(state.headerRow)}
            options={preview.rows.map((_, i) => ({ value: String(i + 1), text: String(i + 1) }))}
            onChange={(v) => {
              const headerRow = Number(v);
              const row = preview.rows[headerRow - 1] ?? [];
              const columns: Record<string, number> = {};
              for (const f of SHEET_FIELDS) columns[f.field] = guessColumn(row, f.words);
              onChange({ ...state, headerRow, columns });
            }}
          />
        </div>
      </div>
      <fieldset>
        <legend>{t('sheetColumns')}</legend>
        {SHEET_FIELDS.map((f) => (
          <div class="field" key={f.field}>
            <label for={`sheet-${f.field}`}>
              {t(f.label)}
              {f.required ? ' *' : ''}
            </label>
            <Choice
              id={`sheet-${f.field}`}
              value={String(state.columns[f.field] ?? 0)}
              options={options}
              first={[{ value: '0', text: t(f.required ? 'sheetChooseColumn' : 'sheetNoColumn') }]}
              onChange={(v) => onChange({ ...state, missing: false, columns: { ...state.columns, [f.field]: Number(v) } })}
            />
          </div>
        ))}
      </fieldset>
      {state.missing && (
        <p class="error" role="alert">
          {t('sheetMissingColumns')}
        </p>
      )}
      <TableWrap label={t('sheetFirstRows')}>
        <table data-testid="sheet-rows">
          <thead>
            <tr>
              <th scope="col" class="num">
                {t('importLine')}
              </th>
              {Array.from({ length: width }, (_, i) => (
                <th scope="col" key={i}>
                  {columnLetter(i + 1)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r, i) => (
              <tr key={i} class={i + 1 === state.headerRow ? 'row-total' : undefined}>
                <td class="num">{i + 1}</td>
                {Array.from({ length: width }, (_, j) => (
                  <td key={j}>{r[j] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {preview.rowCount > preview.rows.length && <p class="hint">{t('importMoreRows', { count: preview.rowCount - preview.rows.length })}</p>}
      <p class="actions">
        <button type="button" class="primary" onClick={() => onCheck(state)}>
          {t('sheetCheck')}
        </button>
      </p>
    </section>
  );
}
