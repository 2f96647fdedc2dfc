import type { MessageRow } from '../db/schema.js';
import type { MessageView } from './catalog.js';

/** A message as the admin API and the inbox's live events show it. */
export function messageView(m: MessageRow): MessageView {
  return {
    id: m.id,
    direction: m.direction,
    sender: m.sender,
    agent_id: m.agentId,
    type: m.type,
    text: m.text,
    media: m.media ?? null,
    timestamp: m.createdAt.toISOString(),
    status: m.status,
    error: m.errorCode !== null || m.errorTitle ? { code: m.errorCode, title: m.errorTitle, detail: m.errorDetail } : null,
    chat_session_id: m.chatSessionId,
  };
}
