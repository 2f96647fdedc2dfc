import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ConversationItem, QueueChat } from '@contract/conversations';
import { usePaused } from '../shared/usePaused';
import { conversationsQuery, queueQuery } from './inbox-queries';

/** Typing in the search box asks the server once the typing pauses. */
const SEARCH_PAUSE_MS = 200;

export interface Lists {
  queue: QueueChat[];
  conversations: ConversationItem[];
  /** The search text `conversations` answers: while a new search is on its way, an earlier one's. */
  answered: string;
  /** Why the last refresh failed, until one succeeds. */
  error: string | null;
}

/**
 * The waiting queue and the conversation list (filtered by the search text). While a new search is on
 * its way the previous list stays; an answer for an older search never replaces the current one.
 */
export function useLists(search: string): Lists {
  const queue = useQuery(queueQuery);
  const list = useQuery({ ...conversationsQuery(usePaused(search, SEARCH_PAUSE_MS)), placeholderData: keepPreviousData });
  const failed = queue.error ?? list.error;
  return {
    queue: queue.data?.chats ?? [],
    conversations: list.data?.conversations ?? [],
    answered: list.data?.search ?? '',
    error: failed ? failed.message : null,
  };
}
