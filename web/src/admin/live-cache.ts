import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { ConversationDetail, MessageHistory, MessageItem } from '@contract/conversations';
import { inboxKeys, mergeMessages, refreshLists, replaceCachedMessage, updateCachedMessages } from './inbox-queries';
import type { InboxEvent } from './useEventStream';

/** Bursts of events (a message, its acknowledgement, their statuses) cost one refetch each, not one per event. */
const LISTS_DELAY_MS = 200;
const CONVERSATION_DELAY_MS = 150;
/** The views' counts: fetched once per burst, as the lists are, but at most once a second however busy the desk. */
const COUNTS_EVERY_MS = 1_000;

type History = InfiniteData<MessageHistory, string | undefined>;

/**
 * What moves a conversation in or out of a view: a chat starting, ending or changing hands, a status or
 * label change, and a user writing (a new contact, a snoozed or resolved conversation woken up). Bot and
 * agent messages, notes and delivery statuses change no count.
 */
const changesCounts = (event: InboxEvent) =>
  event.name === 'chat.started' || event.name === 'chat.ended' || event.name === 'chat.assigned'
  || event.name === 'conversation.status_changed' || event.name === 'conversation.labels_changed'
  || (event.name === 'message.created' && event.data.message.sender === 'user');

/**
 * Applies the live events to the cached server state. A new message or a status lands in the cached
 * history directly; what the server derives (queue order, waiting times, unread counts, the chat's
 * state and assignee) is fetched again, once per burst: the views on screen at once, the others when
 * they are shown next.
 */
export class LiveCache {
  private listsTimer: ReturnType<typeof setTimeout> | undefined;
  private countsTimer: ReturnType<typeof setTimeout> | undefined;
  private countsFetchedAt = 0;
  private readonly conversationTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /**
   * Histories that got a live event while a fetch of them was in flight. That fetch read the database
   * before the event's change (a reaction, a new message, a status) and would put the history back as it
   * was, so it is followed by one more: what it brings agrees with what the event already showed.
   */
  private readonly changedWhileFetching = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(private readonly queryClient: QueryClient) {
    this.unsubscribe = queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'success') return;
      const [kind, phone] = event.query.queryKey as readonly unknown[];
      if (kind !== inboxKeys.messages('')[0] || typeof phone !== 'string' || !this.changedWhileFetching.delete(phone)) return;
      void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(phone), exact: true });
    });
  }

  apply(event: InboxEvent): void {
    // Presence changes no server state: the views that show it keep their own (see the presence hook).
    if (event.name === 'presence') return;
    if (event.name === 'notification.created') {
      // Only mine arrive: the list (and its unread count) is fetched again; nothing else changed.
      void this.queryClient.invalidateQueries({ queryKey: inboxKeys.notifications });
      return;
    }
    if (event.name === 'conversation.labels_changed') void this.queryClient.invalidateQueries({ queryKey: inboxKeys.labels });
    this.soon();
    if (changesCounts(event)) this.countsSoon();
    const phones = this.cachedPhones(event.data.conversation_id, event.data.phone_number);
    for (const phone of phones) {
      if (event.name === 'message.created' || event.name === 'note.created' || event.name === 'message.updated' || event.name === 'message.status') {
        if (this.queryClient.isFetching({ queryKey: inboxKeys.messages(phone), exact: true }) > 0) this.changedWhileFetching.add(phone);
      }
      if (event.name === 'message.created' || event.name === 'note.created') {
        const { message } = event.data;
        this.updateHistory(phone, (pages) => pages.map((page, i) => (i === 0 ? { ...page, messages: mergeMessages(page.messages, [message]) } : page)));
      } else if (event.name === 'message.updated') {
        // An attachment arrived (or could not be fetched): the message is replaced where it is.
        replaceCachedMessage(this.queryClient, phone, event.data.message);
        continue;
      } else if (event.name === 'chat.assigned') {
        // Who holds the chat counts at once (a reply into a colleague's chat asks first): the event names
        // them, so the cached detail changes now, not with the refetch below.
        const { chat_session_id, agent_id, agent_name } = event.data;
        this.queryClient.setQueryData<ConversationDetail>(inboxKeys.conversation(phone), (detail) => (
          detail?.chat?.id === chat_session_id ? { ...detail, chat: { ...detail.chat, assigned_agent_id: agent_id, assigned_agent_name: agent_name } } : detail
        ));
      } else if (event.name === 'message.status') {
        const { message_id, status, error } = event.data;
        // The event carries WhatsApp's code and title; the detail comes with the next fetch.
        const update = (m: MessageItem) => (m.id === message_id ? { ...m, status, error: error ? { detail: null, ...error } : m.error } : m);
        updateCachedMessages(this.queryClient, phone, update);
        continue;
      }
      // State, window and chat details change with new messages and chat events.
      this.conversationSoon(phone);
    }
  }

  /** After a break in the stream, or when the server could not replay all that was missed: everything again. */
  resync(): void {
    void this.queryClient.invalidateQueries();
  }

  dispose(): void {
    this.unsubscribe();
    clearTimeout(this.listsTimer);
    clearTimeout(this.countsTimer);
    for (const timer of this.conversationTimers.values()) clearTimeout(timer);
    this.conversationTimers.clear();
  }

  /**
   * The numbers under which this conversation is cached. A conversation opened by another spelling of
   * its number (digits only, say) is found by its id.
   */
  private cachedPhones(conversationId: string, phone: string | null): Set<string> {
    const phones = new Set<string>();
    for (const [key, detail] of this.queryClient.getQueriesData<ConversationDetail>({ queryKey: ['conversation'] })) {
      if (detail?.conversation.id === conversationId) phones.add(key[1] as string);
    }
    if (phone !== null && this.queryClient.getQueryState(inboxKeys.messages(phone))) phones.add(phone);
    return phones;
  }

  private updateHistory(phone: string, change: (pages: MessageHistory[]) => MessageHistory[]): void {
    this.queryClient.setQueryData<History>(inboxKeys.messages(phone), (history) => (history ? { ...history, pages: change(history.pages) } : history));
  }

  private soon(): void {
    clearTimeout(this.listsTimer);
    this.listsTimer = setTimeout(() => void refreshLists(this.queryClient), LISTS_DELAY_MS);
  }

  /**
   * Shortly after the first event of a burst (with the lists, so the chooser agrees with the view), then at
   * most once a second; never put off for long: a steady stream of events still updates the counts.
   */
  private countsSoon(): void {
    if (this.countsTimer !== undefined) return;
    const wait = Math.max(LISTS_DELAY_MS, this.countsFetchedAt + COUNTS_EVERY_MS - Date.now());
    this.countsTimer = setTimeout(() => {
      this.countsTimer = undefined;
      this.countsFetchedAt = Date.now();
      void this.queryClient.invalidateQueries({ queryKey: inboxKeys.counts });
    }, wait);
  }

  private conversationSoon(phone: string): void {
    clearTimeout(this.conversationTimers.get(phone));
    this.conversationTimers.set(phone, setTimeout(() => {
      this.conversationTimers.delete(phone);
      void this.queryClient.invalidateQueries({ queryKey: inboxKeys.conversation(phone) });
    }, CONVERSATION_DELAY_MS));
  }
}
