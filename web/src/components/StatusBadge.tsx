// A progress status (analytics/progress.h) as a coloured badge with its word:
// colour is never the only carrier of the meaning.
import { t, type MessageKey } from '../messages';

const STATUS: Record<string, MessageKey> = {
  achieved: 'statusAchieved',
  on_track: 'statusOnTrack',
  behind: 'statusBehind',
  not_started: 'statusNotStarted',
  suspended: 'statusSuspended',
  not_measurable: 'statusNotMeasurable',
  conflict: 'statusConflict',
  no_target: 'statusNoTarget',
};

export function statusText(status: string): string {
  const key = STATUS[status];
  return key ? t(key) : status;
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status.replace(/_/g, '-')}`}>{statusText(status)}</span>;
}
