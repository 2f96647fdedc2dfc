import type { Db, Executor } from '../db/client.js';
import type { MessageRow, TemplateComponent, TemplateRow } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import { messageCreated } from '../events/payloads.js';
import type { EventBus } from '../events/bus.js';
import { findMedia } from '../store/media.js';
import { insertOutboundMessage } from '../store/messages.js';
import { findTemplate, listCachedTemplates, replaceTemplates, type NewTemplate } from '../store/templates.js';
import { inTransaction } from '../store/unit-of-work.js';
import type { ListedTemplate } from '../whatsapp/graph-client.js';
import { fillPlaceholders, placeholdersOf, templateShape, type TemplateShape } from '../whatsapp/template-shape.js';
import type { OutboundTemplate } from '../whatsapp/types.js';
import { withConversation, type AgentRef, type UseCaseDeps } from './deps.js';

/** Where the templates come from: the Graph API client and the WhatsApp Business Account to list. */
export interface TemplateSource {
  graph: { listTemplates(businessAccountId: string): Promise<ListedTemplate[]> };
  businessAccountId: string | null;
}

/**
 * Lists the account's templates from WhatsApp and replaces the cache with them. Without an account id
 * (WHATSAPP_BUSINESS_ACCOUNT_ID unset) there is nothing to list and the cache stays as it is.
 */
export async function syncTemplates(deps: { db: Db; bus: EventBus; now?: () => Date } & TemplateSource): Promise<TemplateRow[]> {
  if (deps.businessAccountId === null) return listCachedTemplates(deps.db);
  const listed = await deps.graph.listTemplates(deps.businessAccountId);
  const syncedAt = deps.now?.() ?? new Date();
  return inTransaction(deps.db, deps.bus, async (tx) => {
    await replaceTemplates(tx, uniqueByNameAndLanguage(listed.map(cachedTemplate)), syncedAt);
    return listCachedTemplates(tx);
  });
}

/** What an agent fills in: the body's values (in order, or by name for a named template), the header's, the buttons'. */
export interface TemplateRequest {
  name: string;
  language: string;
  parameters: string[] | Record<string, string>;
  /** A text header's value, or a media header's file: one stored in wadesk (`media_id`) or an https link WhatsApp fetches. */
  header?: string | { media_id?: string; link?: string; filename?: string };
  /** One value per button that takes one (a URL ending in {{1}}, a copy-code button), in the template's order. */
  buttons?: string[];
}

/**
 * An agent sends an approved template. Unlike free text it needs neither an open 24-hour window nor an
 * active chat (it is how a business writes first, or again after a day); it does not reopen the window:
 * only the user's reply does. Everything WhatsApp would refuse (a value missing, empty or badly formed,
 * a header file of the wrong kind) is refused here first, so nothing doomed reaches the outbox.
 */
export async function sendTemplate(
  deps: UseCaseDeps,
  contact: string,
  request: TemplateRequest,
  agent: AgentRef = { id: null },
): Promise<MessageRow> {
  return withConversation(deps, contact, async (tx, conversation, events) => {
    const template = await findTemplate(tx, request.name, request.language);
    if (!template) throw new DomainError('TEMPLATE_NOT_FOUND', `There is no template ${request.name} in ${request.language} (sync the templates if it was just approved).`);
    if (template.status !== 'APPROVED') {
      throw new DomainError('TEMPLATE_NOT_APPROVED', `The template ${template.name} (${template.language}) is ${template.status.toLowerCase()}: WhatsApp only sends approved templates.`);
    }
    const shape = templateShape(template.components);
    const body = bodyValues(template.name, shape, request.parameters);
    const header = await headerValue(tx, shape, request.header);
    const buttons = buttonValues(shape, request.buttons ?? []);
    const row = await insertOutboundMessage(tx, {
      conversationId: conversation.id, chatSessionId: conversation.activeChatSessionId, sender: 'agent', agentId: agent.id,
      message: {
        kind: 'template', name: template.name, language: template.language, parameters: body,
        ...(shape.named ? { parameterNames: shape.body.parameters } : {}),
        ...(header.value === undefined ? {} : { header: header.value }),
        ...(buttons.length > 0 ? { buttons } : {}),
      },
      text: renderedText(shape, body, header.text),
    });
    events.add(messageCreated(conversation, row, agent.name ?? null));
    events.outbox = true;
    return row;
  });
}

/** The body with its {{1}}, {{2}}… replaced by the parameters, as the user will read it. */
export function fillTemplate(body: string, parameters: readonly string[]): string {
  return fillPlaceholders(body, Object.fromEntries(parameters.map((value, i) => [String(i + 1), value])));
}

/** How many parameters a body takes: its highest {{n}}, or its distinct {{names}}. */
export function parameterCount(body: string): number {
  return placeholdersOf(body).length;
}

/** What the user reads, for the transcript: the header's words and the body, filled in. */
function renderedText(shape: TemplateShape, body: string[], headerText: string | null): string {
  const values = Object.fromEntries(shape.body.parameters.map((name, i) => [name, body[i]!]));
  return [headerText, fillPlaceholders(shape.body.text, values)].filter((part) => part !== null && part !== '').join('\n\n');
}

function bodyValues(name: string, shape: TemplateShape, given: string[] | Record<string, string>): string[] {
  const expected = shape.body.parameters;
  const values = Array.isArray(given)
    ? given.map((text) => text.trim())
    : expected.map((key) => given[key]?.trim() ?? '');
  if (!Array.isArray(given)) {
    const unknown = Object.keys(given).filter((key) => !expected.includes(key));
    if (unknown.length > 0) throw new DomainError('TEMPLATE_PARAMETERS', `The template ${name} has no parameter ${unknown.map((key) => `{{${key}}}`).join(', ')}; it takes ${expected.map((key) => `{{${key}}}`).join(', ') || 'none'}.`);
  }
  if (values.length !== expected.length) {
    throw new DomainError('TEMPLATE_PARAMETERS', `The template ${name} takes ${expected.length} parameter${expected.length === 1 ? '' : 's'}; ${values.length} given.`);
  }
  values.forEach((text, i) => checkValue(text, `Parameter {{${expected[i]}}}`));
  return values;
}

async function headerValue(tx: Executor, shape: TemplateShape, given: TemplateRequest['header']): Promise<{ value?: NonNullable<OutboundTemplate['header']>; text: string | null }> {
  const header = shape.header;
  if (header === null || header.format === 'location' || (header.format === 'text' && header.parameters.length === 0)) {
    if (given !== undefined) throw new DomainError('TEMPLATE_PARAMETERS', 'This template\'s header takes no value.');
    return { text: header?.text ?? null };
  }
  if (header.format === 'text') {
    if (typeof given !== 'string') throw new DomainError('TEMPLATE_PARAMETERS', `The header takes a value for {{${header.parameters[0]}}}.`);
    const text = given.trim();
    checkValue(text, 'The header\'s value');
    const parameterName = shape.named ? header.parameters[0] : undefined;
    return { value: { kind: 'text', text, ...(parameterName === undefined ? {} : { parameterName }) }, text: fillPlaceholders(header.text ?? '', { [header.parameters[0]!]: text }) };
  }
  const kind = header.format;
  if (typeof given !== 'object' || (given.media_id === undefined) === (given.link === undefined)) {
    throw new DomainError('TEMPLATE_PARAMETERS', `The header is a ${kind}: give a file stored in wadesk (media_id) or an https link (link), one of them.`);
  }
  const filename = kind === 'document' ? given.filename?.trim() || undefined : undefined;
  if (given.link !== undefined) {
    if (!isHttpsUrl(given.link)) throw new DomainError('TEMPLATE_PARAMETERS', 'The header\'s link must be an https address WhatsApp can fetch.');
    return { value: { kind: 'media', media: kind, link: given.link, ...(filename ? { filename } : {}) }, text: null };
  }
  const file = await findMedia(tx, given.media_id!);
  if (!file || file.status !== 'stored') throw new DomainError('TEMPLATE_PARAMETERS', `There is no stored file ${given.media_id} to put in the header.`);
  const fileKind = kind === 'document' ? true : file.kind === kind;
  if (!fileKind) throw new DomainError('TEMPLATE_PARAMETERS', `The header is a ${kind}; the file ${file.filename ?? file.id} is a ${file.kind}.`);
  const name = filename ?? (kind === 'document' ? (file.filename ?? undefined) : undefined);
  return { value: { kind: 'media', media: kind, file: file.id, ...(name ? { filename: name } : {}) }, text: null };
}

function buttonValues(shape: TemplateShape, given: string[]): NonNullable<OutboundTemplate['buttons']> {
  const wanted = shape.buttons.filter((button) => button.takesValue);
  if (given.length !== wanted.length) {
    const names = wanted.map((button) => `"${button.text}"`).join(', ');
    throw new DomainError('TEMPLATE_PARAMETERS', wanted.length === 0 ? 'This template\'s buttons take no values.' : `The buttons ${names} take ${wanted.length} value${wanted.length === 1 ? '' : 's'}; ${given.length} given.`);
  }
  return wanted.map((button, i) => {
    const value = given[i]!.trim();
    checkValue(value, `The value of the button "${button.text}"`);
    if (button.type === 'url' && /[\s]/.test(value)) throw new DomainError('TEMPLATE_PARAMETERS', `The value of the button "${button.text}" ends its link: it cannot contain spaces.`);
    return { index: button.index, subType: button.type === 'copy_code' ? 'copy_code' : 'url', value };
  });
}

// WhatsApp refuses a value that is empty, or has a line break, a tab or more than 4 spaces in a row.
function checkValue(text: string, what: string): void {
  if (text === '') throw new DomainError('TEMPLATE_PARAMETERS', `${what} is empty.`);
  if (/[\n\t]| {5}/.test(text)) throw new DomainError('TEMPLATE_PARAMETERS', `${what} has a line break, a tab or more than four spaces in a row, which WhatsApp does not allow.`);
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

function cachedTemplate(listed: ListedTemplate): NewTemplate {
  const components: TemplateComponent[] = listed.components;
  const body = templateShape(components).body.text;
  return {
    name: listed.name, language: listed.language, category: listed.category, status: listed.status.toUpperCase(),
    components, body, parameterCount: parameterCount(body),
  };
}

function uniqueByNameAndLanguage(list: NewTemplate[]): NewTemplate[] {
  return [...new Map(list.map((template) => [`${template.name}\u0000${template.language}`, template])).values()];
}
