// The bell of the header: the caller's unread notifications, a link to the
// inbox. It asks the server on arrival, every minute, when the page comes
// back into view, and at once when the inbox screen marks something read.
import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import { INBOX_CHANGED, badge, inboxPath, type InboxPage } from '../inbox';
import { t } from '../messages';

export function Bell() {
  const [unread, setUnread] = useState(0);
  useEffect(() => {
    let live = true;
    const count = () => {
      call<InboxPage>(inboxPath(1, 1)).then(
        (page) => {
          if (live) setUnread(page.unread);
        },
        () => {
          // the bell stays as it was; the screens report errors
        },
      );
    };
    count();
    const timer = setInterval(count, 60_000);
    const onVisible = () => {
      if (document.visibilityState === 'visible') count();
    };
    window.addEventListener(INBOX_CHANGED, count);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      clearInterval(timer);
      window.removeEventListener(INBOX_CHANGED, count);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);
  const text = badge(unread);
  // The name is the visible text ("Thông báo 3") and, for screen readers,
  // "chưa đọc" after the count (WCAG 2.5.3: the label contains the text).
  return (
    <a href="/inbox" class="bell" data-testid="inbox-bell" title={t('inboxBellLabel', { n: unread })}>
      <span aria-hidden="true">🔔</span> {t('inboxTitle')}
      {text && (
        <>
          {' '}
          <span class="bell-count" data-testid="inbox-unread">
            {text}
          </span>
          <span class="sr-only"> {t('inboxUnread')}</span>
        </>
      )}
    </a>
  );
}
