import { useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { Bubble } from '../shared/Bubble';
import { simulatorApi } from './client';
import { ListSheet } from './ListSheet';
import type { TranscriptEntry } from '@contract/simulator';
import type { PhoneUser } from './users';
import { useTranscript } from './useTranscript';

/** The simulator accepts a tap only on the latest interactive message, as WhatsApp's app offers it. */
const latestInteractive = (entries: TranscriptEntry[]) =>
  entries.findLast((e) => e.direction === 'out' && (e.kind === 'buttons' || e.kind === 'list'))?.seq;

function PhoneMessage({ entry, live, onTap, onOpenList }: { entry: TranscriptEntry; live: boolean; onTap(id: string): void; onOpenList(): void }) {
  const mine = entry.direction === 'in';
  return (
    <Bubble side={mine ? 'mine' : 'theirs'} text={entry.text} timestamp={entry.at}>
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
    </Bubble>
  );
}

/** A WhatsApp-like chat with the business, as `user`: exactly what the server sent to the fake Graph API. */
export function Phone({ user }: { user: PhoneUser }) {
  const { entries, online } = useTranscript(user.waId);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sheet, setSheet] = useState<TranscriptEntry | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const visible = entries.filter((e) => e.kind !== 'read');
  const live = latestInteractive(entries);

  useLayoutEffect(() => {
    scroller.current?.scrollTo({ top: scroller.current.scrollHeight });
  }, [visible.length]);

  const send = async (payload: { text: string } | { buttonId: string }) => {
    setProblem(null);
    try {
      const { webhookStatus } = await simulatorApi.send(user, payload);
      if (webhookStatus !== 200) setProblem(`The server answered the webhook with HTTP ${webhookStatus || 'nothing (unreachable)'}.`);
    } catch (err) {
      setProblem((err as Error).message);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const message = text.trim();
    if (!message) return;
    setText('');
    void send({ text: message });
    input.current?.focus();
  };

  return (
    <section className="phone" aria-label={`WhatsApp chat as ${user.name}`}>
      <header className="phone-head">
        <span className="avatar" aria-hidden="true">W</span>
        <div>
          <h1 className="phone-title">wadesk Support</h1>
          <p className="phone-subtitle">{online ? `you are ${user.name} · +${user.waId}` : 'offline — the server cannot be reached'}</p>
        </div>
      </header>
      <div className="phone-screen" ref={scroller}>
        <ol className="bubbles" role="log" aria-label="Chat">
          {visible.map((entry) => (
            <PhoneMessage
              key={entry.seq}
              entry={entry}
              live={entry.seq === live}
              onTap={(id) => void send({ buttonId: id })}
              onOpenList={() => setSheet(entry)}
            />
          ))}
        </ol>
        {visible.length === 0 ? <p className="phone-empty">Say “Hello” to start, or “chat support” to reach a person.</p> : null}
      </div>
      {problem ? <p className="alert phone-problem" role="alert">{problem}</p> : null}
      <form className="phone-composer" onSubmit={submit}>
        <label htmlFor="phone-text" className="visually-hidden">Message</label>
        <input id="phone-text" ref={input} className="phone-input" value={text} maxLength={4096} placeholder="Message" autoComplete="off" onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="send-button" aria-label="Send" disabled={!text.trim()}>➤</button>
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
    </section>
  );
}
