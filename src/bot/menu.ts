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
  const items = menu.items.slice(0, L.maxRows);
  const body = fillName(menu.body, name, L.interactiveBody);
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
    sections: [{ title: clip(menu.sectionTitle, L.sectionTitle), rows: items.map(toRow) }],
  };
}

function toRow(item: MenuItem): { id: string; title: string; description?: string } {
  const row = { id: item.id, title: clip(item.title, L.rowTitle) };
  return item.description ? { ...row, description: clip(item.description, L.rowDescription) } : row;
}

/** The menu item a tapped button or list row stands for, if any. */
export function findMenuItem(choiceId: string, content: BotContent = defaultContent): MenuItem | undefined {
  return content.menu.items.find((item) => item.id === choiceId);
}
