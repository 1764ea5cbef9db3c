// The model registers (docs/program.md, "Models"): communication teams,
// savings groups, livelihood groups, trusted addresses, leaders' clubs and
// victims' livelihood models, each with its dates (established, consolidated,
// dissolved) and dated facts. The list filters by kind; the form adds a
// model (POST /api/models) or changes one (PUT /api/models/{code}), offering
// for each kind only the facts GET /api/modelKinds says it takes. The
// server republishes the figures computed from the registers.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { ApiError, call, query, seg, type UnitRef } from '../api';
import { Choice } from '../components/Choice';
import { DateField } from '../components/DateField';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { TableWrap } from '../components/TableWrap';
import { TextField } from '../components/TextField';
import { UnitPicker } from '../components/UnitPicker';
import { formatDate, todayInVietnam } from '../format';
import { useAsync, useLang } from '../hooks';
import { t, type MessageKey } from '../messages';
import type { PlanHeader } from '../plans';
import { ListStatus, SavedNotice, useRecordSave, useStoredRecord } from '../registers';
import { can, useSession } from '../session';
import { levelText } from './Units';

export interface FactSpec {
  code: string;
  type: 'count' | 'amount' | 'flag' | 'text' | 'choice' | 'set';
  confidential: boolean;
  choices: string[];
}

interface ModelKind {
  kind: string;
  name: string;
  fields: FactSpec[];
}

interface Fact {
  date: string;
  field: string;
  value: string | number | boolean;
}

interface Model {
  code: string;
  kind: string;
  name: string;
  orgUnit: string | null;
  orgUnitUid: string | null;
  orgUnitName: string | null;
  place: string;
  level: string;
  established: string;
  consolidated: string[];
  dissolved: string | null;
  plan: string | null;
  facts: Fact[];
  note: string;
  findings: { code: string; message: string }[];
}

// The names of the facts and of their choices, in the catalogue.
const FACT_NAMES: Record<string, MessageKey> = {
  members_female: 'factMembersFemale',
  members_male: 'factMembersMale',
  members_ethnic_minority: 'factMembersMinority',
  languages: 'factLanguages',
  equipment: 'factEquipment',
  equipment_value: 'factEquipmentValue',
  savings: 'factSavings',
  loans: 'factLoans',
  members_formal_finance: 'factFormalFinance',
  members_livelihood_support: 'factLivelihoodSupport',
  gals: 'factGals',
  form: 'factForm',
  owners_female: 'factOwnersFemale',
  owners_male: 'factOwnersMale',
  support_contents: 'factSupportContents',
  owner_name: 'factOwnerName',
  owner_trained: 'factOwnerTrained',
  board_members: 'factBoardMembers',
  hotline: 'factHotline',
  address: 'factAddress',
  equipment_support: 'factEquipmentSupport',
  setting: 'factSetting',
  facilitators: 'factFacilitators',
  support_given: 'factSupportGiven',
  support_amount: 'factSupportAmount',
};
const CHOICE_NAMES: Record<string, MessageKey> = {
  group: 'choiceGroup',
  cooperative_group: 'choiceCooperativeGroup',
  cooperative: 'choiceCooperative',
  school: 'choiceSchool',
  community: 'choiceCommunity',
  brand: 'choiceBrand',
  standards: 'choiceStandards',
  traceability: 'choiceTraceability',
  ecommerce: 'choiceEcommerce',
  logistics_payment: 'choiceLogisticsPayment',
  technical_advice: 'choiceTechnicalAdvice',
};

export const factName = (code: string) => (FACT_NAMES[code] ? t(FACT_NAMES[code]) : code);
const choiceName = (code: string) => (CHOICE_NAMES[code] ? t(CHOICE_NAMES[code]) : code);

// A fact's value as the server takes it, from the form's text (a flag is
// "true"/"false", a set its codes joined by ",").
export function factValue(spec: FactSpec | undefined, text: string): string | boolean {
  if (spec?.type === 'flag') return text === 'true';
  return text.trim();
}

// What a fact reads like in the list: "Số thành viên nữ: 9".
function factLine(spec: FactSpec | undefined, f: Fact): string {
  let v = String(f.value);
  if (spec?.type === 'flag') v = t(f.value === true || f.value === 'true' ? 'yes' : 'no');
  else if (spec?.type === 'choice' || spec?.type === 'set') v = v.split(',').filter(Boolean).map(choiceName).join(', ');
  return `${factName(f.field)}: ${v}`;
}

function useKinds() {
  const lang = useLang();
  return useAsync((signal) => call<{ modelKinds: ModelKind[] }>('/api/modelKinds', { signal }), [lang]);
}

export function Models() {
  const { me } = useSession();
  const location = useLocation();
  const q = location.query as Record<string, string | undefined>;
  const kind = q.kind ?? '';
  const kinds = useKinds();
  const list = useAsync((signal) => call<{ models: Model[] }>(`/api/models${query({ kind })}`, { signal }), [kind]);
  const kindName = (k: string) => kinds.data?.modelKinds.find((x) => x.kind === k)?.name ?? k;
  const specOf = (k: string, field: string) => kinds.data?.modelKinds.find((x) => x.kind === k)?.fields.find((f) => f.code === field);
  return (
    <>
      <h1>{t('modelsTitle')}</h1>
      <p class="hint">{t('modelsIntro')}</p>
      <SavedNotice saved={q.saved} deleted={q.deleted} savedKey="modelSaved" deletedKey="modelDeleted" />
      <div class="toolbar">
        <div class="field">
          <label for="model-kind">{t('modelKind')}</label>
          <Choice
            id="model-kind"
            value={kind}
            options={(kinds.data?.modelKinds ?? []).map((k) => ({ value: k.kind, text: k.name }))}
            first={[{ value: '', text: t('activitiesAllKinds') }]}
            onChange={(v) => location.route(`/models${query({ kind: v })}`)}
          />
        </div>
        {can(me, 'enter_data') && (
          <a class="button primary toolbar-button" href={`/models/new${query({ kind })}`}>
            {t('modelsNew')}
          </a>
        )}
      </div>
      <ListStatus list={list} count={list.data?.models.length} none="modelsNone" />
      {list.data && list.data.models.length > 0 && (
        <TableWrap label={t('modelsTitle')} exportName="mo-hinh">
          <table data-testid="models">
            <thead>
              <tr>
                <th scope="col">{t('modelCode')}</th>
                <th scope="col">{t('modelName')}</th>
                <th scope="col">{t('modelKind')}</th>
                <th scope="col">{t('modelUnit')}</th>
                <th scope="col">{t('modelEstablished')}</th>
                <th scope="col">{t('modelConsolidated')}</th>
                <th scope="col">{t('modelDissolved')}</th>
                <th scope="col">{t('modelFacts')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.models.map((m) => (
                <tr key={m.code} data-code={m.code}>
                  <td>
                    <a href={`/models/${seg(m.code)}`}>{m.code}</a>
                  </td>
                  <td>
                    {m.name}
                    {m.findings.map((f, i) => (
                      <p class="field-error" key={i}>
                        {f.message || f.code}
                      </p>
                    ))}
                  </td>
                  <td>{kindName(m.kind)}</td>
                  <td>{m.orgUnitName ?? ''}</td>
                  <td>{formatDate(m.established)}</td>
                  <td>{m.consolidated.map(formatDate).join(', ')}</td>
                  <td>{m.dissolved ? formatDate(m.dissolved) : ''}</td>
                  <td>
                    {m.facts.map((f, i) => (
                      <div key={i}>{factLine(specOf(m.kind, f.field), f)}</div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}

interface FactRow {
  date: string;
  field: string;
  value: string;
}

// The form: a new model at /models/new, an existing one at /models/{code}.
export function ModelForm() {
  const { me } = useSession();
  const location = useLocation();
  const kinds = useKinds();
  const plans = useAsync((signal) => call<{ plans: PlanHeader[] }>('/api/plans', { signal }), []);
  const { stored, key } = useStoredRecord<Model>('/api/models');
  if (kinds.error || plans.error || stored.error) return <ErrorBox error={kinds.error ?? plans.error ?? stored.error} />;
  if (!kinds.data || !plans.data || stored.loading) return <Loading />;
  return (
    <ModelEditor
      key={key}
      kinds={kinds.data.modelKinds}
      plans={plans.data.plans}
      stored={stored.data ?? null}
      initialKind={(location.query.kind as string | undefined) || 'communication_team'}
      canEdit={can(me, 'enter_data')}
    />
  );
}

function ModelEditor({ kinds, plans, stored, initialKind, canEdit }: { kinds: ModelKind[]; plans: PlanHeader[]; stored: Model | null; initialKind: string; canEdit: boolean }) {
  const [m, setM] = useState({
    code: stored?.code ?? '',
    kind: stored?.kind ?? initialKind,
    name: stored?.name ?? '',
    place: stored?.place ?? '',
    level: stored?.level ?? 'commune',
    established: stored?.established ?? todayInVietnam(),
    dissolved: stored?.dissolved ?? '',
    plan: stored?.plan ?? '',
    note: stored?.note ?? '',
  });
  const [consolidated, setConsolidated] = useState<string[]>(stored?.consolidated ?? []);
  const [unit, setUnit] = useState<UnitRef[]>(stored?.orgUnitUid ? [{ id: stored.orgUnitUid, code: stored.orgUnit ?? '', name: stored.orgUnitName ?? '', active: true }] : []);
  const [facts, setFacts] = useState<FactRow[]>((stored?.facts ?? []).map((f) => ({ date: f.date, field: f.field, value: String(f.value) })));
  const { error, busy, save, remove } = useRecordSave('/api/models', '/models');
  const [wrongRow, setWrongRow] = useState(-1);
  const kind = kinds.find((k) => k.kind === m.kind) ?? kinds[0];
  const set = (patch: Partial<typeof m>) => setM({ ...m, ...patch });
  const setFact = (i: number, patch: Partial<FactRow>) => setFacts(facts.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const specOf = (field: string) => kind.fields.find((f) => f.code === field);

  // Facts left empty are not sent (a yes/no box always is).
  const sent = facts.map((f, row) => ({ f, row })).filter(({ f }) => f.value.trim() !== '' || specOf(f.field)?.type === 'flag');

  const submit = (e: Event) => {
    e.preventDefault();
    setWrongRow(-1);
    const body = {
      code: m.code.trim(),
      kind: m.kind,
      name: m.name.trim(),
      orgUnit: unit[0]?.id ?? '',
      place: m.place.trim(),
      level: m.level,
      established: m.established,
      consolidated: consolidated.filter(Boolean),
      dissolved: m.dissolved || null,
      plan: m.plan || null,
      facts: sent.map(({ f }) => ({ date: f.date || m.established, field: f.field, value: factValue(specOf(f.field), f.value) })),
      note: m.note,
    };
    save(stored?.code ?? null, body, { kind: m.kind }, (err) => {
      // The server counts the facts sent: back to the rows on screen.
      const row = err instanceof ApiError ? /facts\/(\d+)/.exec(err.field ?? '') : null;
      if (row) setWrongRow(sent[Number(row[1])]?.row ?? -1);
    });
  };

  return (
    <>
      <p>
        <a href={`/models${query({ kind: m.kind })}`}>← {t('modelsTitle')}</a>
      </p>
      <h1>{stored ? `${stored.code} — ${stored.name}` : t('modelsNew')}</h1>
      {stored?.findings.map((f, i) => (
        <p class="error" key={i}>
          {f.message || f.code}
        </p>
      ))}
      {error !== null && <ErrorBox error={error} />}
      {wrongRow >= 0 && <p class="field-error">{t('modelFactRefused', { n: wrongRow + 1 })}</p>}
      <form class="user-form" onSubmit={submit} data-testid="model-form">
        <div class="field">
          <label for="m-kind">{t('modelKind')}</label>
          <Choice id="m-kind" value={m.kind} options={kinds.map((k) => ({ value: k.kind, text: k.name }))} onChange={(v) => set({ kind: v })} />
        </div>
        {!stored && <TextField id="m-code" label={t('modelCode')} hint={t('modelCodeHint')} required value={m.code} onValue={(v) => set({ code: v })} />}
        <TextField id="m-name" label={t('modelName')} required value={m.name} onValue={(v) => set({ name: v })} />
        <DateField id="m-established" label={t('modelEstablished')} value={m.established} onChange={(d) => set({ established: d })} />
        <UnitPicker id="m-unit" label={t('modelUnit')} units={unit} onChange={(u) => setUnit(u.slice(-1))} asOf={m.established} />
        <TextField id="m-place" label={t('modelPlace')} value={m.place} onValue={(v) => set({ place: v })} />
        <div class="field">
          <label for="m-level">{t('modelLevel')}</label>
          <Choice id="m-level" value={m.level} options={['province', 'district', 'commune'].map((l) => ({ value: l, text: levelText(l) }))} onChange={(v) => set({ level: v })} />
        </div>
        <div class="field">
          <label for="m-plan">{t('activityPlan')}</label>
          <Choice id="m-plan" value={m.plan} options={plans.map((p) => ({ value: p.code, text: p.number || p.code }))} first={[{ value: '', text: '—' }]} onChange={(v) => set({ plan: v })} />
        </div>
        <fieldset>
          <legend>{t('modelConsolidated')}</legend>
          {consolidated.map((d, i) => (
            <div class="toolbar" key={i}>
              <DateField id={`m-cons-${i}`} label={t('modelConsolidatedOn', { n: i + 1 })} value={d} onChange={(v) => setConsolidated(consolidated.map((x, j) => (j === i ? v : x)))} />
              <button type="button" class="small toolbar-button" aria-label={t('modelRemoveConsolidation', { n: i + 1 })} onClick={() => setConsolidated(consolidated.filter((_, j) => j !== i))}>
                ×
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setConsolidated([...consolidated, todayInVietnam()])}>
            {t('modelAddConsolidation')}
          </button>
        </fieldset>
        <DateField optional id="m-dissolved" label={t('modelDissolved')} value={m.dissolved} onChange={(d) => set({ dissolved: d })} />
        <fieldset>
          <legend>{t('modelFacts')}</legend>
          <p class="hint">{t('modelFactsHint')}</p>
          {facts.map((f, i) => {
            const spec = specOf(f.field);
            const id = `m-fact-${i}`;
            return (
              <div class={`participant-row${wrongRow === i ? ' row-wrong' : ''}`} key={i} data-row={i}>
                <DateField id={`${id}-date`} label={t('modelFactDate')} value={f.date} onChange={(d) => setFact(i, { date: d })} />
                <label>
                  {t('modelFact')}
                  <Choice value={f.field} options={kind.fields.map((x) => ({ value: x.code, text: `${factName(x.code)}${x.confidential ? ` (${t('modelConfidential')})` : ''}` }))} onChange={(v) => setFact(i, { field: v, value: '' })} />
                </label>
                <FactInput spec={spec} value={f.value} onValue={(v) => setFact(i, { value: v })} />
                <button type="button" class="small" aria-label={t('activityRemoveRow', { n: i + 1 })} onClick={() => setFacts(facts.filter((_, j) => j !== i))}>
                  ×
                </button>
              </div>
            );
          })}
          <button type="button" onClick={() => setFacts([...facts, { date: m.established, field: kind.fields[0]?.code ?? '', value: '' }])}>
            {t('modelAddFact')}
          </button>
        </fieldset>
        <TextField id="m-note" label={t('modelNote')} value={m.note} onValue={(v) => set({ note: v })} />
        {canEdit && (
          <div class="toolbar">
            <button type="submit" class="primary" disabled={busy}>
              {t('userSave')}
            </button>
            {stored && (
              <button type="button" disabled={busy} onClick={() => remove(stored.code, t('modelDeleteConfirm', { code: stored.code }), { kind: stored.kind })}>
                {t('modelDelete')}
              </button>
            )}
          </div>
        )}
      </form>
    </>
  );
}

// The input of one fact, by its type: a number, yes/no, one choice, several.
function FactInput({ spec, value, onValue }: { spec: FactSpec | undefined; value: string; onValue: (v: string) => void }) {
  const label = t('modelFactValue');
  if (spec?.type === 'flag') {
    return (
      <label class="check">
        <input type="checkbox" checked={value === 'true'} onChange={(e) => onValue((e.target as HTMLInputElement).checked ? 'true' : 'false')} /> {t('yes')}
      </label>
    );
  }
  if (spec?.type === 'choice') {
    return (
      <label>
        {label}
        <Choice value={value} options={spec.choices.map((c) => ({ value: c, text: choiceName(c) }))} first={[{ value: '', text: '—' }]} onChange={onValue} />
      </label>
    );
  }
  if (spec?.type === 'set') {
    const chosen = new Set(value.split(',').filter(Boolean));
    return (
      <fieldset class="choices">
        <legend>{label}</legend>
        {spec.choices.map((c) => (
          <label class="check" key={c}>
            <input
              type="checkbox"
              checked={chosen.has(c)}
              onChange={(e) => {
                if ((e.target as HTMLInputElement).checked) chosen.add(c);
                else chosen.delete(c);
                onValue(spec.choices.filter((x) => chosen.has(x)).join(','));
              }}
            />{' '}
            {choiceName(c)}
          </label>
        ))}
      </fieldset>
    );
  }
  const numeric = spec?.type === 'count' || spec?.type === 'amount';
  return (
    <label>
      {label}
      {spec?.type === 'amount' ? ' (đ)' : ''}
      <input inputMode={numeric ? 'numeric' : 'text'} size={numeric ? 12 : 24} value={value} onInput={(e) => onValue((e.target as HTMLInputElement).value)} />
    </label>
  );
}
