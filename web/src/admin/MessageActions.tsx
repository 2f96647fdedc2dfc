import { useRef, useState } from 'react';
import { QUICK_REACTIONS } from '../shared/message-format';

interface Props {
  /** The agent's current reaction on this message, if any. */
  mine: string | null;
  canReact: boolean;
  /** Its message has the keyboard: the buttons are Tab stops (otherwise only the mouse reaches them, so Tab does not wade through every message). */
  active: boolean;
  onReply(): void;
  onReact(emoji: string): void;
}

/** Reply and React beside a message, shown on hover and when the message (or a control in it) has focus. */
export function MessageActions({ mine, canReact, active, onReply, onReact }: Props) {
  const [picking, setPicking] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const close = () => {
    setPicking(false);
    toggle.current?.focus();
  };
  return (
    <div className={`message-actions${picking ? ' open' : ''}`}>
      <button type="button" className="message-action" tabIndex={active ? 0 : -1} aria-label="Reply to this message" title="Reply (r)" onClick={onReply}>↩</button>
      {canReact ? (
        <button
          ref={toggle}
          type="button"
          className="message-action"
          tabIndex={active ? 0 : -1}
          aria-label="React to this message"
          title="React"
          aria-expanded={picking}
          onClick={() => setPicking((p) => !p)}
        >
          ☺
        </button>
      ) : null}
      {picking ? (
        <div
          className="reaction-picker"
          role="group"
          aria-label="Reactions"
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              close();
            }
          }}
        >
          {QUICK_REACTIONS.map((emoji, i) => (
            <button
              key={emoji}
              type="button"
              className="reaction-choice"
              autoFocus={i === 0}
              aria-pressed={mine === emoji}
              aria-label={mine === emoji ? `Remove ${emoji}` : `React ${emoji}`}
              onClick={() => {
                close();
                onReact(mine === emoji ? '' : emoji);
              }}
            >
              {emoji}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
