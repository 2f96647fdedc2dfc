import type { GraphTemplate, GraphTemplateParameter } from '../whatsapp/graph-payloads.js';
import { fillPlaceholders, isMediaHeader, templateShape } from '../whatsapp/template-shape.js';
import { metaError } from './payloads.js';
import type { GraphAnswer } from './types.js';

/** A message template as the business's WhatsApp account holds it (Meta's shape, upper-case enums). */
export interface SimulatedTemplate {
  id: string;
  name: string;
  language: string;
  status: 'APPROVED' | 'PAUSED' | 'PENDING' | 'REJECTED';
  category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  components: Array<
    | { type: 'HEADER'; format: 'TEXT'; text: string }
    | { type: 'HEADER'; format: 'IMAGE' | 'VIDEO' | 'DOCUMENT' }
    | { type: 'BODY' | 'FOOTER'; text: string }
    | { type: 'BUTTONS'; buttons: Array<{ type: 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'COPY_CODE'; text: string; url?: string; phone_number?: string }> }
  >;
}

/** The templates the fake account has: a few approved ones, one paused, one waiting for review. */
export const TEMPLATES: readonly SimulatedTemplate[] = [
  {
    id: '1192285398459234',
    name: 'hello_world',
    language: 'en_US',
    status: 'APPROVED',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
      { type: 'BODY', text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta.' },
      { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
    ],
  },
  {
    id: '1192285398459235',
    name: 'ticket_update',
    language: 'en',
    status: 'APPROVED',
    category: 'UTILITY',
    components: [{ type: 'BODY', text: 'Hi {{1}}, there is news about your support request {{2}}. Reply to continue the conversation.' }],
  },
  {
    id: '1192285398459236',
    name: 'ticket_update',
    language: 'es',
    status: 'APPROVED',
    category: 'UTILITY',
    components: [{ type: 'BODY', text: 'Hola {{1}}, hay novedades sobre tu solicitud {{2}}. Responde para continuar la conversación.' }],
  },
  {
    id: '1192285398459237',
    name: 'verification_code',
    language: 'en',
    status: 'APPROVED',
    category: 'AUTHENTICATION',
    components: [{ type: 'BODY', text: '{{1}} is your verification code. For your security, do not share this code.' }],
  },
  {
    id: '1192285398459240',
    name: 'appointment_reminder',
    language: 'en',
    status: 'APPROVED',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Appointment for {{student}}' },
      { type: 'BODY', text: 'Hello {{student}}, you meet {{teacher}} on {{day}}. Tap below to see the details or to change the time.' },
      { type: 'FOOTER', text: 'Reply STOP to opt out' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: 'See details', url: 'https://school.example/appointments/{{1}}' },
          { type: 'QUICK_REPLY', text: 'Change the time' },
        ],
      },
    ],
  },
  {
    id: '1192285398459241',
    name: 'document_ready',
    language: 'en',
    status: 'APPROVED',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'DOCUMENT' },
      { type: 'BODY', text: 'Hi {{1}}, your {{2}} is attached.' },
    ],
  },
  {
    id: '1192285398459242',
    name: 'chat_feedback',
    language: 'en',
    status: 'APPROVED',
    category: 'UTILITY',
    components: [
      { type: 'BODY', text: 'Hi {{1}}, how was your chat with our support team? Tap a rating below.' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: '⭐⭐⭐⭐⭐' },
          { type: 'QUICK_REPLY', text: '⭐⭐⭐⭐' },
          { type: 'QUICK_REPLY', text: '⭐⭐⭐' },
          { type: 'QUICK_REPLY', text: '⭐⭐' },
          { type: 'QUICK_REPLY', text: '⭐' },
        ],
      },
    ],
  },
  {
    id: '1192285398459238',
    name: 'spring_offer',
    language: 'en',
    status: 'PAUSED',
    category: 'MARKETING',
    components: [{ type: 'BODY', text: 'Hi {{1}}, our spring offer ends on Friday.' }],
  },
  {
    id: '1192285398459239',
    name: 'satisfaction_survey',
    language: 'en',
    status: 'PENDING',
    category: 'MARKETING',
    components: [{ type: 'BODY', text: 'How did we do, {{1}}? Reply with a number from 1 to 5.' }],
  },
];

const FIELDS = ['name', 'language', 'status', 'category', 'components'] as const;
const DEFAULT_PAGE_SIZE = 25;

/** `GET /{waba-id}/message_templates`: the requested fields (and always the id), paged by cursor. */
export function listTemplates(query: { fields?: string; limit?: number; after?: string }): GraphAnswer {
  const wanted = query.fields === undefined ? FIELDS : FIELDS.filter((f) => query.fields!.split(',').map((s) => s.trim()).includes(f));
  const start = query.after === undefined ? 0 : decodeCursor(query.after);
  if (start === null) return { status: 400, body: metaError(100, '(#100) Invalid parameter', 'after is not a cursor this endpoint gave') };
  const limit = Math.max(1, Math.min(query.limit ?? DEFAULT_PAGE_SIZE, 100));
  const page = TEMPLATES.slice(start, start + limit);
  const data = page.map((template) => ({ ...Object.fromEntries(wanted.map((f) => [f, template[f]])), id: template.id }));
  const cursors = { before: encodeCursor(start), after: encodeCursor(start + page.length) };
  return { status: 200, body: { data, paging: { cursors, ...(start + limit < TEMPLATES.length ? { next: `?after=${cursors.after}&limit=${limit}` } : {}) } } };
}

/** What the phone shows for a template send: the filled-in header and body, the footer, the header's file. */
export interface RenderedTemplate {
  text: string;
  footer?: string;
  headerMedia?: { type: 'image' | 'video' | 'document'; id?: string; link?: string; filename?: string };
  /** The template's quick-reply buttons: a tap sends a `button` message whose payload is the button's text. */
  quickReplies?: Array<{ id: string; title: string }>;
}

const COUNT_MISMATCH = '(#132000) Number of parameters does not match the expected number of params';

/** The filled-in template, or Meta's refusal (132001, 132015, 132000, 132012, 131062). */
export function renderTemplate(template: GraphTemplate, recipientIsUserId: boolean): RenderedTemplate | { refusal: GraphAnswer } {
  const { name } = template;
  const language = template.language.code;
  const found = TEMPLATES.find((t) => t.name === name && t.language === language);
  if (found === undefined || found.status === 'PENDING' || found.status === 'REJECTED') {
    const details = `template name (${name}) does not exist in ${language}${found === undefined ? '' : ` (it is ${found.status}, not approved)`}`;
    return refuse(132001, '(#132001) Template name does not exist in the translation', details);
  }
  if (found.status === 'PAUSED') return refuse(132015, '(#132015) Template is Paused', `template ${name} is paused because of low quality`);
  if (recipientIsUserId && found.category === 'AUTHENTICATION') {
    return refuse(131062, '(#131062) Business-scoped User ID (BSUID) recipients not supported for this message', 'authentication templates cannot be sent to a user id');
  }
  const shape = templateShape(found.components);
  const given = template.components ?? [];
  const sent = (type: 'header' | 'body') => given.find((c) => c.type === type)?.parameters ?? [];

  // Header: a text header's placeholders, or the file of a media header.
  let headerText: string | null = null;
  let headerMedia: RenderedTemplate['headerMedia'];
  if (shape.header === null || shape.header.format === 'location') {
    if (sent('header').length > 0) return refuse(132000, COUNT_MISMATCH, 'header: this template has no header parameters');
  } else if (isMediaHeader(shape.header.format)) {
    const [parameter] = sent('header');
    if (parameter === undefined) return refuse(132000, COUNT_MISMATCH, `header: a ${shape.header.format} header needs its file with every send`);
    if (parameter.type !== shape.header.format) {
      return refuse(132012, '(#132012) Parameter format does not match format in the created template', `header: expected ${shape.header.format}, got ${parameter.type}`);
    }
    const media = (parameter as Record<string, unknown>)[parameter.type] as { id?: string; link?: string; filename?: string };
    headerMedia = { type: shape.header.format, ...media };
  } else {
    const header = textValues(sent('header'), shape.header.parameters, shape.named, 'header');
    if ('refusal' in header) return header;
    headerText = fillPlaceholders(shape.header.text ?? '', header.values);
  }

  const body = textValues(sent('body'), shape.body.parameters, shape.named, 'body');
  if ('refusal' in body) return body;

  // Buttons: each one that takes a value needs it, under its index.
  const buttons = given.filter((c) => c.type === 'button');
  for (const button of shape.buttons.filter((b) => b.takesValue)) {
    const value = buttons.find((c) => 'index' in c && Number(c.index) === button.index)?.parameters[0];
    if (value === undefined) return refuse(132000, COUNT_MISMATCH, `button at index ${button.index} of type ${button.type} requires a parameter`);
  }
  const stray = buttons.find((c) => 'index' in c && !shape.buttons.some((b) => b.takesValue && b.index === Number(c.index)));
  if (stray !== undefined && 'index' in stray) return refuse(132000, COUNT_MISMATCH, `button at index ${stray.index} takes no parameter`);

  const text = [headerText, fillPlaceholders(shape.body.text, body.values)].filter((part): part is string => part !== null && part !== '').join('\n\n');
  const quickReplies = shape.buttons.filter((b) => b.type === 'quick_reply').map((b) => ({ id: b.text, title: b.text }));
  return {
    text, ...(shape.footer === null ? {} : { footer: shape.footer }), ...(headerMedia === undefined ? {} : { headerMedia }),
    ...(quickReplies.length === 0 ? {} : { quickReplies }),
  };
}

/** A component's text values by placeholder name; Meta's refusal when their number or names do not match. */
function textValues(parameters: GraphTemplateParameter[], expected: string[], named: boolean, kind: 'header' | 'body'): { values: Record<string, string> } | { refusal: GraphAnswer } {
  if (parameters.length !== expected.length) {
    return refuse(132000, COUNT_MISMATCH, `${kind}: number of localizable_params (${parameters.length}) does not match the expected number of params (${expected.length})`);
  }
  const values: Record<string, string> = {};
  for (const [i, parameter] of parameters.entries()) {
    if (parameter.type !== 'text') return refuse(132012, '(#132012) Parameter format does not match format in the created template', `${kind}: parameter ${i + 1} must be text`);
    const key = named ? parameter.parameter_name : expected[i];
    if (key === undefined || !expected.includes(key)) {
      return refuse(132000, COUNT_MISMATCH, `${kind}: ${named ? `parameter_name ${key ?? '(missing)'} is not one of ${expected.join(', ')}` : 'unexpected parameter'}`);
    }
    values[key] = parameter.text;
  }
  return { values };
}

function refuse(code: number, message: string, details: string): { refusal: GraphAnswer } {
  return { refusal: { status: 400, body: metaError(code, message, details) } };
}

const encodeCursor = (index: number) => Buffer.from(String(index)).toString('base64url');

function decodeCursor(cursor: string): number | null {
  const index = Number(Buffer.from(cursor, 'base64url').toString());
  return Number.isInteger(index) && index >= 0 ? index : null;
}
