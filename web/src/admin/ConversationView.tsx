import { useLayoutEffect, useRef, type RefObject } from 'react';
import { Bubble } from '../shared/Bubble';
import { remaining } from '../shared/time';
import type { Assignment } from './assignment';
import type { OpenConversation } from './useConversation';
import { ReplyBox } from './ReplyBox';
import { Ticks } from './Ticks';
import type { MessageItem } from '@contract/conversations';
import { displayName, failureReason, NO_NUMBER, STATE_LABELS } from './display';

interface Props {
  phone: string;
  /** The signed-in agent's id: their own messages are labelled "You". */
  me: string | null;
  open: OpenConversation;
  assignment: Assignment;
  now: Date;
  replyRef: RefObject<HTMLTextAreaElement | null>;
  onBack(): void;
  onEndChat(): void;
  onStartChat(): void;
  onToggleContact(): void;
}

function MessageBubble({ message, userName, me }: { message: MessageItem; userName: string; me: string | null }) {
  const text = message.text ?? `[${message.type}]`;
  if (message.sender === 'system') return <Bubble side="system" text={text} timestamp={message.timestamp} />;
  const outbound = message.direction === 'outbound';
  return (
    <Bubble
      side={outbound ? 'mine' : 'theirs'}
      tone={message.sender === 'bot' ? 'bot' : message.sender === 'agent' ? 'agent' : 'user'}
      author={message.sender === 'user' ? userName : message.sender === 'bot' ? 'Bot' : me !== null && message.agent_id === me ? 'You' : 'Agent'}
      text={text}
      timestamp={message.timestamp}
      meta={outbound ? <Ticks status={message.status} error={message.error} /> : null}
    >
      {message.status === 'failed' ? <p className="bubble-error">Not delivered: {failureReason(message.error)}</p> : null}
    </Bubble>
  );
}

/** The whole history as bubbles, the chat's state and window, and the reply box or why there is none. */
export function ConversationView({ phone, me, open, assignment, now, replyRef, onBack, onEndChat, onStartChat, onToggleContact }: Props) {
  const { detail, messages, hasOlder, error } = open;
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);

  // Follow new messages only when the agent is already at the bottom (not while reading older ones).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [messages]);
  useLayoutEffect(() => {
    stickToBottom.current = true;
  }, [phone]);

  const c = detail?.conversation;
  const name = c ? displayName(c) : phone;
  const windowLeft = c?.window_closes_at ? remaining(c.window_closes_at, now) : null;
  const active = c?.chat_support_active ?? false;
  const assignedTo = !assignment.assigneeId ? 'unassigned'
    : assignment.assigneeId === me ? 'assigned to you' : `assigned to ${assignment.assigneeName ?? 'another agent'}`;

  return (
    <main className="pane conversation-pane" aria-labelledby="conversation-title">
      <header className="conversation-head">
        <button type="button" className="btn back" onClick={onBack} aria-label="Back to conversations">←</button>
        <div className="conversation-title">
          <h1 id="conversation-title">{name}</h1>
          <p className="muted">
            {c ? <>{c.phone_number ?? NO_NUMBER} · <span className={`state${active ? ' active' : ''}`}>{active ? 'chat active' : STATE_LABELS[c.state]}</span> · </> : null}
            {c && active && detail?.chat ? <span className="assignee">{assignedTo} · </span> : null}
            {c ? (windowLeft ? `window closes in ${windowLeft}` : 'window closed') : 'loading…'}
          </p>
        </div>
        <div className="conversation-actions">
          {assignment.canTake ? (
            <button type="button" className="btn" onClick={() => void assignment.take()} aria-keyshortcuts="a" title="Assign to me (a)">Assign to me</button>
          ) : null}
          {assignment.canRelease ? <button type="button" className="btn" onClick={() => void assignment.release()}>Unassign</button> : null}
          {active ? <button type="button" className="btn danger" onClick={onEndChat} aria-keyshortcuts="e">End chat</button> : null}
          {c && !active && windowLeft ? <button type="button" className="btn" onClick={onStartChat}>Start chat</button> : null}
          <button type="button" className="btn contact-toggle" onClick={onToggleContact}>Contact</button>
        </div>
      </header>
      {error ? <p className="alert pad" role="alert">{error}</p> : null}
      <div className="messages" ref={scroller} onScroll={(e) => {
        const el = e.currentTarget;
        stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      }}>
        {hasOlder ? <button type="button" className="btn link older" onClick={() => void open.loadOlder()}>Load earlier messages</button> : null}
        <ol className="bubbles" role="log" aria-label={`Messages with ${name}`}>
          {messages.map((m) => <MessageBubble key={m.id} message={m} userName={name} me={me} />)}
        </ol>
      </div>
      {!c ? null : !windowLeft ? (
        <p className="composer-note" role="note">
          The 24-hour window is closed — WhatsApp only allows a template message until the user writes again.
        </p>
      ) : !active ? (
        <p className="composer-note" role="note">
          The bot is handling this conversation. <button type="button" className="btn link" onClick={onStartChat}>Start a support chat</button> to reply.
        </p>
      ) : (
        <ReplyBox key={phone} phone={phone} name={name} inputRef={replyRef} />
      )}
    </main>
  );
}
