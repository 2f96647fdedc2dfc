import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, rowsOf } from '../../src/db/client.js';
import { webhookDeliveries } from '../../src/db/schema.js';
import { useTestApp } from '../helpers/app.js';
import { useScratchDatabase } from '../helpers/postgres.js';
import { missing } from '../helpers/requirements.js';
import { useWebhookReceiver } from '../helpers/webhook-receiver.js';
import { waitFor } from '../helpers/webhooks.js';
import { call, conv, newUser, startSupportChat } from '../admin/support.js';

/** Two instances on one PostgreSQL: one fans out at a time, and every event reaches the receiver once. */
describe.skipIf(missing('postgres'))('outgoing webhooks with two instances on PostgreSQL', () => {
  const scratch = useScratchDatabase();
  const receiver = useWebhookReceiver();
  const options = async () => ({
    database: await openDatabase({ databaseUrl: scratch.url }), closeDatabase: true,
    config: { webhooks: { allowPrivateTargets: true } }, webhooks: { policy: { baseMs: 100, maxMs: 200, maxAttempts: 5 }, pollMs: 20 },
  });
  const a = useTestApp(options);
  const b = useTestApp(async () => ({ ...(await options()), fake: a.fake }));

  it('delivers every message.created event exactly once, whichever instance wrote it', { timeout: 60_000 }, async () => {
    // The first attempt at every fifth request fails: retries must not turn into duplicates either.
    receiver.respond((_request, before) => (before.length % 5 === 0 ? 500 : 200));
    const created = await call(a, 'POST', '/api/admin/webhooks', { url: `${receiver.url}/all`, events: ['message.created'] });
    expect(created.status).toBe(201);
    const webhookId = created.json.data.webhook.id as string;

    const users = [newUser('80630'), newUser('80630'), newUser('80630')];
    await Promise.all(users.map((user, i) => startSupportChat(a, user.waId, `User ${i}`)));
    for (const [i, user] of users.entries()) {
      const sent = await call(i % 2 ? a : b, 'POST', conv(user.phone, '/chat-support/send'), { message: `Answer ${i}` });
      expect(sent.status).toBe(200);
    }
    await a.settle();
    await b.settle();

    const expected = async () => rowsOf<{ id: number }>(await a.database.db.execute(sql`
      select id::int as id from domain_events where name = 'message.created' and created_at >= (select created_at from webhooks where id = ${webhookId})`)).map((row) => row.id);
    const rows = await waitFor('every event to be delivered', async () => {
      const all = await a.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId));
      const events = await expected();
      return all.length === events.length && all.every((row) => row.status === 'delivered') && all;
    }, 20_000);
    const ids = (await expected()).sort((x, y) => x - y);
    expect(ids.length).toBeGreaterThanOrEqual(9);
    expect(rows.map((row) => row.eventId).sort((x, y) => x! - y!)).toEqual(ids);

    const accepted = receiver.received.filter((r) => r.answered === 200).map((r) => JSON.parse(r.raw).id as string);
    expect(accepted.sort()).toEqual(ids.map((id) => `evt_${id}`).sort());
  });
});
