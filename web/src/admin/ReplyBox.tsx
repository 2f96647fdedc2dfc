import { useEffect, useState, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import { useSendReply } from './actions';
import { REPLY_LIMIT } from './display';

/** Unsent text per conversation, kept while the agent looks at other chats. */
const drafts = new Map<string, string>();

interface Props {
  phone: string;
  name: string;
  inputRef: RefObject<HTMLTextAreaElement | null>;
}

/**
 * Enter sends, Shift+Enter breaks the line; counts down to WhatsApp's limit for an agent reply. One box
 * per conversation: render it with `key={phone}`, so that another chat starts from its own draft.
 */
export function ReplyBox({ phone, name, inputRef }: Props) {
  const [text, setText] = useState(() => drafts.get(phone) ?? '');
  // A refusal because the chat or window changed under us also reloads the conversation (see actions.ts).
  const reply = useSendReply(phone);
  const sending = reply.isPending;
  const error = reply.error?.message ?? null;

  useEffect(() => {
    // Focus lands here when a chat opens, unless the agent is busy in another field (e.g. the search).
    const busyElsewhere = document.activeElement?.closest('input, textarea, dialog') && document.activeElement !== inputRef.current;
    if (!busyElsewhere) inputRef.current?.focus();
  }, [phone, inputRef]);

  const update = (value: string) => {
    setText(value);
    drafts.set(phone, value);
  };
  const message = text.trim();
  const left = REPLY_LIMIT - message.length;

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    if (sending || message === '' || left < 0) return;
    try {
      await reply.mutateAsync(message);
      update('');
    } catch {
      // Shown under the box (reply.error); the text stays for another try.
    } finally {
      inputRef.current?.focus();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // isComposing: Enter that confirms an IME composition (Japanese, Chinese…) must not send.
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    } else if (event.key === 'Escape') {
      // Back to the list, where j/k and Enter move on to the next conversation.
      document.querySelector<HTMLElement>('[data-conversation-row][aria-current="true"]')?.focus();
    }
  };

  return (
    <form className="reply" onSubmit={send} aria-label="Reply">
      <label htmlFor="reply-text" className="visually-hidden">Reply to {name}</label>
      <textarea
        id="reply-text"
        ref={inputRef}
        className="input reply-text"
        rows={3}
        value={text}
        placeholder="Type a reply…  (Enter sends, Shift+Enter new line)"
        onChange={(e) => update(e.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby="reply-count"
        aria-invalid={left < 0}
      />
      <div className="reply-foot">
        <span id="reply-count" className={`count-left${left < 0 ? ' over' : left < 200 ? ' near' : ''}`}>
          {left < 0 ? `${-left} over the ${REPLY_LIMIT}-character limit` : `${left} / ${REPLY_LIMIT} characters left`}
        </span>
        {error ? <span className="reply-error" role="alert">{error}</span> : null}
        <button type="submit" className="btn primary" disabled={sending || message === '' || left < 0}>
          {sending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}
