import { useMemo, useRef, useState, type FormEvent } from 'react';
import { fileSize } from '../shared/message-format';
import { useSendMedia } from './actions';
import { LIMITS } from '../../../src/whatsapp/limits';
import { isPicture } from './media-limits';
import { CollisionQuestion } from './CollisionQuestion';
import { useCollisionCheck } from './useCollisionCheck';

interface Props {
  phone: string;
  file: File;
  replyTo: number | null;
  /** The chat is assigned to someone else (their name): the file asks first, as a reply does. */
  heldBy: string | null;
  onSent(): void;
  onCancel(): void;
}

/**
 * Shows a local picture in an <img> while the element exists. As a data: URL, because the page's
 * Content-Security-Policy allows images from this server and data: only (not blob:).
 */
const showFile = (file: File) => (img: HTMLImageElement | null) => {
  if (!img) return;
  const reader = new FileReader();
  reader.onload = () => {
    if (typeof reader.result === 'string') img.src = reader.result;
  };
  reader.readAsDataURL(file);
  return () => reader.abort();
};

/** A chosen file before it goes: what it is, an optional caption, then a progress bar while it uploads. */
export function AttachmentPreview({ phone, file, replyTo, heldBy, onSent, onCancel }: Props) {
  const [caption, setCaption] = useState('');
  const [progress, setProgress] = useState(0);
  const upload = useSendMedia(phone);
  const thumbnail = useMemo(() => (isPicture(file) ? showFile(file) : null), [file]);
  const collision = useCollisionCheck(heldBy);
  const captionField = useRef<HTMLInputElement>(null);

  const send = async (event?: FormEvent, confirmed = false) => {
    event?.preventDefault();
    if (upload.isPending || !collision.mayGo(confirmed)) return;
    setProgress(0);
    try {
      await upload.mutateAsync({ file, caption, replyTo, onProgress: setProgress });
      onSent();
    } catch {
      // Shown below (upload.error); the file stays for another try.
    }
  };

  return (
    <form className="attachment-preview" onSubmit={send} aria-label="File to send">
      {thumbnail ? <img className="preview-thumbnail" ref={thumbnail} alt="" /> : <span className="preview-icon" aria-hidden="true">📄</span>}
      <div className="preview-body">
        <p className="preview-name"><strong>{file.name}</strong> <span className="muted">{fileSize(file.size)}</span></p>
        <label htmlFor="attachment-caption" className="visually-hidden">Caption (optional)</label>
        <input
          id="attachment-caption"
          ref={captionField}
          className="input"
          value={caption}
          maxLength={LIMITS.caption}
          placeholder="Add a caption (optional)"
          autoFocus
          disabled={upload.isPending}
          onChange={(e) => {
            setCaption(e.target.value);
            collision.dismiss();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && !upload.isPending) {
              e.preventDefault();
              onCancel();
            }
          }}
        />
        {upload.isPending ? <progress className="upload-progress" max={1} value={progress} aria-label={`Uploading ${file.name}`} /> : null}
        {upload.error ? <p className="reply-error" role="alert">{upload.error.message}</p> : null}
        <CollisionQuestion check={collision} onSend={() => void send(undefined, true)} onBack={() => captionField.current?.focus()} />
      </div>
      <div className="preview-actions">
        <button type="button" className="btn" onClick={onCancel} disabled={upload.isPending}>Cancel</button>
        <button type="submit" className="btn primary" disabled={upload.isPending}>{upload.isPending ? 'Sending…' : 'Send file'}</button>
      </div>
    </form>
  );
}
