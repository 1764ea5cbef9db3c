// A plan's allocation laid out like its appendix table: units down, measures
// across (split into province and district level where the plan splits them),
// the total and level rows first, with the validation findings marked on the
// cells they concern and listed above.
//
// Officers who may edit targets edit it like a spreadsheet (docs/ui.md,
// "Allocation editor"): type into a cell, move with the arrow keys and Enter,
// paste a block copied from Excel. As they type, the table is checked on the
// server without being written (a dry run of POST …/allocation) and the
// findings move with the figures; "Save" writes every changed cell at once,
// refused as a whole when someone changed one of them meanwhile.
import { useLocation, useRoute } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, call, query, seg } from '../api';
import { ErrorBox, Loading, errorText } from '../components/ErrorBox';
import { Findings } from '../components/Findings';
import { TableWrap } from '../components/TableWrap';
import { formatNumber } from '../format';
import { isBlock, parseCell, parseClipboard, placeBlock, step } from '../grid';
import { useAsync, useDebounced, useLang } from '../hooks';
import { t, type MessageKey } from '../messages';
import {
  unitCode,
  type Allocation as AllocationTable,
  type AllocationColumn,
  type AllocationEditResult,
  type Finding,
  type Validation,
} from '../plans';
import { can, useSession } from '../session';

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

function cellFindings(findings: Finding[], col: AllocationColumn, orgUnit: string, rowKind: string): Finding[] {
  if (col.kind !== 'target' || !orgUnit || rowKind === 'window') return [];
  return findings.filter((f) => f.rule !== 'source_defect' && f.measure === col.measure && unitCode(f.orgUnit) === orgUnit);
}

interface CellEdit {
  row: number;
  column: number;
  value: string;
  was: string;
  orgUnit: string;
  measure?: string;
}

// A message on one cell: a value that is not a number, or the server's
// refusal of it.
interface CellProblem {
  key: string;
  message: string;
}

const cellKey = (row: number, col: number) => `${row}:${col}`;

// A stored value as it stands in an input: no grouping, the language's
// decimal mark ("12,5" in Vietnamese).
function inputText(v: string | null, lang: 'vi' | 'en'): string {
  if (v === null || v === undefined) return '';
  return lang === 'vi' ? v.replace('.', ',') : v;
}

export function Allocation() {
  const lang = useLang();
  const { me } = useSession();
  const { params } = useRoute();
  const location = useLocation();
  const table = (location.query.table as string | undefined) ?? '';
  const path = `/api/plans/${seg(params.plan)}/allocation`;
  const alloc = useAsync((signal) => call<AllocationTable>(`${path}${query({ table })}`, { signal }), [params.plan, table]);
  const validation = useAsync((signal) => call<Validation>(`/api/plans/${seg(params.plan)}/validation`, { signal }), [params.plan]);
  const editor = can(me, 'edit_targets');
  const [editing, setEditing] = useState(false);
  // What was typed into each changed cell ("row:col" → text), as typed.
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [checked, setChecked] = useState<AllocationEditResult | null>(null);
  const [checking, setChecking] = useState(false);
  const [problem, setProblem] = useState<CellProblem | null>(null);
  const [conflict, setConflict] = useState(false);
  const [notice, setNotice] = useState('');
  const [saving, setSaving] = useState(false);
  const gridRef = useRef<HTMLTableElement>(null);
  const pending = useDebounced(typed, 350);
  const a = alloc.data;

  // The cells to send, in a stable order; a cell that is not a number stays
  // on the screen with its message and is not sent.
  function edits(from: Record<string, string>): { cells: CellEdit[]; keys: string[]; bad: CellProblem | null } {
    const cells: CellEdit[] = [];
    const keys: string[] = [];
    let bad: CellProblem | null = null;
    if (!a) return { cells, keys, bad };
    for (const key of Object.keys(from).sort()) {
      const [r, c] = key.split(':').map(Number);
      const parsed = parseCell(from[key], lang);
      if (parsed.value === null) {
        bad ??= { key, message: t(parsed.error as MessageKey) };
        continue;
      }
      cells.push({ row: r, column: c, value: parsed.value, was: a.rows[r].cells[c] ?? '', orgUnit: a.rows[r].orgUnit, measure: a.columns[c].measure });
      keys.push(key);
    }
    return { cells, keys, bad };
  }

  // The name of a cell for messages: "Quảng Hòa — Tổ truyền thông … (Cấp tỉnh)".
  function cellName(key: string): string {
    if (!a) return key;
    const [r, c] = key.split(':').map(Number);
    const col = a.columns[c];
    return `${a.rows[r].label} — ${col.label}${col.levelLabel ? ` (${col.levelLabel})` : ''}`;
  }

  // A refusal of the server, on the cell it names.
  function refusal(err: unknown, keys: string[]): void {
    if (!(err instanceof ApiError)) {
      setProblem({ key: '', message: errorText(err) });
      return;
    }
    const m = /^cells\/(\d+)/.exec(err.field ?? '');
    const key = m ? keys[Number(m[1])] ?? '' : '';
    const cell = key ? cellName(key) : '';
    if (err.status === 409) {
      setConflict(true);
      setProblem({ key, message: t('allocationConflict', { cell }) });
    } else if (err.code === 'E_SCOPE') {
      setProblem({ key, message: t('allocationOutOfScope', { cell }) });
    } else if (err.status === 400 && key) {
      setProblem({ key, message: t('allocationBadValue', { cell }) });
    } else {
      setProblem({ key, message: errorText(err) });
    }
  }

  // Check the table as typed (nothing is written).
  useEffect(() => {
    if (!editing || !a) return;
    const { cells, keys, bad } = edits(pending);
    setProblem(bad);
    if (cells.length === 0) {
      setChecked(null);
      return;
    }
    const ctrl = new AbortController();
    setChecking(true);
    call<AllocationEditResult>(path, { method: 'POST', body: { table: a.table, dryRun: true, cells }, signal: ctrl.signal }).then(
      (result) => {
        if (ctrl.signal.aborted) return;
        setChecked(result);
        setConflict(false);
        setChecking(false);
      },
      (err) => {
        if (ctrl.signal.aborted) return;
        setChecking(false);
        setChecked(null);
        refusal(err, keys);
      },
    );
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pending, editing, a]);

  // Leaving with unsaved cells asks first.
  const unsaved = Object.keys(typed).length;
  useEffect(() => {
    if (unsaved === 0) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsaved]);

  if (alloc.error !== undefined) return <ErrorBox error={alloc.error} onRetry={alloc.reload} />;
  if (!a) return <Loading />;

  const editable: boolean[][] = a.rows.map((r) => r.cells.map((_, c) => editing && r.targets?.[c] != null));
  const stale = pending !== typed || checking;
  const findings = (editing && checked ? checked.findings : validation.data?.findings ?? []).filter((f) => !f.rule.startsWith('budget'));
  const errors = findings.filter((f) => f.severity === 'error').length;
  const groups = columnGroups(a.columns);
  const anySplit = groups.some((g) => g.split);
  const others = a.otherTables.filter((x) => x && x !== a.table);
  const xlsx = `${path}${query({ table, format: 'xlsx' })}`;

  // The text of a cell after typing `text` into it: unchanged cells leave
  // the list of edits.
  function type(prev: Record<string, string>, key: string, text: string): Record<string, string> {
    const [r, c] = key.split(':').map(Number);
    const original = a!.rows[r].cells[c] ?? '';
    const parsed = parseCell(text, lang);
    const next = { ...prev };
    if (parsed.value !== null && (parsed.value === original || (parsed.value !== '' && original !== '' && Number(parsed.value) === Number(original)))) {
      delete next[key];
    } else {
      next[key] = text;
    }
    return next;
  }

  function focusCell(r: number, c: number) {
    const input = gridRef.current?.querySelector<HTMLInputElement>(`input[data-r="${r}"][data-c="${c}"]`);
    input?.focus();
    input?.select();
  }

  function onKeyDown(e: KeyboardEvent, r: number, c: number) {
    const input = e.currentTarget as HTMLInputElement;
    let dir: [number, number] | null = null;
    if (e.key === 'ArrowUp' || (e.key === 'Enter' && e.shiftKey)) dir = [-1, 0];
    else if (e.key === 'ArrowDown' || e.key === 'Enter') dir = [1, 0];
    else if (e.key === 'ArrowLeft' && input.selectionStart === 0 && input.selectionEnd === 0) dir = [0, -1];
    else if (e.key === 'ArrowRight' && input.selectionStart === input.value.length) dir = [0, 1];
    else if (e.key === 'Escape') {
      setTyped((prev) => {
        const next = { ...prev };
        delete next[cellKey(r, c)];
        return next;
      });
      return;
    }
    if (!dir) return;
    const next = step(editable, r, c, dir[0], dir[1]);
    if (next) {
      e.preventDefault();
      focusCell(next[0], next[1]);
    }
  }

  function onPaste(e: ClipboardEvent, r: number, c: number) {
    const text = e.clipboardData?.getData('text/plain') ?? '';
    if (!isBlock(text)) return;
    e.preventDefault();
    const { cells, skipped } = placeBlock(editable, r, c, parseClipboard(text));
    setTyped((prev) => cells.reduce((acc, cell) => type(acc, cellKey(cell.row, cell.col), cell.text), prev));
    setNotice(t(skipped ? 'allocationPastedSkipped' : 'allocationPasted', { count: cells.length, skipped }));
  }

  async function save() {
    const { cells, keys, bad } = edits(typed);
    if (bad) {
      setProblem(bad);
      return;
    }
    setSaving(true);
    try {
      const result = await call<AllocationEditResult>(path, { method: 'POST', body: { table: a!.table, dryRun: false, cells } });
      setTyped({});
      setChecked(null);
      setProblem(null);
      setNotice(t('allocationSaved', { count: result.written }));
      alloc.reload();
      validation.reload();
    } catch (err) {
      refusal(err, keys);
    } finally {
      setSaving(false);
    }
  }

  function discard() {
    setTyped({});
    setChecked(null);
    setProblem(null);
    setConflict(false);
    setNotice('');
  }

  function reloadTable() {
    discard();
    alloc.reload();
    validation.reload();
  }

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
        {editor && a.rows.length > 0 && (
          <button
            type="button"
            aria-pressed={editing}
            data-testid="allocation-edit"
            onClick={() => {
              if (editing) discard();
              setEditing(!editing);
            }}
          >
            {t(editing ? 'allocationStopEditing' : 'allocationEdit')}
          </button>
        )}
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
      {editing && (
        <section class="card editor-bar" aria-label={t('allocationEdit')}>
          <p class="hint">{t('allocationEditHint')}</p>
          <div class="toolbar">
            <button type="button" class="primary" disabled={unsaved === 0 || saving || stale} onClick={save} data-testid="allocation-save">
              {t('allocationSave', { count: unsaved })}
            </button>
            <button type="button" disabled={unsaved === 0 || saving} onClick={discard}>
              {t('allocationDiscard')}
            </button>
            {conflict && (
              <button type="button" onClick={reloadTable}>
                {t('allocationReload')}
              </button>
            )}
          </div>
          <p role="status" data-testid="allocation-status">
            {saving ? t('allocationSaving') : stale && unsaved ? t('allocationChecking') : checked ? t('allocationChecked', { errors, warnings: findings.length - errors }) : ''}
          </p>
          {problem && (
            <p class="error" role="alert" data-testid="allocation-problem">
              {problem.message}
            </p>
          )}
        </section>
      )}
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {(validation.data || checked) && <Findings findings={findings} testId="allocation-findings" />}
      {a.rows.length === 0 ? (
        <p>{t('allocationNone')}</p>
      ) : (
        <TableWrap label={t('allocationTitle', { table: a.table || a.plan })} exportName={`phan-bo-${params.plan}`}>
          <table class={`grid${editing ? ' editing' : ''}`} data-testid="allocation-table" ref={gridRef}>
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
                    const own = cellFindings(findings, a.columns[ci], r.orgUnit, r.kind);
                    const key = cellKey(ri, ci);
                    const changed = key in typed;
                    const wrong = problem?.key === key;
                    const cls = `num${own.length ? ' cell-finding' : ''}${changed ? ' cell-changed' : ''}${wrong ? ' cell-wrong' : ''}`;
                    const note = own.length ? t('findingInCell', { message: own[0].message }) : undefined;
                    if (editable[ri][ci]) {
                      return (
                        <td key={ci} class={cls} title={note}>
                          <input
                            class="cell-input"
                            inputMode="decimal"
                            autoComplete="off"
                            data-r={ri}
                            data-c={ci}
                            aria-label={note ? `${cellName(key)}. ${note}` : cellName(key)}
                            aria-invalid={wrong || undefined}
                            value={changed ? typed[key] : inputText(v, lang)}
                            onInput={(e) => {
                              const text = (e.currentTarget as HTMLInputElement).value;
                              setTyped((prev) => type(prev, key, text));
                              setNotice('');
                            }}
                            onKeyDown={(e) => onKeyDown(e, ri, ci)}
                            onPaste={(e) => onPaste(e, ri, ci)}
                          />
                        </td>
                      );
                    }
                    return (
                      <td key={ci} class={cls} title={note}>
                        {cellText(v, lang)}
                        {own.length > 0 && <span class="sr-only"> {note}</span>}
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
