import Fastify from 'fastify';
import type { Config } from '../../src/config.js';
import { startFakeGraphApi, type FakeGraphApi } from '../../src/simulator/index.js';
import { TEST_SECRETS } from './app.js';

/** Fake Graph APIs for tests that need more control than `startTestApp`'s own fake gives. */

export interface PointableFake {
  fake: FakeGraphApi;
  /** Sends the fake's webhooks to this app (base URL) from now on. */
  pointAt(appUrl: string): void;
}

/**
 * The simulator as a standalone server whose webhooks can be pointed at one app and then another (a
 * restart). `statuses: 'never'` keeps its sent/delivered webhooks from ever arriving, so a test can post
 * hand-made status webhooks instead; `t.settle()` cannot be used then (use `outboxDrained`).
 */
export async function startPointableFake(options: { statuses?: 'auto' | 'never' } = {}): Promise<PointableFake> {
  let target = 'http://127.0.0.1:9';
  const never = 24 * 60 * 60 * 1000;
  const fake = await startFakeGraphApi({
    accessToken: TEST_SECRETS.accessToken,
    appSecret: TEST_SECRETS.appSecret,
    phoneNumberId: TEST_SECRETS.phoneNumberId,
    displayPhoneNumber: TEST_SECRETS.displayPhoneNumber,
    webhookUrl: () => `${target}/webhooks/whatsapp`,
    statusDelaysMs: options.statuses === 'never' ? { sent: never, delivered: never } : { sent: 5, delivered: 20 },
    webhookRetryDelaysMs: [20, 50],
  });
  return { fake, pointAt: (appUrl) => void (target = appUrl) };
}

export interface HeldSend {
  body: any;
  /** The wamid this send will be answered with once released. */
  wamid: string;
  release(): void;
}

export interface HoldingGraphApi {
  /** The Graph API base including the version (the app's `whatsapp.apiUrl`). */
  url: string;
  /** Every request body received, oldest first. */
  bodies: any[];
  /** The message sends received so far and not yet released, oldest first. */
  held: HeldSend[];
  /** Releases what is held and answers every later send at once (a test that is done holding). */
  stopHolding(): void;
  close(): Promise<void>;
}

/**
 * A tiny Graph API that answers read receipts at once but holds every message send until the test
 * releases it, then answers with a wamid it announced in advance. Nothing is delivered to anyone and no
 * webhook is sent back: it stands for Meta at the moment a send is in flight.
 */
export async function startHoldingGraphApi(): Promise<HoldingGraphApi> {
  const bodies: any[] = [];
  const held: HeldSend[] = [];
  const releases = new Set<() => void>();
  let sends = 0;
  // Once done holding (and when closing), sends are answered at once: a reply the app sends while it stops
  // must not hold the close.
  let holding = true;
  const stopHolding = () => {
    holding = false;
    for (const release of [...releases]) release();
  };
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.post('/:version/:phoneNumberId/messages', async (request) => {
    const body = request.body as any;
    bodies.push(body);
    if (body?.status === 'read') return { success: true };
    sends += 1;
    const wamid = `wamid.held.${sends}.${Date.now()}`;
    if (holding) await new Promise<void>((resolve) => {
      const release = () => {
        releases.delete(release);
        const index = held.findIndex((h) => h.wamid === wamid);
        if (index >= 0) held.splice(index, 1);
        resolve();
      };
      releases.add(release);
      held.push({ body, wamid, release });
    });
    return { messaging_product: 'whatsapp', contacts: [{ input: body?.to, wa_id: body?.to }], messages: [{ id: wamid }] };
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: `${address}/v23.0`,
    bodies,
    held,
    stopHolding,
    close: async () => {
      stopHolding();
      await app.close();
    },
  };
}

/** `startTestApp`'s `config` for an app whose Graph API is at `apiUrl` instead of its own fake. */
export function graphApiAt(apiUrl: string): Partial<Config> {
  return {
    whatsapp: {
      mode: 'cloud',
      accessToken: TEST_SECRETS.accessToken,
      phoneNumberId: TEST_SECRETS.phoneNumberId,
      appSecret: TEST_SECRETS.appSecret,
      verifyToken: TEST_SECRETS.verifyToken,
      apiUrl,
      businessAccountId: null,
    },
  };
}
