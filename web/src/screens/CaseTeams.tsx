// Case teams (docs/confidentiality.md, "Need to know"): who reads the
// confidential cases of each trusted address or victims' livelihood model.
// A holder of grant_confidential (the data-protection officer) names
// caseworkers (read and change) and supervisors (read) among the users
// holding read_confidential whose view scope covers the address; never
// themselves. Every grant and revocation is audited on the server.
import { useState } from 'preact/hooks';
import { ApiError, call, seg, type Role } from '../api';
import { Choice } from '../components/Choice';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { TableWrap } from '../components/TableWrap';
import { formatTimestamp } from '../format';
import { useAsync } from '../hooks';
import { t } from '../messages';
import { grantProblem } from '../cases';
import { can, useSession } from '../session';
import type { CaseAddress } from './Cases';

interface TeamPlace {
  address: string;
  user: string | null;
  role: 'caseworker' | 'supervisor';
  grantedBy: string;
  grantedAt: string;
}

export function CaseTeams() {
  const { me, roles } = useSession();
  const teams = useAsync((signal) => call<{ caseTeams: TeamPlace[]; addresses: CaseAddress[] }>('/api/caseTeams', { signal }), []);
  // The users who may be named: those holding a role with read_confidential.
  const readers = new Set(roles.filter((r: Role) => r.authorities.includes('read_confidential')).map((r) => r.code));
  const users = useAsync(
    async (signal) => (can(me, 'manage_users') ? (await call<{ users: { username: string; displayName: string; roles: string[] }[] }>('/api/users', { signal })).users : []),
    [],
  );
  const candidates = (users.data ?? []).filter((u) => u.username !== me.username && u.roles.some((r) => readers.has(r)));
  const [address, setAddress] = useState('');
  const [user, setUser] = useState('');
  const [role, setRole] = useState('caseworker');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  if (teams.error !== undefined) return <ErrorBox error={teams.error} onRetry={teams.reload} />;
  if (!teams.data) return <Loading />;
  const addresses = teams.data.addresses;
  const chosen = address || addresses[0]?.code || '';
  const byCode = new Map(addresses.map((a) => [a.code, a]));
  const placeName = (code: string) => {
    const a = byCode.get(code);
    return a ? (a.orgUnitName ? `${a.name} (${a.orgUnitName})` : a.name) : code;
  };

  const act = async (what: () => Promise<unknown>, message: string) => {
    setError(null);
    setDone('');
    setBusy(true);
    try {
      await what();
      setDone(message);
      teams.reload();
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  const grant = (e: Event) => {
    e.preventDefault();
    const name = user.trim();
    act(() => call('/api/caseTeams', { method: 'POST', body: { address: chosen, user: name, role } }), t('teamGranted', { user: name, address: placeName(chosen) }));
  };
  const revoke = (p: TeamPlace) => {
    if (!p.user || !window.confirm(t('teamRevokeConfirm', { user: p.user, address: placeName(p.address) }))) return;
    act(() => call(`/api/caseTeams/${seg(p.address)}/${seg(p.user!)}`, { method: 'DELETE' }), t('teamRevoked', { user: p.user, address: placeName(p.address) }));
  };
  const why = grantProblem(error);

  return (
    <>
      <h1>{t('teamsTitle')}</h1>
      <p class="hint">{t('teamsIntro')}</p>
      {done && (
        <p class="notice" role="status">
          {done}
        </p>
      )}
      {error !== null &&
        (why ? (
          <div class="error" role="alert">
            <p>{why}</p>
            <p class="hint" lang="en">
              {(error as ApiError).message}
            </p>
          </div>
        ) : (
          <ErrorBox error={error} />
        ))}
      {addresses.length === 0 ? (
        <p>{t('teamsNoAddress')}</p>
      ) : (
        <form class="toolbar" onSubmit={grant} data-testid="team-form">
          <label>
            {t('caseAddress')} <Choice value={chosen} options={addresses.map((a) => ({ value: a.code, text: placeName(a.code) }))} onChange={setAddress} />
          </label>
          <label>
            {t('username')}{' '}
            <input required list="team-candidates" value={user} autoComplete="off" onInput={(e) => setUser((e.target as HTMLInputElement).value)} />
          </label>
          <datalist id="team-candidates">
            {candidates.map((u) => (
              <option key={u.username} value={u.username}>
                {u.displayName}
              </option>
            ))}
          </datalist>
          <label>
            {t('teamRole')}{' '}
            <Choice
              value={role}
              options={[
                { value: 'caseworker', text: t('caseRoleCaseworker') },
                { value: 'supervisor', text: t('caseRoleSupervisor') },
              ]}
              onChange={setRole}
            />
          </label>
          <button type="submit" class="primary" disabled={busy || user.trim() === ''}>
            {t('teamGrant')}
          </button>
        </form>
      )}
      {teams.data.caseTeams.length === 0 ? (
        <p>{t('teamsNone')}</p>
      ) : (
        <TableWrap label={t('teamsTitle')} exportName="nhom-ho-tro-ca">
          <table data-testid="case-teams">
            <thead>
              <tr>
                <th scope="col">{t('caseAddress')}</th>
                <th scope="col">{t('username')}</th>
                <th scope="col">{t('teamRole')}</th>
                <th scope="col">{t('teamGrantedBy')}</th>
                <th scope="col">{t('teamGrantedAt')}</th>
                <th scope="col">
                  <span class="sr-only">{t('teamRevoke')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {teams.data.caseTeams.map((p) => (
                <tr key={`${p.address}/${p.user}`} data-user={p.user ?? ''}>
                  <td>{placeName(p.address)}</td>
                  <td>{p.user ?? ''}</td>
                  <td>{t(p.role === 'supervisor' ? 'caseRoleSupervisor' : 'caseRoleCaseworker')}</td>
                  <td>{p.grantedBy}</td>
                  <td>{formatTimestamp(p.grantedAt)}</td>
                  <td>
                    <button type="button" class="small" disabled={busy} aria-label={t('teamRevokeLabel', { user: p.user ?? '' })} onClick={() => revoke(p)}>
                      {t('teamRevoke')}
                    </button>
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
