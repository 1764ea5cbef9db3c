// Who is signed in: the answer of GET /api/me (or of the login), shared with
// every screen through a context, and the role names of GET /api/roles.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Me, Role } from './api';

export interface Session {
  me: Me;
  roles: Role[];
  signOut: () => void;
  // After a role is created: the roles every screen offers from now on.
  setRoles: (roles: Role[]) => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the signed-in shell');
  return s;
}

export function can(me: Me, authority: string): boolean {
  return me.authorities.includes(authority);
}
