import { infiniteQueryOptions, queryOptions, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import type { MessageHistory, MessageItem } from '@contract/conversations';
import { adminApi, type ListFilter } from './client';

/**
 * The inbox's server state, as TanStack Query caches: one key per thing the API serves. Views read them
 * with `useQuery`; the live events (`live-cache.ts`) and the actions (`actions.ts`) update or invalidate
 * them, so a new view needs a query here, not a new hand-made hook.
 */
export const inboxKeys = {
  queue: ['queue'] as const,
  /** Every search's list; `conversations(search)` is one of them. */
  lists: ['conversations'] as const,
  conversations: (search: string) => ['conversations', search] as const,
  /** A view of the list narrowed by status, assignee or label (and the search text). */
  view: (search: string, filter: ListFilter) => ['conversations', 'view', search, filter] as const,
  /** How many each view holds: apart from the lists, as fewer events change it (see live-cache.ts). */
  counts: ['view-counts'] as const,
  conversation: (phone: string) => ['conversation', phone] as const,
  labels: ['labels'] as const,
  notifications: ['notifications'] as const,
  canned: ['canned-responses'] as const,
  messages: (phone: string) => ['messages', phone] as const,
  templates: ['templates'] as const,
};

export const queueQuery = queryOptions({ queryKey: inboxKeys.queue, queryFn: () => adminApi.queue() });

/** A page of the list for a search, with the search it answers (a kept previous page says which it is). */
export const conversationsQuery = (search: string) =>
  queryOptions({
    queryKey: inboxKeys.conversations(search),
    queryFn: async () => ({ ...(await adminApi.conversations(search)), search }),
  });

/** The list narrowed by a view (status, assignee, label), for the search text. */
export const viewQuery = (search: string, filter: ListFilter) =>
  queryOptions({ queryKey: inboxKeys.view(search, filter), queryFn: () => adminApi.conversations(search, filter) });

/** The number beside each view's name in the list's chooser. */
export const countsQuery = queryOptions({ queryKey: inboxKeys.counts, queryFn: () => adminApi.viewCounts() });

/** The active agents with their @mention handles (every agent may read it). */
export const teamQuery = queryOptions({ queryKey: ['team'] as const, queryFn: () => adminApi.team(), staleTime: 60_000 });

/** Every label with its colour (the list and header show names; the colour comes from here). */
export const labelsQuery = queryOptions({ queryKey: inboxKeys.labels, queryFn: () => adminApi.labels(), staleTime: 60_000 });

/** The saved replies this agent sees (shared ones and their own). */
export const cannedQuery = queryOptions({ queryKey: inboxKeys.canned, queryFn: () => adminApi.cannedResponses(), staleTime: 60_000 });

export const notificationsQuery = queryOptions({ queryKey: inboxKeys.notifications, queryFn: () => adminApi.notifications() });

export const conversationQuery = (phone: string) =>
  queryOptions({ queryKey: inboxKeys.conversation(phone), queryFn: () => adminApi.conversation(phone) });

/** The message templates; they change only when WhatsApp approves or pauses one, so kept for a while. */
export const templatesQuery = queryOptions({ queryKey: inboxKeys.templates, queryFn: () => adminApi.templates(), staleTime: 5 * 60_000 });

/** The history, newest page first; "Load earlier messages" fetches the next page. */
export const messagesQuery = (phone: string) =>
  infiniteQueryOptions({
    queryKey: inboxKeys.messages(phone),
    queryFn: ({ pageParam }) => adminApi.messages(phone, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });

/** Messages by id, oldest first; later copies (fresher status) replace earlier ones. */
export function mergeMessages(current: MessageItem[], incoming: MessageItem[]): MessageItem[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

type History = InfiniteData<MessageHistory, string | undefined>;

/** Changes the cached messages of a conversation in place (every loaded page), if it is cached. */
export function updateCachedMessages(queryClient: QueryClient, phone: string, change: (m: MessageItem) => MessageItem): void {
  queryClient.setQueryData<History>(inboxKeys.messages(phone), (history) =>
    history ? { ...history, pages: history.pages.map((page) => ({ ...page, messages: page.messages.map(change) })) } : history);
}

/** A message as the server now has it (its attachment arrived, a reaction changed) replaces the cached one. */
export function replaceCachedMessage(queryClient: QueryClient, phone: string, message: MessageItem): void {
  updateCachedMessages(queryClient, phone, (m) => (m.id === message.id ? message : m));
}

/** The open conversation changed (a reply, a new chat, an assignment): its header and history are fetched again. */
export function refreshConversation(queryClient: QueryClient, phone: string): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: inboxKeys.conversation(phone) }),
    queryClient.invalidateQueries({ queryKey: inboxKeys.messages(phone) }),
  ]).then(() => undefined);
}

/** The queue and every cached list (on screen or not) are fetched again: those on screen now, the others when shown. */
export function refreshLists(queryClient: QueryClient): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: inboxKeys.queue }),
    queryClient.invalidateQueries({ queryKey: inboxKeys.lists }),
  ]).then(() => undefined);
}
