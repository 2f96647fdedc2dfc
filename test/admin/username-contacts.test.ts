import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { changeValue, envelope, postEvent, uniqueWamid, unixNow } from '../helpers/webhooks.js';

const USER_ID = 'US.13491208655302741918';

/** A contact known only by a username (no phone number): Meta's business-scoped user id addresses them. */
describe('a contact known only by username', () => {
  const t = useTestApp();

  const writes = (body: string) => postEvent(t.url, envelope([changeValue({
    contacts: [{ profile: { name: 'Tolu', username: '@tolu' }, user_id: USER_ID }],
    messages: [{ from_user_id: USER_ID, id: uniqueWamid('bsuid'), timestamp: unixNow(), type: 'text', text: { body } }],
  })]));

  it('chats end to end: the bot answers, an agent finds them by user id, username or conversation id, and answers', async () => {
    t.fake.simulator.recordInbound(USER_ID, new Date());
    expect((await writes('hello')).status).toBe(200);
    await t.settle();
    const greeting = t.fake.simulator.accepted(USER_ID).at(-1) as Record<string, unknown>;
    expect(greeting).toMatchObject({ recipient: USER_ID });
    expect(greeting.to).toBeUndefined();

    const found = await t.admin('GET', '/api/admin/conversations?q=tolu');
    const conversation = found.json.data.conversations[0];
    expect(conversation).toMatchObject({ phone_number: null, wa_id: null, name: 'Tolu' });
    expect((await t.admin('GET', `/api/admin/conversations?q=${encodeURIComponent('US.1349')}`)).json.data.conversations).toHaveLength(1);

    const byId = await t.admin('GET', `/api/admin/conversations/${conversation.id}`);
    expect(byId.status).toBe(200);
    const started = await t.admin('POST', `/api/admin/conversations/${USER_ID}/chat-support/start`);
    expect(started).toMatchObject({ status: 200, json: { data: { phone_number: USER_ID } } });
    const sent = await t.admin('POST', `/api/admin/conversations/${conversation.id}/chat-support/send`, { message: 'Hi Tolu, how can I help?' });
    expect(sent.status).toBe(200);
    await t.settle();
    const reply = t.fake.simulator.accepted(USER_ID).at(-1) as Record<string, any>;
    expect(reply).toMatchObject({ recipient: USER_ID, type: 'text', text: { body: '🎧 Support Team: Hi Tolu, how can I help?' } });
    expect(reply.to).toBeUndefined();
    const history = await t.admin('GET', `/api/admin/conversations/${USER_ID}/messages`);
    expect(history.json.data.messages.at(-1)).toMatchObject({ sender: 'agent', text: 'Hi Tolu, how can I help?' });
  });

  it('an unknown user id or conversation id is a 404, a malformed one a 400', async () => {
    expect((await t.admin('GET', '/api/admin/conversations/US.999/messages')).json.error.code).toBe('NOT_FOUND');
    expect((await t.admin('GET', '/api/admin/conversations/00000000-0000-4000-8000-000000000000')).json.error.code).toBe('NOT_FOUND');
    expect((await t.admin('GET', '/api/admin/conversations/not-a-contact')).json.error.code).toBe('INVALID_PHONE_NUMBER');
  });
});
