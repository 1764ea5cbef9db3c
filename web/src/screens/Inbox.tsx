// The inbox (docs/api.md "Inbox"): the caller's notifications, newest first
// — the report reminders (docs/reporting.md "Reminders") — with the link to
// the report, and marking them read one by one or all at once.
import { useState } from 'preact/hooks';
import { call } from '../api';
import { ErrorBox, Loading } from '../components/ErrorBox';
import { formatTimestamp } from '../format';
import { useAsync, useLang } from '../hooks';
import { INBOX_CHANGED, bodyIn, inboxPath, safeLink, type InboxPage, type Notification } from '../inbox';
import { t, type MessageKey } from '../messages';

const KINDS: Record<string, MessageKey> = {
  dueSoon: 'inboxKindDueSoon',
  overdue: 'inboxKindOverdue',
  missingSummary: 'inboxKindMissingSummary',
  review: 'inboxKindReview',
};

export function Inbox() {
  const lang = useLang();
  const [page, setPage] = useState(1);
  const inbox = useAsync((signal) => call<InboxPage>(inboxPath(page), { signal }), [page]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const act = async (path: string) => {
    setError(null);
    setBusy(true);
    try {
      await call(path, { method: 'POST', body: {} });
      window.dispatchEvent(new Event(INBOX_CHANGED));
      inbox.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (inbox.error !== undefined) return <ErrorBox error={inbox.error} onRetry={inbox.reload} />;
  if (!inbox.data) return <Loading />;
  const { unread, notifications, pager } = inbox.data;
  return (
    <section aria-labelledby="inbox-title" lang={lang}>
      <h1 id="inbox-title">{t('inboxTitle')}</h1>
      <p>{t('inboxIntro')}</p>
      {error !== null && <ErrorBox error={error} />}
      <p data-testid="inbox-count">
        {t('inboxUnreadCount', { n: unread })}{' '}
        {unread > 0 && (
          <button type="button" disabled={busy} onClick={() => act('/api/inbox/readAll')}>
            {t('inboxMarkAllRead')}
          </button>
        )}
      </p>
      {notifications.length === 0 ? (
        <p>{t('inboxEmpty')}</p>
      ) : (
        <ul class="inbox" data-testid="inbox-list">
          {notifications.map((n) => (
            <Item key={n.id} n={n} busy={busy} onRead={() => act(`/api/inbox/${n.id}/read`)} />
          ))}
        </ul>
      )}
      {pager.pageCount > 1 && (
        <nav class="pager" aria-label={t('inboxPageOf', { page: pager.page, pages: pager.pageCount })}>
          <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            {t('inboxNewer')}
          </button>{' '}
          {t('inboxPageOf', { page: pager.page, pages: pager.pageCount })}{' '}
          <button type="button" disabled={page >= pager.pageCount} onClick={() => setPage(page + 1)}>
            {t('inboxOlder')}
          </button>
        </nav>
      )}
    </section>
  );
}

function Item({ n, busy, onRead }: { n: Notification; busy: boolean; onRead: () => void }) {
  const lang = useLang();
  const link = safeLink(n.link);
  const kind = KINDS[n.kind];
  return (
    <li class={n.read ? 'inbox-item' : 'inbox-item unread'} data-testid="inbox-item" data-kind={n.kind}>
      <p class="inbox-head">
        {!n.read && <strong class="inbox-unread">{t('inboxUnread')} · </strong>}
        {kind ? t(kind) : n.kind} · <time dateTime={n.created}>{formatTimestamp(n.created)}</time>
      </p>
      <h2 class="inbox-subject" lang="vi">
        {n.subject}
      </h2>
      <p class="inbox-body">{bodyIn(n.body, lang)}</p>
      <p class="actions">
        {link && (
          <a href={link} data-testid="inbox-link">
            {t('inboxOpen')}
          </a>
        )}{' '}
        {!n.read && (
          <button type="button" disabled={busy} onClick={onRead}>
            {t('inboxMarkRead')}
          </button>
        )}
      </p>
    </li>
  );
}
