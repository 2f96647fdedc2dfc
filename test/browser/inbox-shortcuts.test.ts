import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { collectPageErrors, saveScreenshot, useBrowser } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { openChat, posted, signInAgent, startInboxApp, userSends } from '../helpers/inbox.js';

const ADA = { from: '2348032100001', name: 'Ada' };
const TOLU = { from: '2348032100002', name: 'Tolu' };

/**
 * The keyboard never types into a customer's reply: single-letter shortcuts act only outside text fields,
 * opening a chat leaves the reply box alone (only `r` goes there), Esc backs out one step at a time, `?`
 * lists the keys and Ctrl-K reaches every action.
 */
describe.skipIf(missing('chromium'))('shortcuts that never type into a reply', () => {
  const browser = useBrowser();
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  /** Ada (and Tolu) waiting in a live chat, and Grace signed in. */
  async function inbox(both = false): Promise<Page> {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    await userSends(t, ADA, { text: 'My upload keeps failing' });
    if (both) {
      await userSends(t, TOLU, { text: 'chat support' });
      await userSends(t, TOLU, { text: 'Where is my refund?' });
    }
    return signInAgent(t, browser);
  }
  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
  const focusedRow = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-conversation-row') ?? null);
  const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
  const dialogs = (page: Page) => page.getByRole('dialog');

  it('sends exactly "are" when the agent types "are" in the reply box: a, r and e do nothing there', { timeout: 90_000 }, async () => {
    const page = await inbox();
    const errors = collectPageErrors(page);
    const sends = posted(page, '/chat-support/send');
    const assigns = posted(page, '/chat-support/assign');
    const ends = posted(page, '/chat-support/end');
    await openChat(page, 'Ada');
    await page.keyboard.press('r');
    expect(await focusedId(page)).toBe('reply-text');
    await page.keyboard.type('are');
    expect(await page.getByLabel('Reply to Ada').inputValue()).toBe('are');
    expect(await dialogs(page).count()).toBe(0);
    await page.keyboard.press('Enter');
    await page.getByRole('log', { name: 'Messages with Ada' }).getByText('are', { exact: true }).waitFor();
    await t!.settle();
    expect(sends).toEqual([{ message: 'are' }]);
    expect(t!.fake.simulator.accepted(ADA.from).map((body) => (body as { text?: { body: string } }).text?.body).filter(Boolean).at(-1)).toBe('🎧 Support Team: are');
    expect(assigns).toEqual([]);
    expect(ends).toEqual([]);
    // Nothing was opened by the letters, and the chat is still on.
    expect(await dialogs(page).count()).toBe(0);
    await page.getByRole('button', { name: 'End chat', exact: true }).waitFor();
    expect(await page.getByRole('log', { name: 'Messages with Ada' }).getByText(/took the chat|ended the chat/).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('opens a chat without putting focus in the reply box, by click or by Enter; r puts it there', { timeout: 90_000 }, async () => {
    const page = await inbox(true);
    const reply = () => page.getByRole('textbox', { name: /^Reply to / });

    // A click: focus stays on the row.
    await openChat(page, 'Ada');
    await reply().waitFor();
    expect(await focusedId(page)).not.toBe('reply-text');
    expect(await focusedRow(page)).toBe(`+${ADA.from}`);

    // j then Enter opens the next row; focus stays on it.
    await page.keyboard.press('j');
    expect(await focusedRow(page)).toBe(`+${TOLU.from}`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Tolu' }).waitFor();
    await page.getByLabel('Reply to Tolu').waitFor();
    expect(await focusedId(page)).not.toBe('reply-text');

    // r: into the box, and the "r" is not in it.
    await page.keyboard.press('r');
    expect(await focusedId(page)).toBe('reply-text');
    expect(await page.getByLabel('Reply to Tolu').inputValue()).toBe('');
    await saveScreenshot(page, 'inbox-keys-reply');
  });

  it('Esc leaves the reply box keeping the draft, then closes the chat onto its row; a dialog closes first', { timeout: 90_000 }, async () => {
    const page = await inbox();
    await openChat(page, 'Ada');
    await page.keyboard.press('r');
    await page.keyboard.type('Which browser');

    await page.keyboard.press('Escape');
    expect(await focusedLabel(page)).toBe('Messages with Ada');
    expect(await page.getByLabel('Reply to Ada').inputValue()).toBe('Which browser');

    // e asks first; Esc closes the dialog and leaves the chat open, focus back on the messages.
    await page.keyboard.press('e');
    const confirm = page.getByRole('dialog', { name: 'End the chat with Ada?' });
    await confirm.waitFor();
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    expect(await focusedLabel(page)).toBe('Messages with Ada');
    await page.getByRole('heading', { name: 'Ada' }).waitFor();

    // Esc again: the chat closes, focus on its row, ready for j/k.
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Ada' }).waitFor({ state: 'detached' });
    expect(new URL(page.url()).pathname).toBe('/admin');
    expect(await focusedRow(page)).toBe(`+${ADA.from}`);

    // The draft is there when the chat opens again.
    await page.keyboard.press('Enter');
    expect(await page.getByLabel('Reply to Ada').inputValue()).toBe('Which browser');
  });

  it('? lists every key in a dialog; Esc closes it and focus returns', { timeout: 90_000 }, async () => {
    const page = await inbox();
    await openChat(page, 'Ada');
    await page.keyboard.press('?');
    const keys = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await keys.waitFor();
    for (const does of ['Command palette', 'Next conversation', 'Reply: into the reply box', 'Assign the chat to me', 'End the chat (asks first)', 'Reply quoting the message']) {
      await keys.getByText(does, { exact: false }).first().waitFor();
    }
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
    await saveScreenshot(page, 'inbox-keys-help');
    // Shortcuts do nothing behind it.
    await page.keyboard.press('e');
    expect(await page.getByRole('dialog', { name: /End the chat/ }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await keys.waitFor({ state: 'detached' });
    expect(await focusedRow(page)).toBe(`+${ADA.from}`);
    // Typed in the reply box, "?" is text.
    await page.keyboard.press('r');
    await page.keyboard.type('?');
    expect(await page.getByLabel('Reply to Ada').inputValue()).toBe('?');
    expect(await dialogs(page).count()).toBe(0);
  });

  it('the command palette (Ctrl-K) opens a chat by name or number, assigns, replies and ends it, all by keyboard', { timeout: 120_000 }, async () => {
    const page = await inbox(true);
    const errors = collectPageErrors(page);
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    const box = palette.getByRole('combobox');
    const selected = () => palette.getByRole('option', { selected: true });
    const run = async (typed: string, expected: RegExp) => {
      await page.keyboard.press('Control+k');
      await box.waitFor();
      expect(await focusedLabel(page)).toBe('Command, or a conversation to open');
      await page.keyboard.type(typed);
      await selected().filter({ hasText: expected }).waitFor();
      expect(await box.getAttribute('aria-activedescendant')).toBe(await selected().getAttribute('id'));
      await page.keyboard.press('Enter');
      await palette.waitFor({ state: 'detached' });
    };

    // Ctrl-K from the reply box types nothing, and Esc closes the palette where it was.
    await openChat(page, 'Ada');
    await page.keyboard.press('r');
    await page.keyboard.press('Control+k');
    await box.waitFor();
    // It finds a chat by what was written, too.
    await page.keyboard.type('refund');
    await selected().filter({ hasText: /Open Tolu.*Where is my refund\?/ }).waitFor();
    await saveScreenshot(page, 'inbox-palette', { docs: true });
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });
    expect(await focusedId(page)).toBe('reply-text');
    expect(await page.getByLabel('Reply to Ada').inputValue()).toBe('');
    await page.keyboard.press('Escape');

    // By a number written locally (the trunk 0), then by name: the chat opens, the reply box stays closed.
    await run('0803 210 0002', /Open Tolu/);
    await page.getByRole('heading', { name: 'Tolu' }).waitFor();
    expect(await focusedId(page)).not.toBe('reply-text');
    await run('ada', /Open Ada/);
    await page.getByRole('heading', { name: 'Ada' }).waitFor();

    // Arrow keys choose: "next waiting chat" is below "previous…" when both match "waiting".
    await page.keyboard.press('Control+k');
    await page.keyboard.type('waiting chat');
    await selected().filter({ hasText: 'Next waiting chat' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await selected().filter({ hasText: 'Previous waiting chat' }).waitFor();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Tolu' }).waitFor();

    await run('assign', /Assign the chat to me/);
    await page.getByText('assigned to you ·').waitFor();
    await run('reply', /Reply to Tolu/);
    expect(await focusedId(page)).toBe('reply-text');
    await page.keyboard.type('It is on its way');
    await page.keyboard.press('Enter');
    await page.getByRole('log', { name: 'Messages with Tolu' }).getByText('It is on its way').waitFor();

    // End chat asks first, as the button does; Tab to its button, Enter.
    await page.keyboard.press('Escape');
    await run('end', /End the chat with Tolu/);
    const confirm = page.getByRole('dialog', { name: 'End the chat with Tolu?' });
    await confirm.waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('End chat');
    await page.keyboard.press('Enter');
    await page.getByText('The bot is handling this conversation.').waitFor();
    // The live event can come before the answer to the request; the dialog closes on the answer, and
    // keys wait for it (Ctrl-K does nothing while a dialog is open).
    await confirm.waitFor({ state: 'detached' });

    // Back to the list, and the keys, from the palette.
    await run('list', /Go to the conversation list/);
    expect(await focusedRow(page)).toBe(`+${TOLU.from}`);
    await run('keys', /Keyboard shortcuts/);
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    // A settings page by its name (the pages are not in the palette's opening list, only when typed).
    await run('business hours', /Settings: Business hours/);
    await page.getByRole('heading', { name: 'Business hours' }).waitFor();
    expect(page.url()).toMatch(/\/admin\/settings\/business-hours$/);
    await page.getByRole('link', { name: '← Back to the inbox' }).click();
    await page.getByRole('heading', { name: /^Waiting/ }).waitFor();
    await run('sign out', /Sign out/);
    await page.getByLabel('Email').waitFor();
    expect(errors).toEqual([]);
  });
});
