import { useId } from 'react';
import { DAYS, nextRange, type Day, type DayHours, type Range } from './business-hours-form';

interface Props {
  days: Record<Day, DayHours>;
  onChange(day: Day, hours: DayHours): void;
}

/** Monday to Sunday: open or not, and the day's ranges (two for a lunch break). */
export function WeeklyHours({ days, onChange }: Props) {
  const id = useId();
  return (
    <fieldset className="choices hours-week">
      <legend>Opening hours</legend>
      {DAYS.map(([day, name]) => (
        <DayRow key={day} idPrefix={`${id}-${day}`} name={name} hours={days[day]} onChange={(hours) => onChange(day, hours)} />
      ))}
    </fieldset>
  );
}

/** The field's name: "Wednesday opens", then "Wednesday opens (range 2)". */
const nth = (i: number) => (i === 0 ? '' : ` (range ${i + 1})`);

function DayRow({ idPrefix, name, hours, onChange }: { idPrefix: string; name: string; hours: DayHours; onChange(hours: DayHours): void }) {
  const focusLater = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());
  const setRange = (at: number, range: Range) => onChange({ ...hours, ranges: hours.ranges.map((r, i) => (i === at ? range : r)) });
  const add = () => {
    onChange({ ...hours, ranges: [...hours.ranges, nextRange(hours.ranges)] });
    focusLater(`${idPrefix}-${hours.ranges.length}-from`);
  };
  const remove = (at: number) => {
    onChange({ ...hours, ranges: hours.ranges.filter((_, i) => i !== at) });
    // The button pressed is gone: focus goes to the range before it.
    focusLater(`${idPrefix}-${Math.max(0, at - 1)}-to`);
  };
  return (
    <div className="hours-day" role="group" aria-label={name}>
      <label className="check hours-day-name">
        <input type="checkbox" aria-label={`${name} open`} checked={hours.open} onChange={(e) => onChange({ ...hours, open: e.target.checked })} />
        {name}
      </label>
      {hours.open ? (
        <ul className="hours-ranges">
          {hours.ranges.map(([from, to], i) => (
            <li key={i} className="hours-range">
              <input id={`${idPrefix}-${i}-from`} type="time" className="input compact" required aria-label={`${name} opens${nth(i)}`}
                value={from} onChange={(e) => setRange(i, [e.target.value, to])} />
              <span aria-hidden="true">to</span>
              <input id={`${idPrefix}-${i}-to`} type="time" className="input compact" required aria-label={`${name} closes${nth(i)}`}
                value={to} onChange={(e) => setRange(i, [from, e.target.value])} />
              {hours.ranges.length > 1 ? (
                <button type="button" className="btn link" aria-label={`Remove ${name}${nth(i) || ' (range 1)'}`} onClick={() => remove(i)}>Remove</button>
              ) : null}
              {i === hours.ranges.length - 1 ? (
                <button type="button" className="btn link" aria-label={`Add hours on ${name}`} onClick={add}>+ Add hours</button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : <span className="muted hours-closed">Closed</span>}
    </div>
  );
}
