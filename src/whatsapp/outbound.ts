import type { ListSection, OutboundMessage } from './types.js';

/**
 * WhatsApp's outbound rules in one place: the Graph API client checks its requests with them before
 * sending, and the simulator checks what it receives with them, so the two can never disagree.
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
} as const;

/**
 * Meta documents limits in "characters" without saying which. Counting UTF-16 code units (`s.length`)
 * is the stricter reading — an emoji counts as 2 — so a text that passes here cannot be rejected by
 * Meta for length, whichever way Meta counts.
 */
export function whatsappLength(s: string): number {
  return s.length;
}

interface GraphAddress {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  /** The phone-based WhatsApp id. */
  to?: string;
  /** A username-only user's id (`user_id`), used instead of `to` when there is no phone number. */
  recipient?: string;
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

export type GraphMessageBody =
  | (GraphAddress & { type: 'text'; text: { body: string; preview_url: boolean } })
  | (GraphAddress & { type: 'interactive'; interactive: GraphInteractive });

export interface GraphMarkReadBody {
  messaging_product: 'whatsapp';
  status: 'read';
  message_id: string;
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
): GraphMessageBody {
  const address = recipientAddress(recipient);
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
export function markReadPayload(wamid: string): GraphMarkReadBody {
  return { messaging_product: 'whatsapp', status: 'read', message_id: wamid };
}

/** The problems Meta would reject `body` for (empty when valid), each a short sentence naming the field. */
export function validateGraphPayload(body: unknown): string[] {
  if (!isObject(body)) return ['the request body must be a JSON object'];
  const p = new Problems();
  if (body.messaging_product !== 'whatsapp') p.add('messaging_product must be "whatsapp"');
  if (body.status !== undefined) {
    checkReadReceipt(p, body);
    return p.found;
  }
  if (body.to !== undefined) p.text('to', body.to);
  else if (body.recipient !== undefined) p.text('recipient', body.recipient);
  else p.add('to is missing (or recipient, for a username-only user)');
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') {
    p.add('recipient_type must be "individual"');
  }
  if (body.type === 'text') checkText(p, body.text);
  else if (body.type === 'interactive') checkInteractive(p, body.interactive);
  else if (body.type === 'template') checkTemplate(p, body.template);
  else p.add(`type must be text, interactive or template, not ${JSON.stringify(body.type) ?? 'missing'}`);
  return p.found;
}

/** Our own message model checked by the same rules, through the payload it becomes. */
export function validateOutbound(msg: OutboundMessage): string[] {
  return validateGraphPayload(toGraphPayload({ waId: '0', userId: null }, msg));
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

class Problems {
  readonly found: string[] = [];

  add(problem: string): void {
    this.found.push(problem);
  }

  /** A required, non-blank string of at most `limit` characters. */
  text(path: string, value: unknown, limit = Infinity): void {
    if (value === undefined) return this.add(`${path} is missing`);
    if (typeof value !== 'string') return this.add(`${path} must be a string`);
    if (value.trim() === '') return this.add(`${path} is empty`);
    const length = whatsappLength(value);
    if (length > limit) this.add(`${path} is ${length} characters; the limit is ${limit}`);
  }

  optionalText(path: string, value: unknown, limit: number): void {
    if (value !== undefined) this.text(path, value, limit);
  }

  /** A list of `min`..`max` items; returns the items to check one by one, or [] when it is not a list. */
  items(path: string, value: unknown, min: number, max: number, noun: string): unknown[] {
    if (!Array.isArray(value)) {
      this.add(value === undefined ? `${path} is missing` : `${path} must be a list`);
      return [];
    }
    if (value.length < min) this.add(`${path} has ${value.length} ${noun}; at least ${min} is required`);
    if (value.length > max) this.add(`${path} has ${value.length} ${noun}; the limit is ${max}`);
    return value;
  }

  /** WhatsApp rejects a message whose buttons (or rows) share an id or a title. */
  unique(entries: Array<{ path: string; value: unknown }>): void {
    const seen = new Set<unknown>();
    for (const { path, value } of entries) {
      if (typeof value !== 'string') continue;
      if (seen.has(value)) this.add(`${path} ${JSON.stringify(value)} is used more than once`);
      seen.add(value);
    }
  }
}

function checkReadReceipt(p: Problems, body: Json): void {
  if (body.status !== 'read') p.add('status must be "read"');
  p.text('message_id', body.message_id);
  if (body.typing_indicator !== undefined && field(body.typing_indicator, 'type') !== 'text') {
    p.add('typing_indicator.type must be "text"');
  }
}

function checkText(p: Problems, text: unknown): void {
  p.text('text.body', field(text, 'body'), LIMITS.textBody);
  const previewUrl = field(text, 'preview_url');
  if (previewUrl !== undefined && typeof previewUrl !== 'boolean') p.add('text.preview_url must be true or false');
}

function checkTemplate(p: Problems, template: unknown): void {
  p.text('template.name', field(template, 'name'));
  p.text('template.language.code', field(field(template, 'language'), 'code'));
}

function checkInteractive(p: Problems, interactive: unknown): void {
  if (!isObject(interactive)) return p.add('interactive is missing');
  p.text('interactive.body.text', field(interactive.body, 'text'), LIMITS.interactiveBody);
  if (interactive.footer !== undefined) p.text('interactive.footer.text', field(interactive.footer, 'text'), LIMITS.footer);
  if (field(interactive.header, 'type') === 'text') {
    p.text('interactive.header.text', field(interactive.header, 'text'), LIMITS.headerText);
  }
  if (!isObject(interactive.action)) return p.add('interactive.action is missing');
  if (interactive.type === 'button') checkButtons(p, interactive.action);
  else if (interactive.type === 'list') checkList(p, interactive.action);
  else p.add('interactive.type must be button or list');
}

function checkButtons(p: Problems, action: Json): void {
  const path = 'interactive.action.buttons';
  const buttons = p.items(path, action.buttons, LIMITS.minButtons, LIMITS.maxButtons, 'buttons');
  buttons.forEach((button, i) => {
    if (field(button, 'type') !== 'reply') p.add(`${path}[${i}].type must be "reply"`);
    const reply = field(button, 'reply');
    p.text(`${path}[${i}].reply.id`, field(reply, 'id'), LIMITS.buttonId);
    p.text(`${path}[${i}].reply.title`, field(reply, 'title'), LIMITS.buttonTitle);
  });
  const replies = buttons.map((button, i) => ({ at: `${path}[${i}].reply`, reply: field(button, 'reply') }));
  p.unique(replies.map(({ at, reply }) => ({ path: `${at}.id`, value: field(reply, 'id') })));
  p.unique(replies.map(({ at, reply }) => ({ path: `${at}.title`, value: field(reply, 'title') })));
}

function checkList(p: Problems, action: Json): void {
  p.text('interactive.action.button', action.button, LIMITS.listButton);
  const path = 'interactive.action.sections';
  const sections = p.items(path, action.sections, 1, LIMITS.maxSections, 'sections');
  const rowIds: Array<{ path: string; value: unknown }> = [];
  sections.forEach((section, s) => {
    const title = field(section, 'title');
    // A single section may go untitled; with several, the title is what tells them apart.
    if (sections.length > 1 && title === undefined) p.add(`${path}[${s}].title is required when a list has more than one section`);
    else p.optionalText(`${path}[${s}].title`, title, LIMITS.sectionTitle);
    const rows = p.items(`${path}[${s}].rows`, field(section, 'rows'), 1, Infinity, 'rows');
    rows.forEach((row, r) => {
      const at = `${path}[${s}].rows[${r}]`;
      p.text(`${at}.id`, field(row, 'id'), LIMITS.rowId);
      p.text(`${at}.title`, field(row, 'title'), LIMITS.rowTitle);
      p.optionalText(`${at}.description`, field(row, 'description'), LIMITS.rowDescription);
      rowIds.push({ path: `${at}.id`, value: field(row, 'id') });
    });
  });
  if (rowIds.length > LIMITS.maxRows) p.add(`${path} has ${rowIds.length} rows in all; the limit is ${LIMITS.maxRows}`);
  p.unique(rowIds);
}
