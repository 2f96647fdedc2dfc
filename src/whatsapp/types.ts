/**
 * The WhatsApp shapes the rest of wadesk works with. Inbound webhook payloads are normalised into these
 * (see `webhook-parser.ts`); outbound replies are described as `OutboundMessage` and turned into Graph API
 * request bodies by `graph-payloads.ts` and checked by `payload-rules.ts`.
 */

/** Who a contact is. Since 2026 a user may have a username and no phone number: key on `waId ?? userId`. */
export interface InboundContact {
  /** `wa_id ?? user_id`: the stable key of the contact. */
  key: string;
  waId: string | null;
  userId: string | null;
  profileName: string | null;
  username: string | null;
}

export type InboundMessageType =
  | 'text'
  | 'image'
  | 'video'
  | 'audio'
  | 'sticker'
  | 'document'
  | 'location'
  | 'contacts'
  | 'interactive'
  | 'button'
  | 'reaction'
  | 'order'
  | 'system'
  | 'unsupported';

export interface InboundMedia {
  id: string;
  mimeType: string | null;
  sha256: string | null;
  caption: string | null;
  filename: string | null;
  /** true for voice notes (`audio.voice`) and animated stickers. */
  voice?: boolean;
  animated?: boolean;
}

/** A reply-button tap, a list choice or a template quick reply. */
export interface InboundChoice {
  kind: 'button_reply' | 'list_reply' | 'quick_reply';
  /** The id we gave the button/row (for a template quick reply: its payload). */
  id: string;
  title: string;
  description: string | null;
}

export interface InboundMessage {
  wamid: string;
  contact: InboundContact;
  /** The business phone number id the message was sent to (`metadata.phone_number_id`). */
  phoneNumberId: string | null;
  timestamp: Date;
  type: InboundMessageType;
  /**
   * The human-readable text of the message: the body of a text, the caption of media, the title of a
   * tapped button, a short description for locations/contacts/reactions; null when there is none.
   */
  text: string | null;
  choice: InboundChoice | null;
  media: InboundMedia | null;
  location: { latitude: number; longitude: number; name: string | null; address: string | null } | null;
  /** Shared contact cards. */
  contacts: InboundContactCard[] | null;
  reaction: { messageId: string; emoji: string | null } | null;
  context: { from: string | null; id: string | null; forwarded: boolean; frequentlyForwarded: boolean } | null;
  /** Errors Meta attached (e.g. `unsupported` messages carry 131051). */
  errors: WhatsAppError[];
  /** The message object exactly as received, kept for audit and for types we do not model. */
  raw: unknown;
  /** The change value narrowed to this message: what a dead letter keeps to replay it alone. */
  source: unknown;
}

/** A contact card a user shared: the name and numbers shown to the agent. */
export interface InboundContactCard {
  name: string | null;
  phones: string[];
}

export interface WhatsAppError {
  /** null when the code is not a 32-bit integer (no real WhatsApp code is); `rawCode` then keeps what came. */
  code: number | null;
  rawCode?: string;
  title: string | null;
  message: string | null;
  details: string | null;
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface InboundStatus {
  /** The wamid of our outbound message. */
  wamid: string;
  status: DeliveryStatus;
  timestamp: Date;
  recipientId: string | null;
  errors: WhatsAppError[];
  raw: unknown;
  /** The change value narrowed to this status (see `InboundMessage.source`). */
  source: unknown;
}

/** A message or status that cannot be processed as it is (no id, an id too long to index…): a dead letter. */
export interface UnprocessableItem {
  kind: 'message' | 'status';
  /** Why, in words that carry none of the item's content (it is logged). */
  reason: string;
  /** `metadata.phone_number_id` of its change: an item for another business number is not ours to keep. */
  phoneNumberId: string | null;
  source: unknown;
}

export interface ParsedWebhook {
  messages: InboundMessage[];
  statuses: InboundStatus[];
  unprocessable: UnprocessableItem[];
  /** `value.errors[]` of changes that carry no message (system-level problems) — logged, not stored. */
  errors: WhatsAppError[];
}

/** A reply button as WhatsApp shows it: id ≤ 256 chars, title ≤ 20 chars, unique within a message. */
export interface ReplyButton {
  id: string;
  title: string;
}

export interface ListRow {
  id: string;
  title: string;
  description?: string;
}

export interface ListSection {
  title?: string;
  rows: ListRow[];
}

/**
 * An approved template with its values. `parameters` are the body's, in the order of its placeholders;
 * `parameterNames` is set for a named template (each value is sent with its `parameter_name`). A media
 * header is sent by our stored file (uploaded by the dispatcher, like an attachment) or by a link.
 */
export interface OutboundTemplate {
  kind: 'template';
  name: string;
  language: string;
  parameters: string[];
  parameterNames?: string[];
  header?:
    | { kind: 'text'; text: string; parameterName?: string }
    | { kind: 'media'; media: 'image' | 'video' | 'document'; file?: string; link?: string; filename?: string };
  /** Values for the buttons that take one: the end of a URL button's link, a copy-code button's code. */
  buttons?: Array<{ index: number; subType: 'url' | 'copy_code'; value: string }>;
}

/** A message made of words (and buttons): what the bot says, and an agent's text. */
export type TextualMessage =
  | { kind: 'text'; body: string; previewUrl?: boolean }
  | { kind: 'buttons'; body: string; footer?: string; buttons: ReplyButton[] }
  | { kind: 'list'; body: string; footer?: string; button: string; sections: ListSection[] };

/**
 * What we send. Turned into a Graph API body by `toGraphPayload`. `replyTo` (the wamid of an earlier
 * message) makes it a quoted reply. Media is sent by the id an upload returned, which the dispatcher gets
 * just before sending (`file` names our attachment row).
 */
export type OutboundMessage = (
  | TextualMessage
  | { kind: 'media'; media: 'image' | 'video' | 'audio' | 'sticker' | 'document'; file: string; caption?: string; filename?: string }
  /** An empty `emoji` removes the business's reaction. */
  | { kind: 'reaction'; messageWamid: string; emoji: string }
  /** An approved template, filled in: what may be sent after the window. */
  | OutboundTemplate
) & { replyTo?: string };
