import type { ConversationItem } from '@contract/conversations';
import { useSetStatus } from './actions';
import { snoozeUntil, type SnoozeChoice } from './team';

/** Resolve / Reopen / Snooze a conversation, resolved by the header's buttons and the palette alike. */
export function useStatusActions(phone: string | null, conversation: ConversationItem | null, onEndChat: () => void, onError: (message: string | null) => void) {
  const set = useSetStatus(phone ?? '');
  const active = conversation?.chat_support_active ?? false;
  const run = async (body: Parameters<typeof set.mutateAsync>[0]) => {
    if (!phone) return;
    onError(null);
    try {
      await set.mutateAsync(body);
    } catch (err) {
      onError((err as Error).message);
    }
  };
  const status = conversation?.status ?? null;
  return {
    busy: set.isPending,
    canResolve: status !== null && status !== 'resolved',
    canReopen: status === 'snoozed' || status === 'resolved',
    canSnooze: status !== null && status !== 'snoozed',
    resolve: () => (active ? onEndChat() : void run({ status: 'resolved' })),
    reopen: () => void run({ status: active ? 'open' : 'pending' }),
    snooze: (choice: SnoozeChoice) => {
      const until = snoozeUntil(choice);
      void run(until ? { status: 'snoozed', snoozed_until: until } : { status: 'snoozed' });
    },
  };
}
export type StatusActionsApi = ReturnType<typeof useStatusActions>;
