import { useEffect, useRef, useState } from 'react';
import type { QueueChat } from '@contract/conversations';
import { displayName } from './display';

const canNotify = () => typeof Notification !== 'undefined';

/**
 * "(N) wadesk" in the tab title for N unanswered chats, and, once the agent allowed it, a browser
 * notification when a chat starts waiting while the tab is in the background.
 */
export function useWaitingAlerts(queue: QueueChat[]): { permission: NotificationPermission | 'unsupported'; askPermission(): void } {
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported'>(canNotify() ? Notification.permission : 'unsupported');
  const known = useRef<Set<string> | null>(null);

  useEffect(() => {
    const waiting = queue.filter((chat) => chat.unanswered);
    document.title = waiting.length > 0 ? `(${waiting.length}) wadesk` : 'wadesk';
    const seen = known.current;
    known.current = new Set(waiting.map((chat) => chat.chat_session_id));
    // The first list after loading is not news.
    if (seen === null || permission !== 'granted' || document.visibilityState === 'visible') return;
    for (const chat of waiting.filter((c) => !seen.has(c.chat_session_id))) {
      new Notification(`${displayName(chat)} is waiting`, { body: chat.last_message?.text ?? 'A new support chat', tag: chat.chat_session_id });
    }
  }, [queue, permission]);

  useEffect(() => () => void (document.title = 'wadesk'), []);

  const askPermission = () => {
    if (canNotify()) void Notification.requestPermission().then(setPermission);
  };
  return { permission, askPermission };
}
