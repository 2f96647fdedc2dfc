import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useNow } from '../shared/useNow';
import { useStartChat } from './actions';
import { useAssignment } from './assignment';
import { CommandPalette } from './CommandPalette';
import { inboxCommands } from './commands';
import { ContactPane } from './ContactPane';
import { ConversationList } from './ConversationList';
import { ConversationView } from './ConversationView';
import { EndChatDialog } from './EndChatDialog';
import { MOD_KEY } from './keys';
import { LiveCache } from './live-cache';
import { ShortcutsDialog } from './ShortcutsDialog';
import { useConversation } from './useConversation';
import { useEventStream } from './useEventStream';
import { useLists } from './useLists';
import { chatAddress, sectionsFor } from './sections';
import { ANALYTICS_PATH, inPage, settingsPath, useOpenPhone } from './useRoute';
import { useShortcuts } from './useShortcuts';
import { useWaitingAlerts } from './useWaitingAlerts';
import type { Me } from '@contract/auth';
import { displayName } from './display';
import type { ListFilter } from './client';
import { countsQuery, labelsQuery, teamQuery } from './inbox-queries';
import type { ComposeMode } from './ReplyBox';
import { NotificationsBell } from './NotificationsBell';
import { AvailabilityToggle } from './AvailabilityToggle';
import { BusinessHoursBadge } from './BusinessHoursBadge';
import { presenceLine, PresenceStore, useAnnouncePresence, useColleagues } from './presence';
import { useStatusActions } from './useStatusActions';
import { SNOOZE_CHOICES } from './team';
import { EXPORT_CHOICES, startExport } from './export-links';
import { sectionsFor as settingsSectionsFor } from './settings/sections';

interface Props {
  agent: Me;
  onLogout(): void;
  /** The event stream was refused: the session may have ended. */
  onSessionCheck(): void;
  /** The settings, at one page (`business-hours`…) or the first. */
  onOpenSettings(section?: string): void;
  onOpenAnalytics(): void;
  /** My availability changed from the header. */
  onProfileChanged(agent: Me): void;
}

/** What is shown over the inbox: the end-chat confirmation, the `?` list of keys, the command palette. */
type Overlay = 'end-chat' | 'shortcuts' | 'palette' | null;

/** A chat's row in the list, when it is on screen (on a phone the list hides while a chat is open). */
const rowOf = (phone: string) => {
  const row = document.querySelector<HTMLElement>(`[data-conversation-row="${CSS.escape(phone)}"]`);
  return row && row.getClientRects().length > 0 ? row : null;
};
const messageLog = () => document.querySelector<HTMLElement>('.conversation-pane [role="log"]');

/** Three panes (list, conversation, contact), kept live by the event stream (applied to the query cache). */
export function Inbox({ agent, onLogout, onSessionCheck, onOpenSettings, onOpenAnalytics, onProfileChanged }: Props) {
  const [search, setSearch] = useState('');
  const [phone, openPhone] = useOpenPhone();
  const [overlay, setOverlay] = useState<Overlay>(null);
  const [contactOpen, setContactOpen] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const replyRef = useRef<HTMLTextAreaElement>(null);
  const now = useNow(30_000);
  const [filter, setFilter] = useState<ListFilter>({});
  const lists = useLists(search, filter);
  const labels = useQuery(labelsQuery).data?.labels ?? [];
  // Beside each view's name in the chooser; the live events that move conversations between views refetch it.
  const counts = useQuery(countsQuery).data ?? null;
  // Every agent may read the team (active agents with their @mention handle): the note box's picker. It is
  // read again whenever a note is started, so a colleague added since the page loaded is there too.
  const mentionable = useQuery(teamQuery).data?.members ?? null;
  // Reply or Note, per open chat: another chat starts as a reply.
  const [compose, setCompose] = useState<{ phone: string | null; mode: ComposeMode }>({ phone: null, mode: 'reply' });
  const mode: ComposeMode = compose.phone === phone ? compose.mode : 'reply';
  const setMode = (next: ComposeMode) => {
    if (next === 'note') void queryClient.invalidateQueries({ queryKey: teamQuery.queryKey });
    setCompose({ phone, mode: next });
  };
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
  const assignment = useAssignment({ agent, phone, detail: open.detail, onError: setActionError });

  const queryClient = useQueryClient();
  const [live] = useState(() => new LiveCache(queryClient));
  useEffect(() => () => live.dispose(), [live]);
  const [presence] = useState(() => new PresenceStore(agent.id));
  useEffect(() => () => presence.dispose(), [presence]);
  useAnnouncePresence(agent.id ? phone : null);
  const connection = useEventStream({
    onEvent: (event) => {
      live.apply(event);
      if (event.name === 'presence') presence.apply(event.data);
      // A mention, with the permission asked for new chats: a browser notification while the tab is in the background.
      if (event.name === 'notification.created' && alerts.permission === 'granted' && document.visibilityState !== 'visible') {
        const n = event.data.notification;
        new Notification(`${n.actor_name ?? 'A colleague'} mentioned you`, { body: n.text ?? '', tag: `mention-${n.id}` });
      }
    },
    onReconnect: () => live.resync(),
    onRefused: onSessionCheck,
  });

  const c = open.detail?.conversation ?? null;
  const colleagues = useColleagues(presence, c?.id ?? null);
  const active = c?.chat_support_active ?? false;
  const windowOpen = !!c?.window_closes_at && new Date(c.window_closes_at) > new Date();

  /** Opens a chat without putting focus in its reply box (only `r` does): on its row, else on its messages. */
  const openConversation = (next: string) => {
    flushSync(() => openPhone(next));
    (rowOf(next) ?? messageLog())?.focus();
  };
  /** Back to the list, on the row of the chat that was open (or the first row). */
  const goToList = () => {
    const was = phone;
    flushSync(() => openPhone(null));
    ((was ? rowOf(was) : null) ?? document.querySelector<HTMLElement>('[data-conversation-row]'))?.focus();
  };
  const othersWaiting = waitingForMe.filter((chat) => chatAddress(chat) !== phone).length;
  const stepWaiting = (step: 1 | -1) => {
    if (othersWaiting === 0) return;
    const at = waitingForMe.findIndex((chat) => chatAddress(chat) === phone);
    const next = at < 0 ? (step === 1 ? waitingForMe[0] : waitingForMe.at(-1)) : waitingForMe[(at + step + waitingForMe.length) % waitingForMe.length];
    if (next) openConversation(chatAddress(next));
  };
  const focusSearch = () => document.getElementById('conversation-search')?.focus();
  // By id, not the ref: what the commands call must not read a ref while the inbox renders.
  const focusReply = () => document.getElementById('reply-text')?.focus();
  // `r` and the palette's "Reply to …" mean a reply: from the Note tab they switch back (the note's draft stays).
  const startReply = () => {
    flushSync(() => setMode('reply'));
    focusReply();
  };
  const endChat = () => {
    if (active) setOverlay('end-chat');
  };
  const status = useStatusActions(phone, c, endChat, setActionError);

  useShortcuts({
    focusReply: startReply,
    endChat,
    assignToMe: () => void assignment.take(),
    focusSearch,
    showShortcuts: () => setOverlay('shortcuts'),
    openPalette: () => setOverlay('palette'),
    closeChat: () => {
      if (phone) goToList();
    },
    leaveField: () => messageLog()?.focus(),
  });

  const commands = inboxCommands({
    openName: c ? displayName(c) : null,
    canReply: active && windowOpen,
    canEnd: active,
    canTake: assignment.canTake,
    othersWaiting,
    focusReply: startReply,
    endChat,
    assignToMe: () => void assignment.take(),
    nextWaiting: () => stepWaiting(1),
    previousWaiting: () => stepWaiting(-1),
    goToList,
    focusSearch,
    showShortcuts: () => setOverlay('shortcuts'),
    signOut: onLogout,
    openAnalytics: onOpenAnalytics,
    settingsPages: settingsSectionsFor(agent).map((section) => ({ id: section.id, label: section.label, open: () => onOpenSettings(section.id) })),
    writeNote: () => {
      flushSync(() => setMode('note'));
      focusReply();
    },
    canResolve: status.canResolve,
    canReopen: status.canReopen,
    canSnooze: status.canSnooze,
    resolve: status.resolve,
    reopen: status.reopen,
    snoozeChoices: SNOOZE_CHOICES.map(({ choice, title }) => ({ choice, title, run: () => status.snooze(choice) })),
    exportChoices: phone ? EXPORT_CHOICES.map(({ format, command }) => ({ format, title: command, run: () => startExport(phone, format) })) : [],
    showView: (view: ListFilter) => {
      setFilter(view);
      if (phone) goToList();
    },
  });

  const start = useStartChat();
  const startChat = async () => {
    if (!phone) return;
    setActionError(null);
    try {
      await start.mutateAsync(phone);
      // Started from its button, to answer: the reply box is what comes next.
      replyRef.current?.focus();
    } catch (err) {
      setActionError((err as Error).message);
    }
  };

  return (
    <div className={`inbox${phone ? ' has-open' : ''}${contactOpen ? ' contact-open' : ''}`}>
      <header className="topbar">
        <span className="brand">wadesk</span>
        {connection === 'reconnecting' ? <span className="banner" role="status">Reconnecting…</span> : null}
        <span className="spacer" />
        <button type="button" className="btn link palette-open" onClick={() => setOverlay('palette')} aria-keyshortcuts="Control+K Meta+K">
          Commands <kbd>{MOD_KEY} K</kbd>
        </button>
        {alerts.permission === 'default' ? (
          <button type="button" className="btn link" onClick={alerts.askPermission}>Notify me of new chats</button>
        ) : null}
        {agent.id ? <NotificationsBell now={now} onOpenConversation={openConversation} /> : null}
        <BusinessHoursBadge />
        {agent.id ? <AvailabilityToggle agent={agent} onChanged={onProfileChanged} onError={setActionError} /> : null}
        <span className="muted who">{agent.name}</span>
        <a className="btn settings-link" href={ANALYTICS_PATH} onClick={inPage(onOpenAnalytics)}>
          <span aria-hidden="true">📊</span><span className="settings-label">Analytics</span>
        </a>
        <a className="btn settings-link" href={settingsPath('')} onClick={inPage(() => onOpenSettings())}>
          <span aria-hidden="true">⚙</span><span className="settings-label">Settings</span>
        </a>
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
          filter={filter}
          onFilter={setFilter}
          view={lists.view}
          labels={labels}
          counts={counts}
          presenceOf={(id) => presenceLine(presence.in(id))}
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
            onBack={goToList}
            onEndChat={endChat}
            onStartChat={() => void startChat()}
            onToggleContact={() => setContactOpen((v) => !v)}
            status={status}
            labels={labels}
            mode={mode}
            onMode={setMode}
            mentionable={mentionable}
            onError={setActionError}
            agentName={agent.name}
            colleagues={colleagues}
          />
        ) : (
          <main className="pane conversation-pane empty" aria-label="No conversation open">
            <p className="muted">Choose a conversation. Chats waiting longest are at the top.</p>
            <p className="muted help">
              j/k move · Enter opens · r reply{agent.id ? ' · a assign to me' : ''} · e end chat · / search · ? all keys · {MOD_KEY} K commands
            </p>
          </main>
        )}
        <ContactPane detail={open.detail} me={agent.id} onClose={() => setContactOpen(false)} />
      </div>
      {overlay === 'end-chat' && phone && c ? (
        <EndChatDialog
          phone={phone}
          name={displayName(c)}
          windowOpen={windowOpen}
          onClose={() => setOverlay(null)}
          onEnded={() => setOverlay(null)}
        />
      ) : null}
      {overlay === 'shortcuts' ? <ShortcutsDialog onClose={() => setOverlay(null)} /> : null}
      {overlay === 'palette' ? (
        <CommandPalette commands={commands} onOpenConversation={openConversation} onClose={() => setOverlay(null)} />
      ) : null}
    </div>
  );
}
