import { useEffect, useRef, useState } from 'react';
import type { MessageItem } from '@contract/conversations';
import { LIMITS } from '../../../src/whatsapp/limits';
import { Bubble } from '../shared/Bubble';
import { Attachment } from './Attachment';
import { failureReason } from './display';
import { authorOf, bubbleText, messageRowId, reactionNote, unsupportedReason } from './message-display';
import { MessageActions } from './MessageActions';
import { BotLine } from './BotLine';
import { Choices, ContactCards, Place, Quote, Reactions } from './MessageParts';
import { Ticks } from './Ticks';

interface Props {
  message: MessageItem;
  userName: string;
  me: string | null;
  now: Date;
  /** The quoted message, when it is on screen (a click on the quote scrolls to it). */
  quoted: MessageItem | undefined;
  /** The agent may answer here (an active chat, an open window): Reply and React are offered. */
  canCompose: boolean;
  /** The keyboard is on this message: its Reply and React buttons are Tab stops. */
  active: boolean;
  onReply(message: MessageItem): void;
  onReact(message: MessageItem, emoji: string): void;
}

/**
 * One message of the conversation with all it carries: quote, attachment, place, cards, offered choices,
 * reactions. The bot's messages are one line until opened (Enter or a click): what the user and the agents
 * wrote is what an agent reads.
 */
export function MessageBubble({ message, userName, me, now, quoted, canCompose, active, onReply, onReact }: Props) {
  const [expanded, setExpanded] = useState(false);
  // Opening or folding swaps the row's element: the keyboard stays on the message.
  const refocus = useRef(false);
  const fold = (open: boolean) => {
    refocus.current = true;
    setExpanded(open);
  };
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    document.getElementById(messageRowId(message.id))?.focus({ preventScroll: true });
  }, [expanded, message.id]);
  const text = bubbleText(message);
  const bot = message.sender === 'bot';
  if (bot && !expanded) return <BotLine message={message} active={active} onExpand={() => fold(true)} />;
  if (message.type === 'note') {
    // An internal note: pale yellow, across the middle, with its author; it never went to WhatsApp.
    return (
      <Bubble id={messageRowId(message.id)} tabIndex={-1} side="system" tone="note" author={`${authorOf(message, userName, me)} · note`} text={text} timestamp={message.timestamp}>
        <p className="note-only">Only agents see this</p>
      </Bubble>
    );
  }
  if (message.sender === 'system') return <Bubble side="system" text={text} timestamp={message.timestamp} />;
  // A reaction shown here is a chip on its message (MessageLog leaves it out); one whose message is not stored is a note.
  if (message.type === 'reaction') return <Bubble side="system" text={reactionNote(message, authorOf(message, userName, me))} timestamp={message.timestamp} />;
  const outbound = message.direction === 'outbound';
  const before = (
    <>
      {message.reply_to ? <Quote quoted={message.reply_to} author={authorOf(quoted ?? message.reply_to, userName, me)} loaded={!!quoted} /> : null}
      {message.media ? <Attachment media={message.media} outbound={outbound} /> : null}
      {message.location ? <Place location={message.location} /> : null}
      {message.contacts ? <ContactCards cards={message.contacts} /> : null}
    </>
  );
  // WhatsApp refuses a reaction on an older message.
  const recent = now.getTime() - Date.parse(message.timestamp) < LIMITS.reactionMaxAgeMs;
  const actions = canCompose ? (
    <MessageActions
      mine={message.reactions.find((r) => r.sender === 'agent')?.emoji ?? null}
      // The agent reacts to what the user sent, as on WhatsApp.
      canReact={!outbound && recent}
      active={active}
      onReply={() => onReply(message)}
      onReact={(emoji) => onReact(message, emoji)}
    />
  ) : null;
  return (
    <Bubble
      id={messageRowId(message.id)}
      tabIndex={-1}
      side={outbound ? 'mine' : 'theirs'}
      tone={message.sender === 'bot' ? 'bot' : message.sender === 'agent' ? 'agent' : 'user'}
      author={authorOf(message, userName, me)}
      text={text}
      timestamp={message.timestamp}
      meta={outbound ? <Ticks status={message.status} error={message.error} /> : null}
      before={before}
      aside={actions}
    >
      {bot ? (
        <button type="button" className="btn link bot-fold" data-expand aria-expanded="true" tabIndex={active ? 0 : -1} onClick={() => fold(false)}>
          Show less
        </button>
      ) : null}
      {message.type === 'unsupported' ? <p className="bubble-note">{unsupportedReason(message)}</p> : null}
      {message.choices ? <Choices choices={message.choices} /> : null}
      {message.status === 'failed' ? <p className="bubble-error">Not delivered: {failureReason(message.error)}</p> : null}
      {message.reactions.length > 0 ? <Reactions reactions={message.reactions} userName={userName} /> : null}
    </Bubble>
  );
}
