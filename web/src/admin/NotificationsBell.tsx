import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type KeyboardEvent } from 'react';
import { elapsed } from '../shared/time';
import { useReadNotifications } from './actions';
import { notificationsQuery } from './inbox-queries';
import type { NotificationItem } from '@contract/team';

interface Props {
  now: Date;
  onOpenConversation(address: string): void;
}

const addressOf = (n: NotificationItem) => n.phone_number ?? n.conversation_id;

/** The header's bell: how many mentions are unread, and the list (newest first) that opens each conversation. */
export function NotificationsBell({ now, onOpenConversation }: Props) {
  const { data } = useQuery(notificationsQuery);
  const read = useReadNotifications();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const unread = data?.unread ?? 0;
  const items = [...(data?.notifications ?? [])].sort((a, b) => b.created_at.localeCompare(a.created_at));

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };
  const choose = (n: NotificationItem) => {
    if (!n.read_at) read.mutate([n.id]);
    setOpen(false);
    onOpenConversation(addressOf(n));
  };

  return (
    <span className="menu-anchor bell">
      <button
        ref={button}
        type="button"
        className="btn link bell-button"
        aria-expanded={open}
        aria-controls={open ? 'notifications' : undefined}
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
        onClick={() => setOpen((v) => !v)}
      >
        <span aria-hidden="true">🔔</span>
        {unread > 0 ? <span className="badge" aria-hidden="true">{unread}</span> : null}
      </button>
      {open ? (
        <div id="notifications" className="menu notifications" role="region" aria-label="Notifications" onKeyDown={onKeyDown} onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null) && e.relatedTarget !== button.current) setOpen(false);
        }}>
          <div className="notifications-head">
            <strong>Mentions</strong>
            <button type="button" className="btn link" disabled={unread === 0 || read.isPending} onClick={() => read.mutate(undefined)} autoFocus={items.length === 0}>
              Mark all read
            </button>
          </div>
          {items.length === 0 ? <p className="muted notifications-empty">Nobody has mentioned you yet.</p> : null}
          <ul className="notifications-list">
            {items.map((n, i) => (
              <li key={n.id}>
                <button type="button" className={`menu-item notification${n.read_at ? '' : ' unread'}`} autoFocus={i === 0} onClick={() => choose(n)}>
                  <span className="notification-top">
                    {n.read_at ? null : <span className="dot" role="img" aria-label="Unread" />}
                    <span><b>{n.actor_name ?? 'A colleague'}</b> mentioned you · {n.contact_name ?? n.phone_number ?? 'a conversation'}</span>
                    <span className="row-time">{elapsed(n.created_at, now)}</span>
                  </span>
                  {n.text ? <span className="notification-text">{n.text}</span> : null}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </span>
  );
}
