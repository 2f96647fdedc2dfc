import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_SECRETS } from '../helpers/app.js';
import { collectPageErrors, saveScreenshot, signIn, useBrowser, useBrowserApp } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';

const admin = (url: string, method: string, path: string, body?: unknown) =>
  fetch(`${url}/api/admin${path}`, {
    method, headers: { authorization: `Bearer ${TEST_SECRETS.adminToken}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });

const STUDENTS = [
  ['2348071000001', 'Amaka', 'I cannot see my exam timetable on the portal'],
  ['2348071000002', 'Bayo', 'My fees receipt says I still owe 20,000'],
  ['2348071000003', 'Chidi', 'How do I reset my portal password?'],
  ['2348071000004', 'Dami', 'When does the library open on Saturday?'],
] as const;

/**
 * A shift as two people run it in two browsers: Grace (admin) turns on automatic assignment, four students
 * write and are shared out in turn, Tolu answers and labels, Grace leaves him a note. Also the README's
 * pictures of the team inbox and of Settings → Assignment.
 */
describe.skipIf(missing('chromium'))('a shift in two browsers', () => {
  const browser = useBrowser();
  const server = useBrowserApp({ assignmentCheckMs: 100 });

  const newPage = async (login: { email: string; password: string }) => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    page.setDefaultTimeout(20_000);
    await signIn(page, server.url, login);
    return page;
  };
  const nav = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });
  const waitingMine = (page: Page) => page.getByRole('list', { name: 'Active chats waiting for an answer' }).getByRole('button').filter({ hasText: 'yours' });

  it('Grace turns on round-robin, the students are shared out, Tolu answers and labels, Grace notes @Tolu', { timeout: 120_000 }, async () => {
    const graceLogin = { name: 'Grace', email: `grace-${Date.now()}@wadesk.test`, password: 'correct horse battery staple' };
    expect((await admin(server.url, 'POST', '/agents', { ...graceLogin, role: 'admin' })).status).toBe(201);
    const toluLogin = await server.createAgent('Tolu');
    for (const [name, color] of [['exams', '#d9480f'], ['fees', '#1c7ed6'], ['urgent', '#c92a2a']]) {
      expect((await admin(server.url, 'POST', '/labels', { name, color })).status).toBeLessThan(300);
    }
    const grace = await newPage(graceLogin);
    const tolu = await newPage(toluLogin);
    const errors = [grace, tolu].map(collectPageErrors);

    // Settings → Assignment: round-robin on, three chats each at most.
    await grace.getByRole('link', { name: 'Settings' }).click();
    await grace.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Assignment' }).click();
    await grace.getByLabel(/Assign new waiting chats automatically/).check();
    await grace.getByLabel('Most active chats per agent').fill('3');
    await grace.getByRole('button', { name: 'Save' }).click();
    await grace.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await saveScreenshot(grace, 'settings-assignment', { docs: true });
    await grace.getByRole('link', { name: '← Back to the inbox' }).click();
    await nav(grace).waitFor();

    for (const [number, name, problem] of STUDENTS) {
      await server.userSays(number, name, 'chat support');
      await server.userSays(number, name, problem);
    }
    // Two each, in turn; each sees their own as "yours" under Waiting and the other's as "assigned to …".
    await expect.poll(() => waitingMine(grace).count(), { timeout: 15_000 }).toBe(2);
    await expect.poll(() => waitingMine(tolu).count(), { timeout: 15_000 }).toBe(2);
    const toluHas = (await waitingMine(tolu).allTextContents()).map((text) => STUDENTS.find(([, name]) => text.includes(name))![1]);
    const graceHas = STUDENTS.map(([, name]) => name).filter((name) => !toluHas.includes(name));
    await nav(grace).getByRole('button', { name: new RegExp(toluHas[0]!) }).getByText('assigned to Tolu').waitFor();

    // Tolu answers his first student and labels the chat; he snoozes his second one.
    await nav(tolu).getByRole('button', { name: new RegExp(toluHas[0]!) }).click();
    await tolu.keyboard.press('r');
    await tolu.keyboard.type('Hi, Tolu here: let me check that for you.');
    await tolu.keyboard.press('Enter');
    await tolu.getByRole('button', { name: 'Labels ▾' }).click();
    await tolu.getByRole('checkbox', { name: 'fees' }).check();
    await tolu.keyboard.press('Escape');
    await nav(tolu).getByRole('button', { name: new RegExp(toluHas[1]!) }).click();
    await tolu.getByRole('button', { name: 'Snooze ▾' }).click();
    await tolu.getByRole('menuitem', { name: 'Until tomorrow 8:00' }).click();
    await tolu.getByTestId('conversation-status').filter({ hasText: /^Snoozed until / }).waitFor();
    await nav(tolu).getByRole('button', { name: new RegExp(toluHas[0]!) }).click();

    // Grace labels one of hers, then opens the other and writes Tolu a note with the @ picker.
    expect((await admin(server.url, 'PUT', `/conversations/${STUDENTS.find(([, n]) => n === graceHas[0])![0]}/labels`, { labels: ['exams', 'urgent'] })).status).toBe(200);
    await nav(grace).getByRole('button', { name: new RegExp(graceHas[0]!) }).getByText('urgent').waitFor();
    await nav(grace).getByRole('button', { name: new RegExp(toluHas[0]!) }).getByText('fees').waitFor();
    await nav(grace).getByRole('button', { name: new RegExp(toluHas[0]!) }).click();
    await grace.getByRole('status').filter({ hasText: 'Tolu is viewing' }).waitFor();
    await grace.getByRole('tab', { name: 'Note' }).click();
    const note = grace.getByLabel(/^Note about/);
    await note.pressSequentially('Receipt 44-1021 is in the bursary list: ');
    await note.pressSequentially('@To');
    await grace.getByRole('listbox', { name: 'Mention a colleague' }).getByRole('option', { name: /Tolu/ }).waitFor();
    await saveScreenshot(grace, 'inbox-team', { docs: true });
    await grace.keyboard.press('Enter');
    await grace.keyboard.type('can you tell the student?');
    await grace.keyboard.press('Enter');
    await tolu.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();
    await tolu.getByRole('log').getByText('Receipt 44-1021 is in the bursary list: @tolu can you tell the student?').waitFor();

    // The views with their counts: what is open now.
    await grace.getByLabel('Status', { exact: true }).selectOption('open');
    await grace.getByRole('list', { name: 'Conversations in this view' }).getByRole('button').nth(2).waitFor();
    await expect.poll(() => grace.getByLabel('Status', { exact: true }).locator('option:checked').textContent()).toBe('Open (3)');
    // A filtered view still says whose each chat is.
    const inView = grace.getByRole('list', { name: 'Conversations in this view' });
    await inView.getByRole('button', { name: new RegExp(toluHas[0]!) }).getByText('assigned to Tolu').waitFor();
    await inView.getByRole('button', { name: new RegExp(graceHas[0]!) }).getByText('yours', { exact: true }).waitFor();
    await saveScreenshot(grace, 'inbox-views', { docs: true });
    expect(errors.flat()).toEqual([]);
  });
});
