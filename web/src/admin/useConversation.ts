import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import type { ConversationDetail, MessageItem } from '@contract/conversations';
import { ApiError } from '../shared/api';
import { adminApi } from './client';
import { conversationQuery, inboxKeys, mergeMessages, messagesQuery, notificationsQuery, refreshConversation, refreshLists } from './inbox-queries';

/** Opening a chat marks it read once the agent has looked at it for a moment (and the tab is visible). */
const READ_AFTER_MS = 300;

export interface OpenConversation {
  detail: ConversationDetail | null;
  messages: MessageItem[];
  /** There are earlier messages to load. */
  hasOlder: boolean;
  error: string | null;
  loadOlder(): Promise<void>;
  refresh(): Promise<void>;
}

const problem = (err: Error | null) =>
  !err ? null : err instanceof ApiError && err.httpStatus === 404 ? 'There is no conversation with this number.' : err.message;

/** The open conversation: its detail and history (kept current by the live events, see live-cache.ts). */
export function useConversation(phone: string | null): OpenConversation {
  const queryClient = useQueryClient();
  const open = phone !== null;
  const detail = useQuery({ ...conversationQuery(phone ?? ''), enabled: open });
  const history = useInfiniteQuery({ ...messagesQuery(phone ?? ''), enabled: open });
  const messages = useMemo(() => mergeMessages([], history.data?.pages.flatMap((page) => page.messages) ?? []), [history.data]);

  const markRead = useMutation({
    mutationFn: (target: string) => adminApi.markRead(target),
    onSuccess: (_answer, target) => {
      void queryClient.invalidateQueries({ queryKey: inboxKeys.conversation(target) });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.notifications });
      void refreshLists(queryClient);
    },
  });
  const { mutate: markReadNow } = markRead;
  // Unread messages, or an unread mention of me here (the bell): opening the chat reads both.
  const mentions = useQuery({ ...notificationsQuery, enabled: open });
  const conversationId = detail.data?.conversation.id ?? null;
  const unreadMention = !!mentions.data?.notifications.some((n) => n.read_at === null && n.conversation_id === conversationId);
  // A count, not a flag: each new message while the chat is open runs the effect again.
  const unread = (detail.data?.conversation.unread_count ?? 0) + (unreadMention ? 1 : 0);
  useEffect(() => {
    if (phone === null || unread === 0) return;
    const timer = setTimeout(() => {
      if (document.visibilityState === 'visible') markReadNow(phone);
    }, READ_AFTER_MS);
    return () => clearTimeout(timer);
  }, [phone, unread, markReadNow]);

  return {
    detail: (open && detail.data) || null,
    messages: open ? messages : [],
    hasOlder: open && history.hasNextPage,
    error: open ? problem(detail.error ?? history.error) : null,
    loadOlder: async () => void (await history.fetchNextPage()),
    refresh: () => (phone === null ? Promise.resolve() : refreshConversation(queryClient, phone)),
  };
}
