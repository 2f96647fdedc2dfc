import { useEffect, useLayoutEffect, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import type { MessageItem } from '@contract/conversations';
import { useAddNote, useSendReply, useTyping } from './actions';
import { Suggestions, type Suggestion } from './Suggestions';
import { cannedQuery as cannedTyped, fillVariables, mentionQuery, mentionToken, type Mentionable } from './mentions';
import { useQuery } from '@tanstack/react-query';
import { cannedQuery } from './inbox-queries';
import { useAnnounceTyping } from './presence';
import { AttachmentPreview } from './AttachmentPreview';
import { REPLY_LIMIT } from './display';
import { ACCEPTED_TYPES } from './media-limits';
import { authorOf, quoteExcerpt } from './message-display';
import { CollisionQuestion } from './CollisionQuestion';
import { useCollisionCheck } from './useCollisionCheck';

/** Unsent text per conversation (and note drafts apart), kept while the agent looks at other chats. */
const drafts = new Map<string, string>();
const noteDrafts = new Map<string, string>();

export type ComposeMode = 'reply' | 'note';
const NOTE_LIMIT = 4000;

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
  /** Reply to the customer, or a note only agents see. */
  mode: ComposeMode;
  onMode(mode: ComposeMode): void;
  /** Only notes can be written here (the bot has the chat, or the window is closed). */
  noteOnly?: boolean;
  /** Colleagues a note can @mention, when this agent may list them (else mentions are typed). */
  mentionable: Mentionable[] | null;
  /** What canned replies fill in: `{name}` (the contact), `{agent}` (me), `{phone}`. */
  variables: { name: string; agent: string; phone: string };
  /** The chat is assigned to someone else (their name): a reply or a file asks first. */
  heldBy?: string | null;
}

/**
 * Enter sends, Shift+Enter breaks the line; counts down to WhatsApp's limit for an agent reply. Opening a
 * chat never puts focus here (only `r`, a click or the palette do), so no shortcut key lands in a message. One box
 * per conversation: render it with `key={phone}`, so that another chat starts from its own draft. With a
 * quote it replies to that message; with a file it shows the file and a caption field instead (the draft stays).
 */
export function ReplyBox({ phone, name, me, inputRef, quoting, onCancelQuote, file, onChooseFile, mode: chosenMode, onMode, noteOnly = false, mentionable, variables, heldBy = null }: Props) {
  const mode: ComposeMode = noteOnly ? 'note' : chosenMode;
  const note = mode === 'note';
  const store = note ? noteDrafts : drafts;
  const [texts, setTexts] = useState(() => ({ reply: drafts.get(phone) ?? '', note: noteDrafts.get(phone) ?? '' }));
  const text = texts[mode];
  // A refusal because the chat or window changed under us also reloads the conversation (see actions.ts).
  const reply = useSendReply(phone);
  const addNote = useAddNote(phone);
  const typing = useTyping(phone);
  const typingHere = useAnnounceTyping(phone);
  // "Assigned to Grace — send anyway?" before a reply goes (a note goes to no customer).
  const collision = useCollisionCheck(note ? null : heldBy);
  const picker = useRef<HTMLInputElement>(null);
  const sending = note ? addNote.isPending : reply.isPending;
  const error = (note ? addNote.error : reply.error)?.message ?? null;
  const limit = note ? NOTE_LIMIT : REPLY_LIMIT;

  // What the box suggests at the caret: colleagues after `@` in a note. Esc hides it until the text changes.
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const mention = note && mentionable ? mentionQuery(text, caret) : null;
  // `/` at the very start of a reply: the saved replies, found by shortcut or title.
  const cannedFor = note ? null : cannedTyped(text, caret);
  const canned = useQuery({ ...cannedQuery, enabled: !note });
  const cannedFound = cannedFor === null ? [] : (canned.data?.canned_responses ?? [])
    .filter((r) => `${r.shortcut} ${r.title}`.toLowerCase().includes(cannedFor.toLowerCase()))
    .slice(0, 8);
  const suggestions: Suggestion[] = dismissed === text ? []
    : cannedFor !== null ? cannedFound.map((r) => ({ id: r.id, label: `/${r.shortcut}`, hint: `${r.title}${r.shared ? '' : ' · mine'}` }))
    : mention === null ? [] : mentionable!
      .filter((a) => a.id !== me && `${a.name} ${a.mention}`.toLowerCase().includes(mention.query.toLowerCase()))
      .slice(0, 8)
      .map((a) => ({ id: a.id, label: a.name, hint: `@${mentionToken(a)}` }));
  // The canned list shows while `/…` is typed even when nothing matches (it says so); mentions only with a match.
  const suggesting = cannedFor !== null && dismissed !== text && canned.isSuccess ? true : suggestions.length > 0;
  const at = Math.min(active, Math.max(0, suggestions.length - 1));

  const update = (value: string, caretAt = value.length) => {
    setTexts((t) => ({ ...t, [mode]: value }));
    store.set(phone, value);
    setCaret(caretAt);
    setActive(0);
    if (!note && value.trim() !== '') typing();
    if (value.trim() !== '') typingHere.typing();
    else typingHere.stopped();
    collision.dismiss();
  };
  const message = text.trim();
  const left = limit - message.length;

  // Where the caret goes after a picked suggestion, set as soon as React has put the new text in the box:
  // before the browser handles another key, so what is typed next lands after the insert, not at the end.
  const caretAfterPick = useRef<number | null>(null);
  useLayoutEffect(() => {
    const to = caretAfterPick.current;
    if (to === null) return;
    caretAfterPick.current = null;
    inputRef.current?.setSelectionRange(to, to);
  }, [text, inputRef]);

  const pick = (index: number) => {
    const chosen = suggestions[index];
    if (cannedFor !== null) {
      const reply = cannedFound.find((r) => r.id === chosen?.id);
      if (!reply) return;
      const filled = fillVariables(reply.body, variables);
      const next = filled + text.slice(caret);
      caretAfterPick.current = filled.length;
      update(next, filled.length);
      return;
    }
    const agent = mentionable?.find((a) => a.id === chosen?.id);
    if (!mention || !agent) return;
    const insert = `@${mentionToken(agent)} `;
    const next = text.slice(0, mention.start) + insert + text.slice(caret);
    const to = mention.start + insert.length;
    caretAfterPick.current = to;
    update(next, to);
  };

  const send = async (event?: FormEvent, confirmed = false) => {
    event?.preventDefault();
    if (sending || message === '' || left < 0 || !collision.mayGo(confirmed)) return;
    try {
      if (note) await addNote.mutateAsync(message);
      else await reply.mutateAsync({ message, replyTo: quoting?.id });
      update('');
      if (!note) onCancelQuote();
    } catch {
      // Shown under the box (reply.error); the text stays for another try.
    } finally {
      inputRef.current?.focus();
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (suggesting && !event.nativeEvent.isComposing) {
      if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && suggestions.length > 0) {
        event.preventDefault();
        setActive((at + (event.key === 'ArrowDown' ? 1 : -1) + suggestions.length) % suggestions.length);
        return;
      }
      if ((event.key === 'Enter' && !event.shiftKey) || (event.key === 'Tab' && suggestions.length > 0)) {
        // Enter with nothing matching sends nothing either: "/xyz" is almost never meant for the customer.
        event.preventDefault();
        pick(at);
        return;
      }
      if (event.key === 'Escape') {
        // Closes the list only; the next Esc leaves the box.
        event.preventDefault();
        setDismissed(text);
        return;
      }
    }
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
    if (!pasted || note) return;
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

  const tabs = noteOnly ? null : (
    <div className="compose-tabs" role="tablist" aria-label="Write a reply or a note" onKeyDown={(event) => {
      if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      event.preventDefault();
      const next = note ? 'reply' : 'note';
      onMode(next);
      document.getElementById(`compose-tab-${next}`)?.focus();
    }}>
      {(['reply', 'note'] as const).map((m) => (
        <button key={m} id={`compose-tab-${m}`} type="button" role="tab" className="compose-tab" aria-selected={mode === m} tabIndex={mode === m ? 0 : -1} onClick={() => {
          onMode(m);
          inputRef.current?.focus();
        }}>
          {m === 'reply' ? 'Reply' : 'Note'}
        </button>
      ))}
    </div>
  );

  return (
    <div className={`composer${note ? ' note' : ''}`}>
      {quoting && !note ? (
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
      {file && !note ? (
        <AttachmentPreview phone={phone} file={file} replyTo={quoting?.id ?? null} heldBy={heldBy} onCancel={backToText} onSent={() => {
          onCancelQuote();
          backToText();
        }} />
      ) : (
        <form className="reply" onSubmit={send} aria-label={note ? 'Note' : 'Reply'}>
          <label htmlFor="reply-text" className="visually-hidden">{note ? `Note about ${name} (only agents see it)` : `Reply to ${name}`}</label>
          <div className="reply-box-wrap">
          {suggesting ? <Suggestions id="reply-suggestions" label={cannedFor !== null ? 'Canned replies' : 'Mention a colleague'} options={suggestions} active={at} onPick={pick} /> : null}
          <textarea
            id="reply-text"
            ref={inputRef}
            className="input reply-text"
            rows={3}
            value={text}
            placeholder={note ? 'A note only agents see…  (@name tells a colleague; Enter adds it)' : 'Type a reply…  (Enter sends, Shift+Enter new line, / canned replies)'}
            onChange={(e) => update(e.target.value, e.target.selectionStart)}
            onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
            role={suggesting ? 'combobox' : undefined}
            aria-expanded={suggesting ? true : undefined}
            aria-controls={suggesting ? 'reply-suggestions' : undefined}
            aria-activedescendant={suggesting && suggestions.length > 0 ? `reply-suggestions-${at}` : undefined}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            aria-describedby="reply-count"
            aria-invalid={left < 0}
          />
          </div>
          <div className="reply-foot">
            {tabs}
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
            {note ? <span className="note-only">Only agents see this</span> : (
              <button type="button" className="btn" onClick={() => picker.current?.click()} title="Attach a photo, video, audio or document (or drop or paste it here)">
                📎 Attach
              </button>
            )}
            <span id="reply-count" className={`count-left${left < 0 ? ' over' : left < 200 ? ' near' : ''}`}>
              {left < 0 ? `${-left} over the ${limit}-character limit` : `${left} / ${limit} characters left`}
            </span>
            {error ? <span className="reply-error" role="alert">{error}</span> : null}
            <CollisionQuestion check={collision} onSend={() => void send(undefined, true)} onBack={() => inputRef.current?.focus()} />
            <button type="submit" className="btn primary" disabled={sending || message === '' || left < 0}>
              {note ? (sending ? 'Adding…' : 'Add note') : sending ? 'Sending…' : 'Send'}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
