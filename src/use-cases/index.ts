import type { InboundMessage, InboundStatus } from '../whatsapp/types.js';
import type { MediaStore } from '../media/store.js';
import { sendAgentMedia, type AgentFile } from './agent-media.js';
import { assignChat } from './assignment.js';
import { reactToMessage } from './reactions.js';
import { showTyping, TypingThrottle } from './typing.js';
import type { AgentRef, UseCaseDeps } from './deps.js';
import { receiveMessage, recordDeliveryStatus } from './receive-message.js';
import { endChat, markRead, sendAgentMessage, startChat } from './support-chats.js';
import { sendTemplate } from './templates.js';
import { setConversationStatus } from './conversation-status.js';
import { changeLabel, createLabel, removeLabel, setConversationLabels } from './labels.js';
import { addNote } from './notes.js';

export type { Actor, AgentRef, UseCaseDeps } from './deps.js';

/**
 * Everything wadesk does, as the domain names it, bound to one database and bus. The HTTP routes, the CLI
 * and the service tests call these; each refuses with a `DomainError` (see domain-error.ts), never with an
 * HTTP status.
 */
export function createUseCases(deps: UseCaseDeps & { media: MediaStore }) {
  const typing = new TypingThrottle();
  return {
    /** An agent answers in the active chat. */
    sendAgentMessage: (contact: string, text: string, agent?: AgentRef, replyTo?: number) => sendAgentMessage(deps, contact, text, agent, replyTo),
    /** An agent ends the active chat, with their own closing words or the bot's. */
    endChat: (contact: string, closingText: string | undefined, agent?: Parameters<typeof endChat>[3]) => endChat(deps, contact, closingText, agent),
    /** An agent opens a chat with a user who wrote within 24 hours. */
    startChat: (contact: string, agent?: Parameters<typeof startChat>[2]) => startChat(deps, contact, agent),
    /** The active chat goes to an agent, or to nobody. */
    assignChat: (contact: string, agentId: string | null, actor: Parameters<typeof assignChat>[3]) => assignChat(deps, contact, agentId, actor),
    /** An agent sends a file (a picture, a document…) in the active chat. */
    sendAgentMedia: (contact: string, file: AgentFile, options: { caption?: string; replyTo?: number } = {}, agent?: AgentRef) =>
      sendAgentMedia(deps, contact, file, options, agent),
    /** An agent sends an approved template (also after the 24-hour window). */
    sendTemplate: (contact: string, template: Parameters<typeof sendTemplate>[2], agent?: AgentRef) => sendTemplate(deps, contact, template, agent),
    /** An agent reacts to a message ('' removes their reaction). */
    reactToMessage: (contact: string, messageId: number, emoji: string, agent?: AgentRef) => reactToMessage(deps, contact, messageId, emoji, agent),
    /** An agent is typing: the user sees "typing…" (at most once every 20 s). */
    showTyping: (contact: string) => showTyping(deps, contact, typing),
    /** An agent has seen the conversation. */
    markRead: (contact: string, agent?: AgentRef) => markRead(deps, contact, agent),
    /** An agent moves the conversation: open, pending, snoozed (until a time or the user's next message), resolved. */
    setConversationStatus: (contact: string, request: { status: 'open' | 'pending' | 'snoozed' | 'resolved'; snoozedUntil?: Date }, agent?: AgentRef) =>
      setConversationStatus(deps, contact, request, agent),
    /** An agent writes a private note; @mentions notify. */
    addNote: (contact: string, text: string, agent?: AgentRef) => addNote(deps, contact, text, agent),
    /** Labels: admins create, rename and delete them; agents put them on conversations. */
    createLabel: (request: { name: string; color?: string }) => createLabel(deps, request),
    changeLabel: (id: string, change: { name?: string; color?: string }) => changeLabel(deps, id, change),
    removeLabel: (id: string) => removeLabel(deps, id),
    setConversationLabels: (contact: string, names: string[], agent?: AgentRef) => setConversationLabels(deps, contact, names, agent),
    /** A user's message arrived (false: already stored). */
    receiveMessage: (message: InboundMessage) => receiveMessage(deps, message),
    /** WhatsApp reported a delivery status (false: nothing moved). */
    recordDeliveryStatus: (status: InboundStatus) => recordDeliveryStatus(deps, status),
  };
}

export type UseCases = ReturnType<typeof createUseCases>;
