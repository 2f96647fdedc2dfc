import type { ConversationStatus } from '@contract/conversations';

export const STATUS_NAMES: Record<ConversationStatus, string> = {
  open: 'Open',
  pending: 'Pending',
  snoozed: 'Snoozed',
  resolved: 'Resolved',
};

/** When a snooze given as a choice ends: in an hour, tomorrow at 8:00, next Monday at 8:00; null until the user writes. */
export type SnoozeChoice = 'hour' | 'tomorrow' | 'next-week' | 'reply';

export const SNOOZE_CHOICES: ReadonlyArray<{ choice: SnoozeChoice; title: string }> = [
  { choice: 'hour', title: 'For 1 hour' },
  { choice: 'tomorrow', title: 'Until tomorrow 8:00' },
  { choice: 'next-week', title: 'Until next week (Monday 8:00)' },
  { choice: 'reply', title: 'Until they reply' },
];

export function snoozeUntil(choice: SnoozeChoice, now = new Date()): string | undefined {
  if (choice === 'reply') return undefined;
  if (choice === 'hour') return new Date(now.getTime() + 3_600_000).toISOString();
  const at = new Date(now);
  at.setHours(8, 0, 0, 0);
  if (choice === 'tomorrow') at.setDate(at.getDate() + 1);
  else at.setDate(at.getDate() + (((8 - at.getDay()) % 7) || 7));
  return at.toISOString();
}

/** "Snoozed until Tue 08:00", "Snoozed until they reply". */
export function statusLine(status: ConversationStatus, snoozedUntil: string | null): string {
  if (status !== 'snoozed') return STATUS_NAMES[status];
  if (!snoozedUntil) return 'Snoozed until they reply';
  const at = new Date(snoozedUntil);
  return `Snoozed until ${at.toLocaleString(undefined, { weekday: 'short', hour: 'numeric', minute: '2-digit' })}`;
}
