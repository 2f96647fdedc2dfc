import { describe, expect, it } from 'vitest';
import { contentProblems } from '../../src/bot/content-check.js';
import { defaultContent } from '../../src/bot/content.js';
import { clip, fillName, splitText } from '../../src/bot/limits.js';
import { agentReply, endChat, handleIncoming } from '../../src/bot/machine.js';
import type { BotInput, ConversationState } from '../../src/bot/types.js';
import { conversation, limitViolations, media, tapped, typed } from './helpers.js';

describe('every reply stays within WhatsApp limits, even for a 200-character name', () => {
  const longName = 'Bartholomew '.repeat(17).slice(0, 200);
  const states: ConversationState[] = ['IDLE', 'AWAITING_NAME', 'REGISTERED', 'CHAT_SUPPORT_ACTIVE'];
  const inputs: BotInput[] = [
    typed('hi'), typed('chat support'), typed('menu'), typed('done'), typed('something else'), typed(longName),
    tapped('chat_support'), tapped('main_menu'), tapped('about'), tapped('change_name'), tapped('end_chat'), media('image'),
  ];
  const cases = states.flatMap((state) => inputs.map((input) => [state, input] as const));

  it.each(cases)('%s + %j', (state, input) => {
    for (const names of [{ registeredName: longName }, { registeredName: null, profileName: longName }]) {
      const conv = conversation(state, { ...names, stateData: { ackPending: true } });
      for (const reply of handleIncoming(conv, input).replies) expect(limitViolations(reply)).toEqual([]);
    }
  });

  it('shortens the name, not the instructions, in the welcome', () => {
    const [welcome] = handleIncoming(conversation('REGISTERED', { registeredName: 'N'.repeat(2000) }), typed('support')).replies;
    expect(welcome?.body.length).toBeLessThanOrEqual(1024);
    expect(welcome?.body.endsWith("select 'End Chat' to return to the main menu.")).toBe(true);
  });

  it('agent replies and closings stay within limits', () => {
    const conv = conversation('CHAT_SUPPORT_ACTIVE', { registeredName: longName });
    for (const reply of agentReply(conv, '🎧'.repeat(5000)).replies) expect(limitViolations(reply)).toEqual([]);
    for (const reply of endChat(conv, { closingText: 'bye '.repeat(600) }).replies) expect(limitViolations(reply)).toEqual([]);
  });
});

describe('text helpers', () => {
  it('clips at a character boundary with an ellipsis', () => {
    expect(clip('hello world', 8)).toBe('hello w…');
    expect(clip('😀😀😀', 5)).toBe('😀😀…');
    expect(clip('short', 20)).toBe('short');
  });

  it('fills every {name}', () => {
    expect(fillName('{name}, hi {name}', 'Jo', 100)).toBe('Jo, hi Jo');
  });

  it('splits long text without breaking emoji and loses no words', () => {
    const text = '🎧'.repeat(3000);
    const pieces = splitText(text, 4096);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(4096);
  });
});

describe('content check', () => {
  it('finds nothing wrong with the default content', () => {
    expect(contentProblems(defaultContent)).toEqual([]);
  });

  it('names what an operator got wrong', () => {
    const problems = contentProblems({
      ...defaultContent,
      chat: { ...defaultContent.chat, endChatButton: { id: 'end_chat', title: '❌ End this chat right now' } },
      menu: {
        ...defaultContent.menu,
        items: [
          { id: 'main_menu', title: 'Menu', action: { type: 'reply', text: 'x' } },
          { id: 'a', title: 'A', action: { type: 'rename' } },
          { id: 'a', title: 'A again', action: { type: 'rename' } },
          { id: 'csat_3', title: 'Three', action: { type: 'rename' } },
        ],
      },
      csat: {
        ...defaultContent.csat,
        ratings: [...defaultContent.csat.ratings.slice(0, 4), { rating: 4, title: 'Four again, and far too long' }],
      },
    });
    expect(problems).toEqual([
      'chat.endChatButton.title is 25 characters; WhatsApp allows 20',
      'csat.ratings must give each rating from 1 to 5 once',
      'csat.ratings[4].title is 28 characters; WhatsApp allows 24',
      'menu item id "main_menu" is already the id of a chat button',
      'menu item id "a" is used twice',
      'menu item id "csat_3" is the id of a rating; give this item another id',
    ]);
  });
});
