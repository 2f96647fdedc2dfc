import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { collectPageErrors, saveScreenshot, useBrowser } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { openChat, signInAgent, startInboxApp, userSends } from '../helpers/inbox.js';

const ADA = { from: '2348032100071', name: 'Ada' };
const TOLU = { from: '2348032100072', name: 'Tolu' };
const BAYO = { from: '2348032100073', name: 'Bayo' };

/** The list's view chooser says how many conversations each view holds, and keeps it current from the live events. */
describe.skipIf(missing('chromium'))('counts in the view chooser', () => {
  const browser = useBrowser();
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  type Chooser = 'Status' | 'Assignee' | 'Label';
  const choices = (page: Page, chooser: Chooser) => page.getByLabel(chooser, { exact: true }).locator('option').allTextContents();
  /** The chooser's options, as they read once the live events were applied (counts are fetched within a second of one). */
  const eventually = (page: Page, chooser: Chooser) => expect.poll(() => choices(page, chooser), { timeout: 10_000 });

  it('shows each status, Mine, Unassigned and each label with its count, updated live as chats are taken, labelled, started and ended', { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    await userSends(t, TOLU, { text: 'chat support' });
    expect((await t.admin('POST', '/api/admin/labels', { name: 'billing' })).status).toBeLessThan(300);
    const page = await signInAgent(t, browser);
    const errors = collectPageErrors(page);
    const countRequests: number[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/admin/conversations/counts') countRequests.push(Date.now());
    });

    await eventually(page, 'Status').toEqual(['Any status', 'Open (2)', 'Pending (0)', 'Snoozed (0)', 'Resolved (0)']);
    expect(await choices(page, 'Assignee')).toEqual(['Anyone', 'Mine (0)', 'Unassigned (2)']);
    expect(await choices(page, 'Label')).toEqual(['Any label', 'billing (0)']);
    // The count is part of the choice's name, as a screen reader reads it.
    await page.getByRole('option', { name: 'Unassigned (2)' }).waitFor({ state: 'attached' });

    // Grace takes Ada's chat (a): it moves from Unassigned to Mine.
    await openChat(page, 'Ada');
    await page.keyboard.press('a');
    await eventually(page, 'Assignee').toEqual(['Anyone', 'Mine (1)', 'Unassigned (1)']);

    // A colleague labels Tolu's conversation; a new contact writes to the bot (pending).
    expect((await t.admin('PUT', `/api/admin/conversations/${TOLU.from}/labels`, { labels: ['billing'] })).status).toBe(200);
    await eventually(page, 'Label').toEqual(['Any label', 'billing (1)']);
    await userSends(t, BAYO, { text: 'hello' });
    await eventually(page, 'Status').toEqual(['Any status', 'Open (2)', 'Pending (1)', 'Snoozed (0)', 'Resolved (0)']);

    // Ada's chat ends elsewhere: resolved, and no longer mine.
    expect((await t.admin('POST', `/api/admin/conversations/${ADA.from}/chat-support/end`, {})).status).toBe(200);
    await eventually(page, 'Status').toEqual(['Any status', 'Open (1)', 'Pending (1)', 'Snoozed (0)', 'Resolved (1)']);
    await eventually(page, 'Assignee').toEqual(['Anyone', 'Mine (0)', 'Unassigned (1)']);

    // The chosen views show their counts in the chooser, whole; the list holds what matches them all.
    await page.keyboard.press('Escape');
    await page.getByLabel('Status', { exact: true }).selectOption('open');
    await page.getByLabel('Assignee', { exact: true }).selectOption('none');
    const view = page.getByRole('list', { name: 'Conversations in this view' });
    await view.getByRole('button', { name: /Tolu/ }).waitFor();
    expect(await view.getByRole('button').count()).toBe(1);
    for (const chooser of ['Status', 'Assignee'] as const) {
      expect(await page.getByLabel(chooser, { exact: true }).evaluate((select: HTMLSelectElement) => select.scrollWidth <= select.clientWidth)).toBe(true);
    }
    await saveScreenshot(page, 'inbox-view-counts');

    // Fetched once per burst of events that change a count, never polled: a quiet inbox asks nothing.
    const asked = countRequests.length;
    expect(asked).toBeLessThanOrEqual(10);
    await page.waitForTimeout(2_500);
    expect(countRequests.length).toBe(asked);
    expect(errors).toEqual([]);
  });
});
