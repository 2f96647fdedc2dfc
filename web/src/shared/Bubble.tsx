import type { ReactNode } from 'react';
import { fullTime, messageTime } from './time';

export interface BubbleProps {
  /** Which side and colour: `mine` is right-aligned (the agent in the inbox, the user on the phone). */
  side: 'mine' | 'theirs' | 'system';
  /** Who wrote it, when the page shows more than two parties (the inbox). */
  author?: string;
  text: string;
  timestamp: string;
  /** Delivery ticks or other small marks after the time. */
  meta?: ReactNode;
  /** A quote or a photo… shown above the text inside the bubble. */
  before?: ReactNode;
  /** Buttons, a failure reason… shown under the text inside the bubble. */
  children?: ReactNode;
  tone?: 'bot' | 'agent' | 'user' | 'note';
  /** The row's id and focusability: the inbox moves between messages with the keyboard and scrolls to a quoted one. */
  id?: string;
  tabIndex?: number;
  /** Controls beside the bubble (Reply, React), outside its text. */
  aside?: ReactNode;
}

/**
 * One message, in the inbox and on the phone. The text is a React text node, so whatever a user
 * wrote (`<img onerror=…>` included) is shown as characters, never parsed as HTML.
 */
export function Bubble({ side, author, text, timestamp, meta, before, children, tone, id, tabIndex, aside }: BubbleProps) {
  return (
    <li className={`bubble-row ${side}`} id={id} tabIndex={tabIndex}>
      <div className={`bubble ${side}${tone ? ` tone-${tone}` : ''}`}>
        {author ? <span className="bubble-author">{author}</span> : null}
        {before}
        {text !== '' ? <p className="bubble-text">{text}</p> : null}
        {children}
        <span className="bubble-meta">
          <time dateTime={timestamp} title={fullTime(timestamp)}>
            {messageTime(timestamp)}
          </time>
          {meta}
        </span>
      </div>
      {aside}
    </li>
  );
}
