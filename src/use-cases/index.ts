import type { InboundMessage, InboundStatus } from '../whatsapp/types.js';
import { assignChat } from './assignment.js';
import type { UseCaseDeps } from './deps.js';
import { receiveMessage, recordDeliveryStatus } from './receive-message.js';
import { endChat, markRead, sendAgentMessage, startChat } from './support-chats.js';

export type { Actor, AgentRef, UseCaseDeps } from './deps.js';

/**
 * Everything wadesk does, as the domain names it, bound to one database and bus. The HTTP routes, the CLI
 * and the service tests call these; each refuses with a `DomainError` (see domain-error.ts), never with an
 * HTTP status.
 */
export function createUseCases(deps: UseCaseDeps) {
  return {
    /** An agent answers in the active chat. */
    sendAgentMessage: (phoneNumber: string, text: string, agent?: Parameters<typeof sendAgentMessage>[3]) => sendAgentMessage(deps, phoneNumber, text, agent),
    /** An agent ends the active chat, with their own closing words or the bot's. */
    endChat: (phoneNumber: string, closingText: string | undefined, agent?: Parameters<typeof endChat>[3]) => endChat(deps, phoneNumber, closingText, agent),
    /** An agent opens a chat with a user who wrote within 24 hours. */
    startChat: (phoneNumber: string, agent?: Parameters<typeof startChat>[2]) => startChat(deps, phoneNumber, agent),
    /** The active chat goes to an agent, or to nobody. */
    assignChat: (phoneNumber: string, agentId: string | null, actor: Parameters<typeof assignChat>[3]) => assignChat(deps, phoneNumber, agentId, actor),
    /** An agent has seen the conversation. */
    markRead: (phoneNumber: string) => markRead(deps, phoneNumber),
    /** A user's message arrived (false: already stored). */
    receiveMessage: (message: InboundMessage) => receiveMessage(deps, message),
    /** WhatsApp reported a delivery status (false: nothing moved). */
    recordDeliveryStatus: (status: InboundStatus) => recordDeliveryStatus(deps, status),
  };
}

export type UseCases = ReturnType<typeof createUseCases>;
