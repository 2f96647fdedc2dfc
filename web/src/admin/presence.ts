import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { Presence } from '@contract/events';
import { adminApi } from './client';

/**
 * A `viewing` is forgotten after 45 s without news, a `typing` after 8 s (it falls back to viewing); a
 * `viewing` after typing says the typing stopped (sent, or the box emptied).
 */
const VIEWING_MS = 45_000;
const TYPING_MS = 8_000;
const VIEWING_EVERY_MS = 20_000;
const TYPING_EVERY_MS = 3_000;

interface Seen {
  name: string;
  viewingAt: number;
  typingAt: number;
}

export interface Colleague {
  id: string;
  name: string;
  typing: boolean;
}

/**
 * Who else is in which conversation, from the stream's `presence` events (never stored on the server).
 * Views read it with `usePresence`; it ticks every second so that stale entries fade out.
 */
export class PresenceStore {
  private readonly byConversation = new Map<string, Map<string, Seen>>();
  private readonly listeners = new Set<() => void>();
  private version = 0;
  private readonly timer = setInterval(() => this.changed(), 2_000);

  constructor(private readonly me: string | null) {}

  apply(event: Presence): void {
    if (event.agent_id === this.me) return;
    const agents = this.byConversation.get(event.conversation_id) ?? new Map<string, Seen>();
    this.byConversation.set(event.conversation_id, agents);
    if (event.state === 'left') agents.delete(event.agent_id);
    else {
      const seen = agents.get(event.agent_id) ?? { name: event.agent_name, viewingAt: 0, typingAt: 0 };
      const now = Date.now();
      seen.name = event.agent_name;
      seen.viewingAt = now;
      seen.typingAt = event.state === 'typing' ? now : 0;
      agents.set(event.agent_id, seen);
    }
    this.changed();
  }

  /** The colleagues in a conversation now, typing ones first. */
  in(conversationId: string): Colleague[] {
    const now = Date.now();
    return [...(this.byConversation.get(conversationId) ?? new Map<string, Seen>()).entries()]
      .filter(([, seen]) => now - seen.viewingAt < VIEWING_MS)
      .map(([id, seen]) => ({ id, name: seen.name, typing: now - seen.typingAt < TYPING_MS }))
      .sort((a, b) => Number(b.typing) - Number(a.typing) || a.name.localeCompare(b.name));
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  snapshot = () => this.version;

  dispose(): void {
    clearInterval(this.timer);
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

/** The colleagues viewing or typing in a conversation, kept current. */
export function useColleagues(store: PresenceStore, conversationId: string | null): Colleague[] {
  useSyncExternalStore(store.subscribe, store.snapshot);
  return conversationId ? store.in(conversationId) : [];
}

const post = (phone: string, state: 'viewing' | 'typing' | 'left', keepalive = false) => adminApi.presence(phone, state, keepalive).catch(() => undefined);

/**
 * Tells the others I am viewing this conversation: on open, every 20 s, and `left` when it closes — in the
 * inbox, or with the tab (closed, reloaded, another page): then no cleanup runs, so `pagehide` sends it,
 * as a keepalive request that outlives the page. Back from the back/forward cache, viewing again at once.
 */
export function useAnnouncePresence(phone: string | null): void {
  useEffect(() => {
    if (!phone) return;
    void post(phone, 'viewing');
    const timer = setInterval(() => void post(phone, 'viewing'), VIEWING_EVERY_MS);
    const pageGoes = () => void post(phone, 'left', true);
    const pageBack = (event: PageTransitionEvent) => {
      if (event.persisted) void post(phone, 'viewing');
    };
    addEventListener('pagehide', pageGoes);
    addEventListener('pageshow', pageBack);
    return () => {
      clearInterval(timer);
      removeEventListener('pagehide', pageGoes);
      removeEventListener('pageshow', pageBack);
      void post(phone, 'left');
    };
  }, [phone]);
}

/**
 * `typing` on every keystroke in the reply box: it goes out at most every 3 s. `stopped` when the text is
 * sent or wiped: the others see "viewing" again at once instead of "typing…" for 8 more seconds.
 */
export function useAnnounceTyping(phone: string): { typing(): void; stopped(): void } {
  const last = useRef(0);
  return {
    typing: () => {
      const now = Date.now();
      if (now - last.current < TYPING_EVERY_MS) return;
      last.current = now;
      void post(phone, 'typing');
    },
    stopped: () => {
      if (last.current === 0) return;
      last.current = 0;
      void post(phone, 'viewing');
    },
  };
}

/** "Grace is viewing", "Grace is typing…", "Grace and Tolu are viewing". */
export function presenceLine(colleagues: Colleague[]): string | null {
  if (colleagues.length === 0) return null;
  const typing = colleagues.filter((c) => c.typing);
  const names = (list: Colleague[]) => (list.length === 1 ? list[0]!.name : `${list.slice(0, -1).map((c) => c.name).join(', ')} and ${list.at(-1)!.name}`);
  if (typing.length > 0) return `${names(typing)} ${typing.length === 1 ? 'is' : 'are'} typing…`;
  return `${names(colleagues)} ${colleagues.length === 1 ? 'is' : 'are'} viewing`;
}
