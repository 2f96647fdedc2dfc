import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { BusinessHours } from '@contract/settings';
import { browserTimeZone, timeZones } from '../analytics/range';
import { openingLong } from '../opening-time';
import { bodyOf, draftOf, type HoursDraft } from './business-hours-form';
import { ClosedDates } from './ClosedDates';
import { Done, Problem } from './parts';
import type { SectionProps } from './section-props';
import { businessHoursQuery, settingsApi, settingsKeys } from './settings-api';
import { WeeklyHours } from './WeeklyHours';
import './business-hours.css';

/** When the team is there (admins change it; agents read it): outside those hours users are told when it is back. */
export function BusinessHoursSection({ me }: SectionProps) {
  const current = useQuery(businessHoursQuery);
  return (
    <>
      <p className="hint">
        Outside these hours, a user who asks for a person is told when the team is back; the chat waits in the queue, with a note saying what
        the user was told, and the inbox&apos;s header shows &ldquo;Outside business hours&rdquo;.
      </p>
      <Problem error={current.error} />
      {current.data ? (
        <>
          <OpenNow hours={current.data} />
          <HoursForm saved={current.data} canChange={me.role === 'admin'} />
        </>
      ) : null}
    </>
  );
}

/** Where the saved schedule stands now, as the server sees it. */
function OpenNow({ hours }: { hours: BusinessHours }) {
  const zone = hours.timezone;
  const text = hours.open_now
    ? 'Open now'
    : `Closed now — ${hours.next_opening_at && zone ? `opens ${openingLong(hours.next_opening_at, zone)}` : 'no opening within a year'}`;
  return (
    <p className={`hours-now${hours.open_now ? '' : ' closed'}`}>
      <span className="hours-now-dot" aria-hidden="true" />
      {text}
      {zone ? <span className="hours-zone">{zone.replace(/_/g, ' ')} time</span> : null}
    </p>
  );
}

function HoursForm({ saved, canChange }: { saved: BusinessHours; canChange: boolean }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(saved, browserTimeZone()));
  const [zones] = useState(() => timeZones(draft.timezone));
  const save = useMutation({
    mutationFn: (next: HoursDraft) => settingsApi.changeBusinessHours(bodyOf(next)),
    // The inbox's header reads the same answer: it changes with the save.
    onSuccess: (result) => queryClient.setQueryData(settingsKeys.businessHours, result),
  });
  const change = (next: Partial<HoursDraft>) => {
    save.reset();
    setDraft((d) => ({ ...d, ...next }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(draft);
  };

  return (
    <form className="card form stack-form" onSubmit={submit} aria-label="Business hours">
      <fieldset className="hours-fieldset" disabled={!canChange}>
        <fieldset className="choices hours-mode">
          <legend>When agents answer</legend>
          <label className="check">
            <input type="radio" name={`${id}-mode`} checked={draft.alwaysOpen} onChange={() => change({ alwaysOpen: true })} />
            Always open
          </label>
          <label className="check">
            <input type="radio" name={`${id}-mode`} checked={!draft.alwaysOpen} onChange={() => change({ alwaysOpen: false })} />
            Set opening hours
          </label>
        </fieldset>
        {draft.alwaysOpen ? null : (
          <>
            <label className="field hours-zone-field">
              <span>Time zone</span>
              <input className="input" list={`${id}-zones`} required spellCheck={false} autoComplete="off" value={draft.timezone}
                onChange={(e) => change({ timezone: e.target.value })} />
            </label>
            <datalist id={`${id}-zones`}>
              {zones.map((zone) => <option key={zone} value={zone} />)}
            </datalist>
            <WeeklyHours days={draft.days} onChange={(day, hours) => change({ days: { ...draft.days, [day]: hours } })} />
            <p className="hint">To stay open until midnight, close at 00:00. Two ranges on a day leave a break between them (lunch).</p>
            <ClosedDates dates={draft.closedDates} onChange={(closedDates) => change({ closedDates })} />
          </>
        )}
      </fieldset>
      {canChange ? (
        <div className="form-actions">
          <button type="submit" className="btn primary" disabled={save.isPending}>Save</button>
          <Done text={save.isSuccess ? 'Saved.' : null} />
        </div>
      ) : <p className="hint">Only admins change the business hours.</p>}
      <Problem error={save.error} />
    </form>
  );
}
