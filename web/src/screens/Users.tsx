// Administration of users (docs/security.md): the users the administrator
// manages, and one user's roles, scopes and state, within the
// administrator's own scope — the server refuses a grant beyond it (E_GRANT),
// and the refusal is shown with what to do next.
import { useLocation, useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, callWithEtag, query, seg, type Me, type Role } from '../api';
import type { ProgramNode } from '../plans';
import { DateField } from '../components/DateField';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { TableWrap } from '../components/TableWrap';
import { TextField } from '../components/TextField';
import { UnitPicker } from '../components/UnitPicker';
import { todayInVietnam } from '../format';
import { useAsync, useDebounced, useLang } from '../hooks';
import { t } from '../messages';
import { useSession } from '../session';

type User = Omit<Me, 'authorities' | 'csrfToken'> & { disabled: boolean; locked: boolean };

function roleName(roles: Role[], code: string, lang: string): string {
  const r = roles.find((x) => x.code === code);
  return r ? (lang === 'en' && r.nameEn ? r.nameEn : r.name) : code;
}

export function Users() {
  const lang = useLang();
  const { roles } = useSession();
  const created = useLocation().query.created as string | undefined;
  const [q, setQ] = useState('');
  const needle = useDebounced(q.trim(), 250);
  const users = useAsync((signal) => call<{ users: User[] }>(`/api/users${query({ q: needle })}`, { signal }), [needle]);
  return (
    <>
      <h1>{t('usersTitle')}</h1>
      <p class="hint">{t('usersIntro')}</p>
      {created && (
        <p class="notice" role="status">
          {t('userCreated', { username: created })}
        </p>
      )}
      <div class="toolbar">
        <TextField id="user-search" label={t('usersSearch')} type="search" value={q} onValue={setQ} />
        <a class="button primary" href="/admin/users/new">
          {t('usersNew')}
        </a>
        <a class="button" href="/admin/roles">
          {t('rolesTitle')}
        </a>
      </div>
      {users.error !== undefined && <ErrorBox error={users.error} onRetry={users.reload} />}
      {users.loading && !users.data && <Loading />}
      {users.data && (
        <TableWrap label={t('usersTitle')} exportName="nguoi-dung">
          <table data-testid="users">
            <thead>
              <tr>
                <th scope="col">{t('userUsername')}</th>
                <th scope="col">{t('userDisplayName')}</th>
                <th scope="col">{t('userRoles')}</th>
                <th scope="col">{t('userEntryScope')}</th>
                <th scope="col">{t('userStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((u) => (
                <tr key={u.username}>
                  <td>
                    <a href={`/admin/users/${seg(u.username)}`}>{u.username}</a>
                  </td>
                  <td>{u.displayName}</td>
                  <td>{u.roles.map((r) => roleName(roles, r, lang)).join(', ')}</td>
                  <td>{u.entryScope.map((x) => x.name).join(', ')}</td>
                  <td>{u.disabled ? t('userDisabled') : u.locked ? t('userLocked') : t('userActive')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}

type Draft = User & { password: string };

export function UserEdit() {
  const lang = useLang();
  const { roles } = useSession();
  const { params } = useRoute();
  const location = useLocation();
  const isNew = params.username === 'new';
  const loaded = useAsync(
    (signal) => (isNew ? Promise.resolve(null) : callWithEtag<User>(`/api/users/${seg(params.username)}`, { signal })),
    [params.username],
  );
  const [draft, setDraft] = useState<Draft | null>(null);
  // The content areas a user may be limited to (partner agencies).
  const areas = useAsync(async (signal) => {
    const nodes = (await call<{ programNodes: ProgramNode[] }>('/api/programNodes', { signal })).programNodes;
    return nodes.filter((n) => n.kind === 'content_area' || n.kind === 'project');
  }, [lang]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  // Units are found as of a day: a scope may name units that have since merged.
  const [asOf, setAsOf] = useState(todayInVietnam());
  useEffect(() => {
    if (isNew) {
      setDraft({ username: '', displayName: '', email: '', roles: [], entryScope: [], viewScope: [], contentAreas: [], disabled: false, locked: false, password: '' });
    } else if (loaded.data) {
      const u = loaded.data.data;
      setDraft({ ...u, password: '' });
    }
  }, [isNew, loaded.data]);

  if (loaded.error !== undefined) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!draft) return <Loading />;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });

  const save = async (e: Event) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    setSaved('');
    const body: Record<string, unknown> = {
      displayName: draft.displayName,
      email: draft.email,
      roles: draft.roles,
      entryScope: draft.entryScope.map((u) => u.id),
      viewScope: draft.viewScope.map((u) => u.id),
      contentAreas: draft.contentAreas,
    };
    try {
      if (isNew) {
        await call('/api/users', { method: 'POST', body: { ...body, username: draft.username, password: draft.password } });
        location.route(`/admin/users${query({ created: draft.username })}`);
      } else {
        body.disabled = draft.disabled;
        if (!draft.locked && loaded.data!.data.locked) body.locked = false;
        if (draft.password) body.password = draft.password;
        await call(`/api/users/${seg(params.username)}`, { method: 'PUT', body, headers: loaded.data!.etag ? { 'If-Match': loaded.data!.etag } : {} });
        loaded.reload();
        setSaved(t('userSaved'));
      }
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <p>
        <a href="/admin/users">{t('userBack')}</a>
      </p>
      <h1>{isNew ? t('usersNew') : draft.username}</h1>
      {error !== null &&
        (error instanceof ApiError && error.status === 412 ? (
          <p class="error" role="alert">
            {t('userChangedMeanwhile')}
          </p>
        ) : (
          <ErrorBox error={error} />
        ))}
      {saved && (
        <p class="notice" role="status">
          {saved}
        </p>
      )}
      <form onSubmit={save} class="user-form" data-testid="user-form">
        {isNew && (
          <TextField id="u-username" label={t('userUsername')} required autocapitalize="none" spellcheck={false} value={draft.username} onValue={(v) => set({ username: v })} />
        )}
        <TextField id="u-name" label={t('userDisplayName')} required value={draft.displayName} onValue={(v) => set({ displayName: v })} />
        <TextField id="u-email" label={t('userEmail')} type="email" value={draft.email} onValue={(v) => set({ email: v })} />
        <fieldset>
          <legend>{t('userRoles')}</legend>
          {roles.map((r) => (
            <label key={r.code} class="check">
              <input
                type="checkbox"
                checked={draft.roles.includes(r.code)}
                onChange={(e) => set({ roles: (e.target as HTMLInputElement).checked ? [...draft.roles, r.code] : draft.roles.filter((x) => x !== r.code) })}
              />{' '}
              {roleName(roles, r.code, lang)}
            </label>
          ))}
        </fieldset>
        <DateField id="u-asof" label={t('unitPickerAsOf')} value={asOf} onChange={setAsOf} />
        <UnitPicker id="u-entry" label={t('userEntryScope')} units={draft.entryScope} onChange={(units) => set({ entryScope: units })} asOf={asOf} />
        <UnitPicker id="u-view" label={t('userViewScope')} units={draft.viewScope} onChange={(units) => set({ viewScope: units })} asOf={asOf} />
        {areas.data && areas.data.length > 0 && (
          <fieldset data-testid="user-areas">
            <legend>{t('userContentAreas')}</legend>
            <p class="hint">{t('userContentAreasHint')}</p>
            {areas.data.map((n) => (
              <label key={n.code} class={`check${n.kind === 'content_area' ? ' indent' : ''}`}>
                <input
                  type="checkbox"
                  checked={draft.contentAreas.includes(n.code)}
                  onChange={(e) =>
                    set({ contentAreas: (e.target as HTMLInputElement).checked ? [...draft.contentAreas, n.code] : draft.contentAreas.filter((x) => x !== n.code) })
                  }
                />{' '}
                {n.name} ({n.code})
              </label>
            ))}
          </fieldset>
        )}
        {!isNew && (
          <fieldset>
            <legend>{t('userStatus')}</legend>
            <label class="check">
              <input type="checkbox" checked={draft.disabled} onChange={(e) => set({ disabled: (e.target as HTMLInputElement).checked })} /> {t('userDisable')}
            </label>
            {loaded.data?.data.locked && (
              <label class="check">
                <input type="checkbox" checked={!draft.locked} onChange={(e) => set({ locked: !(e.target as HTMLInputElement).checked })} /> {t('userUnlock')}
              </label>
            )}
          </fieldset>
        )}
        <TextField id="u-password" label={isNew ? t('userPassword') : t('userNewPassword')} type="password" autocomplete="new-password" required={isNew} value={draft.password} onValue={(v) => set({ password: v })} />
        <button type="submit" class="primary" disabled={saving}>
          {t('userSave')}
        </button>
      </form>
    </>
  );
}
