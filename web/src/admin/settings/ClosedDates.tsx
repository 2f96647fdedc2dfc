import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { dateLong, withDate } from './business-hours-form';

interface Props {
  /** YYYY-MM-DD, in order. */
  dates: string[];
  onChange(dates: string[]): void;
}

/** Holidays: days closed whatever the weekly hours say. */
export function ClosedDates({ dates, onChange }: Props) {
  const id = useId();
  const [date, setDate] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const add = () => {
    if (!date) return;
    onChange(withDate(dates, date));
    setDate('');
  };
  // Enter in the date field adds the date rather than saving the whole form.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add();
  };
  const remove = (at: number) => {
    onChange(dates.filter((_, i) => i !== at));
    // The pressed button is gone: focus goes to the next date's, or back to the field.
    requestAnimationFrame(() => (list.current?.querySelectorAll('button')[at] ?? input.current)?.focus());
  };
  return (
    <fieldset className="choices hours-dates">
      <legend>Closed dates</legend>
      <p className="hint">Closed all day (holidays), in the time zone above.</p>
      <div className="inline-form">
        <label className="field" htmlFor={`${id}-date`}>
          <span>Closed on</span>
          <input ref={input} id={`${id}-date`} type="date" className="input" value={date} onChange={(e) => setDate(e.target.value)} onKeyDown={onKeyDown} />
        </label>
        <button type="button" className="btn" disabled={!date} onClick={add}>Add date</button>
      </div>
      {dates.length > 0 ? (
        <ul ref={list} className="hours-date-list" aria-label="Closed dates">
          {dates.map((day, i) => (
            <li key={day}>
              <time dateTime={day}>{dateLong(day)}</time>
              <button type="button" className="btn link" aria-label={`Remove ${dateLong(day)}`} onClick={() => remove(i)}>Remove</button>
            </li>
          ))}
        </ul>
      ) : <p className="muted">No closed dates.</p>}
    </fieldset>
  );
}
