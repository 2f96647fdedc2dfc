import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { collectPageErrors, saveScreenshot, useBrowser } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { openChat, posted, signInAs, startInboxApp, userSends } from '../helpers/inbox.js';

const ADA = { from: '2348032100061', name: 'Ada' };

/** Collision: who else is viewing or typing shows in the header, and a reply into a colleague's chat asks first. */
describe.skipIf(missing('chromium'))('presence and the collision warning', () => {
  const browser = useBrowser();
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  /** Ada asks for support (and says more, when `words`); Grace and Tolu are signed in, each on a page. */
  async function graceAndTolu(words?: string) {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    if (words) await userSends(t, ADA, { text: words });
    const grace = await signInAs(t, browser, 'Grace');
    const tolu = await signInAs(t, browser, 'Tolu');
    return { grace, tolu, errors: [grace, tolu].map(collectPageErrors) };
  }

  it("Tolu sees Grace viewing and typing in Ada's chat, and is asked before replying into Grace's chat", { timeout: 90_000 }, async () => {
    const { grace, tolu, errors } = await graceAndTolu('My upload keeps failing');
    const sends = posted(tolu, '/chat-support/send');

    await openChat(grace, 'Ada');
    await grace.getByRole('button', { name: 'Assign to me' }).click();
    await grace.getByRole('main').getByText('assigned to you ·').waitFor();

    await openChat(tolu, 'Ada');
    await tolu.getByRole('status').filter({ hasText: 'Grace is viewing' }).waitFor();
    // The list's row says so too.
    await tolu.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /Ada/ }).getByText('Grace is viewing').waitFor();
    await grace.getByRole('status').filter({ hasText: 'Tolu is viewing' }).waitFor();

    await grace.keyboard.press('r');
    await grace.keyboard.type('Let me check');
    await tolu.getByRole('status').filter({ hasText: 'Grace is typing…' }).waitFor();
    await saveScreenshot(tolu, 'inbox-presence-typing');

    // Tolu answers anyway: asked first, nothing sent until "Send anyway".
    await tolu.keyboard.press('r');
    await tolu.keyboard.type('Hello Ada');
    await tolu.keyboard.press('Enter');
    const ask = tolu.getByRole('group', { name: 'Assigned to Grace — send anyway?' });
    await ask.waitFor();
    await saveScreenshot(tolu, 'inbox-collision');
    expect(sends).toEqual([]);
    expect(await tolu.evaluate(() => document.activeElement?.textContent)).toBe('Send anyway');
    await tolu.keyboard.press('Enter');
    await tolu.getByRole('log', { name: 'Messages with Ada' }).getByText('Hello Ada').waitFor();
    expect(sends).toEqual([{ message: 'Hello Ada' }]);

    // Grace closes the chat: Tolu no longer sees her.
    await grace.keyboard.press('Escape');
    await grace.keyboard.press('Escape');
    await grace.getByRole('heading', { name: 'Ada' }).waitFor({ state: 'detached' });
    await tolu.getByRole('status').filter({ hasText: /Grace is/ }).waitFor({ state: 'detached' });
    expect(errors.flat()).toEqual([]);
  });

  it("drops Grace from Tolu's view at once when her tab goes to another page or closes, long before the 45 s fade", { timeout: 90_000 }, async () => {
    const { grace, tolu, errors } = await graceAndTolu();
    await openChat(tolu, 'Ada');
    await openChat(grace, 'Ada');
    const graceHere = tolu.getByRole('status').filter({ hasText: 'Grace is viewing' });
    const graceInRow = tolu.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /Ada/ }).getByText('Grace is viewing');
    await graceHere.waitFor();
    await graceInRow.waitFor();

    // Another page in her tab: the inbox never closed the chat itself, the page's going says so.
    const chat = grace.url();
    await grace.goto('about:blank');
    await graceHere.waitFor({ state: 'detached', timeout: 5_000 });
    await graceInRow.waitFor({ state: 'detached', timeout: 5_000 });
    expect(errors.flat()).toEqual([]);

    // Back in the chat, then the tab is closed.
    await grace.goto(chat);
    await graceHere.waitFor();
    await grace.close({ runBeforeUnload: true });
    await graceHere.waitFor({ state: 'detached', timeout: 5_000 });
    await graceInRow.waitFor({ state: 'detached', timeout: 5_000 });
    await saveScreenshot(tolu, 'inbox-presence-left');
    expect(errors[1]).toEqual([]);
  });

  it("Grace's typing… ends on Tolu's screen as soon as her reply is sent, not 8 s later", { timeout: 90_000 }, async () => {
    const { grace, tolu, errors } = await graceAndTolu('My upload keeps failing');
    await openChat(grace, 'Ada');
    await openChat(tolu, 'Ada');
    await grace.keyboard.press('r');
    await grace.keyboard.type('Let me check');
    const status = tolu.getByRole('status').filter({ hasText: /^Grace is/ });
    await status.filter({ hasText: 'Grace is typing…' }).waitFor();
    await grace.keyboard.press('Enter');
    await tolu.getByRole('log', { name: 'Messages with Ada' }).getByText('Let me check').waitFor();
    const sentAt = Date.now();
    await status.filter({ hasText: 'Grace is viewing' }).waitFor({ timeout: 4_000 });
    expect(Date.now() - sentAt).toBeLessThan(4_000);
    expect(errors.flat()).toEqual([]);
  });
});
