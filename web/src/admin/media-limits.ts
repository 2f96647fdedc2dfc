import { MEDIA_LIMITS } from '../../../src/whatsapp/limits';
import { fileSize } from '../shared/message-format';

/**
 * What the inbox lets an agent attach: WhatsApp's own limits, from the file the server checks with, so the
 * two never drift. The server has the last word; this only spares the agent an upload bound to fail.
 */
type Kind = keyof typeof MEDIA_LIMITS;

/** For the file picker: every type WhatsApp takes. */
export const ACCEPTED_TYPES = Object.values(MEDIA_LIMITS).flatMap((limit) => [...limit.mimeTypes]).join(',');

const kindOf = (mimeType: string): Kind | null => {
  const bare = mimeType.split(';')[0]!.trim().toLowerCase();
  for (const [kind, limit] of Object.entries(MEDIA_LIMITS) as Array<[Kind, (typeof MEDIA_LIMITS)[Kind]]>) {
    if ((limit.mimeTypes as readonly string[]).includes(bare)) return kind;
  }
  return null;
};

/** The largest file of a kind (an animated sticker may be larger than a still one). */
const maxBytes = (kind: Kind) => {
  const limit = MEDIA_LIMITS[kind];
  return 'animatedMaxBytes' in limit ? limit.animatedMaxBytes : limit.maxBytes;
};

/** Why WhatsApp would refuse this file, or null when it may be sent. */
export function refusal(file: File): string | null {
  const kind = kindOf(file.type);
  if (kind === null) {
    return `WhatsApp does not take ${file.type ? `this kind of file (${file.type})` : 'a file of unknown type'}. Send a JPEG or PNG photo, an MP4 video, an audio file, or a PDF, Office or text document.`;
  }
  if (file.size === 0) return 'This file is empty.';
  if (file.size > maxBytes(kind)) return `${file.name} is ${fileSize(file.size)}; WhatsApp takes at most ${fileSize(maxBytes(kind))} for this kind of file.`;
  return null;
}

/** Whether a chosen file is shown as a picture in the preview. */
export const isPicture = (file: File) => kindOf(file.type) === 'image';
