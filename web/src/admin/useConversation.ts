import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../shared/api';
import { adminApi } from './client';
import type { ConversationDetail, MessageItem as Message } from '@contract/conversations';
import type { InboxEvent } from './useEventStream';

/** Messages by id, oldest first; later copies (fresher status) replace earlier ones. */
function merge(current: Message[], incoming: Message[]): Message[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const message of incoming) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

export interface OpenConversation {
  detail: ConversationDetail | null;
  messages: Message[];
  olderCursor: string | null;
  error: string | null;
  loadOlder(): Promise<void>;
  refresh(): Promise<void>;
  applyEvent(event: InboxEvent): void;
}

/** The open conversation: its detail and history, kept current by events. */
export function useConversation(phone: string | null): OpenConversation {
  const [detail, setDetail] = useState<ConversationDetail | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [olderCursor, setOlderCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Answers for a conversation that is no longer open must not land in the new one.
  const openPhone = useRef(phone);
  openPhone.current = phone;
  const detailRef = useRef(detail);
  detailRef.current = detail;
  const readTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const markReadSoon = useCallback((target: string) => {
    clearTimeout(readTimer.current);
    readTimer.current = setTimeout(() => {
      if (openPhone.current === target && document.visibilityState === 'visible') adminApi.markRead(target).catch(() => {});
    }, 300);
  }, []);

  const refresh = useCallback(async () => {
    if (!phone) return;
    try {
      const [nextDetail, page] = await Promise.all([adminApi.conversation(phone), adminApi.messages(phone)]);
      if (openPhone.current !== phone) return;
      setDetail(nextDetail);
      setMessages((current) => merge(current, page.messages));
      setOlderCursor((cursor) => cursor ?? page.next_cursor);
      setError(null);
      if (nextDetail.conversation.unread_count > 0) markReadSoon(phone);
    } catch (err) {
      if (openPhone.current !== phone) return;
      setError(err instanceof ApiError && err.httpStatus === 404 ? 'There is no conversation with this number.' : (err as Error).message);
    }
  }, [phone, markReadSoon]);

  useEffect(() => {
    setDetail(null);
    setMessages([]);
    setOlderCursor(null);
    setError(null);
    void refresh();
  }, [refresh]);

  const loadOlder = useCallback(async () => {
    if (!phone || !olderCursor) return;
    const page = await adminApi.messages(phone, olderCursor);
    if (openPhone.current !== phone) return;
    setMessages((current) => merge(current, page.messages));
    setOlderCursor(page.next_cursor);
  }, [phone, olderCursor]);

  const refreshTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const applyEvent = useCallback(
    (event: InboxEvent) => {
      const open = detailRef.current?.conversation;
      const mine = open ? event.data.conversation_id === open.id : event.data.phone_number === phone;
      if (!phone || !mine) return;
      if (event.name === 'message.created') {
        setMessages((current) => merge(current, [event.data.message]));
        if (event.data.message.direction === 'inbound') markReadSoon(phone);
      } else if (event.name === 'message.status') {
        const { message_id, status, error: failure } = event.data;
        // The event carries WhatsApp's code and title; the detail comes with the next fetch.
        setMessages((current) => current.map((m) => (m.id === message_id ? { ...m, status, error: failure ? { detail: null, ...failure } : m.error } : m)));
        return;
      }
      // State, window and chat details change with new messages and chat events: refetch them, once per burst.
      clearTimeout(refreshTimer.current);
      refreshTimer.current = setTimeout(() => void refresh(), 150);
    },
    [phone, refresh, markReadSoon],
  );

  useEffect(() => () => {
    clearTimeout(refreshTimer.current);
    clearTimeout(readTimer.current);
  }, []);

  return { detail, messages, olderCursor, error, loadOlder, refresh, applyEvent };
}
