import { agentReply, endChat, startChatByAgent } from '../bot/machine.js';
import type { BotContent } from '../bot/content.js';
import type { Db, Tx } from '../db/client.js';
import type { EventBatch, EventBus } from '../events/bus.js';
import { AppError, conflict, notFound } from '../errors.js';
import { lockConversationByPhone, resetUnread, snapshotOf, type ConversationRow } from '../store/conversations.js';
import { assignedAgentOf, assignIfUnassigned, findAssignee, recordAgentResponse } from '../store/chat-sessions.js';
import { inTransaction } from '../store/unit-of-work.js';
import { LIMITS, whatsappLength } from '../whatsapp/outbound.js';
import { applyAssignment, applyDecision } from './apply-decision.js';
import { isWindowOpen } from './window.js';

export interface ChatServiceDeps {
  db: Db;
  bus: EventBus;
  content: BotContent;
  now?: () => Date;
}

export interface AgentRef {
  id: string | null;
  name?: string | null;
}

/** Who asks for an assignment: the role decides whose chats they may move. */
export interface Actor extends AgentRef {
  role: 'admin' | 'agent';
}

const forbidden = (message: string) => new AppError(403, 'FORBIDDEN', message);

/**
 * What agents do to a support chat: answer, end it, start one, assign it. The rules (chat must be active, the
 * 24-hour window must be open) are checked with the conversation row locked, so two agents acting at
 * once are serialised: one ends the chat, the other gets CHAT_NOT_ACTIVE.
 */
export class ChatService {
  constructor(private readonly deps: ChatServiceDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  async sendAgentMessage(phoneNumber: string, text: string, agent: AgentRef = { id: null }): Promise<{ sentAt: Date; messageId: number }> {
    const message = text.trim();
    if (message === '') throw new AppError(400, 'EMPTY_MESSAGE', 'The message is empty.');
    const prefix = this.deps.content.chat.agentPrefix;
    if (whatsappLength(prefix + message) > LIMITS.textBody) {
      throw new AppError(400, 'MESSAGE_TOO_LONG', `The message is too long: WhatsApp allows ${LIMITS.textBody} characters including the "${prefix.trim()}" prefix (${LIMITS.textBody - whatsappLength(prefix)} for your text).`);
    }
    return this.withActiveChat(phoneNumber, async (tx, conversation, events) => {
      this.requireOpenWindow(conversation);
      const { stateData, replies } = agentReply(snapshotOf(conversation), message, this.deps.content);
      const { replies: [row] } = await applyDecision(tx, conversation, { chat: null, replies, stateData }, {
        replySender: 'agent', agentId: agent.id, agentName: agent.name, replyText: message, resetUnread: true,
      }, events);
      const sessionId = conversation.activeChatSessionId!;
      await recordAgentResponse(tx, sessionId);
      if (agent.id && (await assignIfUnassigned(tx, sessionId, agent.id))) {
        events.add('chat.assigned', { conversation_id: conversation.id, phone_number: conversation.phoneNumber, chat_session_id: sessionId, agent_id: agent.id });
      }
      return { sentAt: row!.createdAt, messageId: row!.id };
    });
  }

  /**
   * Ends the chat. When the window has closed the closing message cannot be delivered, so the chat ends
   * without it rather than leaving the user stuck in CHAT_SUPPORT_ACTIVE.
   */
  async endChat(phoneNumber: string, closingText: string | undefined, agent: AgentRef = { id: null }): Promise<{ endedAt: Date; closingSent: boolean }> {
    const closing = closingText?.trim() || undefined;
    if (closing && whatsappLength(closing) > LIMITS.interactiveBody) {
      throw new AppError(400, 'MESSAGE_TOO_LONG', `The closing message is too long: WhatsApp allows ${LIMITS.interactiveBody} characters in a message with buttons.`);
    }
    return this.withActiveChat(phoneNumber, async (tx, conversation, events) => {
      const decision = endChat(snapshotOf(conversation), { closingText: closing }, this.deps.content);
      const closingSent = isWindowOpen(conversation.lastInboundAt, this.now());
      await applyDecision(tx, conversation, { ...decision, replies: closingSent ? decision.replies : [] }, {
        replySender: 'agent', agentId: agent.id, agentName: agent.name, endedBy: 'agent', closingMessage: closing ?? null, resetUnread: true,
      }, events);
      return { endedAt: this.now(), closingSent };
    });
  }

  /** An agent opens a support chat with a user who wrote within the last 24 hours. */
  async startChat(phoneNumber: string, agent: AgentRef = { id: null }): Promise<{ chatSessionId: string }> {
    return inTransaction(this.deps.db, this.deps.bus, async (tx, events) => {
      const conversation = await this.lock(tx, phoneNumber);
      if (conversation.activeChatSessionId) throw conflict('CHAT_ALREADY_ACTIVE', 'A support chat with this user is already active.');
      this.requireOpenWindow(conversation);
      const decision = startChatByAgent(snapshotOf(conversation), this.deps.content);
      const { activeChatSessionId } = await applyDecision(tx, conversation, decision, {
        replySender: 'bot', agentId: agent.id, agentName: agent.name, startedBy: 'agent',
      }, events);
      return { chatSessionId: activeChatSessionId! };
    });
  }

  /**
   * Assigns the active chat to `agentId`, or unassigns it (null). An agent may take an unassigned chat
   * and give back their own; giving a chat to someone else, or taking it from someone, needs the admin
   * role. The current assignee is read under the conversation lock, so two agents pressing "Assign to
   * me" at once are serialised and the second one gets the 403. Assigning to the current assignee
   * changes nothing and writes no note.
   */
  async assign(phoneNumber: string, agentId: string | null, actor: Actor): Promise<{ chatSessionId: string; assignee: { id: string; name: string } | null }> {
    const admin = actor.role === 'admin';
    if (!admin && agentId !== null && agentId !== actor.id) throw forbidden('Only an admin can assign a chat to someone else.');
    return this.withActiveChat(phoneNumber, async (tx, conversation, events) => {
      const chatSessionId = conversation.activeChatSessionId!;
      const target = agentId === null ? null : await findAssignee(tx, agentId);
      if (agentId !== null && !target) throw notFound('No such agent.');
      if (target?.disabled) throw conflict('AGENT_DISABLED', `${target.name} is disabled and cannot be given chats.`);
      const current = await assignedAgentOf(tx, chatSessionId);
      if (!admin && current !== null && current !== actor.id) {
        throw forbidden('The chat is assigned to another agent; only an admin can take it over or unassign it.');
      }
      const assignee = target ? { id: target.id, name: target.name } : null;
      if (current !== (assignee?.id ?? null)) await applyAssignment(tx, conversation, { chatSessionId, assignee, actor }, events);
      return { chatSessionId, assignee };
    });
  }

  /** The agent has seen the conversation: its unread count goes back to zero. */
  async markRead(phoneNumber: string): Promise<void> {
    await inTransaction(this.deps.db, this.deps.bus, async (tx) => {
      const conversation = await this.lock(tx, phoneNumber);
      if (conversation.unreadCount > 0) await resetUnread(tx, conversation.id);
    });
  }

  private async withActiveChat<T>(
    phoneNumber: string,
    work: (tx: Tx, conversation: ConversationRow, events: EventBatch) => Promise<T>,
  ): Promise<T> {
    return inTransaction(this.deps.db, this.deps.bus, async (tx, events) => {
      const conversation = await this.lock(tx, phoneNumber);
      if (conversation.state !== 'CHAT_SUPPORT_ACTIVE' || !conversation.activeChatSessionId) {
        throw conflict('CHAT_NOT_ACTIVE', 'There is no active support chat with this user (it may have been ended already).');
      }
      return work(tx, conversation, events);
    });
  }

  private async lock(tx: Tx, phoneNumber: string): Promise<ConversationRow> {
    const conversation = await lockConversationByPhone(tx, phoneNumber);
    if (!conversation) throw notFound(`No conversation with ${phoneNumber}.`);
    return conversation;
  }

  private requireOpenWindow(conversation: ConversationRow): void {
    if (!isWindowOpen(conversation.lastInboundAt, this.now())) {
      throw conflict(
        'WINDOW_CLOSED',
        'The user last wrote more than 24 hours ago, so WhatsApp only allows an approved template message now; a free-form message cannot be sent until the user writes again.',
      );
    }
  }
}
