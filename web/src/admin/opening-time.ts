/**
 * When the team opens next, as the business's own clock reads it (the server answers in UTC). Written in
 * the business's time zone, not the agent's: "back Mon 08:00" is what the user was told too.
 */

/** From six days ahead, a weekday alone could be read as this week's. */
const DATED_FROM_MS = 6 * 86_400_000;

const format = (iso: string, zone: string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat(undefined, { timeZone: zone, ...options }).format(new Date(iso));

const clock = (iso: string, zone: string) => format(iso, zone, { hour: '2-digit', minute: '2-digit' });

/**
 * "Monday 26 October" (with `year`, "Friday 25 December 2026"): the weekday apart, as some locales' own
 * pattern puts a comma after it and others do not.
 */
export function dayLong(iso: string, zone: string, year = false): string {
  const date: Intl.DateTimeFormatOptions = year ? { day: 'numeric', month: 'long', year: 'numeric' } : { day: 'numeric', month: 'long' };
  return `${format(iso, zone, { weekday: 'long' })} ${format(iso, zone, date)}`;
}

/** "Monday 26 October at 08:00". */
export function openingLong(iso: string, zone: string): string {
  return `${dayLong(iso, zone)} at ${clock(iso, zone)}`;
}

/** "Mon 08:00"; six days or more ahead (after a long closure), "Mon 4 Jan 08:00". */
export function openingShort(iso: string, zone: string, now = new Date()): string {
  const farAhead = Date.parse(iso) - now.getTime() >= DATED_FROM_MS;
  return `${format(iso, zone, farAhead ? { weekday: 'short', day: 'numeric', month: 'short' } : { weekday: 'short' })} ${clock(iso, zone)}`;
}
