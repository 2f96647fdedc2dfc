import { useState, type FormEvent } from 'react';
import { useEndChat } from './actions';
import { CLOSING_LIMIT, DEFAULT_CLOSING } from './display';
import { useModalDialog } from './useModalDialog';

interface Props {
  phone: string;
  name: string;
  windowOpen: boolean;
  onClose(): void;
  onEnded(): void;
}

/** The confirmation before ending a chat, with the closing message the user will receive. */
export function EndChatDialog({ phone, name, windowOpen, onClose, onEnded }: Props) {
  // A modal <dialog> traps focus and closes on Esc (its "cancel" event); focus then returns where it was
  // (to the messages when that was the reply box, gone with the chat).
  const dialog = useModalDialog(() => document.querySelector<HTMLElement>('.conversation-pane [role="log"]'));
  const [closing, setClosing] = useState('');
  const end = useEndChat(phone);
  // Still busy once ended: the dialog is about to close.
  const busy = end.isPending || end.isSuccess;
  const error = end.error?.message ?? null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await end.mutateAsync(closing.trim());
      onEnded();
    } catch {
      // Shown in the dialog (end.error).
    }
  };

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="end-title" onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id="end-title">End the chat with {name}?</h2>
        <p className="muted">
          {windowOpen
            ? 'They receive the closing message with a Main Menu button, and the bot takes over again.'
            : 'The 24-hour window is closed, so the closing message cannot be delivered; the chat ends without it.'}
        </p>
        <label className="field">
          <span>Closing message</span>
          <textarea
            className="input"
            rows={3}
            maxLength={CLOSING_LIMIT}
            value={closing}
            onChange={(e) => setClosing(e.target.value)}
            placeholder={DEFAULT_CLOSING}
            aria-describedby="end-closing-hint"
            autoFocus
          />
        </label>
        <p className="count-left" id="end-closing-hint">
          {closing.trim() ? `${CLOSING_LIMIT - closing.length} characters left` : "Empty: they get the usual closing message, in their language. Or write your own."}
        </p>
        {error ? <p className="alert" role="alert">{error}</p> : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={() => dialog.current?.close()}>Cancel</button>
          <button type="submit" className="btn danger solid" disabled={busy}>{busy ? 'Ending…' : 'End chat'}</button>
        </div>
      </form>
    </dialog>
  );
}
