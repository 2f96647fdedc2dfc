import { DomainError } from '../domain-error.js';

/** WhatsApp's customer-service window: free-form messages only within 24 h of the user's last message. */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export function windowClosesAt(lastInboundAt: Date | null): Date | null {
  return lastInboundAt ? new Date(lastInboundAt.getTime() + CUSTOMER_SERVICE_WINDOW_MS) : null;
}

export function isWindowOpen(lastInboundAt: Date | null, now: Date): boolean {
  const closesAt = windowClosesAt(lastInboundAt);
  return closesAt !== null && closesAt.getTime() > now.getTime();
}

/** Refuses a free-form message (an agent's reply, the start of a chat) outside the window. */
export function requireOpenWindow(lastInboundAt: Date | null, now: Date): void {
  if (!isWindowOpen(lastInboundAt, now)) {
    throw new DomainError(
      'WINDOW_CLOSED',
      'The user last wrote more than 24 hours ago, so WhatsApp only allows an approved template message now; a free-form message cannot be sent until the user writes again.',
    );
  }
}
