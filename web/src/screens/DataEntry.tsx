// Data entry: a form per plan, unit and year — the plan's data elements by
// content area, each with the options of its disaggregation. Every value is
// saved on the device as it is typed (outbox.ts) and sent when there is a
// connection; a value changed on the server meanwhile is a conflict shown in
// place for the user to settle.
import { useLocation } from 'preact-iso';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { call, query, seg, type UnitRef } from '../api';
import { Choice } from '../components/Choice';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { checkValue } from '../entry';
import { useAsync, useLang } from '../hooks';
import { t } from '../messages';
import { Outbox, cellId, type CellKey, type Entry } from '../outbox';
import type { Plan, PlanHeader } from '../plans';
import { useSession } from '../session';

interface Element {
  id: string;
  code: string;
  name: string;
  categoryCombo: string;
  valueType: string;
  unit?: string;
}
interface Combo {
  id: string;
  optionCombos: { id: string; code: string; name: string }[];
}
interface DataValue {
  dataElement: string;
  categoryOptionCombo: string;
  orgUnit: string;
  period: string;
  value: string;
  comment?: string;
}
interface Stored {
  value: string;
  comment: string;
}

let sharedOutbox: { user: string; box: Outbox } | null = null;

// The signed-in user's outbox, loaded once per page; it sends what waits
// whenever the connection comes back.
export function useOutbox(user: string): Outbox | null {
  const [box, setBox] = useState<Outbox | null>(sharedOutbox?.user === user ? sharedOutbox.box : null);
  const [, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    if (!sharedOutbox || sharedOutbox.user !== user) {
      const b = new Outbox(user);
      sharedOutbox = { user, box: b };
      b.load().then(() => {
        if (navigator.onLine) void b.sync();
      });
      window.addEventListener('online', () => void b.sync());
    }
    const b = sharedOutbox.box;
    if (alive) setBox(b);
    const off = b.onChange(() => setTick((n) => n + 1));
    return () => {
      alive = false;
      off();
    };
  }, [user]);
  return box;
}

function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

function Cell({ k, label, element, stored: loaded, box }: { k: CellKey; label: string; element: Element; stored: Stored | null; box: Outbox }) {
  // What the server holds: as loaded, or as this page has since stored there.
  const sent = box.confirmed(k);
  const stored = sent ? { value: sent.value, comment: sent.comment ?? loaded?.comment ?? '' } : loaded;
  const serverValue = stored?.value ?? null;
  const queued = box.find(k);
  const shown = queued ? queued.value : serverValue ?? '';
  const shownComment = queued?.comment ?? stored?.comment ?? '';
  const [text, setText] = useState(shown);
  const [note, setNote] = useState(shownComment);
  const [noteOpen, setNoteOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setText(shown), [shown]);
  useEffect(() => setNote(shownComment), [shownComment]);
  const commitNote = async () => {
    if (note === shownComment) return;
    await box.put(k, queued ? queued.value : serverValue ?? '', serverValue, note);
    if (navigator.onLine) void box.sync();
  };
  const id = `v-${cellId(k).replace(/[^A-Za-z0-9]/g, '-')}`;
  const commit = async () => {
    const checked = checkValue(element.valueType, text);
    if (checked.value === null) {
      setError(t(checked.error!));
      return;
    }
    setError(null);
    if (checked.value !== text) setText(checked.value);
    if (checked.value === shown) return;
    await box.put(k, checked.value, serverValue);
    if (navigator.onLine) void box.sync();
  };
  return (
    <div class={`entry-cell${queued ? ` entry-${queued.state}` : ''}`} data-cell={`${element.code}|${label}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        inputMode={element.valueType.startsWith('INTEGER') || element.valueType === 'NUMBER' || element.valueType === 'PERCENTAGE' ? 'decimal' : 'text'}
        value={text}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : queued ? `${id}-state` : undefined}
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void commit();
            // Enter moves on, as in a spreadsheet
            const inputs = [...document.querySelectorAll<HTMLInputElement>('.entry-form input')];
            const i = inputs.indexOf(e.target as HTMLInputElement);
            inputs[i + 1]?.focus();
          }
        }}
        size={8}
      />
      <button
        type="button"
        class={`link note-toggle${shownComment ? ' has-note' : ''}`}
        aria-expanded={noteOpen}
        aria-controls={`${id}-note`}
        aria-label={`${t('entryComment')}${shownComment ? ' ✓' : ''}: ${element.name} — ${label}`}
        onClick={() => setNoteOpen(!noteOpen)}
      >
        {t('entryComment')}
        {shownComment ? ' ✓' : ''}
      </button>
      {noteOpen && (
        <textarea
          id={`${id}-note`}
          aria-label={t('entryCommentFor', { label: `${element.name} — ${label}` })}
          rows={2}
          value={note}
          onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)}
          onBlur={commitNote}
        />
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {queued && !error && <EntryState id={`${id}-state`} entry={queued} k={k} box={box} />}
    </div>
  );
}

function EntryState({ id, entry, k, box }: { id: string; entry: Entry; k: CellKey; box: Outbox }) {
  if (entry.state === 'pending') {
    return (
      <p class="hint" id={id}>
        {t('entryQueued')}
      </p>
    );
  }
  if (entry.state === 'conflict') {
    return (
      <div class="conflict" id={id} role="group">
        <p>
          {t('entryConflict', {
            value: entry.serverValue ?? t('entryConflictEmpty'),
            by: entry.serverBy ?? '?',
            mine: entry.value === '' ? t('entryConflictEmpty') : entry.value,
          })}
        </p>
        <button type="button" onClick={() => box.keepMine(k).then(() => box.sync())}>
          {t('entryKeepMine')}
        </button>{' '}
        <button type="button" onClick={() => box.takeServers(k)}>
          {t('entryTakeServers')}
        </button>
      </div>
    );
  }
  return (
    <div class="conflict" id={id}>
      <p>{t('entryRefused', { message: entry.message ?? '' })}</p>
      <button type="button" onClick={() => box.takeServers(k)}>
        {t('entryDrop')}
      </button>
    </div>
  );
}

export function DataEntry() {
  const lang = useLang();
  const { me } = useSession();
  const location = useLocation();
  const box = useOutbox(me.username);
  const online = useOnline();
  const q = location.query as Record<string, string | undefined>;
  const go = (next: Record<string, string>) => location.route(`/entry${query({ plan: q.plan, ou: q.ou, pe: q.pe, ...next })}`);

  const plans = useAsync((signal) => call<{ plans: PlanHeader[] }>('/api/plans', { signal }), []);
  const planCode = q.plan ?? plans.data?.plans.find((p) => p.code)?.code ?? '';
  const plan = useAsync((signal) => (planCode ? call<Plan>(`/api/plans/${seg(planCode)}`, { signal }) : Promise.resolve(null)), [planCode]);
  const years = useMemo(() => {
    const m = /(\d{4})(?:\D+(\d{4}))?/.exec(plan.data?.period ?? '');
    if (!m) return [String(new Date().getFullYear())];
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    return Array.from({ length: Math.min(to - from + 1, 15) }, (_, i) => String(from + i));
  }, [plan.data]);
  const pe = q.pe && years.includes(q.pe) ? q.pe : years[0];

  // The units: each of the user's entry units and the units right below it.
  const units = useAsync(async (signal) => {
    const out: UnitRef[] = [];
    for (const root of me.entryScope) {
      out.push(root);
      const below = await call<{ orgUnits: { id: string; code: string; fullName: string }[] }>(
        `/api/orgUnits${query({ parent: root.id, asOf: `${pe}-12-31`, pageSize: 1000 })}`,
        { signal },
      ).catch(() => ({ orgUnits: [] }));
      for (const u of below.orgUnits) out.push({ id: u.id, code: u.code, name: `— ${u.fullName}`, active: true });
    }
    return out;
  }, [me.username, pe]);
  const ou = q.ou ?? units.data?.[0]?.id ?? '';

  const meta = useAsync(
    async (signal) => {
      const [de, cc] = await Promise.all([
        call<{ dataElements: Element[] }>('/api/dataElements', { signal }),
        call<{ categoryCombos: Combo[] }>('/api/categoryCombos', { signal }),
      ]);
      return { elements: de.dataElements, combos: new Map(cc.categoryCombos.map((c) => [c.id, c])) };
    },
    [],
  );
  const sections = useMemo(() => {
    if (!plan.data || !meta.data) return [];
    const byCode = new Map(meta.data.elements.map((e) => [e.code, e]));
    const areas = [...plan.data.contentAreas.map((a) => ({ code: a.code, title: `${t('areaNumber', { number: a.number })}: ${lang === 'en' && a.nameEn ? a.nameEn : a.name}` })), { code: '', title: t('planOtherArea') }];
    return areas
      .map((a) => {
        const codes = [...new Set(plan.data!.targets.filter((x) => x.contentArea === a.code).map((x) => x.measure))];
        return { ...a, elements: codes.map((c) => byCode.get(c)).filter((e): e is Element => !!e) };
      })
      .filter((a) => a.elements.length > 0);
  }, [plan.data, meta.data, lang]);

  const values = useAsync(
    async (signal) => {
      const ids = sections.flatMap((s) => s.elements.map((e) => e.id));
      if (!ou || ids.length === 0) return new Map<string, Stored>();
      const params = new URLSearchParams();
      for (const id of ids) params.append('dataElement', id);
      params.set('period', pe);
      params.set('orgUnit', ou);
      const set = await call<{ dataValues: DataValue[] }>(`/api/dataValueSets?${params}`, { signal });
      return new Map<string, Stored>(set.dataValues.map((v) => [`${v.dataElement}|${v.categoryOptionCombo}`, { value: v.value, comment: v.comment ?? '' }]));
    },
    [sections, ou, pe],
  );

  if (plans.error !== undefined) return <ErrorBox error={plans.error} onRetry={plans.reload} />;
  if (!plans.data || !box) return <Loading />;
  if (plans.data.plans.length === 0) return <p>{t('entryNoPlan')}</p>;
  if (me.entryScope.length === 0) return <p>{t('entryNoUnits')}</p>;
  const all = box.all();
  const pending = all.filter((e) => e.state === 'pending').length;
  const toSettle = all.length - pending;

  return (
    <>
      <h1>{t('entryTitle')}</h1>
      <p class="hint">{t('entryIntro')}</p>
      <div class="toolbar">
        <div class="field">
          <label for="entry-plan">{t('entryPlan')}</label>
          <Choice
            id="entry-plan"
            value={planCode}
            options={plans.data.plans.map((p) => ({ value: p.code, text: `${p.number || p.code} — ${p.periodText || p.period}` }))}
            onChange={(v) => go({ plan: v, pe: '' })}
          />
        </div>
        <div class="field">
          <label for="entry-unit">{t('entryUnit')}</label>
          <Choice id="entry-unit" value={ou} options={(units.data ?? []).map((u) => ({ value: u.id, text: u.name }))} onChange={(v) => go({ ou: v })} />
        </div>
        <div class="field">
          <label for="entry-year">{t('entryYear')}</label>
          <Choice id="entry-year" value={pe} options={years.map((y) => ({ value: y, text: y }))} onChange={(v) => go({ pe: v })} />
        </div>
      </div>
      <div class={`sync-bar ${online ? 'online' : 'offline'}`} role="status" data-testid="sync-status">
        <span>{online ? t('entryOnline') : t('entryOffline')}</span>
        <span>{pending > 0 ? t('entryPending', { count: pending }) : toSettle === 0 ? t('entryAllSent') : ''}</span>
        {toSettle > 0 && <span class="sync-conflicts">{t('entryConflicts', { count: toSettle })}</span>}
        {pending > 0 && online && (
          <button type="button" onClick={() => box.sync()}>
            {t('entrySendNow')}
          </button>
        )}
      </div>
      {(plan.error !== undefined || meta.error !== undefined) && <ErrorBox error={plan.error ?? meta.error} onRetry={() => (plan.reload(), meta.reload())} />}
      {values.error !== undefined && <ErrorBox error={values.error} onRetry={values.reload} />}
      {(plan.loading || meta.loading || values.loading) && !values.data && <Loading />}
      {values.data && meta.data && (
        <form class="entry-form" onSubmit={(e) => e.preventDefault()} data-testid="entry-form">
          {sections.map((s) => (
            <fieldset key={s.code}>
              <legend>{s.title}</legend>
              {s.elements.map((el) => {
                const combo = meta.data!.combos.get(el.categoryCombo);
                const options = combo?.optionCombos ?? [];
                return (
                  <div class="entry-row" key={el.id} data-element={el.code}>
                    <p class="entry-name">
                      {el.name}
                      {el.unit ? <span class="hint"> ({el.unit})</span> : null}
                    </p>
                    <div class="entry-cells">
                      {options.map((o) => {
                        const k: CellKey = { de: el.id, pe, ou, co: o.id };
                        const label = o.code === 'default' ? t('entryValue') : o.name;
                        return <Cell key={`${cellId(k)}`} k={k} label={label} element={el} stored={values.data!.get(`${el.id}|${o.id}`) ?? null} box={box} />;
                      })}
                    </div>
                  </div>
                );
              })}
            </fieldset>
          ))}
        </form>
      )}
    </>
  );
}
