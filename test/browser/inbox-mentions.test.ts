import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { collectPageErrors, saveScreenshot, useBrowser } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { openChat, signInAs, startInboxApp, userSends } from '../helpers/inbox.js';

const ADA = { from: '2348032100031', name: 'Ada' };
const BOLA = { from: '2348032100032', name: 'Bola' };

/** @mentions in notes reach the colleague's bell live, and open the conversation from there. */
describe.skipIf(missing('chromium'))('mention notifications', () => {
  const browser = useBrowser();
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  /** Ada asks for support; admin Grace, with a colleague of this name, has the Note box of Ada's chat in focus. */
  async function graceWritesANote(colleague: string) {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    await userSends(t, ADA, { text: 'My upload keeps failing' });
    const created = await t.admin('POST', '/api/admin/agents', { name: colleague, email: `tolu-${Date.now()}@wadesk.test`, password: 'correct horse battery staple', role: 'agent' });
    expect(created.status).toBeLessThan(300);
    const grace = await signInAs(t, browser, 'Grace', 'admin');
    const errors = collectPageErrors(grace);
    await openChat(grace, 'Ada');
    await grace.getByRole('tab', { name: 'Note' }).click();
    const box = grace.getByLabel('Note about Ada (only agents see it)');
    await box.focus();
    return { grace, errors, box };
  }

  it("Grace's note mentioning @Tolu lights Tolu's bell live; the list opens the chat; opening it reads it; mark all read clears it", { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    await userSends(t, ADA, { text: 'My upload keeps failing' });
    await userSends(t, BOLA, { text: 'chat support' });
    const grace = await signInAs(t, browser, 'Grace');
    const tolu = await signInAs(t, browser, 'Tolu');
    const errors = [grace, tolu].map(collectPageErrors);
    await tolu.getByRole('button', { name: 'Notifications', exact: true }).waitFor();

    await openChat(grace, 'Ada');
    await grace.getByRole('tab', { name: 'Note' }).click();
    // Grace is no admin: the picker still offers her colleagues (GET /team), and Enter puts Tolu's handle in.
    const noteBox = grace.getByLabel('Note about Ada (only agents see it)');
    await noteBox.pressSequentially('@To');
    await grace.getByRole('listbox', { name: 'Mention a colleague' }).getByRole('option', { name: /Tolu/ }).waitFor();
    await grace.keyboard.press('Enter');
    expect(await noteBox.inputValue()).toBe('@tolu ');
    await noteBox.fill('@Tolu can you check her account?');
    await grace.keyboard.press('Enter');
    await grace.getByRole('log', { name: 'Messages with Ada' }).getByText('@Tolu can you check her account?').waitFor();

    // Tolu's bell counts it without a reload.
    const bell = tolu.getByRole('button', { name: 'Notifications, 1 unread' });
    await bell.waitFor();
    await bell.click();
    const list = tolu.getByRole('region', { name: 'Notifications' });
    const item = list.getByRole('button', { name: /Grace mentioned you · Ada/ });
    await item.getByText('@Tolu can you check her account?').waitFor();
    await saveScreenshot(tolu, 'inbox-mention-bell');
    await item.click();
    await tolu.getByRole('heading', { name: 'Ada' }).waitFor();
    await tolu.getByRole('log', { name: 'Messages with Ada' }).getByText('@Tolu can you check her account?').waitFor();
    await tolu.getByRole('button', { name: 'Notifications', exact: true }).waitFor();

    // A mention in Bola's chat, opened from the list rather than the bell: seeing the chat reads it.
    await tolu.keyboard.press('Escape');
    await tolu.keyboard.press('Escape');
    await openChat(grace, 'Bola');
    await grace.getByRole('tab', { name: 'Note' }).click();
    await grace.getByLabel('Note about Bola (only agents see it)').fill('@Tolu she is a new student');
    await grace.keyboard.press('Enter');
    await tolu.getByRole('button', { name: 'Notifications, 1 unread' }).waitFor();
    await openChat(tolu, 'Bola');
    await tolu.getByRole('log', { name: 'Messages with Bola' }).getByText('@Tolu she is a new student').waitFor();
    await tolu.getByRole('button', { name: 'Notifications', exact: true }).waitFor();

    // A mention in a chat Tolu is not looking at, then "Mark all read".
    await openChat(grace, 'Ada');
    await grace.getByRole('tab', { name: 'Note' }).click();
    await grace.getByLabel('Note about Ada (only agents see it)').fill('Thanks @Tolu, all sorted.');
    await grace.keyboard.press('Enter');
    await tolu.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    await list.getByRole('button', { name: 'Mark all read' }).click();
    await tolu.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    expect(errors.flat()).toEqual([]);
  });

  it('an admin picks a colleague after @ by keyboard: their handle from the team list goes in', { timeout: 90_000 }, async () => {
    const { grace, errors, box } = await graceWritesANote('Tolu Bello');
    await grace.keyboard.type('Over to @tol');
    const picker = grace.getByRole('listbox', { name: 'Mention a colleague' });
    await picker.getByRole('option', { name: /Tolu Bello/, selected: true }).waitFor();
    await saveScreenshot(grace, 'inbox-mention-picker');
    await grace.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    expect(await box.inputValue()).toBe('Over to @tolu ');
    await grace.keyboard.type('please');
    await grace.keyboard.press('Enter');
    await grace.getByRole('log', { name: 'Messages with Ada' }).getByText('Over to @tolu please').waitFor();
    expect(errors).toEqual([]);
  });

  it('what is typed right after picking a colleague follows the handle, letter by letter (no caret jump)', { timeout: 90_000 }, async () => {
    const { grace, errors, box } = await graceWritesANote('Tolu');
    await grace.keyboard.type('@To');
    await grace.getByRole('listbox', { name: 'Mention a colleague' }).getByRole('option', { name: /Tolu/ }).waitFor();
    // A fast typist: Enter and the next words with no pause between the keys (sent without waiting for each other).
    await Promise.all([grace.keyboard.press('Enter'), grace.keyboard.type('can you check the receipt?')]);
    expect(await box.inputValue()).toBe('@tolu can you check the receipt?');
    expect(errors).toEqual([]);
  });
});
