import { beforeAll, describe, expect, it } from 'vitest';
import { defaultContent } from '../../src/bot/content.js';
import { useTestApp } from '../helpers/app.js';
import { graphApiAt, startPointableFake } from '../helpers/fakes.js';
import { useResource } from '../helpers/resource.js';
import { shownText } from '../helpers/webhooks.js';
import { startTcpProxy } from './tcp-proxy.js';

const USERS = ['2348030000081', '2348030000082'];
const agentText = (words: string) => defaultContent.chat.agentPrefix + words;

/**
 * WhatsApp's Graph API refuses connections for a while (a network outage, a firewall change) and then
 * answers again: every reply queued meanwhile is delivered, once each, in order per user.
 */
describe('the Graph API refusing connections for a while', { timeout: 60_000 }, () => {
  const shared = useResource('the fake Graph API', startPointableFake, (s) => s.fake.close());
  const graph = () => new URL(shared.fake.url);
  const proxy = useResource('the TCP proxy', () => startTcpProxy(graph().hostname, Number(graph().port)), (p) => p.close());
  const t = useTestApp(() => ({
    fake: shared.fake,
    config: graphApiAt(`http://127.0.0.1:${proxy.port}${graph().pathname}`),
    // Retries often enough to see the outage end, and enough of them not to give up during it.
    retry: { baseMs: 50, maxMs: 200, maxAttempts: 100 },
  }));
  beforeAll(() => {
    shared.pointAt(t.url);
  });

  it('delivers every reply once, in order per user, once the Graph API answers again', async () => {
    for (const user of USERS) {
      await shared.fake.simulator.sendUserMessage({ from: user, name: 'Ada', text: 'chat support' });
    }
    await t.settle();

    await proxy.cut();
    const words = ['one', 'two', 'three', 'four'];
    for (const w of words) {
      for (const user of USERS) expect((await t.admin('POST', `/api/admin/conversations/${user}/chat-support/send`, { message: `${w} for ${user}` })).status).toBe(200);
    }
    // Long enough for several attempts to be refused.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(USERS.flatMap((u) => shared.fake.simulator.accepted(u).slice(1))).toEqual([]);

    await proxy.restore();
    await t.settle();
    for (const user of USERS) {
      expect(shared.fake.simulator.accepted(user).slice(1).map(shownText)).toEqual(words.map((w) => agentText(`${w} for ${user}`)));
    }
  });
});
