// The women cadres register (docs/program.md, "Women cadres"): ethnic-
// minority women cadres in the target group (the leadership pipeline, newly
// appointed, newly elected), with the trainings each attended and the day
// she counts as trained. The form adds or changes one (POST /api/cadres,
// PUT /api/cadres/{code}); the figures computed from the register are
// republished by the server. No birth date, address or contact is kept.
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { call, seg, type UnitRef } from '../api';
import { Choice, type ChoiceOption } from '../components/Choice';
import { DateField } from '../components/DateField';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { TableWrap } from '../components/TableWrap';
import { TextField } from '../components/TextField';
import { UnitPicker } from '../components/UnitPicker';
import { formatDate, todayInVietnam } from '../format';
import { useAsync } from '../hooks';
import { t, type MessageKey } from '../messages';
import { ListStatus, SavedNotice, useCategories, useRecordSave, useStoredRecord, type CategoryOption } from '../registers';
import { can, useSession } from '../session';
import { levelText } from './Units';

interface Cadre {
  code: string;
  name: string;
  orgUnit: string | null;
  orgUnitUid: string | null;
  orgUnitName: string | null;
  level: string;
  position: string;
  ethnicity: string;
  group: string;
  since: string;
  until: string | null;
  decision: string;
  otherTrainings: { day: string; title: string }[];
  trainings: { code: string; title: string; start: string }[];
  trainedOn: string | null;
  note: string;
}

const GROUPS: [string, MessageKey][] = [
  ['pipeline', 'cadreGroupPipeline'],
  ['newly_appointed', 'cadreGroupAppointed'],
  ['newly_elected', 'cadreGroupElected'],
];
const groupText = (g: string) => {
  const found = GROUPS.find(([code]) => code === g);
  return found ? t(found[1]) : g;
};

// The ethnic groups of the ETHNICITY category, Kinh (ETHNIC_01) left out:
// the register is of ethnic-minority women.
function minorities(categories: Map<string, CategoryOption[]> | undefined): CategoryOption[] {
  return (categories?.get('ETHNICITY') ?? []).filter((o) => o.code !== 'ETHNIC_01');
}

export function Cadres() {
  const { me } = useSession();
  const location = useLocation();
  const q = location.query as Record<string, string | undefined>;
  const list = useAsync((signal) => call<{ cadres: Cadre[] }>('/api/cadres', { signal }), []);
  const categories = useCategories();
  const ethnicName = (code: string) => minorities(categories.data).find((o) => o.code === code)?.name ?? code;
  return (
    <>
      <h1>{t('cadresTitle')}</h1>
      <p class="hint">{t('cadresIntro')}</p>
      <SavedNotice saved={q.saved} deleted={q.deleted} savedKey="cadreSaved" deletedKey="cadreDeleted" />
      {can(me, 'enter_data') && (
        <div class="toolbar">
          <a class="button primary" href="/cadres/new">
            {t('cadresNew')}
          </a>
        </div>
      )}
      <ListStatus list={list} count={list.data?.cadres.length} none="cadresNone" />
      {list.data && list.data.cadres.length > 0 && (
        <TableWrap label={t('cadresTitle')} exportName="can-bo-nu">
          <table data-testid="cadres">
            <thead>
              <tr>
                <th scope="col">{t('cadreCode')}</th>
                <th scope="col">{t('cadreName')}</th>
                <th scope="col">{t('cadreUnit')}</th>
                <th scope="col">{t('cadrePosition')}</th>
                <th scope="col">{t('activityEthnicity')}</th>
                <th scope="col">{t('cadreGroup')}</th>
                <th scope="col">{t('cadreSince')}</th>
                <th scope="col">{t('cadreTrainedOn')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.cadres.map((c) => (
                <tr key={c.code} data-code={c.code}>
                  <td>
                    <a href={`/cadres/${seg(c.code)}`}>{c.code}</a>
                  </td>
                  <td>{c.name}</td>
                  <td>{c.orgUnitName ?? ''}</td>
                  <td>{c.position}</td>
                  <td>{ethnicName(c.ethnicity)}</td>
                  <td>{groupText(c.group)}</td>
                  <td>{c.until ? `${formatDate(c.since)}–${formatDate(c.until)}` : formatDate(c.since)}</td>
                  <td>{c.trainedOn ? formatDate(c.trainedOn) : t('cadreNotTrained')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}

// The form: a new cadre at /cadres/new, an existing one at /cadres/{code}.
export function CadreForm() {
  const { me } = useSession();
  const categories = useCategories();
  const { stored, key } = useStoredRecord<Cadre>('/api/cadres');
  if (categories.error || stored.error) return <ErrorBox error={categories.error ?? stored.error} />;
  if (!categories.data || stored.loading) return <Loading />;
  return <CadreEditor key={key} ethnic={minorities(categories.data).map((o) => ({ value: o.code, text: o.name }))} stored={stored.data ?? null} canEdit={can(me, 'enter_data')} />;
}

function CadreEditor({ ethnic, stored, canEdit }: { ethnic: ChoiceOption[]; stored: Cadre | null; canEdit: boolean }) {
  const [c, setC] = useState({
    code: stored?.code ?? '',
    name: stored?.name ?? '',
    level: stored?.level ?? 'commune',
    position: stored?.position ?? '',
    ethnicity: stored?.ethnicity ?? ethnic[0]?.value ?? '',
    group: stored?.group ?? 'pipeline',
    since: stored?.since ?? todayInVietnam(),
    until: stored?.until ?? '',
    decision: stored?.decision ?? '',
    note: stored?.note ?? '',
  });
  const [unit, setUnit] = useState<UnitRef[]>(stored?.orgUnitUid ? [{ id: stored.orgUnitUid, code: stored.orgUnit ?? '', name: stored.orgUnitName ?? '', active: true }] : []);
  const [others, setOthers] = useState(stored?.otherTrainings ?? []);
  const { error, busy, save, remove } = useRecordSave('/api/cadres', '/cadres');
  const set = (patch: Partial<typeof c>) => setC({ ...c, ...patch });

  const submit = (e: Event) => {
    e.preventDefault();
    save(stored?.code ?? null, {
      ...c,
      code: c.code.trim(),
      name: c.name.trim().normalize('NFC'),
      orgUnit: unit[0]?.id ?? '',
      until: c.until || null,
      otherTrainings: others.filter((o) => o.title.trim() !== ''),
    });
  };

  return (
    <>
      <p>
        <a href="/cadres">← {t('cadresTitle')}</a>
      </p>
      <h1>{stored ? `${stored.code} — ${stored.name}` : t('cadresNew')}</h1>
      {error !== null && <ErrorBox error={error} />}
      <form class="user-form" onSubmit={submit} data-testid="cadre-form">
        {!stored && <TextField id="c-code" label={t('cadreCode')} hint={t('cadreCodeHint')} required value={c.code} onValue={(v) => set({ code: v })} />}
        <TextField id="c-name" label={t('cadreName')} required value={c.name} onValue={(v) => set({ name: v })} />
        <DateField id="c-since" label={t('cadreSince')} value={c.since} onChange={(d) => set({ since: d })} />
        <UnitPicker id="c-unit" label={t('cadreUnit')} units={unit} onChange={(u) => setUnit(u.slice(-1))} asOf={c.since} />
        <div class="field">
          <label for="c-level">{t('modelLevel')}</label>
          <Choice id="c-level" value={c.level} options={['province', 'district', 'commune'].map((l) => ({ value: l, text: levelText(l) }))} onChange={(v) => set({ level: v })} />
        </div>
        <TextField id="c-position" label={t('cadrePosition')} required value={c.position} onValue={(v) => set({ position: v })} />
        <div class="field">
          <label for="c-ethnicity">{t('activityEthnicity')}</label>
          <Choice id="c-ethnicity" value={c.ethnicity} options={ethnic} onChange={(v) => set({ ethnicity: v })} />
        </div>
        <div class="field">
          <label for="c-group">{t('cadreGroup')}</label>
          <Choice id="c-group" value={c.group} options={GROUPS.map(([value, key]) => ({ value, text: t(key) }))} onChange={(v) => set({ group: v })} />
        </div>
        <TextField id="c-decision" label={t('cadreDecision')} hint={t('cadreDecisionHint')} value={c.decision} onValue={(v) => set({ decision: v })} />
        <DateField optional id="c-until" label={t('cadreUntil')} value={c.until} onChange={(d) => set({ until: d })} />
        {stored && (
          <section>
            <h2>{t('cadreTrainings')}</h2>
            {stored.trainings.length === 0 ? (
              <p class="hint">{t('cadreNoTrainings')}</p>
            ) : (
              <ul>
                {stored.trainings.map((tr) => (
                  <li key={tr.code}>
                    {formatDate(tr.start)} — {tr.title} ({tr.code})
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
        <fieldset>
          <legend>{t('cadreOtherTrainings')}</legend>
          {others.map((o, i) => (
            <div class="participant-row" key={i} data-row={i}>
              <DateField id={`c-other-${i}-day`} label={t('cadreOtherDay')} value={o.day} onChange={(d) => setOthers(others.map((x, j) => (j === i ? { ...x, day: d } : x)))} />
              <label>
                {t('cadreOtherTitle')}
                <input size={30} value={o.title} onInput={(e) => setOthers(others.map((x, j) => (j === i ? { ...x, title: (e.target as HTMLInputElement).value } : x)))} />
              </label>
              <button type="button" class="small" aria-label={t('activityRemoveRow', { n: i + 1 })} onClick={() => setOthers(others.filter((_, j) => j !== i))}>
                ×
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setOthers([...others, { day: todayInVietnam(), title: '' }])}>
            {t('cadreAddOther')}
          </button>
        </fieldset>
        <TextField id="c-note" label={t('modelNote')} value={c.note} onValue={(v) => set({ note: v })} />
        {canEdit && (
          <div class="toolbar">
            <button type="submit" class="primary" disabled={busy}>
              {t('userSave')}
            </button>
            {stored && (
              <button type="button" disabled={busy} onClick={() => remove(stored.code, t('cadreDeleteConfirm', { code: stored.code }))}>
                {t('cadreDelete')}
              </button>
            )}
          </div>
        )}
      </form>
    </>
  );
}
