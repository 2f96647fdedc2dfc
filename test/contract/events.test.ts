import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { DomainEventPayloads } from '../../src/contract/events.js';
import { markAccepted } from '../../src/store/messages.js';
import { useServices } from '../helpers/services.js';

const ADA = '2348031000004';
const PHONE = `+${ADA}`;
const tapChatSupport = { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'chat_support', title: 'Chat Support' } } };

/** What the server publishes is what the contract promises the inbox (the web type-checks against it). */
describe('the live events contract', () => {
  const s = useServices();

  it('every event of a whole chat matches its schema in contract/events.ts', async () => {
    const grace = await s.agents.create({ name: 'Grace', email: 'grace@example.com', role: 'agent' });
    await s.userWrites(ADA, 'hello');
    await s.userWrites(ADA, tapChatSupport);
    await s.useCases.sendAgentMessage(PHONE, 'Hello Ada', { id: grace.id, name: grace.name });
    await s.useCases.assignChat(PHONE, null, { id: null, name: 'Admin', role: 'admin' });
    const reply = (await s.messages(ADA)).filter((m) => m.sender === 'agent').at(-1)!;
    await s.database.db.transaction((tx) => markAccepted(tx, [{ messageId: reply.id, wamid: 'wamid.contract.1' }]));
    await s.statusArrives('wamid.contract.1', 'failed', ADA, { errors: [{ code: 131047, title: 'Re-engagement message' }] });
    // A reaction on the agent's reply changes that message: message.updated.
    await s.userWrites(ADA, { type: 'reaction', reaction: { message_id: 'wamid.contract.1', emoji: '🙏' } });
    await s.userWrites(ADA, { type: 'image', image: { id: 'media.contract.1', mime_type: 'image/jpeg', sha256: 'x' } });
    // The team's events: a label, a note mentioning a colleague (note.created, notification.created).
    const tunde = await s.agents.create({ name: 'Tunde', email: 'tunde@example.com', role: 'agent' });
    await s.useCases.createLabel({ name: 'exams' });
    await s.useCases.setConversationLabels(PHONE, ['exams'], { id: grace.id, name: grace.name });
    await s.useCases.addNote(PHONE, 'Over to you, @tunde', { id: grace.id, name: grace.name });
    expect(tunde.id).toBeTruthy();
    await s.useCases.endChat(PHONE, 'Bye');
    // The rating question follows the closing text; a rating is chat.rated.
    await s.userWrites(ADA, { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'csat_4', title: '⭐⭐⭐⭐ Good' } } });

    const names = new Set(s.published.map((e) => e.name));
    expect([...names].sort()).toEqual(Object.keys(DomainEventPayloads).sort());
    for (const event of s.published) {
      const schema = DomainEventPayloads[event.name];
      const errors = Value.Errors(schema, event.payload).map((e) => `${event.name}: ${e.instancePath} ${e.message}`);
      expect(errors).toEqual([]);
    }
  });
});
