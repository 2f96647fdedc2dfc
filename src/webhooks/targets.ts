import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where a webhook may point. An admin types the URL, but the server makes the request: without these checks
 * a webhook reaches what only the server can (its loopback, the cloud's metadata service at
 * 169.254.169.254, the office network). So a destination must be http(s) without credentials in it, and
 * every address its host resolves to must be public unicast — checked when the webhook is saved and again
 * before every attempt, and the connection goes to the very address that was checked (see send.ts), so a
 * DNS answer that changes in between (rebinding) cannot swap it.
 */

export class RefusedTarget extends Error {
  override readonly name = 'RefusedTarget';
  /** Whether trying again later may succeed (a DNS failure) or not (a private address, a bad URL). */
  constructor(message: string, readonly temporary = false) {
    super(message);
  }
}

/** A checked destination: the URL, and the address the connection must go to. */
export interface Target {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** The URL's form: what can be said without DNS. */
export function parseTargetUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RefusedTarget('The webhook URL is not a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RefusedTarget('The webhook URL must start with https:// or http://.');
  if (url.username || url.password) throw new RefusedTarget('The webhook URL must not carry a user name or password; put a token in the path or query instead.');
  if (!url.hostname) throw new RefusedTarget('The webhook URL has no host.');
  return url;
}

/**
 * Why `address` may not receive webhooks, or null when it may. Only public unicast passes: ipaddr.js names
 * every special range (loopback, private, link-local, CGNAT, unique-local, multicast, unspecified,
 * reserved, 6to4/Teredo/NAT64 that embed an IPv4 address…), and an IPv4-mapped IPv6 address is judged as
 * the IPv4 address it carries.
 */
export function refusalOf(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address);
  } catch {
    return `${address} is not an IP address`;
  }
  const range = parsed.range();
  if (range === 'unicast') return null;
  return `${parsed.toString()} is a ${RANGE_WORDS[range] ?? `special-purpose (${range})`} address`;
}

const RANGE_WORDS: Record<string, string> = {
  loopback: 'loopback',
  private: 'private',
  linkLocal: 'link-local',
  carrierGradeNat: 'carrier-grade NAT',
  uniqueLocal: 'unique-local',
  multicast: 'multicast',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  reserved: 'reserved',
};

/** The host without IPv6 brackets (`[::1]` → `::1`). */
const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Resolves the URL's host and checks every address (one bad address refuses the lot: a resolver may hand
 * out any of them). With `allowPrivate` (WEBHOOKS_ALLOW_PRIVATE_TARGETS) any address passes.
 */
export async function resolveTarget(text: string, allowPrivate: boolean, resolve: typeof lookup = lookup): Promise<Target> {
  const url = parseTargetUrl(text);
  const host = bareHost(url);
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await resolve(host, { all: true, verbatim: true });
    } catch (err) {
      throw new RefusedTarget(`The host ${host} could not be resolved (${(err as { code?: string }).code ?? 'DNS error'}).`, true);
    }
    if (addresses.length === 0) throw new RefusedTarget(`The host ${host} has no address.`);
  }
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const refusal = refusalOf(address);
      if (refusal) {
        throw new RefusedTarget(`${host === address ? '' : `${host} resolves to `}${refusal}; webhooks go to public addresses only (set WEBHOOKS_ALLOW_PRIVATE_TARGETS=true to allow private ones).`);
      }
    }
  }
  const chosen = addresses[0]!;
  return { url, address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}
