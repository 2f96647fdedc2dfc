import { defaultContent } from '../../src/bot/content.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';

const USER = '2348012345678';
const PHONE = `+${USER}`;

const WELCOME =
  'Hi John! 💬\n📞 Live Chat Support\n\nYou are now connected to our support team! 🎯\n\n' +
  'Please describe your issue and an admin will respond to you shortly.\n\n' +
  "You can continue chatting until you select 'End Chat' to return to the main menu.";
const ACK = "✓ Your message has been sent to support.\n\nAn admin will respond shortly. You can continue typing or select 'End Chat' to exit.";
const END_CHAT_BUTTON = [{ type: 'reply', reply: { id: 'end_chat', title: '❌ End Chat' } }];
const MAIN_MENU_BUTTON = [{ type: 'reply', reply: { id: 'main_menu', title: '📝 Main Menu' } }];
/** After the closing message: the rating question (CSAT is on by default). */
const RATING_QUESTION = expect.objectContaining({ type: 'interactive', interactive: expect.objectContaining({ type: 'list', body: { text: defaultContent.csat.question } }) });

type GraphBody = { to?: string; type: string; text?: { body: string }; interactive?: { type: string; body: { text: string }; action: { buttons?: unknown[] } } };

describe('the seed journey, through HTTP and the fake Graph API', () => {
  const t = useTestApp({}, 'each');

  /** What reached the Graph API for the user since the last call. */
  let seen = 0;
  const received = (): GraphBody[] => {
    const all = t.fake.simulator.accepted(USER) as GraphBody[];
    const fresh = all.slice(seen);
    seen = all.length;
    return fresh;
  };
  const say = async (input: { text?: string; buttonId?: string }) => {
    const result = await t.fake.simulator.sendUserMessage({ from: USER, name: 'John', ...input });
    expect(result).toMatchObject({ status: 'success', data: { webhookStatus: 200 } });
    await t.settle();
    return received();
  };
  beforeEach(() => {
    seen = 0;
  });

  it('registers, hands off to an agent, exchanges messages and ends the chat from the admin API', async () => {
    // A new contact is greeted and asked for a name, then registered and shown the main menu.
    const greeting = await say({ text: 'Hello' });
    expect(greeting).toHaveLength(1);
    expect(greeting[0]!.text?.body).toContain("What's your name?");
    const registered = await say({ text: 'John' });
    expect(registered.map((m) => m.text?.body ?? m.interactive?.body.text)).toEqual(["Thanks, John! ✅ You're registered.", 'What would you like to do, John?']);
    expect(registered[1]!.interactive!.action.buttons).toContainEqual({ type: 'reply', reply: { id: 'chat_support', title: '💬 Chat Support' } });

    // Step 1: the user taps "💬 Chat Support".
    const welcome = await say({ buttonId: 'chat_support' });
    expect(welcome).toEqual([expect.objectContaining({ to: USER, type: 'interactive', interactive: { type: 'button', body: { text: WELCOME }, action: { buttons: END_CHAT_BUTTON } } })]);

    // Step 2: the first message is acknowledged; the rest of an unanswered streak is not.
    expect(await say({ text: "I can't upload my homework file" })).toEqual([
      expect.objectContaining({ interactive: { type: 'button', body: { text: ACK }, action: { buttons: END_CHAT_BUTTON } } }),
    ]);
    expect(await say({ text: "I'm done uploading but it fails" })).toEqual([]);

    // Step 3: the agent answers through the seed's endpoint.
    const sent = await t.admin('POST', `/api/admin/conversations/${encodeURIComponent(PHONE)}/chat-support/send`, { message: 'What file format are you trying to upload?' });
    expect(sent.status).toBe(200);
    expect(sent.json).toEqual({
      status: 'success',
      message: 'Message sent to user',
      data: { phone_number: PHONE, message_sent: 'What file format are you trying to upload?', timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) },
    });
    expect(Object.keys(sent.json.data)).toEqual(['phone_number', 'message_sent', 'timestamp']);
    await t.settle();
    expect(received()).toEqual([expect.objectContaining({ type: 'text', text: { body: '🎧 Support Team: What file format are you trying to upload?', preview_url: false } })]);

    // Step 4: after an agent reply the next user message is acknowledged again.
    expect(await say({ text: 'A PDF' })).toHaveLength(1);

    // Step 5: the agent ends the chat; the user gets the closing text and the Main Menu button.
    const ended = await t.admin('POST', `/api/admin/conversations/${USER}/chat-support/end`, { message: 'Thank you for contacting support!' });
    expect(ended.json).toEqual({ status: 'success', message: 'Chat support session ended', data: { phone_number: PHONE, session_ended: expect.any(String) } });
    await t.settle();
    expect(received()).toEqual([
      expect.objectContaining({ interactive: { type: 'button', body: { text: 'Thank you for contacting support!' }, action: { buttons: MAIN_MENU_BUTTON } } }),
      RATING_QUESTION,
    ]);

    // The history is kept, in the seed's shape too, and the state is back to REGISTERED.
    const history = await t.admin('GET', `/api/admin/conversations/${USER}/messages`);
    expect(history.json.data).toMatchObject({ phone_number: PHONE, state: 'registered', chat_support_active: false });
    expect(history.json.data.chat_messages.map((m: { sender: string; text: string }) => [m.sender, m.text])).toEqual([
      ['user', "I can't upload my homework file"],
      ['user', "I'm done uploading but it fails"],
      ['admin', 'What file format are you trying to upload?'],
      ['user', 'A PDF'],
      ['admin', 'Thank you for contacting support!'],
    ]);
    // Every outbound message was delivered (statuses came back signed through the webhook).
    const outbound = history.json.data.messages.filter((m: { direction: string }) => m.direction === 'outbound');
    expect(outbound.length).toBe(9);
    expect(new Set(outbound.map((m: { status: string }) => m.status))).toEqual(new Set(['read', 'delivered']));

    // The rating question is the latest message: a rating, then Skip for the comment, and the menu follows the thanks.
    expect((await say({ buttonId: 'csat_5' }))[0]!.interactive!.body.text).toBe(defaultContent.csat.commentPrompt);
    const menu = await say({ buttonId: 'csat_skip' });
    expect(menu[0]!.text!.body).toBe(defaultContent.csat.thanks);
    expect(menu[1]!.interactive!.body.text).toBe('What would you like to do, John?');
    // Typing "menu" shows it again at any time.
    expect((await say({ text: 'menu' }))[0]!.interactive!.body.text).toBe('What would you like to do, John?');
  });

  it('ends the chat when the user taps End Chat, and keeps an unregistered user IDLE', async () => {
    await say({ text: 'chat support' });
    expect(await say({ text: 'Hello?' })).toHaveLength(1);
    const closing = await say({ buttonId: 'end_chat' });
    // Nobody answered, so there is nothing to rate: the seed's closing text and button only.
    expect(closing).toEqual([
      expect.objectContaining({ interactive: { type: 'button', body: { text: 'Thank you for contacting support!' }, action: { buttons: MAIN_MENU_BUTTON } } }),
    ]);
    const history = await t.admin('GET', `/api/admin/conversations/${USER}/messages`);
    expect(history.json.data).toMatchObject({ state: 'idle', chat_support_active: false });
    const refused = await t.admin('POST', `/api/admin/conversations/${USER}/chat-support/send`, { message: 'Are you there?' });
    expect(refused.status).toBe(409);
    expect(refused.json).toEqual({ status: 'error', error: { code: 'CHAT_NOT_ACTIVE', message: expect.any(String) } });
  });
});
