import { useEffect, useLayoutEffect, useRef, useState, type ClipboardEvent, type FormEvent } from 'react';
import { simulatorApi, type PhoneInput } from './client';
import { isBubble, reactionsByMessage, typingSince, TYPING_MS } from './entries';
import { ListSheet } from './ListSheet';
import { LocationSheet } from './LocationSheet';
import { Quote } from './MessageContent';
import { PhoneMessage } from './PhoneMessage';
import type { TranscriptEntry } from '@contract/simulator';
import { addressOf, type PhoneUser } from './users';
import { useTranscript } from './useTranscript';

const BUSINESS_NAME = 'wadesk Support';
/** What the attach button offers: what WhatsApp takes (the simulator checks type and size again). */
const ACCEPTED_FILES = 'image/jpeg,image/png,image/webp,video/mp4,video/3gpp,audio/*,application/pdf,text/plain,.doc,.docx,.xls,.xlsx,.ppt,.pptx';

/** The simulator accepts a tap only on the latest interactive message, as WhatsApp's app offers it. */
const latestInteractive = (entries: TranscriptEntry[]) =>
  entries.findLast((e) => e.direction === 'out' && (e.kind === 'buttons' || e.kind === 'list' || (e.kind === 'template' && e.buttons !== undefined)))?.seq;

/** "typing…" while the business's indicator lasts (25 s at most, or until its next message). */
function useTyping(entries: TranscriptEntry[]): boolean {
  const since = typingSince(entries);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, since + TYPING_MS - Date.now()) + 50);
    return () => clearTimeout(timer);
  }, [since]);
  return since !== null && now - since < TYPING_MS;
}

/** A WhatsApp-like chat with the business, as `user`: exactly what the server sent to the fake Graph API. */
export function Phone({ user }: { user: PhoneUser }) {
  const { entries, online } = useTranscript(user.waId);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sheet, setSheet] = useState<TranscriptEntry | null>(null);
  const [sharing, setSharing] = useState(false);
  const [replyTo, setReplyTo] = useState<TranscriptEntry | null>(null);
  const [attachment, setAttachment] = useState<File | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const filePicker = useRef<HTMLInputElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const visible = entries.filter(isBubble);
  const byWamid = new Map(visible.map((e) => [e.wamid, e]));
  const reactions = reactionsByMessage(entries);
  const live = latestInteractive(entries);
  const typing = useTyping(entries);

  // Any new entry (a reaction under the last bubble too) keeps the newest in view.
  useLayoutEffect(() => {
    scroller.current?.scrollTo({ top: scroller.current.scrollHeight });
  }, [entries.length, typing]);

  const send = async (payload: PhoneInput) => {
    setProblem(null);
    try {
      const { webhookStatus } = await simulatorApi.send(user, payload);
      if (webhookStatus !== 200) setProblem(`The server answered the webhook with HTTP ${webhookStatus || 'nothing (unreachable)'}.`);
    } catch (err) {
      setProblem((err as Error).message);
    }
  };

  /** What the composer sends: the text, or the attached file with the text as its caption; quoting what was picked. */
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const message = text.trim();
    if (!message && !attachment) return;
    const quote = replyTo ? { replyTo: replyTo.wamid } : {};
    const file = attachment;
    setText('');
    setReplyTo(null);
    setAttachment(null);
    input.current?.focus();
    if (!file) return send({ text: message, ...quote });
    try {
      const uploaded = await simulatorApi.upload(file);
      // Voice notes, audio and stickers have no caption on WhatsApp: the text then follows as its own message.
      const captionable = !/^audio\//.test(uploaded.mimeType) && uploaded.mimeType !== 'image/webp';
      await send({ media: { id: uploaded.id, ...(message && captionable ? { caption: message } : {}) }, ...quote });
      if (message && !captionable) await send({ text: message });
    } catch (err) {
      setProblem((err as Error).message);
    }
  };

  const paste = (event: ClipboardEvent<HTMLInputElement>) => {
    const file = event.clipboardData.files[0];
    if (!file) return;
    event.preventDefault();
    setAttachment(file);
  };

  return (
    <section className="phone" aria-label={`WhatsApp chat as ${user.name}`}>
      <header className="phone-head">
        <span className="avatar" aria-hidden="true">W</span>
        <div>
          <h1 className="phone-title">{BUSINESS_NAME}</h1>
          <p className="phone-subtitle" aria-live="polite">
            {!online ? 'offline — the server cannot be reached' : typing ? 'typing…' : `you are ${user.name} · ${addressOf(user)}`}
          </p>
        </div>
      </header>
      <div className="phone-screen" ref={scroller}>
        <ol className="bubbles" role="log" aria-label="Chat">
          {visible.map((entry) => (
            <PhoneMessage
              key={entry.seq}
              entry={entry}
              live={entry.seq === live}
              quoted={entry.replyTo === undefined ? undefined : byWamid.get(entry.replyTo)}
              reactions={reactions.get(entry.wamid) ?? []}
              onTap={(id) => void send({ buttonId: id })}
              onOpenList={() => setSheet(entry)}
              onReply={() => {
                setReplyTo(entry);
                input.current?.focus();
              }}
              businessName={BUSINESS_NAME}
              onReact={(emoji) => void send({ reaction: { messageId: entry.wamid, emoji } })}
            />
          ))}
        </ol>
        {typing ? <p className="phone-typing" aria-hidden="true">typing…</p> : null}
        {visible.length === 0 ? <p className="phone-empty">Say “Hello” to start, or “chat support” to reach a person.</p> : null}
      </div>
      {problem ? <p className="alert phone-problem" role="alert">{problem}</p> : null}
      {replyTo ? (
        <div className="composer-note" aria-label="Replying to">
          <Quote quoted={replyTo} businessName={BUSINESS_NAME} />
          <button type="button" className="btn link" aria-label="Cancel the reply" onClick={() => setReplyTo(null)}>✕</button>
        </div>
      ) : null}
      {attachment ? (
        <div className="composer-note" aria-label="Attachment">
          <span className="file-chip">📎 <span className="file-name">{attachment.name}</span></span>
          <button type="button" className="btn link" aria-label="Remove the attachment" onClick={() => setAttachment(null)}>✕</button>
        </div>
      ) : null}
      <form className="phone-composer" onSubmit={(event) => void submit(event)}>
        <button type="button" className="composer-tool" aria-label="Attach a photo or file" title="Attach" onClick={() => filePicker.current?.click()}>📎</button>
        <input
          ref={filePicker}
          type="file"
          className="visually-hidden"
          aria-label="Photo or file to send"
          accept={ACCEPTED_FILES}
          tabIndex={-1}
          onChange={(event) => {
            setAttachment(event.target.files?.[0] ?? null);
            event.target.value = '';
            input.current?.focus();
          }}
        />
        <button type="button" className="composer-tool" aria-label="Share a location" title="Location" onClick={() => setSharing(true)}>📍</button>
        <label htmlFor="phone-text" className="visually-hidden">Message</label>
        <input
          id="phone-text"
          ref={input}
          className="phone-input"
          value={text}
          maxLength={4096}
          placeholder={attachment ? 'Add a caption' : 'Message'}
          autoComplete="off"
          onChange={(e) => setText(e.target.value)}
          onPaste={paste}
        />
        <button type="submit" className="send-button" aria-label="Send" disabled={!text.trim() && !attachment}>➤</button>
      </form>
      {sheet?.list ? (
        <ListSheet
          list={sheet.list}
          onClose={() => setSheet(null)}
          onPick={(id) => {
            setSheet(null);
            void send({ buttonId: id });
          }}
        />
      ) : null}
      {sharing ? (
        <LocationSheet
          onClose={() => setSharing(false)}
          onShare={(location) => {
            setSharing(false);
            void send({ location, ...(replyTo ? { replyTo: replyTo.wamid } : {}) });
            setReplyTo(null);
          }}
        />
      ) : null}
    </section>
  );
}
