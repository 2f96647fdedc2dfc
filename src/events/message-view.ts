import type { OfferedChoices } from '../contract/conversations.js';
import type { MessageRow } from '../db/schema.js';
import { asList, field } from '../whatsapp/json-fields.js';
import type { MessageView } from './catalog.js';

/** Where agents fetch an attachment's bytes (GET, authenticated). */
export const mediaUrl = (id: string) => `/api/admin/media/${id}`;

/**
 * A message as the admin API and the inbox's live events show it. `agentName`: the name of the agent who
 * sent it (`m.agentId`), which the caller knows or looks up (`agentNameOf`); null when nobody is named.
 */
export function messageView(m: MessageRow, agentName: string | null): MessageView {
  return {
    id: m.id,
    direction: m.direction,
    sender: m.sender,
    agent_id: m.agentId,
    agent: m.agentId !== null && agentName !== null ? { id: m.agentId, name: agentName } : null,
    type: m.type,
    text: m.text,
    media: m.media ? { ...m.media, url: mediaUrl(m.media.id) } : null,
    timestamp: m.createdAt.toISOString(),
    status: m.status,
    error: m.errorCode !== null || m.errorTitle ? { code: m.errorCode, title: m.errorTitle, detail: m.errorDetail } : null,
    chat_session_id: m.chatSessionId,
    reply_to: m.replyTo,
    reactions: m.reactions,
    location: m.location,
    contacts: m.contacts,
    choices: m.direction === 'outbound' ? choicesOf(m.payload) : null,
  };
}

/** The buttons or list rows a reply offered, read from the OutboundMessage stored as its payload. */
function choicesOf(payload: unknown): OfferedChoices | null {
  const text = (value: unknown, key: string) => {
    const found = field(value, key);
    return typeof found === 'string' ? found : null;
  };
  const item = (value: unknown) => ({ id: text(value, 'id') ?? '', title: text(value, 'title') ?? '', description: text(value, 'description') });
  const kind = field(payload, 'kind');
  if (kind === 'buttons') return { button: null, items: asList(field(payload, 'buttons')).map(item) };
  if (kind === 'list') {
    const rows = asList(field(payload, 'sections')).flatMap((section) => asList(field(section, 'rows')));
    return { button: text(payload, 'button'), items: rows.map(item) };
  }
  return null;
}
