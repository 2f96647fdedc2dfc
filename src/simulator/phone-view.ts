import type { GraphMediaType, GraphMessageBody } from '../whatsapp/graph-payloads.js';
import type { StoredMedia } from './media-store.js';
import type { OfferedChoices } from './store.js';
import type { RenderedTemplate } from './templates.js';
import type { EntryMedia, TranscriptEntry } from './types.js';

/** The part of a transcript entry that says what is shown (the rest is who, when and which wamid). */
export type EntryView = Omit<TranscriptEntry, 'seq' | 'direction' | 'wamid' | 'at' | 'status'>;

/**
 * What the user's phone shows for an accepted business message. `media` is the stored file a send by
 * id names; `template` is the filled-in text of a template send.
 */
export function phoneView(body: GraphMessageBody, found: { media?: StoredMedia; template?: RenderedTemplate } = {}): EntryView {
  switch (body.type) {
    case 'text':
      return { kind: 'text', text: body.text.body };
    case 'template': {
      const footer = found.template?.footer === undefined ? {} : { footer: found.template.footer };
      const header = found.template?.headerMedia;
      // A template's header file is shown above its text, as a media message shows its file.
      const media = header === undefined ? {} : { media: mediaView(header.type, header, found.media).media! };
      const buttons = found.template?.quickReplies === undefined ? {} : { buttons: found.template.quickReplies };
      return { kind: 'template', text: found.template?.text ?? '', ...footer, ...media, ...buttons, template: { name: body.template.name, language: body.template.language.code } };
    }
    case 'reaction':
      return { kind: 'reaction', text: '', reaction: { messageId: body.reaction.message_id, emoji: body.reaction.emoji } };
    case 'interactive':
      return interactiveView(body.interactive);
    default:
      return mediaView(body.type, mediaOf(body), found.media);
  }
}

function interactiveView(interactive: Extract<GraphMessageBody, { type: 'interactive' }>['interactive']): EntryView {
  const footer = interactive.footer === undefined ? {} : { footer: interactive.footer.text };
  if (interactive.type === 'button') {
    const buttons = interactive.action.buttons.map(({ reply }) => ({ id: reply.id, title: reply.title }));
    return { kind: 'buttons', text: interactive.body.text, ...footer, buttons };
  }
  return { kind: 'list', text: interactive.body.text, ...footer, list: interactive.action };
}

type MediaObject = { id?: string; link?: string; caption?: string; filename?: string };

/** The media object of a media send (`image`, `document`…), whichever type it is. */
export function mediaOf(body: GraphMessageBody): MediaObject | null {
  switch (body.type) {
    case 'image':
      return body.image;
    case 'video':
      return body.video;
    case 'audio':
      return body.audio;
    case 'sticker':
      return body.sticker;
    case 'document':
      return body.document;
    default:
      return null;
  }
}

function mediaView(kind: GraphMediaType, sent: MediaObject | null, stored: StoredMedia | undefined): EntryView {
  const media: EntryMedia = sent?.id !== undefined ? { id: sent.id } : { link: sent?.link ?? '' };
  if (stored !== undefined) Object.assign(media, { mimeType: stored.mimeType, size: stored.size });
  const filename = sent?.filename ?? stored?.filename;
  if (kind === 'document' && filename !== undefined) media.filename = filename;
  return { kind, text: sent?.caption ?? '', media };
}

/** The buttons or rows a message offers (a template's quick replies too): a later tap must name one of them. */
export function offeredChoices(body: GraphMessageBody, wamid: string, view?: EntryView): OfferedChoices | null {
  if (body.type === 'template' && view?.buttons) return { wamid, reply: 'quick_reply', choices: view.buttons.map((b) => ({ ...b })) };
  if (body.type !== 'interactive') return null;
  const { interactive } = body;
  if (interactive.type === 'button') {
    return { wamid, reply: 'button_reply', choices: interactive.action.buttons.map(({ reply }) => ({ ...reply })) };
  }
  return { wamid, reply: 'list_reply', choices: interactive.action.sections.flatMap((section) => section.rows) };
}
