import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { collectPageErrors, saveScreenshot, useBrowser } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { openChat, signInAgent, startInboxApp, userSends } from '../helpers/inbox.js';

const ADA = { from: '2348032100011', name: 'Ada' };

/** Statuses from the conversation's header (snooze, reopen, resolve) and the list's views by status. */
describe.skipIf(missing('chromium'))('conversation status in the inbox', () => {
  const browser = useBrowser();
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  const statusTag = (page: Page) => page.getByTestId('conversation-status');
  const view = (page: Page) => page.getByRole('list', { name: 'Conversations in this view' });

  it('snoozes until the user replies, shows it under Snoozed, reopens, and resolves through the End-chat confirmation', { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    await userSends(t, ADA, { text: 'My upload keeps failing' });
    const page = await signInAgent(t, browser);
    const errors = collectPageErrors(page);
    await openChat(page, 'Ada');
    await expect.poll(() => statusTag(page).textContent()).toBe('Open');

    // Snooze from the header's menu, by keyboard: the menu opens on its first choice, ↓ ↓ ↓ reaches "Until they reply".
    await page.getByRole('button', { name: 'Snooze ▾' }).focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Snooze' });
    await menu.waitFor();
    await saveScreenshot(page, 'inbox-status-snooze-menu');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => statusTag(page).textContent()).toBe('Snoozed until they reply');

    // The Snoozed view lists her; Any status brings the sections back.
    await page.getByLabel('Status', { exact: true }).selectOption('snoozed');
    await view(page).getByRole('button', { name: /Ada/ }).waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('resolved');
    await view(page).getByText('No conversation in this view.').waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('');
    await page.getByRole('list', { name: 'Active chats waiting for an answer' }).waitFor();

    // Reopen, then Resolve: an active chat is ended through the usual confirmation.
    await page.getByRole('button', { name: 'Reopen' }).click();
    await expect.poll(() => statusTag(page).textContent()).toBe('Open');
    await page.getByRole('button', { name: 'Resolve' }).click();
    const confirm = page.getByRole('dialog', { name: 'End the chat with Ada?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'End chat' }).click();
    await expect.poll(() => statusTag(page).textContent()).toBe('Resolved');
    await page.getByLabel('Status', { exact: true }).selectOption('resolved');
    await view(page).getByRole('button', { name: /Ada/ }).getByText('Resolved').waitFor();
    await saveScreenshot(page, 'inbox-status-resolved');

    // The palette offers the status commands.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('snooze hour');
    await page.getByRole('option', { name: /Snooze for 1 hour/ }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => statusTag(page).textContent()).toMatch(/^Snoozed until /);
    expect(errors).toEqual([]);
  });

  it('a snoozed chat leaves Waiting and the tab title, under Mine when it is mine; her next message brings it back', { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    await userSends(t, ADA, { text: 'When does the library open on Saturday?' });
    const page = await signInAgent(t, browser);
    const errors = collectPageErrors(page);
    const waiting = page.getByRole('list', { name: 'Active chats waiting for an answer' });
    const mine = page.getByRole('list', { name: 'Chats assigned to me' });
    await waiting.getByRole('button', { name: /Ada/ }).waitFor();
    await expect.poll(() => page.title()).toBe('(1) wadesk');

    await openChat(page, 'Ada');
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByRole('main').getByText('assigned to you ·').waitFor();
    await page.getByRole('button', { name: 'Snooze ▾' }).click();
    await page.getByRole('menu', { name: 'Snooze' }).getByRole('menuitem', { name: /tomorrow/i }).click();
    await expect.poll(() => statusTag(page).textContent()).toMatch(/^Snoozed until /);

    // Put aside: not waiting, not in the title, no red timer; under Mine with its Snoozed tag.
    await waiting.getByRole('button', { name: /Ada/ }).waitFor({ state: 'detached' });
    const row = mine.getByRole('button', { name: /Ada/ });
    await row.getByText('Snoozed').waitFor();
    await expect.poll(() => page.title()).toBe('wadesk');
    expect(await row.locator('.row-wait.urgent').count()).toBe(0);
    await saveScreenshot(page, 'inbox-status-snoozed-mine');

    // She writes again: open, and waiting for an answer at once.
    await userSends(t, ADA, { text: 'Are you there?' });
    await waiting.getByRole('button', { name: /Ada/ }).waitFor();
    await expect.poll(() => page.title()).toBe('(1) wadesk');
    await expect.poll(() => statusTag(page).textContent()).toBe('Open');
    expect(errors).toEqual([]);
  });
});
