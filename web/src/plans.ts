// Plans as the API answers them (GET /api/plans, /api/plans/{plan}) and the
// names of the measures their targets count (data elements and indicators),
// fetched once per page load.
import { call } from './api';
import { formatDate } from './format';

export interface Source {
  document: string;
  section: string;
  text: string;
}

export interface PlanHeader {
  code: string;
  number: string;
  title: string;
  issuerUnit: string;
  issuerAgency: string;
  issuerAgencyName?: string;
  signer: string;
  signerTitle: string;
  place: string;
  date: string;
  period: string;
  periodText: string;
  status: string;
}

export interface Target {
  id: number;
  measure: string;
  node: string;
  contentArea: string;
  orgUnit: string;
  agency: string;
  level: string;
  period: string;
  window: string;
  value: string;
  unit: string;
  unitLabel: string;
  status: string;
  statusNote: string;
  table: string;
  source: Source;
}

export interface ContentArea {
  code: string;
  number: string;
  name: string;
  nameEn: string;
}

export interface Citation {
  relation: string;
  kind: string;
  number: string;
  issuer: string;
  date: string;
  title: string;
}

export interface Plan extends PlanHeader {
  source: Source;
  citations: Citation[];
  targets: Target[];
  contentAreas: ContentArea[];
  notes: { kind: string; message: string; source: Source }[];
}

export interface ProgressRow {
  row: number;
  measure: string;
  measureName: string;
  measureKind: string;
  orgUnit: string;
  orgUnitName: string;
  level: string;
  agency: string;
  window: string;
  target: string;
  values: string[];
  unitLabel: string;
  actual: number | null;
  percent: number | null;
  elapsed: number | null;
  status: string;
  note: string;
  parent: number | null;
  depth: number;
  targetIds: number[];
}

export interface ProgressReport {
  plan: string;
  planCode: string;
  title: string;
  at: string;
  hierarchyDate: string;
  rows: ProgressRow[];
}

let measureNames: Promise<Map<string, string>> | null = null;

// code → name of every data element and indicator the user may see.
export function loadMeasureNames(): Promise<Map<string, string>> {
  if (!measureNames) {
    measureNames = Promise.all([
      call<{ dataElements: { code: string; name: string }[] }>('/api/dataElements'),
      call<{ indicators: { code: string; name: string }[] }>('/api/indicators').catch(() => ({ indicators: [] })),
    ]).then(([de, ind]) => {
      const m = new Map<string, string>();
      for (const e of de.dataElements) m.set(e.code, e.name);
      for (const i of ind.indicators) m.set(i.code, i.name);
      return m;
    });
    measureNames.catch(() => {
      measureNames = null;
    });
  }
  return measureNames;
}

// "04 Tỉnh Cao Bằng" → "Tỉnh Cao Bằng" (the API labels units "code name").
export function unitName(label: string): string {
  const i = label.indexOf(' ');
  return i > 0 && /^[0-9A-Z]+$/.test(label.slice(0, i)) ? label.slice(i + 1) : label;
}

export function unitCode(label: string): string {
  const i = label.indexOf(' ');
  return i > 0 ? label.slice(0, i) : label;
}

// "Kế hoạch số 75/KH-BTV ngày 13/09/2022 của Ban Thường vụ …, về …", the way
// a Vietnamese document cites another (the words stay Vietnamese: they are
// the document's own).
export function citationText(c: Citation): string {
  const kind = c.kind ? c.kind.charAt(0).toUpperCase() + c.kind.slice(1) : '';
  let text = [kind, c.number ? `số ${c.number}` : ''].filter(Boolean).join(' ');
  if (c.date) text += ` ngày ${formatDate(c.date)}`;
  if (c.issuer) text += ` của ${c.issuer}`;
  if (c.title) text += ` ${c.title}`;
  return text.trim();
}

export interface BudgetLine {
  key: string;
  parent: string;
  orgUnit: string;
  agency: string;
  level: string;
  funding: string;
  period: string;
  kind: string;
  carriedFrom: string;
  amount: number;
  label: string;
  source: Source;
}

export interface Finding {
  rule: string;
  severity: 'error' | 'warning';
  plan: string;
  orgUnit: string;
  measure: string;
  period: string;
  expected: string;
  found: string;
  message: string;
  source: Source;
}

export interface Validation {
  plan: string;
  errors: number;
  warnings: number;
  findings: Finding[];
}

export interface AllocationColumn {
  kind: 'placeCount' | 'target';
  label: string;
  measure?: string;
  level?: string;
  levelLabel?: string;
  window?: string;
  placeKind?: string;
}

export interface AllocationRow {
  kind: string;
  stt: string;
  label: string;
  orgUnit: string;
  agency: string;
  cells: (string | null)[];
  // Per cell: the target behind it, 0 for an empty cell that may be filled,
  // null for a cell that is not a target of the row.
  targets?: (number | null)[];
}

export interface Allocation {
  plan: string;
  table: string;
  title: string;
  otherTables: string[];
  columns: AllocationColumn[];
  rows: AllocationRow[];
}

// One node of GET /api/programNodes.
export interface ProgramNode {
  code: string;
  parent: string;
  kind: 'programme' | 'project' | 'content_area' | 'activity';
  number: string;
  name: string;
}

// The answer of POST /api/plans/{plan}/allocation (the editor).
export interface AllocationEditResult {
  dryRun: boolean;
  changed: number;
  written: number;
  allocation: Allocation;
  errors: number;
  warnings: number;
  findings: Finding[];
}

// The budget lines of one year as a tree: each line stated without a parent,
// followed by its parts (depth 1, their parts depth 2, …), in the plan's
// order. A line whose parent is missing, or caught in a cycle, is shown at
// the top level rather than lost.
export function budgetTree(lines: BudgetLine[]): { line: BudgetLine; depth: number }[] {
  const out: { line: BudgetLine; depth: number }[] = [];
  const keys = new Set(lines.map((l) => l.key));
  const seen = new Set<BudgetLine>();
  const visit = (line: BudgetLine, depth: number) => {
    if (seen.has(line)) return;
    seen.add(line);
    out.push({ line, depth });
    for (const part of lines) if (part.parent === line.key && part !== line) visit(part, depth + 1);
  };
  for (const line of lines) if (!line.parent || !keys.has(line.parent)) visit(line, 0);
  for (const line of lines) visit(line, 0);
  return out;
}
