// The audit log (GET /api/audit): who did what, when, to which object, with
// what it was before and after; newest first, filtered, a page at a time.
import { useEffect, useState } from 'preact/hooks';
import { call, query } from '../api';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { TableWrap } from '../components/TableWrap';
import { formatTimestamp } from '../format';
import { useLang } from '../hooks';
import { t } from '../messages';

interface AuditEntry {
  id: number;
  at: string;
  user: string;
  action: string;
  objectType: string;
  objectId: string;
  orgUnit: string | null;
  address: string;
  before: unknown;
  after: unknown;
}

function change(before: unknown, after: unknown): string {
  const show = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  const b = show(before);
  const a = show(after);
  const text = b && a ? `${b} → ${a}` : b || a;
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

export function Audit() {
  useLang();
  const [filters, setFilters] = useState({ user: '', action: '', objectType: '' });
  const [form, setForm] = useState(filters);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(false);

  const load = async (url: string, append: boolean) => {
    setLoading(true);
    setError(undefined);
    try {
      const page = await call<{ entries: AuditEntry[]; next?: string | null }>(url);
      setEntries(append && entries ? [...entries, ...page.entries] : page.entries);
      setNext(page.next ?? null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };
  const first = (f: typeof filters) => load(`/api/audit${query({ ...f, pageSize: 50 })}`, false);
  useEffect(() => {
    void first(filters);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <>
      <h1>{t('auditTitle')}</h1>
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(form);
          void first(form);
        }}
      >
        {(['user', 'action', 'objectType'] as const).map((k) => (
          <div class="field" key={k}>
            <label for={`audit-${k}`}>{t(k === 'user' ? 'auditFilterUser' : k === 'action' ? 'auditFilterAction' : 'auditFilterType')}</label>
            <input id={`audit-${k}`} value={form[k]} onInput={(e) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value })} size={14} />
          </div>
        ))}
        <button type="submit" class="toolbar-button">
          {t('auditFilter')}
        </button>
      </form>
      {error !== undefined && <ErrorBox error={error} onRetry={() => first(filters)} />}
      {entries === null && loading && <Loading />}
      {entries && entries.length === 0 && <p>{t('auditNone')}</p>}
      {entries && entries.length > 0 && (
        <TableWrap label={t('auditTitle')} exportName="nhat-ky">
          <table data-testid="audit">
            <thead>
              <tr>
                <th scope="col">{t('auditAt')}</th>
                <th scope="col">{t('auditUser')}</th>
                <th scope="col">{t('auditAction')}</th>
                <th scope="col">{t('auditObject')}</th>
                <th scope="col">{t('auditChange')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-action={e.action}>
                  <td class="num">{formatTimestamp(e.at)}</td>
                  <td>{e.user}</td>
                  <td>{e.action}</td>
                  <td>
                    {e.objectType} {e.objectId}
                  </td>
                  <td class="change">{change(e.before, e.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {next && (
        <p>
          <button type="button" disabled={loading} onClick={() => load(next, true)}>
            {t('auditMore')}
          </button>
        </p>
      )}
    </>
  );
}
