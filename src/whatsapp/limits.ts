/**
 * WhatsApp's limits on what a business sends, in one place: the Graph API client checks its requests with
 * them before sending (payload-rules.ts), the simulator checks what it receives with them, the bot cuts its
 * texts to them and the API refuses an agent message that exceeds them.
 */
export const LIMITS = {
  textBody: 4096,
  interactiveBody: 1024,
  footer: 60,
  headerText: 60,
  buttonTitle: 20,
  buttonId: 256,
  minButtons: 1,
  maxButtons: 3,
  listButton: 20,
  sectionTitle: 24,
  rowId: 200,
  rowTitle: 24,
  rowDescription: 72,
  maxRows: 10,
  maxSections: 10,
  caption: 1024,
  /** Reactions are refused on messages older than this. */
  reactionMaxAgeMs: 30 * 24 * 60 * 60 * 1000,
} as const;

const MB = 1024 * 1024;

/**
 * What Meta accepts per kind of media, by MIME type (without parameters such as `; codecs=opus`) and
 * size. A sticker is 100 KB when static and 500 KB when animated.
 */
export const MEDIA_LIMITS = {
  image: { mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5 * MB },
  audio: { mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'], maxBytes: 16 * MB },
  video: { mimeTypes: ['video/mp4', 'video/3gpp'], maxBytes: 16 * MB },
  document: {
    mimeTypes: [
      'text/plain',
      'application/pdf',
      'application/msword',
      'application/vnd.ms-excel',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    maxBytes: 100 * MB,
  },
  sticker: { mimeTypes: ['image/webp'], maxBytes: 100 * 1024, animatedMaxBytes: 500 * 1024 },
} as const;

export type MediaKind = keyof typeof MEDIA_LIMITS;

/**
 * Meta documents limits in "characters" without saying which. Counting UTF-16 code units (`s.length`)
 * is the stricter reading — an emoji counts as 2 — so a text that passes here cannot be rejected by
 * Meta for length, whichever way Meta counts.
 */
export function whatsappLength(s: string): number {
  return s.length;
}
