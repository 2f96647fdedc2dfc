import type { ListSection, OutboundMessage } from './types.js';

/** The Graph API request bodies wadesk sends: messages and read receipts. */

interface GraphAddress {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  /** The phone-based WhatsApp id. */
  to?: string;
  /** A username-only user's id (`user_id`), used instead of `to` when there is no phone number. */
  recipient?: string;
  /** Makes the message a quoted reply to `message_id` (any kind of send). */
  context?: { message_id: string };
}

export interface GraphReplyButton {
  type: 'reply';
  reply: { id: string; title: string };
}

export interface GraphListSection {
  title?: string;
  rows: Array<{ id: string; title: string; description?: string }>;
}

export type GraphInteractive =
  | { type: 'button'; body: { text: string }; footer?: { text: string }; action: { buttons: GraphReplyButton[] } }
  | {
      type: 'list';
      body: { text: string };
      footer?: { text: string };
      action: { button: string; sections: GraphListSection[] };
    };

/** Media is sent by the id an upload (`POST /{phone-number-id}/media`) returned, or by a link Meta fetches. */
export type GraphMedia = { id: string; link?: never } | { link: string; id?: never };

export type GraphMediaType = 'image' | 'video' | 'audio' | 'sticker' | 'document';

/** A template's variable, e.g. {{1}} of its body. */
export interface GraphTemplateParameter {
  type: 'text';
  text: string;
}

export interface GraphTemplate {
  name: string;
  language: { code: string };
  components?: Array<{ type: 'header' | 'body'; parameters: GraphTemplateParameter[] }>;
}

export type GraphMessageBody =
  | (GraphAddress & { type: 'text'; text: { body: string; preview_url: boolean } })
  | (GraphAddress & { type: 'interactive'; interactive: GraphInteractive })
  | (GraphAddress & { type: 'image'; image: GraphMedia & { caption?: string } })
  | (GraphAddress & { type: 'video'; video: GraphMedia & { caption?: string } })
  | (GraphAddress & { type: 'audio'; audio: GraphMedia })
  | (GraphAddress & { type: 'sticker'; sticker: GraphMedia })
  | (GraphAddress & { type: 'document'; document: GraphMedia & { caption?: string; filename?: string } })
  /** An empty `emoji` removes the business's reaction. */
  | (GraphAddress & { type: 'reaction'; reaction: { message_id: string; emoji: string } })
  | (GraphAddress & { type: 'template'; template: GraphTemplate });

export interface GraphMarkReadBody {
  messaging_product: 'whatsapp';
  status: 'read';
  message_id: string;
  /** Also shows "typing…" to the user, for up to 25 s or until the next message. */
  typing_indicator?: { type: 'text' };
}

/**
 * The Graph API body for `msg`. Contacts are addressed by `to: waId`. A username-only contact (no phone
 * number, `waId` null) is addressed by `recipient: userId` (their business-scoped user id), following
 * Meta's 2026 username rollout; if Meta's live docs name the field differently, `recipientAddress` is
 * the one place to change.
 */
export function toGraphPayload(
  recipient: { waId: string | null; userId: string | null },
  msg: OutboundMessage,
  /** For media: the id WhatsApp gave the uploaded file. */
  uploaded?: { mediaId: string },
): GraphMessageBody {
  const address = { ...recipientAddress(recipient), ...(msg.replyTo ? { context: { message_id: msg.replyTo } } : {}) };
  if (msg.kind === 'template') {
    const parameters = msg.parameters.map((text): GraphTemplateParameter => ({ type: 'text', text }));
    const components = parameters.length > 0 ? { components: [{ type: 'body' as const, parameters }] } : {};
    return { ...address, type: 'template', template: { name: msg.name, language: { code: msg.language }, ...components } };
  }
  if (msg.kind === 'reaction') return { ...address, type: 'reaction', reaction: { message_id: msg.messageWamid, emoji: msg.emoji } };
  if (msg.kind === 'media') {
    if (!uploaded) throw new Error('a media message is sent by the id of its upload');
    const caption = msg.caption ? { caption: msg.caption } : {};
    const id = uploaded.mediaId;
    switch (msg.media) {
      case 'image': return { ...address, type: 'image', image: { id, ...caption } };
      case 'video': return { ...address, type: 'video', video: { id, ...caption } };
      case 'document': return { ...address, type: 'document', document: { id, ...caption, ...(msg.filename ? { filename: msg.filename } : {}) } };
      case 'audio': return { ...address, type: 'audio', audio: { id } };
      case 'sticker': return { ...address, type: 'sticker', sticker: { id } };
    }
  }
  if (msg.kind === 'text') {
    return { ...address, type: 'text', text: { body: msg.body, preview_url: msg.previewUrl ?? false } };
  }
  const footer = msg.footer === undefined ? {} : { footer: { text: msg.footer } };
  const interactive: GraphInteractive =
    msg.kind === 'buttons'
      ? {
          type: 'button',
          body: { text: msg.body },
          ...footer,
          action: { buttons: msg.buttons.map(({ id, title }) => ({ type: 'reply', reply: { id, title } })) },
        }
      : {
          type: 'list',
          body: { text: msg.body },
          ...footer,
          action: { button: msg.button, sections: msg.sections.map(graphSection) },
        };
  return { ...address, type: 'interactive', interactive };
}

function recipientAddress(recipient: { waId: string | null; userId: string | null }): GraphAddress {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual' } as const;
  if (recipient.waId !== null) return { ...base, to: recipient.waId };
  if (recipient.userId !== null) return { ...base, recipient: recipient.userId };
  throw new Error('A WhatsApp recipient needs a waId or a userId');
}

function graphSection(section: ListSection): GraphListSection {
  return {
    ...(section.title === undefined ? {} : { title: section.title }),
    rows: section.rows.map(({ id, title, description }) => ({
      id,
      title,
      ...(description === undefined ? {} : { description }),
    })),
  };
}

/** Marks an inbound message as read (blue ticks on the user's phone). */
export function markReadPayload(wamid: string, options: { typing?: boolean } = {}): GraphMarkReadBody {
  return { messaging_product: 'whatsapp', status: 'read', message_id: wamid, ...(options.typing ? { typing_indicator: { type: 'text' } } : {}) };
}
