import type { ErrorClass } from '../whatsapp/errors.js';

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  /** After this many attempts a still-failing message is marked failed (RETRIES_EXHAUSTED). */
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 1_000, maxMs: 5 * 60_000, maxAttempts: 20 };

/**
 * Exponential back-off with "equal jitter": half the delay is fixed, half random, so retries spread out
 * without ever coming back immediately. Throttling by WhatsApp waits longer than a server hiccup.
 */
export function retryDelayMs(attempt: number, errorClass: ErrorClass, policy: RetryPolicy, random = Math.random): number {
  const factor = errorClass === 'rate_limited' || errorClass === 'recipient_throttled' ? 4 : 1;
  const exponential = Math.min(policy.maxMs, policy.baseMs * factor * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
