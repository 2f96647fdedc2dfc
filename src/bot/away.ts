import type { BotContent } from './content.js';
import { WEEKDAYS, type Opening } from './opening-hours.js';

/**
 * The next opening as the user reads it, in the content's words: "today at 14:00", "tomorrow at 8:00",
 * "on Monday at 8:00", "on Monday 4 January at 8:00"; the content's `unknown` when nothing opens.
 */
export function phraseOpening(next: Opening | null, content: BotContent): string {
  const { hours } = content;
  if (next === null) return hours.unknown;
  const time = next.time.replace(/^0(\d)/, '$1');
  const weekday = hours.weekdays[WEEKDAYS.indexOf(next.weekday)]!;
  const [, month, day] = next.date.split('-').map(Number) as [number, number, number];
  const date = `${day} ${hours.months[month - 1]!}`;
  const template = next.daysAhead === 0 ? hours.today : next.daysAhead === 1 ? hours.tomorrow : next.daysAhead < 7 ? hours.thisWeek : hours.later;
  return template.replaceAll('{weekday}', weekday).replaceAll('{date}', date).replaceAll('{time}', time);
}
