import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { ApiError } from '../shared/api';
import { adminApi } from './client';
import { inboxKeys, refreshConversation, refreshLists, replaceCachedMessage, updateCachedMessages } from './inbox-queries';
import { uploadMedia, type Upload } from './upload';
import type { TemplateSendBody } from '@contract/templates';
import type { StatusBody } from '@contract/team';

/**
 * What an agent does to a chat, as mutations. Each refetches what it changed before it resolves, so
 * the caller sees the new state (the live event would bring it too, a moment later).
 */

/** The server refused because the chat or its window changed under us. */
const isStale = (err: Error) => err instanceof ApiError && (err.code === 'WINDOW_CLOSED' || err.code === 'CHAT_NOT_ACTIVE');

export function useSendReply(phone: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ message, replyTo }: { message: string; replyTo?: number }) => adminApi.send(phone, message, replyTo),
    onSuccess: () => refreshConversation(queryClient, phone),
    onError: (err) => {
      if (isStale(err)) void refreshConversation(queryClient, phone);
    },
  });
}

/** An approved template with its parameters: what may be sent once the 24-hour window has closed. */
export function useSendTemplate(phone: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (template: TemplateSendBody) => adminApi.sendTemplate(phone, template),
    onSuccess: () => refreshConversation(queryClient, phone),
  });
}

/** An attachment, with a caption and a quote, uploaded with progress (`onProgress` gets 0…1). */
export function useSendMedia(phone: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ onProgress, ...upload }: Upload & { onProgress(fraction: number): void }) => uploadMedia(adminApi.mediaUploadUrl(phone), upload, onProgress),
    onSuccess: () => refreshConversation(queryClient, phone),
    onError: (err) => {
      if (isStale(err)) void refreshConversation(queryClient, phone);
    },
  });
}

/** The agent's reaction on a message (`''` takes it back); the answer is the message with its reactions now. */
export function useReact(phone: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ messageId, emoji }: { messageId: number; emoji: string }) => adminApi.react(phone, messageId, emoji),
    onSuccess: ({ message }) => replaceCachedMessage(queryClient, phone, message),
  });
}

/** Fetches a failed attachment again: it shows as pending at once; the live event brings the outcome. */
export function useRetryMedia() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mediaId: string) => adminApi.retryMedia(mediaId),
    onSuccess: ({ media }) => {
      for (const [key] of queryClient.getQueriesData({ queryKey: ['messages'] })) {
        updateCachedMessages(queryClient, key[1] as string, (m) => (m.media?.id === media.id ? { ...m, media } : m));
      }
    },
  });
}

/** WhatsApp shows "typing…" for 25 s at most; telling it more than every 20 s is noise. */
const TYPING_EVERY_MS = 20_000;

/** Call on every keystroke: the user is told the agent is typing, at most once every 20 s. */
export function useTyping(phone: string): () => void {
  const { mutate } = useMutation({ mutationFn: () => adminApi.typing(phone) });
  const last = useRef(0);
  return () => {
    const now = Date.now();
    if (now - last.current < TYPING_EVERY_MS) return;
    last.current = now;
    // Best effort: a refused or lost indicator is not worth a word to the agent.
    mutate(undefined, { onError: () => undefined });
  };
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

/** Snooze, resolve, reopen; the lists and the conversation are fetched again. */
export function useSetStatus(phone: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: StatusBody) => adminApi.setStatus(phone, body),
    onSuccess: () => Promise.all([refreshConversation(queryClient, phone), refreshLists(queryClient)]),
  });
}

/** A note only agents see (`@name` mentions notify them); it never goes to WhatsApp. */
export function useAddNote(phone: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => adminApi.note(phone, text),
    onSuccess: () => refreshConversation(queryClient, phone),
  });
}

/** Marks notifications read (absent ids: all of mine); the bell's count follows. */
export function useReadNotifications() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids?: number[]) => adminApi.readNotifications(ids),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inboxKeys.notifications }),
  });
}

/** Every label the conversation should carry, by name. */
export function useSetLabels(phone: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (labels: string[]) => adminApi.setLabels(phone, labels),
    onSuccess: () => Promise.all([refreshConversation(queryClient, phone), refreshLists(queryClient), queryClient.invalidateQueries({ queryKey: inboxKeys.labels })]),
  });
}
