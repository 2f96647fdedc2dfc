import { randomUUID } from 'node:crypto';
import { DomainError } from '../domain-error.js';
import { messageCreated } from '../events/payloads.js';
import type { MessageRow } from '../db/schema.js';
import { newMediaKey, type MediaStore } from '../media/store.js';
import { recordAgentResponse } from '../store/chat-sessions.js';
import { updateConversation } from '../store/conversations.js';
import { attachOutboundMedia } from '../store/media.js';
import { insertOutboundMessage } from '../store/messages.js';
import { LIMITS, whatsappLength } from '../whatsapp/limits.js';
import { mediaKindOf, mediaUploadProblem } from '../whatsapp/payload-rules.js';
import { takeIfUnassigned } from './assignment.js';
import { clockOf, withActiveChat, type AgentRef, type UseCaseDeps } from './deps.js';
import { requireOpenWindow } from './message-window.js';
import { quotable } from './support-chats.js';

/** A file an agent sends, received into a temporary file the store takes over. */
export interface AgentFile {
  path: string;
  size: number;
  mimeType: string;
  filename: string;
}

/**
 * An agent sends a picture, a document, a sound or a video in the open chat. Its type and size are checked
 * against WhatsApp's limits before anything is kept; the file is stored, and the message with its outbox
 * row commits with the chat's state. The dispatcher uploads it to WhatsApp (never a public link) and sends
 * it by id, retrying both like any message.
 */
export async function sendAgentMedia(
  deps: UseCaseDeps & { media: MediaStore },
  contact: string,
  file: AgentFile,
  options: { caption?: string; replyTo?: number },
  agent: AgentRef = { id: null },
): Promise<MessageRow> {
  const problem = mediaUploadProblem({ mimeType: file.mimeType, size: file.size });
  if (problem) throw new DomainError(problem.reason === 'type' ? 'MEDIA_TYPE_NOT_ALLOWED' : 'MEDIA_TOO_LARGE', `WhatsApp does not take this file: ${problem.message}.`);
  const kind = mediaKindOf(file.mimeType)!;
  const caption = options.caption?.trim() || undefined;
  if (caption && (kind === 'audio' || kind === 'sticker')) throw new DomainError('MEDIA_TYPE_NOT_ALLOWED', `WhatsApp shows no caption with ${kind === 'audio' ? 'a sound' : 'a sticker'}; send the words as a message.`);
  if (caption && whatsappLength(caption) > LIMITS.caption) throw new DomainError('MESSAGE_TOO_LONG', `The caption is too long: WhatsApp allows ${LIMITS.caption} characters.`);

  const id = randomUUID();
  const key = newMediaKey(id);
  // Kept before the transaction: a message never points at bytes that are not there. A refusal below
  // (the chat ended meanwhile) removes them again.
  await deps.media.put(key, file.path, { contentType: file.mimeType, size: file.size });
  try {
    return await withActiveChat(deps, contact, async (tx, conversation, events) => {
      requireOpenWindow(conversation.lastInboundAt, clockOf(deps));
      const quote = options.replyTo === undefined ? undefined : await quotable(tx, conversation.id, options.replyTo);
      const message = await insertOutboundMessage(tx, {
        conversationId: conversation.id, chatSessionId: conversation.activeChatSessionId, sender: 'agent', agentId: agent.id,
        message: {
          kind: 'media', media: kind, file: id, ...(caption ? { caption } : {}),
          ...(kind === 'document' ? { filename: file.filename } : {}), ...(quote?.wamid ? { replyTo: quote.wamid } : {}),
        },
        quote: quote?.message ?? null,
      });
      const withMedia = await attachOutboundMedia(tx, message, { id, kind, key, mimeType: file.mimeType, filename: file.filename, size: file.size, caption: caption ?? null });
      await recordAgentResponse(tx, conversation.activeChatSessionId);
      // As after an agent's text: the user's next message gets the acknowledgement again.
      await updateConversation(tx, conversation.id, { stateData: { ...conversation.stateData, ackPending: true, answered: true }, resetUnread: true });
      await takeIfUnassigned(tx, conversation, conversation.activeChatSessionId, agent, events);
      events.add(messageCreated(conversation, withMedia, agent.name ?? null));
      events.outbox = true;
      return withMedia;
    });
  } catch (err) {
    await deps.media.delete(key).catch(() => undefined);
    throw err;
  }
}
