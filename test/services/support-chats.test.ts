import { describe, expect, it } from 'vitest';
import { DomainError, type DomainErrorCode } from '../../src/domain-error.js';
import { outboxOf, useServices } from '../helpers/services.js';
import { tableCounts } from '../helpers/webhooks.js';

const ADA = '2348031000001';
const PHONE = `+${ADA}`;
const HOUR = 60 * 60 * 1000;
const tapChatSupport = { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'chat_support', title: 'Chat Support' } } };

async function refusal(work: Promise<unknown>): Promise<DomainErrorCode> {
  const err = await work.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  return (err as DomainError).code;
}

describe('support chats, as use cases (no HTTP)', () => {
  const s = useServices();

  it('a refused action writes nothing and publishes nothing', async () => {
    await s.userWrites(ADA, 'hello');
    const before = await tableCounts(s.database);
    const published = s.published.length;
    expect(await refusal(s.useCases.sendAgentMessage(PHONE, 'are you there?'))).toBe('CHAT_NOT_ACTIVE');
    expect(await refusal(s.useCases.endChat(PHONE, undefined))).toBe('CHAT_NOT_ACTIVE');
    expect(await refusal(s.useCases.sendAgentMessage('+2348031000999', 'hi'))).toBe('CONVERSATION_NOT_FOUND');
    expect(await refusal(s.useCases.sendAgentMessage(PHONE, '   '))).toBe('EMPTY_MESSAGE');
    expect(await tableCounts(s.database)).toEqual(before);
    expect(s.published.length).toBe(published);
  });

  it('the 24-hour window: open for 24 hours after the user last wrote, then free-form messages are refused', async () => {
    await s.userWrites(ADA, tapChatSupport);
    expect((await s.conversation(ADA))?.state).toBe('CHAT_SUPPORT_ACTIVE');
    s.clock.advance(23 * HOUR);
    await s.useCases.sendAgentMessage(PHONE, 'still here');
    s.clock.advance(1 * HOUR + 1000);
    expect(await refusal(s.useCases.sendAgentMessage(PHONE, 'too late'))).toBe('WINDOW_CLOSED');
    const agentTexts = (await s.messages(ADA)).filter((m) => m.sender === 'agent').map((m) => m.text);
    expect(agentTexts).toEqual(['still here']);
  });

  it('ending a chat after the window closed ends it without the closing message, so the user is not stuck', async () => {
    await s.userWrites(ADA, tapChatSupport);
    s.clock.advance(25 * HOUR);
    const outboxBefore = (await outboxOf(s, ADA)).length;
    const { closingSent } = await s.useCases.endChat(PHONE, 'Bye!');
    expect(closingSent).toBe(false);
    expect((await s.conversation(ADA))?.state).toBe('IDLE');
    expect((await s.conversation(ADA))?.activeChatSessionId).toBeNull();
    expect((await outboxOf(s, ADA)).length).toBe(outboxBefore);
    expect(s.published.map((e) => e.name)).toContain('chat.ended');
  });

  it('an agent starts a chat only inside the window and only once', async () => {
    await s.userWrites(ADA, 'hello');
    const { chatSessionId } = await s.useCases.startChat(PHONE, { id: null, name: 'Grace' });
    expect((await s.conversation(ADA))?.activeChatSessionId).toBe(chatSessionId);
    expect(await refusal(s.useCases.startChat(PHONE))).toBe('CHAT_ALREADY_ACTIVE');
    await s.useCases.endChat(PHONE, undefined);
    s.clock.advance(24 * HOUR + 1);
    expect(await refusal(s.useCases.startChat(PHONE))).toBe('WINDOW_CLOSED');
  });

  it('two agents ending the same chat at once: one ends it, the other is told it is no longer active', async () => {
    await s.userWrites(ADA, tapChatSupport);
    const results = await Promise.allSettled([s.useCases.endChat(PHONE, 'Bye from Grace'), s.useCases.endChat(PHONE, 'Bye from Tolu')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: 'CHAT_NOT_ACTIVE' });
    expect(s.published.filter((e) => e.name === 'chat.ended')).toHaveLength(1);
  });

  it('reactions and system notices join the chat but get no reply', async () => {
    const { wamid } = await s.userWrites(ADA, tapChatSupport);
    const repliesBefore = (await s.messages(ADA)).filter((m) => m.direction === 'outbound').length;
    await s.userWrites(ADA, { type: 'reaction', reaction: { message_id: wamid, emoji: '👍' } });
    const messages = await s.messages(ADA);
    expect(messages.filter((m) => m.direction === 'outbound')).toHaveLength(repliesBefore);
    const reaction = messages.find((m) => m.type === 'reaction')!;
    expect(reaction.chatSessionId).toBe((await s.conversation(ADA))?.activeChatSessionId);
    expect((await s.conversation(ADA))?.state).toBe('CHAT_SUPPORT_ACTIVE');
  });

  it('outbox order: the read receipt, then the replies in the order they were decided; events in commit order', async () => {
    await s.userWrites(ADA, tapChatSupport);
    await s.useCases.sendAgentMessage(PHONE, 'first');
    await s.useCases.sendAgentMessage(PHONE, 'second');
    const rows = await outboxOf(s, ADA);
    expect(rows[0]!.kind).toBe('read');
    const messageIds = rows.filter((r) => r.kind === 'message').map((r) => r.messageId);
    expect(messageIds).toEqual([...messageIds].sort((a, b) => a - b));
    const texts = (await s.messages(ADA)).filter((m) => m.sender === 'agent').map((m) => m.text);
    expect(texts).toEqual(['first', 'second']);
    const ids = s.published.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('a redelivered message (same wamid) is stored once and answered once', async () => {
    const first = await s.userWrites(ADA, 'hello');
    const counts = await tableCounts(s.database);
    const again = await s.userWrites(ADA, 'hello', { wamid: first.wamid });
    expect(again.stored).toBe(false);
    expect(await tableCounts(s.database)).toEqual(counts);
  });
});
