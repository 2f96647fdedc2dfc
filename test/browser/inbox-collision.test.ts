import type { Browser, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { collectPageErrors, saveScreenshot, useBrowser } from '../helpers/browser.js';
import { missing } from '../helpers/requirements.js';
import { png } from '../helpers/images.js';
import { openChat, posted, signInAs, startInboxApp, userSends } from '../helpers/inbox.js';

const ADA = { from: '2348032100081', name: 'Ada' };
const CHIDI = { from: '2348032100082', name: 'Chidi' };
const DAY_AND_AN_HOUR_MS = 25 * 60 * 60 * 1000;

/** Grace takes the chat; Tolu opens it. */
async function graceHolds(t: TestApp, browser: Browser, user: typeof ADA): Promise<Page> {
  const grace = await signInAs(t, browser, 'Grace');
  const tolu = await signInAs(t, browser, 'Tolu');
  await openChat(grace, user.name);
  await grace.getByRole('button', { name: 'Assign to me' }).click();
  await grace.getByRole('main').getByText('assigned to you ·').waitFor();
  await openChat(tolu, user.name);
  await tolu.getByRole('main').getByText('assigned to Grace ·').waitFor();
  return tolu;
}

/** A file or a template into a chat a colleague holds asks first, as a text reply does (inbox-presence.test.ts). */
describe.skipIf(missing('chromium'))('the collision warning for files and templates', () => {
  const browser = useBrowser();
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it("asks Tolu before a file goes into Grace's chat: Esc goes back to the caption, Send anyway sends it", { timeout: 90_000 }, async () => {
    t = await startInboxApp();
    await userSends(t, ADA, { text: 'chat support' });
    await userSends(t, ADA, { text: 'Which form do I print?' });
    const tolu = await graceHolds(t, browser, ADA);
    const errors = collectPageErrors(tolu);
    const uploads = posted(tolu, '/media');

    await tolu.getByLabel('File to attach').setInputFiles({ name: 'form.png', mimeType: 'image/png', buffer: png(120, 90, [31, 95, 191]) });
    const preview = tolu.getByRole('form', { name: 'File to send' });
    await tolu.getByLabel('Caption (optional)').fill('This one');
    await tolu.keyboard.press('Enter');
    const ask = preview.getByRole('group', { name: 'Assigned to Grace — send anyway?' });
    await ask.waitFor();
    await tolu.waitForFunction(() => document.activeElement?.textContent === 'Send anyway');
    await saveScreenshot(tolu, 'inbox-collision-file');
    expect(uploads).toEqual([]);

    // Esc: no, back to the caption (the file and caption stay); the next try asks again.
    await tolu.keyboard.press('Escape');
    await ask.waitFor({ state: 'detached' });
    expect(await tolu.evaluate(() => document.activeElement?.id)).toBe('attachment-caption');
    await preview.getByText('form.png').waitFor();
    await preview.getByRole('button', { name: 'Send file' }).click();
    await ask.waitFor();
    expect(uploads).toEqual([]);

    await tolu.keyboard.press('Enter');
    await preview.waitFor({ state: 'detached' });
    expect(uploads).toHaveLength(1);
    await t.settle();
    expect((t.fake.simulator.accepted(ADA.from) as Array<Record<string, any>>).filter((body) => body.type === 'image')).toMatchObject([{ image: { caption: 'This one' } }]);
    expect(errors).toEqual([]);
  });

  it("asks Tolu before a template goes into Grace's chat after the 24-hour window", { timeout: 90_000 }, async () => {
    // The user wrote 25 hours ago by the server's clock; the browser keeps the real time.
    t = await startInboxApp({ now: () => new Date(Date.now() - DAY_AND_AN_HOUR_MS) });
    await userSends(t, CHIDI, { text: 'chat support' });
    const tolu = await graceHolds(t, browser, CHIDI);
    const errors = collectPageErrors(tolu);
    const sends = posted(tolu, '/template');

    await tolu.getByText('The 24-hour window is closed', { exact: false }).waitFor();
    const form = tolu.getByRole('form', { name: 'Send a template' });
    await tolu.getByRole('option', { name: /hello_world \(en_US\)/ }).waitFor({ state: 'attached' });
    await tolu.getByLabel('Template', { exact: true }).selectOption({ label: 'hello_world (en_US) · utility' });
    await form.getByRole('button', { name: 'Send template' }).click();
    const ask = form.getByRole('group', { name: 'Assigned to Grace — send anyway?' });
    await ask.waitFor();
    await tolu.waitForFunction(() => document.activeElement?.textContent === 'Send anyway');
    await saveScreenshot(tolu, 'inbox-collision-template');
    expect(sends).toEqual([]);

    await ask.getByRole('button', { name: 'Send anyway' }).click();
    await form.getByText('Template hello_world sent.').waitFor();
    expect(sends).toMatchObject([{ name: 'hello_world' }]);
    expect(await tolu.evaluate(() => document.activeElement?.id)).toBe('template-choice');
    expect(errors).toEqual([]);
  });
});
