import type { GraphTemplate } from '../whatsapp/graph-payloads.js';
import { metaError } from './payloads.js';
import type { GraphAnswer } from './types.js';

/** A message template as the business's WhatsApp account holds it (Meta's shape, upper-case enums). */
export interface SimulatedTemplate {
  id: string;
  name: string;
  language: string;
  status: 'APPROVED' | 'PAUSED' | 'PENDING' | 'REJECTED';
  category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  components: Array<{ type: 'HEADER' | 'BODY' | 'FOOTER'; format?: 'TEXT'; text: string }>;
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

/** The filled-in text of a template send, or Meta's refusal (132001, 132015, 132000, 131062). */
export function renderTemplate(template: GraphTemplate, recipientIsUserId: boolean): { text: string; footer?: string } | { refusal: GraphAnswer } {
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
  const parts: string[] = [];
  let footer: string | undefined;
  for (const component of found.components) {
    if (component.type === 'FOOTER') {
      footer = component.text;
      continue;
    }
    const kind = component.type === 'HEADER' ? 'header' : 'body';
    const given = template.components?.find((c) => c.type === kind)?.parameters ?? [];
    const expected = placeholders(component.text);
    if (given.length !== expected) {
      const details = `${kind}: number of localizable_params (${given.length}) does not match the expected number of params (${expected})`;
      return refuse(132000, '(#132000) Number of parameters does not match the expected number of params', details);
    }
    parts.push(component.text.replace(/\{\{(\d+)\}\}/g, (_, n: string) => given[Number(n) - 1]?.text ?? ''));
  }
  const extra = template.components?.find((c) => (c.type === 'header' || c.type === 'body') && !found.components.some((f) => f.type === c.type.toUpperCase()));
  if (extra !== undefined && extra.parameters.length > 0) {
    return refuse(132000, '(#132000) Number of parameters does not match the expected number of params', `${extra.type}: this template has no ${extra.type} parameters`);
  }
  return { text: parts.join('\n\n'), ...(footer === undefined ? {} : { footer }) };
}

function placeholders(text: string): number {
  return new Set(text.match(/\{\{\d+\}\}/g) ?? []).size;
}

function refuse(code: number, message: string, details: string): { refusal: GraphAnswer } {
  return { refusal: { status: 400, body: metaError(code, message, details) } };
}

const encodeCursor = (index: number) => Buffer.from(String(index)).toString('base64url');

function decodeCursor(cursor: string): number | null {
  const index = Number(Buffer.from(cursor, 'base64url').toString());
  return Number.isInteger(index) && index >= 0 ? index : null;
}
