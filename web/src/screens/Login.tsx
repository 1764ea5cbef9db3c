// Sign in: username and password; errors say what to do next.
import { useState } from 'preact/hooks';
import { call, type Me } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { t } from '../messages';

export function Login({ onSignedIn, expired }: { onSignedIn: (me: Me) => void; expired: boolean }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await call<Me>('/api/auth/login', { method: 'POST', body: { username, password } });
      onSignedIn(me);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <main id="main" class="login">
      <h1>{t('signInTitle')}</h1>
      <p>{t('signInIntro')}</p>
      {expired && !error && <p class="notice">{t('sessionExpired')}</p>}
      {error !== null && <ErrorBox error={error} />}
      <form onSubmit={submit}>
        <div class="field">
          <label for="username">{t('username')}</label>
          <input
            id="username"
            name="username"
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            required
            value={username}
            onInput={(e) => setUsername((e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="field">
          <label for="password">{t('password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          />
        </div>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
    </main>
  );
}
