import { useId, useRef, useState } from 'react';
import { fullTime, messageTime } from '../../shared/time';

/** A time as the lists show it ("14:05", "3 Mar, 14:05"), the exact moment on hover; a dash for none. */
export function When({ iso }: { iso: string | null }) {
  if (!iso) return <span className="muted">—</span>;
  return <time dateTime={iso} title={fullTime(iso)}>{messageTime(iso)}</time>;
}

/** An error from the API, read out when it appears. */
export function Problem({ error }: { error: Error | null }) {
  return error ? <p className="alert" role="alert">{error.message}</p> : null;
}

/** What just went well, read out politely. */
export function Done({ text }: { text: string | null }) {
  return <p className="done" role="status">{text ?? ''}</p>;
}

/**
 * A secret shown this once (an API token, a webhook's signing secret), with a copy button. Where the
 * clipboard is not available (a page not served over https), the text is selected for Ctrl-C instead.
 */
export function SecretOnce({ label, value, note, onDismiss }: { label: string; value: string; note: string; onDismiss(): void }) {
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('Copied to the clipboard.');
    } catch {
      input.current?.select();
      setCopied('Selected: press Ctrl-C (⌘-C) to copy.');
    }
  };
  return (
    <section className="secret" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{label}</h3>
      <p>{note}</p>
      <div className="secret-row">
        <input ref={input} id={id} className="input mono" readOnly value={value} aria-label={label} onFocus={(e) => e.target.select()} />
        <button type="button" className="btn primary" onClick={() => void copy()}>Copy</button>
      </div>
      <Done text={copied} />
      <button type="button" className="btn" onClick={onDismiss}>I have copied it</button>
    </section>
  );
}

/**
 * A button for something that cannot be undone: the first press asks, in place ("Revoke token laptop?"
 * with Yes and Cancel), the second does it. No browser dialog.
 */
export function ConfirmButton({ label, question, confirm, busy, onConfirm }: {
  /** The button's text, e.g. "Revoke". */
  label: string;
  /** What is asked, naming the thing, e.g. "Revoke the token laptop?" */
  question: string;
  /** The confirming button's text. */
  confirm: string;
  busy?: boolean;
  onConfirm(): void;
}) {
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  if (!asking) {
    return (
      <button type="button" className="btn danger" aria-label={question.replace(/\?$/, '')} onClick={() => {
        setAsking(true);
        requestAnimationFrame(() => yes.current?.focus());
      }}>{label}</button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span className="confirm-question">{question}</span>
      <button ref={yes} type="button" className="btn danger solid" disabled={busy} onClick={onConfirm}>{confirm}</button>
      <button type="button" className="btn" onClick={() => setAsking(false)}>Cancel</button>
    </span>
  );
}
