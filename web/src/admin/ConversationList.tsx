import { elapsed } from '../shared/time';
import { chatAddress, type Sections } from './sections';
import type { ReactNode } from 'react';
import type { ConversationItem, Preview, QueueChat } from '@contract/conversations';
import { displayName } from './display';
import { MOD_KEY } from './keys';
import type { ListFilter } from './client';
import type { LabelItem, ViewCounts } from '@contract/team';
import { LabelChips } from './team-display';
import { STATUS_NAMES } from './team';

interface Props {
  sections: Sections;
  /** The signed-in agent's id (null for the bootstrap token, which has no chats of its own). */
  me: string | null;
  openPhone: string | null;
  search: string;
  now: Date;
  error: string | null;
  onSearch(text: string): void;
  onOpen(phone: string): void;
  filter: ListFilter;
  onFilter(filter: ListFilter): void;
  /** The conversations in the chosen view; null when none is chosen (the sections show). */
  view: ConversationItem[] | null;
  labels: LabelItem[];
  /** How many conversations each view holds, once known. */
  counts: ViewCounts | null;
  /** "Grace is viewing" for a conversation (by id), when a colleague is in it. */
  presenceOf(conversationId: string): string | null;
}

interface RowProps<T> {
  item: T;
  openPhone: string | null;
  now: Date;
  onOpen(phone: string): void;
  labels: LabelItem[];
  presenceOf(conversationId: string): string | null;
}

/**
 * A row opens its conversation (focus stays on the row); the j/k shortcuts move between rows by
 * `data-conversation-row`, which holds the row's address. A contact known only by username has no number:
 * it is opened by its conversation id, which the API takes too.
 */
function Row({ phone, openPhone, onOpen, children }: { phone: string; openPhone: string | null; onOpen(phone: string): void; children: ReactNode }) {
  return (
    <button type="button" className="row" data-conversation-row={phone} aria-current={phone === openPhone ? 'true' : undefined} onClick={() => onOpen(phone)}>
      {children}
    </button>
  );
}

/** The user's last words, or the agent's last reply with who wrote it ("You: …", "Grace: …"). */
function PreviewLine({ preview, me, empty }: { preview: Preview; me: string | null; empty: string }) {
  if (!preview) return <span className="row-preview">{empty}</span>;
  const who = preview.sender === 'user' ? null : preview.agent?.id === me && me !== null ? 'You' : preview.agent?.name ?? 'Agent';
  return (
    <span className="row-preview">
      {who ? <span className="row-preview-who">{who}: </span> : null}
      {preview.text}
    </span>
  );
}

/**
 * An active chat: unanswered dot, how long it has waited, and whose it is: someone else's says who, mine
 * says "yours" where mine and nobody's stand together (Waiting; under Mine it goes without saying).
 */
function ChatRow({ item: chat, me, openPhone, now, onOpen, labels, presenceOf, markMine = false }: RowProps<QueueChat> & { me: string | null; markMine?: boolean }) {
  const yours = markMine && me !== null && chat.assigned_agent_id === me;
  return (
    <Row phone={chatAddress(chat)} openPhone={openPhone} onOpen={onOpen}>
      <span className="row-top">
        {chat.unanswered ? <span className="dot" title="Unanswered" aria-label="Unanswered" role="img" /> : null}
        <span className="row-name">{displayName(chat)}</span>
        {yours ? <span className="mine-tag" title="Assigned to you">yours</span> : null}
        {chat.waiting_since ? (
          <span className={`row-wait${chat.unanswered && chat.status !== 'snoozed' ? ' urgent' : ''}`}>waiting {elapsed(chat.waiting_since, now)}</span>
        ) : (
          <span className="row-time">answered</span>
        )}
      </span>
      <RowAssignee item={chat} me={me} />
      <RowPresence text={presenceOf(chat.conversation_id)} />
      <PreviewLine preview={chat.preview} me={me} empty="Chat started" />
      <RowTags status={chat.status} names={chat.labels} labels={labels} />
    </Row>
  );
}

/** A conversation the bot has: unread count and last activity. */
function ConversationRow({ item: c, me, openPhone, now, onOpen, labels, presenceOf }: RowProps<ConversationItem> & { me: string | null }) {
  return (
    <Row phone={c.phone_number ?? c.id} openPhone={openPhone} onOpen={onOpen}>
      <span className="row-top">
        <span className="row-name">{displayName(c)}</span>
        {me !== null && c.assigned_agent_id === me ? <span className="mine-tag" title="Assigned to you">yours</span> : null}
        {c.unread_count > 0 ? <span className="badge" aria-label={`${c.unread_count} unread`}>{c.unread_count}</span> : null}
        <span className="row-time">{elapsed(c.updated_at, now)}</span>
      </span>
      <RowAssignee item={c} me={me} />
      <RowPresence text={presenceOf(c.id)} />
      <PreviewLine preview={c.preview} me={me} empty={c.last_message ? 'No words from the user yet' : 'No messages yet'} />
      <RowTags status={c.status} names={c.labels} labels={labels} />
    </Row>
  );
}

/** "assigned to Grace" on a row whose chat a colleague holds. */
function RowAssignee({ item, me }: { item: { assigned_agent_id: string | null; assigned_agent_name: string | null }; me: string | null }) {
  if (item.assigned_agent_id === null || item.assigned_agent_id === me) return null;
  return <span className="row-assignee">assigned to {item.assigned_agent_name ?? 'another agent'}</span>;
}

function RowPresence({ text }: { text: string | null }) {
  return text ? <span className="row-presence">{text}</span> : null;
}

/** A snoozed or resolved conversation says so; its labels as chips. Nothing for the usual open/pending. */
function RowTags({ status, names, labels }: { status: ConversationItem['status']; names: string[]; labels: LabelItem[] }) {
  const marked = status === 'snoozed' || status === 'resolved';
  if (!marked && names.length === 0) return null;
  return (
    <span className="row-tags">
      {marked ? <span className={`status-tag status-${status}`}>{STATUS_NAMES[status]}</span> : null}
      <LabelChips names={names} labels={labels} />
    </span>
  );
}

/** A view's name with how many conversations it holds, "Open (3)", once the count is known. */
const counted = (name: string, count: number | undefined) => (count === undefined ? name : `${name} (${count})`);

/**
 * Status, assignee and label: any of them chosen shows one flat list of what matches. Each choice says how
 * many conversations it holds on its own (the list shows what matches all of them).
 */
function Filters({ filter, onFilter, labels, me, counts }: { filter: ListFilter; onFilter(filter: ListFilter): void; labels: LabelItem[]; me: string | null; counts: ViewCounts | null }) {
  const set = (key: keyof ListFilter) => (value: string) => onFilter({ ...filter, [key]: value || undefined });
  return (
    <div className="list-filters" role="group" aria-label="View">
      <select className="input" aria-label="Status" value={filter.status ?? ''} onChange={(e) => set('status')(e.target.value)}>
        <option value="">Any status</option>
        {(['open', 'pending', 'snoozed', 'resolved'] as const).map((s) => <option key={s} value={s}>{counted(STATUS_NAMES[s], counts?.status[s])}</option>)}
      </select>
      <select className="input" aria-label="Assignee" value={filter.assignee ?? ''} onChange={(e) => set('assignee')(e.target.value)}>
        <option value="">Anyone</option>
        {me ? <option value="me">{counted('Mine', counts?.mine)}</option> : null}
        <option value="none">{counted('Unassigned', counts?.unassigned)}</option>
      </select>
      <select className="input label-filter" aria-label="Label" value={filter.label ?? ''} onChange={(e) => set('label')(e.target.value)}>
        <option value="">Any label</option>
        {labels.map((l) => <option key={l.id} value={l.name}>{counted(l.name, counts?.labels[l.name])}</option>)}
      </select>
    </div>
  );
}

/**
 * Waiting (unanswered chats that are nobody's or mine, longest waiting first), Mine, then All. Rows are
 * buttons carrying `data-conversation-row`, which the j/k shortcuts move between in that order.
 */
export function ConversationList({ sections, me, openPhone, search, now, error, onSearch, onOpen, filter, onFilter, view, labels, counts, presenceOf }: Props) {
  const { waiting, mine, otherActive, rest } = sections;
  const row = { openPhone, now, onOpen, me, labels, presenceOf };
  const mineEmpty = search ? 'No chat of yours matches.'
    : waiting.some((c) => c.assigned_agent_id === me) ? 'Nothing else is assigned to you.' : 'No chat is assigned to you.';
  return (
    <nav className="pane list-pane" aria-label="Conversations">
      <div className="list-search">
        <label htmlFor="conversation-search" className="visually-hidden">Search names, numbers and messages</label>
        <input
          id="conversation-search"
          className="input"
          type="search"
          placeholder="Search names, numbers, words  ( / )"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          autoComplete="off"
        />
        <Filters filter={filter} onFilter={onFilter} labels={labels} me={me} counts={counts} />
      </div>
      {error ? <p className="list-error" role="status">Could not refresh: {error}</p> : null}
      {view ? (
        <div className="list-scroll">
          <h2 className="list-heading">In this view <span className="count">{view.length}</span></h2>
          <ul className="rows" aria-label="Conversations in this view">
            {view.map((c) => <li key={c.id}><ConversationRow item={c} {...row} /></li>)}
            {view.length === 0 ? <li className="row-empty">No conversation in this view.</li> : null}
          </ul>
        </div>
      ) : (
      <div className="list-scroll">
        <h2 className="list-heading">Waiting <span className="count">{waiting.length}</span></h2>
        <ul className="rows" aria-label="Active chats waiting for an answer">
          {waiting.map((chat) => <li key={chat.chat_session_id}><ChatRow item={chat} {...row} markMine /></li>)}
          {waiting.length === 0 ? <li className="row-empty">{search ? 'No waiting chat matches.' : 'Nobody is waiting.'}</li> : null}
        </ul>
        {mine ? (
          <>
            <h2 className="list-heading">Mine <span className="count">{mine.length}</span></h2>
            <ul className="rows" aria-label="Chats assigned to me">
              {mine.map((chat) => <li key={chat.chat_session_id}><ChatRow item={chat} {...row} /></li>)}
              {mine.length === 0 ? <li className="row-empty">{mineEmpty}</li> : null}
            </ul>
          </>
        ) : null}
        <h2 className="list-heading">All</h2>
        <ul className="rows" aria-label="All conversations">
          {otherActive.map((chat) => <li key={chat.chat_session_id}><ChatRow item={chat} {...row} /></li>)}
          {rest.map((c) => <li key={c.id}><ConversationRow item={c} {...row} /></li>)}
          {otherActive.length + rest.length === 0 ? <li className="row-empty">{search ? 'No conversation matches.' : 'No other conversations yet.'}</li> : null}
        </ul>
      </div>
      )}
      <p className="shortcuts" aria-hidden="true">j/k move · Enter open · r reply{me ? ' · a assign to me' : ''} · e end chat · / search · ? keys · {MOD_KEY} K commands</p>
    </nav>
  );
}
