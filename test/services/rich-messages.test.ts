import { describe, expect, it } from 'vitest';
import { messageView } from '../../src/events/message-view.js';
import { markAccepted } from '../../src/store/messages.js';
import { useServices } from '../helpers/services.js';

const ADA = '2348031000005';
const tapChatSupport = { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'chat_support', title: 'Chat Support' } } };

describe('quotes, reactions, places and contact cards (no HTTP)', () => {
  const s = useServices();

  /** Ada in a chat, and the agent's reply accepted by WhatsApp under `wamid`. */
  async function agentReply(wamid: string) {
    await s.userWrites(ADA, tapChatSupport);
    await s.useCases.sendAgentMessage(`+${ADA}`, 'Send me a screenshot, please');
    const reply = (await s.messages(ADA)).filter((m) => m.sender === 'agent').at(-1)!;
    await s.database.db.transaction((tx) => markAccepted(tx, [{ messageId: reply.id, wamid: wamid }]));
    return reply.id;
  }
  const view = async (id: number) => messageView((await s.messages(ADA)).find((m) => m.id === id)!, null);

  it('a reply that quotes the agent\'s message carries the quote', async () => {
    const quoted = await agentReply('wamid.rich.1');
    await s.userWrites(ADA, { type: 'text', text: { body: 'Here it is' }, context: { from: '15550001111', id: 'wamid.rich.1' } });
    const answer = (await s.messages(ADA)).find((m) => m.text === 'Here it is')!;
    expect(messageView(answer, null).reply_to).toEqual({ id: quoted, text: 'Send me a screenshot, please', sender: 'agent', type: 'text' });
  });

  it('a reaction lands on its message; a new one replaces it, an empty one removes it', async () => {
    const id = await agentReply('wamid.rich.2');
    await s.userWrites(ADA, { type: 'reaction', reaction: { message_id: 'wamid.rich.2', emoji: '👍' } });
    expect((await view(id)).reactions).toEqual([{ emoji: '👍', sender: 'user', timestamp: expect.any(String) }]);
    await s.userWrites(ADA, { type: 'reaction', reaction: { message_id: 'wamid.rich.2', emoji: '❤️' } });
    expect((await view(id)).reactions.map((r) => r.emoji)).toEqual(['❤️']);
    await s.userWrites(ADA, { type: 'reaction', reaction: { message_id: 'wamid.rich.2', emoji: '' } });
    expect((await view(id)).reactions).toEqual([]);
    const updates = s.published.filter((e) => e.name === 'message.updated').map((e) => (e.payload as { message: { id: number } }).message.id);
    expect(updates).toEqual([id, id, id]);
  });

  it('a reaction to a message not stored here is kept as history, never an error', async () => {
    const { stored } = await s.userWrites(ADA, { type: 'reaction', reaction: { message_id: 'wamid.unknown', emoji: '😂' } });
    expect(stored).toBe(true);
    const reaction = (await s.messages(ADA)).find((m) => m.type === 'reaction')!;
    expect(messageView(reaction, null)).toMatchObject({ type: 'reaction', reply_to: null });
  });

  it('a location and contact cards are shown as such', async () => {
    await s.userWrites(ADA, { type: 'location', location: { latitude: 6.5244, longitude: 3.3792, name: 'School gate', address: 'Allen Ave 1' } });
    await s.userWrites(ADA, { type: 'contacts', contacts: [{ name: { formatted_name: 'Mum' }, phones: [{ phone: '2348030000000' }] }] });
    const all = (await s.messages(ADA)).map((m) => messageView(m, null));
    expect(all.find((m) => m.type === 'location')?.location).toEqual({ latitude: 6.5244, longitude: 3.3792, name: 'School gate', address: 'Allen Ave 1' });
    expect(all.find((m) => m.type === 'contacts')?.contacts).toEqual([{ name: 'Mum', phones: ['+2348030000000'] }]);
  });

  it('the bot\'s buttons are part of the transcript', async () => {
    await s.userWrites(ADA, 'hello');
    await s.userWrites(ADA, 'Ada');
    const menu = (await s.messages(ADA)).map((m) => messageView(m, null)).find((m) => m.choices !== null)!;
    expect(menu.choices!.items.map((i) => i.title)).toContain('💬 Chat Support');
  });

  it("an agent's message names its agent, when it is created and when the user's reaction changes it", async () => {
    const grace = await s.agents.create({ name: 'Grace', email: 'grace-rich@example.com', role: 'agent' });
    await s.userWrites(ADA, tapChatSupport);
    await s.useCases.sendAgentMessage(`+${ADA}`, 'Is it a PDF?', { id: grace.id, name: 'Grace' });
    const reply = (await s.messages(ADA)).find((m) => m.text === 'Is it a PDF?')!;
    const events = (name: string) => s.published
      .filter((e) => e.name === name)
      .map((e) => (e.payload as { message: { id: number; agent: unknown } }).message)
      .filter((m) => m.id === reply.id);
    expect(events('message.created')).toEqual([expect.objectContaining({ agent_id: grace.id, agent: { id: grace.id, name: 'Grace' } })]);
    await s.database.db.transaction((tx) => markAccepted(tx, [{ messageId: reply.id, wamid: 'wamid.rich.named' }]));
    await s.userWrites(ADA, { type: 'reaction', reaction: { message_id: 'wamid.rich.named', emoji: '🙏' } });
    expect(events('message.updated')).toEqual([expect.objectContaining({ agent: { id: grace.id, name: 'Grace' }, reactions: [expect.objectContaining({ emoji: '🙏' })] })]);
  });
});
