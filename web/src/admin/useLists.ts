import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ConversationItem, QueueChat } from '@contract/conversations';
import { usePaused } from '../shared/usePaused';
import type { ListFilter } from './client';
import { conversationsQuery, queueQuery, viewQuery } from './inbox-queries';

/** Typing in the search box asks the server once the typing pauses. */
const SEARCH_PAUSE_MS = 200;

export interface Lists {
  queue: QueueChat[];
  conversations: ConversationItem[];
  /** The search text `conversations` answers: while a new search is on its way, an earlier one's. */
  answered: string;
  /** Why the last refresh failed, until one succeeds. */
  error: string | null;
  /** With a view chosen (status, assignee, label): the conversations in it; else null. */
  view: ConversationItem[] | null;
}

/** A view is chosen when any of its parts is. */
export const hasFilter = (filter: ListFilter) => !!(filter.status || filter.assignee || filter.label);

/**
 * The waiting queue and the conversation list (filtered by the search text). While a new search is on
 * its way the previous list stays; an answer for an older search never replaces the current one.
 */
export function useLists(search: string, filter: ListFilter = {}): Lists {
  const paused = usePaused(search, SEARCH_PAUSE_MS);
  const queue = useQuery(queueQuery);
  const list = useQuery({ ...conversationsQuery(paused), placeholderData: keepPreviousData });
  const filtered = hasFilter(filter);
  const view = useQuery({ ...viewQuery(paused, filter), enabled: filtered, placeholderData: keepPreviousData });
  const failed = queue.error ?? list.error ?? (filtered ? view.error : null);
  return {
    queue: queue.data?.chats ?? [],
    conversations: list.data?.conversations ?? [],
    answered: list.data?.search ?? '',
    error: failed ? failed.message : null,
    view: filtered ? (view.data?.conversations ?? []) : null,
  };
}
