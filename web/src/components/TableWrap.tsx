// A wide table's own scrolling box: on a phone the table scrolls inside it,
// never the page. It is focusable and named, so keyboard users can scroll it
// too (WCAG 2.1.1). With `exportName`, a button above it downloads the table
// as it is shown, as CSV for Excel.
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import { toCsv } from '../csv';
import { t } from '../messages';

// The cells of a table as text rows; a cell spanning columns is followed by
// empty ones, so the columns line up in a spreadsheet.
function tableRows(table: HTMLTableElement): string[][] {
  const rows: string[][] = [];
  for (const tr of Array.from(table.rows)) {
    const row: string[] = [];
    for (const cell of Array.from(tr.cells)) {
      // the text a reader sees, without the buttons in it
      const copy = cell.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('button, .sr-only').forEach((b) => b.remove());
      row.push((copy.textContent ?? '').replace(/\s+/g, ' ').trim());
      for (let i = 1; i < cell.colSpan; i++) row.push('');
    }
    rows.push(row);
  }
  return rows;
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function TableWrap({ label, children, exportName }: { label: string; children: ComponentChildren; exportName?: string }) {
  const box = useRef<HTMLDivElement>(null);
  return (
    <>
      {exportName && (
        <p class="table-actions">
          <button
            type="button"
            class="small"
            onClick={() => {
              const table = box.current?.querySelector('table');
              if (table) download(`${exportName}.csv`, toCsv(tableRows(table)));
            }}
          >
            {t('exportCsv')}
          </button>
        </p>
      )}
      <div class="table-wrap" tabIndex={0} role="region" aria-label={label} ref={box}>
        {children}
      </div>
    </>
  );
}
