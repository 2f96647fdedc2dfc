import { fullTime } from '../shared/time';
import type { ConversationDetail } from '@contract/conversations';
import { NO_NUMBER, STATE_LABELS } from './display';
import { RecentChats } from './RecentChats';

const when = (iso: string | null | undefined) => (iso ? fullTime(iso) : '—');

/** What the agent knows about the person: names, number, chat history at a glance. */
export function ContactPane({ detail, me, onClose }: { detail: ConversationDetail | null; me: string | null; onClose(): void }) {
  const c = detail?.conversation;
  const assignee = detail?.chat?.assigned_agent_id;
  const assignedTo = !assignee ? 'nobody' : assignee === me ? 'you' : (detail?.chat?.assigned_agent_name ?? 'another agent');
  return (
    <aside className="pane contact-pane" aria-labelledby="contact-heading">
      <div className="pane-head">
        <h2 id="contact-heading">Contact</h2>
        <button type="button" className="btn link contact-close" onClick={onClose} aria-label="Close contact details">Close</button>
      </div>
      {c ? (<>
        <dl className="facts">
          <dt>Name</dt><dd>{c.registered_name ?? '—'}</dd>
          <dt>WhatsApp profile</dt><dd>{c.profile_name ?? '—'}</dd>
          <dt>Phone</dt><dd>{c.phone_number ?? NO_NUMBER}</dd>
          {c.username ? (<><dt>Username</dt><dd>@{c.username}</dd></>) : null}
          <dt>State</dt><dd>{STATE_LABELS[c.state]}</dd>
          <dt>Current chat</dt><dd>{detail.chat ? `started ${when(detail.chat.started_at)} by ${detail.chat.started_by}` : 'none'}</dd>
          {detail.chat ? (<><dt>Assigned to</dt><dd>{assignedTo}</dd><dt>First answer</dt><dd>{when(detail.chat.first_response_at)}</dd></>) : null}
          <dt>Past chats</dt><dd>{detail.past_chats}</dd>
          <dt>Last message from them</dt><dd>{when(c.last_inbound_at)}</dd>
        </dl>
        <RecentChats chats={detail.recent_chats} me={me} />
      </>) : (
        <p className="muted pad">Open a conversation to see the contact.</p>
      )}
    </aside>
  );
}
