import type { MessageMedia } from '@contract/conversations';
import { fileSize } from '../shared/message-format';
import { useRetryMedia } from './actions';
import { KIND_WORDS } from './message-display';

interface Props {
  media: MessageMedia;
  /** The agent's own upload (pending means on its way to WhatsApp, and a failure cannot be fetched again). */
  outbound: boolean;
}

/** A failed attachment: the reason, and for one the user sent, a way to fetch it again. */
function FailedAttachment({ media, outbound }: Props) {
  const retry = useRetryMedia();
  const what = KIND_WORDS[media.kind];
  return (
    <div className="attachment-state failed" role="group" aria-label={`The ${what} could not be ${outbound ? 'sent' : 'fetched'}`}>
      <p className="attachment-reason">
        ⚠ The {what} could not be {outbound ? 'sent' : 'fetched'}: {media.error ?? 'no reason was given.'}
      </p>
      {outbound ? null : (
        <button type="button" className="btn small" disabled={retry.isPending} onClick={() => retry.mutate(media.id)}>
          {retry.isPending ? 'Retrying…' : 'Retry'}
        </button>
      )}
      {retry.error ? <p className="attachment-reason" role="alert">{retry.error.message}</p> : null}
    </div>
  );
}

/**
 * A message's attachment as a person expects it: photos inline (a click opens the whole picture),
 * stickers small, players that never start by themselves, documents as a file to download.
 */
export function Attachment({ media, outbound }: Props) {
  const what = KIND_WORDS[media.kind];
  if (media.status === 'pending') {
    return <p className="attachment-state pending" role="status">{outbound ? `Sending ${what}…` : `Fetching ${what}…`}</p>;
  }
  if (media.status === 'failed') return <FailedAttachment media={media} outbound={outbound} />;
  if (media.status === 'deleted') {
    return <p className="attachment-state gone">The {what} is no longer kept here{media.error ? `: ${media.error}` : '.'}</p>;
  }
  const label = media.caption || media.filename || what[0]!.toUpperCase() + what.slice(1);
  switch (media.kind) {
    case 'image':
      return (
        <a className="attachment-image" href={media.url} target="_blank" rel="noopener noreferrer" title="Open the full picture">
          <img src={media.url} alt={label} loading="lazy" />
        </a>
      );
    case 'sticker':
      return <img className="attachment-sticker" src={media.url} alt="Sticker" loading="lazy" />;
    case 'audio':
      return <audio className="attachment-audio" src={media.url} controls preload="none" aria-label={label} />;
    case 'video':
      return <video className="attachment-video" src={media.url} controls preload="none" aria-label={label} />;
    case 'document':
      return (
        <a className="file-chip" href={media.url} download={media.filename ?? true} rel="noopener noreferrer">
          <span aria-hidden="true">📄</span>
          <span className="file-name">{media.filename ?? 'Document'}</span>
          <span className="file-size">{[fileSize(media.size), 'Download'].filter(Boolean).join(' · ')}</span>
        </a>
      );
  }
}
