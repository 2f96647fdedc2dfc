import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { webhookDeliveries } from '../../src/db/schema.js';
import { appendEvents } from '../../src/events/log.js';
import { chatStarted } from '../../src/events/payloads.js';
import { startTestApp } from '../helpers/app.js';
import { freshDatabase } from '../helpers/database.js';
import { useWebhookReceiver, verifySignature } from '../helpers/webhook-receiver.js';
import { waitFor } from '../helpers/webhooks.js';
import { call, newUser, startSupportChat } from '../admin/support.js';

/**
 * Deliveries live in the database, not in the process: one that failed before a restart is made after
 * it, and an event written while no server ran (another instance, a server that died before fanning out)
 * is fanned out from where the fan-out stood.
 */
describe('webhook deliveries across a restart', () => {
  const receiver = useWebhookReceiver();

  it('makes after a restart the delivery that was pending, and fans out what was written meanwhile', { timeout: 60_000 }, async () => {
    const database = await freshDatabase();
    const options = {
      database,
      config: { webhooks: { allowPrivateTargets: true } },
      // Enough attempts that nothing is given up while the receiver is down.
      webhooks: { policy: { baseMs: 300, maxMs: 600, maxAttempts: 20 }, pollMs: 20 },
    };
    try {
      receiver.respond(() => 500);
      const first = await startTestApp(options);
      let secret = '';
      let webhookId = '';
      try {
        const created = await call(first, 'POST', '/api/admin/webhooks', { url: `${receiver.url}/crm`, events: ['chat.started'] });
        ({ secret } = created.json.data);
        webhookId = created.json.data.webhook.id;
        await startSupportChat(first, newUser('80620').waId, 'Gbenga');
        await waitFor('a failed attempt', () => receiver.received.length >= 1);
      } finally {
        await first.close();
      }
      const [pending] = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId));
      expect(pending).toMatchObject({ status: 'pending', responseStatus: 500 });
      const attemptsBefore = receiver.received.length;

      // While no server runs, another instance commits an event.
      const [written] = await database.db.transaction((tx) => appendEvents(tx, [chatStarted({ id: '00000000-0000-4000-8000-000000000001', phoneNumber: '+2348062000000' }, '00000000-0000-4000-8000-000000000002', 'agent')], false));
      receiver.respond(() => 200);

      const second = await startTestApp(options);
      try {
        await waitFor('both deliveries to be made', async () => {
          const rows = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId));
          return rows.length === 2 && rows.every((row) => row.status === 'delivered') && rows;
        });
      } finally {
        await second.close();
      }
      const after = receiver.received.slice(attemptsBefore);
      expect(after.every((r) => r.answered === 200 && verifySignature(r.raw, r.headers['x-wadesk-signature'], secret))).toBe(true);
      const delivered = new Map(after.map((r) => [JSON.parse(r.raw).id as string, r]));
      expect([...delivered.keys()].sort()).toEqual([`evt_${pending!.eventId}`, `evt_${written!.id}`].sort());
      expect(after).toHaveLength(2);
      expect(receiver.received.filter((r) => r.headers['x-wadesk-delivery'] === pending!.id).length).toBeGreaterThanOrEqual(2);
    } finally {
      await database.close();
    }
  });
});
