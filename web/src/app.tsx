// The application shell: signs the user in, then shows the header (the user's
// name, roles and units, the language switch), the navigation and the screen
// of the current address.
import { LocationProvider, Route, Router } from 'preact-iso';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, call, setCsrfToken, setUnauthenticatedHandler, type Me, type Role } from './api';
import { Bell } from './components/Bell';
import { ErrorBox, Loading } from './components/ErrorBox';
import { useLang } from './hooks';
import { setLang, t } from './messages';
import { Activities, ActivityNew } from './screens/Activities';
import { BeneficiaryForm, Beneficiaries } from './screens/Beneficiaries';
import { CadreForm, Cadres } from './screens/Cadres';
import { CaseForm, Cases } from './screens/Cases';
import { CaseTeams } from './screens/CaseTeams';
import { ModelForm, Models } from './screens/Models';
import { Allocation } from './screens/Allocation';
import { Budget } from './screens/Budget';
import { Audit } from './screens/Audit';
import { Roles } from './screens/Roles';
import { DataEntry } from './screens/DataEntry';
import { Home } from './screens/Home';
import { Inbox } from './screens/Inbox';
import { Import } from './screens/Import';
import { Login } from './screens/Login';
import { PlanView } from './screens/PlanView';
import { Plans } from './screens/Plans';
import { Progress } from './screens/Progress';
import { Completeness } from './screens/Completeness';
import { ReportDetailScreen, Reports } from './screens/Reports';
import { Units } from './screens/Units';
import { UserEdit, Users } from './screens/Users';
import { SessionContext, can, type Session } from './session';

type State = { kind: 'loading' } | { kind: 'signedOut'; expired: boolean } | { kind: 'error'; error: unknown } | { kind: 'signedIn'; me: Me; roles: Role[] };

export function App() {
  const lang = useLang();
  const [state, setState] = useState<State>({ kind: 'loading' });

  const enter = useCallback(async (me: Me) => {
    setCsrfToken(me.csrfToken ?? '');
    let roles: Role[] = [];
    try {
      roles = (await call<{ roles: Role[] }>('/api/roles')).roles ?? [];
    } catch {
      // the role codes are shown instead of their names
    }
    setState({ kind: 'signedIn', me, roles });
  }, []);

  const start = useCallback(() => {
    setState({ kind: 'loading' });
    call<Me>('/api/me').then(enter, (error) => {
      if (error instanceof ApiError && error.status === 401) setState({ kind: 'signedOut', expired: false });
      else setState({ kind: 'error', error });
    });
  }, [enter]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    setUnauthenticatedHandler(() => setState({ kind: 'signedOut', expired: true }));
    start();
    return () => setUnauthenticatedHandler(null);
  }, [start]);

  const signOut = useCallback(async () => {
    try {
      await call('/api/auth/logout', { method: 'POST' });
    } catch {
      // the cookie is gone or the server unreachable: signed out here anyway
    }
    setCsrfToken('');
    // the forms' data cached for offline use goes with the session
    navigator.serviceWorker?.controller?.postMessage('sign-out');
    setState({ kind: 'signedOut', expired: false });
  }, []);

  const setRoles = useCallback((roles: Role[]) => setState((s) => (s.kind === 'signedIn' ? { ...s, roles } : s)), []);

  let body;
  if (state.kind === 'loading') body = <main id="main"><Loading /></main>;
  else if (state.kind === 'error') body = <main id="main"><ErrorBox error={state.error} onRetry={start} /></main>;
  else if (state.kind === 'signedOut') body = <Login onSignedIn={enter} expired={state.expired} />;
  else {
    const session: Session = { me: state.me, roles: state.roles, signOut, setRoles };
    body = (
      <SessionContext.Provider value={session}>
        <Nav me={state.me} />
        <main id="main" tabIndex={-1}>
          <Router>
            <Route path="/" component={Home} />
            <Route path="/entry" component={DataEntry} />
            <Route path="/import" component={Import} />
            <Route path="/activities" component={Activities} />
            <Route path="/activities/new" component={ActivityNew} />
            <Route path="/models" component={Models} />
            <Route path="/models/:code" component={ModelForm} />
            <Route path="/cadres" component={Cadres} />
            <Route path="/cadres/:code" component={CadreForm} />
            <Route path="/beneficiaries" component={Beneficiaries} />
            <Route path="/beneficiaries/:code" component={BeneficiaryForm} />
            <Route path="/cases" component={Cases} />
            <Route path="/cases/:code" component={CaseForm} />
            <Route path="/admin/caseTeams" component={CaseTeams} />
            <Route path="/admin/users" component={Users} />
            <Route path="/admin/users/:username" component={UserEdit} />
            <Route path="/admin/audit" component={Audit} />
            <Route path="/admin/roles" component={Roles} />
            <Route path="/inbox" component={Inbox} />
            <Route path="/reports" component={Reports} />
            <Route path="/reports/completeness" component={Completeness} />
            <Route path="/reports/:type/:period/:unit" component={ReportDetailScreen} />
            <Route path="/units" component={Units} />
            <Route path="/units/:id" component={Units} />
            <Route path="/plans" component={Plans} />
            <Route path="/plans/:plan" component={PlanView} />
            <Route path="/plans/:plan/progress" component={Progress} />
            <Route path="/plans/:plan/allocation" component={Allocation} />
            <Route path="/plans/:plan/budget" component={Budget} />
            <Route default component={Home} />
          </Router>
        </main>
      </SessionContext.Provider>
    );
  }

  return (
    <LocationProvider>
      <a class="skip" href="#main">
        {t('skipToContent')}
      </a>
      <header class="top">
        <div class="brand">
          <a href="/" class="app-name">
            {t('appName')}
          </a>
          <span class="tagline">{t('appTagline')}</span>
        </div>
        <div class="top-actions">
          <button
            type="button"
            class="link"
            lang={lang === 'vi' ? 'en' : 'vi'}
            title={t('langSwitchLabel')}
            onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}
          >
            {t('langSwitch')}
          </button>
          {state.kind === 'signedIn' && (
            <>
              <Bell />
              <span class="who" data-testid="who">
                {state.me.displayName || state.me.username}
              </span>
              <button type="button" class="link" onClick={signOut}>
                {t('signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      {body}
    </LocationProvider>
  );
}

function Nav({ me }: { me: Me }) {
  return (
    <nav class="main-nav" aria-label={t('navMain')}>
      <a href="/">{t('navHome')}</a>
      <a href="/plans">{t('navPlans')}</a>
      {can(me, 'enter_data') && <a href="/entry">{t('navEntry')}</a>}
      {can(me, 'read_data') && <a href="/reports">{t('navReports')}</a>}
      {can(me, 'read_data') && <a href="/activities">{t('navActivities')}</a>}
      {can(me, 'read_data') && <a href="/models">{t('navModels')}</a>}
      {can(me, 'read_data') && <a href="/cadres">{t('navCadres')}</a>}
      {can(me, 'read_data') && <a href="/beneficiaries">{t('navBirths')}</a>}
      {can(me, 'read_confidential') && <a href="/cases">{t('navCases')}</a>}
      {can(me, 'import') && <a href="/import">{t('navImport')}</a>}
      {can(me, 'manage_users') && <a href="/admin/users">{t('navAdmin')}</a>}
      {can(me, 'grant_confidential') && <a href="/admin/caseTeams">{t('navCaseTeams')}</a>}
      {can(me, 'read_audit') && <a href="/admin/audit">{t('navAudit')}</a>}
      <a href="/units">{t('navUnits')}</a>
    </nav>
  );
}
