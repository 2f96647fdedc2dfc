import { describe, expect, it } from 'vitest';
import { defaultContent } from '../../src/bot/content.js';
import { ratingOf, ratingQuestion } from '../../src/bot/csat.js';
import { handleIncoming } from '../../src/bot/machine.js';
import { conversation, limitViolations, tapped, typed } from './helpers.js';

const CHAT = '5a0f4b7e-3c1d-4e2a-9b8c-7d6e5f4a3b2c';
const { csat } = defaultContent;

describe('reading a rating', () => {
  it('takes a row of the list, a typed digit, a digit with stars or "/5", and stars alone or before words', () => {
    expect(ratingOf('csat_4', null)).toBe(4);
    expect(['5', ' 3 ', '4/5', '4 / 5', '2 stars', '1 star', '5 ⭐', '5⭐⭐', '3!', '4 - good', '5: great service'].map((w) => ratingOf(null, w))).toEqual([5, 3, 4, 4, 2, 1, 5, 5, 3, 4, 5]);
    expect(['⭐', '⭐⭐⭐', '⭐️⭐️⭐️⭐️', '⭐⭐⭐⭐ Good', '⭐⭐⭐⭐⭐ Excellent'].map((w) => ratingOf(null, w))).toEqual([1, 3, 4, 4, 5]);
  });

  it('refuses what is not a rating: other numbers, numbers inside sentences, too many stars', () => {
    expect(['0', '6', '10', '45', '3 of my classes are cancelled', 'I give it 5', '⭐⭐⭐⭐⭐⭐', 'five', ''].map((w) => ratingOf(null, w))).toEqual(Array(9).fill(null));
    expect(ratingOf('csat_6', null)).toBeNull();
    expect(ratingOf('main_menu', 'Main Menu')).toBeNull();
  });

  it('asks with a list WhatsApp accepts: five rows, best first', () => {
    const question = ratingQuestion(defaultContent);
    expect(limitViolations(question)).toEqual([]);
    expect(question.kind === 'list' && question.sections[0]!.rows.map((r) => r.id)).toEqual(['csat_5', 'csat_4', 'csat_3', 'csat_2', 'csat_1']);
  });
});

describe('the bot with a rating question open', () => {
  const asked = (step: 'rating' | 'comment' = 'rating', state: 'REGISTERED' | 'IDLE' = 'REGISTERED') =>
    conversation(state, { stateData: { csat: { chat: CHAT, step } } });

  it('records a tapped rating and asks for a comment, keeping the state', () => {
    const decision = handleIncoming(asked(), tapped('csat_5', '⭐⭐⭐⭐⭐ Excellent', 'list_reply'));
    expect(decision).toMatchObject({ state: 'REGISTERED', chat: null, csat: { chatSessionId: CHAT, rating: 5 }, stateData: { csat: { chat: CHAT, step: 'comment' } } });
    expect(decision.replies).toEqual([{ kind: 'buttons', body: csat.commentPrompt, buttons: [csat.skipButton] }]);
  });

  it('takes a template quick reply by its words', () => {
    expect(handleIncoming(asked(), tapped('⭐⭐', '⭐⭐', 'quick_reply')).csat).toEqual({ chatSessionId: CHAT, rating: 2 });
  });

  it('stores the comment, thanks, shows the menu and closes the question', () => {
    const decision = handleIncoming(asked('comment'), typed('The agent was patient'));
    expect(decision.csat).toEqual({ chatSessionId: CHAT, comment: 'The agent was patient' });
    expect(decision.stateData.csat).toBeUndefined();
    expect(decision.replies.map((r) => r.body)).toEqual([csat.thanks, 'What would you like to do, John?']);
  });

  it('takes "done" as a skip, and a sentence that mentions the agent or support as a comment', () => {
    expect(handleIncoming(asked('comment'), typed('done'))).toMatchObject({ replies: [{ body: csat.thanks }, { body: 'What would you like to do, John?' }], chat: null });
    expect(handleIncoming(asked('comment'), typed('done')).csat).toBeUndefined();
    expect(handleIncoming(asked('comment'), typed('Your support chat is great')).csat).toEqual({ chatSessionId: CHAT, comment: 'Your support chat is great' });
    expect(handleIncoming(asked('comment'), typed('agent'))).toMatchObject({ chat: 'start' });
  });

  it('thanks a new contact without a menu (they give their name next time)', () => {
    const decision = handleIncoming(asked('comment', 'IDLE'), tapped(csat.skipButton.id));
    expect(decision).toMatchObject({ state: 'IDLE', replies: [{ kind: 'text', body: csat.thanks }], chat: null });
    expect(decision.csat).toBeUndefined();
  });

  it('serves a request at the comment step instead of storing it', () => {
    const decision = handleIncoming(asked('comment'), typed('chat support'));
    expect(decision).toMatchObject({ state: 'CHAT_SUPPORT_ACTIVE', chat: 'start' });
    expect(decision.csat).toBeUndefined();
    expect(decision.stateData.csat).toBeUndefined();
  });

  it('leaves other input to the bot and keeps the rating question open; a number at the comment step is a comment', () => {
    const menu = handleIncoming(asked(), typed('menu'));
    expect(menu.csat).toBeUndefined();
    expect(menu.stateData.csat).toEqual({ chat: CHAT, step: 'rating' });
    expect(handleIncoming(asked('comment'), typed('4')).csat).toEqual({ chatSessionId: CHAT, comment: '4' });
  });

  it('forgets the question when a new chat starts, and never reads a rating inside a chat', () => {
    const started = handleIncoming(asked(), tapped('chat_support'));
    expect(started.stateData.csat).toBeUndefined();
    const inChat = handleIncoming(conversation('CHAT_SUPPORT_ACTIVE', { registeredName: 'John', stateData: { csat: { chat: CHAT, step: 'rating' } } }), typed('5'));
    expect(inChat).toMatchObject({ chat: 'message' });
    expect(inChat.csat).toBeUndefined();
  });
});
