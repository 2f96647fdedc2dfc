import { toGraphPayload, type GraphMediaType } from './graph-payloads.js';
import { field, isObject, type JsonObject } from './json-fields.js';
import { LIMITS, MEDIA_LIMITS, whatsappLength, type MediaKind } from './limits.js';
import type { OutboundMessage } from './types.js';

/**
 * WhatsApp's rules for a request body, checked the way Meta checks them: the Graph API client checks its
 * requests before sending and the simulator checks what it receives, with the same function, so the two
 * can never disagree.
 */

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
  if (body.context !== undefined) p.text('context.message_id', field(body.context, 'message_id'));
  if (body.type === 'text') checkText(p, body.text);
  else if (body.type === 'interactive') checkInteractive(p, body.interactive);
  else if (body.type === 'template') checkTemplate(p, body.template);
  else if (isMediaType(body.type)) checkMedia(p, body.type, body[body.type]);
  else if (body.type === 'reaction') checkReaction(p, body.reaction);
  else p.add(`type must be one of ${MESSAGE_TYPES.join(', ')}, not ${JSON.stringify(body.type) ?? 'missing'}`);
  return p.found;
}

const MEDIA_TYPES: readonly GraphMediaType[] = ['image', 'video', 'audio', 'sticker', 'document'];
const MESSAGE_TYPES = ['text', 'interactive', 'template', ...MEDIA_TYPES, 'reaction'];
const CAPTIONED: ReadonlySet<string> = new Set<GraphMediaType>(['image', 'video', 'document']);

function isMediaType(type: unknown): type is GraphMediaType {
  return MEDIA_TYPES.includes(type as GraphMediaType);
}

/** The kind of media a MIME type is sent as (`image/webp` is a sticker), or null when WhatsApp takes no such file. */
export function mediaKindOf(mimeType: string): MediaKind | null {
  const base = mimeType.split(';')[0]!.trim().toLowerCase();
  const kinds = Object.keys(MEDIA_LIMITS) as MediaKind[];
  return kinds.find((kind) => (MEDIA_LIMITS[kind].mimeTypes as readonly string[]).includes(base)) ?? null;
}

/** Why Meta would refuse to take this file (`POST /{phone-number-id}/media`), or null. */
export function mediaUploadProblem(file: { mimeType: string; size: number; animated?: boolean }): { reason: 'type' | 'size'; message: string } | null {
  const kind = mediaKindOf(file.mimeType);
  if (kind === null) {
    const accepted = Object.values(MEDIA_LIMITS).flatMap((limits) => limits.mimeTypes);
    return { reason: 'type', message: `${file.mimeType || 'a file without a type'} is not supported; WhatsApp takes ${accepted.join(', ')}` };
  }
  const limits: { maxBytes: number; animatedMaxBytes?: number } = MEDIA_LIMITS[kind];
  const maxBytes = file.animated === true ? (limits.animatedMaxBytes ?? limits.maxBytes) : limits.maxBytes;
  if (file.size > maxBytes) return { reason: 'size', message: `${kind} files are limited to ${maxBytes} bytes; this one has ${file.size}` };
  if (file.size === 0) return { reason: 'size', message: 'the file is empty' };
  return null;
}

/** Our own message model checked by the same rules, through the payload it becomes. */
export function validateOutbound(msg: OutboundMessage): string[] {
  return validateGraphPayload(toGraphPayload({ waId: '0', userId: null }, msg));
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

function checkReadReceipt(p: Problems, body: JsonObject): void {
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

const TEMPLATE_COMPONENTS: ReadonlySet<unknown> = new Set(['header', 'body', 'button']);
const TEMPLATE_PARAMETERS: ReadonlySet<unknown> = new Set(['text', 'currency', 'date_time', 'image', 'document', 'video', 'location', 'payload']);

function checkTemplate(p: Problems, template: unknown): void {
  p.text('template.name', field(template, 'name'));
  p.text('template.language.code', field(field(template, 'language'), 'code'));
  const components = field(template, 'components');
  if (components === undefined) return;
  p.items('template.components', components, 0, Infinity, 'components').forEach((component, i) => {
    const at = `template.components[${i}]`;
    if (!TEMPLATE_COMPONENTS.has(field(component, 'type'))) return p.add(`${at}.type must be header, body or button`);
    p.items(`${at}.parameters`, field(component, 'parameters'), 0, Infinity, 'parameters').forEach((parameter, j) => {
      const type = field(parameter, 'type');
      if (!TEMPLATE_PARAMETERS.has(type)) p.add(`${at}.parameters[${j}].type ${JSON.stringify(type) ?? 'is missing'} is not a template parameter type`);
      else if (type === 'text') p.text(`${at}.parameters[${j}].text`, field(parameter, 'text'));
    });
  });
}

function checkMedia(p: Problems, type: GraphMediaType, media: unknown): void {
  if (!isObject(media)) return p.add(`${type} is missing`);
  if ((media.id === undefined) === (media.link === undefined)) p.add(`${type} needs exactly one of id and link`);
  else if (media.id !== undefined) p.text(`${type}.id`, media.id);
  else if (typeof media.link !== 'string' || !/^https?:\/\/\S+$/.test(media.link)) p.add(`${type}.link must be an http(s) URL`);
  if (CAPTIONED.has(type)) p.optionalText(`${type}.caption`, media.caption, LIMITS.caption);
  else if (media.caption !== undefined) p.add(`${type}.caption is not allowed: ${type} messages have no caption`);
  if (type === 'document') p.optionalText('document.filename', media.filename, Infinity);
  else if (media.filename !== undefined) p.add(`${type}.filename is not allowed: only a document has one`);
}

function checkReaction(p: Problems, reaction: unknown): void {
  if (!isObject(reaction)) return p.add('reaction is missing');
  p.text('reaction.message_id', reaction.message_id);
  const { emoji } = reaction;
  if (emoji === undefined) p.add('reaction.emoji is missing (an empty one removes the reaction)');
  else if (typeof emoji !== 'string') p.add('reaction.emoji must be a string');
  else if (emoji !== '' && !isOneEmoji(emoji)) p.add('reaction.emoji must be a single emoji');
}

/** One emoji (a flag, a keycap, skin tones and ZWJ sequences included), as a reaction must be. */
export function isOneEmoji(s: string): boolean {
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)];
  return graphemes.length === 1 && /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u.test(s);
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

function checkButtons(p: Problems, action: JsonObject): void {
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

function checkList(p: Problems, action: JsonObject): void {
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
