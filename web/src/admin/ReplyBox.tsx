import { useEffect, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import type { MessageItem } from '@contract/conversations';
import { useSendReply, useTyping } from './actions';
import { AttachmentPreview } from './AttachmentPreview';
import { REPLY_LIMIT } from './display';
import { ACCEPTED_TYPES } from './media-limits';
import { authorOf, quoteExcerpt } from './message-display';

/** Unsent text per conversation, kept while the agent looks at other chats. */
const drafts = new Map<string, string>();

interface Props {
  phone: string;
  name: string;
  /** The signed-in agent: quoting their own message says "You". */
  me: string | null;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  /** The message the reply will quote, if the agent chose one. */
  quoting: MessageItem | null;
  onCancelQuote(): void;
  /** A file chosen (picker, drop or paste) and accepted, shown for a caption before it goes. */
  file: File | null;
  onChooseFile(file: File | null): void;
}

/**
 * Enter sends, Shift+Enter breaks the line; counts down to WhatsApp's limit for an agent reply. Opening a
 * chat never puts focus here (only `r`, a click or the palette do), so no shortcut key lands in a message. One box
 * per conversation: render it with `key={phone}`, so that another chat starts from its own draft. With a
 * quote it replies to that message; with a file it shows the file and a caption field instead (the draft stays).
 */
export function ReplyBox({ phone, name, me, inputRef, quoting, onCancelQuote, file, onChooseFile }: Props) {
  const [text, setText] = useState(() => drafts.get(phone) ?? '');
  // A refusal because the chat or window changed under us also reloads the conversation (see actions.ts).
  const reply = useSendReply(phone);
  const typing = useTyping(phone);
  const picker = useRef<HTMLInputElement>(null);
  const sending = reply.isPending;
  const error = reply.error?.message ?? null;

  const update = (value: string) => {
    setText(value);
    drafts.set(phone, value);
    if (value.trim() !== '') typing();
  };
  const message = text.trim();
  const left = REPLY_LIMIT - message.length;

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    if (sending || message === '' || left < 0) return;
    try {
      await reply.mutateAsync({ message, replyTo: quoting?.id });
      update('');
      onCancelQuote();
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
    }
    // Esc leaves the box for the messages, keeping the draft (useShortcuts.ts).
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    // A pasted screenshot or copied file becomes an attachment; pasted text stays text.
    const pasted = event.clipboardData.files[0];
    if (!pasted) return;
    event.preventDefault();
    onChooseFile(pasted);
  };

  // Back from a file's preview (sent or cancelled): the text box, once it is there again.
  const refocus = useRef(false);
  const backToText = () => {
    refocus.current = true;
    onChooseFile(null);
  };
  useEffect(() => {
    if (file || !refocus.current) return;
    refocus.current = false;
    inputRef.current?.focus();
  }, [file, inputRef]);

  return (
    <div className="composer">
      {quoting ? (
        <div className="reply-quote" role="group" aria-label="Replying to">
          <span className="quote">
            <span className="quote-author">Replying to {authorOf(quoting, name, me)}</span>
            <span className="quote-text">{quoteExcerpt(quoting)}</span>
          </span>
          <button type="button" className="btn link" aria-label="Cancel the reply to this message" title="Cancel the quote" onClick={() => {
            onCancelQuote();
            inputRef.current?.focus();
          }}>×</button>
        </div>
      ) : null}
      {file ? (
        <AttachmentPreview phone={phone} file={file} replyTo={quoting?.id ?? null} onCancel={backToText} onSent={() => {
          onCancelQuote();
          backToText();
        }} />
      ) : (
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
            onPaste={onPaste}
            aria-describedby="reply-count"
            aria-invalid={left < 0}
          />
          <div className="reply-foot">
            <input
              ref={picker}
              type="file"
              className="visually-hidden"
              tabIndex={-1}
              accept={ACCEPTED_TYPES}
              aria-label="File to attach"
              onChange={(e) => {
                const chosen = e.target.files?.[0];
                e.target.value = '';
                if (chosen) onChooseFile(chosen);
              }}
            />
            <button type="button" className="btn" onClick={() => picker.current?.click()} title="Attach a photo, video, audio or document (or drop or paste it here)">
              📎 Attach
            </button>
            <span id="reply-count" className={`count-left${left < 0 ? ' over' : left < 200 ? ' near' : ''}`}>
              {left < 0 ? `${-left} over the ${REPLY_LIMIT}-character limit` : `${left} / ${REPLY_LIMIT} characters left`}
            </span>
            {error ? <span className="reply-error" role="alert">{error}</span> : null}
            <button type="submit" className="btn primary" disabled={sending || message === '' || left < 0}>
              {sending ? 'Sending…' : 'Send'}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
