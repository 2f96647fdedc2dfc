import type { Db } from '../db/client.js';
import type { MessageRow, TemplateComponent, TemplateRow } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import { messageCreated } from '../events/payloads.js';
import type { EventBus } from '../events/bus.js';
import { insertOutboundMessage } from '../store/messages.js';
import { findTemplate, listCachedTemplates, replaceTemplates, type NewTemplate } from '../store/templates.js';
import { inTransaction } from '../store/unit-of-work.js';
import type { ListedTemplate } from '../whatsapp/graph-client.js';
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

/**
 * An agent sends an approved template. Unlike free text it needs neither an open 24-hour window nor an
 * active chat (it is how a business writes first, or again after a day); it does not reopen the window:
 * only the user's reply does.
 */
export async function sendTemplate(
  deps: UseCaseDeps,
  contact: string,
  request: { name: string; language: string; parameters: string[] },
  agent: AgentRef = { id: null },
): Promise<MessageRow> {
  const parameters = request.parameters.map((text) => text.trim());
  return withConversation(deps, contact, async (tx, conversation, events) => {
    const template = await findTemplate(tx, request.name, request.language);
    if (!template) throw new DomainError('TEMPLATE_NOT_FOUND', `There is no template ${request.name} in ${request.language} (sync the templates if it was just approved).`);
    if (template.status !== 'APPROVED') {
      throw new DomainError('TEMPLATE_NOT_APPROVED', `The template ${template.name} (${template.language}) is ${template.status.toLowerCase()}: WhatsApp only sends approved templates.`);
    }
    checkParameters(template, parameters);
    const row = await insertOutboundMessage(tx, {
      conversationId: conversation.id, chatSessionId: conversation.activeChatSessionId, sender: 'agent', agentId: agent.id,
      message: { kind: 'template', name: template.name, language: template.language, parameters },
      text: fillTemplate(template.body, parameters),
    });
    events.add(messageCreated(conversation, row, agent.name ?? null));
    events.outbox = true;
    return row;
  });
}

/** The body with its {{1}}, {{2}}… replaced by the parameters, as the user will read it. */
export function fillTemplate(body: string, parameters: readonly string[]): string {
  return body.replace(/\{\{(\d+)\}\}/g, (placeholder, n: string) => parameters[Number(n) - 1] ?? placeholder);
}

/** How many parameters a body takes: its highest {{n}}. */
export function parameterCount(body: string): number {
  return Math.max(0, ...[...body.matchAll(/\{\{(\d+)\}\}/g)].map((match) => Number(match[1])));
}

// WhatsApp refuses a parameter that is empty, or has a line break, a tab or more than 4 spaces in a row.
function checkParameters(template: TemplateRow, parameters: string[]): void {
  if (parameters.length !== template.parameterCount) {
    throw new DomainError('TEMPLATE_PARAMETERS', `The template ${template.name} takes ${template.parameterCount} parameter${template.parameterCount === 1 ? '' : 's'}; ${parameters.length} given.`);
  }
  parameters.forEach((text, i) => {
    if (text === '') throw new DomainError('TEMPLATE_PARAMETERS', `Parameter ${i + 1} is empty.`);
    if (/[\n\t]| {5}/.test(text)) throw new DomainError('TEMPLATE_PARAMETERS', `Parameter ${i + 1} has a line break, a tab or more than four spaces in a row, which WhatsApp does not allow.`);
  });
}

function cachedTemplate(listed: ListedTemplate): NewTemplate {
  const components: TemplateComponent[] = listed.components;
  const body = components.find((component) => component.type.toUpperCase() === 'BODY')?.text ?? '';
  return {
    name: listed.name, language: listed.language, category: listed.category, status: listed.status.toUpperCase(),
    components, body, parameterCount: parameterCount(body),
  };
}

function uniqueByNameAndLanguage(list: NewTemplate[]): NewTemplate[] {
  return [...new Map(list.map((template) => [`${template.name}\u0000${template.language}`, template])).values()];
}
