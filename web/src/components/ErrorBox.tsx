// An error as the user should read it: what happened and what to do next, in
// the UI's language. The server's message (already in that language) is shown
// for bad input, where it names the field at fault.
import { ApiError } from '../api';
import { t, type MessageKey } from '../messages';

export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const byCode: Record<string, MessageKey> = {
      E_OFFLINE: 'errorOffline',
      E_LOGIN: 'errorLogin',
      E_LOCKED: 'errorLocked',
      E_ADDRESS_LOCKED: 'errorLocked',
      E_FORBIDDEN: 'errorForbidden',
      E_SCOPE: 'errorScope',
      E_GRANT: 'errorGrant',
      E_NOT_FOUND: 'errorNotFound',
      E_UNAUTHENTICATED: 'sessionExpired',
    };
    const key = byCode[error.code];
    if (key) return t(key);
    if (error.status >= 400 && error.status < 500 && error.message) return error.message;
  }
  return t('errorGeneric');
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div class="error" role="alert">
      <p>{errorText(error)}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

export function Loading() {
  return (
    <p class="loading" role="status">
      {t('loading')}
    </p>
  );
}
