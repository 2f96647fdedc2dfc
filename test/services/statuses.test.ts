import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { domainEvents } from '../../src/db/schema.js';
import { markAccepted } from '../../src/store/messages.js';
import { useServices } from '../helpers/services.js';

const ADA = '2348031000003';

describe('delivery statuses, as use cases (no HTTP)', () => {
  const s = useServices();

  /** The bot's greeting to Ada, accepted by the Graph API under `wamid`. */
  async function acceptedReply(wamid: string) {
    await s.userWrites(ADA, 'hello');
    const reply = (await s.messages(ADA)).find((m) => m.direction === 'outbound')!;
    await s.database.db.transaction((tx) => markAccepted(tx, [{ messageId: reply.id, wamid: wamid }]));
    return reply.id;
  }
  const statusOf = async (id: number) => (await s.messages(ADA)).find((m) => m.id === id)!.status;

  it('a status never moves backwards: read before delivered stays read', async () => {
    const id = await acceptedReply('wamid.svc.order');
    expect(await s.statusArrives('wamid.svc.order', 'read', ADA)).toBe(true);
    expect(await s.statusArrives('wamid.svc.order', 'delivered', ADA)).toBe(false);
    expect(await statusOf(id)).toBe('read');
    const changes = s.published.filter((e) => e.name === 'message.status');
    // The whole payload, as `statusChange` builds it (the statement builds it in SQL), live and in the log.
    const conversationId = (await s.messages(ADA))[0]!.conversationId;
    const payload = { conversation_id: conversationId, phone_number: `+${ADA}`, message_id: id, status: 'read', error: null };
    expect(changes.map((e) => e.payload)).toEqual([payload]);
    const [logged] = await s.database.db.select().from(domainEvents).where(eq(domainEvents.id, changes[0]!.id));
    expect(logged).toMatchObject({ name: 'message.status', payload });
  });

  it('failed is final and carries WhatsApp\'s error', async () => {
    const id = await acceptedReply('wamid.svc.failed');
    const errors = [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'More than 24 hours' } }];
    expect(await s.statusArrives('wamid.svc.failed', 'failed', ADA, { errors })).toBe(true);
    expect(await s.statusArrives('wamid.svc.failed', 'read', ADA)).toBe(false);
    const row = (await s.messages(ADA)).find((m) => m.id === id)!;
    expect(row).toMatchObject({ status: 'failed', errorCode: 131047 });
    const failed = s.published.filter((e) => e.name === 'message.status').map((e) => e.payload);
    expect(failed).toEqual([expect.objectContaining({ message_id: id, status: 'failed', error: { code: 131047, title: 'Re-engagement message' } })]);
  });

  it('a status for a wamid not stored yet is kept and applied when the send is recorded', async () => {
    expect(await s.statusArrives('wamid.svc.early', 'delivered', ADA)).toBe(false);
    const id = await acceptedReply('wamid.svc.early');
    expect(await statusOf(id)).toBe('delivered');
  });
});
