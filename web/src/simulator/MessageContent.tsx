import type { TranscriptEntry } from '@contract/simulator';
import { simulatorApi } from './client';
import { fileSize, mapLink } from '../shared/message-format';
import { previewOf } from './entries';

/** The message a reply quotes, above the reply, as WhatsApp shows it. */
export function Quote({ quoted, businessName }: { quoted: TranscriptEntry; businessName: string }) {
  return (
    <blockquote className={`quote ${quoted.direction === 'in' ? 'quote-mine' : ''}`}>
      <span className="quote-author">{quoted.direction === 'in' ? 'You' : businessName}</span>
      <span className="quote-text">{previewOf(quoted)}</span>
    </blockquote>
  );
}

/**
 * What a message carries besides its text: a photo, a video, an audio player (never autoplaying), a file
 * chip, a place, a contact card, or the template it was. Everything user-made is a text node or an
 * attribute React escapes.
 */
export function MessageContent({ entry }: { entry: TranscriptEntry }) {
  const { media } = entry;
  const src = media?.id === undefined ? undefined : simulatorApi.mediaUrl(media.id);
  if (media !== undefined && src === undefined) {
    // Sent by link: Meta would fetch it; the phone shows where it points rather than loading another site.
    return <p className="file-chip">🔗 <span className="file-name">{media.filename ?? media.link}</span></p>;
  }
  switch (entry.kind) {
    case 'image':
      return <img className="phone-image" src={src} alt={entry.text || 'Photo'} />;
    case 'sticker':
      return <img className="phone-sticker" src={src} alt="Sticker" />;
    case 'video':
      return <video className="phone-image" src={src} controls preload="metadata" aria-label={entry.text || 'Video'} />;
    case 'audio':
      return (
        <div className="phone-audio">
          <span aria-hidden="true">{media?.voice ? '🎤' : '🎵'}</span>
          <audio src={src} controls preload="none" aria-label={media?.voice ? 'Voice message' : 'Audio'} />
        </div>
      );
    case 'document':
      return (
        <a className="file-chip" href={src} download={media?.filename ?? true}>
          <span aria-hidden="true">📄</span>
          <span className="file-name">{media?.filename ?? 'Document'}</span>
          <span className="file-size">{fileSize(media?.size)}</span>
        </a>
      );
    case 'location': {
      const place = entry.location!;
      const map = mapLink(place.latitude, place.longitude);
      return (
        <a className="phone-location" href={map} target="_blank" rel="noopener noreferrer">
          <span className="location-pin" aria-hidden="true">📍</span>
          <span>
            <strong>{place.name ?? 'Location'}</strong>
            {place.address ? <span className="location-address">{place.address}</span> : null}
            <span className="location-address">{place.latitude}, {place.longitude}</span>
          </span>
        </a>
      );
    }
    case 'contacts':
      return (
        <ul className="contact-cards">
          {entry.contacts!.map((card, i) => (
            <li key={i} className="contact-card">
              <span className="avatar small" aria-hidden="true">👤</span>
              <span>
                <strong>{card.name}</strong>
                <span className="location-address">{card.phones.join(', ')}</span>
              </span>
            </li>
          ))}
        </ul>
      );
    case 'template': {
      const label = <p className="phone-template">Template · {entry.template?.name}</p>;
      if (src === undefined) return label;
      // A template's header file: a picture shown, anything else as a file chip.
      const header = media?.mimeType?.startsWith('image/')
        ? <img className="phone-image" src={src} alt="Template header" />
        : <a className="file-chip" href={src} download={media?.filename ?? true}><span aria-hidden="true">📄</span><span className="file-name">{media?.filename ?? 'Document'}</span><span className="file-size">{fileSize(media?.size)}</span></a>;
      return <>{header}{label}</>;
    }
    default:
      return null;
  }
}
