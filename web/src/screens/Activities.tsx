// The activities register (docs/program.md, "Activities"): what was held,
// where and when, with its participants counted by sex, ethnic group and age
// band; a form adds one (POST /api/activities), and the figures computed
// from the register are republished by the server.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { call, query, type UnitRef } from '../api';
import { Choice, type ChoiceOption } from '../components/Choice';
import { DateField } from '../components/DateField';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { TableWrap } from '../components/TableWrap';
import { TextField } from '../components/TextField';
import { UnitPicker } from '../components/UnitPicker';
import { checkValue } from '../entry';
import { formatDate, formatMoney, formatNumber, todayInVietnam } from '../format';
import { useAsync, useLang } from '../hooks';
import { t, type MessageKey } from '../messages';
import type { PlanHeader } from '../plans';
import { ListStatus, SavedNotice, useCategories, useRecordSave, type CategoryOption } from '../registers';
import { can, useSession } from '../session';
import { levelText } from './Units';

export const KINDS: [string, MessageKey][] = [
  ['communication', 'kindCommunication'],
  ['contest', 'kindContest'],
  ['training', 'kindTraining'],
  ['policy_dialogue', 'kindPolicyDialogue'],
  ['workshop', 'kindWorkshop'],
  ['supervision', 'kindSupervision'],
  ['model_session', 'kindModelSession'],
];
const PROGRAMMES: [string, MessageKey][] = [
  ['programme_2', 'programme2'],
  ['programme_3', 'programme3'],
  ['monitoring', 'programmeMonitoring'],
  ['women_cadres', 'programmeWomenCadres'],
  ['model_operators', 'programmeModelOperators'],
];
const DIALOGUES: [string, MessageKey][] = [
  ['commune', 'dialogueCommune'],
  ['village_cluster', 'dialogueVillageCluster'],
];

// The (code, message) pairs of a list as choices in the current language.
function choices(list: [string, MessageKey][]): ChoiceOption[] {
  return list.map(([value, key]) => ({ value, text: t(key) }));
}

function optionChoices(list: CategoryOption[]): ChoiceOption[] {
  return list.map((o) => ({ value: o.code, text: o.name }));
}

function kindText(kind: string): string {
  const k = KINDS.find(([code]) => code === kind);
  return k ? t(k[1]) : kind;
}

interface Activity {
  code: string;
  kind: string;
  title: string;
  start: string;
  end: string;
  orgUnitName: string;
  cost: number;
  totals: { female: number; male: number; ethnicMinority: number; total: number };
  findings: { code?: string; rule?: string; message?: string }[];
}

export function Activities() {
  const lang = useLang();
  const { me } = useSession();
  const location = useLocation();
  const q = location.query as Record<string, string | undefined>;
  const kind = q.kind ?? '';
  const from = q.from ?? '';
  const to = q.to ?? '';
  const go = (next: Record<string, string>) => location.route(`/activities${query({ kind, from, to, ...next, saved: '' })}`);
  const list = useAsync((signal) => call<{ activities: Activity[] }>(`/api/activities${query({ kind, from, to })}`, { signal }), [kind, from, to]);
  return (
    <>
      <h1>{t('activitiesTitle')}</h1>
      <p class="hint">{t('activitiesIntro')}</p>
      <SavedNotice saved={q.saved} savedKey="activitiesSaved" />
      <div class="toolbar">
        <div class="field">
          <label for="act-kind">{t('activitiesKind')}</label>
          <Choice id="act-kind" value={kind} options={choices(KINDS)} first={[{ value: '', text: t('activitiesAllKinds') }]} onChange={(v) => go({ kind: v })} />
        </div>
        <DateField id="act-from" label={t('activitiesFrom')} value={from} onChange={(d) => go({ from: d })} />
        <DateField id="act-to" label={t('activitiesTo')} value={to} onChange={(d) => go({ to: d })} />
        {can(me, 'enter_data') && (
          <a class="button primary toolbar-button" href="/activities/new">
            {t('activitiesNew')}
          </a>
        )}
      </div>
      <ListStatus list={list} count={list.data?.activities.length} none="activitiesNone" />
      {list.data && list.data.activities.length > 0 && (
        <TableWrap label={t('activitiesTitle')} exportName="hoat-dong">
          <table data-testid="activities">
            <thead>
              <tr>
                <th scope="col">{t('activityCode')}</th>
                <th scope="col">{t('activityTitle')}</th>
                <th scope="col">{t('activitiesKind')}</th>
                <th scope="col">{t('activitiesDates')}</th>
                <th scope="col">{t('activityUnit')}</th>
                <th scope="col" class="num">
                  {t('activitiesWomen')}
                </th>
                <th scope="col" class="num">
                  {t('activitiesMen')}
                </th>
                <th scope="col" class="num">
                  {t('activitiesMinority')}
                </th>
                <th scope="col" class="num">
                  {t('activitiesCost')}
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.activities.map((a) => (
                <tr key={a.code} data-code={a.code}>
                  <td>{a.code}</td>
                  <td>
                    {a.title}
                    {a.findings.map((f, i) => (
                      <p class="field-error" key={i}>
                        {f.message ?? f.code ?? f.rule}
                      </p>
                    ))}
                  </td>
                  <td>{kindText(a.kind)}</td>
                  <td>{a.end && a.end !== a.start ? `${formatDate(a.start)}–${formatDate(a.end)}` : formatDate(a.start)}</td>
                  <td>{a.orgUnitName}</td>
                  <td class="num">{formatNumber(a.totals.female, lang)}</td>
                  <td class="num">{formatNumber(a.totals.male, lang)}</td>
                  <td class="num">{formatNumber(a.totals.ethnicMinority, lang)}</td>
                  <td class="num">{formatMoney(a.cost, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}

interface Row {
  sex: string;
  ethnicity: string;
  ageBand: string;
  count: string;
}

export function ActivityNew() {
  useLang();
  const plans = useAsync((signal) => call<{ plans: PlanHeader[] }>('/api/plans', { signal }), []);
  const categories = useCategories();
  const [a, setA] = useState({
    code: '',
    kind: 'communication',
    title: '',
    start: todayInVietnam(),
    end: '',
    level: 'commune',
    place: '',
    plan: '',
    programNode: '',
    programme: 'programme_2',
    dialogueLevel: 'commune',
    topic: '',
    dvPrevention: false,
    cost: '',
  });
  const [unit, setUnit] = useState<UnitRef[]>([]);
  const [rows, setRows] = useState<Row[]>([{ sex: 'FEMALE', ethnicity: '', ageBand: '', count: '' }]);
  const { error, setError, busy, save } = useRecordSave('/api/activities', '/activities');
  const [fieldError, setFieldError] = useState('');
  const set = (patch: Partial<typeof a>) => setA({ ...a, ...patch });
  const setRow = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setFieldError('');
    const cost = checkValue('INTEGER_ZERO_OR_POSITIVE', a.cost.replace(/\s*đ$/, ''));
    if (cost.value === null) {
      setFieldError(t('activityCostHint'));
      return;
    }
    const participants = [];
    for (const r of rows) {
      if (r.count.trim() === '') continue;
      const n = checkValue('INTEGER_POSITIVE', r.count);
      if (n.value === null || n.value === '') {
        setFieldError(t(n.error ?? 'entryNeedPositive'));
        return;
      }
      participants.push({ sex: r.sex, ethnicity: r.ethnicity, ageBand: r.ageBand, count: Number(n.value) });
    }
    const body: { code: string } & Record<string, unknown> = {
      code: a.code.trim(),
      kind: a.kind,
      title: a.title.trim(),
      start: a.start,
      end: a.end || a.start,
      orgUnit: unit[0]?.code ?? '',
      level: a.level,
      place: a.place,
      plan: a.plan,
      programNode: a.programNode.trim(),
      cost: Number(cost.value || 0),
      dvPrevention: a.dvPrevention,
      participants,
    };
    if (a.kind === 'training') body.programme = a.programme;
    if (a.kind === 'policy_dialogue') {
      body.dialogueLevel = a.dialogueLevel;
      body.topic = a.topic;
    }
    save(null, body);
  };

  if (!categories.data || !plans.data) return categories.error || plans.error ? <ErrorBox error={categories.error ?? plans.error} /> : <Loading />;
  const opt = { ethnicity: categories.data.get('ETHNICITY') ?? [], age: categories.data.get('AGE_BAND') ?? [], sex: categories.data.get('SEX') ?? [] };
  return (
    <>
      <p>
        <a href="/activities">← {t('activitiesTitle')}</a>
      </p>
      <h1>{t('activitiesNew')}</h1>
      {error !== null && <ErrorBox error={error} />}
      {fieldError && (
        <p class="error" role="alert">
          {fieldError}
        </p>
      )}
      <form class="user-form" onSubmit={submit} data-testid="activity-form">
        <div class="field">
          <label for="a-kind">{t('activitiesKind')}</label>
          <Choice id="a-kind" value={a.kind} options={choices(KINDS.filter(([k]) => k !== 'model_session'))} onChange={(v) => set({ kind: v })} />
        </div>
        <TextField id="a-code" label={t('activityCode')} required value={a.code} onValue={(v) => set({ code: v })} />
        <TextField id="a-title" label={t('activityTitle')} required value={a.title} onValue={(v) => set({ title: v })} />
        <div class="toolbar">
          <DateField id="a-start" label={t('activityStart')} value={a.start} onChange={(d) => set({ start: d })} />
          <DateField optional id="a-end" label={t('activityEnd')} value={a.end} onChange={(d) => set({ end: d })} />
        </div>
        <UnitPicker id="a-unit" label={t('activityUnit')} units={unit} onChange={(u) => setUnit(u.slice(-1))} asOf={a.start} />
        <div class="field">
          <label for="a-level">{t('activityLevel')}</label>
          <Choice id="a-level" value={a.level} options={['province', 'district', 'commune'].map((l) => ({ value: l, text: levelText(l) }))} onChange={(v) => set({ level: v })} />
        </div>
        <TextField id="a-place" label={t('activityPlace')} value={a.place} onValue={(v) => set({ place: v })} />
        <div class="field">
          <label for="a-plan">{t('activityPlan')}</label>
          <Choice
            id="a-plan"
            value={a.plan}
            options={plans.data.plans.map((p) => ({ value: p.code, text: p.number || p.code }))}
            first={[{ value: '', text: '—' }]}
            onChange={(v) => set({ plan: v })}
          />
        </div>
        <TextField id="a-node" label={t('activityNode')} value={a.programNode} onValue={(v) => set({ programNode: v })} />
        {a.kind === 'training' && (
          <div class="field">
            <label for="a-programme">{t('activityProgramme')}</label>
            <Choice id="a-programme" value={a.programme} options={choices(PROGRAMMES)} onChange={(v) => set({ programme: v })} />
          </div>
        )}
        {a.kind === 'policy_dialogue' && (
          <>
            <div class="field">
              <label for="a-dialogue">{t('activityDialogue')}</label>
              <Choice id="a-dialogue" value={a.dialogueLevel} options={choices(DIALOGUES)} onChange={(v) => set({ dialogueLevel: v })} />
            </div>
            <TextField id="a-topic" label={t('activityTopic')} value={a.topic} onValue={(v) => set({ topic: v })} />
          </>
        )}
        <label class="check">
          <input type="checkbox" checked={a.dvPrevention} onChange={(e) => set({ dvPrevention: (e.target as HTMLInputElement).checked })} /> {t('activityDv')}
        </label>
        <TextField id="a-cost" label={t('activitiesCost')} hint={t('activityCostHint')} inputMode="numeric" value={a.cost} onValue={(v) => set({ cost: v })} />
        <fieldset>
          <legend>{t('activityParticipants')}</legend>
          {rows.map((r, i) => (
            <div class="participant-row" key={i} data-row={i}>
              <label>
                {t('activitySex')}
                <Choice value={r.sex} options={optionChoices(opt.sex)} onChange={(v) => setRow(i, { sex: v })} />
              </label>
              <label>
                {t('activityEthnicity')}
                <Choice
                  value={r.ethnicity}
                  options={optionChoices(opt.ethnicity)}
                  first={[
                    { value: '', text: t('activityUnknown') },
                    { value: 'MINORITY', text: t('activityMinority') },
                  ]}
                  onChange={(v) => setRow(i, { ethnicity: v })}
                />
              </label>
              <label>
                {t('activityAge')}
                <Choice value={r.ageBand} options={optionChoices(opt.age)} first={[{ value: '', text: t('activityUnknown') }]} onChange={(v) => setRow(i, { ageBand: v })} />
              </label>
              <label>
                {t('activityCount')}
                <input inputMode="numeric" size={5} value={r.count} onInput={(e) => setRow(i, { count: (e.target as HTMLInputElement).value })} />
              </label>
              <button type="button" class="small" aria-label={t('activityRemoveRow', { n: i + 1 })} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                ×
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setRows([...rows, { sex: 'MALE', ethnicity: rows[rows.length - 1]?.ethnicity ?? '', ageBand: '', count: '' }])}>
            {t('activityAddRow')}
          </button>
        </fieldset>
        <button type="submit" class="primary" disabled={busy}>
          {t('userSave')}
        </button>
      </form>
    </>
  );
}
