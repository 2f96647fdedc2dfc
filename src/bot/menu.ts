import type { TextualMessage } from '../whatsapp/types.js';
import { defaultContent, type BotContent, type MenuItem } from './content.js';
import { clip, fillName, WHATSAPP_LIMITS as L } from './limits.js';

/**
 * The main menu for a contact called `name`: reply buttons when the items fit in three buttons, a list
 * otherwise. Titles are clipped to WhatsApp's limits so a too-long operator title degrades instead of
 * making WhatsApp reject the whole message.
 */
export function buildMainMenu(name: string, content: BotContent = defaultContent): TextualMessage {
  const { menu } = content;
  return buildMenu(fillName(menu.body, name, L.interactiveBody), menu.items, content);
}

/** A sub-menu: its own text and items, shown the same way (the list's button and section are the main menu's). */
export function buildSubmenu(item: MenuItem & { action: { type: 'submenu' } }, name: string, content: BotContent): TextualMessage {
  return buildMenu(fillName(item.action.body, name, L.interactiveBody), item.action.items, content, item.title);
}

function buildMenu(body: string, allItems: readonly MenuItem[], content: BotContent, sectionTitle = content.menu.sectionTitle): TextualMessage {
  const { menu } = content;
  const items = allItems.slice(0, L.maxRows);
  const footer = menu.footer === undefined ? {} : { footer: clip(menu.footer, L.footer) };
  // WhatsApp rejects interactive messages without choices; an operator who removed every item gets text.
  if (items.length === 0) return { kind: 'text', body };
  if (items.length <= L.maxButtons) {
    return {
      kind: 'buttons',
      body,
      ...footer,
      buttons: items.map((item) => ({ id: item.id, title: clip(item.title, L.buttonTitle) })),
    };
  }
  return {
    kind: 'list',
    body,
    ...footer,
    button: clip(menu.listButton, L.listButton),
    sections: [{ title: clip(sectionTitle, L.sectionTitle), rows: items.map(toRow) }],
  };
}

function toRow(item: MenuItem): { id: string; title: string; description?: string } {
  const row = { id: item.id, title: clip(item.title, L.rowTitle) };
  return item.description ? { ...row, description: clip(item.description, L.rowDescription) } : row;
}

/** The menu item (of the main menu or any sub-menu) a tapped button or list row stands for, if any. */
export function findMenuItem(choiceId: string, content: BotContent = defaultContent): MenuItem | undefined {
  return findIn(content.menu.items, choiceId, 0);
}

/** How deep sub-menus may nest (the main menu is level 0). */
export const MAX_MENU_DEPTH = 3;

function findIn(items: readonly MenuItem[], id: string, depth: number): MenuItem | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    if (item.action?.type === 'submenu' && depth < MAX_MENU_DEPTH) {
      const found = findIn(item.action.items ?? [], id, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** The list row id of a language: `language_fr`. */
export const LANGUAGE_ID_PREFIX = 'language_';

/** The languages to choose from, as a list (a single language needs no choice, but is shown all the same). */
export function buildLanguageList(languages: ReadonlyArray<{ code: string; name: string }>, content: BotContent): TextualMessage {
  const { languages: texts } = content;
  const rows = languages.slice(0, L.maxRows).map((language) => ({ id: LANGUAGE_ID_PREFIX + language.code, title: clip(language.name, L.rowTitle) }));
  if (rows.length <= L.maxButtons) {
    return { kind: 'buttons', body: clip(texts.body, L.interactiveBody), buttons: rows.map((row) => ({ id: row.id, title: clip(row.title, L.buttonTitle) })) };
  }
  return {
    kind: 'list', body: clip(texts.body, L.interactiveBody), button: clip(texts.listButton, L.listButton),
    sections: [{ title: clip(texts.sectionTitle, L.sectionTitle), rows }],
  };
}
