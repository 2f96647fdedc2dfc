import type { Me } from '@contract/auth';
import type { ConversationDetail } from '@contract/conversations';
import { useAssign } from './actions';

export interface Assignment {
  /** Who has the open chat: null when nobody (or no chat is active). */
  assigneeId: string | null;
  assigneeName: string | null;
  /** "Assign to me" is offered (button and the `a` key). */
  canTake: boolean;
  /** "Unassign" is offered: the chat is mine. */
  canRelease: boolean;
  take(): Promise<void>;
  release(): Promise<void>;
}

interface Options {
  agent: Me;
  phone: string | null;
  detail: ConversationDetail | null;
  onError(message: string | null): void;
}

/**
 * The open chat's assignee and what the signed-in agent may do about it. The server enforces the same
 * rules; hiding what would be refused keeps the header honest. The bootstrap token is no agent (no id):
 * it gets no buttons, since it cannot take a chat for itself.
 */
export function useAssignment({ agent, phone, detail, onError }: Options): Assignment {
  const assign = useAssign();
  const chat = detail?.conversation.chat_support_active ? detail.chat : null;
  const assigneeId = chat?.assigned_agent_id ?? null;
  const me = agent.id;
  const canTake = !!chat && me !== null && assigneeId !== me && (assigneeId === null || agent.role === 'admin');
  const canRelease = !!chat && me !== null && assigneeId === me;

  const change = async (agentId: string | null) => {
    if (!phone) return;
    onError(null);
    try {
      // Focus stays where it was: only `r` (or a click) goes into the reply box, so no key lands in a message.
      await assign.mutateAsync({ phone, agentId });
    } catch (err) {
      onError((err as Error).message);
    }
  };

  return {
    assigneeId,
    assigneeName: chat?.assigned_agent_name ?? null,
    canTake,
    canRelease,
    take: () => (canTake ? change(me) : Promise.resolve()),
    release: () => (canRelease ? change(null) : Promise.resolve()),
  };
}
