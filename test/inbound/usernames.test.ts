import { beforeEach, describe, expect, it } from 'vitest';
import { defaultContent } from '../../src/bot/content.js';
import { useTestApp } from '../helpers/app.js';
import { changeValue, conversationOf, envelope, messagesOf, postEvent, shownText, unixNow, uniqueWamid } from '../helpers/webhooks.js';

const USER_ID = 'US.13491208655302741918';

/** Meta's 2026 usernames: such a user has no phone number, so no `wa_id`/`from`, only `user_id`/`from_user_id`. */
function fromUsernameOnly(body: string, id = uniqueWamid('username')) {
  return envelope([
    changeValue({
      contacts: [{ profile: { name: 'Kim', username: 'kim.codes' }, user_id: USER_ID }],
      messages: [{ from_user_id: USER_ID, id, timestamp: unixNow(), type: 'text', text: { body } }],
    }),
  ]);
}

describe('a contact known only by username', () => {
  const t = useTestApp({}, 'each');
  beforeEach(() => {
    t.fake.simulator.recordInbound(USER_ID, new Date());
  });

  it('is stored without a phone number, keyed on the user id', async () => {
    expect((await postEvent(t.url, fromUsernameOnly('Hello'))).json.data).toMatchObject({ processed: 1 });
    expect(await conversationOf(t.database, USER_ID)).toMatchObject({
      contactKey: USER_ID,
      userId: USER_ID,
      waId: null,
      phoneNumber: null,
      profileName: 'Kim',
      username: 'kim.codes',
    });
    expect((await messagesOf(t.database, USER_ID))[0]).toMatchObject({ direction: 'inbound', text: 'Hello' });
  });

  it('is answered by `recipient` (no `to`), and its messages are marked read', async () => {
    const hello = fromUsernameOnly('Hello');
    await postEvent(t.url, hello);
    await postEvent(t.url, fromUsernameOnly('Kim'));
    await t.settle();

    const replies = t.fake.simulator.accepted(USER_ID) as Array<Record<string, unknown>>;
    expect(replies.map(shownText)).toEqual([defaultContent.registration.greeting, "Thanks, Kim! ✅ You're registered.", 'What would you like to do, Kim?']);
    for (const reply of replies) {
      expect(reply).toMatchObject({ recipient: USER_ID, recipient_type: 'individual' });
      expect(reply).not.toHaveProperty('to');
    }
    const wamid = (hello.entry as any)[0].changes[0].value.messages[0].id;
    expect(t.fake.simulator.requests.map((r) => r.body)).toContainEqual({ messaging_product: 'whatsapp', status: 'read', message_id: wamid });
    // The fake's delivery statuses came back for the username contact too.
    const outbound = (await messagesOf(t.database, USER_ID)).filter((m) => m.direction === 'outbound');
    expect(outbound.map((m) => m.status)).toEqual(['delivered', 'delivered', 'delivered']);
  });
});

describe('a username-only user of the simulator', () => {
  const t = useTestApp({}, 'each');
  const KEMI = 'NG.8457120934417260391';

  it('writes from the phone (no number in the webhook), hands off to support and is answered by an agent', async () => {
    const say = async (input: { text?: string; buttonId?: string }) => {
      const result = await t.fake.simulator.sendUserMessage({ from: KEMI, name: 'Kemi', username: 'kemi.ade', ...input });
      expect(result).toMatchObject({ status: 'success', data: { webhookStatus: 200 } });
      await t.settle();
    };
    await say({ text: 'Hello' });
    await say({ text: 'Kemi' });
    await say({ buttonId: 'chat_support' });
    await say({ text: 'I cannot see my results' });

    expect(await conversationOf(t.database, KEMI)).toMatchObject({ waId: null, phoneNumber: null, userId: KEMI, profileName: 'Kemi', username: 'kemi.ade', state: 'CHAT_SUPPORT_ACTIVE' });
    const found = await t.admin('GET', '/api/admin/conversations?q=kemi.ade');
    expect(found.json.data.conversations.map((c: { username: string | null }) => c.username)).toEqual(['kemi.ade']);

    const sent = await t.admin('POST', `/api/admin/conversations/${encodeURIComponent(KEMI)}/chat-support/send`, { message: 'Let me look, Kemi.' });
    expect(sent.status).toBe(200);
    await t.settle();
    const phone = t.fake.simulator.transcript(KEMI);
    expect(phone.at(-1)).toMatchObject({ direction: 'out', kind: 'text', text: '🎧 Support Team: Let me look, Kemi.', status: 'delivered' });
    for (const body of t.fake.simulator.accepted(KEMI) as Array<Record<string, unknown>>) {
      expect(body).toMatchObject({ recipient: KEMI });
      expect(body).not.toHaveProperty('to');
    }
    expect(t.fake.simulator.users().find((u) => u.waId === KEMI)).toMatchObject({ name: 'Kemi', username: 'kemi.ade' });
  });
});
