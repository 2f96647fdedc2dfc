import { elapsed } from '../shared/time';
import { displayName, type Conversation, type QueueChat } from './types';

interface Props {
  queue: QueueChat[];
  conversations: Conversation[];
  openPhone: string | null;
  search: string;
  now: Date;
  error: string | null;
  onSearch(text: string): void;
  onOpen(phone: string): void;
}

const matches = (chat: QueueChat, search: string) => {
  const needle = search.trim().toLowerCase();
  return needle === '' || `${chat.name ?? ''} ${chat.phone_number}`.toLowerCase().includes(needle);
};

/**
 * Who is waiting and for how long (active chats, longest waiting first), then everyone else by recent
 * activity. Rows are buttons carrying `data-conversation-row`, which the j/k shortcuts move between.
 */
export function ConversationList({ queue, conversations, openPhone, search, now, error, onSearch, onOpen }: Props) {
  const waiting = queue.filter((chat) => matches(chat, search));
  const activePhones = new Set(queue.map((chat) => chat.phone_number));
  const rest = conversations.filter((c) => !activePhones.has(c.phone_number) && !c.chat_support_active);
  return (
    <nav className="pane list-pane" aria-label="Conversations">
      <div className="list-search">
        <label htmlFor="conversation-search" className="visually-hidden">Search by name or phone</label>
        <input
          id="conversation-search"
          className="input"
          type="search"
          placeholder="Search name or phone  ( / )"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          autoComplete="off"
        />
      </div>
      {error ? <p className="list-error" role="status">Could not refresh: {error}</p> : null}
      <div className="list-scroll">
        <h2 className="list-heading" id="active-heading">Active chats <span className="count">{waiting.length}</span></h2>
        <ul className="rows" aria-labelledby="active-heading">
          {waiting.map((chat) => (
            <li key={chat.chat_session_id}>
              <button type="button" className="row" data-conversation-row aria-current={chat.phone_number === openPhone ? 'true' : undefined} onClick={() => onOpen(chat.phone_number)}>
                <span className="row-top">
                  {chat.unanswered ? <span className="dot" title="Unanswered" aria-label="Unanswered" role="img" /> : null}
                  <span className="row-name">{displayName(chat)}</span>
                  {chat.waiting_since ? (
                    <span className={`row-wait${chat.unanswered ? ' urgent' : ''}`}>waiting {elapsed(chat.waiting_since, now)}</span>
                  ) : (
                    <span className="row-time">answered</span>
                  )}
                </span>
                <span className="row-preview">{chat.last_message?.text ?? 'Chat started'}</span>
              </button>
            </li>
          ))}
          {waiting.length === 0 ? <li className="row-empty">{search ? 'No active chat matches.' : 'Nobody is waiting.'}</li> : null}
        </ul>
        <h2 className="list-heading" id="all-heading">All conversations</h2>
        <ul className="rows" aria-labelledby="all-heading">
          {rest.map((c) => (
            <li key={c.id}>
              <button type="button" className="row" data-conversation-row aria-current={c.phone_number === openPhone ? 'true' : undefined} onClick={() => onOpen(c.phone_number)}>
                <span className="row-top">
                  <span className="row-name">{displayName(c)}</span>
                  {c.unread_count > 0 ? <span className="badge" aria-label={`${c.unread_count} unread`}>{c.unread_count}</span> : null}
                  <span className="row-time">{elapsed(c.updated_at, now)}</span>
                </span>
                <span className="row-preview">{c.last_message?.text ?? 'No messages yet'}</span>
              </button>
            </li>
          ))}
          {rest.length === 0 ? <li className="row-empty">{search ? 'No conversation matches.' : 'No other conversations yet.'}</li> : null}
        </ul>
      </div>
      <p className="shortcuts" aria-hidden="true">j/k move · Enter open · r reply · e end chat · / search</p>
    </nav>
  );
}
