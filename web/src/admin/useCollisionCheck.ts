import { useState } from 'react';

/** Whether a send may go now, and the question in its place when it may not. */
export interface CollisionCheck {
  /** The colleague who holds the chat, while the question is shown; else null. */
  asking: string | null;
  /** Counts the times it asked: each ask puts focus on "Send anyway" again. */
  attempt: number;
  /**
   * Call before anything goes to the customer: true when it may go (nobody else holds the chat, or the
   * agent answered "Send anyway"); else it shows the question and says false.
   */
  mayGo(confirmed: boolean): boolean;
  /** The question goes away (the text changed, the agent cancelled). */
  dismiss(): void;
}

/**
 * One rule for every kind of send (a reply, a file, a template): into a chat assigned to a colleague
 * (`heldBy`, their name), it asks "Assigned to Grace — send anyway?" first, once per attempt.
 */
export function useCollisionCheck(heldBy: string | null): CollisionCheck {
  const [asked, setAsked] = useState({ open: false, attempt: 0 });
  const dismiss = () => setAsked((a) => (a.open ? { ...a, open: false } : a));
  return {
    asking: asked.open ? heldBy : null,
    attempt: asked.attempt,
    mayGo: (confirmed) => {
      if (!heldBy || confirmed) {
        dismiss();
        return true;
      }
      setAsked((a) => ({ open: true, attempt: a.attempt + 1 }));
      return false;
    },
    dismiss,
  };
}
