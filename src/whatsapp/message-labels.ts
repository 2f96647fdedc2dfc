/**
 * A message in one line of text, where there is no room for its attachment or card: the quote above a
 * reply in the inbox, a row's preview in the conversation list. Pure, so the web pages use it too.
 */

/** What a message without words is, by WhatsApp type. */
export const TYPE_LABELS: Readonly<Record<string, string>> = {
  image: '📷 Photo',
  sticker: '🙂 Sticker',
  document: '📄 Document',
  audio: '🎵 Audio',
  video: '🎥 Video',
  location: '📍 Location',
  contacts: '👤 Contact',
  unsupported: '⚠ A message WhatsApp could not show',
};

/** Attachments: their text is a caption, shown after the kind's emoji. (A place's or a card's text starts with its own.) */
const CAPTIONED = new Set(['image', 'sticker', 'document', 'audio', 'video']);

/** The longest preview the list gets; it shows one line anyway. */
export const PREVIEW_CHARS = 200;

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * A row's preview: the words (a caption after its kind's emoji: "📷 Look at this"), else what the message
 * is ("📷 Photo"; a document by its file name: "📄 invoice.pdf").
 */
export function previewLine(m: { type: string; text: string | null; filename?: string | null }): string {
  const words = oneLine(m.text ?? '');
  const label = TYPE_LABELS[m.type];
  if (words !== '') {
    const icon = label && CAPTIONED.has(m.type) ? `${label.split(' ')[0]} ` : '';
    return cut(icon + words, PREVIEW_CHARS);
  }
  if (m.type === 'document' && m.filename) return cut(`📄 ${oneLine(m.filename)}`, PREVIEW_CHARS);
  return label ?? 'Message';
}
