// The hierarchy browser: the tree of the units the user may see as of a date,
// a diacritic-insensitive search (the server folds accents), and a unit's
// details with its versions and history (merged from, split into).
import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { ApiError, call, query, seg } from '../api';
import { DateField } from '../components/DateField';
import { TableWrap } from '../components/TableWrap';
import { TextField } from '../components/TextField';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { dayBefore, formatDate, todayInVietnam } from '../format';
import { useAsync, useDebounced, useLang } from '../hooks';
import { t, type MessageKey } from '../messages';

interface UnitRow {
  id: string;
  code: string;
  name: string;
  fullName: string;
  level: string;
  parent: string | null;
  childCount: number;
}

interface UnitLink {
  uid: string;
  code: string;
  share?: number;
}

interface UnitEvent {
  date: string;
  kind: string;
  legalBasis?: string;
  successors?: UnitLink[];
  predecessors?: UnitLink[];
}

interface UnitDetail {
  uid: string;
  code: string;
  name: string;
  nameEn?: string;
  fullName: string;
  level: string;
  unitType?: string;
  path: string[];
  validFrom: string | null;
  validTo: string | null;
  children: { id?: string; uid?: string; code: string; name: string; fullName?: string }[];
  events: UnitEvent[];
  versions: { code: string; name: string; unitType?: string; validFrom: string | null; validTo: string | null }[];
}

const LEVELS: Record<string, MessageKey> = {
  all: 'levelAll',
  centre: 'levelCentre',
  province: 'levelProvince',
  district: 'levelDistrict',
  commune: 'levelCommune',
  village: 'levelVillage',
};
const EVENTS: Record<string, MessageKey> = {
  create: 'eventCreate',
  reclassify: 'eventReclassify',
  close: 'eventClose',
  merge: 'eventMerge',
  split: 'eventSplit',
  rename: 'eventRename',
  move: 'eventMove',
};

export function levelText(level: string): string {
  const key = LEVELS[level];
  return key ? t(key) : level;
}

function unitHref(uid: string, asOf: string): string {
  return `/units/${seg(uid)}${query({ asOf })}`;
}

function TreeNode({ unit, asOf, selected, depth }: { unit: UnitRow; asOf: string; selected?: string; depth: number }) {
  const [open, setOpen] = useState(depth < 1);
  const children = useAsync(
    (signal) =>
      open && unit.childCount > 0
        ? call<{ orgUnits: UnitRow[] }>(`/api/orgUnits${query({ parent: unit.id, asOf, pageSize: 1000 })}`, { signal })
        : Promise.resolve({ orgUnits: [] as UnitRow[] }),
    [open, unit.id, asOf],
  );
  return (
    <li>
      <div class="node">
        {unit.childCount > 0 ? (
          <button
            type="button"
            class="toggle"
            aria-expanded={open}
            aria-label={t(open ? 'collapse' : 'expand', { name: unit.fullName })}
            onClick={() => setOpen(!open)}
          >
            {open ? '−' : '+'}
          </button>
        ) : (
          <span class="leaf" aria-hidden="true" />
        )}
        <a href={unitHref(unit.id, asOf)} aria-current={selected === unit.id ? 'true' : undefined}>
          {unit.fullName}
        </a>
      </div>
      {open && unit.childCount > 0 && (
        <>
          {children.error !== undefined && <ErrorBox error={children.error} onRetry={children.reload} />}
          {children.data && (
            <ul>
              {children.data.orgUnits.map((c) => (
                <TreeNode key={c.id} unit={c} asOf={asOf} selected={selected} depth={depth + 1} />
              ))}
            </ul>
          )}
        </>
      )}
    </li>
  );
}

function Detail({ id, asOf }: { id: string; asOf: string }) {
  useLang();
  const unit = useAsync((signal) => call<UnitDetail>(`/api/orgUnits/${seg(id)}${query({ asOf })}`, { signal }), [id, asOf]);
  if (unit.loading && !unit.data) return <Loading />;
  if (unit.error !== undefined) {
    if (unit.error instanceof ApiError && unit.error.code === 'E_NOT_FOUND' && unit.error.field === 'asOf') {
      return <p class="notice">{t('unitNotOnDate')}</p>;
    }
    return <ErrorBox error={unit.error} onRetry={unit.reload} />;
  }
  const u = unit.data!;
  return (
    <section aria-labelledby="unit-h" data-testid="unit-detail">
      <h2 id="unit-h">{u.fullName}</h2>
      <dl class="facts">
        <dt>{t('unitCode')}</dt>
        <dd>{u.code}</dd>
        <dt>{t('unitLevel')}</dt>
        <dd>{levelText(u.level)}</dd>
        <dt>{t('unitPath')}</dt>
        <dd>{u.path.length ? u.path.join(' › ') : t('none')}</dd>
        <dt>{t('unitFrom')}</dt>
        <dd>{u.validFrom ? formatDate(u.validFrom) : '…'}</dd>
        <dt>{t('unitTo')}</dt>
        <dd>{u.validTo ? formatDate(u.validTo) : t('unitStillValid')}</dd>
      </dl>
      {u.events.length > 0 && (
        <>
          <h3>{t('unitEvents')}</h3>
          <ul data-testid="unit-events">
            {u.events.map((e, i) => {
              const into = e.successors && e.successors.length > 0;
              const links = (into ? e.successors : e.predecessors) ?? [];
              // A predecessor is seen on the day before the event, a successor on its day.
              const day = into ? e.date : dayBefore(e.date);
              return (
                <li key={i}>
                  {t('eventOn', { kind: EVENTS[e.kind] ? t(EVENTS[e.kind]) : e.kind, date: formatDate(e.date) })}
                  {links.length > 0 && `: ${t(into ? 'eventInto' : 'eventFrom')} `}
                  {links.map((l, j) => (
                    <span key={l.uid}>
                      {j > 0 && ', '}
                      <a href={unitHref(l.uid, day)}>{l.code}</a>
                    </span>
                  ))}
                  {e.legalBasis && (
                    <p class="hint">
                      {t('eventLegalBasis')}: {e.legalBasis}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      <h3>{t('unitVersions')}</h3>
      <TableWrap label={t('unitVersions')} exportName={`don-vi-${u.code}`}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('unitCode')}</th>
              <th scope="col">{t('unitName')}</th>
              <th scope="col">{t('unitFrom')}</th>
              <th scope="col">{t('unitTo')}</th>
            </tr>
          </thead>
          <tbody>
            {u.versions.map((v, i) => (
              <tr key={i}>
                <td>{v.code}</td>
                <td>{[v.unitType, v.name].filter(Boolean).join(' ')}</td>
                <td>{v.validFrom ? formatDate(v.validFrom) : '…'}</td>
                <td>{v.validTo ? formatDate(v.validTo) : t('unitStillValid')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

export function Units() {
  useLang();
  const { params } = useRoute();
  const location = useLocation();
  const asOf = (location.query.asOf as string | undefined) || todayInVietnam();
  const [q, setQ] = useState('');
  const needle = useDebounced(q.trim(), 250);
  const setAsOf = (d: string) => location.route(params.id ? unitHref(params.id, d) : `/units${query({ asOf: d })}`);

  const roots = useAsync(
    (signal) => call<{ orgUnits: UnitRow[] }>(`/api/orgUnits${query({ level: 'centre', asOf, pageSize: 1000 })}`, { signal }),
    [asOf],
  );
  const found = useAsync(
    (signal) =>
      needle
        ? call<{ orgUnits: UnitRow[]; pager: { total: number } }>(`/api/orgUnits${query({ q: needle, asOf, pageSize: 100 })}`, { signal })
        : Promise.resolve(null),
    [needle, asOf],
  );

  return (
    <>
      <h1>{t('unitsTitle')}</h1>
      <div class="toolbar">
        <TextField id="unit-search" label={t('unitsSearch')} hint={t('unitsSearchHint')} type="search" value={q} onValue={setQ} />
        <DateField id="units-asof" label={t('asOf')} value={asOf} onChange={setAsOf} />
      </div>
      <div class="split">
        <div>
          {needle ? (
            <section aria-label={t('unitsResults', { count: found.data?.pager.total ?? 0 })}>
              {found.loading && <Loading />}
              {found.error !== undefined && <ErrorBox error={found.error} onRetry={found.reload} />}
              {found.data && (
                <>
                  <h2>{t('unitsResults', { count: found.data.pager.total })}</h2>
                  {found.data.orgUnits.length === 0 ? (
                    <p>{t('unitsNoMatch')}</p>
                  ) : (
                    <ul class="plain" data-testid="unit-results">
                      {found.data.orgUnits.map((u) => (
                        <li key={u.id}>
                          <a href={unitHref(u.id, asOf)}>{u.fullName}</a> <span class="hint">({levelText(u.level)}, {u.code})</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </>
              )}
            </section>
          ) : (
            <nav class="tree" aria-label={t('unitsTree')}>
              {roots.error !== undefined && <ErrorBox error={roots.error} onRetry={roots.reload} />}
              {roots.data && (
                <ul>
                  {roots.data.orgUnits.map((u) => (
                    <TreeNode key={u.id} unit={u} asOf={asOf} selected={params.id} depth={0} />
                  ))}
                </ul>
              )}
            </nav>
          )}
        </div>
        <div>{params.id ? <Detail id={params.id} asOf={asOf} /> : <p class="hint">{t('unitChooseHint')}</p>}</div>
      </div>
    </>
  );
}
