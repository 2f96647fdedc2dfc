import { useState, type FormEvent } from 'react';
import { addressOf, userIdFor, type PhoneUser } from './users';

interface Props {
  users: PhoneUser[];
  current: PhoneUser;
  onChoose(user: PhoneUser): void;
}

/**
 * What is wrong with a typed number, or '' when it will do: written as people write numbers
 * ("+33 6 12 34 56 78", "234-801-234-5678"), 8 to 15 digits once the rest is dropped.
 */
function phoneProblem(value: string): string {
  if (!/^\+?[0-9 ().-]*$/.test(value.trim())) return 'Only digits, with spaces or dashes if you like, and a + in front.';
  const digits = value.replace(/\D/g, '').length;
  return digits >= 8 && digits <= 15 ? '' : `A number has 8 to 15 digits, country code first (this has ${digits}).`;
}

/** Who the phone belongs to: a few presets, the users the simulator already knows, or a new one. */
export function UserPicker({ users, current, onChoose }: Props) {
  const [waId, setWaId] = useState('');
  const [name, setName] = useState('');
  const [hidden, setHidden] = useState(false);
  const [username, setUsername] = useState('');
  const add = (event: FormEvent) => {
    event.preventDefault();
    const handle = username.trim().replace(/^@/, '').toLowerCase();
    onChoose(hidden ? { waId: userIdFor(handle), name: name.trim(), username: handle } : { waId: waId.replace(/\D/g, ''), name: name.trim() });
    setWaId('');
    setName('');
    setUsername('');
  };
  return (
    <section className="picker" aria-labelledby="picker-title">
      <h2 id="picker-title">Chat as</h2>
      <ul className="picker-users">
        {users.map((user) => (
          <li key={user.waId}>
            <button type="button" className="picker-user" aria-pressed={user.waId === current.waId} onClick={() => onChoose(user)}>
              <span className="picker-name">{user.name}</span>
              <span className="picker-number">{addressOf(user)}</span>
            </button>
          </li>
        ))}
      </ul>
      <details className="picker-more">
        <summary>New user…</summary>
        <form className="picker-add" onSubmit={add} aria-label="Add a user">
          <label className="check">
            <input type="checkbox" checked={hidden} onChange={(e) => setHidden(e.target.checked)} />
            <span>Username only (the business never sees the number)</span>
          </label>
          {hidden ? (
            <label className="field">
              <span>Username</span>
              <input className="input" required pattern="@?[a-zA-Z0-9._]{3,35}" placeholder="kemi.ade" value={username} onChange={(e) => setUsername(e.target.value)} title="3 to 35 letters, digits, dots or underscores" />
            </label>
          ) : (
            <label className="field">
              <span>Phone number</span>
              <input
                className="input"
                inputMode="tel"
                required
                placeholder="2348012345678"
                value={waId}
                onChange={(e) => {
                  setWaId(e.target.value);
                  e.target.setCustomValidity(phoneProblem(e.target.value));
                }}
                title="8 to 15 digits, country code first (spaces and dashes are fine)"
              />
            </label>
          )}
          <label className="field">
            <span>Name</span>
            <input className="input" required maxLength={100} placeholder="Profile name" value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" className="btn">Add user</button>
        </form>
      </details>
    </section>
  );
}
