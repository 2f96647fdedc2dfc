import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_SECRETS } from '../helpers/app.js';
import { collectPageErrors, phoneShows, registerAndAskForSupport, say, saveScreenshot, signIn, useBrowser, useBrowserApp } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';

/** Assigning chats in the inbox: "Assign to me" (or `a`), the Mine section, and what colleagues see live. */

describe.skipIf(missing('chromium'))('assigning a chat in the inbox', () => {
  const browser = useBrowser();
  const server = useBrowserApp({}, 'each');

  const newPage = async (width = 1366) => {
    const page = await (await browser.newContext({ viewport: { width, height: 820 } })).newPage();
    page.setDefaultTimeout(15_000);
    return page;
  };
  const section = (page: Page, name: string) => page.getByRole('navigation', { name: 'Conversations' }).getByRole('list', { name });
  const WAITING = 'Active chats waiting for an answer';
  const MINE = 'Chats assigned to me';
  const ALL = 'All conversations';

  it('agent A takes the chat with `a` and finds it under Mine once answered; agent B sees it is A\'s, live', { timeout: 90_000 }, async () => {
    const grace = await server.createAgent('Grace');
    const tolu = await server.createAgent('Tolu');
    const [phone, inboxA, inboxB] = await Promise.all([newPage(900), newPage(), newPage()]);
    const errors = [phone, inboxA, inboxB].map(collectPageErrors);
    await signIn(inboxA, server.url, grace);
    await signIn(inboxB, server.url, tolu);

    // John asks for support on the simulator page.
    await registerAndAskForSupport(phone, server.url);
    await say(phone, 'My homework upload fails');
    await phoneShows(phone, '✓ Your message has been sent to support.');

    // Both agents see him waiting, unassigned.
    for (const inbox of [inboxA, inboxB]) await section(inbox, WAITING).getByRole('button', { name: /John/ }).getByRole('img', { name: 'Unanswered' }).waitFor();
    expect(await inboxA.getByRole('navigation', { name: 'Conversations' }).getByText('a assign to me').count()).toBe(1);

    // B opens the chat too, and watches it.
    await section(inboxB, WAITING).getByRole('button', { name: /John/ }).click();
    await inboxB.getByText('unassigned ·').waitFor();
    await inboxB.getByRole('button', { name: 'Assign to me' }).waitFor();

    // A opens it and takes it from the keyboard: Esc leaves the reply box, `a` assigns.
    await section(inboxA, WAITING).getByRole('button', { name: /John/ }).click();
    const conversationA = inboxA.getByRole('log', { name: /Messages with John/ });
    await conversationA.getByText('My homework upload fails').waitFor();
    await inboxA.getByLabel('Reply to John').press('Escape');
    await inboxA.keyboard.press('a');
    await conversationA.getByText('Grace took the chat').waitFor();
    await inboxA.getByText('assigned to you ·').waitFor();
    await inboxA.getByRole('button', { name: 'Unassign' }).waitFor();
    expect(await inboxA.getByRole('button', { name: 'Assign to me' }).count()).toBe(0);
    // Still waiting for an answer, now for A: it stays under Waiting. Focus stays out of the reply box (only r goes there).
    await section(inboxA, WAITING).getByRole('button', { name: /John/ }).waitFor();
    expect(await inboxA.evaluate(() => document.activeElement?.id)).not.toBe('reply-text');

    // B sees it live, without a reload: A's name on the row (moved to All) and in the open conversation.
    const rowB = section(inboxB, ALL).getByRole('button', { name: /John/ });
    await rowB.getByText('assigned to Grace').waitFor();
    await rowB.getByRole('img', { name: 'Unanswered' }).waitFor();
    expect(await section(inboxB, WAITING).getByRole('button', { name: /John/ }).count()).toBe(0);
    await inboxB.getByText('assigned to Grace ·').waitFor();
    await inboxB.getByRole('log', { name: /Messages with John/ }).getByText('Grace took the chat').waitFor();
    // An agent cannot take a colleague's chat: the button is gone.
    await inboxB.getByRole('button', { name: 'Assign to me' }).waitFor({ state: 'detached' });

    // A answers: the chat leaves Waiting for Mine.
    await inboxA.keyboard.press('r');
    await inboxA.keyboard.type('Which file format is it?');
    await inboxA.keyboard.press('Enter');
    await phoneShows(phone, '🎧 Support Team: Which file format is it?');
    await section(inboxA, MINE).getByRole('button', { name: /John/ }).getByText('answered').waitFor();
    await section(inboxA, WAITING).getByRole('button', { name: /John/ }).waitFor({ state: 'detached' });
    await rowB.getByText('answered').waitFor();
    await rowB.getByText('assigned to Grace').waitFor();
    await saveScreenshot(inboxA, 'assign-mine');
    await saveScreenshot(inboxB, 'assign-colleague');

    // A gives it back: B can take it now, live.
    await inboxA.getByRole('button', { name: 'Unassign' }).click();
    await conversationA.getByText('Grace unassigned the chat').waitFor();
    await section(inboxA, MINE).getByRole('button', { name: /John/ }).waitFor({ state: 'detached' });
    await inboxB.getByText('unassigned ·').waitFor();
    await inboxB.getByRole('button', { name: 'Assign to me' }).click();
    await inboxB.getByText('assigned to you ·').waitFor();
    await section(inboxB, MINE).getByRole('button', { name: /John/ }).waitFor();
    await section(inboxA, ALL).getByRole('button', { name: /John/ }).getByText('assigned to Tolu').waitFor();
    expect(errors.flat()).toEqual([]);
  });

  it('shows the bootstrap token, which is no agent, neither Mine nor the assign buttons', { timeout: 60_000 }, async () => {
    await server.userSays('2348023456789', 'Ada', 'chat support');
    const page = await newPage();
    // The API token rides on every request (EventSource included) instead of a session cookie.
    await page.setExtraHTTPHeaders({ authorization: `Bearer ${TEST_SECRETS.adminToken}` });
    await page.goto(`${server.url}/admin`);
    await section(page, WAITING).getByRole('button', { name: /Ada/ }).click();
    await page.getByRole('log', { name: /Messages with Ada/ }).getByText('Ada asked for support').waitFor();
    await page.getByText('unassigned ·').waitFor();
    expect(await section(page, MINE).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Conversations' }).getByText('a assign to me').count()).toBe(0);
    await page.keyboard.press('a');
    await page.getByRole('button', { name: 'End chat', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: /Assign to me|Unassign/ }).count()).toBe(0);
    expect(await page.getByRole('log', { name: /Messages with Ada/ }).getByText(/took the chat/).count()).toBe(0);
  });
});
