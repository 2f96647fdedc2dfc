import type { BotContent } from './content.js';
import { RATING_ID } from './csat.js';
import { CHAT_SUPPORT_CHOICE } from './machine.js';
import { WHATSAPP_LIMITS as L } from './limits.js';

/**
 * What is wrong with an operator's content, in words an operator understands; empty when it is fine.
 * The bot clips anything too long rather than fail, so run this at start-up to hear about it instead.
 */
export function contentProblems(content: BotContent): string[] {
  const problems: string[] = [];
  const tooLong = (what: string, value: string, max: number): void => {
    if (value.length > max) problems.push(`${what} is ${value.length} characters; WhatsApp allows ${max}`);
  };
  const { chat, menu, registration } = content;
  const items = menu.items;

  tooLong('chat.welcome (without the name)', chat.welcome.split('{name}').join(''), L.interactiveBody);
  tooLong('chat.acknowledgement', chat.acknowledgement, L.interactiveBody);
  tooLong('chat.closing', chat.closing, L.interactiveBody);
  tooLong('chat.endChatButton.title', chat.endChatButton.title, L.buttonTitle);
  tooLong('chat.mainMenuButton.title', chat.mainMenuButton.title, L.buttonTitle);
  for (const [key, value] of Object.entries(registration)) tooLong(`registration.${key}`, value, L.textBody);
  tooLong('help', content.help, L.textBody);
  tooLong('menu.body (without the name)', menu.body.split('{name}').join(''), L.interactiveBody);
  tooLong('menu.listButton', menu.listButton, L.listButton);
  tooLong('menu.sectionTitle', menu.sectionTitle, L.sectionTitle);
  if (menu.footer !== undefined) tooLong('menu.footer', menu.footer, L.footer);

  if (items.length === 0) problems.push('menu.items is empty; the menu would have nothing to choose');
  if (items.length > L.maxRows) problems.push(`menu.items has ${items.length} items; WhatsApp shows at most ${L.maxRows}`);
  const titleMax = items.length <= L.maxButtons ? L.buttonTitle : L.rowTitle;
  for (const item of items) {
    tooLong(`menu item "${item.id}" title`, item.title, titleMax);
    if (item.description !== undefined) tooLong(`menu item "${item.id}" description`, item.description, L.rowDescription);
    if (item.action.type === 'reply') tooLong(`menu item "${item.id}" text`, item.action.text, L.textBody);
  }

  const away = content.hours.away.split('{name}').join('').split('{next}').join('');
  tooLong('hours.away (without the name and the time)', away, L.interactiveBody);
  const { csat } = content;
  tooLong('csat.question', csat.question, L.interactiveBody);
  tooLong('csat.listButton', csat.listButton, L.listButton);
  tooLong('csat.sectionTitle', csat.sectionTitle, L.sectionTitle);
  tooLong('csat.commentPrompt', csat.commentPrompt, L.interactiveBody);
  tooLong('csat.skipButton.title', csat.skipButton.title, L.buttonTitle);
  tooLong('csat.thanks', csat.thanks, L.textBody);
  const ratings = csat.ratings.map((r) => r.rating).sort();
  if (ratings.join() !== '1,2,3,4,5') problems.push('csat.ratings must give each rating from 1 to 5 once');
  for (const r of csat.ratings) {
    tooLong(`csat rating ${r.rating} title`, r.title, L.rowTitle);
    if (r.description !== undefined) tooLong(`csat rating ${r.rating} description`, r.description, L.rowDescription);
  }

  const reserved = [chat.endChatButton.id, chat.mainMenuButton.id, csat.skipButton.id];
  const ids = items.map((item) => item.id);
  for (const id of new Set(ids)) {
    if (ids.filter((other) => other === id).length > 1) problems.push(`menu item id "${id}" is used twice`);
    if (reserved.includes(id)) problems.push(`menu item id "${id}" is already the id of a chat button`);
    if (RATING_ID.test(id)) problems.push(`menu item id "${id}" is the id of a rating; give this item another id`);
    if (id === CHAT_SUPPORT_CHOICE && items.find((item) => item.id === id)?.action.type !== 'support') {
      problems.push(`menu item id "${CHAT_SUPPORT_CHOICE}" always starts a chat; give this item another id`);
    }
  }
  if (chat.endChatButton.id === chat.mainMenuButton.id) problems.push('the End Chat and Main Menu buttons share an id');
  return problems;
}
