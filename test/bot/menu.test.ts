import { describe, expect, it } from 'vitest';
import { defaultContent, type BotContent, type MenuItem } from '../../src/bot/content.js';
import { handleIncoming } from '../../src/bot/machine.js';
import { buildMainMenu } from '../../src/bot/menu.js';
import { conversation, limitViolations, tapped, typed } from './helpers.js';

const withItems = (items: MenuItem[]): BotContent => ({ ...defaultContent, menu: { ...defaultContent.menu, items } });

const hours: MenuItem = { id: 'hours', title: '🕘 Opening hours', description: 'When we are open', action: { type: 'reply', text: 'Mon–Fri 9:00–17:00.' } };
const fourItems = withItems([...defaultContent.menu.items, hours]);

describe('the main menu', () => {
  it('is three reply buttons with the default items', () => {
    expect(buildMainMenu('John')).toEqual({
      kind: 'buttons',
      body: 'What would you like to do, John?',
      buttons: [
        { id: 'chat_support', title: '💬 Chat Support' },
        { id: 'about', title: 'ℹ️ About us' },
        { id: 'change_name', title: '✏️ Change name' },
      ],
    });
  });

  it('is a list with one section when there are more than three items', () => {
    const menu = buildMainMenu('John', fourItems);
    expect(menu).toMatchObject({ kind: 'list', body: 'What would you like to do, John?', button: 'Open menu' });
    if (menu.kind !== 'list') throw new Error('expected a list');
    expect(menu.sections).toHaveLength(1);
    expect(menu.sections[0]?.rows.map((row) => row.id)).toEqual(['chat_support', 'about', 'change_name', 'hours']);
    expect(menu.sections[0]?.rows[3]).toEqual({ id: 'hours', title: '🕘 Opening hours', description: 'When we are open' });
  });

  it('is buttons for one or two items', () => {
    expect(buildMainMenu('John', withItems([hours])).kind).toBe('buttons');
  });

  it('keeps within WhatsApp limits when an operator writes too much', () => {
    const long: MenuItem[] = Array.from({ length: 12 }, (_, i) => ({
      id: `item_${i}`,
      title: `A very long menu title number ${i}`,
      description: 'd'.repeat(100),
      action: { type: 'reply', text: 'x' },
    }));
    const content = withItems(long);
    const list = buildMainMenu('John', { ...content, menu: { ...content.menu, listButton: 'Open the complete menu now', footer: 'f'.repeat(80) } });
    expect(limitViolations(list)).toEqual([]);
    expect(limitViolations(buildMainMenu('John', withItems(long.slice(0, 3))))).toEqual([]);
  });

  it('runs a custom item chosen from the list, then shows the list again', () => {
    const decision = handleIncoming(conversation('REGISTERED'), tapped('hours', '🕘 Opening hours', 'list_reply'), fourItems);
    expect(decision.replies[0]).toEqual({ kind: 'text', body: 'Mon–Fri 9:00–17:00.' });
    expect(decision.replies[1]?.kind).toBe('list');
  });

  it('starts a chat from any item whose action is support', () => {
    const content = withItems([{ id: 'talk', title: '🙋 Talk to us', action: { type: 'support' } }]);
    expect(handleIncoming(conversation('REGISTERED'), tapped('talk'), content).chat).toBe('start');
  });

  it('uses the operator keywords', () => {
    const content = { ...defaultContent, keywords: { ...defaultContent.keywords, menu: ['options'] } };
    expect(handleIncoming(conversation('REGISTERED'), typed('Options'), content).replies).toHaveLength(1);
  });
});

it('answers an item with an action this version does not know like unknown input', () => {
  const content = withItems([{ id: 'x', title: 'X', action: { type: 'teleport' } } as unknown as MenuItem]);
  const decision = handleIncoming(conversation('REGISTERED'), tapped('x'), content);
  expect(decision.replies).toHaveLength(2);
  expect(decision.replies[0]?.body).toMatch(/^Sorry/);
});

describe('sub-menus and languages', () => {
  const faq: MenuItem = {
    id: 'faq', title: '❓ FAQ', description: 'Common questions',
    action: {
      type: 'submenu', body: 'What would you like to know, {name}?',
      items: [
        { id: 'fees', title: 'School fees', action: { type: 'reply', text: 'Fees are due by 15 September.' } },
        { id: 'exams', title: 'Exams', action: { type: 'submenu', body: 'Which exams?', items: [{ id: 'dates', title: 'Dates', action: { type: 'reply', text: 'Exams start on 1 June.' } }] } },
      ],
    },
  };
  const withFaq = withItems([defaultContent.menu.items[0]!, faq]);

  it('shows a sub-menu with its own text, and answers its items at any depth, then the main menu', () => {
    const registered = conversation('REGISTERED');
    expect(handleIncoming(registered, tapped('faq'), withFaq).replies).toEqual([{
      kind: 'buttons', body: 'What would you like to know, John?', buttons: [{ id: 'fees', title: 'School fees' }, { id: 'exams', title: 'Exams' }],
    }]);
    expect(handleIncoming(registered, tapped('exams'), withFaq).replies[0]).toMatchObject({ body: 'Which exams?' });
    const answer = handleIncoming(registered, tapped('dates'), withFaq);
    expect(answer.replies.map((r) => r.body)).toEqual(['Exams start on 1 June.', 'What would you like to do, John?']);
    expect(answer.state).toBe('REGISTERED');
  });

  const french: BotContent = { ...defaultContent, languages: { ...defaultContent.languages, changed: 'C\'est fait !' }, menu: { ...defaultContent.menu, body: 'Que souhaitez-vous faire, {name} ?' } };
  const languages = [{ code: 'en', name: 'English', content: defaultContent }, { code: 'fr', name: 'Français', content: french }];

  it('lists the languages on a menu item or the keyword, and switches to the one chosen (remembered by the caller)', () => {
    const withLanguage = withItems([...defaultContent.menu.items, { id: 'language', title: '🌐 Language', action: { type: 'language' } }]);
    const registered = conversation('REGISTERED');
    const list = handleIncoming(registered, tapped('language'), withLanguage, { languages });
    expect(list.replies).toEqual([{
      kind: 'buttons', body: defaultContent.languages.body, buttons: [{ id: 'language_en', title: 'English' }, { id: 'language_fr', title: 'Français' }],
    }]);
    expect(handleIncoming(registered, typed('Language'), defaultContent, { languages }).replies).toEqual(list.replies);
    const switched = handleIncoming(registered, tapped('language_fr'), defaultContent, { languages });
    expect(switched).toMatchObject({ language: 'fr', state: 'REGISTERED', chat: null });
    expect(switched.replies.map((r) => r.body)).toEqual(["C'est fait !", 'Que souhaitez-vous faire, John ?']);
  });

  it('lets a new contact switch before giving a name, and then asks for it in the new language', () => {
    const switched = handleIncoming(conversation('AWAITING_NAME', { stateData: { greeted: true } }), tapped('language_fr'), defaultContent, { languages });
    expect(switched).toMatchObject({ language: 'fr', state: 'AWAITING_NAME' });
    expect(switched.replies.map((r) => r.body)).toEqual(["C'est fait !", french.registration.askName]);
    // A language the content does not have is not a choice.
    expect(handleIncoming(conversation('REGISTERED'), tapped('language_de'), defaultContent, { languages }).language).toBeUndefined();
  });
});
