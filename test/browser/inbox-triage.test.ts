import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { collectPageErrors, saveScreenshot, useBrowser } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { openChat, signInAgent, startInboxApp, userSends } from '../helpers/inbox.js';

const ADA = { from: '2348032200001', name: 'Ada' };
const BOLA = { from: '2348032200002', name: 'Bola' };

/**
 * What an agent reads at a glance: rows preview the user's words, the bot's messages are one line until
 * opened, every agent bubble names its agent, and the search finds what was written.
 */
describe.skipIf(missing('chromium'))('the inbox serves triage', () => {
  const browser = useBrowser();
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  const row = (page: Page, name: string) => page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: new RegExp(name) });
  const log = (page: Page, name: string) => page.getByRole('log', { name: `Messages with ${name}` });

  it("shows the bot's messages on one line until Enter or a click opens them; the user's words stay whole", { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    await userSends(t, ADA, { text: 'My upload keeps failing.\nIt says the file is too large, but it is only 2 MB.' });
    const page = await signInAgent(t, browser);
    const errors = collectPageErrors(page);
    // The row shows what Ada wrote, not the bot's "Your message has been sent to support".
    await row(page, 'Ada').getByText(/^My upload keeps failing\. It says the file is too large/).waitFor();
    expect(await row(page, 'Ada').getByText(/sent to support/).count()).toBe(0);

    await openChat(page, 'Ada');
    const welcome = log(page, 'Ada').getByRole('button', { name: /^Bot Hi Ada!.*You are now connected to our support team/ });
    await welcome.waitFor();
    expect(await welcome.getAttribute('aria-expanded')).toBe('false');
    // One line, cut short, with its offered button counted.
    const box = (await welcome.boundingBox())!;
    expect(box.height).toBeLessThan(30);
    await welcome.getByText('· 1 button').waitFor();
    expect(await log(page, 'Ada').getByLabel('Buttons offered').count()).toBe(0);
    // The user's message is a full bubble, both lines.
    const words = log(page, 'Ada').getByText(/My upload keeps failing\.\sIt says the file is too large/);
    await words.waitFor();
    expect((await words.boundingBox())!.height).toBeGreaterThan(30);
    await saveScreenshot(page, 'inbox-bot-compact');

    // By keyboard: into the messages, up to the welcome, Enter opens it (its buttons show), Enter folds it.
    await page.keyboard.press('r');
    await page.keyboard.press('Shift+Tab');
    const onMessage = () => page.evaluate(() => document.activeElement?.closest('.bubble-row')?.textContent ?? '');
    for (let i = 0; i < 8 && !(await onMessage()).includes('You are now connected'); i++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    const fold = log(page, 'Ada').getByRole('button', { name: 'Show less' });
    await fold.waitFor();
    expect(await fold.getAttribute('aria-expanded')).toBe('true');
    await log(page, 'Ada').getByLabel('Buttons offered').getByText('❌ End Chat').waitFor();
    expect(await onMessage()).toContain('You are now connected');
    await saveScreenshot(page, 'inbox-bot-expanded');
    await page.keyboard.press('Enter');
    await fold.waitFor({ state: 'detached' });
    expect(await welcome.getAttribute('aria-expanded')).toBe('false');
    // And by a click.
    await welcome.click();
    await fold.waitFor();
    expect(errors).toEqual([]);
  });

  it('names the agent on each bubble ("You" for mine, a colleague by name), live, and finds a chat by what was written', { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    await userSends(t, ADA, { text: 'I was charged twice for the exam fee' });
    await userSends(t, BOLA, { text: 'chat support' });
    await userSends(t, BOLA, { text: 'My certificate has a typo' });
    const tolu = await t.admin('POST', '/api/admin/agents', { name: 'Tolu', email: `tolu-${Date.now()}@wadesk.test`, password: 'correct horse battery staple', role: 'agent' });
    const token = await t.admin('POST', `/api/admin/agents/${tolu.json.data.agent.id}/tokens`, { name: 'test' });
    const page = await signInAgent(t, browser);
    const errors = collectPageErrors(page);

    await openChat(page, 'Ada');
    // Tolu answers from the API while Grace watches: her bubble says "Tolu", live.
    const sent = await t.app.inject({
      method: 'POST', url: `/api/admin/conversations/%2B${ADA.from}/chat-support/send`,
      headers: { authorization: `Bearer ${token.json.data.token}` }, payload: { message: 'Refund on its way' },
    });
    expect(sent.statusCode).toBe(200);
    const toluBubble = log(page, 'Ada').getByRole('listitem').filter({ hasText: 'Refund on its way' });
    await toluBubble.getByText('Tolu', { exact: true }).waitFor();
    // Grace answers: hers says "You".
    await page.keyboard.press('r');
    await page.keyboard.type('Tolu has it, Ada');
    await page.keyboard.press('Enter');
    // Tolu's answer made the chat his: Grace is asked first, and Enter on "Send anyway" sends.
    await page.getByRole('group', { name: 'Assigned to Tolu — send anyway?' }).waitFor();
    await page.keyboard.press('Enter');
    const mine = log(page, 'Ada').getByRole('listitem').filter({ hasText: 'Tolu has it, Ada' });
    await mine.getByText('You', { exact: true }).waitFor();
    expect(await log(page, 'Ada').getByText('Agent', { exact: true }).count()).toBe(0);
    // The row previews the last reply, with who wrote it.
    await row(page, 'Ada').getByText('You:').waitFor();
    await saveScreenshot(page, 'inbox-agent-names');

    // The search box finds Bola by her words (full text, a word's beginning), not only by name.
    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    await page.keyboard.type('certif');
    await row(page, 'Ada').waitFor({ state: 'detached' });
    await row(page, 'Bola').getByText('My certificate has a typo').waitFor();
    await page.getByLabel('Search names, numbers and messages').fill('charged twice');
    await row(page, 'Ada').waitFor();
    expect(await row(page, 'Bola').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
