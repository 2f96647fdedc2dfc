import { useCallback, useEffect, useRef, useState } from 'react';
import { adminApi } from './client';
import type { ConversationItem, QueueChat } from '@contract/conversations';

export interface Lists {
  queue: QueueChat[];
  conversations: ConversationItem[];
  error: string | null;
  /** Refetches both lists, coalescing a burst of calls (one per event) into one request each. */
  refreshSoon(): void;
  refresh(): Promise<void>;
}

/** The waiting queue and the conversation list (filtered by the search text). */
export function useLists(search: string): Lists {
  const [queue, setQueue] = useState<QueueChat[]>([]);
  const [conversations, setConversations] = useState<ConversationItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const latestSearch = useRef(search);
  latestSearch.current = search;

  const refresh = useCallback(async () => {
    const q = latestSearch.current;
    const [queueResult, listResult] = await Promise.allSettled([adminApi.queue(), adminApi.conversations(q)]);
    if (queueResult.status === 'fulfilled') setQueue(queueResult.value.chats);
    // A slow answer for an older search must not overwrite the current one.
    if (listResult.status === 'fulfilled' && latestSearch.current === q) setConversations(listResult.value.conversations);
    const failed = [queueResult, listResult].find((r): r is PromiseRejectedResult => r.status === 'rejected');
    setError(failed ? (failed.reason as Error).message : null);
  }, []);

  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const refreshSoon = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void refresh(), 200);
  }, [refresh]);

  useEffect(() => {
    refreshSoon();
  }, [search, refreshSoon]);
  useEffect(() => () => clearTimeout(timer.current), []);

  return { queue, conversations, error, refreshSoon, refresh };
}
