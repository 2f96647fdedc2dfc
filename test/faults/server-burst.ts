import { startPointableFake, type PointableFake } from '../helpers/fakes.js';
import { TEST_SECRETS } from '../helpers/app.js';
import { cloudEnv, spawnWadesk, type ServerProcess } from '../helpers/server-process.js';
import { messagesFrom, postEvent, shownText, text, userMessage, waitFor } from '../helpers/webhooks.js';

/**
 * A burst of signed webhooks at a real server process (PGlite) talking to the simulator's fake Graph API
 * run as a separate server, and what came out of it: which users' messages were acknowledged (200) and
 * every reply WhatsApp accepted, per user.
 */
export interface BurstRig {
  fake: PointableFake;
  start(): Promise<ServerProcess>;
  /** One "Hello" from each of `users`, `concurrency` POSTs at a time; resolves with the users answered 200. */
  burst(users: string[], concurrency: number): Promise<Set<string>>;
  /** Replies WhatsApp accepted for `user`, as the texts shown. */
  replies(user: string): string[];
  close(): Promise<void>;
}

export async function burstRig(dataDir: string): Promise<BurstRig> {
  const fake = await startPointableFake();
  const env = cloudEnv(dataDir, fake.fake.url, TEST_SECRETS);
  let url = '';
  const started: ServerProcess[] = [];
  return {
    fake,
    async start() {
      const p = spawnWadesk(env);
      started.push(p);
      url = await p.url();
      fake.pointAt(url);
      return p;
    },
    async burst(users, concurrency) {
      const acknowledged = new Set<string>();
      const queue = [...users];
      const worker = async () => {
        for (let user = queue.shift(); user !== undefined; user = queue.shift()) {
          fake.fake.simulator.recordInbound(user, new Date());
          const answer = await postEvent(url, messagesFrom(user, 'Burst', userMessage(user, text('Hello')))).catch(() => null);
          if (answer?.status === 200) acknowledged.add(user);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      return acknowledged;
    },
    replies: (user) => fake.fake.simulator.accepted(user).map((body) => shownText(body) ?? JSON.stringify(body)),
    async close() {
      await Promise.all(started.map((p) => p.stop('SIGKILL')));
      await fake.fake.close();
    },
  };
}

/** Waits until each of `users` has had a reply accepted by WhatsApp. */
export function everyoneAnswered(rig: BurstRig, users: Iterable<string>, timeoutMs: number): Promise<true> {
  const waiting = [...users];
  return waitFor(`a reply to each of ${waiting.length} users`, () => waiting.every((u) => rig.replies(u).length > 0) || undefined, timeoutMs);
}

/** Replies sent more than once to one user (the same text twice), user by user. */
export function repeatedReplies(rig: BurstRig, users: Iterable<string>): Map<string, number> {
  const repeated = new Map<string, number>();
  for (const user of users) {
    const replies = rig.replies(user);
    const extra = replies.length - new Set(replies).size;
    if (extra > 0) repeated.set(user, extra);
  }
  return repeated;
}
