import type { BotInput, ConversationSnapshot, ConversationState } from '../../src/bot/types.js';
import type { InboundChoice, TextualMessage } from '../../src/whatsapp/types.js';

export function conversation(
  state: ConversationState,
  overrides: Partial<ConversationSnapshot> = {},
): ConversationSnapshot {
  const registeredName = state === 'REGISTERED' ? 'John' : null;
  return { state, stateData: {}, registeredName, profileName: 'Johnny WA', ...overrides };
}

export function typed(text: string): BotInput {
  return { type: 'text', text, choice: null };
}

/** A tap on one of our reply buttons; WhatsApp puts the button title in the text. */
export function tapped(id: string, title = id, kind: InboundChoice['kind'] = 'button_reply'): BotInput {
  return { type: kind === 'quick_reply' ? 'button' : 'interactive', text: title, choice: { kind, id, title, description: null } };
}

export function media(type: BotInput['type'] = 'image', caption: string | null = null): BotInput {
  return { type, text: caption, choice: null };
}

/** Every way a reply could break WhatsApp's rules, as readable strings (empty when the reply is valid). */
export function limitViolations(message: TextualMessage): string[] {
  const problems: string[] = [];
  const max = (what: string, value: string, limit: number): void => {
    if (value.length > limit) problems.push(`${what} ${value.length} > ${limit}`);
    if (value.trim() === '') problems.push(`${what} is empty`);
  };
  if (message.kind === 'text') {
    max('text body', message.body, 4096);
    return problems;
  }
  max('interactive body', message.body, 1024);
  if (message.footer !== undefined) max('footer', message.footer, 60);
  if (message.kind === 'buttons') {
    if (message.buttons.length < 1 || message.buttons.length > 3) problems.push(`${message.buttons.length} buttons`);
    for (const button of message.buttons) max('button title', button.title, 20);
    if (new Set(message.buttons.map((b) => b.id)).size !== message.buttons.length) problems.push('duplicate button ids');
    return problems;
  }
  max('list button', message.button, 20);
  const rows = message.sections.flatMap((section) => section.rows);
  if (rows.length < 1 || rows.length > 10) problems.push(`${rows.length} rows`);
  for (const section of message.sections) if (section.title !== undefined) max('section title', section.title, 24);
  for (const row of rows) {
    max('row title', row.title, 24);
    if (row.description !== undefined) max('row description', row.description, 72);
  }
  if (new Set(rows.map((r) => r.id)).size !== rows.length) problems.push('duplicate row ids');
  return problems;
}
