import { useEffect, useState } from 'react';
import { simulatorApi } from './client';
import { Phone } from './Phone';
import { UserPicker } from './UserPicker';
import { PRESET_USERS, type PhoneUser } from './users';

const STORAGE_KEY = 'wadesk.simulator';

interface Saved {
  current: PhoneUser;
  added: PhoneUser[];
}

function load(): Saved {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Saved | null;
    if (saved?.current?.waId) return saved;
  } catch {
    // A damaged entry is replaced below.
  }
  return { current: PRESET_USERS[0]!, added: [] };
}

/** One user list, in the order given, each number once. */
function mergeUsers(...groups: PhoneUser[][]): PhoneUser[] {
  const byId = new Map<string, PhoneUser>();
  for (const user of groups.flat()) if (!byId.has(user.waId)) byId.set(user.waId, user);
  return [...byId.values()];
}

/** The phone simulator: pick who you are, then chat with the bot and the agents. */
export function SimulatorApp() {
  const [saved, setSaved] = useState(load);
  const [known, setKnown] = useState<PhoneUser[]>([]);

  useEffect(() => {
    simulatorApi.users().then((users) => setKnown(users.map(({ waId, name, username }) => ({ waId, name, ...(username === undefined ? {} : { username }) }))), () => {});
  }, [saved.current.waId]);
  useEffect(() => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(saved));
  }, [saved]);

  const choose = (user: PhoneUser) =>
    setSaved((s) => ({ current: user, added: [...s.added.filter((u) => u.waId !== user.waId), user] }));
  // The current user's chosen name wins over what the simulator remembers (it is sent with each message).
  const users = mergeUsers(PRESET_USERS, known, saved.added, [saved.current]).map((u) => (u.waId === saved.current.waId ? saved.current : u));

  return (
    <div className="simulator">
      <aside className="simulator-side">
        <p className="intro">
          <strong>WhatsApp simulator.</strong> You are a WhatsApp user; this phone shows exactly what the server sent to
          the (simulated) WhatsApp Cloud API. Answer as an agent in the <a href="/admin" target="_blank" rel="noopener">inbox</a>.
        </p>
        <UserPicker users={users} current={saved.current} onChoose={choose} />
      </aside>
      <Phone key={saved.current.waId} user={saved.current} />
    </div>
  );
}
