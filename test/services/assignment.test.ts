import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain-error.js';
import { useServices } from '../helpers/services.js';

const ADA = '2348031000002';
const PHONE = `+${ADA}`;
const tapChatSupport = { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'chat_support', title: 'Chat Support' } } };

describe('assignment, as use cases (no HTTP)', () => {
  const s = useServices();

  async function twoAgents() {
    const grace = await s.agents.create({ name: 'Grace', email: 'grace@example.com', role: 'agent' });
    const tolu = await s.agents.create({ name: 'Tolu', email: 'tolu@example.com', role: 'agent' });
    await s.userWrites(ADA, tapChatSupport);
    return {
      grace: { id: grace.id, name: grace.name, role: 'agent' as const },
      tolu: { id: tolu.id, name: tolu.name, role: 'agent' as const },
    };
  }
  const notes = async () => (await s.messages(ADA)).filter((m) => m.direction === 'internal').map((m) => m.text);

  it('two agents pressing "Assign to me" at once: exactly one gets the chat, the other NOT_ALLOWED, one note', async () => {
    const { grace, tolu } = await twoAgents();
    const results = await Promise.allSettled([s.useCases.assignChat(PHONE, grace.id, grace), s.useCases.assignChat(PHONE, tolu.id, tolu)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(DomainError);
    expect(lost.reason.code).toBe('NOT_ALLOWED');
    expect((await notes()).filter((n) => n?.endsWith('took the chat'))).toHaveLength(1);
    expect(s.published.filter((e) => e.name === 'chat.assigned')).toHaveLength(1);
  });

  it('an agent cannot give a chat away or take one from someone; an admin can', async () => {
    const { grace, tolu } = await twoAgents();
    await expect(s.useCases.assignChat(PHONE, tolu.id, grace)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await s.useCases.assignChat(PHONE, grace.id, grace);
    await expect(s.useCases.assignChat(PHONE, null, tolu)).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    await s.useCases.assignChat(PHONE, tolu.id, { id: null, name: 'Admin', role: 'admin' });
    expect(await notes()).toEqual(expect.arrayContaining(['Grace took the chat', 'Admin assigned the chat to Tolu']));
  });

  it('assigning to the current assignee changes nothing and writes no note', async () => {
    const { grace } = await twoAgents();
    await s.useCases.assignChat(PHONE, grace.id, grace);
    const count = (await notes()).length;
    const events = s.published.length;
    await s.useCases.assignChat(PHONE, grace.id, grace);
    expect((await notes()).length).toBe(count);
    expect(s.published.length).toBe(events);
  });

  it('a disabled or unknown agent cannot be given a chat', async () => {
    const { tolu } = await twoAgents();
    await s.agents.update(tolu.id, { disabled: true });
    const admin = { id: null, name: 'Admin', role: 'admin' as const };
    await expect(s.useCases.assignChat(PHONE, tolu.id, admin)).rejects.toMatchObject({ code: 'AGENT_DISABLED' });
    await expect(s.useCases.assignChat(PHONE, '00000000-0000-4000-8000-000000000000', admin)).rejects.toMatchObject({ code: 'AGENT_NOT_FOUND' });
  });

  it('the first agent to answer an unassigned chat takes it, without a note', async () => {
    const { grace, tolu } = await twoAgents();
    await s.useCases.sendAgentMessage(PHONE, 'Hello Ada', grace);
    await s.useCases.sendAgentMessage(PHONE, 'Tolu here too', tolu);
    const assigned = s.published.filter((e) => e.name === 'chat.assigned').map((e) => e.payload);
    expect(assigned).toEqual([expect.objectContaining({ agent_id: grace.id })]);
    expect((await notes()).some((n) => n?.includes('took the chat'))).toBe(false);
  });
});
