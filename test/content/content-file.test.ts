import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { defaultContent } from '../../src/bot/content.js';
import { DEFAULT_CONTENT_FILE } from '../../src/config.js';
import { ContentFileError, loadContentFile, parseContent, type ContentFileProblem } from '../../src/content/file.js';
import { ContentLibrary } from '../../src/content/library.js';

/** The problems of a file's text, or [] when it is accepted. */
function problemsOf(text: string): ContentFileProblem[] {
  try {
    parseContent(text, 'test.yaml');
    return [];
  } catch (err) {
    if (err instanceof ContentFileError) return err.problems;
    throw err;
  }
}

const shipped = await readFile(DEFAULT_CONTENT_FILE, 'utf8');
/** The shipped file with `from` replaced by `to` (exactly once). */
function edited(from: string, to: string): string {
  expect(shipped.split(from)).toHaveLength(2);
  return shipped.replace(from, to);
}
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

describe('the content file', () => {
  it('ships the seed\'s texts as its English, with a language item added to the menu, and French as the example', async () => {
    const set = await loadContentFile(DEFAULT_CONTENT_FILE);
    expect(set.defaultLanguage).toBe('en');
    expect(set.languages.map((l) => [l.code, l.name])).toEqual([['en', 'English'], ['fr', 'Français']]);
    const english = set.languages[0]!.content;
    expect({ ...english, menu: { ...english.menu, items: english.menu.items.slice(0, 3) } }).toEqual(defaultContent);
    expect(english.menu.items[3]).toEqual({ id: 'language', title: '🌐 Language', description: 'Français, English', action: { type: 'language' } });
    expect(set.countryLanguages).toMatchObject({ FR: 'fr', CI: 'fr', SN: 'fr' });
  });

  it('refuses each kind of mistake with its line and reason', () => {
    const cases: Array<[string, string, string, RegExp]> = [
      // [what is replaced, by what, the line to point at (text found in the edited file), the reason]
      ['      closing: Thank you for contacting support!\n', '      closing: Thanks\n      closing: Bye\n', 'closing: Bye', /^Map keys must be unique$/],
      ['      closing: Thank you for contacting support!\n', '      closng: Thank you for contacting support!\n', 'closng:', /languages\.en\.chat\.closng is not a field here \(a typo\?\)/],
      ['      closing: Thank you for contacting support!\n', '', 'chat:\n      welcome', /languages\.en\.chat\.closing is missing/],
      ['endChatButton: { id: end_chat, title: ❌ End Chat }', 'endChatButton: { id: end_chat, title: ❌ End this chat right now }', 'End this chat right now', /chat\.endChatButton\.title is 25 characters; WhatsApp allows 20/],
      ['        - id: change_name\n          title: ✏️ Change name', '        - id: about\n          title: ✏️ Change name', 'id: about\n          title: ✏️ Change name', /menu item id "about" is used twice/],
      ['body: What would you like to do, {name}?', 'body: What would you like to do, {nmae}?', 'What would you like to do, {nmae}', /menu\.body has the placeholder \{nmae\}, which is not filled in here; it may use \{name\}/],
      ['          action: { type: rename }\n        - id: language\n          title: 🌐 Language', '          action: { type: forget }\n        - id: language\n          title: 🌐 Language', 'type: forget', /action must be a mapping whose type is one of support, reply, rename, submenu, language/],
      ['defaultLanguage: en\n', 'defaultLanguage: de\n', 'defaultLanguage: de', /defaultLanguage "de" is not one of the languages \(en, fr\)/],
      ['  SN: fr\n', '  SN: wo\n', 'SN: wo', /countryLanguages\.SN: "wo" is not one of the languages/],
      ['      weekdays: [Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday]', '      weekdays: [Monday, Tuesday]', 'weekdays: [Monday, Tuesday]', /hours\.weekdays must have 7 entries \(it has 2\)/],
      ['    help: |-\n      Sorry', '    help: 42\n    helper: |-\n      Sorry', 'help: 42', /languages\.en\.help must be a text/],
    ];
    for (const [from, to, at, reason] of cases) {
      const text = edited(from, to);
      const problems = problemsOf(text);
      expect(problems, `${to.trim()} → ${reason}`).toContainEqual({ line: lineOf(text, at), message: expect.stringMatching(reason) });
    }
  });

  it('checks sub-menus: their items, their ids against the whole menu, and how deep they nest', () => {
    const faq = (inner: string) => edited('        - id: language\n          title: 🌐 Language', `        - id: faq\n          title: ❓ FAQ\n          action:\n            type: submenu\n            body: Questions, {name}?\n            items:\n${inner}        - id: language\n          title: 🌐 Language`);
    expect(problemsOf(faq('              - { id: fees, title: School fees, action: { type: reply, text: Fees are due in September. } }\n'))).toEqual([]);
    const duplicate = faq('              - { id: about, title: About again, action: { type: reply, text: Hello } }\n');
    expect(problemsOf(duplicate)).toContainEqual({ line: lineOf(duplicate, 'id: about, title: About again'), message: expect.stringMatching(/menu item id "about" is used twice/) });
    const nested = (depth: number): string => depth === 0
      ? '{ id: leaf, title: Leaf, action: { type: support } }'
      : `{ id: level${depth}, title: Level ${depth}, action: { type: submenu, body: Deeper, items: [${nested(depth - 1)}] } }`;
    expect(problemsOf(faq(`              - ${nested(3)}\n`)).map((p) => p.message)).toContainEqual(expect.stringMatching(/sub-menus nest at most 3 deep/));
  });

  it('reads JSON too, with lines', () => {
    const json = JSON.stringify({ defaultLanguage: 'en', languages: { en: { name: 'English', ...defaultContent, help: 7 } } }, null, 2);
    expect(problemsOf(json)).toEqual([{ line: lineOf(json, '"help": 7'), message: 'languages.en.help must be a text' }]);
  });
});

describe('the language of a conversation', () => {
  it('is the one chosen, else the one of the number\'s country, else the default', async () => {
    const library = await ContentLibrary.fromFile(DEFAULT_CONTENT_FILE);
    expect(library.languageOf({ language: null, phoneNumber: '+2348012345678' })).toBe('en');
    expect(library.languageOf({ language: null, phoneNumber: '+33612345678' })).toBe('fr');
    expect(library.languageOf({ language: null, phoneNumber: '+2250712345678' })).toBe('fr');
    expect(library.languageOf({ language: 'en', phoneNumber: '+33612345678' })).toBe('en');
    // A language the file no longer has falls back; a username-only contact has no country.
    expect(library.languageOf({ language: 'de', phoneNumber: '+33612345678' })).toBe('fr');
    expect(library.languageOf({ language: null, phoneNumber: null })).toBe('en');
    expect(library.for({ language: 'fr', phoneNumber: null }).chat.closing).toBe("Merci d'avoir contacté l'assistance !");
  });
});
