// Chooses units by name: the chosen ones as removable chips, a search (the
// server folds accents) to add one.
import { useState } from 'preact/hooks';
import { call, query, type UnitRef } from '../api';
import { useAsync, useDebounced } from '../hooks';
import { t } from '../messages';

// `asOf`: the day whose units are searched (default today): a record of 2024
// names the units of 2024.
export function UnitPicker({ id, label, units, onChange, asOf }: { id: string; label: string; units: UnitRef[]; onChange: (units: UnitRef[]) => void; asOf?: string }) {
  const [q, setQ] = useState('');
  const needle = useDebounced(q.trim(), 250);
  const found = useAsync(
    (signal) =>
      needle.length >= 2
        ? call<{ orgUnits: { id: string; code: string; fullName: string }[] }>(`/api/orgUnits${query({ q: needle, pageSize: 10, asOf })}`, { signal })
        : Promise.resolve({ orgUnits: [] }),
    [needle, asOf],
  );
  return (
    <fieldset class="unit-picker">
      <legend>{label}</legend>
      <ul class="chips" data-testid={`${id}-chosen`}>
        {units.map((u) => (
          <li key={u.id}>
            {u.name}{' '}
            <button type="button" class="small" aria-label={t('unitPickerRemove', { name: u.name })} onClick={() => onChange(units.filter((x) => x.id !== u.id))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <label for={`${id}-search`}>{t('unitPickerAdd')}</label>
      <input id={`${id}-search`} type="search" value={q} aria-describedby={`${id}-hint`} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
      <p class="hint" id={`${id}-hint`}>
        {t('unitPickerHint')}
      </p>
      {found.data && found.data.orgUnits.length > 0 && (
        <ul class="plain picker-results">
          {found.data.orgUnits
            .filter((u) => !units.some((x) => x.id === u.id))
            .map((u) => (
              <li key={u.id}>
                <button
                  type="button"
                  class="link"
                  onClick={() => {
                    onChange([...units, { id: u.id, code: u.code, name: u.fullName, active: true }]);
                    setQ('');
                  }}
                >
                  {u.fullName} ({u.code})
                </button>
              </li>
            ))}
        </ul>
      )}
    </fieldset>
  );
}
