// The in-app inbox (docs/api.md "Inbox"): the caller's notifications — the
// report reminders (docs/reporting.md "Reminders") — and the small logic the
// bell and the inbox screen share, kept here to be tested without a browser.
import type { Lang } from './messages';

export interface Notification {
  id: number;
  created: string; // ISO 8601 UTC
  kind: string; // dueSoon, overdue, missingSummary, review, or a later kind
  subject: string; // Vietnamese
  body: string; // Vietnamese, a blank line, English
  link: string; // a path of this UI, or ""
  read: string | null;
}

export interface InboxPage {
  unread: number;
  notifications: Notification[];
  pager: { page: number; pageSize: number; total: number; pageCount: number };
}

// Sent on window when the caller's inbox changed (read marks), so that the
// bell counts again at once.
export const INBOX_CHANGED = 'gemis:inbox-changed';

export const PAGE_SIZE = 20;

export function inboxPath(page: number, pageSize: number = PAGE_SIZE): string {
  return `/api/inbox?page=${Math.max(1, Math.floor(page))}&pageSize=${pageSize}`;
}

// The body in `lang`: the server writes the Vietnamese paragraph(s), a blank
// line, then the English ones; a body without the English part is shown
// whole in either language.
export function bodyIn(body: string, lang: Lang): string {
  const split = body.indexOf('\n\n');
  if (split < 0) return body;
  return lang === 'en' ? body.slice(split + 2) : body.slice(0, split);
}

// The bell's badge: nothing for none, the count, "99+" beyond.
export function badge(unread: number): string {
  if (!Number.isFinite(unread) || unread <= 0) return '';
  return unread > 99 ? '99+' : String(Math.floor(unread));
}

// A link to follow inside this UI: a path of ours ("/reports/…"), never
// another site ("//evil", "https://…", "javascript:…").
export function safeLink(link: string): string | null {
  if (!link.startsWith('/') || link.startsWith('//') || link.includes('\\')) return null;
  return link;
}
