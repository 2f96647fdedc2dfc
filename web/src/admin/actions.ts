import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../shared/api';
import { adminApi } from './client';
import { refreshConversation, refreshLists } from './inbox-queries';

/**
 * What an agent does to a chat, as mutations. Each refetches what it changed before it resolves, so
 * the caller sees the new state (the live event would bring it too, a moment later).
 */

/** The server refused because the chat or its window changed under us. */
const isStale = (err: Error) => err instanceof ApiError && (err.code === 'WINDOW_CLOSED' || err.code === 'CHAT_NOT_ACTIVE');

export function useSendReply(phone: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (message: string) => adminApi.send(phone, message),
    onSuccess: () => refreshConversation(queryClient, phone),
    onError: (err) => {
      if (isStale(err)) void refreshConversation(queryClient, phone);
    },
  });
}

export function useEndChat(phone: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (closing: string) => adminApi.end(phone, closing),
    onSuccess: () => Promise.all([refreshConversation(queryClient, phone), refreshLists(queryClient)]),
  });
}

export function useStartChat() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (phone: string) => adminApi.start(phone),
    onSuccess: (_answer, phone) => Promise.all([refreshConversation(queryClient, phone), refreshLists(queryClient)]),
  });
}

/** null unassigns. */
export function useAssign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ phone, agentId }: { phone: string; agentId: string | null }) => adminApi.assign(phone, agentId),
    onSuccess: (_answer, { phone }) => Promise.all([refreshConversation(queryClient, phone), refreshLists(queryClient)]),
  });
}
