import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { collectPageErrors, saveScreenshot, useBrowser } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { openChat, signInAgent, startInboxApp, userSends } from '../helpers/inbox.js';

const ADA = { from: '2348032100051', name: 'Ada' };

/** Canned replies: made in Settings, picked with `/` in the reply box by keyboard only, variables filled in. */
describe.skipIf(missing('chromium'))('canned replies', () => {
  const browser = useBrowser();
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('an agent saves /thanks, then types /tha in the reply box and Enter inserts it with {name}, {agent} and {phone} filled', { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    await userSends(t, ADA, { text: 'Thanks, it works now' });
    const page = await signInAgent(t, browser);
    const errors = collectPageErrors(page);
    const sends: unknown[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/chat-support/send')) sends.push(request.postDataJSON());
    });

    await page.goto(`${t.url}/admin/settings/canned`);
    await page.getByLabel('Shortcut').fill('thanks');
    await page.getByLabel('Title').fill('Thank you');
    await page.getByLabel('Text').fill('Hi {name}, this is {agent}. We will call {phone} if needed.');
    await page.getByRole('button', { name: 'Add canned reply' }).click();
    await page.getByRole('row', { name: /\/thanks/ }).waitFor();
    await saveScreenshot(page, 'settings-canned');
    await page.getByRole('link', { name: '← Back to the inbox' }).click();

    await openChat(page, 'Ada');
    await page.keyboard.press('r');
    const box = page.getByLabel('Reply to Ada');
    const picker = page.getByRole('listbox', { name: 'Canned replies' });
    await page.keyboard.type('/zz');
    await picker.getByText('Nothing matches').waitFor();
    await page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reply-text');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('tha');
    await picker.getByRole('option', { name: /\/thanks/, selected: true }).waitFor();
    await saveScreenshot(page, 'inbox-canned-picker');
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    const filled = `Hi Ada, this is Grace. We will call +${ADA.from} if needed.`;
    expect(await box.inputValue()).toBe(filled);
    expect(sends).toEqual([]);

    await page.keyboard.press('Enter');
    await page.getByRole('log', { name: 'Messages with Ada' }).getByText(filled).waitFor();
    expect(sends).toEqual([{ message: filled }]);
    expect(errors).toEqual([]);
  });
});
