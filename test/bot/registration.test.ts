import { describe, expect, it } from 'vitest';
import { handleIncoming } from '../../src/bot/machine.js';
import { parseName } from '../../src/bot/names.js';
import { conversation, media, tapped, typed } from './helpers.js';

const MENU_FOR = (name: string) => ({
  kind: 'buttons',
  body: `What would you like to do, ${name}?`,
  buttons: [
    { id: 'chat_support', title: '💬 Chat Support' },
    { id: 'about', title: 'ℹ️ About us' },
    { id: 'change_name', title: '✏️ Change name' },
  ],
});

describe('a new contact (IDLE)', () => {
  it.each([typed('hi'), typed('what is this?'), media('image'), media('sticker'), tapped('main_menu', '📝 Main Menu'), media('unsupported')])(
    'is greeted and asked for a name on %j',
    (input) => {
      const decision = handleIncoming(conversation('IDLE'), input);
      expect(decision.state).toBe('AWAITING_NAME');
      expect(decision.stateData).toEqual({ greeted: true });
      expect(decision.chat).toBeNull();
      expect(decision.replies).toHaveLength(1);
      expect(decision.replies[0]?.kind).toBe('text');
      expect(decision.replies[0]?.body).toMatch(/name/i);
      expect(decision.replies[0]?.body).toContain('"chat support"');
    },
  );

  it('is asked for the name without the full greeting when already greeted', () => {
    const decision = handleIncoming(conversation('IDLE', { stateData: { greeted: true } }), typed('hello'));
    expect(decision.state).toBe('AWAITING_NAME');
    expect(decision.replies[0]?.body).toMatch(/name/i);
    expect(decision.replies[0]?.body).not.toBe(handleIncoming(conversation('IDLE'), typed('hello')).replies[0]?.body);
  });
});

describe('giving a name (AWAITING_NAME)', () => {
  it.each([
    ['John', 'John'],
    ['  john   smith ', 'john smith'],
    ['Ada\nLovelace', 'Ada Lovelace'],
    ['Ọlámidé', 'Ọlámidé'],
    ['李雷', '李雷'],
    ["D'Angelo", "D'Angelo"],
    ['Jo', 'Jo'],
    ['J'.repeat(60), 'J'.repeat(60)],
  ])('registers %j as %j, confirms, then shows the menu', (text, name) => {
    const decision = handleIncoming(conversation('AWAITING_NAME', { stateData: { greeted: true } }), typed(text));
    expect(decision).toEqual({
      state: 'REGISTERED',
      stateData: { greeted: true },
      registeredName: name,
      replies: [{ kind: 'text', body: `Thanks, ${name}! ✅ You're registered.` }, MENU_FOR(name)],
      chat: null,
    });
  });

  it.each(['J', ' ', '', '12345', '😀😀', '!!', 'J'.repeat(61), 'https://spam.example', 'www.example.org', 'visit shop.com', 'menu', 'Hi'])(
    're-asks on the invalid name %j',
    (text) => {
      const decision = handleIncoming(conversation('AWAITING_NAME'), typed(text));
      expect(decision.state).toBe('AWAITING_NAME');
      expect(decision.registeredName).toBeUndefined();
      expect(decision.replies).toHaveLength(1);
      expect(decision.replies[0]?.body).toMatch(/name/i);
    },
  );

  it.each([media('image', 'John'), media('audio'), tapped('about', 'ℹ️ About us'), tapped('main_menu', '📝 Main Menu'), media('location', 'Lagos')])(
    're-asks on a message that is not typed text: %j',
    (input) => {
      const decision = handleIncoming(conversation('AWAITING_NAME'), input);
      expect(decision.state).toBe('AWAITING_NAME');
      expect(decision.registeredName).toBeUndefined();
    },
  );

  it('lets someone changing their name go back to the menu with "menu"', () => {
    const decision = handleIncoming(conversation('AWAITING_NAME', { registeredName: 'John' }), typed('menu'));
    expect(decision).toEqual({ state: 'REGISTERED', stateData: {}, replies: [MENU_FOR('John')], chat: null });
  });
});

describe('name rules', () => {
  it.each([
    ['Mary-Jane', 'Mary-Jane'],
    ['john.smith', 'john.smith'],
    ['R2D2', 'R2D2'],
    ['12', null],
    ['http://x.io', null],
  ])('parseName(%j) is %j', (text, expected) => {
    expect(parseName(text)).toBe(expected);
  });
});

describe('a registered contact (REGISTERED)', () => {
  it.each([typed('menu'), typed('Main Menu'), typed('hi'), typed('Hello!'), typed('start'), tapped('main_menu', '📝 Main Menu')])(
    'gets the main menu on %j',
    (input) => {
      expect(handleIncoming(conversation('REGISTERED'), input)).toEqual({
        state: 'REGISTERED',
        stateData: {},
        replies: [MENU_FOR('John')],
        chat: null,
      });
    },
  );

  it.each([typed('done'), typed('end chat'), tapped('end_chat', '❌ End Chat')])(
    'gets the menu (where ending a chat leads) on a late %j, not a new chat',
    (input) => {
      const decision = handleIncoming(conversation('REGISTERED'), input);
      expect(decision.replies).toEqual([MENU_FOR('John')]);
      expect(decision.chat).toBeNull();
    },
  );

  it.each([typed('what are your prices?'), media('image'), media('document', 'invoice'), media('unsupported'), tapped('old-button', 'Old')])(
    'gets the help text and the menu on unknown input %j',
    (input) => {
      const decision = handleIncoming(conversation('REGISTERED'), input);
      expect(decision.state).toBe('REGISTERED');
      expect(decision.replies).toHaveLength(2);
      expect(decision.replies[0]?.kind).toBe('text');
      expect(decision.replies[0]?.body).toMatch(/^Sorry, I didn.t get that/);
      expect(decision.replies[0]?.body).toContain('chat support');
      expect(decision.replies[1]).toEqual(MENU_FOR('John'));
    },
  );

  it.each(['IDLE', 'AWAITING_NAME', 'REGISTERED', 'CHAT_SUPPORT_ACTIVE'] as const)(
    'does not answer a reaction or a system notice in %s: it only joins the history (and the open chat)',
    (state) => {
      for (const input of [media('reaction', '👍'), media('system', 'User changed number')]) {
        const before = conversation(state, { stateData: { ackPending: true } });
        expect(handleIncoming(before, input)).toEqual({
          state,
          stateData: { ackPending: true },
          replies: [],
          chat: state === 'CHAT_SUPPORT_ACTIVE' ? 'message' : null,
        });
      }
    },
  );

  it('answers the About item with its text, then the menu', () => {
    const decision = handleIncoming(conversation('REGISTERED'), tapped('about', 'ℹ️ About us'));
    expect(decision.state).toBe('REGISTERED');
    expect(decision.replies).toHaveLength(2);
    expect(decision.replies[0]?.kind).toBe('text');
    expect(decision.replies[1]).toEqual(MENU_FOR('John'));
  });

  it('asks for the name again on Change name', () => {
    const decision = handleIncoming(conversation('REGISTERED'), tapped('change_name', '✏️ Change name'));
    expect(decision.state).toBe('AWAITING_NAME');
    expect(decision.replies).toHaveLength(1);
    expect(decision.replies[0]?.body).toMatch(/name/i);

    const renamed = handleIncoming({ ...conversation('REGISTERED'), state: decision.state }, typed('Johnathan'));
    expect(renamed.registeredName).toBe('Johnathan');
    expect(renamed.replies[1]).toEqual(MENU_FOR('Johnathan'));
  });

  it('is treated as registered when the stored state is IDLE but a name is known', () => {
    expect(handleIncoming(conversation('IDLE', { registeredName: 'John' }), typed('menu')).replies).toEqual([MENU_FOR('John')]);
  });
});

describe('never throwing', () => {
  const odd = [
    { type: 'text', text: null, choice: null },
    { type: 'order', text: null, choice: null },
    { type: 'system', text: 'user changed number', choice: null },
    { type: 'interactive', text: null, choice: { kind: 'list_reply', id: '', title: '', description: null } },
  ] as const;
  const states = ['IDLE', 'AWAITING_NAME', 'REGISTERED', 'CHAT_SUPPORT_ACTIVE', 'SOMETHING_OLD'] as const;

  it.each(states.flatMap((state) => odd.map((input) => [state, input] as const)))('handles %s + %j', (state, input) => {
    // A state from an older version and stateData stored as JSON null must not crash the bot either.
    const conv = { ...conversation('IDLE'), state, stateData: null } as unknown as Parameters<typeof handleIncoming>[0];
    expect(() => handleIncoming(conv, input)).not.toThrow();
  });
});
