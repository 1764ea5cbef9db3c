// What the register screens (models, cadres, safe births, activities) share:
// the category options their forms offer, the notice of what was just saved
// or deleted, and saving a record (POST for a new one, PUT for a stored one,
// DELETE after a confirmation) then going back to the list.
import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { call, query, seg } from './api';
import { ErrorBox, Loading } from './components/ErrorBox';
import { useAsync, useLang, type Async } from './hooks';
import { t, type MessageKey } from './messages';

export interface CategoryOption {
  code: string;
  name: string;
}

// The options of every category (SEX, ETHNICITY, AGE_BAND, …) by category
// code, in the current language.
export function useCategories() {
  const lang = useLang();
  return useAsync(async (signal) => {
    const combos = await call<{ categoryCombos: { categories: { code: string; options: CategoryOption[] }[] }[] }>('/api/categoryCombos', { signal });
    const byCode = new Map<string, CategoryOption[]>();
    for (const c of combos.categoryCombos) for (const cat of c.categories) byCode.set(cat.code, cat.options);
    return byCode;
  }, [lang]);
}

// The record of the form's path (/cadres/{code}) from `collection`
// ("/api/cadres"), or null at /…/new; `code` is the path's.
export function useStoredRecord<T>(collection: string) {
  const { params } = useRoute();
  const code = params.code !== undefined && params.code !== 'new' ? params.code : '';
  const stored = useAsync((signal) => (code ? call<T>(`${collection}/${seg(code)}`, { signal }) : Promise.resolve(null)), [code]);
  return { stored, key: params.code ?? 'new' };
}

// What a register list shows before its table: the error (with a retry),
// "loading", or that it is empty (`none`).
export function ListStatus({ list, count, none }: { list: Async<unknown>; count: number | undefined; none: MessageKey }) {
  if (list.error !== undefined) return <ErrorBox error={list.error} onRetry={list.reload} />;
  if (list.loading && !list.data) return <Loading />;
  return count === 0 ? <p>{t(none)}</p> : null;
}

// "Đã lưu …" or "Đã xóa …" above a list, from the list's ?saved= or ?deleted=.
export function SavedNotice({ saved, deleted, savedKey, deletedKey }: { saved?: string; deleted?: string; savedKey: MessageKey; deletedKey?: MessageKey }) {
  if (!saved && !(deleted && deletedKey)) return null;
  return (
    <p class="notice" role="status">
      {saved ? t(savedKey, { code: saved }) : t(deletedKey!, { code: deleted ?? '' })}
    </p>
  );
}

// Saving and deleting one record of `collection` ("/api/cadres"), then
// going to `list` ("/cadres") with ?saved= or ?deleted= and `listQuery`.
// A refusal stays on the form (error), with everything typed kept.
export function useRecordSave(collection: string, list: string) {
  const location = useLocation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function save(storedCode: string | null, body: { code: string } & Record<string, unknown>, listQuery: Record<string, string> = {}, onError?: (err: unknown) => void) {
    setError(null);
    setBusy(true);
    try {
      await call(storedCode ? `${collection}/${seg(storedCode)}` : collection, { method: storedCode ? 'PUT' : 'POST', body });
      location.route(`${list}${query({ ...listQuery, saved: body.code })}`);
    } catch (err) {
      setError(err);
      onError?.(err);
      setBusy(false);
    }
  }

  async function remove(code: string, confirmText: string, listQuery: Record<string, string> = {}) {
    if (!window.confirm(confirmText)) return;
    setError(null);
    setBusy(true);
    try {
      await call(`${collection}/${seg(code)}`, { method: 'DELETE' });
      location.route(`${list}${query({ ...listQuery, deleted: code })}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return { error, setError, busy, save, remove };
}
