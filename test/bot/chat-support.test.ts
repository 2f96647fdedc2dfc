import { describe, expect, it } from 'vitest';
import { agentReply, endChat, handleIncoming, startChatByAgent } from '../../src/bot/machine.js';
import type { ConversationSnapshot } from '../../src/bot/types.js';
import { conversation, media, tapped, typed } from './helpers.js';

// Literal texts from the specification (seed/chat-support-summary.md), not from the content module,
// so that a change of wording fails here.
const WELCOME_JOHN =
  'Hi John! 💬\n📞 Live Chat Support\n\nYou are now connected to our support team! 🎯\n\n' +
  'Please describe your issue and an admin will respond to you shortly.\n\n' +
  "You can continue chatting until you select 'End Chat' to return to the main menu.";
const ACK =
  "✓ Your message has been sent to support.\n\nAn admin will respond shortly. You can continue typing or select 'End Chat' to exit.";
const END_CHAT_BUTTON = { id: 'end_chat', title: '❌ End Chat' };
const MAIN_MENU_BUTTON = { id: 'main_menu', title: '📝 Main Menu' };
const CLOSING = { kind: 'buttons', body: 'Thank you for contacting support!', buttons: [MAIN_MENU_BUTTON] };

const activeChat = (overrides: Partial<ConversationSnapshot> = {}): ConversationSnapshot =>
  conversation('CHAT_SUPPORT_ACTIVE', { registeredName: 'John', stateData: { ackPending: true }, ...overrides });

describe('starting a chat', () => {
  it.each([
    ['REGISTERED', typed('chat support')],
    ['REGISTERED', tapped('chat_support', '💬 Chat Support')],
    ['REGISTERED', tapped('chat_support', '💬 Chat Support', 'list_reply')],
    ['REGISTERED', typed('I need support')],
    ['IDLE', typed('can I talk to someone?')],
    ['AWAITING_NAME', typed('human please')],
    ['AWAITING_NAME', tapped('chat_support', '💬 Chat Support')],
  ] as const)('from %s on %j: welcomes with the End Chat button', (state, input) => {
    const decision = handleIncoming(conversation(state, { registeredName: 'John' }), input);
    expect(decision).toEqual({
      state: 'CHAT_SUPPORT_ACTIVE',
      stateData: { ackPending: true },
      replies: [{ kind: 'buttons', body: WELCOME_JOHN, buttons: [END_CHAT_BUTTON] }],
      chat: 'start',
    });
  });

  it.each([
    [{ registeredName: 'Ada', profileName: 'Ada WA' }, 'Hi Ada! 💬'],
    [{ registeredName: null, profileName: 'Pablo Morales' }, 'Hi Pablo Morales! 💬'],
    [{ registeredName: null, profileName: null }, 'Hi there! 💬'],
    [{ registeredName: null, profileName: '   ' }, 'Hi there! 💬'],
  ])('greets %j as %j', (names, firstLine) => {
    const decision = handleIncoming(conversation('IDLE', names), typed('support'));
    const [welcome] = decision.replies;
    expect(welcome?.body.split('\n')[0]).toBe(firstLine);
  });

  it('an agent opening the chat sends the same welcome', () => {
    expect(startChatByAgent(conversation('REGISTERED'))).toEqual({
      state: 'CHAT_SUPPORT_ACTIVE',
      stateData: { ackPending: true },
      replies: [{ kind: 'buttons', body: WELCOME_JOHN, buttons: [END_CHAT_BUTTON] }],
      chat: 'start',
    });
  });

  it('keeps the other flags of the conversation', () => {
    const decision = handleIncoming(conversation('IDLE', { stateData: { greeted: true } }), typed('agent'));
    expect(decision.stateData).toEqual({ greeted: true, ackPending: true });
  });
});

describe('messages inside a chat', () => {
  it.each([
    ['a text', typed("I can't upload my homework file")],
    ['a sentence with an end word', typed("I'm done uploading but it fails")],
    ['a support keyword', typed('chat support')],
    ['menu', typed('menu')],
    ['a photo', media('image', 'done')],
    ['a voice note', media('audio')],
    ['a location', media('location', 'Lagos')],
    ['an unsupported message', media('unsupported')],
    ['a stale menu tap', tapped('main_menu', '📝 Main Menu')],
  ])('stores %s as a chat message and acknowledges it', (_what, input) => {
    expect(handleIncoming(activeChat(), input)).toEqual({
      state: 'CHAT_SUPPORT_ACTIVE',
      stateData: { ackPending: false },
      replies: [{ kind: 'buttons', body: ACK, buttons: [END_CHAT_BUTTON] }],
      chat: 'message',
    });
  });

  it('acknowledges once per unanswered streak, and again after the agent replies', () => {
    let conv = activeChat();
    const send = (text: string) => {
      const decision = handleIncoming(conv, typed(text));
      conv = { ...conv, state: decision.state, stateData: decision.stateData };
      return decision;
    };
    expect(send('first').replies.map((r) => r.body)).toEqual([ACK]);
    expect(send('second').replies).toEqual([]);
    expect(send('third').replies).toEqual([]);

    const reply = agentReply(conv, 'What file format are you trying to upload?');
    expect(reply.replies).toEqual([{ kind: 'text', body: '🎧 Support Team: What file format are you trying to upload?' }]);
    conv = { ...conv, stateData: reply.stateData };

    expect(send('PDF').replies.map((r) => r.body)).toEqual([ACK]);
    expect(send('a 3 MB one').replies).toEqual([]);
  });

  it('splits an agent message longer than a WhatsApp text into several texts', () => {
    const { replies } = agentReply(activeChat(), 'word '.repeat(1000));
    expect(replies.length).toBe(2);
    for (const reply of replies) expect(reply.body.length).toBeLessThanOrEqual(4096);
    expect(replies[0]?.body.startsWith('🎧 Support Team: word')).toBe(true);
  });
});

describe('ending a chat', () => {
  const endings = [
    tapped('end_chat', '❌ End Chat'),
    ...['end chat', 'close', 'done', 'quit chat', 'exit', 'Done.', '  END CHAT! ', 'end_chat', 'EXIT!!'].map(typed),
  ];

  it.each(endings)('a registered user ends it with %j and returns to REGISTERED', (input) => {
    expect(handleIncoming(activeChat(), input)).toEqual({
      state: 'REGISTERED',
      stateData: {},
      replies: [CLOSING],
      chat: 'end',
    });
  });

  it('an unregistered user returns to IDLE, still greeted', () => {
    const conv = activeChat({ registeredName: null, stateData: { ackPending: false, greeted: true } });
    expect(handleIncoming(conv, typed('exit'))).toEqual({ state: 'IDLE', stateData: { greeted: true }, replies: [CLOSING], chat: 'end' });
  });

  it('does not end on a photo captioned "done" (it is for the agent)', () => {
    expect(handleIncoming(activeChat(), media('image', 'done')).chat).toBe('message');
  });

  it.each([
    [{}, 'Thank you for contacting support!'],
    [{ closingText: '  ' }, 'Thank you for contacting support!'],
    [{ closingText: 'Glad we could help, bye!' }, 'Glad we could help, bye!'],
  ])('the agent ends it with %j: the user gets %j and the Main Menu button', (opts, body) => {
    expect(endChat(activeChat(), opts)).toEqual({
      state: 'REGISTERED',
      stateData: {},
      replies: [{ kind: 'buttons', body, buttons: [MAIN_MENU_BUTTON] }],
      chat: 'end',
    });
  });

  it('the agent ending the chat of an unregistered user returns it to IDLE', () => {
    expect(endChat(activeChat({ registeredName: null }), {}).state).toBe('IDLE');
  });

  it('an agent closing text too long for a button message is shortened', () => {
    const [closing] = endChat(activeChat(), { closingText: 'x'.repeat(2000) }).replies;
    expect(closing?.body.length).toBe(1024);
  });
});
