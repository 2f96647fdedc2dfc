import type { BotContent, MenuItem } from './content.js';
import { RATING_ID } from './csat.js';
import { CHAT_SUPPORT_CHOICE } from './machine.js';
import { WHATSAPP_LIMITS as L } from './limits.js';
import { LANGUAGE_ID_PREFIX, MAX_MENU_DEPTH } from './menu.js';

/** A problem with one field of the content: where (the path of keys) and what, in an operator's words. */
export interface ContentIssue {
  path: Array<string | number>;
  message: string;
}

/**
 * The placeholders each text may use; any other `{word}` in it is a mistake (a typo would reach users
 * as is). Texts not listed take none.
 */
const PLACEHOLDERS: Record<string, readonly string[]> = {
  'chat.welcome': ['name'],
  'chat.agentJoined': ['agent', 'name'],
  'registration.confirmation': ['name'],
  'menu.body': ['name'],
  'hours.away': ['name', 'next'],
  'hours.acknowledgement': ['next'],
  'hours.today': ['time'],
  'hours.tomorrow': ['time'],
  'hours.thisWeek': ['weekday', 'time'],
  'hours.later': ['weekday', 'date', 'time'],
};

/**
 * What is wrong with an operator's content, in words an operator understands; empty when it is fine.
 * The bot clips anything too long rather than fail, so the content file is checked with this at start
 * and on every reload (content/file.ts adds the line of each problem).
 */
export function contentIssues(content: BotContent): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const at = (path: Array<string | number>, message: string) => issues.push({ path, message });
  const name = (path: Array<string | number>) => path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('').slice(1);
  const tooLong = (path: Array<string | number>, value: string, max: number, note = ''): void => {
    if (value.length > max) at(path, `${name(path)}${note} is ${value.length} characters; WhatsApp allows ${max}`);
  };
  const placeholders = (path: Array<string | number>, value: string, allowed: readonly string[] = PLACEHOLDERS[name(path)] ?? []): void => {
    for (const [, word] of value.matchAll(/\{(\w+)\}/g)) {
      if (!allowed.includes(word!)) {
        at(path, `${name(path)} has the placeholder {${word}}, which is not filled in here; ${allowed.length === 0 ? 'this text takes none' : `it may use ${allowed.map((p) => `{${p}}`).join(', ')}`}`);
      }
    }
  };
  const without = (value: string, path: Array<string | number>) => (PLACEHOLDERS[name(path)] ?? []).reduce((text, p) => text.split(`{${p}}`).join(''), value);
  const texts = (group: string, values: object, max: number) => {
    for (const [key, value] of Object.entries(values)) {
      if (typeof value !== 'string') continue;
      const path = [group, key];
      placeholders(path, value);
      tooLong(path, without(value, path), max, PLACEHOLDERS[name(path)] ? ' (without its placeholders)' : '');
    }
  };
  const { chat, menu, registration, csat, hours } = content;

  tooLong(['chat', 'welcome'], without(chat.welcome, ['chat', 'welcome']), L.interactiveBody, ' (without the name)');
  placeholders(['chat', 'welcome'], chat.welcome);
  for (const key of ['acknowledgement', 'closing'] as const) {
    tooLong(['chat', key], chat[key], L.interactiveBody);
    placeholders(['chat', key], chat[key]);
  }
  placeholders(['chat', 'agentJoined'], chat.agentJoined);
  placeholders(['chat', 'agentPrefix'], chat.agentPrefix);
  tooLong(['chat', 'endChatButton', 'title'], chat.endChatButton.title, L.buttonTitle);
  tooLong(['chat', 'mainMenuButton', 'title'], chat.mainMenuButton.title, L.buttonTitle);
  texts('registration', registration, L.textBody);
  tooLong(['help'], content.help, L.textBody);
  tooLong(['menu', 'body'], without(menu.body, ['menu', 'body']), L.interactiveBody, ' (without the name)');
  placeholders(['menu', 'body'], menu.body);
  tooLong(['menu', 'listButton'], menu.listButton, L.listButton);
  tooLong(['menu', 'sectionTitle'], menu.sectionTitle, L.sectionTitle);
  if (menu.footer !== undefined) tooLong(['menu', 'footer'], menu.footer, L.footer);

  const away = hours.away;
  tooLong(['hours', 'away'], without(away, ['hours', 'away']), L.interactiveBody, ' (without its placeholders)');
  for (const key of ['away', 'today', 'tomorrow', 'thisWeek', 'later', 'unknown'] as const) placeholders(['hours', key], hours[key]);
  if (hours.acknowledgement !== undefined) {
    tooLong(['hours', 'acknowledgement'], without(hours.acknowledgement, ['hours', 'acknowledgement']), L.interactiveBody, ' (without its placeholders)');
    placeholders(['hours', 'acknowledgement'], hours.acknowledgement);
  }

  tooLong(['languages', 'body'], content.languages.body, L.interactiveBody);
  tooLong(['languages', 'listButton'], content.languages.listButton, L.listButton);
  tooLong(['languages', 'sectionTitle'], content.languages.sectionTitle, L.sectionTitle);
  tooLong(['languages', 'changed'], content.languages.changed, L.textBody);

  tooLong(['csat', 'question'], csat.question, L.interactiveBody);
  tooLong(['csat', 'listButton'], csat.listButton, L.listButton);
  tooLong(['csat', 'sectionTitle'], csat.sectionTitle, L.sectionTitle);
  tooLong(['csat', 'commentPrompt'], csat.commentPrompt, L.interactiveBody);
  tooLong(['csat', 'skipButton', 'title'], csat.skipButton.title, L.buttonTitle);
  tooLong(['csat', 'thanks'], csat.thanks, L.textBody);
  const ratings = csat.ratings.map((r) => r.rating).sort();
  if (ratings.join() !== '1,2,3,4,5') at(['csat', 'ratings'], 'csat.ratings must give each rating from 1 to 5 once');
  csat.ratings.forEach((r, i) => {
    tooLong(['csat', 'ratings', i, 'title'], r.title, L.rowTitle);
    if (r.description !== undefined) tooLong(['csat', 'ratings', i, 'description'], r.description, L.rowDescription);
  });

  menuIssues(content, at, tooLong);
  if (chat.endChatButton.id === chat.mainMenuButton.id) at(['chat', 'mainMenuButton', 'id'], 'the End Chat and Main Menu buttons share an id');
  return issues;
}

/** `contentIssues` as plain sentences (each names its field). */
export function contentProblems(content: BotContent): string[] {
  return contentIssues(content).map((issue) => issue.message);
}

function menuIssues(
  content: BotContent,
  at: (path: Array<string | number>, message: string) => void,
  tooLong: (path: Array<string | number>, value: string, max: number) => void,
): void {
  const reserved = [content.chat.endChatButton.id, content.chat.mainMenuButton.id, content.csat.skipButton.id];
  const seen = new Set<string>();
  const walk = (items: readonly MenuItem[], path: Array<string | number>, depth: number): void => {
    if (items.length === 0) at(path, depth === 0 ? 'menu.items is empty; the menu would have nothing to choose' : `the sub-menu at ${path.join('.')} has no items`);
    if (items.length > L.maxRows) at(path, `${depth === 0 ? 'menu.items' : 'a sub-menu'} has ${items.length} items; WhatsApp shows at most ${L.maxRows}`);
    const titleMax = items.length <= L.maxButtons ? L.buttonTitle : L.rowTitle;
    items.forEach((item, i) => {
      const here = [...path, i];
      tooLong([...here, 'title'], item.title, titleMax);
      if (item.description !== undefined) tooLong([...here, 'description'], item.description, L.rowDescription);
      const id = item.id;
      if (seen.has(id)) at([...here, 'id'], `menu item id "${id}" is used twice`);
      seen.add(id);
      if (reserved.includes(id)) at([...here, 'id'], `menu item id "${id}" is already the id of a chat button`);
      if (RATING_ID.test(id)) at([...here, 'id'], `menu item id "${id}" is the id of a rating; give this item another id`);
      if (id.startsWith(LANGUAGE_ID_PREFIX)) at([...here, 'id'], `menu item id "${id}" starts like a language choice (${LANGUAGE_ID_PREFIX}…); give this item another id`);
      if (id === CHAT_SUPPORT_CHOICE && item.action.type !== 'support') at([...here, 'id'], `menu item id "${CHAT_SUPPORT_CHOICE}" always starts a chat; give this item another id`);
      if (item.action.type === 'reply') tooLong([...here, 'action', 'text'], item.action.text, L.textBody);
      if (item.action.type === 'submenu') {
        tooLong([...here, 'action', 'body'], item.action.body.split('{name}').join(''), L.interactiveBody);
        if (depth + 1 > MAX_MENU_DEPTH) at([...here, 'action'], `sub-menus nest at most ${MAX_MENU_DEPTH} deep`);
        else walk(item.action.items, [...here, 'action', 'items'], depth + 1);
      }
    });
  };
  walk(content.menu.items, ['menu', 'items'], 0);
}
