import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { collectPageErrors, saveScreenshot, useBrowser } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { openChat, posted, signInAgent, startInboxApp, userSends } from '../helpers/inbox.js';

const ADA = { from: '2348032100021', name: 'Ada' };

/** Private notes: written in the reply box's Note mode, shown apart in the transcript, never sent to WhatsApp. */
describe.skipIf(missing('chromium'))('private notes in the inbox', () => {
  const browser = useBrowser();
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('a note written from the Note tab shows as a note and never reaches the Graph API', { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    await userSends(t, ADA, { text: 'My upload keeps failing' });
    const page = await signInAgent(t, browser);
    const errors = collectPageErrors(page);
    const notes: unknown[] = [];
    const sends: unknown[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (request.method() === 'POST' && path.endsWith('/notes')) notes.push(request.postDataJSON());
      if (request.method() === 'POST' && path.endsWith('/chat-support/send')) sends.push(request.postDataJSON());
    });
    await openChat(page, 'Ada');

    // r, then the tabs by keyboard: Tab reaches the Reply tab under the box, → selects Note; the box turns yellow.
    await page.keyboard.press('r');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Reply');
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tab', { name: 'Note', selected: true }).waitFor();
    const box = page.getByLabel('Note about Ada (only agents see it)');
    await box.focus();
    await page.keyboard.type('Checked the upload logs: the file is 40 MB');
    await page.keyboard.press('Enter');

    const log = page.getByRole('log', { name: 'Messages with Ada' });
    const note = log.getByRole('listitem').filter({ hasText: 'Checked the upload logs: the file is 40 MB' });
    await note.waitFor();
    await note.getByText('Only agents see this').waitFor();
    await note.getByText('You · note').waitFor();
    expect(await box.inputValue()).toBe('');
    await saveScreenshot(page, 'inbox-note');

    // Back to Reply (the palette has "Write a note" too): a reply still goes to WhatsApp, the note never did.
    await page.getByRole('tab', { name: 'Reply' }).click();
    await page.getByLabel('Reply to Ada').fill('Could you send a smaller file?');
    await page.keyboard.press('Enter');
    await log.getByText('Could you send a smaller file?').waitFor();
    await t.settle();
    const accepted = JSON.stringify(t.fake.simulator.accepted(ADA.from));
    expect(accepted).toContain('Could you send a smaller file?');
    expect(accepted).not.toContain('Checked the upload logs');
    expect(notes).toEqual([{ text: 'Checked the upload logs: the file is 40 MB' }]);
    expect(sends).toEqual([{ message: 'Could you send a smaller file?' }]);

    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('write a note');
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Note', selected: true }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reply-text');
    expect(errors).toEqual([]);
  });

  it('after a note, r (and the palette\'s Reply) is a reply again: what is typed goes to the customer, the note draft stays', { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    await userSends(t, ADA, { text: 'My upload keeps failing' });
    const page = await signInAgent(t, browser);
    const errors = collectPageErrors(page);
    const sends = posted(page, '/chat-support/send');
    const notes = posted(page, '/notes');
    await openChat(page, 'Ada');

    await page.getByRole('tab', { name: 'Note' }).click();
    await page.getByLabel('Note about Ada (only agents see it)').fill('Checked her account: fine.');
    await page.keyboard.press('Enter');
    await page.getByRole('log', { name: 'Messages with Ada' }).getByText('Checked her account: fine.').waitFor();
    await page.getByLabel('Note about Ada (only agents see it)').fill('half a note');

    // Esc, then r: the Reply tab, not the note box the chat was left in.
    await page.keyboard.press('Escape');
    await page.keyboard.press('r');
    await page.getByRole('tab', { name: 'Reply', selected: true }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('id'))).toBe('reply-text');
    await page.keyboard.type('Your account is fine now');
    await page.keyboard.press('Enter');
    await page.getByRole('log', { name: 'Messages with Ada' }).getByText('Your account is fine now').waitFor();
    expect(sends).toEqual([{ message: 'Your account is fine now' }]);
    expect(notes).toEqual([{ text: 'Checked her account: fine.' }]);

    // The palette's "Reply to Ada" from the Note tab too; the note's draft is still there.
    await page.getByRole('tab', { name: 'Note' }).click();
    expect(await page.getByLabel('Note about Ada (only agents see it)').inputValue()).toBe('half a note');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('Reply to Ada');
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'Reply', selected: true }).waitFor();
    expect(errors).toEqual([]);
  });
});
