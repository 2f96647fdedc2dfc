import { useState } from 'react';
import type { TranscriptEntry } from '@contract/simulator';
import { Bubble } from '../shared/Bubble';
import { QUICK_REACTIONS } from '../shared/message-format';
import type { ShownReaction } from './entries';
import { MessageContent, Quote } from './MessageContent';

interface MessageProps {
  entry: TranscriptEntry;
  live: boolean;
  quoted: TranscriptEntry | undefined;
  reactions: ShownReaction[];
  businessName: string;
  onTap(id: string): void;
  onOpenList(): void;
  onReply(): void;
  onReact(emoji: string): void;
}

/** One bubble on the phone, with what it carries, its quote, its reactions, and Reply / React. */
export function PhoneMessage({ entry, live, quoted, reactions, businessName, onTap, onOpenList, onReply, onReact }: MessageProps) {
  const mine = entry.direction === 'in';
  const [picking, setPicking] = useState(false);
  const myReaction = reactions.find((r) => r.mine)?.emoji;
  // WhatsApp tells the business only of reactions to its own messages.
  const canReact = !mine;
  const before = (
    <>
      {quoted ? <Quote quoted={quoted} businessName={businessName} /> : null}
      <MessageContent entry={entry} />
    </>
  );
  return (
    <Bubble side={mine ? 'mine' : 'theirs'} text={entry.text} timestamp={entry.at} before={before}>
      {entry.footer ? <p className="phone-footer">{entry.footer}</p> : null}
      {entry.buttons ? (
        <div className="reply-buttons">
          {entry.buttons.map((b) => (
            <button key={b.id} type="button" className="reply-button" disabled={!live} onClick={() => onTap(b.id)}>{b.title}</button>
          ))}
        </div>
      ) : null}
      {entry.list ? (
        <div className="reply-buttons">
          <button type="button" className="reply-button" disabled={!live} onClick={onOpenList}>☰ {entry.list.button}</button>
        </div>
      ) : null}
      <div
        className="bubble-actions"
        onContextMenu={(event) => {
          // A long press (or right click) opens the reactions, as on the phone.
          if (!canReact) return;
          event.preventDefault();
          setPicking(true);
        }}
      >
        <button type="button" className="bubble-action" aria-label="Reply to this message" title="Reply" onClick={onReply}>↩</button>
        {canReact ? (
          <button type="button" className="bubble-action" aria-label="React to this message" title="React" aria-expanded={picking} onClick={() => setPicking((p) => !p)}>☺</button>
        ) : null}
      </div>
      {picking ? (
        <div className="reaction-picker" role="group" aria-label="Reactions">
          {QUICK_REACTIONS.map((emoji) => (
            <button
              key={emoji}
              type="button"
              className="reaction-choice"
              aria-pressed={myReaction === emoji}
              aria-label={myReaction === emoji ? `Remove ${emoji}` : `React ${emoji}`}
              onClick={() => {
                setPicking(false);
                onReact(myReaction === emoji ? '' : emoji);
              }}
            >
              {emoji}
            </button>
          ))}
        </div>
      ) : null}
      {reactions.length > 0 ? (
        <p className="reactions" aria-label={`Reactions: ${reactions.map((r) => r.emoji).join(' ')}`}>
          {reactions.map((r) => (
            <span key={`${r.mine}`} className={r.mine ? 'reaction mine' : 'reaction'}>{r.emoji}</span>
          ))}
        </p>
      ) : null}
    </Bubble>
  );
}
