import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { collectPageErrors, saveScreenshot, useBrowser } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { openChat, signInAgent, startInboxApp, userSends } from '../helpers/inbox.js';

const ADA = { from: '2348032000001', name: 'Ada' };

/** The keyboard is where a person expects it, and a shortcut key never ends up in a message. */
describe.skipIf(missing('chromium'))('the conversation by keyboard alone', () => {
  const browser = useBrowser();
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  /** The JSON bodies the page posts to URLs ending with `suffix`. */
  const posted = (page: Page, suffix: string) => {
    const bodies: unknown[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith(suffix)) bodies.push(request.postDataJSON());
    });
    return bodies;
  };
  /** What WhatsApp accepted for Ada: the Graph API bodies. */
  const toAda = () => t!.fake.simulator.accepted(ADA.from) as Array<Record<string, any>>;
  const focused = (page: Page) => page.evaluate(() => {
    const el = document.activeElement;
    // text: what the message the focus is on (or in) says, without the quote it may carry.
    return { id: el?.id ?? '', label: el?.getAttribute('aria-label') ?? '', text: el?.closest('.bubble-row')?.querySelector('.bubble-text')?.textContent ?? '' };
  });

  it('moves between messages, replies quoting one with r and reacts from the picker, typing nothing into the reply box', { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    await userSends(t, ADA, { text: 'My upload keeps failing' });
    const page = await signInAgent(t, browser);
    const errors = collectPageErrors(page);
    const sends = posted(page, '/chat-support/send');
    const reactions = posted(page, '/reactions');
    const typing = posted(page, '/typing');
    await openChat(page, 'Ada');
    const reply = page.getByLabel('Reply to Ada');
    // Opening the chat leaves the reply box alone; r goes there.
    await reply.waitFor();
    expect((await focused(page)).id).not.toBe('reply-text');
    await page.keyboard.press('r');
    expect((await focused(page)).id).toBe('reply-text');

    // Shift+Tab leaves the reply box for the messages; ↑ lands on the latest, ↑ again on the one before.
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).label).toBe('Messages with Ada');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect((await focused(page)).text).toContain('My upload keeps failing');

    // r replies to that message: the quote shows above the box, which has the focus and no "r" in it.
    await page.keyboard.press('r');
    const quote = page.getByRole('group', { name: 'Replying to' });
    await quote.getByText('My upload keeps failing').waitFor();
    expect((await focused(page)).id).toBe('reply-text');
    expect(await reply.inputValue()).toBe('');
    await page.keyboard.type('Which browser do you use?');
    await saveScreenshot(page, 'inbox-reply-quote');
    expect(typing.length).toBe(1);
    await expect.poll(() => t!.fake.simulator.isTyping(ADA.from)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('log', { name: 'Messages with Ada' }).getByText('Which browser do you use?').waitFor();
    await quote.waitFor({ state: 'detached' });
    const quoted = await t.admin('GET', `/api/admin/conversations/%2B${ADA.from}/messages`);
    const question = quoted.json.data.messages.find((m: { text: string | null }) => m.text === 'My upload keeps failing');
    expect(sends).toEqual([{ message: 'Which browser do you use?', reply_to: question.id }]);
    // WhatsApp gets the quote as the reply's context.
    const asked = t.fake.simulator.transcript(ADA.from).find((e) => e.direction === 'in' && e.text === 'My upload keeps failing')!;
    await t.settle();
    expect(toAda().find((body) => body.text?.body?.includes('Which browser do you use?'))).toMatchObject({ context: { message_id: asked.wamid } });
    await page.getByRole('log', { name: 'Messages with Ada' }).getByRole('button', { name: /Ada.*My upload keeps failing/ }).waitFor();

    // Back to the message; Tab reaches its Reply and React buttons; the picker takes the focus; Esc closes it.
    await page.keyboard.press('Shift+Tab');
    for (let i = 0; i < 6 && !(await focused(page)).text.includes('My upload keeps failing'); i++) await page.keyboard.press('ArrowUp');
    expect((await focused(page)).text).toContain('My upload keeps failing');
    await page.keyboard.press('Tab');
    expect((await focused(page)).label).toBe('Reply to this message');
    await page.keyboard.press('Tab');
    expect((await focused(page)).label).toBe('React to this message');
    await page.keyboard.press('Enter');
    expect((await focused(page)).label).toBe('React 👍');
    await saveScreenshot(page, 'inbox-reaction-picker');
    await page.keyboard.press('Escape');
    expect((await focused(page)).label).toBe('React to this message');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => reactions).toEqual([{ message_id: question.id, emoji: '❤️' }]);
    await page.getByLabel('Reactions: ❤️ from the support team').waitFor();
    await expect.poll(() => toAda().some((body) => body.type === 'reaction' && body.reaction.message_id === asked.wamid && body.reaction.emoji === '❤️')).toBe(true);
    expect((await focused(page)).label).toBe('React to this message');

    // A file chosen with the picker: Esc in its caption cancels it and returns to the box; shortcut letters are just text there.
    await page.getByLabel('File to attach').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('steps to reproduce') });
    const caption = page.getByLabel('Caption (optional)');
    await caption.waitFor();
    expect((await focused(page)).id).toBe('attachment-caption');
    await page.keyboard.type('re a/');
    await saveScreenshot(page, 'inbox-attachment-preview');
    expect(await caption.inputValue()).toBe('re a/');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.activeElement?.id === 'reply-text');
    expect(await reply.inputValue()).toBe('');

    // A file WhatsApp would refuse is refused at once, with the reason.
    await page.getByLabel('File to attach').setInputFiles({ name: 'setup.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
    await page.getByRole('alert').getByText(/WhatsApp does not take this kind of file/).waitFor();
    expect(await page.getByLabel('Caption (optional)').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
