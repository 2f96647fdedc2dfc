import type { MessageItem } from '@contract/conversations';
import { fullTime, messageTime } from '../shared/time';
import { failureReason } from './display';
import { bubbleText, messageRowId } from './message-display';
import { Ticks } from './Ticks';

interface Props {
  message: MessageItem;
  /** The keyboard is on this message: its button is a Tab stop (Enter on the message opens it too). */
  active: boolean;
  onExpand(): void;
}

/** What the bot offered, in a few words ("3 buttons"), since the line has no room for them. */
function offered(message: MessageItem): string | null {
  const count = message.choices?.items.length ?? 0;
  if (count === 0) return null;
  return message.choices?.button ? `list of ${count}` : `${count} button${count === 1 ? '' : 's'}`;
}

/**
 * A bot message, folded to one line (cut short on screen; its whole text is the button's name for a
 * screen reader). A click, or Enter on the message, shows it in full.
 */
export function BotLine({ message, active, onExpand }: Props) {
  const text = bubbleText(message).replace(/\s+/g, ' ').trim() || `[${message.type}]`;
  const extra = offered(message);
  return (
    <li className="bubble-row mine bot-row" id={messageRowId(message.id)} tabIndex={-1}>
      <button type="button" className="bot-line" data-expand aria-expanded="false" tabIndex={active ? 0 : -1} onClick={onExpand} title="Show the whole message">
        <span className="bot-line-author">Bot</span>
        <span className="bot-line-text">{text}</span>
        {extra ? <span className="bot-line-extra">· {extra}</span> : null}
        <time className="bot-line-time" dateTime={message.timestamp} title={fullTime(message.timestamp)}>{messageTime(message.timestamp)}</time>
        {message.status !== 'failed' ? <Ticks status={message.status} error={message.error} /> : null}
      </button>
      {message.status === 'failed' ? <p className="bubble-error bot-line-error">Not delivered: {failureReason(message.error)}</p> : null}
    </li>
  );
}
