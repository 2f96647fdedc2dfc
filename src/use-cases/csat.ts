import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { ratingQuestion, type CsatAnswer } from '../bot/csat.js';
import type { BotContent } from '../bot/content.js';
import type { StateData } from '../bot/types.js';
import { displayName } from '../bot/names.js';
import type { Executor, Tx } from '../db/client.js';
import { chatSessions, settings, type TemplateRow } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import type { EventBatch } from '../events/bus.js';
import { chatRated, messageCreated } from '../events/payloads.js';
import type { ConversationRow } from '../store/conversations.js';
import { insertOutboundMessages } from '../store/messages.js';
import { findTemplate } from '../store/templates.js';
import { fillPlaceholders, templateShape } from '../whatsapp/template-shape.js';
import type { OutboundMessage } from '../whatsapp/types.js';

/**
 * Asking users how their chat went (CSAT). When a chat ends and CSAT is on, the user gets the rating
 * question (bot/csat.ts) after the closing message. When the 24-hour window has closed (an agent ended
 * the chat a day after the user's last message) a free-form question cannot go: the configured template
 * goes instead, or nothing — and the chat records why (`csat_status = 'skipped'`, `csat_skip_reason`),
 * never a send that WhatsApp would refuse.
 */

/** `GET|PUT /api/admin/settings/csat`. */
export interface CsatSettings {
  enabled: boolean;
  /** An approved template to ask with when the window has closed; its quick replies should read "1"…"5" or ⭐…⭐⭐⭐⭐⭐. */
  template: { name: string; language: string } | null;
}

export const DEFAULT_CSAT: CsatSettings = { enabled: true, template: null };

const KEY = 'csat';

/** Why a chat's rating was not asked (stored in `csat_skip_reason`). */
export const SKIP_REASONS = {
  window_closed: 'The 24-hour window had closed when the chat ended and no CSAT template is configured.',
  template_unavailable: 'The 24-hour window had closed and the configured CSAT template is no longer approved or no longer exists.',
  not_answered: 'No agent answered in the chat, so there was nothing to rate.',
} as const;
export type SkipReason = keyof typeof SKIP_REASONS;

export async function readCsatSettings(db: Executor): Promise<CsatSettings> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY));
  return { ...DEFAULT_CSAT, ...((row?.value ?? {}) as Partial<CsatSettings>) };
}

/** Changes the settings; a template must be approved and fillable without an agent (see `templateProblem`). */
export async function writeCsatSettings(db: Executor, change: Partial<CsatSettings>): Promise<CsatSettings> {
  if (change.template) {
    const template = await findTemplate(db, change.template.name, change.template.language);
    if (!template) {
      throw new DomainError('TEMPLATE_NOT_FOUND', `There is no template ${change.template.name} in ${change.template.language} (sync the templates if it was just approved).`);
    }
    const problem = templateProblem(template);
    if (problem) throw new DomainError('TEMPLATE_NOT_SUITABLE', problem);
  }
  const value = { ...(await readCsatSettings(db)), ...change };
  await db.insert(settings).values({ key: KEY, value }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } });
  return value;
}

/**
 * Why a template cannot ask for ratings on its own, or null: it is sent with no agent to fill it in, so
 * its body may take at most one value (the user's name) and nothing else may need one.
 */
export function templateProblem(template: TemplateRow): string | null {
  const what = `The template ${template.name} (${template.language})`;
  if (template.status !== 'APPROVED') return `${what} is ${template.status.toLowerCase()}: WhatsApp only sends approved templates.`;
  const shape = templateShape(template.components);
  if (shape.body.parameters.length > 1) return `${what} takes ${shape.body.parameters.length} values; a CSAT template may take at most one, the user's name.`;
  if (shape.header && shape.header.format !== 'location' && (shape.header.format !== 'text' || shape.header.parameters.length > 0)) {
    return `${what} has a header that needs a value or a file with each send; a CSAT template is sent without one.`;
  }
  if (shape.buttons.some((button) => button.takesValue)) return `${what} has a button that needs a value with each send.`;
  if (!shape.buttons.some((button) => button.type === 'quick_reply')) {
    return `${what} has no quick-reply buttons to rate with; give it buttons such as "5 ⭐", "4", … "1".`;
  }
  return null;
}

/** What to do about the rating when a chat ends: ask in the chat, ask with the template, skip (and why), or nothing. */
export type RatingPlan =
  | { kind: 'question' }
  | { kind: 'template'; template: TemplateRow }
  | { kind: 'skip'; reason: SkipReason }
  | null;

/**
 * Decided before the chat's end is recorded, so that the conversation's state is written once. A chat no
 * agent answered (the user gave up waiting, or an agent closed it unanswered) is not rated: there is no
 * answer to judge, and the question would only remind the user that nobody came.
 */
export async function planRating(tx: Executor, chatSessionId: string, windowOpen: boolean, agentClosingWords = false): Promise<RatingPlan> {
  const csat = await readCsatSettings(tx);
  if (!csat.enabled) return null;
  if (!agentClosingWords) {
    const [chat] = await tx.select({ firstResponseAt: chatSessions.firstResponseAt }).from(chatSessions).where(eq(chatSessions.id, chatSessionId));
    if (!chat?.firstResponseAt) return { kind: 'skip', reason: 'not_answered' };
  }
  if (windowOpen) return { kind: 'question' };
  if (!csat.template) return { kind: 'skip', reason: 'window_closed' };
  const template = await findTemplate(tx, csat.template.name, csat.template.language);
  if (!template || templateProblem(template) !== null) return { kind: 'skip', reason: 'template_unavailable' };
  return { kind: 'template', template };
}

/**
 * For a decision that ends the chat `chatSessionId`: the plan, and the decision with the question
 * remembered in its state (the user's next answers are read as the rating). An agent who ends the chat
 * with words of their own has answered it (`agentClosingWords`), even if it was their only message.
 */
export async function prepareRating<D extends { stateData: StateData }>(
  tx: Executor,
  decision: D,
  chatSessionId: string,
  windowOpen: boolean,
  agentClosingWords = false,
): Promise<{ decision: D; plan: RatingPlan }> {
  const plan = await planRating(tx, chatSessionId, windowOpen, agentClosingWords);
  if (plan?.kind !== 'question' && plan?.kind !== 'template') return { decision, plan };
  return { decision: { ...decision, stateData: { ...decision.stateData, csat: { chat: chatSessionId, step: 'rating' } } }, plan };
}

/** After the chat's end is recorded: the question (or template) goes out from the bot, and the chat says it was asked or skipped. */
export async function carryOutRating(
  tx: Tx,
  conversation: ConversationRow,
  chatSessionId: string,
  plan: RatingPlan,
  content: BotContent,
  events: EventBatch,
): Promise<void> {
  if (plan === null) return;
  if (plan.kind === 'skip') {
    await tx.update(chatSessions).set({ csatStatus: 'skipped', csatSkipReason: plan.reason }).where(eq(chatSessions.id, chatSessionId));
    return;
  }
  const ask = plan.kind === 'question'
    ? { message: ratingQuestion(content) as OutboundMessage, text: undefined }
    : templateQuestion(plan.template, displayName(conversation, content.fallbackName));
  const [row] = await insertOutboundMessages(tx, [{ conversationId: conversation.id, chatSessionId, sender: 'bot', message: ask.message, text: ask.text }]);
  events.add(messageCreated(conversation, row!, null));
  events.outbox = true;
  await tx.update(chatSessions).set({ csatStatus: 'asked', csatAskedAt: sql`now()` }).where(eq(chatSessions.id, chatSessionId));
}

function templateQuestion(template: TemplateRow, name: string): { message: OutboundMessage; text: string } {
  const shape = templateShape(template.components);
  const parameters = shape.body.parameters.length === 1 ? [name] : [];
  const values = Object.fromEntries(shape.body.parameters.map((key, i) => [key, parameters[i]!]));
  const text = [shape.header?.text ?? null, fillPlaceholders(shape.body.text, values)].filter((part) => part !== null && part !== '').join('\n\n');
  return {
    message: { kind: 'template', name: template.name, language: template.language, parameters, ...(shape.named ? { parameterNames: shape.body.parameters } : {}) },
    text,
  };
}

/**
 * Stores a rating or a comment with the chat it rates (an ended chat of this conversation: an answer to a
 * question of another conversation's chat cannot land here). A second rating replaces the first.
 */
export async function recordRatingAnswer(tx: Tx, conversation: ConversationRow, answer: CsatAnswer, events: EventBatch): Promise<void> {
  const [rated] = await tx
    .update(chatSessions)
    .set({
      csatStatus: 'rated',
      csatSkipReason: null,
      ...(answer.rating !== undefined ? { csatRating: answer.rating, csatRatedAt: sql`now()` } : {}),
      ...(answer.comment !== undefined ? { csatComment: answer.comment } : {}),
    })
    .where(and(eq(chatSessions.id, answer.chatSessionId), eq(chatSessions.conversationId, conversation.id), isNotNull(chatSessions.endedAt)))
    .returning();
  if (!rated || rated.csatRating === null) return;
  events.add(chatRated(conversation, rated.id, { rating: rated.csatRating, comment: rated.csatComment, agentId: rated.assignedAgentId }));
}
