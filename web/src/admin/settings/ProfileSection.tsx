import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Availability } from '@contract/agents';
import type { SectionProps } from './section-props';
import { settingsApi } from './settings-api';
import { Done, Problem } from './parts';

/** Every agent's own name, availability and password. */
export function ProfileSection({ me, onProfileChanged }: SectionProps) {
  if (!me.id) {
    return <p className="muted">You are signed in with the bootstrap token (ADMIN_API_TOKEN), which is no agent: it has no profile to change.</p>;
  }
  return (
    <>
      <p className="muted">Signed in as {me.email} ({me.role === 'admin' ? 'admin' : 'agent'}).</p>
      <NameForm me={me} onProfileChanged={onProfileChanged} />
      <PasswordForm />
    </>
  );
}

function NameForm({ me, onProfileChanged }: SectionProps) {
  const [name, setName] = useState(me.name);
  const [availability, setAvailability] = useState<Availability>(me.availability ?? 'available');
  const save = useMutation({
    mutationFn: () => settingsApi.changeMe({ name: name.trim(), availability }),
    onSuccess: ({ agent }) => onProfileChanged(agent),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form className="card form slim" onSubmit={submit} aria-labelledby="profile-name-title">
      <h3 id="profile-name-title">Name and availability</h3>
      <label className="field">
        <span>Your name</span>
        <input className="input" required maxLength={100} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <fieldset className="choices">
        <legend>Availability</legend>
        <label className="check">
          <input type="radio" name="availability" value="available" checked={availability === 'available'} onChange={() => setAvailability('available')} />
          Available: new chats may be given to me
        </label>
        <label className="check">
          <input type="radio" name="availability" value="away" checked={availability === 'away'} onChange={() => setAvailability('away')} />
          Away
        </label>
      </fieldset>
      <Problem error={save.error} />
      <Done text={save.isSuccess ? 'Saved.' : null} />
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={save.isPending || name.trim() === ''}>{save.isPending ? 'Saving…' : 'Save'}</button>
      </div>
    </form>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () => settingsApi.changeMe({ password: next, current_password: current }),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setAgain('');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(next !== again);
    if (next !== again) return;
    change.mutate();
  };
  return (
    <form className="card form slim" onSubmit={submit} aria-labelledby="profile-password-title">
      <h3 id="profile-password-title">Change your password</h3>
      <label className="field">
        <span>Current password</span>
        <input className="input" type="password" required autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
      </label>
      <label className="field">
        <span>New password</span>
        <input className="input" type="password" required minLength={10} maxLength={1024} autoComplete="new-password" aria-describedby="password-rule"
          value={next} onChange={(e) => setNext(e.target.value)} />
      </label>
      <p id="password-rule" className="hint">At least 10 characters.</p>
      <label className="field">
        <span>New password again</span>
        <input className="input" type="password" required autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
      </label>
      {mismatch ? <p className="alert" role="alert">The two new passwords differ.</p> : <Problem error={change.error} />}
      <Done text={change.isSuccess ? 'Password changed. Your other sessions were signed out; this one stays.' : null} />
      <div className="form-actions">
        <button type="submit" className="btn primary" disabled={change.isPending}>{change.isPending ? 'Changing…' : 'Change password'}</button>
      </div>
    </form>
  );
}
