// Roles (docs/access.md): the built-in ones and those an administrator made,
// each with its authorities in words; a form makes a new one (POST
// /api/roles). A role may hold only authorities its maker holds, and the
// sensitive ones (confidential cases, granting them, data protection) only
// from someone who may grant them: the form offers nothing else, and the
// server refuses with E_GRANT if asked.
import { useState } from 'preact/hooks';
import { ApiError, call, type Role } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { TableWrap } from '../components/TableWrap';
import { TextField } from '../components/TextField';
import { useLang } from '../hooks';
import { t, type MessageKey } from '../messages';
import { can, useSession } from '../session';

// Every authority in the server's order, with its words.
export const AUTHORITIES: [string, MessageKey][] = [
  ['read_metadata', 'authReadMetadata'],
  ['read_data', 'authReadData'],
  ['enter_data', 'authEnterData'],
  ['edit_targets', 'authEditTargets'],
  ['allocate', 'authAllocate'],
  ['approve', 'authApprove'],
  ['import', 'authImport'],
  ['export', 'authExport'],
  ['manage_metadata', 'authManageMetadata'],
  ['manage_org_units', 'authManageOrgUnits'],
  ['manage_users', 'authManageUsers'],
  ['read_audit', 'authReadAudit'],
  ['read_confidential', 'authReadConfidential'],
  ['grant_confidential', 'authGrantConfidential'],
  ['read_personal', 'authReadPersonal'],
  ['manage_privacy', 'authManagePrivacy'],
];
const SENSITIVE = new Set(['read_confidential', 'grant_confidential', 'manage_privacy']);

export const authorityText = (code: string) => {
  const found = AUTHORITIES.find(([c]) => c === code);
  return found ? t(found[1]) : code;
};

export function Roles() {
  const lang = useLang();
  const { me, roles, setRoles } = useSession();
  const [draft, setDraft] = useState({ code: '', name: '', nameEn: '', authorities: [] as string[] });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  // What the signed-in user may put in a role.
  const grantable = (code: string) => (SENSITIVE.has(code) ? can(me, 'grant_confidential') : can(me, code));

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setSaved('');
    setBusy(true);
    try {
      await call('/api/roles', { method: 'POST', body: { ...draft, code: draft.code.trim(), name: draft.name.trim().normalize('NFC'), nameEn: draft.nameEn.trim() } });
      const fresh = await call<{ roles: Role[] }>('/api/roles');
      setRoles(fresh.roles);
      setSaved(t('roleSaved', { name: draft.name.trim() }));
      setDraft({ code: '', name: '', nameEn: '', authorities: [] });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p>
        <a href="/admin/users">← {t('usersTitle')}</a>
      </p>
      <h1>{t('rolesTitle')}</h1>
      <p class="hint">{t('rolesIntro')}</p>
      <TableWrap label={t('rolesTitle')} exportName="vai-tro">
        <table data-testid="roles">
          <thead>
            <tr>
              <th scope="col">{t('roleName')}</th>
              <th scope="col">{t('roleCode')}</th>
              <th scope="col">{t('roleAuthorities')}</th>
            </tr>
          </thead>
          <tbody>
            {roles.map((r) => (
              <tr key={r.code} data-code={r.code}>
                <td>
                  {lang === 'en' && r.nameEn ? r.nameEn : r.name}
                  {r.builtin && <span class="hint"> ({t('roleBuiltin')})</span>}
                </td>
                <td>{r.code}</td>
                <td>{r.authorities.map(authorityText).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <h2>{t('roleNew')}</h2>
      {error !== null &&
        (error instanceof ApiError && error.code === 'E_GRANT' ? (
          <p class="error" role="alert">
            {t('roleGrantRefused')}
          </p>
        ) : (
          <ErrorBox error={error} />
        ))}
      {saved && (
        <p class="notice" role="status">
          {saved}
        </p>
      )}
      <form class="user-form" onSubmit={submit} data-testid="role-form">
        <TextField id="r-code" label={t('roleCode')} hint={t('roleCodeHint')} required autocapitalize="none" spellcheck={false} value={draft.code} onValue={(v) => setDraft({ ...draft, code: v })} />
        <TextField id="r-name" label={t('roleName')} required value={draft.name} onValue={(v) => setDraft({ ...draft, name: v })} />
        <TextField id="r-name-en" label={t('roleNameEn')} value={draft.nameEn} onValue={(v) => setDraft({ ...draft, nameEn: v })} />
        <fieldset>
          <legend>{t('roleAuthorities')}</legend>
          <p class="hint">{t('roleAuthoritiesHint')}</p>
          {AUTHORITIES.map(([code, key]) => (
            <label class="check" key={code}>
              <input
                type="checkbox"
                value={code}
                disabled={!grantable(code)}
                checked={draft.authorities.includes(code)}
                onChange={(e) =>
                  setDraft({
                    ...draft,
                    authorities: (e.target as HTMLInputElement).checked ? [...draft.authorities, code] : draft.authorities.filter((a) => a !== code),
                  })
                }
              />{' '}
              {t(key)}
              {SENSITIVE.has(code) && ` (${t('roleSensitive')})`}
            </label>
          ))}
        </fieldset>
        <button type="submit" class="primary" disabled={busy}>
          {t('userSave')}
        </button>
      </form>
    </>
  );
}
