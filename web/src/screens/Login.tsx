// Sign in: username and password; errors say what to do next.
import { useState } from 'preact/hooks';
import { call, type Me } from '../api';
import { ErrorBox } from '../components/ErrorBox';
import { TextField } from '../components/TextField';
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
        <TextField id="username" label={t('username')} name="username" autocomplete="username" autocapitalize="none" spellcheck={false} required value={username} onValue={setUsername} />
        <TextField id="password" label={t('password')} name="password" type="password" autocomplete="current-password" required value={password} onValue={setPassword} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
    </main>
  );
}
