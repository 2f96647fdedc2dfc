import { describe, expect, it } from 'vitest';
import { isEndChatText, isMenuRequest, isSupportTrigger, normalize } from '../../src/bot/intents.js';

describe('normalize', () => {
  it.each([
    ['  END CHAT! ', 'end chat'],
    ['end_chat', 'end chat'],
    ['❌ End Chat', 'end chat'],
    ["I'm done", 'im done'],
    ['I’m done', 'im done'],
    ['talk-to-someone???', 'talk to someone'],
    ['👍🏽 ok', 'ok'],
    ['1️⃣  one\n\ttwo', '1 one two'],
    ['Café Olé', 'café olé'],
  ])('reads %j as %j', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });
});

describe('isEndChatText', () => {
  const phrases = ['end chat', 'close', 'done', 'quit chat', 'exit'];
  const variants = phrases.flatMap((phrase) => [phrase, phrase.toUpperCase(), ` ${phrase}. `, `${phrase}!`, `${phrase} 👋`]);

  it.each(variants)('ends the chat on %j', (text) => {
    expect(isEndChatText(text)).toBe(true);
  });

  it.each(['Done.', '  END CHAT! ', 'end_chat', 'Quit-chat', '❌ End Chat'])('ends the chat on %j', (text) => {
    expect(isEndChatText(text)).toBe(true);
  });

  it.each(["I'm done uploading but it fails", 'close the door', 'exit code 1', 'not done', 'chat', '', '   ', '!!!'])(
    'does not end the chat on %j',
    (text) => {
      expect(isEndChatText(text)).toBe(false);
    },
  );
});

describe('isSupportTrigger', () => {
  it.each([
    'chat support',
    'Chat Support',
    'support',
    'chat',
    'help me',
    'agent',
    'human',
    'talk to someone',
    'I need support',
    'can I talk to someone?',
    'please HELP ME!!',
    'Is there a human there?',
    'agent, please',
    'chat-support',
  ])('starts support on %j', (text) => {
    expect(isSupportTrigger(text)).toBe(true);
  });

  it.each(['supportive', 'chatting', 'helpme', 'agents', 'humane', 'talk to me', 'help', 'hello', '', 'end chat', 'quit chat'])(
    'does not start support on %j',
    (text) => {
      expect(isSupportTrigger(text)).toBe(false);
    },
  );

  it('matches keywords an operator wrote with punctuation or capitals', () => {
    const keywords = { supportExact: [], support: ['Speak to Staff!'], endChat: [], menu: [], language: [] };
    expect(isSupportTrigger('can I speak to staff', keywords)).toBe(true);
  });
});

describe('isMenuRequest', () => {
  it.each(['menu', 'Main Menu', 'main_menu', 'Hi!', 'hello', 'START'])('shows the menu on %j', (text) => {
    expect(isMenuRequest(text)).toBe(true);
  });

  it.each(['menu please', 'hi there, I have a problem', 'what is on the menu', ''])('does not on %j', (text) => {
    expect(isMenuRequest(text)).toBe(false);
  });
});
