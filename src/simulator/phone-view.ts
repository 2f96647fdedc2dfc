import type { GraphMessageBody } from '../whatsapp/graph-payloads.js';
import type { OfferedChoices } from './store.js';
import type { TranscriptEntry } from './types.js';

export interface TemplateBody {
  type: 'template';
  template: { name: string; language: { code: string } };
}

/** What the user's phone shows for an accepted business message. */
export function phoneView(body: GraphMessageBody | TemplateBody): Pick<TranscriptEntry, 'kind' | 'text' | 'footer' | 'buttons' | 'list'> {
  if (body.type === 'template') return { kind: 'text', text: `[template ${body.template.name}]` };
  if (body.type === 'text') return { kind: 'text', text: body.text.body };
  if (body.type !== 'interactive') return { kind: 'text', text: `[${body.type}]` };
  const { interactive } = body;
  const footer = interactive.footer === undefined ? {} : { footer: interactive.footer.text };
  if (interactive.type === 'button') {
    const buttons = interactive.action.buttons.map(({ reply }) => ({ id: reply.id, title: reply.title }));
    return { kind: 'buttons', text: interactive.body.text, ...footer, buttons };
  }
  return { kind: 'list', text: interactive.body.text, ...footer, list: interactive.action };
}

/** The buttons or rows a message offers: a later tap must name one of them. */
export function offeredChoices(body: GraphMessageBody | TemplateBody, wamid: string): OfferedChoices | null {
  if (body.type !== 'interactive') return null;
  const { interactive } = body;
  if (interactive.type === 'button') {
    return { wamid, reply: 'button_reply', choices: interactive.action.buttons.map(({ reply }) => ({ ...reply })) };
  }
  return { wamid, reply: 'list_reply', choices: interactive.action.sections.flatMap((section) => section.rows) };
}
