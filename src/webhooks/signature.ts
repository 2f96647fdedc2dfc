import { createHmac, randomBytes } from 'node:crypto';

/**
 * `X-Wadesk-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, Stripe's scheme: the
 * timestamp is signed with the body, so a receiver that refuses old timestamps (say, older than five
 * minutes) cannot be fed a recorded delivery again. `v1` names the scheme so that another can follow.
 */
export function signDelivery(body: string, secret: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** A new signing secret: 32 random bytes, `whsec_` + base64url. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
