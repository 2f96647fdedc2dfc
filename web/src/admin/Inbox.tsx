import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNow } from '../shared/useNow';
import { useStartChat } from './actions';
import { useAssignment } from './assignment';
import { ContactPane } from './ContactPane';
import { ConversationList } from './ConversationList';
import { ConversationView } from './ConversationView';
import { EndChatDialog } from './EndChatDialog';
import { LiveCache } from './live-cache';
import { useConversation } from './useConversation';
import { useEventStream } from './useEventStream';
import { useLists } from './useLists';
import { sectionsFor } from './sections';
import { useOpenPhone } from './useRoute';
import { useShortcuts } from './useShortcuts';
import { useWaitingAlerts } from './useWaitingAlerts';
import type { Me } from '@contract/auth';
import { displayName } from './display';

interface Props {
  agent: Me;
  onLogout(): void;
  /** The event stream was refused: the session may have ended. */
  onSessionCheck(): void;
}

/** Three panes (list, conversation, contact), kept live by the event stream (applied to the query cache). */
export function Inbox({ agent, onLogout, onSessionCheck }: Props) {
  const [search, setSearch] = useState('');
  const [phone, openPhone] = useOpenPhone();
  const [ending, setEnding] = useState(false);
  const [contactOpen, setContactOpen] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const replyRef = useRef<HTMLTextAreaElement>(null);
  const now = useNow(30_000);
  const lists = useLists(search);
  const open = useConversation(phone);
  // While searching, the server's answer says which chats match (by name, number or what was written). An
  // answer to an earlier search counts only while the new one narrows it (more letters typed), so a row
  // does not blink out between keystrokes, nor linger after a different search.
  const found = useMemo(() => {
    const typed = search.trim();
    const answered = lists.answered.trim();
    return typed && answered && typed.toLowerCase().startsWith(answered.toLowerCase()) ? new Set(lists.conversations.map((c) => c.id)) : null;
  }, [search, lists.answered, lists.conversations]);
  const sections = useMemo(() => sectionsFor(lists.queue, lists.conversations, agent.id, search, found), [lists.queue, lists.conversations, agent.id, search, found]);
  // The tab title counts what is waiting for this agent (nobody's or theirs), as the list does.
  const waitingForMe = useMemo(() => sectionsFor(lists.queue, [], agent.id, '', null).waiting, [lists.queue, agent.id]);
  const alerts = useWaitingAlerts(waitingForMe);
  const assignment = useAssignment({
    agent, phone, detail: open.detail, onError: setActionError,
    // Taking a chat is for answering it.
    onTaken: () => replyRef.current?.focus(),
  });

  const queryClient = useQueryClient();
  const [live] = useState(() => new LiveCache(queryClient));
  useEffect(() => () => live.dispose(), [live]);
  const connection = useEventStream({
    onEvent: (event) => live.apply(event),
    onReconnect: () => live.resync(),
    onRefused: onSessionCheck,
  });

  const active = open.detail?.conversation.chat_support_active ?? false;
  useShortcuts({
    focusReply: () => replyRef.current?.focus(),
    endChat: () => active && setEnding(true),
    assignToMe: () => void assignment.take(),
    focusSearch: () => document.getElementById('conversation-search')?.focus(),
  });

  const start = useStartChat();
  const startChat = async () => {
    if (!phone) return;
    setActionError(null);
    try {
      await start.mutateAsync(phone);
      replyRef.current?.focus();
    } catch (err) {
      setActionError((err as Error).message);
    }
  };

  const windowOpen = !!open.detail?.conversation.window_closes_at && new Date(open.detail.conversation.window_closes_at) > new Date();
  return (
    <div className={`inbox${phone ? ' has-open' : ''}${contactOpen ? ' contact-open' : ''}`}>
      <header className="topbar">
        <span className="brand">wadesk</span>
        {connection === 'reconnecting' ? <span className="banner" role="status">Reconnecting…</span> : null}
        <span className="spacer" />
        {alerts.permission === 'default' ? (
          <button type="button" className="btn link" onClick={alerts.askPermission}>Notify me of new chats</button>
        ) : null}
        <span className="muted who">{agent.name}</span>
        <button type="button" className="btn" onClick={onLogout}>Sign out</button>
      </header>
      {actionError ? <p className="alert action-error" role="alert">{actionError}</p> : null}
      <div className="panes">
        <ConversationList
          sections={sections}
          me={agent.id}
          openPhone={phone}
          search={search}
          now={now}
          error={lists.error}
          onSearch={setSearch}
          onOpen={openPhone}
        />
        {phone ? (
          <ConversationView
            key={phone}
            phone={phone}
            me={agent.id}
            open={open}
            assignment={assignment}
            now={now}
            replyRef={replyRef}
            onBack={() => openPhone(null)}
            onEndChat={() => setEnding(true)}
            onStartChat={() => void startChat()}
            onToggleContact={() => setContactOpen((v) => !v)}
          />
        ) : (
          <main className="pane conversation-pane empty" aria-label="No conversation open">
            <p className="muted">Choose a conversation. Chats waiting longest are at the top.</p>
            <p className="muted help">
              Keys: j/k move · Enter opens · r reply{agent.id ? ' · a assign to me' : ''} · e end chat · / search · in the messages ↑/↓ move, r quotes
            </p>
          </main>
        )}
        <ContactPane detail={open.detail} me={agent.id} onClose={() => setContactOpen(false)} />
      </div>
      {ending && phone && open.detail ? (
        <EndChatDialog
          phone={phone}
          name={displayName(open.detail.conversation)}
          windowOpen={windowOpen}
          onClose={() => {
            setEnding(false);
            replyRef.current?.focus();
          }}
          onEnded={() => setEnding(false)}
        />
      ) : null}
    </div>
  );
}
