import { useEffect, useLayoutEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import type { MessageItem } from '@contract/conversations';
import { isOwnBubble, messageRowId } from './message-display';
import { MessageBubble } from './MessageBubble';

interface Props {
  phone: string;
  name: string;
  me: string | null;
  now: Date;
  messages: MessageItem[];
  hasOlder: boolean;
  canCompose: boolean;
  onLoadOlder(): void;
  onReply(message: MessageItem): void;
  onReact(message: MessageItem, emoji: string): void;
}

const rowsOf = (log: HTMLElement) => [...log.querySelectorAll<HTMLElement>('.bubble-row[tabindex]')];

/**
 * The history, oldest first, following new messages while the agent is at the bottom. Keyboard: Tab
 * reaches the log; ↑/↓ move from message to message (Home/End: first/last); `r` on a message replies
 * quoting it; Enter on a bot message shows it in full; Tab from a message reaches its buttons.
 */
export function MessageLog({ phone, name, me, now, messages, hasOlder, canCompose, onLoadOlder, onReply, onReact }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  // The message the keyboard is on (its buttons become Tab stops).
  const [activeRow, setActiveRow] = useState<string | null>(null);
  const shown = useMemo(() => messages.filter(isOwnBubble), [messages]);
  const byId = useMemo(() => new Map(messages.map((m) => [m.id, m])), [messages]);

  // Follow new messages only when the agent is already at the bottom (not while reading older ones).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [messages]);
  useLayoutEffect(() => {
    stickToBottom.current = true;
  }, [phone]);
  // A picture that finishes loading grows its bubble: stay at the bottom if that is where the agent was.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onLoad = () => {
      if (stickToBottom.current) el.scrollTop = el.scrollHeight;
    };
    el.addEventListener('load', onLoad, true);
    return () => el.removeEventListener('load', onLoad, true);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLOListElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, .reaction-picker')) return;
    const rows = rowsOf(event.currentTarget);
    const row = target.closest<HTMLElement>('.bubble-row[tabindex]');
    const at = row ? rows.indexOf(row) : -1;
    const go = (index: number) => {
      event.preventDefault();
      const next = rows[Math.max(0, Math.min(rows.length - 1, index))];
      next?.focus();
      next?.scrollIntoView({ block: 'nearest' });
    };
    if (event.key === 'ArrowDown') go(at < 0 ? rows.length - 1 : at + 1);
    else if (event.key === 'ArrowUp') go(at < 0 ? rows.length - 1 : at - 1);
    else if (event.key === 'Home') go(0);
    else if (event.key === 'End') go(rows.length - 1);
    else if (event.key === 'Enter' && row && target === row && row.querySelector('[data-expand]')) {
      // A bot message: Enter shows it in full (or folds it again).
      event.preventDefault();
      row.querySelector<HTMLElement>('[data-expand]')?.click();
    }
    else if (event.key === 'r' && row && canCompose) {
      // Handled here, so the inbox's own `r` (focus the reply box) does not run as well.
      const message = shown.find((m) => row.id === messageRowId(m.id));
      if (!message) return;
      event.preventDefault();
      onReply(message);
    }
  };

  return (
    <div className="messages" ref={scroller} onScroll={(e) => {
      const el = e.currentTarget;
      stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    }}>
      {hasOlder ? <button type="button" className="btn link older" onClick={onLoadOlder}>Load earlier messages</button> : null}
      <ol
        className="bubbles"
        role="log"
        aria-label={`Messages with ${name}`}
        aria-describedby="message-keys"
        tabIndex={0}
        onKeyDown={onKeyDown}
        onFocus={(event: FocusEvent<HTMLOListElement>) => setActiveRow((event.target as HTMLElement).closest('.bubble-row[tabindex]')?.id ?? null)}
        onBlur={(event: FocusEvent<HTMLOListElement>) => {
          // Leaving the log: coming back by Tab lands on the log again, not on a message's buttons.
          if (!event.currentTarget.contains(event.relatedTarget)) setActiveRow(null);
        }}
      >
        {shown.map((m) => (
          <MessageBubble
            key={m.id}
            message={m}
            userName={name}
            me={me}
            now={now}
            quoted={m.reply_to ? byId.get(m.reply_to.id) : undefined}
            canCompose={canCompose}
            active={activeRow === messageRowId(m.id)}
            onReply={onReply}
            onReact={onReact}
          />
        ))}
      </ol>
      <p id="message-keys" className="visually-hidden">
        Arrow keys move between messages{canCompose ? '; r replies to the focused message, Tab reaches its Reply and React buttons' : ''}.
      </p>
    </div>
  );
}
