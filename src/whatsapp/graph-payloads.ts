import type { ListSection, OutboundMessage, OutboundTemplate } from './types.js';

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

/** A template's variable: a text ({{1}} or, in a named template, {{first_name}}), a header's file, a button's value. */
export type GraphTemplateParameter =
  | { type: 'text'; text: string; parameter_name?: string }
  | { type: 'image'; image: GraphMedia }
  | { type: 'video'; video: GraphMedia }
  | { type: 'document'; document: GraphMedia & { filename?: string } }
  | { type: 'coupon_code'; coupon_code: string };

export type GraphTemplateComponent =
  | { type: 'header' | 'body'; parameters: GraphTemplateParameter[] }
  | { type: 'button'; sub_type: 'url' | 'copy_code' | 'quick_reply'; index: string; parameters: GraphTemplateParameter[] };

export interface GraphTemplate {
  name: string;
  language: { code: string };
  components?: GraphTemplateComponent[];
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
    const components = templateComponents(msg, uploaded);
    return { ...address, type: 'template', template: { name: msg.name, language: { code: msg.language }, ...(components.length > 0 ? { components } : {}) } };
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

/** The `components` of a template send: the header's value, the body's values, then each button's. */
function templateComponents(msg: OutboundTemplate, uploaded?: { mediaId: string }): GraphTemplateComponent[] {
  const components: GraphTemplateComponent[] = [];
  const text = (value: string, name: string | undefined): GraphTemplateParameter => ({ type: 'text', text: value, ...(name === undefined ? {} : { parameter_name: name }) });
  const header = msg.header;
  if (header?.kind === 'text') components.push({ type: 'header', parameters: [text(header.text, header.parameterName)] });
  if (header?.kind === 'media') {
    const id = uploaded?.mediaId;
    if (id === undefined && header.link === undefined) throw new Error('a template header file is sent by the id of its upload or by a link');
    const media: GraphMedia = id !== undefined ? { id } : { link: header.link! };
    components.push({
      type: 'header',
      parameters: [
        header.media === 'document'
          ? { type: 'document', document: { ...media, ...(header.filename ? { filename: header.filename } : {}) } }
          : header.media === 'video' ? { type: 'video', video: media } : { type: 'image', image: media },
      ],
    });
  }
  if (msg.parameters.length > 0) components.push({ type: 'body', parameters: msg.parameters.map((value, i) => text(value, msg.parameterNames?.[i])) });
  for (const button of msg.buttons ?? []) {
    components.push({
      type: 'button', sub_type: button.subType, index: String(button.index),
      parameters: [button.subType === 'copy_code' ? { type: 'coupon_code', coupon_code: button.value } : { type: 'text', text: button.value }],
    });
  }
  return components;
}
