/**
 * Meta's side: the project's fake Graph API (`startFakeGraphApi`, the simulator as a standalone server)
 * in its own process. It accepts the app's sends and read receipts as Meta does (token, payload and 24 h
 * window checks), and posts signed `sent` and `delivered` webhooks back to the app for every accepted
 * message, like production. It also drives the end-to-end latency probe, so that the webhook it posts and
 * the reply it receives are timed on one clock.
 */
import { startFakeGraphApi } from '../../src/simulator/index.js';
import type { GraphRequestRecord } from '../../src/simulator/types.js';
import { ALL_CONTACTS, BUSINESS, SECRETS, probeTextWebhook, waIdOf } from '../lib/fixtures.js';
import { serveParent } from '../lib/ipc.js';
import { percentiles } from '../lib/stats.js';

let appUrl = '';
const fake = await startFakeGraphApi({
  accessToken: SECRETS.accessToken,
  appSecret: SECRETS.appSecret,
  phoneNumberId: BUSINESS.phoneNumberId,
  displayPhoneNumber: BUSINESS.displayPhoneNumber,
  businessAccountId: BUSINESS.businessAccountId,
  webhookUrl: () => `${appUrl}/webhooks/whatsapp`,
});

// Every request the fake answers is appended to `simulator.requests`; watching that append tells the
// probe the moment a reply arrived, without changing the simulator.
type Watcher = (record: GraphRequestRecord) => void;
const watchers = new Set<Watcher>();
const counts = { messages: 0, reads: 0, rejected: 0, rejectedCodes: {} as Record<string, number> };
const requests = fake.simulator.requests as GraphRequestRecord[];
const push = requests.push.bind(requests);
requests.push = (...records: GraphRequestRecord[]) => {
  for (const record of records) {
    if (!record.accepted) {
      counts.rejected += 1;
      counts.rejectedCodes[record.status] = (counts.rejectedCodes[record.status] ?? 0) + 1;
    } else if ((record.body as { status?: string }).status === 'read') counts.reads += 1;
    else counts.messages += 1;
    for (const watcher of watchers) watcher(record);
  }
  // Keep only the recent past: the list is not needed here and would grow for the whole run.
  if (requests.length > 1_000) requests.splice(0, requests.length - 100);
  return push(...records);
};

function firstReplyTo(waId: string, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const watcher: Watcher = (record) => {
      if (record.accepted && (record.body as { to?: string }).to === waId) done(performance.now());
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    function done(at: number | null) {
      clearTimeout(timer);
      watchers.delete(watcher);
      resolve(at);
    }
    watchers.add(watcher);
  });
}

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);

serveParent({
  /** The app is up: webhooks go there, and every bench contact has written within the last 24 h. */
  app: ({ url }: { url: string }) => {
    appUrl = url;
    const now = new Date();
    for (let contact = 0; contact < ALL_CONTACTS; contact++) fake.simulator.recordInbound(waIdOf(contact), now);
  },
  /**
   * `count` inbound texts, one after the other, each from the next probe contact: the time until the app
   * answered the webhook, and until its first reply reached this fake Graph API.
   */
  probe: async ({ count, text }: { count: number; text: string }) => {
    const ack: number[] = [];
    const reply: number[] = [];
    let lost = 0;
    for (let i = 0; i < count; i++) {
      const { waId, signed } = probeTextWebhook(i, text);
      const arrived = firstReplyTo(waId, 5_000);
      const t0 = performance.now();
      const response = await fetch(`${appUrl}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signed.signature },
        body: signed.body,
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`probe webhook answered ${response.status}`);
      ack.push(performance.now() - t0);
      const at = await arrived;
      if (at === null) lost += 1;
      else reply.push(at - t0);
    }
    return { ack: percentiles(ack), reply: percentiles(reply), lost };
  },
  /** Waits (at most `timeoutMs`) until no status webhook is queued or being delivered. */
  idle: ({ timeoutMs }: { timeoutMs: number }) => withTimeout(fake.simulator.idle(), timeoutMs),
  counts: () => ({ ...counts, rejectedCodes: { ...counts.rejectedCodes } }),
  usage: () => ({ cpu: process.cpuUsage(), at: performance.now() }),
  stop: async () => {
    await fake.close();
    process.exit(0);
  },
}, { url: fake.url });
