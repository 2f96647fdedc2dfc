import { useQuery } from '@tanstack/react-query';
import { openingLong, openingShort } from './opening-time';
import { businessHoursQuery } from './settings/settings-api';

/** Read again every minute: the moment the team opens (or closes), the header says so. */
const EVERY_MINUTE = 60_000;

/** "Outside business hours · back Mon 08:00" in the header while the team is away; nothing while it is there. */
export function BusinessHoursBadge() {
  const hours = useQuery({ ...businessHoursQuery, refetchInterval: EVERY_MINUTE }).data;
  if (!hours || hours.open_now) return null;
  const next = hours.timezone && hours.next_opening_at ? { at: hours.next_opening_at, zone: hours.timezone } : null;
  const full = next
    ? `Outside business hours: users who ask for a person are told the team is back ${openingLong(next.at, next.zone)} (${next.zone.replace(/_/g, ' ')} time), and their chats wait in the queue.`
    : 'Outside business hours: no opening is set within a year; chats wait in the queue.';
  return (
    <span className="hours-badge" role="status" aria-label={full} title={full}>
      Outside business hours{next ? ` · back ${openingShort(next.at, next.zone)}` : ''}
    </span>
  );
}
